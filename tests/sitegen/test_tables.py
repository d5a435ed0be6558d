"""sitegen.tables: kramdown's header-less tables (GFM tables stay with markdown-it)."""
from __future__ import annotations

from sitegen.markdown import render_markdown


def render(text: str) -> str:
    """Render with a dummy path."""
    return render_markdown(text, path="post.md")


def test_rows_without_separator_are_a_body_only_table():
    html = render("| ![a](a.gif) | ![b](b.gif) |\n| given | sampled \\| x |\n{: .grid}\n")
    assert html == (  # kramdown 2.4's bytes (Jekyll 4.3.1)
        '<table class="grid">\n  <tbody>\n    <tr>\n      <td><img src="a.gif" alt="a" /></td>\n'
        '      <td><img src="b.gif" alt="b" /></td>\n    </tr>\n    <tr>\n      <td>given</td>\n'
        "      <td>sampled | x</td>\n    </tr>\n  </tbody>\n</table>\n"
    )


def test_gfm_table_keeps_its_header():
    assert render("| h |\n|---|\n| c |\n").startswith("<table>\n  <thead>\n    <tr>\n      <th>h</th>")


def test_pipes_in_prose_stay_prose():
    assert render("text | with pipe\n") == "<p>text | with pipe</p>\n"
    assert render("para\n| not a table\n") == "<p>para\n| not a table</p>\n"
