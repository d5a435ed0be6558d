"""kramdown 2.4's block layout: indents, blank lines and line breaks as GitHub Pages writes them.

Every expected string here is the real kramdown's output: Jekyll 4.3.1 with kramdown 2.4.0 and
kramdown-parser-gfm (input GFM, hard_wrap false) converting the same Markdown.
"""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown


@pytest.mark.parametrize(("source", "kramdown"), [
    # paragraphs and a tight list
    ('a\n\nb\n\n* x\n* y\n',
     '<p>a</p>\n\n<p>b</p>\n\n<ul>\n  <li>x</li>\n  <li>y</li>\n</ul>\n'),
    # nested tight lists: the text, then the sublist on its own line
    ('* a\n  * b\n    * c\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>b\n        <ul>\n          <li>c</li>\n        </ul>\n'
     '      </li>\n    </ul>\n  </li>\n</ul>\n'),
    # loose items: paragraphs on their own lines
    ('* a\n\n* b\n  * c\n\n    para in c\n',
     '<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li>\n    <p>b</p>\n    <ul>\n      <li>\n'
     '        <p>c</p>\n\n        <p>para in c</p>\n      </li>\n    </ul>\n  </li>\n</ul>\n'),
    # nested quotes and their blank lines
    ('> a\n>\n> > nested\n> > more\n>\n> b\n',
     '<blockquote>\n  <p>a</p>\n\n  <blockquote>\n    <p>nested\nmore</p>\n  </blockquote>\n\n'
     '  <p>b</p>\n</blockquote>\n'),
    # a quote's first and last blank lines
    ('>\n> a\n>\n\nb\n',
     '<blockquote>\n\n  <p>a</p>\n\n</blockquote>\n\n<p>b</p>\n'),
    # definition list
    ('term\n: definition\n\nterm2\n: def2a\n: def2b\n',
     '<dl>\n  <dt>term</dt>\n  <dd>definition</dd>\n  <dt>term2</dt>\n  <dd>def2a</dd>\n'
     '  <dd>def2b</dd>\n</dl>\n'),
    # a blank-line run split by a link definition stays one
    ('\n\nleading\n\n[x]: /u\n\nb\n\n\n',
     '\n<p>leading</p>\n\n<p>b</p>\n\n'),
    # a block IAL line writes no blank
    ('para\n{: .cls}\n\nanother\n---\n',
     '<p class="cls">para</p>\n\n<h2 id="another">another</h2>\n'),
    # markdown="1": the content laid out as the element's children
    ('<div markdown="1">\n\ninner *md*\n\n- a\n</div>\nb\n',
     '<div>\n\n  <p>inner <em>md</em></p>\n\n  <ul>\n    <li>a</li>\n  </ul>\n</div>\n<p>b</p>\n'),
    # raw HTML indented in an item; no spaces after its last tag
    ('* item\n\n  <!-- c -->\n\n<!-- more -->  \n',
     '<ul>\n  <li>\n    <p>item</p>\n\n    <!-- c -->\n  </li>\n</ul>\n\n<!-- more -->\n'),
    # line breaks keep the spaces around them
    ('a \n   b  \n  c\\\n d\n',
     '<p>a \n   b<br />\n  c<br />\n d</p>\n'),
    # table of contents
    ('* TOC\n{:toc}\n\n# A\n\n## B\n',
     '<ul id="markdown-toc">\n  <li><a href="#a" id="markdown-toc-a">A</a>    <ul>\n'
     '      <li><a href="#b" id="markdown-toc-b">B</a></li>\n    </ul>\n  </li>\n</ul>\n\n'
     '<h1 id="a">A</h1>\n\n<h2 id="b">B</h2>\n'),
    # tables, one inside a quote
    ('| a | b |\n|---|---|\n| 1 | 2 |\n\n> | c |\n> |---|\n> | 3 |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n'
     '  <tbody>\n    <tr>\n      <td>1</td>\n      <td>2</td>\n    </tr>\n  </tbody>\n</table>\n\n'
     '<blockquote>\n  <table>\n    <thead>\n      <tr>\n        <th>c</th>\n      </tr>\n    </thead>\n'
     '    <tbody>\n      <tr>\n        <td>3</td>\n      </tr>\n    </tbody>\n  </table>\n'
     '</blockquote>\n'),
    # hr and a heading
    ('# H\n\n---\n\ntext\n',
     '<h1 id="h">H</h1>\n\n<hr />\n\n<p>text</p>\n'),
    # an HTML block's first line loses its indent
    ('a\n\n  <details>\n  x\n  </details>\n\nb\n',
     '<p>a</p>\n\n<details>\n  x\n  </details>\n\n<p>b</p>\n'),
    # Windows line ends: blank lines all the same
    ('a\r\n\r\n* b\r\n',
     '<p>a</p>\n\n<ul>\n  <li>b</li>\n</ul>\n'),
    # an empty cell holds a U+00A0
    ('| | b |\n|---|---|\n| y |  |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>\xa0</th>\n      <th>b</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>y</td>\n      <td>\xa0</td>\n    </tr>\n  </tbody>\n</table>\n'),
    # a lazy line keeps its indent
    ('* a\n b\n* c\n',
     '<ul>\n  <li>a\n b</li>\n  <li>c</li>\n</ul>\n'),
])
def test_block_layout_is_kramdowns(source: str, kramdown: str) -> None:
    assert render_markdown(source, path="post.md") == kramdown


def test_code_block_in_an_item_pads_its_closing_div():
    # kramdown 2.4 (Jekyll 4.3.1): `    <div class="language-ruby highlighter-rouge"><div class="highlight">…
    # </code></pre></div>    </div>` (its Rouge spans differ from Pygments', so only the frame is checked)
    html = render_markdown("* item\n\n  ```ruby\n  x = 1\n  ```\n", path="post.md")
    assert html.startswith('<ul>\n  <li>\n    <p>item</p>\n\n    <div class="language-ruby highlighter-rouge">')
    assert html.endswith("</code></pre></div>    </div>\n  </li>\n</ul>\n")


def test_code_span_across_lines_keeps_its_line_breaks():
    # kramdown 2.4 (Jekyll 4.3.1): `<p>a <code class="language-plaintext highlighter-rouge">b\n  c</code> d</p>`
    code = '<code class="language-plaintext highlighter-rouge">'
    assert render_markdown("a ``b\n  c`` d\n", path="post.md") == f"<p>a {code}b\n  c</code> d</p>\n"
    assert render_markdown("> a `b\n> c` d\n", path="post.md") == (
        f"<blockquote>\n  <p>a {code}b\nc</code> d</p>\n</blockquote>\n")


def test_footnotes_section_layout():
    # kramdown 2.4's bytes (Jekyll 4.3.1): a U+00A0 before the back link
    html = render_markdown("Text[^1].\n\n[^1]: Note.\n\n    second para\n", path="post.md")
    assert html == (
        '<p>Text<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a>'
        '</sup>.</p>\n\n<div class="footnotes" role="doc-endnotes">\n  <ol>\n    <li id="fn:1" role="doc-endnote">\n'
        '      <p>Note.</p>\n\n      <p>second para\xa0<a href="#fnref:1" class="reversefootnote" '
        'role="doc-backlink">&#8617;</a></p>\n    </li>\n  </ol>\n</div>\n'
    )


def test_a_note_ending_in_a_list_gets_its_back_link_in_a_paragraph():
    # kramdown 2.4's bytes (Jekyll 4.3.1)
    html = render_markdown("Text[^1]\n\n[^1]: Note\n\n    * a\n    * b\n", path="post.md")
    assert html.endswith(
        '    <li id="fn:1" role="doc-endnote">\n      <p>Note</p>\n\n      <ul>\n        <li>a</li>\n'
        '        <li>b</li>\n      </ul>\n      <p><a href="#fnref:1" class="reversefootnote" role="doc-backlink">'
        '&#8617;</a></p>\n    </li>\n  </ol>\n</div>\n')
