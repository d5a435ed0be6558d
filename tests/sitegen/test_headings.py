"""sitegen.headings: kramdown (GFM parser) heading ids and the {:toc} list."""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown


def render(text: str) -> str:
    """Render with a dummy path."""
    return render_markdown(text, path="post.md")


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
    assert html == (
        '<h1 id="intro">Intro</h1>\n<h2 id="intro-1">Intro</h2>\n<h3 id="intro-2">Intro</h3>\n'
    )


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
        '<ol class="side" id="markdown-toc">\n'
        '<li><a href="#a" id="markdown-toc-a">A</a></li>\n</ol>\n'
    )


def test_toc_escapes_ids_from_attribute_lists():
    html = render('* TOC\n{:toc}\n\n## T\n{: id="a&b"}\n')
    assert html.startswith(
        '<ul id="markdown-toc">\n<li><a href="#a&amp;b" id="markdown-toc-a&amp;b">T</a>'
    )
