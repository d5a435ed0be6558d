"""sitegen.kramdown_code: fenced code and code spans byte for byte as GitHub Pages writes them.

Every expected string is what `jekyll build` wrote for the source alone in a page with `layout: null`:
Jekyll 4.3.1, kramdown 2.4.0, kramdown-parser-gfm 1.1.0, rouge 3.30.0, `_config.yml` with
`markdown: kramdown`, `highlighter: rouge` and `kramdown: {input: GFM, hard_wrap: false,
syntax_highlighter: rouge}` (GitHub Pages' settings). Cases where Rouge's lexers and Pygments' still
differ (bash, shell, ruby) are left out.
"""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown

HL = '<div class="highlight"><pre class="highlight"><code>'  # Rouge's wrapper, inside kramdown's div
END = "</code></pre></div>"
PLAIN = '<div class="language-plaintext highlighter-rouge">' + HL  # an unnamed language's block

FENCE_INDENTS = [
    ('```\ncode\n```', PLAIN + 'code\n' + END + '</div>\n'),
    (' ```\n code\n  more\n ```', PLAIN + ' code\n  more\n' + END + '</div>\n'),
    ('  ```\n  code\n    more\n x\n  ```', PLAIN + '  code\n    more\n x\n' + END + '</div>\n'),
    ('   ```\n   code\ncode2\n   ```', PLAIN + '   code\ncode2\n' + END + '</div>\n'),
    ('  ```python\n  def f():\n      return 1\n  ```',
     '<div class="language-python highlighter-rouge">' + HL +
     '  <span class="k">def</span> <span class="nf">f</span><span class="p">():</span>\n' +
     '      <span class="k">return</span> <span class="mi">1</span>\n' + END + '</div>\n'),
    ('1. a\n\n    ```\n    code\n    ```',
     '<ol>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + ' code\n' + END +
     '    </div>\n  </li>\n</ol>\n'),
    ('1. a\n\n   ```\n   code\n   ```',
     '<ol>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + 'code\n' + END +
     '    </div>\n  </li>\n</ol>\n'),
    ('1. a\n\n    ```python\n    x = 1\n    ```',
     '<ol>\n  <li>\n    <p>a</p>\n\n    <div class="language-python highlighter-rouge">' + HL +
     ' <span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n' + END +
     '    </div>\n  </li>\n</ol>\n'),
    ('- a\n\n   ```\n   code\n   ```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + ' code\n' + END +
     '    </div>\n  </li>\n</ul>\n'),
    ('- a\n\n  ```\n  code\n  ```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + 'code\n' + END +
     '    </div>\n  </li>\n</ul>\n'),
    ('> ```\n> code\n> ```',
     '<blockquote>\n  ' + PLAIN + 'code\n' + END + '  </div>\n</blockquote>\n'),
    ('>  ```\n>  code\n>  ```',
     '<blockquote>\n  ' + PLAIN + ' code\n' + END + '  </div>\n</blockquote>\n'),
    ('>   ```\n>   code\n>    more\n>   ```',
     '<blockquote>\n  ' + PLAIN + '  code\n   more\n' + END + '  </div>\n</blockquote>\n'),
    ('```\ncode\n  ```', PLAIN + 'code\n' + END + '</div>\n'),
    ('  ```\n  code\n```', PLAIN + '  code\n' + END + '</div>\n'),
    ('~~~\ncode\n~~~', PLAIN + 'code\n' + END + '</div>\n'),
    ('  ~~~\n  code\n  ~~~', PLAIN + '  code\n' + END + '</div>\n'),
    ('- a\n  ```\n  code\n  ```\n',
     '<ul>\n  <li>a\n    ' + PLAIN + 'code\n' + END + '    </div>\n  </li>\n</ul>\n'),
    ('- ```\n  code\n  ```',
     '<ul>\n  <li>\n    ' + PLAIN + 'code\n' + END + '    </div>\n  </li>\n</ul>\n'),
    ('- a\n\n  ```python\n  def f():\n      pass\n  ```\n- b',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <div class="language-python highlighter-rouge">' + HL +
     '<span class="k">def</span> <span class="nf">f</span><span class="p">():</span>\n' +
     '    <span class="k">pass</span>\n' + END +
     '    </div>\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ul>\n'),
    ('1. a\n   ```\n   x\n   ```\n2. b',
     '<ol>\n  <li>a\n    ' + PLAIN + 'x\n' + END + '    </div>\n  </li>\n  <li>b</li>\n</ol>\n'),
    ('1. a\n\n    ```\n    x\n\n     y\n    ```\n\n2. b',
     '<ol>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + ' x\n\n  y\n' + END +
     '    </div>\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ol>\n'),
    ('- a\n  - b\n\n      ```\n      deep\n      ```',
     '<ul>\n  <li>a\n    <ul>\n      <li>\n        <p>b</p>\n\n        ' + PLAIN + '  deep\n' +
     END + '        </div>\n      </li>\n    </ul>\n  </li>\n</ul>\n'),
    ('- a\n\n  > ```\n  > q\n  > ```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <blockquote>\n      ' + PLAIN + 'q\n' + END +
     '      </div>\n    </blockquote>\n  </li>\n</ul>\n'),
    ('> - a\n>\n>    ```\n>    x\n>    ```',
     '<blockquote>\n  <ul>\n    <li>\n      <p>a</p>\n\n      ' + PLAIN + ' x\n' + END +
     '      </div>\n    </li>\n  </ul>\n</blockquote>\n'),
    ('```\na\n    ```\nb\n```', PLAIN + 'a\n    ```\nb\n' + END + '</div>\n'),
    (' ```\n a\n   ```', PLAIN + ' a\n' + END + '</div>\n'),
    ('````\ncode\n```\n````', PLAIN + 'code\n```\n' + END + '</div>\n'),
    ('````\ncode\n```', '<pre><code class="language-`">code\n</code></pre>\n'),
    ('~~~`\nx\n~~~`', PLAIN + 'x\n' + END + '</div>\n'),
    ('~~~~\nx\n~~~~~~', PLAIN + 'x\n' + END + '</div>\n'),
    ('```\n\n```', PLAIN + '\n' + END + '</div>\n'),
    ('```python\n\nx = 1\n\n```',
     '<div class="language-python highlighter-rouge">' + HL +
     '\n<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n\n' + END +
     '</div>\n'),
    ('Para\n~~~\nx\n~~~', '<p>Para</p>\n' + PLAIN + 'x\n' + END + '</div>\n'),
    ('Para\n```foo bar\nx\n```\ny\n```',
     '<p>Para\n```foo bar\nx</p>\n' + PLAIN + 'y\n' + END + '</div>\n'),
    ('```  python  \nx = 1\n```',
     '<div class="language-python highlighter-rouge">' + HL +
     '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n' + END +
     '</div>\n'),
    ('\t```\n\tx\n\t```', PLAIN + '```\nx\n```\n' + END + '</div>\n'),
    ('```ruby\nputs "hi"\n```\n{: .lineno}',
     '<div class="language-ruby lineno highlighter-rouge">' + HL +
     '<span class="nb">puts</span> <span class="s2">"hi"</span>\n' + END + '</div>\n'),
    ('{: .pre}\n```\nx\n```',
     '<div class="language-plaintext pre highlighter-rouge">' + HL + 'x\n' + END + '</div>\n'),
    ('```html\n<b>"x"</b>\n```',
     '<div class="language-html highlighter-rouge">' + HL +
     '<span class="nt">&lt;b&gt;</span>"x"<span class="nt">&lt;/b&gt;</span>\n' + END +
     '</div>\n'),
    ('   ```\n   a\n  b\n c\nd\n   ```\n', PLAIN + '   a\n  b\n c\nd\n' + END + '</div>\n'),
    ('* Item with code:\n  ```python\n  import torch\n  x = torch.randn(2, 3)\n  ```\n' +
     '* Next item',
     '<ul>\n  <li>Item with code:\n    <div class="language-python highlighter-rouge">' + HL +
     '<span class="kn">import</span> <span class="nn">torch</span>\n' +
     '<span class="n">x</span> <span class="o">=</span> <span class="n">torch</span><span ' +
     'class="p">.</span><span class="n">randn</span><span class="p">(</span><span class="m' +
     'i">2</span><span class="p">,</span> <span class="mi">3</span><span class="p">)</span' +
     '>\n' + END + '    </div>\n  </li>\n  <li>Next item</li>\n</ul>\n'),
    ('> Note:\n> ```yaml\n> lr: 3e-4\n> ```',
     '<blockquote>\n  <p>Note:</p>\n  <div class="language-yaml highlighter-rouge">' + HL +
     '<span class="na">lr</span><span class="pi">:</span> <span class="s">3e-4</span>\n' + END +
     '  </div>\n</blockquote>\n'),
    ('- a\n\n  ```\n  x\n  ```\n\n  after',
     '<ul>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + 'x\n' + END +
     '    </div>\n\n    <p>after</p>\n  </li>\n</ul>\n'),
    ('```python\ndef f():\n    """doc"""\n    return \'<a>\' & 1\n```',
     '<div class="language-python highlighter-rouge">' + HL +
     '<span class="k">def</span> <span class="nf">f</span><span class="p">():</span>\n' +
     '    <span class="s">"""doc"""</span>\n' +
     '    <span class="k">return</span> <span class="s">\'&lt;a&gt;\'</span> <span class="o"' +
     '>&amp;</span> <span class="mi">1</span>\n' + END + '</div>\n'),
    ('    indented\n    code', PLAIN + 'indented\ncode\n' + END + '</div>\n'),
    ('Text `a` and ``b ` c`` and `<br>` and `&` done.',
     '<p>Text <code class="language-plaintext highlighter-rouge">a</code> and <code class=' +
     '"language-plaintext highlighter-rouge">b ` c</code> and <code class="language-plaint' +
     'ext highlighter-rouge">&lt;br&gt;</code> and <code class="language-plaintext highlig' +
     'hter-rouge">&amp;</code> done.</p>\n'),
    ('`x`{: .language-foobar}', '<p><code class="language-foobar">x</code></p>\n'),
    ('`x`{: .language-python .extra}',
     '<p><code class="language-python extra highlighter-rouge"><span class="n">x</span></c' +
     'ode></p>\n'),
    ('`x`{: #id .c}',
     '<p><code id="id" class="language-plaintext c highlighter-rouge">x</code></p>\n'),
    ('``` ruby\nx\n```',
     '<div class="language-ruby highlighter-rouge">' + HL + '<span class="n">x</span>\n' + END +
     '</div>\n'),
    ('```ruby   \nx\n```',
     '<div class="language-ruby highlighter-rouge">' + HL + '<span class="n">x</span>\n' + END +
     '</div>\n'),
    ('```\nx\n```   ', PLAIN + 'x\n' + END + '</div>\n'),
    ('``````\nx\n``````', PLAIN + 'x\n' + END + '</div>\n'),
    ('~~~python\nx\n~~~~',
     '<div class="language-python highlighter-rouge">' + HL + '<span class="n">x</span>\n' + END +
     '</div>\n'),
    ('```python\nx\n~~~\n```',
     '<div class="language-python highlighter-rouge">' + HL +
     '<span class="n">x</span>\n<span class="o">~~~</span>\n' + END + '</div>\n'),
    ('- a\n  ```python\n  x\n  ```\n- b\n  ```\n  y\n  ```',
     '<ul>\n  <li>a\n    <div class="language-python highlighter-rouge">' + HL +
     '<span class="n">x</span>\n' + END + '    </div>\n  </li>\n  <li>b\n    ' + PLAIN + 'y\n' +
     END + '    </div>\n  </li>\n</ul>\n'),
    ('1. a\n\n   ```python\n   def f():\n       return 1\n   ```\n\n   b\n',
     '<ol>\n  <li>\n    <p>a</p>\n\n    <div class="language-python highlighter-rouge">' + HL +
     '<span class="k">def</span> <span class="nf">f</span><span class="p">():</span>\n' +
     '    <span class="k">return</span> <span class="mi">1</span>\n' + END +
     '    </div>\n\n    <p>b</p>\n  </li>\n</ol>\n'),
]


INFO_STRINGS = [
    ('```foo bar\ncode\n```',
     '<p><code class="language-plaintext highlighter-rouge">foo bar\ncode\n</code></p>\n'),
    ('```python title\nx = 1\n```',
     '<p><code class="language-plaintext highlighter-rouge">python title\nx = 1\n' +
     '</code></p>\n'),
    ('text\n```python title\nx = 1\n```\nmore',
     '<p>text\n<code class="language-plaintext highlighter-rouge">python title\nx = 1\n' +
     '</code>\nmore</p>\n'),
    ('```python {: .x}\nx = 1\n```',
     '<p><code class="language-plaintext highlighter-rouge">python {: .x}\nx = 1\n' +
     '</code></p>\n'),
    ('```{.python}\nx = 1\n```', '<pre><code class="language-{.python}">x = 1\n</code></pre>\n'),
    ('```python\nx = 1\n```\n{: .x}',
     '<div class="language-python x highlighter-rouge">' + HL +
     '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n' + END +
     '</div>\n'),
    ('``` python\nx = 1\n```',
     '<div class="language-python highlighter-rouge">' + HL +
     '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n' + END +
     '</div>\n'),
    ('```python   \nx = 1\n```',
     '<div class="language-python highlighter-rouge">' + HL +
     '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n' + END +
     '</div>\n'),
    ('~~~ ruby\nx = 1\n~~~',
     '<div class="language-ruby highlighter-rouge">' + HL +
     '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n' + END +
     '</div>\n'),
    ('~~~ruby linenos\nx = 1\n~~~', '<p>~~~ruby linenos\nx = 1\n~~~</p>\n'),
    ('```python?start_inline=1\nx = 1\n```',
     '<div class="language-python highlighter-rouge">' + HL +
     '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n' + END +
     '</div>\n'),
    ('```Python\nx = 1\n```', '<pre><code class="language-Python">x = 1\n</code></pre>\n'),
    ('```\nunclosed', '<p>```\nunclosed</p>\n'),
    ('text\n```\ncode\n```', '<p>text</p>\n' + PLAIN + 'code\n' + END + '</div>\n'),
    ('````\n```\ninner\n```\n````', PLAIN + '```\ninner\n```\n' + END + '</div>\n'),
    ('~~~\n```\n~~~', PLAIN + '```\n' + END + '</div>\n'),
    ('```\ncode\n~~~\n```', PLAIN + 'code\n~~~\n' + END + '</div>\n'),
    ('```\ncode\n`````', PLAIN + 'code\n' + END + '</div>\n'),
    ('```\ncode\n```   ', PLAIN + 'code\n' + END + '</div>\n'),
    ('```\ncode\n``` x\n```', PLAIN + 'code\n``` x\n' + END + '</div>\n'),
    ('```js\nvar a = "x";\n```',
     '<div class="language-js highlighter-rouge">' + HL +
     '<span class="kd">var</span> <span class="nx">a</span> <span class="o">=</span> <span' +
     ' class="dl">"</span><span class="s2">x</span><span class="dl">"</span><span class="p' +
     '">;</span>\n' + END + '</div>\n'),
    ('```c++\nint a;\n```',
     '<div class="language-c++ highlighter-rouge">' + HL +
     '<span class="kt">int</span> <span class="n">a</span><span class="p">;</span>\n' + END +
     '</div>\n'),
    ('```text\nplain\n```',
     '<div class="language-text highlighter-rouge">' + HL + 'plain\n' + END + '</div>\n'),
    ('```foo bar\ncode\n```\n\npara\n',
     '<p><code class="language-plaintext highlighter-rouge">foo bar\ncode\n</code></p>\n\n' +
     '<p>para</p>\n'),
    ('> a', '<blockquote>\n  <p>a</p>\n</blockquote>\n'),
    ('```', '<p>```</p>\n'),
    ('~~~', '<p>~~~</p>\n'),
    ('a\n```', '<p>a\n```</p>\n'),
    ('- a\n  ```', '<ul>\n  <li>a\n```</li>\n</ul>\n'),
    ('- ```\n  x\n  ```',
     '<ul>\n  <li>\n    ' + PLAIN + 'x\n' + END + '    </div>\n  </li>\n</ul>\n'),
    ('```\tpython\nx\n```',
     '<div class="language-python highlighter-rouge">' + HL + '<span class="n">x</span>\n' + END +
     '</div>\n'),
    ('```python\t\nx\n```',
     '<div class="language-python highlighter-rouge">' + HL + '<span class="n">x</span>\n' + END +
     '</div>\n'),
    ('- a\n\n\t```\n\tx\n\t```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + '  x\n' + END +
     '    </div>\n  </li>\n</ul>\n'),
    ('x\n~~~\ny', '<p>x\n~~~\ny</p>\n'),
    ('```\n\ttab\n```', PLAIN + '\ttab\n' + END + '</div>\n'),
    ('1. a\n   ```\n   x\n  ```',
     '<ol>\n  <li>a\n    ' + PLAIN + 'x\n' + END + '    </div>\n  </li>\n</ol>\n'),
    ('```` foo bar\nx\n````',
     '<p><code class="language-plaintext highlighter-rouge">foo bar\nx\n</code></p>\n'),
    ('```py\nx\n```\n```py\ny\n```',
     '<div class="language-py highlighter-rouge">' + HL + '<span class="n">x</span>\n' + END +
     '</div>\n<div class="language-py highlighter-rouge">' + HL + '<span class="n">y</span>\n' +
     END + '</div>\n'),
    ('```\na\n```\nb', PLAIN + 'a\n' + END + '</div>\n<p>b</p>\n'),
    ('> ```\n> a\n> ```\n> b\n',
     '<blockquote>\n  ' + PLAIN + 'a\n' + END + '  </div>\n  <p>b</p>\n</blockquote>\n'),
]


CODE_SPANS = [
    ('a `"x"` b', '<p>a <code class="language-plaintext highlighter-rouge">"x"</code> b</p>\n'),
    ("a `'x'` b", '<p>a <code class="language-plaintext highlighter-rouge">\'x\'</code> b</p>\n'),
    ('`a & b < c > d`',
     '<p><code class="language-plaintext highlighter-rouge">a &amp; b &lt; c &gt; d</code>' +
     '</p>\n'),
    ('`&amp; &lt; &#39; &copy;`',
     '<p><code class="language-plaintext highlighter-rouge">&amp;amp; &amp;lt; &amp;#39; &' +
     'amp;copy;</code></p>\n'),
    ('`x = {"k": \'v\'}`{: .language-python}',
     '<p><code class="language-python highlighter-rouge"><span class="n">x</span> <span cl' +
     'ass="o">=</span> <span class="p">{</span><span class="s">"k"</span><span class="p">:' +
     '</span> <span class="s">\'v\'</span><span class="p">}</span></code></p>\n'),
    ('`x = 1`{: .language-python}',
     '<p><code class="language-python highlighter-rouge"><span class="n">x</span> <span cl' +
     'ass="o">=</span> <span class="mi">1</span></code></p>\n'),
    ('`x = "s"`{: .foo}',
     '<p><code class="language-plaintext foo highlighter-rouge">x = "s"</code></p>\n'),
    ('`x`{: title="a&quot;b" }',
     '<p><code title="a&quot;b" class="language-plaintext highlighter-rouge">x</code></p>\n'),
    ('`“curly” — dash -- ...`',
     '<p><code class="language-plaintext highlighter-rouge">“curly” — dash -- ...</code></' +
     'p>\n'),
    ('`tab\there`', '<p><code class="language-plaintext highlighter-rouge">tab\there</code></p>\n'),
    ('``a`b "c"``', '<p><code class="language-plaintext highlighter-rouge">a`b "c"</code></p>\n'),
    ('`` `x` ``', '<p><code class="language-plaintext highlighter-rouge">`x`</code></p>\n'),
    ('[`"link"`](http://x.y)',
     '<p><a href="http://x.y"><code class="language-plaintext highlighter-rouge">"link"</c' +
     'ode></a></p>\n'),
    ('# Head `"x"`',
     '<h1 id="head-x">Head <code class="language-plaintext highlighter-rouge">"x"</code></' +
     'h1>\n'),
    ('| a | `"b"` |\n|---|---|\n| `\'c\'` | d |',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n' +
     '      <th><code class="language-plaintext highlighter-rouge">"b"</code></th>\n' +
     '    </tr>\n  </thead>\n  <tbody>\n    <tr>\n' +
     '      <td><code class="language-plaintext highlighter-rouge">\'c\'</code></td>\n' +
     '      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('- `"item"`',
     '<ul>\n  <li><code class="language-plaintext highlighter-rouge">"item"</code></li>\n' +
     '</ul>\n'),
    ('`<span class="x">`',
     '<p><code class="language-plaintext highlighter-rouge">&lt;span class="x"&gt;</code><' +
     '/p>\n'),
    ('`x = 1`{: .language-foobar}', '<p><code class="language-foobar">x = 1</code></p>\n'),
    ('`print("hi")`{: .language-python}',
     '<p><code class="language-python highlighter-rouge"><span class="k">print</span><span' +
     ' class="p">(</span><span class="s">"hi"</span><span class="p">)</span></code></p>\n'),
    ('`<b class="x">&amp;</b>`{: .language-html}',
     '<p><code class="language-html highlighter-rouge"><span class="nt">&lt;b</span> <span' +
     ' class="na">class=</span><span class="s">"x"</span><span class="nt">&gt;</span><span' +
     ' class="ni">&amp;amp;</span><span class="nt">&lt;/b&gt;</span></code></p>\n'),
    ('`{"a": 1}`{: .language-json}',
     '<p><code class="language-json highlighter-rouge"><span class="p">{</span><span class' +
     '="nl">"a"</span><span class="p">:</span><span class="w"> </span><span class="mi">1</' +
     'span><span class="p">}</span></code></p>\n'),
    ('`x`{: .c .language-python}',
     '<p><code class="language-python c language-python highlighter-rouge"><span class="n"' +
     '>x</span></code></p>\n'),
    ('`x`{: title="t" .language-python}',
     '<p><code title="t" class="language-python highlighter-rouge"><span class="n">x</span' +
     '></code></p>\n'),
    ('`# comment`{: .language-python}',
     '<p><code class="language-python highlighter-rouge"><span class="c1"># comment</span>' +
     '</code></p>\n'),
    ('`x`{: .language-Python}', '<p><code class="language-Python">x</code></p>\n'),
    ('Run `torch.randn(2)`{:.language-python} now.\n',
     '<p>Run <code class="language-python highlighter-rouge"><span class="n">torch</span><' +
     'span class="p">.</span><span class="n">randn</span><span class="p">(</span><span cla' +
     'ss="mi">2</span><span class="p">)</span></code> now.</p>\n'),
    ('` a `', '<p>` a `</p>\n'),
    ('x ` y` z', '<p>x ` y` z</p>\n'),
    ('`a `', '<p><code class="language-plaintext highlighter-rouge">a </code></p>\n'),
    ('`` a ``', '<p><code class="language-plaintext highlighter-rouge">a</code></p>\n'),
    ('`` a``', '<p><code class="language-plaintext highlighter-rouge">a</code></p>\n'),
    ('``a ``', '<p><code class="language-plaintext highlighter-rouge">a</code></p>\n'),
    ('```` foo bar\nx\n````',
     '<p><code class="language-plaintext highlighter-rouge">foo bar\nx\n</code></p>\n'),
    ('`  `', '<p>`  `</p>\n'),
    ('a `` ` `` b', '<p>a <code class="language-plaintext highlighter-rouge">`</code> b</p>\n'),
    ('a ` b', '<p>a ` b</p>\n'),
    ('`a\nb`', '<p><code class="language-plaintext highlighter-rouge">a\nb</code></p>\n'),
    ('(`x`)', '<p>(<code class="language-plaintext highlighter-rouge">x</code>)</p>\n'),
    ('a`b`c', '<p>a<code class="language-plaintext highlighter-rouge">b</code>c</p>\n'),
    ('`x` `y`',
     '<p><code class="language-plaintext highlighter-rouge">x</code> <code class="language' +
     '-plaintext highlighter-rouge">y</code></p>\n'),
    ('`*x*`', '<p><code class="language-plaintext highlighter-rouge">*x*</code></p>\n'),
    ('`a\\`\n', '<p><code class="language-plaintext highlighter-rouge">a\\</code></p>\n'),
    ('``a```', '<p><code class="language-plaintext highlighter-rouge">a</code>`</p>\n'),
    ('`a``b`',
     '<p><code class="language-plaintext highlighter-rouge">a</code><code class="language-' +
     'plaintext highlighter-rouge">b</code></p>\n'),
    ('a `b\n  c` d',
     '<p>a <code class="language-plaintext highlighter-rouge">b\n  c</code> d</p>\n'),
    ('**`x`**',
     '<p><strong><code class="language-plaintext highlighter-rouge">x</code></strong></p>\n'),
    ('_`a`_', '<p><em><code class="language-plaintext highlighter-rouge">a</code></em></p>\n'),
    ('\\`not\\`', '<p>`not`</p>\n'),
    ('`a`b`', '<p><code class="language-plaintext highlighter-rouge">a</code>b`</p>\n'),
    ('1 ` 2 ` 3', '<p>1 ` 2 ` 3</p>\n'),
    ('x`y` `z`',
     '<p>x<code class="language-plaintext highlighter-rouge">y</code> <code class="languag' +
     'e-plaintext highlighter-rouge">z</code></p>\n'),
    ('`` `a` ``', '<p><code class="language-plaintext highlighter-rouge">`a`</code></p>\n'),
    ('para\n`x` start',
     '<p>para\n<code class="language-plaintext highlighter-rouge">x</code> start</p>\n'),
    ('# `h` head',
     '<h1 id="h-head"><code class="language-plaintext highlighter-rouge">h</code> head</h1' +
     '>\n'),
    ('> `q "x"`',
     '<blockquote>\n' +
     '  <p><code class="language-plaintext highlighter-rouge">q "x"</code></p>\n' +
     '</blockquote>\n'),
    ('`x` ` ', '<p><code class="language-plaintext highlighter-rouge">x</code> `</p>\n'),
    ('a ``` b', '<p>a ``` b</p>\n'),
    ('*a `*` b*',
     '<p><em>a <code class="language-plaintext highlighter-rouge">*</code> b</em></p>\n'),
    ('[a `]` b](u)\n',
     '<p><a href="u">a <code class="language-plaintext highlighter-rouge">]</code> b</a></' +
     'p>\n'),
]


@pytest.mark.parametrize(("source", "expected"), FENCE_INDENTS)
def test_fence_code_keeps_indent_inside_its_container(source: str, expected: str) -> None:
    # kramdown strips the container's indent from code lines, not the fence's (markdown-it's)
    assert render_markdown(source, path="post.md") == expected


@pytest.mark.parametrize(("source", "expected"), INFO_STRINGS)
def test_fence_needs_a_one_word_info_string_and_a_closing_line(source: str, expected: str) -> None:
    assert render_markdown(source, path="post.md") == expected


@pytest.mark.parametrize(("source", "expected"), CODE_SPANS)
def test_code_span_escapes_only_amp_lt_gt(source: str, expected: str) -> None:
    assert render_markdown(source, path="post.md") == expected
