"""sitegen.math: kramdown's `$$` rules and the `\\(`/`\\[` escapes, as markup for math.js."""
from __future__ import annotations

from sitegen.markdown import render_markdown


def render(text: str) -> str:
    """Render with a dummy path."""
    return render_markdown(text, path="post.md")


def test_double_dollar_inside_paragraph_is_inline():
    assert render("Loss $$L_{simple} = \\|\\epsilon\\|^2$$ here.\n") == (
        '<p>Loss <span class="math inline">\\(L_{simple} = \\|\\epsilon\\|^2\\)</span> here.</p>\n'
    )


def test_double_dollar_on_own_lines_is_display():
    assert render("Text.\n\n$$\nx_t = \\sqrt{a} x_0 + b < c\n$$\n\nMore.\n") == (
        "<p>Text.</p>\n\n"  # kramdown 2.4: a "\n" for each blank line run
        '<div class="math display">\\[x_t = \\sqrt{a} x_0 + b &lt; c\\]</div>\n\n'
        "<p>More.</p>\n"
    )


def test_single_line_display_and_ial_after_it():
    html = render("$$E = mc^2$$\n{: .eq}\n")
    assert html == '<div class="math display eq">\\[E = mc^2\\]</div>\n'


def test_display_needs_block_boundaries():
    # text right after the closing $$ (no blank line): kramdown parses a paragraph with inline math
    assert render("$$a$$\nafter\n") == '<p><span class="math inline">\\(a\\)</span>\nafter</p>\n'
    # text before on the same paragraph
    assert render("before\n$$a$$\n") == '<p>before\n<span class="math inline">\\(a\\)</span></p>\n'


def test_display_math_inside_list_item():
    assert render("- item\n\n  $$\n  y^2\n  $$\n") == (
        # kramdown 2.4's layout (Jekyll 4.3.1): the item's blocks indented, but display math at the line start
        '<ul>\n  <li>\n    <p>item</p>\n\n<div class="math display">\\[y^2\\]</div>\n  </li>\n</ul>\n'
    )


def test_single_dollar_is_not_math():
    assert render("It costs $5 and $6 today.\n") == "<p>It costs $5 and $6 today.</p>\n"


def test_escaped_dollars_and_unclosed_math_stay_text():
    assert render("Price \\$$5 and $$ unclosed\n") == "<p>Price $$5 and $$ unclosed</p>\n"


def test_math_is_not_markdown():
    assert render("$$a_1 * b_1 * c$$ and $$x_1$$\n") == (
        '<p><span class="math inline">\\(a_1 * b_1 * c\\)</span> and '
        '<span class="math inline">\\(x_1\\)</span></p>\n'
    )


def test_code_span_protects_dollars():
    assert render("`$$x$$` and $$y$$\n") == (
        '<p><code class="language-plaintext highlighter-rouge">$$x$$</code> and <span class="math inline">\\(y\\)</span></p>\n'
    )


def test_backslash_escapes_for_mathjax():
    assert render("Inline \\\\(a_i * b_i\\\\) and display \\\\[\\sum_i x_i\\\\].\n") == (
        '<p>Inline <span class="math inline">\\(a_i * b_i\\)</span> and display '
        '<span class="math display">\\[\\sum_i x_i\\]</span>.</p>\n'
    )


def test_single_backslash_paren_is_just_an_escape():
    assert render("\\(not math\\)\n") == "<p>(not math)</p>\n"


def test_math_in_heading_counts_for_its_id():
    assert render("## Loss $$L$$\n").startswith('<h2 id="loss-l">')
