"""sitegen.math: kramdown's `$$` rules, written as GitHub Pages writes them (no wrapper element).

Expected strings are Jekyll 4.3.1 + kramdown 2.4.0's bytes for the same Markdown (math_engine mathjax);
tests/sitegen/test_kramdown_math.py holds the wider table of cases.
"""
from __future__ import annotations

from sitegen.markdown import render_markdown


def render(text: str) -> str:
    """Render with a dummy path."""
    return render_markdown(text, path="post.md")


def test_double_dollar_inside_paragraph_is_inline():
    assert render("Loss $$L_{simple} = \\|\\epsilon\\|^2$$ here.\n") == (
        "<p>Loss \\(L_{simple} = \\|\\epsilon\\|^2\\) here.</p>\n"
    )


def test_double_dollar_on_own_lines_is_display():
    assert render("Text.\n\n$$\nx_t = \\sqrt{a} x_0 + b < c\n$$\n\nMore.\n") == (
        "<p>Text.</p>\n\n"  # kramdown 2.4: a "\n" for each blank line run
        "\\[x_t = \\sqrt{a} x_0 + b &lt; c\\]\n\n"
        "<p>More.</p>\n"
    )


def test_ial_wraps_display_math_in_a_div():
    assert render("$$E = mc^2$$\n{: .eq}\n") == '<div class="eq">\\[E = mc^2\\]\n</div>\n'


def test_ial_after_inline_math_writes_kramdowns_dollar_span():
    assert render("a $$x$${: .c} b\n") == '<p>a <span class="c">$x$</span> b</p>\n'


def test_display_needs_block_boundaries():
    # text right after the closing $$ (no blank line): kramdown parses a paragraph with inline math
    assert render("$$a$$\nafter\n") == "<p>\\(a\\)\nafter</p>\n"
    # text before on the same paragraph
    assert render("before\n$$a$$\n") == "<p>before\n\\(a\\)</p>\n"


def test_item_holding_only_math_is_display():
    assert render("- $$x$$\n- b\n") == "<ul>\n  <li>\n\\[x\\]\n  </li>\n  <li>b</li>\n</ul>\n"
    # a lazy line continues the item's paragraph, so the math is inline
    assert render("- $$x$$\nlazy\n") == "<ul>\n  <li>\\(x\\)\nlazy</li>\n</ul>\n"


def test_display_math_in_list_item_keeps_relative_indent():
    assert render("* a\n\n  $$\n  \\begin{cases}\n    x\n  \\end{cases}\n  $$\n") == (
        "<ul>\n  <li>\n    <p>a</p>\n\n\\[\\begin{cases}\n  x\n\\end{cases}\\]\n  </li>\n</ul>\n"
    )


def test_single_dollar_is_not_math():
    assert render("It costs $5 and $6 today.\n") == "<p>It costs $5 and $6 today.</p>\n"


def test_escaped_dollars_and_unclosed_math_stay_text():
    assert render("Price \\$$5 and $$ unclosed\n") == "<p>Price $$5 and $$ unclosed</p>\n"


def test_escaped_display_math_is_a_paragraph_of_inline_math():
    assert render("a\n\n\\$$x$$\n") == "<p>a</p>\n\n<p>\\(x\\)</p>\n"


def test_math_is_not_markdown():
    assert render("$$a_1 * b_1 * c$$ and $$x_1$$\n") == "<p>\\(a_1 * b_1 * c\\) and \\(x_1\\)</p>\n"


def test_code_span_protects_dollars():
    assert render("`$$x$$` and $$y$$\n") == (
        '<p><code class="language-plaintext highlighter-rouge">$$x$$</code> and \\(y\\)</p>\n'
    )


def test_double_backslash_parens_are_escapes_only():
    # kramdown has no \\( math: `\\` is an escaped backslash, and Markdown goes on inside
    assert render("a \\\\(x_1 *b* y_1\\\\) b\n") == "<p>a \\(x_1 <em>b</em> y_1\\) b</p>\n"


def test_single_backslash_paren_is_just_an_escape():
    assert render("\\(not math\\)\n") == "<p>(not math)</p>\n"


def test_math_in_heading_counts_for_its_id():
    assert render("## Loss $$L$$\n") == '<h2 id="loss-l">Loss \\(L\\)</h2>\n'
