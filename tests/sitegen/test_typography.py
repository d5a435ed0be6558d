"""sitegen.typography: kramdown's symbols and quotes, as GitHub Pages prints them."""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown


def render(text: str) -> str:
    """Render with a dummy path."""
    return render_markdown(text, path="post.md")


def test_typography_like_kramdown():
    html = render("\"Quotes\" and 'single' -- en --- em... << a >> it's\n")
    assert html == (
        "<p>\u201cQuotes\u201d and \u2018single\u2019 \u2013 en \u2014 em\u2026 "
        "\u00ab\u00a0a\u00a0\u00bb it\u2019s</p>\n"
    )


def test_typography_leaves_code_and_autolinks_alone():
    html = render("`a -- b` <https://x.org/a--b> \\-\\- done\n")
    assert html == (
        '<p><code class="language-plaintext highlighter-rouge">a -- b</code> <a href="https://x.org/a--b">https://x.org/a--b</a> -- done</p>\n'
    )


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("the '80s were", "<p>the \u201980s were</p>\n"),
        ("<i>Custer</i>'s Last", "<p><i>Custer</i>\u2019s Last</p>\n"),
        ("'tis \"odd", "<p>\u2018tis \u201codd</p>\n"),
        ('a "b', "<p>a \u201cb</p>\n"),
        ('x" y', "<p>x\u201d y</p>\n"),
        ('escaped \\" stays', '<p>escaped " stays</p>\n'),  # kramdown writes it unescaped
    ],
)
def test_unpaired_quotes_are_curled_as_kramdown_does(text, html):
    assert render(text) == html
