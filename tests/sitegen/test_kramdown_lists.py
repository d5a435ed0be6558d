"""Lists as kramdown 2.4 writes them: items and definitions loose or tight one by one, no `start`.

Every expected string is the real kramdown's output: `jekyll build` (Jekyll 4.3.1, kramdown 2.4.0,
kramdown-parser-gfm 1.1.0; `markdown: kramdown`, `input: GFM`, `hard_wrap: false`, as GitHub Pages
configures it) of a page holding just the source, `layout: null`.
"""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown


@pytest.mark.parametrize(("source", "kramdown"), [
    # blank lines after an item make only that item loose
    ('- a\n\n- b\n- c\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'),
    # a tight list
    ('- a\n- b\n',
     '<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n'),
    # two items, a blank line between: both loose
    ('- a\n\n- b\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ul>\n'),
    # the middle item loose
    ('- a\n- b\n\n- c\n',
     '<ul>\n  <li>a</li>\n  <li>\n    <p>b</p>\n  </li>\n  <li>c</li>\n</ul>\n'),
    # the last item is loose when every earlier one is
    ('- a\n\n- b\n\n- c\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n  <li>\n'
     '    <p>c</p>\n  </li>\n</ul>\n'),
    # the last item's trailing blank line keeps it tight
    ('- a\n- b\n- c\n\n',
     '<ul>\n  <li>a</li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n\n'),
    # the list ends at a paragraph after a blank line
    ('- a\n- b\n\npara\n',
     '<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n\n<p>para</p>\n'),
    # ... and its last item is loose when the earlier one is
    ('- a\n\n- b\n\npara\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ul>\n\n'
     '<p>para</p>\n'),
    # a one-item list with a trailing blank line
    ('- a\n\npara\n',
     '<ul>\n  <li>a</li>\n</ul>\n\n<p>para</p>\n'),
    # runs of several blank lines
    ('* a\n\n* b\n* c\n\n\n* d\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>b</li>\n  <li>\n    <p>c</p>\n  </li>\n'
     '  <li>d</li>\n</ul>\n'),
    # blank lines with spaces or a tab count as blank
    ('- a\n  \n- b\n- c\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'),
    ('- a\n\t\n- b\n- c\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'),
    # ordered lists: no start attribute
    ('3. a\n4. b\n',
     '<ol>\n  <li>a</li>\n  <li>b</li>\n</ol>\n'),
    ('3. a\n\n4. b\n5. c\n',
     '<ol>\n  <li>\n    <p>a</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ol>\n'),
    ('0. a\n',
     '<ol>\n  <li>a</li>\n</ol>\n'),
    ('10. a\n11. b\n\n12. c\n',
     '<ol>\n  <li>a</li>\n  <li>\n    <p>b</p>\n  </li>\n  <li>c</li>\n</ol>\n'),
    ('1. a\n1. b\n\n1. c\n',
     '<ol>\n  <li>a</li>\n  <li>\n    <p>b</p>\n  </li>\n  <li>c</li>\n</ol>\n'),
    # an attribute list may set start
    ('3. a\n4. b\n{: start="3"}\n',
     '<ol start="3">\n  <li>a</li>\n  <li>b</li>\n</ol>\n'),
    # an item of two paragraphs
    ('- a\n\n  more\n- b\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <p>more</p>\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n'
     '</ul>\n'),
    ('- a\n- b\n\n  more\n',
     '<ul>\n  <li>a</li>\n  <li>\n    <p>b</p>\n\n    <p>more</p>\n  </li>\n</ul>\n'),
    ('- a\n- b\n\n  more\n\n- c\n',
     '<ul>\n  <li>a</li>\n  <li>\n    <p>b</p>\n\n    <p>more</p>\n  </li>\n  <li>c</li>\n'
     '</ul>\n'),
    # a lazy line in a tight item
    ('- a\n  b\n- c\n\n  d\n',
     '<ul>\n  <li>a\nb</li>\n  <li>\n    <p>c</p>\n\n    <p>d</p>\n  </li>\n</ul>\n'),
    ('- a\n  lazy\n\n- b\n- c\n',
     '<ul>\n  <li>\n    <p>a\nlazy</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'),
    # nested lists: a blank line after a sublist leaves the outer item tight
    ('- a\n  - b\n\n- c\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>b</li>\n    </ul>\n  </li>\n  <li>c</li>\n</ul>\n'),
    ('- a\n  - b\n  - c\n\n- d\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>b</li>\n      <li>c</li>\n    </ul>\n  </li>\n'
     '  <li>d</li>\n</ul>\n'),
    ('- a\n\n  - b\n- c\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <ul>\n      <li>b</li>\n    </ul>\n  </li>\n  <li>\n'
     '    <p>c</p>\n  </li>\n</ul>\n'),
    ('- a\n  - b\n\n  - c\n- d\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>\n        <p>b</p>\n      </li>\n      <li>\n'
     '        <p>c</p>\n      </li>\n    </ul>\n  </li>\n  <li>d</li>\n</ul>\n'),
    ('- a\n  - b\n\n  more a\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>b</li>\n    </ul>\n\n    <p>more a</p>\n  </li>\n'
     '</ul>\n'),
    ('- a\n  - b\n    - c\n\n- d\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>b\n        <ul>\n          <li>c</li>\n'
     '        </ul>\n      </li>\n    </ul>\n  </li>\n  <li>d</li>\n</ul>\n'),
    ('- a\n  1. b\n  2. c\n\n- d\n  - e\n',
     '<ul>\n  <li>a\n    <ol>\n      <li>b</li>\n      <li>c</li>\n    </ol>\n  </li>\n'
     '  <li>d\n    <ul>\n      <li>e</li>\n    </ul>\n  </li>\n</ul>\n'),
    ('1. a\n   - b\n\n2. c\n',
     '<ol>\n  <li>a\n    <ul>\n      <li>b</li>\n    </ul>\n  </li>\n  <li>c</li>\n</ol>\n'),
    ('- a\n  - b\n\n    c\n  - d\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>\n        <p>b</p>\n\n        <p>c</p>\n      </li>\n'
     '      <li>\n        <p>d</p>\n      </li>\n    </ul>\n  </li>\n</ul>\n'),
    ('- a\n\n- b\n  - c\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>\n    <p>b</p>\n    <ul>\n      <li>c</li>\n'
     '    </ul>\n  </li>\n</ul>\n'),
    ('- a\n\n  para\n\n  - b\n  - c\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <p>para</p>\n\n    <ul>\n      <li>b</li>\n'
     '      <li>c</li>\n    </ul>\n  </li>\n</ul>\n'),
    # code in items
    ('- a\n\n      code\n- b\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n'
     '    <div class="language-plaintext highlighter-rouge"><div class="highlight"><pre clas'
     's="highlight"><code>code\n'
     '</code></pre></div>    </div>\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ul>\n'),
    ('- a\n  ```\n  code\n  ```\n- b\n',
     '<ul>\n  <li>a\n'
     '    <div class="language-plaintext highlighter-rouge"><div class="highlight"><pre clas'
     's="highlight"><code>code\n'
     '</code></pre></div>    </div>\n  </li>\n  <li>b</li>\n</ul>\n'),
    # a later paragraph of a tight item gets <p>
    ('- a\n  ```\n  code\n  ```\n  b\n- c\n',
     '<ul>\n  <li>a\n'
     '    <div class="language-plaintext highlighter-rouge"><div class="highlight"><pre clas'
     's="highlight"><code>code\n'
     '</code></pre></div>    </div>\n    <p>b</p>\n  </li>\n  <li>c</li>\n</ul>\n'),
    ('- ```\n  code\n  ```\n- b\n',
     '<ul>\n  <li>\n'
     '    <div class="language-plaintext highlighter-rouge"><div class="highlight"><pre clas'
     's="highlight"><code>code\n'
     '</code></pre></div>    </div>\n  </li>\n  <li>b</li>\n</ul>\n'),
    ('1. a\n\n   ```\n   x\n   ```\n\n2. b\n3. c\n',
     '<ol>\n  <li>\n    <p>a</p>\n\n'
     '    <div class="language-plaintext highlighter-rouge"><div class="highlight"><pre clas'
     's="highlight"><code>x\n'
     '</code></pre></div>    </div>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ol>\n'),
    # other first blocks
    ('- > q\n- b\n',
     '<ul>\n  <li>\n    <blockquote>\n      <p>q</p>\n    </blockquote>\n  </li>\n'
     '  <li>b</li>\n</ul>\n'),
    ('- a\n  > q\n- b\n',
     '<ul>\n  <li>a\n    <blockquote>\n      <p>q</p>\n    </blockquote>\n  </li>\n'
     '  <li>b</li>\n</ul>\n'),
    ('- a\n\n- b\n  > q\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>\n    <p>b</p>\n    <blockquote>\n'
     '      <p>q</p>\n    </blockquote>\n  </li>\n</ul>\n'),
    ('- # h\n\n- b\n- c\n',
     '<ul>\n  <li>\n    <h1 id="h">h</h1>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'),
    ('- a\n\n- # h\n- c\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>\n    <h1 id="h">h</h1>\n  </li>\n'
     '  <li>c</li>\n</ul>\n'),
    ('- a\n\n  <div>x</div>\n- b\n- c\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <div>x</div>\n  </li>\n  <li>b</li>\n  <li>c</li>\n'
     '</ul>\n'),
    # in a quote and between paragraphs
    ('> - a\n>\n> - b\n> - c\n',
     '<blockquote>\n  <ul>\n    <li>\n      <p>a</p>\n    </li>\n    <li>b</li>\n'
     '    <li>c</li>\n  </ul>\n</blockquote>\n'),
    ('para\n\n- a\n\n- b\n- c\n\nafter\n',
     '<p>para</p>\n\n<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'
     '\n<p>after</p>\n'),
    # attribute lists
    ('- a\n  {: .x}\n\n- b\n- c\n',
     '<ul>\n  <li>\n    <p class="x">a</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'),
    ('- a\n\n- b\n- c\n{: .x}\n',
     '<ul class="x">\n  <li>\n    <p>a</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'),
    # in a footnote
    ('Text[^1]\n\n[^1]: Note\n\n    - a\n\n    - b\n    - c\n',
     '<p>Text<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="foot'
     'note">1</a></sup></p>\n'
     '\n<div class="footnotes" role="doc-endnotes">\n  <ol>\n'
     '    <li id="fn:1" role="doc-endnote">\n      <p>Note</p>\n\n      <ul>\n        <li>\n'
     '          <p>a</p>\n        </li>\n        <li>b</li>\n        <li>c</li>\n      </ul>\n'
     '      <p><a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p'
     '>\n'
     '    </li>\n  </ol>\n</div>\n'),
    # a change of bullet continues the list (CommonMark starts a new one)
    ('- a\n* b\n- c\n',
     '<ul>\n  <li>a</li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'),
    ('* a\n+ b\n',
     '<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n'),
    ('- a\n\n* b\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ul>\n'),
    ('- a\n\n\n+ b\n- c\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n'),
    ('- a\n * b\n',
     '<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n'),
    ('  - a\n* b\n',
     '<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n'),
    ('- a\n  - b\n  * c\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>b</li>\n      <li>c</li>\n    </ul>\n  </li>\n</ul>\n'),
    ('> - a\n> * b\n',
     '<blockquote>\n  <ul>\n    <li>a</li>\n    <li>b</li>\n  </ul>\n</blockquote>\n'),
    ('- a\n* b\n{: .x}\n',
     '<ul class="x">\n  <li>a</li>\n  <li>b</li>\n</ul>\n'),
    ('- a\n* b\n\npara\n',
     '<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n\n<p>para</p>\n'),
    ('Text[^1]\n\n[^1]: Note\n\n    - a\n    * b\n',
     '<p>Text<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="foot'
     'note">1</a></sup></p>\n'
     '\n<div class="footnotes" role="doc-endnotes">\n  <ol>\n'
     '    <li id="fn:1" role="doc-endnote">\n      <p>Note</p>\n\n      <ul>\n'
     '        <li>a</li>\n        <li>b</li>\n      </ul>\n'
     '      <p><a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p'
     '>\n'
     '    </li>\n  </ol>\n</div>\n'),
    # ... but not across a link definition
    ('- a\n\n[x]: /u\n\n* b\n',
     '<ul>\n  <li>a</li>\n</ul>\n\n<ul>\n  <li>b</li>\n</ul>\n'),
    ('- a\n\n[x]: /u\n\n- b\n',
     '<ul>\n  <li>a</li>\n</ul>\n\n<ul>\n  <li>b</li>\n</ul>\n'),
    # `1)` and a marker with nothing after it are text
    ('1) a\n2) b\n',
     '<p>1) a\n2) b</p>\n'),
    ('text\n1) a\n',
     '<p>text\n1) a</p>\n'),
    ('1. a\n2) b\n',
     '<ol>\n  <li>a\n2) b</li>\n</ol>\n'),
    ('> 1) a\n',
     '<blockquote>\n  <p>1) a</p>\n</blockquote>\n'),
    ('- a\n  1) b\n',
     '<ul>\n  <li>a\n1) b</li>\n</ul>\n'),
    ('-\n  a\n- b\n',
     '<p>-\n  a</p>\n<ul>\n  <li>b</li>\n</ul>\n'),
    ('+\n+ a\n',
     '<p>+</p>\n<ul>\n  <li>a</li>\n</ul>\n'),
    ('*\n',
     '<p>*</p>\n'),
    # ... but a marker and a space make an empty item
    ('- \n- b\n',
     '<ul>\n  <li></li>\n  <li>b</li>\n</ul>\n'),
    # any ordered item ends a paragraph (CommonMark: only one numbered 1)
    ('text\n2. a\n3. b\n',
     '<p>text</p>\n<ol>\n  <li>a</li>\n  <li>b</li>\n</ol>\n'),
    ('> text\n> 2. a\n',
     '<blockquote>\n  <p>text</p>\n  <ol>\n    <li>a</li>\n  </ol>\n</blockquote>\n'),
    ('- a\n  2. b\n',
     '<ul>\n  <li>a\n    <ol>\n      <li>b</li>\n    </ol>\n  </li>\n</ul>\n'),
    ('In\n2018. That was\n',
     '<p>In</p>\n<ol>\n  <li>That was</li>\n</ol>\n'),
    ('text\n    2. a\n',
     '<p>text\n    2. a</p>\n'),
    ('a\n10.5 percent\n',
     '<p>a\n10.5 percent</p>\n'),
    # a list of the other kind right under an item's text nests in it
    ('1. a\n- b\n',
     '<ol>\n  <li>a\n    <ul>\n      <li>b</li>\n    </ul>\n  </li>\n</ol>\n'),
    ('- a\n1. b\n',
     '<ul>\n  <li>a\n    <ol>\n      <li>b</li>\n    </ol>\n  </li>\n</ul>\n'),
    ('10. a\n   - b\n',
     '<ol>\n  <li>a\n    <ul>\n      <li>b</li>\n    </ul>\n  </li>\n</ol>\n'),
    ('1. a\n- b\n- c\n2. d\n',
     '<ol>\n  <li>a\n    <ul>\n      <li>b</li>\n      <li>c</li>\n    </ul>\n  </li>\n'
     '  <li>d</li>\n</ol>\n'),
    ('1. a\n- b\n\n2. c\n',
     '<ol>\n  <li>a\n    <ul>\n      <li>b</li>\n    </ul>\n  </li>\n  <li>c</li>\n</ol>\n'),
    ('- a\n2. b\n- c\n',
     '<ul>\n  <li>a\n    <ol>\n      <li>b</li>\n    </ol>\n  </li>\n  <li>c</li>\n</ul>\n'),
    ('1. a\n- b\n  more\n2. c\n',
     '<ol>\n  <li>a\n    <ul>\n      <li>b\nmore</li>\n    </ul>\n  </li>\n  <li>c</li>\n'
     '</ol>\n'),
    ('10. a\n   - b\n   - c\n11. d\n',
     '<ol>\n  <li>a\n    <ul>\n      <li>b</li>\n      <li>c</li>\n    </ul>\n  </li>\n'
     '  <li>d</li>\n</ol>\n'),
    ('> 1. a\n> - b\n',
     '<blockquote>\n  <ol>\n    <li>a\n      <ul>\n        <li>b</li>\n      </ul>\n'
     '    </li>\n  </ol>\n</blockquote>\n'),
    ('1. a\n- b\n2. c\n- d\n',
     '<ol>\n  <li>a\n    <ul>\n      <li>b</li>\n    </ul>\n  </li>\n  <li>c\n    <ul>\n'
     '      <li>d</li>\n    </ul>\n  </li>\n</ol>\n'),
    ('1. a\n   ```\n   x\n   ```\n- b\n',
     '<ol>\n  <li>a\n'
     '    <div class="language-plaintext highlighter-rouge"><div class="highlight"><pre clas'
     's="highlight"><code>x\n'
     '</code></pre></div>    </div>\n    <ul>\n      <li>b</li>\n    </ul>\n  </li>\n</ol>\n'),
    ('* a\n1. b\n* c\n\n* d\n',
     '<ul>\n  <li>a\n    <ol>\n      <li>b</li>\n    </ol>\n  </li>\n  <li>\n    <p>c</p>\n'
     '  </li>\n  <li>d</li>\n</ul>\n'),
    # ... not after a blank line
    ('1. a\n\n- b\n',
     '<ol>\n  <li>a</li>\n</ol>\n\n<ul>\n  <li>b</li>\n</ul>\n'),
    # definitions: the first paragraph in <p> only after a blank line above its `:`
    ('term\n\n: def\n',
     '<dl>\n  <dt>term</dt>\n  <dd>\n    <p>def</p>\n  </dd>\n</dl>\n'),
    ('term\n: def\n',
     '<dl>\n  <dt>term</dt>\n  <dd>def</dd>\n</dl>\n'),
    ('term\n: def\n\n: def2\n',
     '<dl>\n  <dt>term</dt>\n  <dd>def</dd>\n  <dd>\n    <p>def2</p>\n  </dd>\n</dl>\n'),
    ('term\n: def\n\n  more\n',
     '<dl>\n  <dt>term</dt>\n  <dd>def\n\n    <p>more</p>\n  </dd>\n</dl>\n'),
    ('t\n: a\n: b\n\n: c\n: d\n',
     '<dl>\n  <dt>t</dt>\n  <dd>a</dd>\n  <dd>b</dd>\n  <dd>\n    <p>c</p>\n  </dd>\n'
     '  <dd>d</dd>\n</dl>\n'),
    ('t\n: a\n\n  - x\n  - y\n',
     '<dl>\n  <dt>t</dt>\n  <dd>a\n\n    <ul>\n      <li>x</li>\n      <li>y</li>\n    </ul>\n'
     '  </dd>\n</dl>\n'),
    ('t\n\n: a\n\n  b\n',
     '<dl>\n  <dt>t</dt>\n  <dd>\n    <p>a</p>\n\n    <p>b</p>\n  </dd>\n</dl>\n'),
    ('> t\n> : a\n>\n> : b\n',
     '<blockquote>\n  <dl>\n    <dt>t</dt>\n    <dd>a</dd>\n    <dd>\n      <p>b</p>\n'
     '    </dd>\n  </dl>\n</blockquote>\n'),
    ('term\n: - a\n\n  - b\n  - c\n',
     '<dl>\n  <dt>term</dt>\n  <dd>\n    <ul>\n      <li>\n        <p>a</p>\n      </li>\n'
     '      <li>b</li>\n      <li>c</li>\n    </ul>\n  </dd>\n</dl>\n'),
    # lists elsewhere
    ('<div markdown="1">\n- a\n\n- b\n- c\n</div>\n',
     '<div>\n  <ul>\n    <li>\n      <p>a</p>\n    </li>\n    <li>b</li>\n    <li>c</li>\n'
     '  </ul>\n</div>\n'),
    ('- a[^1]\n\n- b\n\n[^1]: note\n',
     '<ul>\n  <li>\n'
     '    <p>a<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="foo'
     'tnote">1</a></sup></p>\n'
     '  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ul>\n\n'
     '<div class="footnotes" role="doc-endnotes">\n  <ol>\n'
     '    <li id="fn:1" role="doc-endnote">\n'
     '      <p>note\xa0<a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;<'
     '/a></p>\n'
     '    </li>\n  </ol>\n</div>\n'),
    ('* TOC\n{:toc}\n\n# A\n\n- a\n\n- b\n- c\n',
     '<ul id="markdown-toc">\n  <li><a href="#a" id="markdown-toc-a">A</a></li>\n</ul>\n\n'
     '<h1 id="a">A</h1>\n\n<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>b</li>\n  <li>c</li>\n'
     '</ul>\n'),
    ('1. a\n\n   > q\n\n2. b\n3. c\n\n\nend\n',
     '<ol>\n  <li>\n    <p>a</p>\n\n    <blockquote>\n      <p>q</p>\n    </blockquote>\n'
     '  </li>\n  <li>b</li>\n  <li>c</li>\n</ol>\n\n<p>end</p>\n'),
])
def test_lists_are_kramdowns(source: str, kramdown: str) -> None:
    assert render_markdown(source, path="post.md") == kramdown


@pytest.mark.parametrize(("source", "kramdown"), [
    ('- [ ] a\n- [x] b\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />a</li>\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" checked="checked" />b</li>\n'
     '</ul>\n'),
    # every item after the first task item is a task-list-item
    ('- a\n- [ ] b\n- c\n',
     '<ul class="task-list">\n  <li>a</li>\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />b</li>\n'
     '  <li class="task-list-item">c</li>\n</ul>\n'),
    # [X], and all the whitespace after the mark
    ('- [X] a\n- [ ]  b\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" checked="checked" />a</li>\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />b</li>\n'
     '</ul>\n'),
    ('- [ ]\ta\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />a</li>\n'
     '</ul>\n'),
    ('- [ ]\n  b\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />b</li>\n'
     '</ul>\n'),
    ('- [x]\n  b\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" checked="checked" />b</li>\n'
     '</ul>\n'),
    ('- [ ]  \n  b\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />b</li>\n'
     '</ul>\n'),
    ('1. [ ] a\n2. [x] b\n',
     '<ol class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />a</li>\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" checked="checked" />b</li>\n'
     '</ol>\n'),
    # loose and tight task items
    ('- [ ] a\n\n- [x] b\n- c\n',
     '<ul class="task-list">\n  <li class="task-list-item">\n'
     '    <p><input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />a<'
     '/p>\n'
     '  </li>\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" checked="checked" />b</li>\n'
     '  <li class="task-list-item">c</li>\n</ul>\n'),
    ('- [x] a\n\n  more\n',
     '<ul class="task-list">\n  <li class="task-list-item">\n'
     '    <p><input type="checkbox" class="task-list-item-checkbox" disabled="disabled" chec'
     'ked="checked" />a</p>\n'
     '\n    <p>more</p>\n  </li>\n</ul>\n'),
    # no text after the mark: no task
    ('- [ ]\n- [x] b\n',
     '<ul class="task-list">\n  <li>[ ]</li>\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" checked="checked" />b</li>\n'
     '</ul>\n'),
    # nested
    ('- [ ] a\n  - [x] b\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />a\n'
     '    <ul class="task-list">\n'
     '      <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox'
     '" disabled="disabled" checked="checked" />b</li>\n'
     '    </ul>\n  </li>\n</ul>\n'),
    ('1. a\n2. [x] b\n   - [ ] c\n   - d\n',
     '<ol class="task-list">\n  <li>a</li>\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" checked="checked" />b\n'
     '    <ul class="task-list">\n'
     '      <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox'
     '" disabled="disabled" />c</li>\n'
     '      <li class="task-list-item">d</li>\n    </ul>\n  </li>\n</ol>\n'),
    ('- a\n\n  - [ ] b\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <ul class="task-list">\n'
     '      <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox'
     '" disabled="disabled" />b</li>\n'
     '    </ul>\n  </li>\n</ul>\n'),
    # a mark later in the text
    ('* [ ] a\n* b [ ] c\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />a</li>\n'
     '  <li class="task-list-item">b [ ] c</li>\n</ul>\n'),
    ('- [ ] *a*\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" /><em>a</em></li>\n'
     '</ul>\n'),
    ('- [ ] `code` x\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" /><code class="language-plaintext highlighter-rouge">code</code> x</'
     'li>\n'
     '</ul>\n'),
    # in a quote
    ('> - [x] a\n> - b\n',
     '<blockquote>\n  <ul class="task-list">\n'
     '    <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" '
     'disabled="disabled" checked="checked" />a</li>\n'
     '    <li class="task-list-item">b</li>\n  </ul>\n</blockquote>\n'),
    ('- [ ] a\n{: .x}\n',
     '<ul class="task-list x">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />a</li>\n'
     '</ul>\n'),
    ('- [ ] a\n* [x] b\n',
     '<ul class="task-list">\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" />a</li>\n'
     '  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" di'
     'sabled="disabled" checked="checked" />b</li>\n'
     '</ul>\n'),
])
def test_task_lists_are_kramdown_gfms(source: str, kramdown: str) -> None:
    assert render_markdown(source, path="post.md") == kramdown
