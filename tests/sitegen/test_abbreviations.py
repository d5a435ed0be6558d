"""sitegen.abbreviations: kramdown's `*[ABBR]: title` definitions."""
from __future__ import annotations

from sitegen.markdown import render_markdown


def render(text: str) -> str:
    """Render with a dummy path."""
    return render_markdown(text, path="post.md")


def test_whole_words_get_abbr_and_the_definition_vanishes():
    text = (
        'The HTML spec, not HTML5.\n*[HTML]: Hyper "Text" Markup\n\n'
        "A [HTML link](x) and `HTML`.\n"
    )
    html = render(text)
    abbr = '<abbr title="Hyper &quot;Text&quot; Markup">HTML</abbr>'
    assert html == (
        f"<p>The {abbr} spec, not HTML5.</p>\n\n"  # kramdown 2.4 writes "\n" for the blank line
        f'<p>A <a href="x">{abbr} link</a> and <code class="language-plaintext highlighter-rouge">HTML</code>.</p>\n'
    )


def test_longest_name_wins_and_definitions_may_come_last():
    html = render("GPU and GPUs.\n\n*[GPU]: graphics processor\n*[GPUs]: graphics processors\n")
    assert html == (
        '<p><abbr title="graphics processor">GPU</abbr> and '
        '<abbr title="graphics processors">GPUs</abbr>.</p>\n\n'  # kramdown 2.4's bytes (Jekyll 4.3.1)
    )


def test_text_without_definitions_is_untouched():
    text = "No abbreviations *[here] at all.\n"
    assert render(text) == f"<p>{text.strip()}</p>\n"
