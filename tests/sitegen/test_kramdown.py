"""sitegen.kramdown: IALs, ALDs, extensions and markdown="1" as GitHub Pages' kramdown has them."""
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
    caption = render("Caption text\n{:.image-caption}\n")
    assert caption == '<p class="image-caption">Caption text</p>\n'
    assert render("## Title\n{: #custom .big}\n") == '<h2 id="custom" class="big">Title</h2>\n'


def test_block_ial_before_a_block_and_not_across_blank_lines():
    html = render("> quote\n{: .note}\n\n{: .next}\nParagraph.\n")
    assert html == (  # kramdown 2.4's bytes (Jekyll 4.3.1)
        '<blockquote class="note">\n  <p>quote</p>\n</blockquote>\n\n<p class="next">Paragraph.</p>\n'
    )


def test_block_ial_on_list_and_code_block():
    assert render("- a\n- b\n{: .tight}\n") == '<ul class="tight">\n  <li>a</li>\n  <li>b</li>\n</ul>\n'
    assert render("```\nx\n```\n{: .wide}\n").startswith('<div class="language-plaintext wide highlighter-rouge">')


def test_ald_reference():
    html = render('{:warn: .box style="color: red"}\n\nCareful.\n{: warn}\n')
    assert html == '\n<p class="box" style="color: red">Careful.</p>\n'  # kramdown 2.4's bytes


def test_span_ial_after_image_link_and_code():
    html = render('![x](x.png){: .center width="50%"} [t](t.html){:target="_blank"} `c`{:.k}\n')
    assert html == (
        '<p><img src="x.png" alt="x" class="center" width="50%" /> '
        '<a href="t.html" target="_blank">t</a> <code class="language-plaintext k highlighter-rouge">c</code></p>\n'
    )


def test_braces_after_text_stay_text():
    assert render("plain {: .x} text\n") == "<p>plain {: .x} text</p>\n"


def test_options_and_comment_extensions_vanish():
    drain_warnings()
    text = '{::options parse_block_html="true" /}\n\n{::comment}\nsecret\n{:/comment}\n\nText\n'
    html = render(text)
    assert html == "\n<p>Text</p>\n"  # one "\n" for the blank lines (kramdown 2.4 writes the comment too)
    assert drain_warnings() == []


def test_nomarkdown_is_raw():
    assert render("{::nomarkdown}\n<b>*raw*</b>\n{:/}\n") == "<b>*raw*</b>\n"


def test_unknown_extension_warns_with_file_line():
    drain_warnings()
    html = render_markdown("Intro\n\n{::weird}\nx\n{:/weird}\n", path="_posts/p.md", line_offset=5)
    assert html == "<p>Intro</p>\n\n"  # the blank line's "\n", as kramdown writes it
    assert [str(w) for w in drain_warnings()] == [
        "_posts/p.md:8: kramdown extension '{::weird}' is not supported; left out"
    ]


def test_markdown_attribute_makes_html_block_content_markdown():
    html = render('<details markdown="1">\n<summary>More</summary>\n\n*emph*\n\n'
                  '<div markdown="1" class="in">\n- a\n</div>\n</details>\n\nafter\n')
    assert html == (  # kramdown 2.4's bytes (Jekyll 4.3.1): the content laid out as an element's children
        "<details>\n  <summary>More</summary>\n\n  <p><em>emph</em></p>\n\n"
        '  <div class="in">\n    <ul>\n      <li>a</li>\n    </ul>\n  </div>\n</details>\n\n<p>after</p>\n'
    )


def test_html_block_without_markdown_attribute_stays_raw():
    assert render('<div class="x">\n*raw*\n</div>\n') == '<div class="x">\n*raw*\n</div>\n'
    assert render('<div markdown="1">\n*unclosed*\n') == '<div markdown="1">\n*unclosed*\n'


def test_html_element_runs_to_its_closing_tag_across_blank_lines():
    figure = (
        '<figure class="highlight"><pre><code class="language-python" data-lang="python">'
        "import os\n\ndef f():\n    pass</code></pre></figure>"
    )
    assert render(f"Text\n{figure}\n*after*\n") == f"<p>Text</p>\n{figure}\n<p><em>after</em></p>\n"


def test_nested_same_tags_and_markdown_after_a_one_line_element():
    html = render("<div>\n<div>\n\ninner\n</div>\n\nstill raw\n</div>\n<div>one</div>\n*two*\n")
    assert html == (
        "<div>\n<div>\n\ninner\n</div>\n\nstill raw\n</div>\n<div>one</div>\n<p><em>two</em></p>\n"
    )


def test_unclosed_html_element_ends_at_blank_line_as_in_commonmark():
    assert render("<div>\nopen\n\n*md*\n") == "<div>\nopen\n\n<p><em>md</em></p>\n"


def test_span_level_html_line_is_a_paragraph_that_takes_an_ial():
    text = (
        '<img src="x.png" width="50%">\n{: .center}\n\n'
        '<a href="b.png">\n  <img src="s.png">\n</a>\n'
    )
    html = render(text)
    assert html == (
        '<p class="center"><img src="x.png" width="50%" /></p>\n\n'
        '<p><a href="b.png">\n  <img src="s.png" />\n</a></p>\n'  # the line's indent kept, as kramdown 2.4 keeps it
    )


def test_ial_below_any_html_element_never_leaks_into_the_page():
    text = '<video src="x.mp4" controls>\n\n</video>\n{: .center}\n\n<hr>\n{: .x}\nafter\n'
    assert render(text) == (
        # kramdown writes `controls=""`, and `<hr>` keeps its line end, a blank line: the IAL goes to `after`
        '<video src="x.mp4" controls="" class="center">\n\n</video>\n\n<hr />\n\n<p class="x">after</p>\n'
    )


def test_script_content_is_not_scanned_for_tags():
    text = '<script>\nvar a = "<div>";\n\nb();\n</script>\n'
    assert render(text) == text + "\n"  # kramdown leaves the script's line end, a blank line


def test_block_ial_writes_into_an_html_block_first_tag():
    html = render(
        '<iframe src="v" class="a" style="s"></iframe>\n{: .center style="width: 100%"}\n\n'
        '<hr>\n{: .x}\n\n<div class="">\nq\n</div>\n{: #d .e}\n'
    )
    assert html == (
        '<iframe src="v" class="a center" style="width: 100%"></iframe>\n\n'
        '<hr />\n\n<div class="x e" id="d">\nq\n</div>\n'  # after `<hr>` a blank line: the IAL goes on
    )
