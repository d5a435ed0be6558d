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
