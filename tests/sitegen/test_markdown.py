"""sitegen.markdown: the GitHub-Pages-like Markdown renderer (golden snippets)."""
from __future__ import annotations

import pytest
from markdown_it.parser_block import ParserBlock
from markdown_it.parser_inline import ParserInline
from markdown_it.renderer import RendererHTML

from sitegen import markdown_dispatch
from sitegen.errors import drain_warnings
from sitegen.markdown import render_markdown


def render(text: str) -> str:
    """Render with a dummy path."""
    return render_markdown(text, path="post.md")


def test_fenced_code_is_highlighted_like_rouge():
    html = render("```python\nimport os\n```\n")
    assert html == (
        '<div class="language-python highlighter-rouge"><div class="highlight">'
        '<pre class="highlight"><code><span class="kn">import</span> <span class="nn">os</span>\n'
        "</code></pre></div></div>\n"
    )


def test_unknown_fence_language_and_indented_code_are_escaped():
    # kramdown writes a language Rouge does not know without Rouge's wrapper (Jekyll 4.3.1, kramdown 2.4.0)
    assert render("```nosuchlang\n<b>\n```\n") == '<pre><code class="language-nosuchlang">&lt;b&gt;\n</code></pre>\n'
    assert render("    a < b\n") == (
        '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight">'
        "<code>a &lt; b\n</code></pre></div></div>\n"
    )


def test_table_with_alignment():
    # kramdown 2.4 (Jekyll 4.3.1) writes these bytes: rows and cells indented 2 spaces a level
    assert render("| a | b |\n|---|:-:|\n| 1 | 2 |\n") == (
        '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th style="text-align: center">b</th>\n    </tr>\n'
        '  </thead>\n  <tbody>\n    <tr>\n      <td>1</td>\n      <td style="text-align: center">2</td>\n'
        "    </tr>\n  </tbody>\n</table>\n"
    )


def test_footnotes_use_kramdown_markup():
    html = render("Text[^a] and again[^a].\n\n[^a]: The note.\n")
    # kramdown 2.4's bytes (Jekyll 4.3.1), U+00A0 before the back links
    assert html == (
        '<p>Text<sup id="fnref:a" role="doc-noteref"><a href="#fn:a" class="footnote" '
        'rel="footnote">1</a></sup> and again<sup id="fnref:a:1" role="doc-noteref">'
        '<a href="#fn:a" class="footnote" rel="footnote">1</a></sup>.</p>\n\n'
        '<div class="footnotes" role="doc-endnotes">\n  <ol>\n    <li id="fn:a" role="doc-endnote">\n'
        '      <p>The note.\xa0<a href="#fnref:a" class="reversefootnote" role="doc-backlink">'
        '&#8617;</a>\xa0<a href="#fnref:a:1" class="reversefootnote" role="doc-backlink">'
        '&#8617;<sup>2</sup></a></p>\n    </li>\n  </ol>\n</div>\n'
    )


def test_raw_html_passes_through():
    assert render('<div class="box">\n*not emphasis*\n</div>\n') == (
        '<div class="box">\n*not emphasis*\n</div>\n'
    )
    assert render('A <span class="x">b</span> c\n') == '<p>A <span class="x">b</span> c</p>\n'


def test_two_trailing_spaces_break_and_strikethrough():
    assert render("one  \ntwo ~~three~~\n") == "<p>one<br />\ntwo <del>three</del></p>\n"


def test_task_list():
    html = render("- [ ] todo\n- [x] done\n")
    assert html.startswith('<ul class="task-list">\n')
    assert (
        '<li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />todo</li>'
    ) in html
    assert 'checked="checked"' in html


def test_image_is_xhtml():
    assert render("![A cat](cat.png)\n") == '<p><img src="cat.png" alt="A cat" /></p>\n'


def test_no_warnings_for_plain_documents():
    drain_warnings()
    render("# T\n\ntext {: not an ial}\n")
    assert drain_warnings() == []


# Expected bytes: Jekyll 4.3.1 with kramdown 2.4.0 (Debian's packages), `jekyll build` of these lines in a page
# with `layout: null`; kramdown writes a link's URL as written, HTML-escaped, and percent-encodes nothing.
@pytest.mark.parametrize("source, jekyll", [
    ("[a](https://de.wikipedia.org/wiki/Über) ![b](/assets/ü.png) <https://example.com/ü>",
     ('<p><a href="https://de.wikipedia.org/wiki/Über">a</a> <img src="/assets/ü.png" alt="b" /> '
      '<a href="https://example.com/ü">https://example.com/ü</a></p>\n')),
    ("[c](<a b.pdf>) [d](http://bücher.de/a?b=1&c=2) [e](mailto:me@example.com) <me@example.com>",
     ('<p><a href="a b.pdf">c</a> <a href="http://bücher.de/a?b=1&amp;c=2">d</a> '
      '<a href="mailto:me@example.com">e</a> <a href="mailto:me@example.com">me@example.com</a></p>\n')),
    ('[f][r] [g](/a%20b/ü%C3%BC) [h](https://example.com/a"b)\n\n[r]: /ü/é "T"',
     ('<p><a href="/ü/é" title="T">f</a> <a href="/a%20b/ü%C3%BC">g</a> '
      '<a href="https://example.com/a&quot;b">h</a></p>\n\n')),  # kramdown: "\n" for the blank line at the end
    # kramdown keeps backslash escapes and entities in an inline link's URL too
    ('[i](a\\_b) [j](https://example.com/a&amp;b&copy;) ![k](<x\\_y.png> "t") [n](<a b\\_c.pdf>)',
     ('<p><a href="a\\_b">i</a> <a href="https://example.com/a&amp;b&copy;">j</a> '
      '<img src="x\\_y.png" alt="k" title="t" /> <a href="a b\\_c.pdf">n</a></p>\n')),
    ("[a **b**](c&d) ![im](a&lt;b.png)",
     '<p><a href="c&amp;d">a <strong>b</strong></a> <img src="a&lt;b.png" alt="im" /></p>\n'),
    ('[k](mailto:Jürgen@example.com) [l](#ü-anchor) [m](/ü "tïtle")',
     '<p><a href="mailto:Jürgen@example.com">k</a> <a href="#ü-anchor">l</a> <a href="/ü" title="tïtle">m</a></p>\n'),
])
def test_link_urls_are_kept_as_kramdown_keeps_them(source, jekyll):
    assert render(source + "\n") == jekyll


def test_first_character_dispatch_tokenizes_as_markdown_it(monkeypatch):
    text = (
        "*em* __strong__ ~~del~~ `code` [link](/a \"t\"){: .x} ![img](i.png){: width=\"1\"} <https://e.org> "
        "<b>html</b> &amp; &copy; \\* \\\\(x\\\\) $$y$$ a[^n] #%+-:=>@]^} ü ∑ --- ... 'q' \"d\"  \n"
        "line [ref] **[nested *em*](u)** ![a ![b](c)](d) [^n]\n\n[ref]: /r\n[^n]: note\n"
    )
    fast = render(text) + render("no pair markers: [a](b) `c` <d@e.f> &amp;\n")
    monkeypatch.setattr(markdown_dispatch.FirstCharInline, "tokenize", ParserInline.tokenize)
    monkeypatch.setattr(markdown_dispatch.FirstCharInline, "parse", ParserInline.parse)
    assert render(text) + render("no pair markers: [a](b) `c` <d@e.f> &amp;\n") == fast


def test_first_character_dispatch_and_renderer_match_markdown_it(monkeypatch):
    text = (
        "{::comment}x{:/comment}\n\n# H {#h}\n{: .c}\n\nSetext\n---\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        "| x | y |\n\n    code\n\n```py\nf()\n```\n\n> quote\n> - in\n\n***\n\n- a\n+ b\n1. c\n2) d\n\n"
        "- t\n  > q\n- u\n\n*[HTML]: Hyper\n\n[ref]: /r\n[^n]: note\n\n<div markdown=\"1\">\n*md*\n</div>\n\n<span>s</span>\n\n"
        "<figure>\n\nf\n</figure>\n\n<!-- c -->\n\n$$\nx\n$$\n\nTerm\n: def\n\n* TOC\n{:toc}\n\nHTML [ref] [^n]\n"
    )
    fast = render(text)
    monkeypatch.setattr(markdown_dispatch.FirstCharBlock, "tokenize", ParserBlock.tokenize)
    monkeypatch.setattr(markdown_dispatch.JoiningRenderer, "renderToken", RendererHTML.renderToken)
    assert render(text) == fast


def test_reference_definitions_keep_their_url_as_written():
    # Jekyll 4.3.1 + kramdown 2.4.0: `[m][r]` with `[r]: /a\_b` → href="/a\_b"
    html = render('[m][r] [n][] [r]\n\n[r]: <x\\_y&copy;> "t"\n[n]: /plain\n')
    assert html == ('<p><a href="x\\_y&copy;" title="t">m</a> <a href="/plain">n</a> '
                    '<a href="x\\_y&copy;" title="t">r</a></p>\n\n')  # the blank line before the definitions
    # A definition cannot interrupt a paragraph (kramdown 2.4 agrees: `<p>a\n[r]: /x_y</p>`).
    assert render("a\n[r]: /x\\_y\n") == "<p>a\n[r]: /x_y</p>\n"


@pytest.mark.parametrize("definitions, href", [
    ('[a]: /one "T1"\n[A]: /two\n', "/two"),     # kramdown 2.4.0 (Jekyll 4.3.1): the later definition wins
    ("[a]: /a\\_b\n[a]: /two\n", "/two"),        # ... also over an earlier one kept as written
    ("[a]: /two\n[a]: /a\\_b\n", "/a\\_b"),
])
def test_a_later_reference_definition_replaces_an_earlier_one(definitions, href):
    expected = f'<p><a href="{href}">x</a> and <a href="{href}">y</a></p>\n\n'  # kramdown: "\n" for the blank
    assert render(f"[x][a] and [y][A]\n\n{definitions}") == expected
