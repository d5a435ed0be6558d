"""Raw HTML in Markdown as GitHub Pages' kramdown reads and writes it (sitegen.kramdown_html).

Every expected string is the real output: `jekyll build` of Jekyll 4.3.1 with kramdown 2.4.0 and
kramdown-parser-gfm 1.1.0 (input GFM, hard_wrap false, GitHub Pages' settings) converting the same
Markdown, one page per case with `layout: null`.
"""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown

CASES = [
    # the blank line after an element without end tag is never indented, inside a quote or an item too
    ('> <hr>\n',
     '<blockquote>\n  <hr />\n\n</blockquote>\n'),
    ('- a\n  <hr>\n- b\n',
     '<ul>\n  <li>a\n    <hr />\n  </li>\n  <li>b</li>\n</ul>\n'),
    # void elements: ` />`, attributes in double quotes
    ('<img src="a.png" width="400">\n',
     '<p><img src="a.png" width="400" /></p>\n'),
    ('<img src="a.png" width=400 alt=\'x y\'>\n',
     '<p><img src="a.png" width="400" alt="x y" /></p>\n'),
    ('<img src="a.png"/>\n',
     '<p><img src="a.png" /></p>\n'),
    ('text <img src="a.png" width="400"> more\n',
     '<p>text <img src="a.png" width="400" /> more</p>\n'),
    ('a<br>b\n',
     '<p>a<br />b</p>\n'),
    ('a <br/> b\n',
     '<p>a <br /> b</p>\n'),
    ('<br>\ntext\n',
     '<p><br />\ntext</p>\n'),
    ('<input type="checkbox" checked disabled>\n',
     '<p><input type="checkbox" checked="" disabled="" /></p>\n'),
    ('[<img src="a.png" style="width: 400px"/>](/)\n',
     '<p><a href="/"><img src="a.png" style="width: 400px" /></a></p>\n'),
    ('| a | b |\n|---|---|\n| <img src="a.png"> | x<br>y |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n'
     '  </thead>\n  <tbody>\n    <tr>\n      <td><img src="a.png" /></td>\n'
     '      <td>x<br />y</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('* item\n  <img src="a.png">\n',
     '<ul>\n  <li>item\n<img src="a.png" /></li>\n</ul>\n'),
    ('1. item\n\n   <img src="a.png" width="200">\n',
     '<ol>\n  <li>\n    <p>item</p>\n\n    <p><img src="a.png" width="200" /></p>\n'
     '  </li>\n</ol>\n'),
    ('<img src="a.png"\n     width="300">\n',
     '<p><img src="a.png" width="300" /></p>\n'),
    ('a <img src="a.png"\n  width="300"> b\n',
     '<p>a <img src="a.png" width="300" /> b</p>\n'),
    # an element without end tag leaves a blank line (kramdown's :blank) unless one follows
    ('<hr>\n',
     '<hr />\n\n'),
    ('a\n\n<hr>\n\nb\n',
     '<p>a</p>\n\n<hr />\n\n<p>b</p>\n'),
    ('<hr />\n',
     '<hr />\n\n'),
    ('<hr>\ntext\n',
     '<hr />\n\n<p>text</p>\n'),
    ('<hr>\n<p>x</p>\n',
     '<hr />\n\n<p>x</p>\n'),
    ('<hr>\n\n\ntext\n',
     '<hr />\n\n<p>text</p>\n'),
    ('* a\n\n  <hr>\n* b\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <hr />\n  </li>\n  <li>\n    <p>b</p>\n'
     '  </li>\n</ul>\n'),
    ('<div class="x"/>\n',
     '<div class="x" />\n\n'),
    ('<p/>\n',
     '<p />\n\n'),
    ('<iframe src="https://x" allowfullscreen/>\n',
     '<iframe src="https://x" allowfullscreen="" />\n\n'),
    ('<script src="x.js"></script>\ntext\n',
     '<script src="x.js"></script>\n\n<p>text</p>\n'),
    ('<script src="x.js"></script>\n\ntext\n',
     '<script src="x.js"></script>\n\n<p>text</p>\n'),
    ('<style>\n.a > .b { }\n</style>\n',
     '<style>\n.a > .b { }\n</style>\n\n'),
    ('***\n\n<hr>\n\n---\n',
     '<hr />\n\n<hr />\n\n<hr />\n'),
    ('<hr>\n[x]: /u\n\ntext\n',
     '<hr />\n\n<p>text</p>\n'),
    ('<hr>\n{: .x}\n\n<div id="d">\nq\n</div>\n{: .e}\n',
     '<hr />\n\n<div id="d" class="x e">\nq\n</div>\n'),
    # block elements: raw text, re-quoted attributes, whitespace kept
    ('<figure>\n  <img src="a.png" alt="x">\n  <figcaption>Cap *t*</figcaption>\n'
     '</figure>\n',
     '<figure>\n  <img src="a.png" alt="x" />\n  <figcaption>Cap *t*</figcaption>\n'
     '</figure>\n'),
    ('<p>\n'
     '    <img src="https://i.imgur.com/7yOUCeG.jpg" alt="Fossil Creek Reservoir,'
     ' Fort Collins, CO">\n'
     '</p>\n',
     '<p>\n'
     '    <img src="https://i.imgur.com/7yOUCeG.jpg" alt="Fossil Creek Reservoir,'
     ' Fort Collins, CO" />\n'
     '</p>\n'),
    ('<div class="note">\nSome *text*\n</div>\n',
     '<div class="note">\nSome *text*\n</div>\n'),
    ('<div><p>hello</p></div>\n',
     '<div><p>hello</p></div>\n'),
    ('<div align="center">\n<img src="a.png">\n</div>\n',
     '<div align="center">\n<img src="a.png" />\n</div>\n'),
    ('<video src="a.mp4" controls autoplay loop muted></video>\n',
     '<video src="a.mp4" controls="" autoplay="" loop="" muted=""></video>\n'),
    ('<video controls width="500">\n  <source src="a.mp4" type="video/mp4">\n</video>\n',
     '<video controls="" width="500">\n  <source src="a.mp4" type="video/mp4" />\n'
     '</video>\n'),
    ('<video width="320" height="240" controls>\n'
     '  <source src="movie.mp4" type="video/mp4">\n</video>\n\nAfter.\n',
     '<video width="320" height="240" controls="">\n'
     '  <source src="movie.mp4" type="video/mp4" />\n</video>\n\n<p>After.</p>\n'),
    ('<iframe width="560" height="315" src="https://www.youtube.com/embed/x" fram'
     'eborder="0" allowfullscreen></iframe>\n',
     '<iframe width="560" height="315" src="https://www.youtube.com/embed/x" fram'
     'eborder="0" allowfullscreen=""></iframe>\n'),
    ('<details>\n<summary>Click</summary>\n\nHidden *md*\n\n</details>\n',
     '<details>\n<summary>Click</summary>\n\nHidden *md*\n\n</details>\n'),
    ('<details open>\n<summary>More</summary>\n<p>Hidden</p>\n</details>\n',
     '<details open="">\n<summary>More</summary>\n<p>Hidden</p>\n</details>\n'),
    ('<center>\n<img src="a.png">\n</center>\n',
     '<center>\n<img src="a.png" />\n</center>\n'),
    ('<center><img src="a.png"><br><em>Fig 1</em></center>\n',
     '<center><img src="a.png" /><br /><em>Fig 1</em></center>\n'),
    ('<p align="center">\n  <img src="a.png" width="50%">\n</p>\n',
     '<p align="center">\n  <img src="a.png" width="50%" />\n</p>\n'),
    ('<p align="center"><img src="a.png"></p>\n',
     '<p align="center"><img src="a.png" /></p>\n'),
    ('<table>\n  <tr>\n    <td><img src="a.png"></td>\n    <td>b</td>\n  </tr>\n'
     '</table>\n',
     '<table>\n  <tr>\n    <td><img src="a.png" /></td>\n    <td>b</td>\n  </tr>\n'
     '</table>\n'),
    ('<div id="a" class="b" data-x=\'y\'></div>\n',
     '<div id="a" class="b" data-x="y"></div>\n'),
    ('<div CLASS="X">x</div>\n',
     '<div class="X">x</div>\n'),
    ('<DIV>x</DIV>\n',
     '<div>x</div>\n'),
    ('<CENTER CLASS="x">y</CENTER>\n',
     '<CENTER CLASS="x">y</CENTER>\n'),
    ('<div id="">x</div>\n',
     '<div>x</div>\n'),
    ('<div x=1 y = "2" z>x</div>\n',
     '<div x="1" y="2" z="">x</div>\n'),
    ('<div class="a" class="b">x</div>\n',
     '<div class="b">x</div>\n'),
    ('<div title=\'say "hi"\'>x</div>\n',
     '<div title="say &quot;hi&quot;">x</div>\n'),
    ('<div title="a &amp; b & c &lt; &quot;">x &amp; y & z</div>\n',
     '<div title="a &amp; b &amp; c &lt; &quot;">x &amp; y &amp; z</div>\n'),
    ('<p>&copy; &nbsp; &#169; &#x27;</p>\n',
     '<p>&copy; &nbsp; &#169; &#x27;</p>\n'),
    ('<pre>\n  code <b>x</b> & y\n</pre>\n',
     '<pre>\n  code <b>x</b> &amp; y\n</pre>\n'),
    ('<div>a</span></div>\n',
     '<div>a&lt;/span&gt;</div>\n'),
    ('<div>a</div><div>b</div>\n',
     '<div>a</div>\n<div>b</div>\n'),
    ('<div markdown="0" class="a">*x*</div>\n',
     '<div class="a">*x*</div>\n'),
    ('<DIV markdown="1" class=\'a\'>\n*x*\n</DIV>\n',
     '<div class="a">\n  <p><em>x</em></p>\n</div>\n'),
    ('para\n<div>x</div>\n',
     '<p>para</p>\n<div>x</div>\n'),
    ('<span>a</span>\n<div>b</div>\n',
     '<p><span>a</span></p>\n<div>b</div>\n'),
    ('<div class="row">\n  <div class="col">\n    <img src="a.png">\n  </div>\n</div>\n',
     '<div class="row">\n  <div class="col">\n    <img src="a.png" />\n  </div>\n'
     '</div>\n'),
    ('<div id="x"></div>\n<script>\nfoo("x");\n</script>\n\nText\n',
     '<div id="x"></div>\n<script>\nfoo("x");\n</script>\n\n<p>Text</p>\n'),
    # comments
    ('<!--more-->\n',
     '<!--more-->\n'),
    ('<!-- a comment -->\n\ntext\n',
     '<!-- a comment -->\n\n<p>text</p>\n'),
    ('text <!-- inline --> more\n',
     '<p>text <!-- inline --> more</p>\n'),
    ('<!--\nmulti\nline\n-->\n',
     '<!--\nmulti\nline\n-->\n'),
    ('text\n<!-- c -->\n',
     '<p>text\n<!-- c --></p>\n'),
    ('  <!-- c -->\n',
     '<p><!-- c --></p>\n'),
    ('<!-- a --><!-- b -->\n',
     '<!-- a -->\n<!-- b -->\n'),
    ('para one\n<!-- hidden -->\npara cont\n',
     '<p>para one\n<!-- hidden -->\npara cont</p>\n'),
    ('text\n<script src="x.js"></script>\n',
     '<p>text\n<script src="x.js"></script></p>\n'),
    # span-level HTML in paragraphs
    ('x<sup>2</sup> y\n',
     '<p>x<sup>2</sup> y</p>\n'),
    ('a <span style="color: red">red</span> b\n',
     '<p>a <span style="color: red">red</span> b</p>\n'),
    ('a <span>*x*</span> b\n',
     '<p>a <span><em>x</em></span> b</p>\n'),
    ('<span style="color: #286ee0;">[Updated: [Korean](https://x.y/z)!]</span>\n<br/>\n'
     '<span style="color: #286ee0;">[b]</span>\n',
     '<p><span style="color: #286ee0;">[Updated: <a href="https://x.y/z">Korean</'
     'a>!]</span>\n'
     '<br />\n<span style="color: #286ee0;">[b]</span></p>\n'),
    ('<a href="x?a=1&b=2">l</a>\n',
     '<p><a href="x?a=1&amp;b=2">l</a></p>\n'),
    ('a <span title="a &amp; b & c">x &amp; y & z &copy;</span>\n',
     '<p>a <span title="a &amp; b &amp; c">x &amp; y &amp; z ©</span></p>\n'),
    ('a <span title="a\nb">x</span>\n',
     '<p>a <span title="a b">x</span></p>\n'),
    ('<Span>x</Span> y\n',
     '<p><span>x</span> y</p>\n'),
    ('a <SPAN CLASS="x">y</SPAN>\n',
     '<p>a <span class="x">y</span></p>\n'),
    ('a <span/> b\n',
     '<p>a <span></span> b</p>\n'),
    ('a <span markdown="0">*x*</span>\n',
     '<p>a <span>*x*</span></p>\n'),
    ('text <center>*x*</center> more\n',
     '<p>text <center>*x*</center> more</p>\n'),
    ('a <u>*x*</u> b\n',
     '<p>a <u>*x*</u> b</p>\n'),
    ('a <code>*x*</code> b\n',
     '<p>a <code>*x*</code> b</p>\n'),
    ('a <code>x <b>y</b> & z</code>\n',
     '<p>a <code>x <b>y</b> &amp; z</code></p>\n'),
    ('a <font color="red">Don\'t "x"</font> b\n',
     '<p>a <font color="red">Don\'t "x"</font> b</p>\n'),
    ('a <kbd>Ctrl</kbd> + <kbd>"C"</kbd>\n',
     '<p>a <kbd>Ctrl</kbd> + <kbd>"C"</kbd></p>\n'),
    ('# Heading with <code>code</code>\n',
     '<h1 id="heading-with-code">Heading with <code>code</code></h1>\n'),
    ('text <div>x</div> more\n',
     '<p>text &lt;div&gt;x&lt;/div&gt; more</p>\n'),
    ('a <div class="x">b</div> c\n',
     '<p>a &lt;div class="x"&gt;b&lt;/div&gt; c</p>\n'),
    ('a <br> b <hr> c\n',
     '<p>a <br /> b &lt;hr&gt; c</p>\n'),
    ('</div>\n',
     '<p>&lt;/div&gt;</p>\n'),
    ('text\n\n</div>\n\nmore\n',
     '<p>text</p>\n\n<p>&lt;/div&gt;</p>\n\n<p>more</p>\n'),
    ('<div data-x=a.b>x</div>\n',
     '<p>&lt;div data-x=a.b&gt;x&lt;/div&gt;</p>\n'),
    ('a <img src=a.png width=50%> b\n',
     '<p>a &lt;img src=a.png width=50%&gt; b</p>\n'),
    # HTML in lists, quotes, headings, tables and markdown="1" blocks
    ('- item\n\n  <details>\n  <summary>More</summary>\n\n  hidden\n\n  </details>\n',
     ('<ul>\n  <li>\n    <p>item</p>\n\n    <details>\n<summary>More</summary>\n\n'
      'hidden\n\n</details>\n  </li>\n</ul>\n')),
    ('> <div class="x">\n> quoted\n> </div>\n',
     '<blockquote>\n  <div class="x">\nquoted\n</div>\n</blockquote>\n'),
    ('1. <a href="x">link</a> item\n2. <b>b</b>\n',
     '<ol>\n  <li><a href="x">link</a> item</li>\n  <li><b>b</b></li>\n</ol>\n'),
    ('## <a name="sec"></a>Section\n',
     '<h2 id="section"><a name="sec"></a>Section</h2>\n'),
    ('<a href="x">**bold link**</a>\n',
     '<p><a href="x"><strong>bold link</strong></a></p>\n'),
    ('<p>A</p>\n\n<p>B</p>\n',
     '<p>A</p>\n\n<p>B</p>\n'),
    ('<img src="a.png">\n<img src="b.png">\n',
     '<p><img src="a.png" />\n<img src="b.png" /></p>\n'),
    ('text\n<img src="a.png">\n',
     '<p>text\n<img src="a.png" /></p>\n'),
    ('Line one<br>\nLine two<br />\nLine three\n',
     '<p>Line one<br />\nLine two<br />\nLine three</p>\n'),
    ('A video: <video src="a.mp4" controls></video>\n',
     '<p>A video: <video src="a.mp4" controls=""></video></p>\n'),
    ('<embed src="a.pdf" width="500" height="375">\n',
     '<embed src="a.pdf" width="500" height="375" />\n\n'),
    ('<svg width="100" height="100"><circle cx="50" cy="50" r="40"/></svg>\n',
     '<svg width="100" height="100"><circle cx="50" cy="50" r="40" /></svg>\n'),
    ('<p>x</p>\n{: .c}\n',
     '<p class="c">x</p>\n'),
    (('<table>\n<thead>\n<tr><th>A</th></tr>\n</thead>\n<tbody>\n'
      '<tr><td>1 &lt; 2</td></tr>\n</tbody>\n</table>\n'),
     ('<table>\n<thead>\n<tr><th>A</th></tr>\n</thead>\n<tbody>\n'
      '<tr><td>1 &lt; 2</td></tr>\n</tbody>\n</table>\n')),
    ('- <details><summary>A</summary>\n  content\n  </details>\n- b\n',
     ('<ul>\n  <li>\n    <details><summary>A</summary>\ncontent\n</details>\n  </li>\n'
      '  <li>b</li>\n</ul>\n')),
    ('1. Step\n   <div class="x">\n   inner\n   </div>\n2. Next\n',
     ('<ol>\n  <li>Step\n    <div class="x">\ninner\n</div>\n  </li>\n  <li>Next</li>\n'
      '</ol>\n')),
    ('<div class="a" markdown="1">\n<div class="b" markdown="1">\n*x*\n</div>\n</div>\n',
     '<div class="a">\n  <div class="b">\n    <p><em>x</em></p>\n  </div>\n</div>\n'),
    ('* a\n\n  <!-- c -->\n\n* b\n',
     ('<ul>\n  <li>\n    <p>a</p>\n\n    <!-- c -->\n  </li>\n  <li>\n    <p>b</p>\n'
      '  </li>\n</ul>\n')),
    ('<!--\n- a\n- b\n-->\n\n- c\n',
     '<!--\n- a\n- b\n-->\n\n<ul>\n  <li>c</li>\n</ul>\n'),
    ('<div\n  class="x">\ny\n</div>\n',
     '<div class="x">\ny\n</div>\n'),
    ('a <a href="x"\ntitle="t">b</a>\n',
     '<p>a <a href="x" title="t">b</a></p>\n'),
    ('x<br/>\n\n<br/>\n\ny\n',
     '<p>x<br /></p>\n\n<p><br /></p>\n\n<p>y</p>\n'),
    # malformed HTML: unclosed elements close at the end, stray `<` and end tags are text
    ('<div>\nunclosed\n',
     '<div>\nunclosed\n</div>\n'),
    ('<p>unclosed <b>bold\n',
     '<p>unclosed <b>bold\n</b></p>\n'),
    ('a < b and c > d\n',
     '<p>a &lt; b and c &gt; d</p>\n'),
    ('1 <2 and <x\n',
     '<p>1 &lt;2 and &lt;x</p>\n'),
    ('a </span> b\n',
     '<p>a &lt;/span&gt; b</p>\n'),
    ('a <span>unclosed\n',
     '<p>a <span>unclosed</span></p>\n'),
    ('a <span>unclosed\n\nnext\n',
     '<p>a <span>unclosed</span></p>\n\n<p>next</p>\n'),
    ('a <span>x <b>y</span> z</b>\n',
     '<p>a <span>x <b>y&lt;/span&gt; z</b></span></p>\n'),
    ('[<kbd>x](u)\n',
     '<p>[<kbd>x](u)</kbd></p>\n'),
    ('<img src="a.png" alt="a > b">\n',
     '<p><img src="a.png" alt="a &gt; b" /></p>\n'),
    ('Say "hi" <b>now</b> & </script>\n',
     '<p>Say “hi” <b>now</b> &amp; &lt;/script&gt;</p>\n'),
]


@pytest.mark.parametrize(("source", "kramdown"), CASES)
def test_raw_html_as_kramdown_writes_it(source: str, kramdown: str) -> None:
    assert render_markdown(source, path="post.md") == kramdown


@pytest.mark.parametrize("source", [
    "<", "<<", "</", "<!--", "<!-- a", "<div", "<div class=", '<div class="x', "<div>", "</div></div>",
    "<a><b><c>", "a <span", "a <span>", "<img src='x", "<div>\n<p>\n<span>\n", "<x:y a.b='1'>z</x:y>",
    "<script>", "<style>x", "<pre><code>", "<div markdown='1'>", "> <div>\n> <p>", "* <div>\n* </div>",
    "<" + "div>" * 3000, "<span>" * 3000 + "x", "<!-- " * 100, "&<>\"'" * 50,
])
def test_malformed_html_never_raises(source: str) -> None:
    assert isinstance(render_markdown(source + "\n", path="post.md"), str)


def test_deep_nesting_is_read_without_recursion() -> None:
    html = render_markdown("<div>" + "<div>" * 5000 + "x" + "</div>" * 5001 + "\n", path="post.md")
    assert html.startswith("<div><div><div>") and html.endswith("x" + "</div>" * 5001 + "\n")
