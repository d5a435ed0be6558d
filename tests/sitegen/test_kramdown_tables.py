"""Tables as GitHub Pages' kramdown reads and writes them, byte for byte.

Every expected string is the real output of Jekyll 4.3.1 + kramdown 2.4.0 + kramdown-parser-gfm 1.1.0
(`kramdown: {input: GFM, hard_wrap: false}`, GitHub Pages' settings) for the same Markdown: one scratch
page per case (no layout), `jekyll build`, the page's bytes pasted here. The cases run from GFM tables
(alignment, extra and missing cells, code spans and escaped pipes in cells, `|---|` and `|===|` lines,
IALs) to kramdown's rule that any line with an unescaped `|` outside code is a table row, with or without
a separator line, as long as a blank line (or its container's start) stands before it and after it:
prose such as `p(x|y) is ...` becomes a table on GitHub Pages, but not after a paragraph line.
"""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown

CASES = [
    ('| a | b |\n|---|---|\n| c | d |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('a | b\n---|---\nc | d\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n',
     '<table>\n  <thead>\n    <tr>\n      <th style="text-align: left">a</th>\n'
     '      <th style="text-align: center">b</th>\n      <th style="text-align: right">c</th>\n    </tr>\n'
     '  </thead>\n  <tbody>\n    <tr>\n      <td style="text-align: left">1</td>\n'
     '      <td style="text-align: center">2</td>\n      <td style="text-align: right">3</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| c | d | e |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n      <th>\xa0</th>\n    </tr>\n'
     '  </thead>\n  <tbody>\n    <tr>\n      <td>c</td>\n      <td>d</td>\n      <td>e</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('| a | b | c |\n|---|---|---|\n| d |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n      <th>c</th>\n    </tr>\n'
     '  </thead>\n  <tbody>\n    <tr>\n      <td>d</td>\n      <td>\xa0</td>\n      <td>\xa0</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| c |  |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>\xa0</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| `a|b` | c |\n|---|---|\n| d | e |\n',
     '<table>\n  <thead>\n    <tr>\n'
     '      <th><code class="language-plaintext highlighter-rouge">a|b</code></th>\n      <th>c</th>\n'
     '    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <td>d</td>\n      <td>e</td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('| a \\| b | c |\n|---|---|\n| d | e |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a | b</th>\n      <th>c</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>d</td>\n      <td>e</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| **a** | _b_ |\n|---|---|\n| [l](u) | `c` |\n',
     '<table>\n  <thead>\n    <tr>\n      <th><strong>a</strong></th>\n      <th><em>b</em></th>\n    </tr>\n'
     '  </thead>\n  <tbody>\n    <tr>\n      <td><a href="u">l</a></td>\n'
     '      <td><code class="language-plaintext highlighter-rouge">c</code></td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('| a | b |\n|---|---|\n| c | d |\n|===|===|\n| f | g |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n  <tfoot>\n    <tr>\n'
     '      <td>f</td>\n      <td>g</td>\n    </tr>\n  </tfoot>\n</table>\n'),
    ('| a | b |\n|---|---|\n| c | d |\n|---|---|\n| e | f |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n  <tbody>\n    <tr>\n'
     '      <td>e</td>\n      <td>f</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| c | d |\n{: .cls}\n',
     '<table class="cls">\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n'
     '  <tbody>\n    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('para\n| a | b |\n|---|---|\n| c | d |\n', '<p>para\n| a | b |\n|—|—|\n| c | d |</p>\n'),
    ('para\n\n| a | b |\n|---|---|\n| c | d |\nafter\n',
     '<p>para</p>\n\n<p>| a | b |\n|—|—|\n| c | d |\nafter</p>\n'),
    ('- item\n\n  | a | b |\n  |---|---|\n  | c | d |\n',
     '<ul>\n  <li>\n    <p>item</p>\n\n    <table>\n      <thead>\n        <tr>\n          <th>a</th>\n'
     '          <th>b</th>\n        </tr>\n      </thead>\n      <tbody>\n        <tr>\n          <td>c</td>\n'
     '          <td>d</td>\n        </tr>\n      </tbody>\n    </table>\n  </li>\n</ul>\n'),
    ('> | a | b |\n> |---|---|\n> | c | d |\n',
     '<blockquote>\n  <table>\n    <thead>\n      <tr>\n        <th>a</th>\n        <th>b</th>\n      </tr>\n'
     '    </thead>\n    <tbody>\n      <tr>\n        <td>c</td>\n        <td>d</td>\n      </tr>\n    </tbody>\n'
     '  </table>\n</blockquote>\n'),
    ('# H\n| a | b |\n|---|---|\n| c | d |\n', '<h1 id="h">H</h1>\n<p>| a | b |\n|—|—|\n| c | d |</p>\n'),
    ('| a | b |\n| c | d |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n    <tr>\n      <td>c</td>\n'
     '      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('a | b\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('p(x|y) is the posterior.\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>p(x</td>\n      <td>y) is the posterior.</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('The posterior p(x|y) is proportional\nto p(y|x) p(x).\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>The posterior p(x</td>\n      <td>y) is proportional</td>\n'
     '    </tr>\n    <tr>\n      <td>to p(y</td>\n      <td>x) p(x).</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('Some text\nwith p(x|y) on line two.\n', '<p>Some text\nwith p(x|y) on line two.</p>\n'),
    ('a $$x|y$$ b\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a $$x</td>\n      <td>y$$ b</td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('use `a|b` here\n', '<p>use <code class="language-plaintext highlighter-rouge">a|b</code> here</p>\n'),
    ('use \\| here\n', '<p>use | here</p>\n'),
    ('a\\|b and c\n', '<p>a|b and c</p>\n'),
    ('|x\n', '<table>\n  <tbody>\n    <tr>\n      <td>x</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('x|\n', '<table>\n  <tbody>\n    <tr>\n      <td>x</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('a || b\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>\xa0</td>\n      <td>b</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('E = mc<sup>2</sup> q(x<sub>t</sub>|x<sub>0</sub>)\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>E = mc<sup>2</sup> q(x<sub>t</sub></td>\n'
     '      <td>x<sub>0</sub>)</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('<span>a|b</span> c\n', '<p><span>a|b</span> c</p>\n'),
    ('- a | b\n',
     '<ul>\n  <li>\n    <table>\n      <tbody>\n        <tr>\n          <td>a</td>\n          <td>b</td>\n'
     '        </tr>\n      </tbody>\n    </table>\n  </li>\n</ul>\n'),
    ('> a | b\n',
     '<blockquote>\n  <table>\n    <tbody>\n      <tr>\n        <td>a</td>\n        <td>b</td>\n      </tr>\n'
     '    </tbody>\n  </table>\n</blockquote>\n'),
    ('text\n\na | b\nc d\n', '<p>text</p>\n\n<p>a | b\nc d</p>\n'),
    ('    code | x\n',
     '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>code | x\n'
     '</code></pre></div></div>\n'),
    ('[a|b](u)\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>[a</td>\n      <td>b](u)</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('**a|b**\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>**a</td>\n      <td>b**</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('Term\n: def | x\n',
     '<dl>\n  <dt>Term</dt>\n  <dd>\n    <table>\n      <tbody>\n        <tr>\n          <td>def</td>\n'
     '          <td>x</td>\n        </tr>\n      </tbody>\n    </table>\n  </dd>\n</dl>\n'),
    ('| a | b |\nplain line\n', '<p>| a | b |\nplain line</p>\n'),
    ('| a | b |\n|---|---|\n| c | d |\nplain line\n', '<p>| a | b |\n|—|—|\n| c | d |\nplain line</p>\n'),
    ('a | b\n---|---\n', '<p>a | b\n—|—</p>\n'),
    ('| a |\n|---|\n', '<p>| a |\n|—|</p>\n'),
    ('| a | b\n|---|---\n| c | d\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| $$x|y$$ | b |\n|---|---|\n| c | d |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>$$x</th>\n      <th>y$$</th>\n      <th>b</th>\n    </tr>\n'
     '  </thead>\n  <tbody>\n    <tr>\n      <td>c</td>\n      <td>d</td>\n      <td>\xa0</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('| a | b |\n|--|--|\n| c | d |\n{: #tid .x}\n',
     '<table id="tid" class="x">\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n'
     '  </thead>\n  <tbody>\n    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('{: .before}\n| a | b |\n|---|---|\n| c | d |\n',
     '<table class="before">\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n'
     '  <tbody>\n    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('word|\n', '<table>\n  <tbody>\n    <tr>\n      <td>word</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('## Heading | x\n', '<h2 id="heading--x">Heading | x</h2>\n'),
    ('para\n\n| a |\n',
     '<p>para</p>\n\n<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n', '<p>| a | b |\n|—|—|</p>\n'),
    ('We model p(x_t|x_0) with a network.\n\nNext paragraph.\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>We model p(x_t</td>\n      <td>x_0) with a network.</td>\n'
     '    </tr>\n  </tbody>\n</table>\n\n<p>Next paragraph.</p>\n'),
    ('First line\np(x|y) second line\n', '<p>First line\np(x|y) second line</p>\n'),
    ('p(x|y) first line\nsecond line no pipe\n', '<p>p(x|y) first line\nsecond line no pipe</p>\n'),
    ('Intro.\n\np(a|b)\np(c|d)\n\nEnd.\n',
     '<p>Intro.</p>\n\n<table>\n  <tbody>\n    <tr>\n      <td>p(a</td>\n      <td>b)</td>\n    </tr>\n'
     '    <tr>\n      <td>p(c</td>\n      <td>d)</td>\n    </tr>\n  </tbody>\n</table>\n\n<p>End.</p>\n'),
    ('A `p(x|y)` and p(z|w)\n',
     '<table>\n  <tbody>\n    <tr>\n'
     '      <td>A <code class="language-plaintext highlighter-rouge">p(x|y)</code> and p(z</td>\n'
     '      <td>w)</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('Only `x|y` in code\nand `z|w` too\n',
     '<p>Only <code class="language-plaintext highlighter-rouge">x|y</code> in code\n'
     'and <code class="language-plaintext highlighter-rouge">z|w</code> too</p>\n'),
    ('a | b\n`c|d`\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n    <tr>\n'
     '      <td><code class="language-plaintext highlighter-rouge">c|d</code></td>\n      <td>\xa0</td>\n'
     '    </tr>\n  </tbody>\n</table>\n'),
    ('<b>a|b</b> rest\n', '<p><b>a|b</b> rest</p>\n'),
    ('<b>a</b>|<i>b</i>\n',
     '<table>\n  <tbody>\n    <tr>\n      <td><b>a</b></td>\n      <td><i>b</i></td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('x <code>a|b</code> | y\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>x <code>a|b</code></td>\n      <td>y</td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('- item\n\n  a | b\n  c | d\n\n- next\n',
     '<ul>\n  <li>\n    <p>item</p>\n\n    <table>\n      <tbody>\n        <tr>\n          <td>a</td>\n'
     '          <td>b</td>\n        </tr>\n        <tr>\n          <td>c</td>\n          <td>d</td>\n'
     '        </tr>\n      </tbody>\n    </table>\n  </li>\n  <li>\n    <p>next</p>\n  </li>\n</ul>\n'),
    ('- item\n  a | b\n', '<ul>\n  <li>item\na | b</li>\n</ul>\n'),
    ('> | a | b |\n> |---|---|\n> | c | d |\n>\n> after\n',
     '<blockquote>\n  <table>\n    <thead>\n      <tr>\n        <th>a</th>\n        <th>b</th>\n      </tr>\n'
     '    </thead>\n    <tbody>\n      <tr>\n        <td>c</td>\n        <td>d</td>\n      </tr>\n    </tbody>\n'
     '  </table>\n\n  <p>after</p>\n</blockquote>\n'),
    ('| a | b |\n|---|---|\n| c | d |\n# H\n', '<p>| a | b |\n|—|—|\n| c | d |</p>\n<h1 id="h">H</h1>\n'),
    ('|===|===|\n| a | b |\n', '<p>|===|===|\n| a | b |</p>\n'),
    ('| a | b |\n|---|---|\n|===|===|\n| c | d |\n', '<p>| a | b |\n|—|—|\n|===|===|\n| c | d |</p>\n'),
    ('| a | b |\n|---|---|\n| c | d |\n|===|===|\n| e | f |\n|---|---|\n| g | h |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n  <tfoot>\n    <tr>\n'
     '      <td>e</td>\n      <td>f</td>\n    </tr>\n    <tr>\n      <td>g</td>\n      <td>h</td>\n    </tr>\n'
     '  </tfoot>\n</table>\n'),
    ('| h1 | h2 |\n|:---|---:|\n| left | right | extra |\n',
     '<table>\n  <thead>\n    <tr>\n      <th style="text-align: left">h1</th>\n'
     '      <th style="text-align: right">h2</th>\n      <th>\xa0</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td style="text-align: left">left</td>\n      <td style="text-align: right">right</td>\n'
     '      <td>extra</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| c |\n| d | e | f | g |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n      <th>\xa0</th>\n'
     '      <th>\xa0</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <td>c</td>\n      <td>\xa0</td>\n'
     '      <td>\xa0</td>\n      <td>\xa0</td>\n    </tr>\n    <tr>\n      <td>d</td>\n      <td>e</td>\n'
     '      <td>f</td>\n      <td>g</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| c ` d | e ` | f |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n      <th>\xa0</th>\n    </tr>\n'
     '  </thead>\n  <tbody>\n    <tr>\n      <td>c ` d</td>\n      <td>e `</td>\n      <td>f</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| \\`c | d` | e |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>`c | d`</td>\n      <td>e</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a\\\\| b |\n', '<table>\n  <tbody>\n    <tr>\n      <td>a| b</td>\n    </tr>\n  </tbody>\n</table>\n'),
    (' | a | b |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('   a | b\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| *a | b* |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>*a</td>\n      <td>b*</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a\t| b\t|\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| — | x |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>—</td>\n      <td>x</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| "q" | \'q\' |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>“q”</td>\n      <td>‘q’</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('[^1]: note | x\n\ntext[^1]\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>[^1]: note</td>\n      <td>x</td>\n    </tr>\n  </tbody>\n'
     '</table>\n\n<p>text[^1]</p>\n'),
    ('Hello world.\n\nThis | that | other.\nLine two.\n',
     '<p>Hello world.</p>\n\n<p>This | that | other.\nLine two.</p>\n'),
    ('$$\na|b\n$$\n', '\\[a|b\\]\n'),
    ('text\n\n$$x|y$$\n', '<p>text</p>\n\n\\[x|y\\]\n'),
    ('<div>\na|b\n</div>\n', '<div>\na|b\n</div>\n'),
    ('foo\\|bar|baz\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>foo|bar</td>\n      <td>baz</td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('a | b\n{: .c}\n\ntext\n',
     '<table class="c">\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n'
     '</table>\n\n<p>text</p>\n'),
    ('setext | head\n===\n', '<h1 id="setext--head">setext | head</h1>\n'),
    ('setext | head\n---\n', '<h2 id="setext--head">setext | head</h2>\n'),
    ('Term | x\n: def\n', '<dl>\n  <dt>Term | x</dt>\n  <dd>def</dd>\n</dl>\n'),
    ('a | b\n***\n', '<p>a | b\n***</p>\n'),
    ('|  | b |\n|---|---|\n|  | d |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>\xa0</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>\xa0</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| ** | b |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>**</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('|\n', '<table>\n  <tbody>\n    <tr>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| |\n', '<table>\n  <tbody>\n    <tr>\n      <td>\xa0</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('\\| a | b\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>| a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('a \\| b | c\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a | b</td>\n      <td>c</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('The KL term $$D_{KL}(q(x_{t-1}|x_t, x_0) \\| p_\\theta(x_{t-1}|x_t))$$ is tractable.\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>The KL term $$D_{KL}(q(x_{t-1}</td>\n'
     '      <td>x_t, x_0) | p_\\theta(x_{t-1}</td>\n      <td>x_t))$$ is tractable.</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('| Model | FVD |\n|-------|-----|\n| **Ours** | *120* |\n| [link](http://x.com) | `code` |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>Model</th>\n      <th>FVD</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td><strong>Ours</strong></td>\n      <td><em>120</em></td>\n    </tr>\n    <tr>\n'
     '      <td><a href="http://x.com">link</a></td>\n'
     '      <td><code class="language-plaintext highlighter-rouge">code</code></td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('* Item one\n* Item two\n\n| x | y |\n|---|---|\n| 1 | 2 |\n',
     '<ul>\n  <li>Item one</li>\n  <li>Item two</li>\n</ul>\n\n<table>\n  <thead>\n    <tr>\n      <th>x</th>\n'
     '      <th>y</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <td>1</td>\n      <td>2</td>\n'
     '    </tr>\n  </tbody>\n</table>\n'),
    ('> Note\n>\n> | x | y |\n> |---|---|\n> | 1 | 2 |\n',
     '<blockquote>\n  <p>Note</p>\n\n  <table>\n    <thead>\n      <tr>\n        <th>x</th>\n'
     '        <th>y</th>\n      </tr>\n    </thead>\n    <tbody>\n      <tr>\n        <td>1</td>\n'
     '        <td>2</td>\n      </tr>\n    </tbody>\n  </table>\n</blockquote>\n'),
    ('a|b|c\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n      <td>c</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('If a || b then c.\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>If a</td>\n      <td>\xa0</td>\n      <td>b then c.</td>\n'
     '    </tr>\n  </tbody>\n</table>\n'),
    ('Use `|` to separate.\n',
     '<p>Use <code class="language-plaintext highlighter-rouge">|</code> to separate.</p>\n'),
    ('Use `cmd | grep x` to filter.\n',
     '<p>Use <code class="language-plaintext highlighter-rouge">cmd | grep x</code> to filter.</p>\n'),
    ('Run `ls | wc -l` and `cat a | b`.\n',
     '<p>Run <code class="language-plaintext highlighter-rouge">ls | wc -l</code> and <code class="language-plaintext highlighter-rouge">cat a | b</code>.</p>\n'),
    ('"Quoted" | text -- with dashes...\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>“Quoted”</td>\n      <td>text – with dashes…</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| "c" | d -- e |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>“c”</td>\n      <td>d – e</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| &#124; | d |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>|</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| Col &#124; x | b |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>Col | x</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| c | d |\n\n| e | f |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n\n<table>\n  <tbody>\n'
     '    <tr>\n      <td>e</td>\n      <td>f</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('---\n\n| a | b |\n',
     '<hr />\n\n<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('| a | b |\n|---|---|\n| c | d |\n\n[link]: http://x.com\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n\n'),
    ('<div markdown="1">\n| a | b |\n|---|---|\n| c | d |\n</div>\n',
     '<div>\n  <p>| a | b |\n|—|—|\n| c | d |</p>\n</div>\n'),
    ('| a | b |\n| :- | -: |\n| c | d |\n',
     '<table>\n  <thead>\n    <tr>\n      <th style="text-align: left">a</th>\n'
     '      <th style="text-align: right">b</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n'
     '      <td style="text-align: left">c</td>\n      <td style="text-align: right">d</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n| c | d |\n| e |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>c</td>\n      <td>d</td>\n    </tr>\n    <tr>\n      <td>e</td>\n      <td>\xa0</td>\n'
     '    </tr>\n  </tbody>\n</table>\n'),
    ('| a |\n|---|\n| b | c |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>\xa0</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>b</td>\n      <td>c</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('- a\n  - b | c\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>\n        <table>\n          <tbody>\n            <tr>\n'
     '              <td>b</td>\n              <td>c</td>\n            </tr>\n          </tbody>\n'
     '        </table>\n      </li>\n    </ul>\n  </li>\n</ul>\n'),
    ('| x |   |\n|   | y |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>x</td>\n      <td>\xa0</td>\n    </tr>\n    <tr>\n'
     '      <td>\xa0</td>\n      <td>y</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a $$\\vert x$$ | b |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a \\(\\vert x\\)</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('| $$a \\mid b$$ | c |\n|---|---|\n| d | e |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>\\(a \\mid b\\)</th>\n      <th>c</th>\n    </tr>\n  </thead>\n'
     '  <tbody>\n    <tr>\n      <td>d</td>\n      <td>e</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('Some math $$a\\|b$$ here.\n', '<p>Some math \\(a\\|b\\) here.</p>\n'),
    ('  a | b\n  c | d\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n    <tr>\n      <td>c</td>\n'
     '      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('a | b\n   c | d\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n    <tr>\n      <td>c</td>\n'
     '      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('a | b\n        c | d\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n    <tr>\n      <td>c</td>\n'
     '      <td>d</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('|a|\n|b|\n|c|\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a</td>\n    </tr>\n    <tr>\n      <td>b</td>\n    </tr>\n'
     '    <tr>\n      <td>c</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\n|   |   |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>\xa0</td>\n      <td>\xa0</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('a\n{: .c}\n| b | c |\n', '<p class="c">a</p>\n<p>| b | c |</p>\n'),
    ('{: .c}\nUse `a|b` here\n', '<p>Use <code class="language-plaintext highlighter-rouge">a|b</code> here</p>\n'),
    ('{: .c}\n| a | b |\n',
     '<table class="c">\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('<span>a|b</span>\n<br> | c\n',
     '<table>\n  <tbody>\n    <tr>\n      <td><span>a</span></td>\n      <td>b&lt;/span&gt;</td>\n    </tr>\n'
     '    <tr>\n      <td><br /></td>\n      <td>c</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n{: .c}\n| c | d |\n',
     '<table class="c">\n  <tbody>\n    <tr>\n      <td>a</td>\n      <td>b</td>\n    </tr>\n  </tbody>\n'
     '</table>\n<p>| c | d |</p>\n'),
    ('x\n\n{: .c}\np(x|y) prose\n',
     '<p>x</p>\n\n<table class="c">\n  <tbody>\n    <tr>\n      <td>p(x</td>\n      <td>y) prose</td>\n'
     '    </tr>\n  </tbody>\n</table>\n'),
    ('x\n\n{: .c}\nplain a\\|b\n', '<p>x</p>\n\n<p class="c">plain a|b</p>\n'),
    ('- a | b\nc | d\n',
     '<ul>\n  <li>\n    <table>\n      <tbody>\n        <tr>\n          <td>a</td>\n          <td>b</td>\n'
     '        </tr>\n        <tr>\n          <td>c</td>\n          <td>d</td>\n        </tr>\n      </tbody>\n'
     '    </table>\n  </li>\n</ul>\n'),
    ('> a | b\nc | d\n',
     '<blockquote>\n  <table>\n    <tbody>\n      <tr>\n        <td>a</td>\n        <td>b</td>\n      </tr>\n'
     '      <tr>\n        <td>c</td>\n        <td>d</td>\n      </tr>\n    </tbody>\n  </table>\n</blockquote>\n'),
    ('- a | b\nc d\n', '<ul>\n  <li>a | b\nc d</li>\n</ul>\n'),
    ('- a | b\n- c | d\n',
     '<ul>\n  <li>\n    <table>\n      <tbody>\n        <tr>\n          <td>a</td>\n          <td>b</td>\n'
     '        </tr>\n      </tbody>\n    </table>\n  </li>\n  <li>\n    <table>\n      <tbody>\n        <tr>\n'
     '          <td>c</td>\n          <td>d</td>\n        </tr>\n      </tbody>\n    </table>\n  </li>\n</ul>\n'),
    ('1. a | b\n   c | d\n\n2. e\n',
     '<ol>\n  <li>\n    <table>\n      <tbody>\n        <tr>\n          <td>a</td>\n          <td>b</td>\n'
     '        </tr>\n        <tr>\n          <td>c</td>\n          <td>d</td>\n        </tr>\n      </tbody>\n'
     '    </table>\n  </li>\n  <li>e</li>\n</ol>\n'),
    ('> a | b\n> c | d\n\ntext\n',
     '<blockquote>\n  <table>\n    <tbody>\n      <tr>\n        <td>a</td>\n        <td>b</td>\n      </tr>\n'
     '      <tr>\n        <td>c</td>\n        <td>d</td>\n      </tr>\n    </tbody>\n  </table>\n</blockquote>\n'
     '\n<p>text</p>\n'),
    ('a<b | c\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>a&lt;b</td>\n      <td>c</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('x\n\na<b |  \\*n\\* |  <sub>2</sub>\n',
     '<p>x</p>\n\n<table>\n  <tbody>\n    <tr>\n      <td>a&lt;b</td>\n      <td>*n*</td>\n'
     '      <td><sub>2</sub></td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| a | b |\n|---|---|\na<b | c <i>d</i> |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>a&lt;b</td>\n      <td>c <i>d</i></td>\n    </tr>\n  </tbody>\n</table>\n'),
]


@pytest.mark.parametrize(("source", "kramdown"), CASES)
def test_tables_as_kramdown_writes_them(source: str, kramdown: str) -> None:
    assert render_markdown(source, path="post.md") == kramdown
