"""sitegen.kramdown_lazy and kramdown_code: lazy lines in list items, in text and around fences, as kramdown.

Every expected string is what `jekyll build` wrote for the source alone in a page with `layout: null`:
Jekyll 4.3.1, kramdown 2.4.0, kramdown-parser-gfm 1.1.0, rouge 3.30.0, with GitHub Pages' settings
(`kramdown: {input: GFM, hard_wrap: false, syntax_highlighter: rouge}`).
"""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown

HL = '<div class="highlight"><pre class="highlight"><code>'  # Rouge's wrapper, inside kramdown's div
END = "</code></pre></div>"
PLAIN = '<div class="language-plaintext highlighter-rouge">' + HL  # an unnamed language's block

LAZY_LINES = [
    ('- a\n  - b\n  c',
     '<ul>\n  <li>a\n    <ul>\n      <li>b\nc</li>\n    </ul>\n  </li>\n</ul>\n'),
    ('1. a\n   - b\n    c',
     '<ol>\n  <li>a\n    <ul>\n      <li>b\n c</li>\n    </ul>\n  </li>\n</ol>\n'),
    ('- a\n  1. b\n  c',
     '<ul>\n  <li>a\n    <ol>\n      <li>b\nc</li>\n    </ol>\n  </li>\n</ul>\n'),
    ('* a\n b', '<ul>\n  <li>a\n b</li>\n</ul>\n'),
    ('- a\n  - b\n     c',
     '<ul>\n  <li>a\n    <ul>\n      <li>b\n c</li>\n    </ul>\n  </li>\n</ul>\n'),
    ('- a\n  - b\n    - c\n   d',
     '<ul>\n  <li>a\n    <ul>\n      <li>b\n        <ul>\n          <li>c\n d</li>\n' +
     '        </ul>\n      </li>\n    </ul>\n  </li>\n</ul>\n'),
    ('- a\n  - b\n    - c\n      d\n  e',
     '<ul>\n  <li>a\n    <ul>\n      <li>b\n        <ul>\n          <li>c\nd\ne</li>\n' +
     '        </ul>\n      </li>\n    </ul>\n  </li>\n</ul>\n'),
    ('1. a\n   1. b\n      c\n     d\n    e\n   f\n  g',
     '<ol>\n  <li>a\n    <ol>\n      <li>b\nc\n  d\n e\nf\n  g</li>\n    </ol>\n  </li>\n</ol>\n'),
    ('- a\n\n  ```\n  x\n```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + 'x\n' + END + '    </div>\n  </li>\n</ul>\n'),
    ('- a\n\n  ```\nx\n  ```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + 'x\n' + END + '    </div>\n  </li>\n</ul>\n'),
    ('- a\n\n  ```\n   x\n y\n  ```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + ' x\n y\n' + END +
     '    </div>\n  </li>\n</ul>\n'),
    ('- a\n  - b\n\n    ```\n    x\n  y\n     z\n    ```',
     '<ul>\n  <li>a\n    <ul>\n      <li>\n        <p>b</p>\n\n        ' + PLAIN + 'x\ny\n z\n' +
     END + '        </div>\n      </li>\n    </ul>\n  </li>\n</ul>\n'),
    ('- a\n\n  ```\n  x\n    \n  y\n  ```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + 'x\n    \ny\n' + END +
     '    </div>\n  </li>\n</ul>\n'),
    ('- a\n\n  ```\n  x\n\n  y\n  ```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    ' + PLAIN + 'x\n\ny\n' + END +
     '    </div>\n  </li>\n</ul>\n'),
    ('- a\n\n  ```\n  x\n\ny\n  ```',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <p>```\nx</p>\n  </li>\n</ul>\n\n<p>y\n  ```</p>\n'),
    ('> - a\n>   - b\n>   c',
     '<blockquote>\n  <ul>\n    <li>a\n      <ul>\n        <li>b\nc</li>\n      </ul>\n    </li>\n' +
     '  </ul>\n</blockquote>\n'),
    ('- a\n  > b\n  c',
     '<ul>\n  <li>a\n    <blockquote>\n      <p>b\nc</p>\n    </blockquote>\n  </li>\n</ul>\n'),
    ('- a\n  - b\n  c\n- d\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>b\nc</li>\n    </ul>\n  </li>\n  <li>d</li>\n</ul>\n'),
    ('1. a\n   - b\n  c',
     '<ol>\n  <li>a\n    <ul>\n      <li>b\nc</li>\n    </ul>\n  </li>\n</ol>\n'),
    ('1. a\n   - b\n   c',
     '<ol>\n  <li>a\n    <ul>\n      <li>b\nc</li>\n    </ul>\n  </li>\n</ol>\n'),
    ('1. a\n   1. b\n  c',
     '<ol>\n  <li>a\n    <ol>\n      <li>b\n  c</li>\n    </ol>\n  </li>\n</ol>\n'),
    ('- a\n  1. b\n c',
     '<ul>\n  <li>a\n    <ol>\n      <li>b\n c</li>\n    </ol>\n  </li>\n</ul>\n'),
    ('- a\n  1. b\n   c',
     '<ul>\n  <li>a\n    <ol>\n      <li>b\n c</li>\n    </ol>\n  </li>\n</ul>\n'),
    ('1. a\n   - b\n     ```\n  x\n     ```',
     '<ol>\n  <li>a\n    <ul>\n      <li>b\n        ' + PLAIN + 'x\n' + END +
     '        </div>\n      </li>\n    </ul>\n  </li>\n</ol>\n'),
    ('- a\n  - b\n    - c\n  d\n   e',
     '<ul>\n  <li>a\n    <ul>\n      <li>b\n        <ul>\n          <li>c\nd\n e</li>\n' +
     '        </ul>\n      </li>\n    </ul>\n  </li>\n</ul>\n'),
    ('> a\n  b', '<blockquote>\n  <p>a\n  b</p>\n</blockquote>\n'),
    ('- a\n  > b\n  c',
     '<ul>\n  <li>a\n    <blockquote>\n      <p>b\nc</p>\n    </blockquote>\n  </li>\n</ul>\n'),
    ('> - a\n>   > b\n>   c',
     '<blockquote>\n  <ul>\n    <li>a\n      <blockquote>\n        <p>b\nc</p>\n' +
     '      </blockquote>\n    </li>\n  </ul>\n</blockquote>\n'),
    ('- item0\n   lazy0\n   `code` x\n   text\n- next\n',
     '<ul>\n  <li>item0\n lazy0\n' +
     ' <code class="language-plaintext highlighter-rouge">code</code> x\n text</li>\n' +
     '  <li>next</li>\n</ul>\n'),
    ('- item0\n  10. item1\n      10. item2\n   more *em*\n       `code` x\n   more *em*\n' +
     '- next\n',
     '<ul>\n  <li>item0\n    <ol>\n      <li>item1\n        <ol>\n          <li>item2\n' +
     ' more <em>em</em>\n <code class="language-plaintext highlighter-rouge">code</code> x\n' +
     ' more <em>em</em></li>\n        </ol>\n      </li>\n    </ol>\n  </li>\n  <li>next</li>\n' +
     '</ul>\n'),
    ('1. item0\n   10. item1\n text\n    text\n     `code` x\n',
     '<ol>\n  <li>item0\n    <ol>\n      <li>item1\n text\n text\n' +
     '  <code class="language-plaintext highlighter-rouge">code</code> x</li>\n    </ol>\n' +
     '  </li>\n</ol>\n'),
    ('10. item0\n    * item1\n       lazy1\n      10. item2\n       text\n',
     '<ol>\n  <li>item0\n    <ul>\n      <li>item1\n lazy1\n        <ol>\n          <li>item2\n' +
     ' text</li>\n        </ol>\n      </li>\n    </ul>\n  </li>\n</ol>\n'),
    ('10. item0\n    1. item1\n     text\n       `code` x\n        text\n',
     '<ol>\n  <li>item0\n    <ol>\n      <li>item1\n text\n' +
     '<code class="language-plaintext highlighter-rouge">code</code> x\n text</li>\n' +
     '    </ol>\n  </li>\n</ol>\n'),
    ('10. item0\n     lazy0\n    - item1\n      1. item2\n         `code` x\n      `code` x\n' +
     '  text\n',
     '<ol>\n  <li>item0\n lazy0\n    <ul>\n      <li>item1\n        <ol>\n          <li>item2\n' +
     '<code class="language-plaintext highlighter-rouge">code</code> x\n' +
     '<code class="language-plaintext highlighter-rouge">code</code> x\ntext</li>\n' +
     '        </ol>\n      </li>\n    </ul>\n  </li>\n</ol>\n'),
    ('* item0\n more *em*\n    more *em*\n    more *em*\n',
     '<ul>\n  <li>item0\n more <em>em</em>\n  more <em>em</em>\n  more <em>em</em></li>\n</ul>\n'),
    ('- item0\n lazy0\n  * item1\n   more *em*\n',
     '<ul>\n  <li>item0\n lazy0\n    <ul>\n      <li>item1\n more <em>em</em></li>\n    </ul>\n' +
     '  </li>\n</ul>\n'),
    ('10. item0\n   more *em*\n`code` x\n',
     '<ol>\n  <li>item0\n   more <em>em</em>\n' +
     '<code class="language-plaintext highlighter-rouge">code</code> x</li>\n</ol>\n'),
    ('1. item0\n   - item1\n     * item2\n `code` x\n',
     '<ol>\n  <li>item0\n    <ul>\n      <li>item1\n        <ul>\n          <li>item2\n' +
     ' <code class="language-plaintext highlighter-rouge">code</code> x</li>\n' +
     '        </ul>\n      </li>\n    </ul>\n  </li>\n</ol>\n'),
    ('- item0\n  - item1\nlazy1\nmore *em*\n more *em*\nafter\n',
     '<ul>\n  <li>item0\n    <ul>\n      <li>item1\nlazy1\nmore <em>em</em>\n more <em>em</em>\n' +
     'after</li>\n    </ul>\n  </li>\n</ul>\n'),
    ('1. item0\n lazy0\n  `code` x\n',
     '<ol>\n  <li>item0\n lazy0\n' +
     '  <code class="language-plaintext highlighter-rouge">code</code> x</li>\n</ol>\n'),
    ('1. item0\n   1. item1\n      1. item2\nmore *em*\n',
     '<ol>\n  <li>item0\n    <ol>\n      <li>item1\n        <ol>\n          <li>item2\n' +
     'more <em>em</em></li>\n        </ol>\n      </li>\n    </ol>\n  </li>\n</ol>\n'),
    ('* item0\n  lazy0\n  * item1\n      text\n text\n',
     '<ul>\n  <li>item0\nlazy0\n    <ul>\n      <li>item1\n  text\n text</li>\n    </ul>\n  </li>\n' +
     '</ul>\n'),
    ('* item0\n   `code` x\n `code` x\n    more *em*\nafter\n',
     '<ul>\n  <li>item0\n <code class="language-plaintext highlighter-rouge">code</code> x\n' +
     ' <code class="language-plaintext highlighter-rouge">code</code> x\n' +
     '  more <em>em</em>\nafter</li>\n</ul>\n'),
    ('10. item0\n     `code` x\n   text\n',
     '<ol>\n  <li>item0\n <code class="language-plaintext highlighter-rouge">code</code> x\n' +
     '   text</li>\n</ol>\n'),
    ('* item0\ntext\n  more *em*\n', '<ul>\n  <li>item0\ntext\nmore <em>em</em></li>\n</ul>\n'),
    ('1. item0\n    lazy0\n   - item1\n       text\n',
     '<ol>\n  <li>item0\n lazy0\n    <ul>\n      <li>item1\n  text</li>\n    </ul>\n  </li>\n' +
     '</ol>\n'),
    ('- item0\n  lazy0\n  - item1\n     lazy1\n    10. item2\n `code` x\n      more *em*\n',
     '<ul>\n  <li>item0\nlazy0\n    <ul>\n      <li>item1\n lazy1\n        <ol>\n' +
     '          <li>item2\n' +
     ' <code class="language-plaintext highlighter-rouge">code</code> x\n' +
     '  more <em>em</em></li>\n        </ol>\n      </li>\n    </ul>\n  </li>\n</ul>\n'),
    ('1. item0\n  text\n text\n', '<ol>\n  <li>item0\n  text\n text</li>\n</ol>\n'),
    ('* item0\n lazy0\n  1. item1\n     10. item2\n          `code` x\n       `code` x\nafter\n',
     '<ul>\n  <li>item0\n lazy0\n    <ol>\n      <li>item1\n        <ol>\n          <li>item2\n' +
     ' <code class="language-plaintext highlighter-rouge">code</code> x\n' +
     '  <code class="language-plaintext highlighter-rouge">code</code> x\nafter</li>\n' +
     '        </ol>\n      </li>\n    </ol>\n  </li>\n</ul>\n'),
    ('- item0\n lazy0\n more *em*\n  `code` x\n    more *em*\n',
     '<ul>\n  <li>item0\n lazy0\n more <em>em</em>\n' +
     '<code class="language-plaintext highlighter-rouge">code</code> x\n' +
     '  more <em>em</em></li>\n</ul>\n'),
    ('- item0\n   lazy0\n  * item1\n  text\n',
     '<ul>\n  <li>item0\n lazy0\n    <ul>\n      <li>item1\ntext</li>\n    </ul>\n  </li>\n</ul>\n'),
]


LAZY_FENCE_LINES = [
    ('1. Install:\n   ```\n   pip install vdiff\n   ```\nThen run it.\n2. Train.',
     '<ol>\n  <li>Install:\n    ' + PLAIN + 'pip install vdiff\n' + END +
     '    </div>\n    <p>Then run it.</p>\n  </li>\n  <li>Train.</li>\n</ol>\n'),
    ('1. Import:\n```python\nimport vdiff\n```\n2. Train.',
     '<ol>\n  <li>Import:\n    <div class="language-python highlighter-rouge">' + HL +
     '<span class="kn">import</span> <span class="nn">vdiff</span>\n' + END +
     '    </div>\n  </li>\n  <li>Train.</li>\n</ol>\n'),
    ('* a\n````python\n  z\n  z\n````\n  lazy',
     '<ul>\n  <li>a\n    <div class="language-python highlighter-rouge">' + HL +
     '<span class="n">z</span>\n<span class="n">z</span>\n' + END +
     '    </div>\n    <p>lazy</p>\n  </li>\n</ul>\n'),
    ('- a\n  ```\n  x\n  ```\n# Heading',
     '<ul>\n  <li>a\n    ' + PLAIN + 'x\n' + END +
     '    </div>\n    <h1 id="heading">Heading</h1>\n  </li>\n</ul>\n'),
    ('- a\n  ```\n  x\n  ```\n\nNot in the item.',
     '<ul>\n  <li>a\n    ' + PLAIN + 'x\n' + END +
     '    </div>\n  </li>\n</ul>\n\n<p>Not in the item.</p>\n'),
    ('- a\n```\nx\n```',
     '<ul>\n  <li>a\n    ' + PLAIN + 'x\n' + END + '    </div>\n  </li>\n</ul>\n'),
]


@pytest.mark.parametrize(("source", "expected"), LAZY_LINES)
def test_lazy_line_loses_the_item_columns_it_reaches(source: str, expected: str) -> None:
    assert render_markdown(source, path="post.md") == expected


@pytest.mark.parametrize(("source", "expected"), LAZY_FENCE_LINES)
def test_fence_under_item_text_and_text_after_its_fence_stay_in_the_item(source: str, expected: str) -> None:
    assert render_markdown(source, path="post.md") == expected
