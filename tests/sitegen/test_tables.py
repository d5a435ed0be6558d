"""sitegen.tables: tables as kramdown 2.4 reads them."""
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


def test_a_pipe_line_is_a_table_but_not_after_a_paragraph_line():
    assert render("text | with pipe\n") == (  # kramdown 2.4: any line with a `|` is a row
        "<table>\n  <tbody>\n    <tr>\n      <td>text</td>\n      <td>with pipe</td>\n    </tr>\n"
        "  </tbody>\n</table>\n"
    )
    assert render("para\n| not a table\n") == "<p>para\n| not a table</p>\n"
    assert render("| a |\nno pipe here\n") == "<p>| a |\nno pipe here</p>\n"


def test_pipes_only_in_code_or_escaped_stay_prose():
    assert render("use `a|b` here\n") == '<p>use <code class="language-plaintext highlighter-rouge">a|b</code> here</p>\n'
    assert render("use \\| here\n") == "<p>use | here</p>\n"
