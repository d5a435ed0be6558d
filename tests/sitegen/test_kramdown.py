"""sitegen.kramdown: IALs, ALDs, TOC, heading ids and extensions as GitHub Pages' kramdown has them."""
from __future__ import annotations

import pytest

from sitegen.errors import drain_warnings
from sitegen.kramdown import parse_attribute_list
from sitegen.markdown import render_markdown


def render(text: str) -> str:
    """Render with a dummy path."""
    return render_markdown(text, path="post.md")


@pytest.mark.parametrize(
    ("body", "attrs", "refs"),
    [
        (' style="width: 100%;" class="center"', {"style": "width: 100%;", "class": "center"}, []),
        (".image-caption", {"class": "image-caption"}, []),
        (" #intro .a.b", {"id": "intro", "class": "a b"}, []),
        ("toc", {}, ["toc"]),
        (" title='it\\'s' .x myref", {"title": "it's", "class": "x"}, ["myref"]),
    ],
)
def test_parse_attribute_list(body, attrs, refs):
    assert parse_attribute_list(body) == {"attrs": attrs, "refs": refs}


def test_block_ial_after_image_paragraph():
    html = render('![](a.png)\n{: style="width: 100%;" class="center"}\n')
    assert html == '<p style="width: 100%;" class="center"><img src="a.png" alt="" /></p>\n'


def test_block_ial_class_and_id_on_paragraph_and_heading():
    assert render("Caption text\n{:.image-caption}\n") == '<p class="image-caption">Caption text</p>\n'
    assert render("## Title\n{: #custom .big}\n") == '<h2 id="custom" class="big">Title</h2>\n'


def test_block_ial_before_a_block_and_not_across_blank_lines():
    html = render("> quote\n{: .note}\n\n{: .next}\nParagraph.\n")
    assert html == '<blockquote class="note">\n<p>quote</p>\n</blockquote>\n<p class="next">Paragraph.</p>\n'


def test_block_ial_on_list_and_code_block():
    assert render("- a\n- b\n{: .tight}\n") == '<ul class="tight">\n<li>a</li>\n<li>b</li>\n</ul>\n'
    assert render("```\nx\n```\n{: .wide}\n").startswith('<div class="highlighter-rouge wide">')


def test_ald_reference():
    html = render('{:warn: .box style="color: red"}\n\nCareful.\n{: warn}\n')
    assert html == '<p class="box" style="color: red">Careful.</p>\n'


def test_span_ial_after_image_link_and_code():
    html = render('![x](x.png){: .center width="50%"} [t](t.html){:target="_blank"} `c`{:.k}\n')
    assert html == (
        '<p><img src="x.png" alt="x" class="center" width="50%" /> '
        '<a href="t.html" target="_blank">t</a> <code class="k">c</code></p>\n'
    )


def test_braces_after_text_stay_text():
    assert render("plain {: .x} text\n") == "<p>plain {: .x} text</p>\n"


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Hello World!", "hello-world"),
        ("1. Intro", "1-intro"),
        ("What's *new*?", "whats-new"),
        ("Über `code` uns", "über-code-uns"),
        ("C++ & Python", "c--python"),
        ("a -- b", "a--b"),
        ("snake_case [link](http://x.org)", "snake_case-link"),
    ],
)
def test_heading_ids_as_kramdown_gfm_makes_them(heading, anchor):
    assert render(f"## {heading}\n").startswith(f'<h2 id="{anchor}">')


def test_duplicate_heading_ids_get_suffixes():
    html = render("# Intro\n\n## Intro\n\n### Intro\n")
    assert html == '<h1 id="intro">Intro</h1>\n<h2 id="intro-1">Intro</h2>\n<h3 id="intro-2">Intro</h3>\n'


def test_explicit_heading_id():
    assert render("### Setup {#setup-id}\n") == '<h3 id="setup-id">Setup</h3>\n'


def test_toc_nests_headings_like_kramdown():
    text = (
        "* TOC\n{:toc}\n\n# One\n\n### Deep\n\n## Two *em*\n\n## Skipped\n{: .no_toc}\n\n"
        "# [Three](x.html)\n"
    )
    html = render(text)
    assert html.startswith(
        '<ul id="markdown-toc">\n'
        '<li><a href="#one" id="markdown-toc-one">One</a><ul>\n'
        '<li><a href="#deep" id="markdown-toc-deep">Deep</a></li>\n'
        '<li><a href="#two-em" id="markdown-toc-two-em">Two <em>em</em></a></li>\n'
        "</ul></li>\n"
        '<li><a href="#three" id="markdown-toc-three">Three</a></li>\n'
        "</ul>\n"
        '<h1 id="one">One</h1>\n'
    )
    assert '<h2 class="no_toc" id="skipped">Skipped</h2>' in html


def test_ordered_toc_keeps_its_ial():
    html = render("1. TOC\n{:toc .side}\n\n## A\n")
    assert html.startswith(
        '<ol class="side" id="markdown-toc">\n<li><a href="#a" id="markdown-toc-a">A</a></li>\n</ol>\n'
    )


def test_options_and_comment_extensions_vanish():
    drain_warnings()
    html = render('{::options parse_block_html="true" /}\n\n{::comment}\nsecret\n{:/comment}\n\nText\n')
    assert html == "<p>Text</p>\n"
    assert drain_warnings() == []


def test_nomarkdown_is_raw():
    assert render("{::nomarkdown}\n<b>*raw*</b>\n{:/}\n") == "<b>*raw*</b>\n"


def test_unknown_extension_warns_with_file_line():
    drain_warnings()
    html = render_markdown("Intro\n\n{::weird}\nx\n{:/weird}\n", path="_posts/p.md", line_offset=5)
    assert html == "<p>Intro</p>\n"
    assert [str(w) for w in drain_warnings()] == [
        "_posts/p.md:8: kramdown extension '{::weird}' is not supported; left out"
    ]
