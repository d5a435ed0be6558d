"""kramdown's smaller habits: quotes beside spans, image alt text, span IALs on HTML tags,
paragraph ends, text after a block HTML element.

Every expected string is the real output of `jekyll build` (Jekyll 4.3.1, kramdown 2.4.0,
kramdown-parser-gfm 1.1.0; GitHub Pages' settings: input GFM, hard_wrap false, math_engine mathjax)
for the same Markdown alone in a page, recorded by hand from a scratch site.
"""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown

# A quote where kramdown's span scan starts closes before punctuation and a non-word character.
QUOTES = [
    ('"$$x$$"\n', '<p>”\\(x\\)”</p>\n'),
    ('a "$$x$$" b\n', '<p>a “\\(x\\)” b</p>\n'),
    ('"`x`"\n', '<p>“<code class="language-plaintext highlighter-rouge">x</code>”</p>\n'),
    ('a "`x`" b\n', '<p>a “<code class="language-plaintext highlighter-rouge">x</code>” b</p>\n'),
    ('"[a](b)"\n', '<p>“<a href="b">a</a>”</p>\n'),
    ('a "[a](b)" b\n', '<p>a “<a href="b">a</a>” b</p>\n'),
    ('"*a*"\n', '<p>“<em>a</em>”</p>\n'),
    ('a "*a*" b\n', '<p>a “<em>a</em>” b</p>\n'),
    ('"<b>x</b>"\n', '<p>“<b>x</b>”</p>\n'),
    ('a "<b>x</b>" b\n', '<p>a “<b>x</b>” b</p>\n'),
    ("'`x`'\n", '<p>‘<code class="language-plaintext highlighter-rouge">x</code>’</p>\n'),
    ("a '`x`' b\n", '<p>a ‘<code class="language-plaintext highlighter-rouge">x</code>’ b</p>\n'),
    ("'$$x$$'\n", '<p>’\\(x\\)’</p>\n'),
    ('"**a**"\n', '<p>“<strong>a</strong>”</p>\n'),
    ('a "**a**" b\n', '<p>a “<strong>a</strong>” b</p>\n'),
    ('`x`"\n', '<p><code class="language-plaintext highlighter-rouge">x</code>”</p>\n'),
    ('a`x`"b"\n', '<p>a<code class="language-plaintext highlighter-rouge">x</code>“b”</p>\n'),
    ('"![a](b)"\n', '<p>”<img src="b" alt="a" />”</p>\n'),
    ("it's `x`'s\n", '<p>it’s <code class="language-plaintext highlighter-rouge">x</code>’s</p>\n'),
    ('("`x`")\n', '<p>(“<code class="language-plaintext highlighter-rouge">x</code>”)</p>\n'),
    ('"x" `y` "z"\n',
     '<p>“x” <code class="language-plaintext highlighter-rouge">y</code> “z”</p>\n'),
    ('"`x` y"\n', '<p>“<code class="language-plaintext highlighter-rouge">x</code> y”</p>\n'),
    ('x "`y`"\n', '<p>x “<code class="language-plaintext highlighter-rouge">y</code>”</p>\n'),
    ('"_a_ b"\n', '<p>“<em>a</em> b”</p>\n'),
    ('say "<em>hi</em>"\n', '<p>say “<em>hi</em>”</p>\n'),
    ('"&amp;"\n', '<p>“&amp;”</p>\n'),
    ('"\\*"\n', '<p>”*”</p>\n'),
    ('"--flag" is set\n', '<p>”–flag” is set</p>\n'),
    ('"./run.sh" runs\n', '<p>”./run.sh” runs</p>\n'),
    ('"...and" so\n', '<p>“…and” so</p>\n'),
    ('# "$$x$$" in h\n', '<h1 id="x-in-h">”\\(x\\)” in h</h1>\n'),
    ('- "$$x$$" item\n', '<ul>\n  <li>”\\(x\\)” item</li>\n</ul>\n'),
    ('**b**"$$x$$"\n', '<p><strong>b</strong>”\\(x\\)”</p>\n'),
    ('*"$$x$$"*\n', '<p><em>”\\(x\\)”</em></p>\n'),
    ('["$$x$$"](u)\n', '<p><a href="u">”\\(x\\)”</a></p>\n'),
    ('a\n"$$x$$"\n', '<p>a\n“\\(x\\)”</p>\n'),
    ('"$$x$$" and "$$y$$"\n', '<p>”\\(x\\)” and “\\(y\\)”</p>\n'),
    ('"~~x~~"\n', '<p>”<del>x</del>”</p>\n'),
    ('"\\\\"\n', '<p>”\\”</p>\n'),
    ("'$$x$$' b\n", '<p>’\\(x\\)’ b</p>\n'),
    ('"#1" is\n', '<p>“#1” is</p>\n'),
    ('"(a)" b\n', '<p>“(a)” b</p>\n'),
    ('"**"\n', '<p>“**”</p>\n'),
    ('"<br>"\n', '<p>“<br />”</p>\n'),
    ('`a`"-b"\n', '<p><code class="language-plaintext highlighter-rouge">a</code>“-b”</p>\n'),
    ('"&copy;"\n', '<p>“©”</p>\n'),
    ('"\'a\'"\n', '<p>“‘a’”</p>\n'),
    ('"$$x$$", he said\n', '<p>”\\(x\\)”, he said</p>\n'),
    ('"@a"\n', '<p>“@a”</p>\n'),
    ('"%"\n', '<p>”%”</p>\n'),
    ('> "$$x$$"\n', '<blockquote>\n  <p>”\\(x\\)”</p>\n</blockquote>\n'),
    ('| a |\n|---|\n| "$$x$$" |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <td>”\\(x\\)”</td>\n    </tr>\n  </tbody>\n</table>\n'),
]

# An image's alt text is its label as written, backslash escapes removed, entities kept.
ALTS = [
    ('![$$x$$](i)\n', '<p><img src="i" alt="$$x$$" /></p>\n'),
    ('![a &copy; b](i)\n', '<p><img src="i" alt="a &copy; b" /></p>\n'),
    ('![a `code` b](i)\n', '<p><img src="i" alt="a `code` b" /></p>\n'),
    ('![a *em* b](i)\n', '<p><img src="i" alt="a *em* b" /></p>\n'),
    ('![a **st** b](i)\n', '<p><img src="i" alt="a **st** b" /></p>\n'),
    ('![a [l](u) b](i)\n', '<p><img src="i" alt="a [l](u) b" /></p>\n'),
    ('![a <b>x</b> b](i)\n', '<p><img src="i" alt="a &lt;b&gt;x&lt;/b&gt; b" /></p>\n'),
    ('![a "q" b](i)\n', '<p><img src="i" alt="a &quot;q&quot; b" /></p>\n'),
    ("![it's](i)\n", '<p><img src="i" alt="it\'s" /></p>\n'),
    ('![a & b](i)\n', '<p><img src="i" alt="a &amp; b" /></p>\n'),
    ('![a\\*b](i)\n', '<p><img src="i" alt="a*b" /></p>\n'),
    ('![a -- b](i)\n', '<p><img src="i" alt="a -- b" /></p>\n'),
    ('![a ... b](i)\n', '<p><img src="i" alt="a ... b" /></p>\n'),
    ('![x][r]\n\n[r]: i\n', '<p><img src="i" alt="x" /></p>\n\n'),
    ('![a *e* `c`][r]\n\n[r]: i\n', '<p><img src="i" alt="a *e* `c`" /></p>\n\n'),
    ('![a_b_c](i)\n', '<p><img src="i" alt="a_b_c" /></p>\n'),
    ('![a&amp;b](i)\n', '<p><img src="i" alt="a&amp;b" /></p>\n'),
    ('![a<b](i)\n', '<p><img src="i" alt="a&lt;b" /></p>\n'),
    ('![![x](y)](i)\n', '<p><img src="i" alt="![x](y)" /></p>\n'),
    ('[![alt *x*](i)](u)\n', '<p><a href="u"><img src="i" alt="alt *x*" /></a></p>\n'),
    ('![a\nb](i)\n', '<p><img src="i" alt="a\nb" /></p>\n'),
    ('![a\\_b](i)\n', '<p><img src="i" alt="a_b" /></p>\n'),
    ('![a](i "t")\n', '<p><img src="i" alt="a" title="t" /></p>\n'),
    ('![a](i){: .c}\n', '<p><img src="i" alt="a" class="c" /></p>\n'),
    ('![ a ](i)\n', '<p><img src="i" alt=" a " /></p>\n'),
    ('![](i)\n', '<p><img src="i" alt="" /></p>\n'),
    ('![a [b] c](i)\n', '<p><img src="i" alt="a [b] c" /></p>\n'),
    ('![x]\n\n[x]: i\n', '<p><img src="i" alt="x" /></p>\n\n'),
    ('![\\[x\\]](i)\n', '<p><img src="i" alt="[x]" /></p>\n'),
    ('![a\\\\b](i)\n', '<p><img src="i" alt="a\\b" /></p>\n'),
    ('![a $$x$$ b](i)\n', '<p><img src="i" alt="a $$x$$ b" /></p>\n'),
    ('![a `x`](i) "$$y$$"\n', '<p><img src="i" alt="a `x`" /> “\\(y\\)”</p>\n'),
    ('![a\'s "b"](i)\n', '<p><img src="i" alt="a\'s &quot;b&quot;" /></p>\n'),
]

# A span IAL right after an HTML tag applies to that element.
HTML_IALS = [
    ('<img src="a.png">{: .c}\n', '<p><img src="a.png" class="c" /></p>\n'),
    ('a <img src="a.png">{: .c} b\n', '<p>a <img src="a.png" class="c" /> b</p>\n'),
    ('<img src="a.png" />{: .c}\n', '<p><img src="a.png" class="c" /></p>\n'),
    ('<span>x</span>{: .c}\n', '<p><span class="c">x</span></p>\n'),
    ('a <b>x</b>{: .c}\n', '<p>a <b class="c">x</b></p>\n'),
    ('a <br>{: .c}\n', '<p>a <br class="c" /></p>\n'),
    ('<img src="a.png">{: width="50%"}\n', '<p><img src="a.png" width="50%" /></p>\n'),
    ('<img src="a.png" class="d">{: .c}\n', '<p><img src="a.png" class="d c" /></p>\n'),
    ('a <img src="a.png">{:#id}\n', '<p>a <img src="a.png" id="id" /></p>\n'),
    ('<img src="a.png">{: .c} b {: .d}\n', '<p><img src="a.png" class="c" /> b {: .d}</p>\n'),
    ('<a href="u">x</a>{: .c}\n', '<p><a href="u" class="c">x</a></p>\n'),
    ('<span class="a">x</span>{: .b}\n', '<p><span class="a b">x</span></p>\n'),
    ('<b>x</b>{: #i .c k="v"}\n', '<p><b id="i" class="c" k="v">x</b></p>\n'),
    ('a <span><span>x</span></span>{: .c}\n', '<p>a <span class="c"><span>x</span></span></p>\n'),
    ('<img src="a" alt="b">{:.c}\n', '<p><img src="a" alt="b" class="c" /></p>\n'),
    ('<br/>{: .c}\n', '<p><br class="c" /></p>\n'),
    ('x <b>y</b> {: .c}\n', '<p>x <b>y</b> {: .c}</p>\n'),
    ('<img src="a">\n{: .c}\n', '<p class="c"><img src="a" /></p>\n'),
    ('<input type="checkbox">{: .c}\n', '<p><input type="checkbox" class="c" /></p>\n'),
    ('{:ref: .r}\n<img src="a">{: ref}\n', '<p><img src="a" class="r" /></p>\n'),
    ('<i>x</i>{: style="color: red"}\n', '<p><i style="color: red">x</i></p>\n'),
]


@pytest.mark.parametrize(("source", "kramdown"), QUOTES)
def test_quotes_beside_spans_as_kramdown(source, kramdown):
    assert render_markdown(source, path="post.md") == kramdown


@pytest.mark.parametrize(("source", "kramdown"), ALTS)
def test_image_alt_as_written(source, kramdown):
    assert render_markdown(source, path="post.md") == kramdown


@pytest.mark.parametrize(("source", "kramdown"), HTML_IALS)
def test_span_ial_after_html_tag(source, kramdown):
    assert render_markdown(source, path="post.md") == kramdown


# A rule line never ends a paragraph unless it is also a list start; a setext header is one line
# after a block boundary, its underline not indented.
PARAGRAPH_ENDS = [
    ('a\nb\n===\n', '<p>a\nb\n===</p>\n'),
    ('a\nb\n---\n', '<p>a\nb\n—</p>\n'),
    ('a\nb\n\n---\n', '<p>a\nb</p>\n\n<hr />\n'),
    ('x\n\na\nb\n---\n', '<p>x</p>\n\n<p>a\nb\n—</p>\n'),
    ('a\n---\n', '<h2 id="a">a</h2>\n'),
    ('a\nb\nc\n---\n\nd\n', '<p>a\nb\nc\n—</p>\n\n<p>d</p>\n'),
    ('a\nb\n=\n', '<p>a\nb\n=</p>\n'),
    ('a\n***\n', '<p>a\n***</p>\n'),
    ('a\n___\n', '<p>a\n___</p>\n'),
    ('a\n---\n', '<h2 id="a">a</h2>\n'),
    ('a\n* * *\n', '<p>a</p>\n<hr />\n'),
    ('a\n- - -\n', '<p>a</p>\n<hr />\n'),
    ('a\n_ _ _\n', '<p>a\n_ _ _</p>\n'),
    ('a\n***\nb\n', '<p>a\n***\nb</p>\n'),
    ('a\n*****\n', '<p>a\n*****</p>\n'),
    ('a\n----------\n', '<h2 id="a">a</h2>\n'),
    ('a\n===\n', '<h1 id="a">a</h1>\n'),
    ('- a\n***\n', '<ul>\n  <li>a\n***</li>\n</ul>\n'),
    ('> a\n***\n', '<blockquote>\n  <p>a\n***</p>\n</blockquote>\n'),
    ('a\n  ***\n', '<p>a\n  ***</p>\n'),
    ('a\n---\nb\n---\n', '<h2 id="a">a</h2>\n<p>b\n—</p>\n'),
    ('- a\n- b\n\n---\n', '<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n\n<hr />\n'),
    ('> a\n> ***\n', '<blockquote>\n  <p>a\n***</p>\n</blockquote>\n'),
    ('a\n--\n', '<h2 id="a">a</h2>\n'),
    ('a\n    ***\n', '<p>a\n    ***</p>\n'),
    ('***\na\n', '<hr />\n<p>a</p>\n'),
    ('a\n***\n\nb\n', '<p>a\n***</p>\n\n<p>b</p>\n'),
    ('Title\n=====\ntext\n-----\n', '<h1 id="title">Title</h1>\n<p>text\n—–</p>\n'),
    ('a\n* * *\nb\n', '<p>a</p>\n<hr />\n<p>b</p>\n'),
    ('a  \nb\n---\n', '<p>a<br />\nb\n—</p>\n'),
    ('- a\n\n  b\n  ***\n', '<ul>\n  <li>\n    <p>a</p>\n\n    <p>b\n***</p>\n  </li>\n</ul>\n'),
    ('# h\n---\n', '<h1 id="h">h</h1>\n<hr />\n'),
    ('a\n---\n---\n', '<h2 id="a">a</h2>\n<hr />\n'),
    ('a\n\n***\n\nb\n', '<p>a</p>\n\n<hr />\n\n<p>b</p>\n'),
    ('a\n+ + +\n',
     '<p>a</p>\n<ul>\n  <li>\n    <ul>\n      <li>+</li>\n    </ul>\n  </li>\n</ul>\n'),
    ('a\n-- -\n', '<p>a\n– -</p>\n'),
    ('a\n- -\n', '<p>a</p>\n<ul>\n  <li>-</li>\n</ul>\n'),
    ('   a\n   ---\n', '<p>a\n   —</p>\n'),
    ('a\n   ===\n', '<p>a\n   ===</p>\n'),
    ('> a\n> b\n> ---\n', '<blockquote>\n  <p>a\nb\n—</p>\n</blockquote>\n'),
    ('- a\n  b\n  ---\n', '<ul>\n  <li>a\nb\n—</li>\n</ul>\n'),
    ('a\nb\n\n===\n', '<p>a\nb</p>\n\n<p>===</p>\n'),
    ('a\n***\n---\n', '<p>a\n***\n—</p>\n'),
    ('a\n  - - -\n', '<p>a</p>\n<hr />\n'),
    ('**bold**\n---\n', '<h2 id="bold"><strong>bold</strong></h2>\n'),
    ('a\nb\n----------\n', '<p>a\nb\n———-</p>\n'),
    ('a\n- * -\n',
     '<p>a</p>\n<ul>\n  <li>\n    <ul>\n      <li>-</li>\n    </ul>\n  </li>\n</ul>\n'),
]


@pytest.mark.parametrize(("source", "kramdown"), PARAGRAPH_ENDS)
def test_rules_and_setext_end_paragraphs_as_kramdown(source, kramdown):
    assert render_markdown(source, path="post.md") == kramdown


# `<s>` and `<strike>` are block tags at a line start; text after a block element on its line is a new block.
HTML_BLOCK_ENDS = [
    ('<s>old</s> <del>x</del>\n', '<s>old</s>\n<p><del>x</del></p>\n'),
    ('<strike>old</strike> b\n', '<strike>old</strike>\n<p>b</p>\n'),
    ('a <s>old</s> b\n', '<p>a <s>old</s> b</p>\n'),
    ('<s>x</s>\n', '<s>x</s>\n'),
    ('<S>x</S> y\n', '<S>x</S>\n<p>y</p>\n'),
    ('<s>a\nb</s>\n', '<s>a\nb</s>\n'),
    ('<s>x</s>\n\ny\n', '<s>x</s>\n\n<p>y</p>\n'),
    ('- <s>x</s> y\n', '<ul>\n  <li>\n    <s>x</s>\n    <p>y</p>\n  </li>\n</ul>\n'),
    ('> <s>x</s> y\n', '<blockquote>\n  <s>x</s>\n  <p>y</p>\n</blockquote>\n'),
    ('<s>*x*</s>\n', '<s>*x*</s>\n'),
    ('<font>x</font> y\n', '<font>x</font>\n<p>y</p>\n'),
    ('<div>x</div> y\n', '<div>x</div>\n<p>y</p>\n'),
    ('<strike>x</strike>\n', '<strike>x</strike>\n'),
    ('<s class="a">x</s> y\n', '<s class="a">x</s>\n<p>y</p>\n'),
    ('a\n<s>x</s> y\n', '<p>a</p>\n<s>x</s>\n<p>y</p>\n'),
    ('# <s>x</s>\n', '<h1 id="x"><s>x</s></h1>\n'),
    ('<s>x</s>{: .c}\n', '<s class="c">x</s>\n'),
    ('<s>x</s> **y**\n', '<s>x</s>\n<p><strong>y</strong></p>\n'),
    ('<del>x</del>\n', '<p><del>x</del></p>\n'),
    ('<s>\nx\n</s>\n', '<s>\nx\n</s>\n'),
    ('<section>a</section> b\nc\n\nd\n', '<section>a</section>\n<p>b\nc</p>\n\n<p>d</p>\n'),
    ('- a\n\n  <div>x</div> y\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <div>x</div>\n    <p>y</p>\n  </li>\n</ul>\n'),
    ('<div>a <div>b</div></div> c\n', '<div>a <div>b</div></div>\n<p>c</p>\n'),
    ('<div>a\n<div>b</div>\n</div> c\n', '<div>a\n<div>b</div>\n</div>\n<p>c</p>\n'),
    ('<div>x</div>y\n', '<div>x</div>\n<p>y</p>\n'),
    ('<div>x</div>{: .c}\n', '<div class="c">x</div>\n'),
    ('<div>x</div> {: .c}\n', '<div class="c">x</div>\n'),
    ('<div>x</div> <b>y</b> z\n', '<div>x</div>\n<p><b>y</b> z</p>\n'),
    ('<p>x</p> y\n', '<p>x</p>\n<p>y</p>\n'),
    ('<details><summary>s</summary>x</details> y\n',
     '<details><summary>s</summary>x</details>\n<p>y</p>\n'),
    ('<div>x</div> y\n{: .c}\n', '<div>x</div>\n<p class="c">y</p>\n'),
    ('> <div>x</div> y\n> z\n', '<blockquote>\n  <div>x</div>\n  <p>y\nz</p>\n</blockquote>\n'),
    ('<div>x</div> y  \nz\n', '<div>x</div>\n<p>y<br />\nz</p>\n'),
    ('<div>x</div>\nfoo\n', '<div>x</div>\n<p>foo</p>\n'),
    ('<div>x</div> y\nz\n', '<div>x</div>\n<p>y\nz</p>\n'),
    ('<div>x</div> *y*\n', '<div>x</div>\n<p><em>y</em></p>\n'),
    ('<div>x</div> y <b>z</b>\n', '<div>x</div>\n<p>y <b>z</b></p>\n'),
    ('<div>x</div>   \n', '<div>x</div>\n'),
    ('<div>x</div> y\n\nq\n', '<div>x</div>\n<p>y</p>\n\n<p>q</p>\n'),
    ('<div>\nx\n</div> y\n', '<div>\nx\n</div>\n<p>y</p>\n'),
    ('<div>x</div> <div>y</div>\n', '<div>x</div>\n<div>y</div>\n'),
    ('<div>x</div> y {: .c}\n', '<div>x</div>\n<p>y {: .c}</p>\n'),
]


@pytest.mark.parametrize(("source", "kramdown"), HTML_BLOCK_ENDS)
def test_text_after_block_html_as_kramdown(source, kramdown):
    assert render_markdown(source, path="post.md") == kramdown
