"""sitegen.highlight: Pygments output in Rouge's markup."""
from __future__ import annotations

import pytest

from sitegen.highlight import highlight_code, pygments_css
from sitegen.pipeline import build
from tests.fixtures.sites import write_site


def test_python_is_highlighted_in_rouge_wrapper():
    html = highlight_code("x = 1\n", "python")
    assert html == (
        '<div class="language-python highlighter-rouge"><div class="highlight">'
        '<pre class="highlight"><code><span class="n">x</span> <span class="o">=</span> '
        '<span class="mi">1</span>\n</code></pre></div></div>\n'
    )


def test_unknown_language_is_escaped_plain_text():
    html = highlight_code("a < b && c", "no-such-language")
    assert html == (
        '<div class="language-no-such-language highlighter-rouge"><div class="highlight">'
        '<pre class="highlight"><code>a &lt; b &amp;&amp; c\n</code></pre></div></div>\n'
    )


def test_no_language_is_plaintext_as_jekyll_writes_it():
    assert highlight_code("plain", None).startswith('<div class="language-plaintext highlighter-rouge">')


def test_rouge_aliases_map_to_pygments_lexers():
    assert '<span class="gp">$</span><span class="w"> </span>' in highlight_code("$ ls\n", "shell_session")
    assert highlight_code("x", "plaintext").count("<span") == 0


def test_attrs_join_the_outer_div():
    html = highlight_code("x", "text", attrs={"class": "wide", "id": "listing"})
    assert html.startswith('<div class="language-text wide highlighter-rouge" id="listing">')


def test_linenos_writes_rouge_table():
    html = highlight_code("a\nb\n", "text", linenos=True)
    assert (
        '<code><table class="rouge-table"><tbody><tr><td class="gutter gl">'
        '<pre class="lineno">1\n2\n</pre></td><td class="code"><pre>a\nb\n</pre></td>'
        "</tr></tbody></table></code>"
    ) in html


def test_pygments_css_scoped_to_highlight():
    css = pygments_css("default")
    assert ".highlight .k { color: #008000; font-weight: bold }" in css
    assert ".dark .highlight .k" in pygments_css("monokai", selector=".dark .highlight")


def test_pygments_css_rejects_unknown_style():
    with pytest.raises(ValueError, match=r"style='nope' is not a Pygments style"):
        pygments_css("nope")


# Expected bytes: Jekyll 4.3.1 with kramdown 2.4.0 (Debian's packages), `jekyll build` of the same sources. In a
# Markdown document the highlight tag's figure comes with "\n" before and after (Jekyll's highlighter_prefix
# and _suffix), so it starts a block of its own; in an HTML document it comes bare.
_JEKYLL_INLINE = (
    '<p>Inline</p>\n<figure class="highlight"><pre><code class="language-text" data-lang="text">int x;'
    '</code></pre></figure>\n<p>text.</p>\n'
)
_JEKYLL_IN_LIST = (
    '<figure class="highlight"><pre><code class="language-text" data-lang="text">  inside\n  </code></pre></figure>\n'
)


def test_highlight_tag_stands_apart_in_markdown_only(tmp_path):
    src = write_site(tmp_path / "src", {
        "_config.yml": "title: T\n",
        "inline.md": "---\nlayout: null\n---\nInline {% highlight text %}int x;{% endhighlight %} text.\n",
        "list.md": "---\nlayout: null\n---\n- item\n  {% highlight text %}\n  inside\n  {% endhighlight %}\n- next\n",
        "raw.html": "---\nlayout: null\n---\n<p>x</p>{% highlight text %}\ny\n{% endhighlight %}<p>z</p>\n",
    })
    build(src, tmp_path / "out", quiet=True)
    assert (tmp_path / "out" / "inline.html").read_text() == _JEKYLL_INLINE
    listed = (tmp_path / "out" / "list.html").read_text()
    assert listed == "<ul>\n  <li>item</li>\n</ul>\n\n" + _JEKYLL_IN_LIST + "\n<ul>\n  <li>next</li>\n</ul>\n"
    assert (tmp_path / "out" / "raw.html").read_text() == (
        '<p>x</p><figure class="highlight"><pre><code class="language-text" data-lang="text">y'
        "</code></pre></figure><p>z</p>\n"
    )
