"""Code blocks byte for byte as GitHub Pages writes them with Rouge.

Every expected string is the real output of Jekyll 4.3.1 with kramdown 2.4.0, kramdown-parser-gfm 1.1.0 and
rouge 3.30.0 (the version GitHub Pages pins): `jekyll build` of the same Markdown, input GFM, hard_wrap false.
"""
from __future__ import annotations

import pytest

from sitegen.highlight import rouge_knows
from sitegen.markdown import render_markdown
from sitegen.pipeline import build
from tests.fixtures.sites import write_site


@pytest.mark.parametrize(("source", "jekyll"), [
    # a language Rouge does not know: kramdown's bare <pre><code>, no highlighter-rouge wrapper
    ("```foobar\na < b\n```\n", '<pre><code class="language-foobar">a &lt; b\n</code></pre>\n'),
    # one Pygments knows and Rouge does not
    ("```python3\nx = 1\n```\n", '<pre><code class="language-python3">x = 1\n</code></pre>\n'),
    # Rouge's lookup is case-sensitive
    ("```Python\ny\n```\n", '<pre><code class="language-Python">y\n</code></pre>\n'),
    ("```txt\nc\n```\n", '<pre><code class="language-txt">c\n</code></pre>\n'),
    # an attribute list goes on the <pre>
    ("```foobar\nx\n```\n{: .cls #ident}\n", '<pre class="cls" id="ident"><code class="language-foobar">x\n</code></pre>\n'),
    # blank lines kept, one final newline
    ("```foobar\n\nlead blank\n\n```\n", '<pre><code class="language-foobar">\nlead blank\n\n</code></pre>\n'),
    ("> ```foobar\n> q\n> ```\n", '<blockquote>\n  <pre><code class="language-foobar">q\n</code></pre>\n</blockquote>\n'),
    ("* item\n\n  ```foobar\n  in list\n  ```\n",
     '<ul>\n  <li>\n    <p>item</p>\n\n    <pre><code class="language-foobar">in list\n</code></pre>\n  </li>\n</ul>\n'),
    # names Rouge knows keep its wrapper
    ("```text\na\n```\n",
     '<div class="language-text highlighter-rouge"><div class="highlight"><pre class="highlight"><code>a\n'
     '</code></pre></div></div>\n'),
    ("```plaintext\nb\n```\n",
     '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>b\n'
     '</code></pre></div></div>\n'),
])
def test_fence_language_as_kramdown_writes_it(source, jekyll):
    assert render_markdown(source, path="post.md") == jekyll


def test_rouge_names_are_read_from_the_data_file():
    assert rouge_knows("console") and rouge_knows("shell_session") and rouge_knows("Dockerfile")
    assert not rouge_knows("python3") and not rouge_knows("dockerFile")


def test_highlight_tag_writes_unknown_languages_as_plain_text(tmp_path):
    src = write_site(tmp_path / "src", {
        "_config.yml": "title: T\n",
        "code.md": (
            "---\nlayout: null\n---\n{% highlight foobar linenos %}\na < b\nc\n{% endhighlight %}\n\n"
            '{% highlight nosuch %}\n"q" & r\n{% endhighlight %}\n\n{% highlight python3 %}\nx = 1\n{% endhighlight %}\n'
        ),
    })
    build(src, tmp_path / "out", quiet=True)
    assert (tmp_path / "out" / "code.html").read_text() == (
        '\n<figure class="highlight"><pre><code class="language-foobar" data-lang="foobar"><table class="rouge-table">'
        '<tbody><tr><td class="gutter gl"><pre class="lineno">1\n2\n</pre></td><td class="code"><pre>a &lt; b\nc\n'
        '</pre></td></tr></tbody></table></code></pre></figure>\n\n'
        '<figure class="highlight"><pre><code class="language-nosuch" data-lang="nosuch">"q" &amp; r</code></pre>'
        '</figure>\n\n'
        '<figure class="highlight"><pre><code class="language-python3" data-lang="python3">x = 1</code></pre>'
        '</figure>\n\n'
    )


# Blocks in the languages ML blogs use most that Pygments' tokens, in Rouge's names (sitegen.rouge_tokens), now
# write byte for byte as Rouge does: whitespace bare, spans across lines, Rouge's classes and token pieces.
@pytest.mark.parametrize(("lang", "code", "jekyll"), [
    ('python',
     'class UNet(nn.Module):\n'
     '    def __init__(self, channels=(64, 128), *, dropout: float = 0.1):\n'
     '        super().__init__()\n'
     '        self.blocks = nn.ModuleList([ResBlock(c) for c in channels])\n'
     '\n'
     '    def forward(self, x, t):\n'
     '        # x: [B, C, T, H, W]\n'
     '        for block in self.blocks:\n'
     '            x = block(x, t)\n'
     '        return x\n',
     '<div class="language-python highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="k">class</span>'
     ' <span class="nc">UNet</span><span class="p">(</span><span class="n">nn</span>'
     '<span class="p">.</span><span class="n">Module</span><span class="p">):</span>\n'
     '    <span class="k">def</span> <span class="nf">__init__</span><span class="p">(</span>'
     '<span class="bp">self</span><span class="p">,</span> <span class="n">channels</span>'
     '<span class="o">=</span><span class="p">(</span><span class="mi">64</span><span class="p">,</span>'
     ' <span class="mi">128</span><span class="p">),</span> <span class="o">*</span>'
     '<span class="p">,</span> <span class="n">dropout</span><span class="p">:</span>'
     ' <span class="nb">float</span> <span class="o">=</span> <span class="mf">0.1</span>'
     '<span class="p">):</span>\n'
     '        <span class="nb">super</span><span class="p">().</span><span class="n">__init__</span>'
     '<span class="p">()</span>\n'
     '        <span class="bp">self</span><span class="p">.</span><span class="n">blocks</span>'
     ' <span class="o">=</span> <span class="n">nn</span><span class="p">.</span>'
     '<span class="n">ModuleList</span><span class="p">([</span><span class="n">ResBlock</span>'
     '<span class="p">(</span><span class="n">c</span><span class="p">)</span>'
     ' <span class="k">for</span> <span class="n">c</span> <span class="ow">in</span>'
     ' <span class="n">channels</span><span class="p">])</span>\n'
     '\n'
     '    <span class="k">def</span> <span class="nf">forward</span><span class="p">(</span>'
     '<span class="bp">self</span><span class="p">,</span> <span class="n">x</span>'
     '<span class="p">,</span> <span class="n">t</span><span class="p">):</span>\n'
     '        <span class="c1"># x: [B, C, T, H, W]\n'
     '</span>        <span class="k">for</span> <span class="n">block</span> <span class="ow">in</span>'
     ' <span class="bp">self</span><span class="p">.</span><span class="n">blocks</span>'
     '<span class="p">:</span>\n'
     '            <span class="n">x</span> <span class="o">=</span> <span class="n">block</span>'
     '<span class="p">(</span><span class="n">x</span><span class="p">,</span> <span class="n">t</span>'
     '<span class="p">)</span>\n'
     '        <span class="k">return</span> <span class="n">x</span>\n'
     '</code></pre></div></div>\n'),
    ('py',
     '@torch.no_grad()\n'
     'def sample(model, shape, steps=50):\n'
     '    x = torch.randn(shape)\n'
     '    for i in reversed(range(steps)):\n'
     '        x = model.step(x, i)  # one DDIM step\n'
     '    return x.clamp(-1, 1)\n',
     '<div class="language-py highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="o">@</span>'
     '<span class="n">torch</span><span class="p">.</span><span class="n">no_grad</span>'
     '<span class="p">()</span>\n'
     '<span class="k">def</span> <span class="nf">sample</span><span class="p">(</span>'
     '<span class="n">model</span><span class="p">,</span> <span class="n">shape</span>'
     '<span class="p">,</span> <span class="n">steps</span><span class="o">=</span>'
     '<span class="mi">50</span><span class="p">):</span>\n'
     '    <span class="n">x</span> <span class="o">=</span> <span class="n">torch</span>'
     '<span class="p">.</span><span class="n">randn</span><span class="p">(</span>'
     '<span class="n">shape</span><span class="p">)</span>\n'
     '    <span class="k">for</span> <span class="n">i</span> <span class="ow">in</span>'
     ' <span class="nb">reversed</span><span class="p">(</span><span class="nb">range</span>'
     '<span class="p">(</span><span class="n">steps</span><span class="p">)):</span>\n'
     '        <span class="n">x</span> <span class="o">=</span> <span class="n">model</span>'
     '<span class="p">.</span><span class="n">step</span><span class="p">(</span>'
     '<span class="n">x</span><span class="p">,</span> <span class="n">i</span><span class="p">)</span>'
     '  <span class="c1"># one DDIM step\n'
     '</span>    <span class="k">return</span> <span class="n">x</span><span class="p">.</span>'
     '<span class="n">clamp</span><span class="p">(</span><span class="o">-</span>'
     '<span class="mi">1</span><span class="p">,</span> <span class="mi">1</span>'
     '<span class="p">)</span>\n'
     '</code></pre></div></div>\n'),
    ('python',
     'import numpy as np\n'
     'import matplotlib.pyplot as plt\n'
     '\n'
     'xs = np.linspace(0, 1, 100)\n'
     'plt.plot(xs, np.sin(2 * np.pi * xs), label="sin")\n'
     'plt.legend()\n'
     'plt.savefig("plot.png", dpi=150)\n',
     '<div class="language-python highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="kn">import</span>'
     ' <span class="nn">numpy</span> <span class="k">as</span> <span class="n">np</span>\n'
     '<span class="kn">import</span> <span class="nn">matplotlib.pyplot</span> <span class="k">as</span>'
     ' <span class="n">plt</span>\n'
     '\n'
     '<span class="n">xs</span> <span class="o">=</span> <span class="n">np</span>'
     '<span class="p">.</span><span class="n">linspace</span><span class="p">(</span>'
     '<span class="mi">0</span><span class="p">,</span> <span class="mi">1</span>'
     '<span class="p">,</span> <span class="mi">100</span><span class="p">)</span>\n'
     '<span class="n">plt</span><span class="p">.</span><span class="n">plot</span>'
     '<span class="p">(</span><span class="n">xs</span><span class="p">,</span>'
     ' <span class="n">np</span><span class="p">.</span><span class="n">sin</span>'
     '<span class="p">(</span><span class="mi">2</span> <span class="o">*</span>'
     ' <span class="n">np</span><span class="p">.</span><span class="n">pi</span>'
     ' <span class="o">*</span> <span class="n">xs</span><span class="p">),</span>'
     ' <span class="n">label</span><span class="o">=</span><span class="s">"sin"</span>'
     '<span class="p">)</span>\n'
     '<span class="n">plt</span><span class="p">.</span><span class="n">legend</span>'
     '<span class="p">()</span>\n'
     '<span class="n">plt</span><span class="p">.</span><span class="n">savefig</span>'
     '<span class="p">(</span><span class="s">"plot.png"</span><span class="p">,</span>'
     ' <span class="n">dpi</span><span class="o">=</span><span class="mi">150</span>'
     '<span class="p">)</span>\n'
     '</code></pre></div></div>\n'),
    ('python',
     'from dataclasses import dataclass\n'
     '\n'
     '\n'
     '@dataclass\n'
     'class TrainConfig:\n'
     '    lr: float = 3e-4\n'
     '    batch: int = 64\n'
     '    steps: int = 100_000\n'
     '    warmup: int = 1000\n',
     '<div class="language-python highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="kn">from</span>'
     ' <span class="nn">dataclasses</span> <span class="kn">import</span>'
     ' <span class="n">dataclass</span>\n'
     '\n'
     '\n'
     '<span class="o">@</span><span class="n">dataclass</span>\n'
     '<span class="k">class</span> <span class="nc">TrainConfig</span><span class="p">:</span>\n'
     '    <span class="n">lr</span><span class="p">:</span> <span class="nb">float</span>'
     ' <span class="o">=</span> <span class="mf">3e-4</span>\n'
     '    <span class="n">batch</span><span class="p">:</span> <span class="nb">int</span>'
     ' <span class="o">=</span> <span class="mi">64</span>\n'
     '    <span class="n">steps</span><span class="p">:</span> <span class="nb">int</span>'
     ' <span class="o">=</span> <span class="mi">100_000</span>\n'
     '    <span class="n">warmup</span><span class="p">:</span> <span class="nb">int</span>'
     ' <span class="o">=</span> <span class="mi">1000</span>\n'
     '</code></pre></div></div>\n'),
    ('yaml',
     'model:\n'
     '  channels: [64, 128, 256]\n'
     '  attention_resolutions: [16, 8]\n'
     '  dropout: 0.1\n'
     'diffusion:\n'
     '  schedule: cosine   # Nichol & Dhariwal 2021\n'
     '  steps: 1000\n'
     'train:\n'
     '  lr: 2.0e-4\n'
     '  batch: 32\n'
     '  ema: true\n'
     '  name: "mmnist-base"\n',
     '<div class="language-yaml highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="na">model</span>'
     '<span class="pi">:</span>\n'
     '  <span class="na">channels</span><span class="pi">:</span> <span class="pi">[</span>'
     '<span class="nv">64</span><span class="pi">,</span> <span class="nv">128</span>'
     '<span class="pi">,</span> <span class="nv">256</span><span class="pi">]</span>\n'
     '  <span class="na">attention_resolutions</span><span class="pi">:</span> <span class="pi">[</span>'
     '<span class="nv">16</span><span class="pi">,</span> <span class="nv">8</span>'
     '<span class="pi">]</span>\n'
     '  <span class="na">dropout</span><span class="pi">:</span> <span class="m">0.1</span>\n'
     '<span class="na">diffusion</span><span class="pi">:</span>\n'
     '  <span class="na">schedule</span><span class="pi">:</span> <span class="s">cosine</span>'
     '   <span class="c1"># Nichol &amp; Dhariwal 2021</span>\n'
     '  <span class="na">steps</span><span class="pi">:</span> <span class="m">1000</span>\n'
     '<span class="na">train</span><span class="pi">:</span>\n'
     '  <span class="na">lr</span><span class="pi">:</span> <span class="s">2.0e-4</span>\n'
     '  <span class="na">batch</span><span class="pi">:</span> <span class="m">32</span>\n'
     '  <span class="na">ema</span><span class="pi">:</span> <span class="no">true</span>\n'
     '  <span class="na">name</span><span class="pi">:</span> <span class="s2">"</span>'
     '<span class="s">mmnist-base"</span>\n'
     '</code></pre></div></div>\n'),
    ('json',
     '{\n'
     '  "schema": 1,\n'
     '  "id": "mmnist-20240102-120000",\n'
     '  "metrics": {"predict": {"psnr": 21.5, "ssim": 0.83}},\n'
     '  "artifacts": [],\n'
     '  "dirty": false,\n'
     '  "notes": null\n'
     '}\n',
     '<div class="language-json highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="p">{</span>'
     '<span class="w">\n'
     '  </span><span class="nl">"schema"</span><span class="p">:</span><span class="w"> </span>'
     '<span class="mi">1</span><span class="p">,</span><span class="w">\n'
     '  </span><span class="nl">"id"</span><span class="p">:</span><span class="w"> </span>'
     '<span class="s2">"mmnist-20240102-120000"</span><span class="p">,</span><span class="w">\n'
     '  </span><span class="nl">"metrics"</span><span class="p">:</span><span class="w"> </span>'
     '<span class="p">{</span><span class="nl">"predict"</span><span class="p">:</span>'
     '<span class="w"> </span><span class="p">{</span><span class="nl">"psnr"</span>'
     '<span class="p">:</span><span class="w"> </span><span class="mf">21.5</span>'
     '<span class="p">,</span><span class="w"> </span><span class="nl">"ssim"</span>'
     '<span class="p">:</span><span class="w"> </span><span class="mf">0.83</span>'
     '<span class="p">}},</span><span class="w">\n'
     '  </span><span class="nl">"artifacts"</span><span class="p">:</span><span class="w"> </span>'
     '<span class="p">[],</span><span class="w">\n'
     '  </span><span class="nl">"dirty"</span><span class="p">:</span><span class="w"> </span>'
     '<span class="kc">false</span><span class="p">,</span><span class="w">\n'
     '  </span><span class="nl">"notes"</span><span class="p">:</span><span class="w"> </span>'
     '<span class="kc">null</span><span class="w">\n'
     '</span><span class="p">}</span><span class="w">\n'
     '</span></code></pre></div></div>\n'),
    ('c',
     'int clamp(int x, int lo, int hi) {\n'
     '    return x < lo ? lo : (x > hi ? hi : x);\n'
     '}\n',
     '<div class="language-c highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="kt">int</span>'
     ' <span class="nf">clamp</span><span class="p">(</span><span class="kt">int</span>'
     ' <span class="n">x</span><span class="p">,</span> <span class="kt">int</span>'
     ' <span class="n">lo</span><span class="p">,</span> <span class="kt">int</span>'
     ' <span class="n">hi</span><span class="p">)</span> <span class="p">{</span>\n'
     '    <span class="k">return</span> <span class="n">x</span> <span class="o">&lt;</span>'
     ' <span class="n">lo</span> <span class="o">?</span> <span class="n">lo</span>'
     ' <span class="o">:</span> <span class="p">(</span><span class="n">x</span>'
     ' <span class="o">&gt;</span> <span class="n">hi</span> <span class="o">?</span>'
     ' <span class="n">hi</span> <span class="o">:</span> <span class="n">x</span>'
     '<span class="p">);</span>\n'
     '<span class="p">}</span>\n'
     '</code></pre></div></div>\n'),
    ('javascript',
     'const slider = document.querySelector("#step");\n'
     'slider.addEventListener("input", (event) => {\n'
     '  const step = Number(event.target.value);\n'
     '  frames.forEach((img, i) => {\n'
     '    img.hidden = i !== step;\n'
     '  });\n'
     '});\n',
     '<div class="language-javascript highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="kd">const</span>'
     ' <span class="nx">slider</span> <span class="o">=</span> <span class="nb">document</span>'
     '<span class="p">.</span><span class="nx">querySelector</span><span class="p">(</span>'
     '<span class="dl">"</span><span class="s2">#step</span><span class="dl">"</span>'
     '<span class="p">);</span>\n'
     '<span class="nx">slider</span><span class="p">.</span><span class="nx">addEventListener</span>'
     '<span class="p">(</span><span class="dl">"</span><span class="s2">input</span>'
     '<span class="dl">"</span><span class="p">,</span> <span class="p">(</span>'
     '<span class="nx">event</span><span class="p">)</span> <span class="o">=&gt;</span>'
     ' <span class="p">{</span>\n'
     '  <span class="kd">const</span> <span class="nx">step</span> <span class="o">=</span>'
     ' <span class="nb">Number</span><span class="p">(</span><span class="nx">event</span>'
     '<span class="p">.</span><span class="nx">target</span><span class="p">.</span>'
     '<span class="nx">value</span><span class="p">);</span>\n'
     '  <span class="nx">frames</span><span class="p">.</span><span class="nx">forEach</span>'
     '<span class="p">((</span><span class="nx">img</span><span class="p">,</span>'
     ' <span class="nx">i</span><span class="p">)</span> <span class="o">=&gt;</span>'
     ' <span class="p">{</span>\n'
     '    <span class="nx">img</span><span class="p">.</span><span class="nx">hidden</span>'
     ' <span class="o">=</span> <span class="nx">i</span> <span class="o">!==</span>'
     ' <span class="nx">step</span><span class="p">;</span>\n'
     '  <span class="p">});</span>\n'
     '<span class="p">});</span>\n'
     '</code></pre></div></div>\n'),
    ('html',
     '<figure class="video">\n'
     '  <img src="/assets/samples/000.gif" alt="Predicted frames" width="256">\n'
     '  <figcaption>Samples after 100k steps.</figcaption>\n'
     '</figure>\n',
     '<div class="language-html highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="nt">&lt;figure</span>'
     ' <span class="na">class=</span><span class="s">"video"</span><span class="nt">&gt;</span>\n'
     '  <span class="nt">&lt;img</span> <span class="na">src=</span>'
     '<span class="s">"/assets/samples/000.gif"</span> <span class="na">alt=</span>'
     '<span class="s">"Predicted frames"</span> <span class="na">width=</span>'
     '<span class="s">"256"</span><span class="nt">&gt;</span>\n'
     '  <span class="nt">&lt;figcaption&gt;</span>'
     'Samples after 100k steps.<span class="nt">&lt;/figcaption&gt;</span>\n'
     '<span class="nt">&lt;/figure&gt;</span>\n'
     '</code></pre></div></div>\n'),
    ('diff',
     'diff --git a/train.py b/train.py\n'
     'index 3b18e51..a9c2f4d 100644\n'
     '--- a/train.py\n'
     '+++ b/train.py\n'
     '@@ -10,7 +10,7 @@ def main():\n'
     '     model = UNet()\n'
     '-    opt = torch.optim.Adam(model.parameters(), lr=1e-4)\n'
     '+    opt = torch.optim.AdamW(model.parameters(), lr=2e-4)\n'
     '     train(model, opt)\n',
     '<div class="language-diff highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="gh">diff --git a/train.py b/train.py\n'
     'index 3b18e51..a9c2f4d 100644\n'
     '</span><span class="gd">--- a/train.py\n'
     '</span><span class="gi">+++ b/train.py\n'
     '</span><span class="p">@@ -10,7 +10,7 @@</span> def main():\n'
     '     model = UNet()\n'
     '<span class="gd">-    opt = torch.optim.Adam(model.parameters(), lr=1e-4)\n'
     '</span><span class="gi">+    opt = torch.optim.AdamW(model.parameters(), lr=2e-4)\n'
     '</span>     train(model, opt)\n'
     '</code></pre></div></div>\n'),
    # shell: options Name::Tag, digits and pipes as text, keywords and builtins keep the spaces before a word,
    # `\` before its line end, `$(…)` Str::Interpol, `${…}` Keyword, heredocs
    ('bash',
     '#!/usr/bin/env bash\n'
     'set -euo pipefail\n'
     'for seed in 0 1 2; do\n'
     '  python train.py --config configs/mmnist.yaml --seed "$seed" \\\n'
     '      --out "runs/mmnist-$seed"\n'
     'done\n'
     'echo "done: $(ls runs | wc -l) runs"\n',
     '<div class="language-bash highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="c">#!/usr/bin/env bash</span>\n'
     '<span class="nb">set</span> <span class="nt">-euo</span> pipefail\n'
     '<span class="k">for </span>seed <span class="k">in </span>0 1 2<span class="p">;</span> <span class="k">do\n'
     '  </span>python train.py <span class="nt">--config</span> configs/mmnist.yaml <span class="nt">--seed</span> <span class="s2">"</span><span class="nv">$seed</span><span class="s2">"</span> <span class="se">\\</span>\n'
     '      <span class="nt">--out</span> <span class="s2">"runs/mmnist-</span><span class="nv">$seed</span><span class="s2">"</span>\n'
     '<span class="k">done\n'
     '</span><span class="nb">echo</span> <span class="s2">"done: </span><span class="si">$(</span><span class="nb">ls </span>runs | <span class="nb">wc</span> <span class="nt">-l</span><span class="si">)</span><span class="s2"> runs"</span>\n'
     '</code></pre></div></div>\n'),
    ('bash',
     'python train.py --lr 1e-4 --batch-size 32 --epochs 100 \\\n'
     '    --data-dir /data/ucf101 --fp16\n',
     '<div class="language-bash highlighter-rouge"><div class="highlight"><pre class="highlight"><code>python train.py <span class="nt">--lr</span> 1e-4 <span class="nt">--batch-size</span> 32 <span class="nt">--epochs</span> 100 <span class="se">\\</span>\n'
     '    <span class="nt">--data-dir</span> /data/ucf101 <span class="nt">--fp16</span>\n'
     '</code></pre></div></div>\n'),
    ('bash',
     'export WANDB_PROJECT=video-diffusion\n'
     'export HF_HOME="$HOME/.cache/huggingface"\n'
     'export PATH=$PATH:/usr/local/cuda/bin\n',
     '<div class="language-bash highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="nb">export </span><span class="nv">WANDB_PROJECT</span><span class="o">=</span>video-diffusion\n'
     '<span class="nb">export </span><span class="nv">HF_HOME</span><span class="o">=</span><span class="s2">"</span><span class="nv">$HOME</span><span class="s2">/.cache/huggingface"</span>\n'
     '<span class="nb">export </span><span class="nv">PATH</span><span class="o">=</span><span class="nv">$PATH</span>:/usr/local/cuda/bin\n'
     '</code></pre></div></div>\n'),
    ('bash',
     'cat runs/*/metrics.jsonl | grep fvd | sort -n | head -5\n'
     'find . -name "*.pt" -mtime +7 -delete\n',
     '<div class="language-bash highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="nb">cat </span>runs/<span class="k">*</span>/metrics.jsonl | <span class="nb">grep </span>fvd | <span class="nb">sort</span> <span class="nt">-n</span> | <span class="nb">head</span> <span class="nt">-5</span>\n'
     'find <span class="nb">.</span> <span class="nt">-name</span> <span class="s2">"*.pt"</span> <span class="nt">-mtime</span> +7 <span class="nt">-delete</span>\n'
     '</code></pre></div></div>\n'),
    ('shell',
     'cat > config.yaml <<EOF\n'
     'model: unet\n'
     'lr: 0.0001\n'
     'EOF\n',
     '<div class="language-shell highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="nb">cat</span> <span class="o">&gt;</span> config.yaml <span class="o">&lt;&lt;</span><span class="no">EOF</span><span class="sh">\n'
     'model: unet\n'
     'lr: 0.0001\n'
     '</span><span class="no">EOF\n'
     '</span></code></pre></div></div>\n'),
    ('bash',
     'if [ -z "$CKPT" ]; then\n'
     "  echo 'CKPT is not set' >&2\n"
     '  exit 1\n'
     'fi\n',
     '<div class="language-bash highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="k">if</span> <span class="o">[</span> <span class="nt">-z</span> <span class="s2">"</span><span class="nv">$CKPT</span><span class="s2">"</span> <span class="o">]</span><span class="p">;</span> <span class="k">then\n'
     '  </span><span class="nb">echo</span> <span class="s1">\'CKPT is not set\'</span> <span class="o">&gt;</span>&amp;2\n'
     '  <span class="nb">exit </span>1\n'
     '<span class="k">fi</span>\n'
     '</code></pre></div></div>\n'),
    ('bash',
     'N=$(nproc)\n'
     'echo "using ${N} cpus"\n'
     'tar -czf logs.tar.gz logs/ 2>/dev/null || true\n',
     '<div class="language-bash highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="nv">N</span><span class="o">=</span><span class="si">$(</span><span class="nb">nproc</span><span class="si">)</span>\n'
     '<span class="nb">echo</span> <span class="s2">"using </span><span class="k">${</span><span class="nv">N</span><span class="k">}</span><span class="s2"> cpus"</span>\n'
     '<span class="nb">tar</span> <span class="nt">-czf</span> logs.tar.gz logs/ 2&gt;/dev/null <span class="o">||</span> <span class="nb">true</span>\n'
     '</code></pre></div></div>\n'),

    # shell: `>` an operator unless a word runs into it, numbers in `$((…))`, a case pattern's `)`
    ('bash',
     'nohup python train.py --config configs/ucf.yaml > train.log 2>&1 &\n'
     'tail -f train.log\n',
     '<div class="language-bash highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="nb">nohup </span>python train.py <span class="nt">--config</span> configs/ucf.yaml <span class="o">&gt;</span> train.log 2&gt;&amp;1 &amp;\n'
     '<span class="nb">tail</span> <span class="nt">-f</span> train.log\n'
     '</code></pre></div></div>\n'),
    ('bash',
     "python -c 'import torch; print(torch.__version__)'\n"
     'echo $((2 + 3))\n',
     '<div class="language-bash highlighter-rouge"><div class="highlight"><pre class="highlight"><code>python <span class="nt">-c</span> <span class="s1">\'import torch; print(torch.__version__)\'</span>\n'
     '<span class="nb">echo</span> <span class="k">$((</span><span class="m">2</span> <span class="o">+</span> <span class="m">3</span><span class="k">))</span>\n'
     '</code></pre></div></div>\n'),
    ('bash',
     'case "$1" in\n'
     '  train) python train.py ;;\n'
     '  *) echo "usage: $0 train" ;;\n'
     'esac\n',
     '<div class="language-bash highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="k">case</span> <span class="s2">"</span><span class="nv">$1</span><span class="s2">"</span> <span class="k">in\n'
     '  </span>train<span class="p">)</span> python train.py <span class="p">;;</span>\n'
     '  <span class="k">*</span><span class="p">)</span> <span class="nb">echo</span> <span class="s2">"usage: </span><span class="nv">$0</span><span class="s2"> train"</span> <span class="p">;;</span>\n'
     '<span class="k">esac</span>\n'
     '</code></pre></div></div>\n'),
    # console: the prompt up to its `$` or `#`, the space after it Whitespace, the command as the shell's, output
    ('console',
     '$ pip install -U diffusers\n'
     'Collecting diffusers\n'
     '  Downloading diffusers-0.27.2-py3-none-any.whl (2.0 MB)\n'
     'Successfully installed diffusers-0.27.2\n'
     '$ python sample.py --steps 50\n',
     '<div class="language-console highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="gp">$</span><span class="w"> </span>pip <span class="nb">install</span> <span class="nt">-U</span> diffusers\n'
     '<span class="go">Collecting diffusers\n'
     '  Downloading diffusers-0.27.2-py3-none-any.whl (2.0 MB)\n'
     'Successfully installed diffusers-0.27.2\n'
     '</span><span class="gp">$</span><span class="w"> </span>python sample.py <span class="nt">--steps</span> 50\n'
     '</code></pre></div></div>\n'),
    ('console',
     '(venv) $ python -m pytest -q\n'
     '........                                                                 [100%]\n'
     '8 passed in 0.42s\n',
     '<div class="language-console highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="gp">(venv) $</span><span class="w"> </span>python <span class="nt">-m</span> pytest <span class="nt">-q</span>\n'
     '<span class="go">........                                                                 [100%]\n'
     '8 passed in 0.42s\n'
     '</span></code></pre></div></div>\n'),
    ('console',
     'user@gpu-box:~/vdiff$ python train.py --steps 10\n'
     'step 1/10 loss=0.98\n'
     'step 10/10 loss=0.41\n',
     '<div class="language-console highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="gp">user@gpu-box:~/vdiff$</span><span class="w"> </span>python train.py <span class="nt">--steps</span> 10\n'
     '<span class="go">step 1/10 loss=0.98\n'
     'step 10/10 loss=0.41\n'
     '</span></code></pre></div></div>\n'),
    ('console',
     '# nvidia-smi\n'
     'Wed Nov 25 12:00:00 2026\n',
     '<div class="language-console highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="gp">#</span><span class="w"> </span>nvidia-smi\n'
     '<span class="go">Wed Nov 25 12:00:00 2026\n'
     '</span></code></pre></div></div>\n'),
    # console: an output line with a prompt character is a prompt line to Rouge
    ('console',
     '$ pip install numpy\n'
     'Requirement already satisfied: numpy>=1.20 in ./venv/lib/python3.11/site-packages\n',
     '<div class="language-console highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="gp">$</span><span class="w"> </span>pip <span class="nb">install </span>numpy\n'
     '<span class="gp">Requirement already satisfied: numpy&gt;</span><span class="o">=</span>1.20 <span class="k">in</span> ./venv/lib/python3.11/site-packages\n'
     '</code></pre></div></div>\n'),
    ('console',
     '$ python train.py\n'
     'epoch 1 -> loss 0.5\n',
     '<div class="language-console highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="gp">$</span><span class="w"> </span>python train.py\n'
     '<span class="gp">epoch 1 -&gt;</span><span class="w"> </span>loss 0.5\n'
     '</code></pre></div></div>\n'),
])
def test_highlighted_fence_matches_rouge(lang, code, jekyll):
    assert render_markdown(f"````{lang}\n{code}````\n", path="post.md") == jekyll


def test_names_rouge_classes_by_their_text():
    """Rouge's Python builtins stay builtins after a `.`; javascript's `new` is a keyword, `${…}` punctuation."""
    source = "```python\ny = x.sum().float()\n```\n\n```js\nthrow new Error(`bad ${a}`);\n```\n"
    assert render_markdown(source, path="post.md") == (
        '<div class="language-python highlighter-rouge"><div class="highlight"><pre class="highlight"><code>'
        '<span class="n">y</span> <span class="o">=</span> <span class="n">x</span><span class="p">.</span>'
        '<span class="nb">sum</span><span class="p">().</span><span class="nb">float</span><span class="p">()</span>\n'
        '</code></pre></div></div>\n\n'
        '<div class="language-js highlighter-rouge"><div class="highlight"><pre class="highlight"><code>'
        '<span class="k">throw</span> <span class="k">new</span> <span class="nb">Error</span><span class="p">(</span>'
        '<span class="s2">`bad </span><span class="p">${</span><span class="nx">a</span><span class="p">}</span>'
        '<span class="s2">`</span><span class="p">);</span>\n</code></pre></div></div>\n'
    )


def test_highlight_tag_code_has_no_line_end_in_its_last_token(tmp_path):
    """Rouge lexes `{% highlight %}`'s code without its last line end: a closing comment or diff line stops before it."""
    src = write_site(tmp_path / "src", {"_config.yml": "title: T\n", "h.md": (
        "---\nlayout: null\n---\n{% highlight python %}\nimport numpy as np\nx = 1  # trailing comment\n"
        "{% endhighlight %}\n\n{% highlight diff %}\n-a\n+b\n{% endhighlight %}\n\n"
        '{% highlight javascript linenos %}\nconst a = "x"; // c\n{% endhighlight %}\n'
    )})
    build(src, tmp_path / "out", quiet=True)
    assert (tmp_path / "out" / "h.html").read_text() == (
        '\n'
        '<figure class="highlight"><pre><code class="language-python" data-lang="python"><span class="kn">import</span>'
        ' <span class="nn">numpy</span> <span class="k">as</span> <span class="n">np</span>\n'
        '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>'
        '  <span class="c1"># trailing comment</span></code></pre></figure>\n'
        '\n'
        '<figure class="highlight"><pre><code class="language-diff" data-lang="diff"><span class="gd">-a\n'
        '</span><span class="gi">+b</span></code></pre></figure>\n'
        '\n'
        '<figure class="highlight"><pre><code class="language-javascript" data-lang="javascript"><table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">1\n'
        '</pre></td><td class="code"><pre><span class="kd">const</span> <span class="nx">a</span>'
        ' <span class="o">=</span> <span class="dl">"</span><span class="s2">x</span>'
        '<span class="dl">"</span><span class="p">;</span> <span class="c1">// c</span>\n'
        '</pre></td></tr></tbody></table></code></pre></figure>\n'
        '\n'
    )
