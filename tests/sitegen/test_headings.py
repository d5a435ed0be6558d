"""sitegen.headings: kramdown (GFM parser) heading ids and the {:toc} list."""
from __future__ import annotations

import pytest

from sitegen.headings import heading_options
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
    assert html == (  # kramdown 2.4's bytes (Jekyll 4.3.1)
        '<h1 id="intro">Intro</h1>\n\n<h2 id="intro-1">Intro</h2>\n\n<h3 id="intro-2">Intro</h3>\n'
    )


def test_explicit_heading_id():
    assert render("### Setup {#setup-id}\n") == '<h3 id="setup-id">Setup</h3>\n'


def test_toc_nests_headings_like_kramdown():
    text = (
        "* TOC\n{:toc}\n\n# One\n\n### Deep\n\n## Two *em*\n\n## Skipped\n{: .no_toc}\n\n"
        "# [Three](x.html)\n"
    )
    html = render(text)
    assert html.startswith(  # kramdown 2.4's bytes (Jekyll 4.3.1), its sublist's odd indent included
        '<ul id="markdown-toc">\n'
        '  <li><a href="#one" id="markdown-toc-one">One</a>    <ul>\n'
        '      <li><a href="#deep" id="markdown-toc-deep">Deep</a></li>\n'
        '      <li><a href="#two-em" id="markdown-toc-two-em">Two <em>em</em></a></li>\n'
        "    </ul>\n"
        "  </li>\n"
        '  <li><a href="#three" id="markdown-toc-three">Three</a></li>\n'
        "</ul>\n\n"
        '<h1 id="one">One</h1>\n\n'
    )
    assert '<h2 class="no_toc" id="skipped">Skipped</h2>' in html


def test_ordered_toc_keeps_its_ial():
    html = render("1. TOC\n{:toc .side}\n\n## A\n")
    assert html.startswith(
        '<ol class="side" id="markdown-toc">\n'
        '  <li><a href="#a" id="markdown-toc-a">A</a></li>\n</ol>\n\n'
    )


def test_toc_escapes_ids_from_attribute_lists():
    html = render('* TOC\n{:toc}\n\n## T\n{: id="a&b"}\n')
    assert html.startswith(
        '<ul id="markdown-toc">\n  <li><a href="#a&amp;b" id="markdown-toc-a&amp;b">T</a>'
    )


def test_site_kramdown_options_for_ids_and_toc():
    options = heading_options({"toc_levels": "2..3", "auto_id_prefix": "h-", "input": "GFM"})
    text = "* TOC\n{:toc}\n\n# Top\n\n## Two\n\n#### Four\n"
    html = render_markdown(text, path="p.md", headings=options)
    assert html == (  # kramdown 2.4's bytes (Jekyll 4.3.1 with these options)
        '<ul id="markdown-toc">\n  <li><a href="#h-two" id="markdown-toc-h-two">Two</a></li>\n</ul>\n\n'
        '<h1 id="h-top">Top</h1>\n\n<h2 id="h-two">Two</h2>\n\n<h4 id="h-four">Four</h4>\n'
    )
    no_ids = heading_options({"auto_ids": False})
    assert render_markdown("## Plain\n", path="p.md", headings=no_ids) == "<h2>Plain</h2>\n"


@pytest.mark.parametrize(
    ("raw", "levels"),
    [(None, (1, 2, 3, 4, 5, 6)), ({"toc_levels": "1..3"}, (1, 2, 3)),
     ({"toc_levels": "2,4"}, (2, 4)), ({"toc_levels": [2, 3]}, (2, 3))],
)
def test_toc_levels_forms(raw, levels):
    assert heading_options(raw).toc_levels == levels


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"toc_levels": "0..9"},
            "kramdown.toc_levels: expected a range like '1..3' or levels 1-6, got '0..9'",
        ),
        ({"auto_ids": "yes"}, "kramdown.auto_ids: expected true or false, got 'yes'"),
        ("GFM", "kramdown: expected a mapping of options, got 'GFM'"),
    ],
)
def test_bad_kramdown_options_name_the_key(raw, message):
    with pytest.raises(ValueError) as caught:
        heading_options(raw)
    assert str(caught.value) == message
