"""LiquidRenderer: Jekyll's tags, lax parsing like Ruby Liquid, one-line errors with file lines."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from sitegen import liquid
from sitegen.errors import BuildError, drain_warnings
from sitegen.liquid import LiquidRenderer, register_tag
from sitegen.liquid_tags import InlineTag, location

SITE = {"title": "T & co", "url": "https://x.org", "baseurl": "/blog", "description": "D"}
PAGE = {
    "title": "Hello",
    "date": dt.datetime(2018, 10, 13, 9, 5, tzinfo=dt.UTC),
    "tags": ["ml", "video"],
    "meta": {"k": 1},
}
POSTS = [{"title": "a", "n": 1}, {"title": "b", "n": 2}, {"title": "c", "n": 3}]


@pytest.fixture()
def renderer(tmp_path: Path) -> LiquidRenderer:
    includes = tmp_path / "_includes"
    includes.mkdir()
    (includes / "hello.html").write_text(
        "Hi {{ include.name }} on {{ page.title }}{% if include.loud %}!{% endif %}",
        encoding="utf-8",
    )
    (includes / "broken.html").write_text("ok\n{% if x %}\nnever closed", encoding="utf-8")
    (includes / "fails.html").write_text(
        "one\ntwo {% post_url 2000-01-01-nope %}", encoding="utf-8"
    )
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "part.md").write_text("relative {{ page.title }}", encoding="utf-8")
    return LiquidRenderer(
        tmp_path,
        site=SITE,
        post_urls={"2018-10-13-slug": "/2018/10/13/slug.html", "sub/2019-01-02-deep": "/deep.html"},
        page_urls={"about.md": "/about/", "_posts/2018-10-13-slug.md": "/2018/10/13/slug.html"},
        markdownify=lambda text: f"<p>{text}</p>\n",
    )


def _render(renderer: LiquidRenderer, source: str, **extra: object) -> str:
    context = {"site": SITE, "page": PAGE, "posts": POSTS, **extra}
    return renderer.render(source, context, path="_posts/2018-10-13-x.md", line_offset=4)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ site.title }}|{{ page.title }}", "T & co|Hello"),
        (
            "{{ page.date }}|{{ page.tags }}|{{ page.meta }}",
            '2018-10-13 09:05:00 +0000|mlvideo|{"k"=>1}',
        ),
        ("{{ page.date | date: '%-d %B %Y, %l:%M %P' }}", "13 October 2018,  9:05 am"),
        ("{{ page.date | date_to_xmlschema }}", "2018-10-13T09:05:00+00:00"),
        ("{{ page.date | date_to_rfc822 }}", "Sat, 13 Oct 2018 09:05:00 +0000"),
        (
            "{{ page.date | date_to_string }}/{{ page.date | date_to_long_string: 'ordinal' }}",
            "13 Oct 2018/13th October 2018",
        ),
        (
            "{{ '/a b/' | relative_url }} {{ '/p/' | absolute_url }}",
            "/blog/a%20b/ https://x.org/blog/p/",
        ),
        ("{{ site.title | xml_escape }} {{ '<i>' | escape }}", "T &amp; co &lt;i&gt;"),
        ("{{ 'a b&c' | cgi_escape }} {{ 'a b' | uri_escape }}", "a+b%26c a%20b"),
        ("{{ 'The _config.yml' | slugify: 'pretty' }}", "the-_config.yml"),
        ("{{ '*x*' | markdownify }}", "<p>*x*</p>\n"),
        ("{{ page.tags | jsonify }}", '["ml","video"]'),
        ("{{ '<b>one</b>  two three' | strip_html | number_of_words }}", "3"),
        ("{{ ' a \n b ' | normalize_whitespace }}", "a b"),
        ("{{ 'one two three' | truncatewords: 2 }}", "one two..."),
        ("{{ page.tags | array_to_sentence_string }}", "ml and video"),
        ('{{ "it\'s" | smartify }}', "it\u2019s"),
        ("{{ posts | where: 'n', 2 | map: 'title' }}", "b"),
        ("{{ posts | where_exp: 'p', 'p.n > 1' | map: 'title' | join: ',' }}", "b,c"),
        (
            "{% assign g = posts | group_by_exp: 'p', 'p.n | modulo: 2' %}"
            + "{{ g | map: 'name' | join: ',' }}",
            "1,0",
        ),
        ("{% assign g = posts | group_by: 'n' %}{{ g.first.name }}{{ g.first.size }}", "11"),
        ("{{ posts | sort: 'n' | reverse | map: 'title' }}", "cba"),
        ("{{ 'a { b { c: d; } }' | scssify }}", "a b {\n  c: d;\n}\n"),
        ("{{ 'p\n  margin: 0' | sassify }}", "p {\n  margin: 0;\n}\n"),
    ],
)
def test_filters_in_templates(renderer: LiquidRenderer, source: str, expected: str) -> None:
    assert _render(renderer, source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% post_url 2018-10-13-slug %}", "/2018/10/13/slug.html"),
        ("[{% post_url 2018-10-13-slug%}]", "[/2018/10/13/slug.html]"),
        ("{% post_url 2019-01-02-deep %}", "/deep.html"),
        (
            "{% link about.md %}|{% link _posts/2018-10-13-slug.md %}",
            "/about/|/2018/10/13/slug.html",
        ),
        ("{% raw %}{{ x }}{% endraw %}", "{{ x }}"),
        ("{% include hello.html name=page.title loud=true %}.", "Hi Hello on Hello!."),
        ('{% include hello.html name="Bob" %}', "Hi Bob on Hello"),
        ("{% include hello.html name='single' %}", "Hi single on Hello"),
        ("{% include_relative part.md %}", "relative Hello"),
        ("{% assign f = 'hello' %}{% include {{ f }}.html name=1 %}", "Hi 1 on Hello"),
        ("{% capture c %}cap{% endcapture %}{{ c }}{% unless false %}u{% endunless %}", "capu"),
        ("{% case 2 %}{% when 1 %}one{% when 2 %}two{% else %}x{% endcase %}", "two"),
        ("{% for p in posts limit:2 %}{{ p.title }}{% endfor %}", "ab"),
        ("{% for p in posts offset:1 reversed %}{{ p.title }}{% endfor %}", "cb"),
        ('{% assign site.tags = "" %}[{{ site.tags }}]', "[]"),
        ("{{ 'kept' | no_such_filter }}", "kept"),
        ("{{ nothing.here }}|{{ page.nope | default: 'd' }}", "|d"),
    ],
)
def test_tags_and_leniency(renderer: LiquidRenderer, source: str, expected: str) -> None:
    assert _render(renderer, source) == expected


def test_include_params_quoted_escapes(renderer: LiquidRenderer) -> None:
    assert (
        _render(renderer, '{% include hello.html name="say \\"hi\\"" %}') == 'Hi say "hi" on Hello'
    )


def test_highlight_tag(renderer: LiquidRenderer) -> None:
    out = _render(renderer, "{% highlight python %}\nx = 1\n{% endhighlight %}")
    assert out.startswith(
        '<figure class="highlight"><pre><code class="language-python" data-lang="python">'
    )
    assert out.endswith("</code></pre></figure>")
    assert ">x</span>" in out and "\n</code>" not in out
    numbered = _render(renderer, "{% highlight ruby linenos %}\na\nb\n{% endhighlight %}")
    assert '<pre class="lineno">1\n2\n</pre>' in numbered


def test_lax_syntax_is_skipped_with_a_warning(renderer: LiquidRenderer) -> None:
    drain_warnings()
    source = "a\n{{ x | | }}b{% if x = 1 %}y{% endif %}c\n{% capture %}z{% endcapture %}"
    assert _render(renderer, source) == "a\nbc\n"
    warnings = [str(w) for w in drain_warnings()]
    assert warnings == [
        "_posts/2018-10-13-x.md:6: Liquid syntax error: expected word, found '|' "
        + "(skipped, as Jekyll does)",
        "_posts/2018-10-13-x.md:6: Liquid syntax error: expected end of expression, found '=' "
        + "(skipped, as Jekyll does)",
        "_posts/2018-10-13-x.md:7: Liquid syntax error: missing expression "
        + "(skipped, as Jekyll does)",
    ]


def test_missing_include_of_a_named_theme_is_left_out(tmp_path: Path) -> None:
    # a layout copied from minima includes minima's partials, which come from the (absent) theme gem
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "footer.html").write_text("F", encoding="utf-8")
    themed = LiquidRenderer(tmp_path, site={**SITE, "theme": "minima"}, post_urls={}, page_urls={},
                            markdownify=lambda text: text)
    drain_warnings()
    source = "{% include head.html %}\n{% include footer.html %}"
    assert themed.render(source, {"site": SITE}, path="_layouts/default.html") == "\nF"
    assert [str(w) for w in drain_warnings()] == [
        "_layouts/default.html:1: include: 'head.html' is not in _includes/, so it comes from the theme "
        "'minima', which is not installed; it is left out"]


def test_gist_tag_as_jekyll_gist(renderer: LiquidRenderer) -> None:
    # jekyll-gist is on by default on GitHub Pages; no network here, so only the <script> (no <noscript> copy)
    assert _render(renderer, "{% gist parkr/c08ee0f2726fd0e3909d %}") == (
        '<script src="https://gist.github.com/parkr/c08ee0f2726fd0e3909d.js"> </script>')
    assert _render(renderer, "{% gist 931c1c8d465a04042403 jekyll-private-gist.markdown %}") == (
        '<script src="https://gist.github.com/931c1c8d465a04042403.js?file=jekyll-private-gist.markdown"> </script>')
    assert _render(renderer, "{% gist page.title %}") == '<script src="https://gist.github.com/Hello.js"> </script>'


def test_keyword_named_variables_print_as_in_ruby_liquid(renderer: LiquidRenderer) -> None:
    # Handlebars leftovers in real layouts: {{else}} is just an undefined variable to Ruby Liquid, no warning
    drain_warnings()
    assert _render(renderer, "<!-- {{#if a}}{{else}}, {{/if}} -->{{ limit }}|{{ or }}", limit=10) == "<!-- ,  -->10|"
    assert [w.msg for w in drain_warnings()] == [
        "Liquid syntax error: unexpected '#' (skipped, as Jekyll does)",
        "Liquid syntax error: unexpected '/' (skipped, as Jekyll does)"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% foo %}", "_posts/2018-10-13-x.md:5: Liquid syntax error: unknown tag 'foo'"),
        (
            "a\n\n{% endif %}",
            "_posts/2018-10-13-x.md:7: Liquid syntax error: unexpected tag 'endif'",
        ),
        (
            "a\n{% if a %}\nb\n{% for x in y %}{% endfor %}",
            "_posts/2018-10-13-x.md:6: Liquid syntax error: 'if' tag was never closed",
        ),
        (
            "{% highlight python %}\nx",
            "_posts/2018-10-13-x.md:5: Liquid syntax error: 'highlight' tag was never closed",
        ),
        (
            "a\n{{ x ",
            "_posts/2018-10-13-x.md:6: Liquid syntax error: expected '}}', found end of file",
        ),
        (
            "\n{% raw %}{{ x }}",
            "_posts/2018-10-13-x.md:6: Liquid syntax error: 'raw' tag was never closed",
        ),
        (
            "{% if x %}{% endif",
            "_posts/2018-10-13-x.md:5: Liquid syntax error: missing tag name or closing delimiter",
        ),
        (
            "\n{% include nope.html %}",
            "_posts/2018-10-13-x.md:6: include: file 'nope.html' not found in _includes/",
        ),
        (
            "{% include ../etc/passwd %}",
            "_posts/2018-10-13-x.md:5: include: invalid file name '../etc/passwd'",
        ),
        (
            "{% include hello.html bad %}",
            "_posts/2018-10-13-x.md:5: include: expected name=value parameters, got 'bad'",
        ),
        (
            "{% post_url 2019-01-01-none %}",
            "_posts/2018-10-13-x.md:5: post_url: no post named '2019-01-01-none' in _posts/",
        ),
        (
            "{% post_url not-a-post %}",
            "_posts/2018-10-13-x.md:5: post_url: expected YYYY-MM-DD-slug, got 'not-a-post'",
        ),
        (
            "{% link nowhere.md %}",
            "_posts/2018-10-13-x.md:5: link: no page or post with source path 'nowhere.md'",
        ),
        (
            "{% highlight %}x{% endhighlight %}",
            "_posts/2018-10-13-x.md:5: Liquid syntax error: "
            + "highlight: expected 'highlight <lang> [linenos]', got ''",
        ),
        (
            "\n{{ 'a {' | scssify }}",
            "_posts/2018-10-13-x.md:6: Liquid error: scssify: Sass error: "
            + 'Invalid CSS after "a {": expected "}", was ""',
        ),
        (
            "\n\n{{ nil | sort }}",
            "_posts/2018-10-13-x.md:7: Liquid error: sort: cannot sort a null object",
        ),
    ],
)
def test_errors_are_one_line_with_file_line(
    renderer: LiquidRenderer, source: str, message: str
) -> None:
    with pytest.raises(BuildError) as caught:
        _render(renderer, source)
    assert str(caught.value) == message


def test_errors_inside_includes_name_the_include(renderer: LiquidRenderer, tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        _render(renderer, "{% include broken.html %}")
    assert (
        str(caught.value)
        == f"{tmp_path}/_includes/broken.html:2: Liquid syntax error: 'if' tag was never closed"
    )
    with pytest.raises(BuildError) as caught:
        _render(renderer, "{% include fails.html %}")
    assert str(caught.value) == (
        f"{tmp_path}/_includes/fails.html:2: post_url: no post named '2000-01-01-nope' in _posts/"
    )


def test_templates_are_parsed_once(renderer: LiquidRenderer) -> None:
    first = renderer.parse("{{ page.title }}", path="a.md")
    assert renderer.parse("{{ page.title }}", path="a.md") is first
    assert renderer.parse("{{ page.title }}", path="b.md") is not first


def test_include_cache_sees_edits(renderer: LiquidRenderer, tmp_path: Path) -> None:
    assert _render(renderer, "{% include hello.html %}") == "Hi  on Hello"
    (tmp_path / "_includes" / "hello.html").write_text("changed, longer", encoding="utf-8")
    assert _render(renderer, "{% include hello.html %}") == "changed, longer"


class _ShoutTag(InlineTag):
    """Test tag: upper-cases its markup and reports its location."""

    name = sys.intern("shout")

    def produce(self, context, token, markup):
        _path, line = location(context, token)
        return f"{markup.upper()}@{line}:{context.env.jekyll.baseurl}"


def test_register_tag_extends_new_renderers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(liquid, "_EXTRA_TAGS", {})
    register_tag("shout", _ShoutTag)
    fresh = LiquidRenderer(tmp_path, site=SITE, post_urls={}, page_urls={}, markdownify=str)
    out = fresh.render("\n{% shout hey there %}", {}, path="p.md", line_offset=2)
    assert out == "\nHEY THERE@4:/blog"
    with pytest.raises(ValueError, match="register_tag: name 'yell' differs from _ShoutTag.name"):
        register_tag("yell", _ShoutTag)


MINIMA_LIKE = """\
<html lang="{{ page.lang | default: site.lang | default: "en" }}">
{%- include head.html -%}
{%- assign date_format = site.minima.date_format | default: "%b %-d, %Y" -%}
{%- if site.posts.size > 0 -%}
<ul>
{%- for post in site.posts limit:2 -%}
<li>{{ post.date | date: date_format }} {% assign u = post.url | relative_url %}<a href="{{ u }}">\
{{ post.title | escape }}</a>
{{ post.excerpt | strip_html | truncatewords: 3 }} {% for tag in post.tags %}{{ tag }}\
{% unless forloop.last %}, {% endunless %}{% endfor %}</li>
{%- endfor -%}
</ul>
{%- endif -%}
{% for post in paginator.posts %}never{% endfor %}
{% capture tags %}{% for tag in site.tags %}{{ tag[0] }}|{% endfor %}{% endcapture %}
{%- assign sorted = tags | split:'|' | sort %}{{ sorted | join: "," }}
{{ site.data.authors[page.author].name }}|{{ page.title | default: site.title | escape }}
{% comment %}hidden {{ nope }}{% endcomment %}{{ site.time | date_to_xmlschema }} \
{{ "now" | date: "%Y" }}
{% if jekyll.environment == "production" %}prod{% else %}dev{% endif %}\
{% include_cached head.html %}
</html>
"""


def test_a_real_layout_renders_as_jekyll(
    renderer: LiquidRenderer, tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "_includes" / "head.html").write_text(
        '<head>\n  {%- feed_meta -%}\n  <link href="{{ "/main.css" | relative_url }}">\n</head>\n'
    )
    monkeypatch.delenv("JEKYLL_ENV", raising=False)
    site = {
        **SITE,
        "time": dt.datetime(2024, 5, 6, tzinfo=dt.UTC),
        "posts": [
            {
                "title": "A<b>",
                "url": "/a/",
                "date": dt.datetime(2024, 1, 2),
                "excerpt": "<p>one two three four</p>",
                "tags": ["x", "y"],
            },
            {
                "title": "B",
                "url": "/b/",
                "date": dt.datetime(2024, 1, 1),
                "excerpt": "",
                "tags": [],
            },
            {"title": "C", "url": "/c/", "date": dt.datetime(2023, 1, 1)},
        ],
        "tags": {"y": [], "x": []},
        "data": {"authors": {"ann": {"name": "Ann N"}}},
    }
    fresh = LiquidRenderer(tmp_path, site=site, post_urls={}, page_urls={}, markdownify=str)
    page = {"title": None, "author": "ann", "url": "/"}
    head = (
        '<head><link type="application/atom+xml" rel="alternate" '
        'href="https://x.org/blog/feed.xml" title="T &amp; co" /><link href="/blog/main.css">\n'
        "</head>\n"
    )
    assert fresh.render(
        MINIMA_LIKE, {"site": site, "page": page}, path="_layouts/default.html"
    ) == (
        f'<html lang="en">{head}<ul><li>Jan 2, 2024 <a href="/blog/a/">A&lt;b&gt;</a>\n'
        'one two three... x, y</li><li>Jan 1, 2024 <a href="/blog/b/">B</a>\n </li></ul>\n'
        "x,y\nAnn N|T &amp; co\n2024-05-06T00:00:00+00:00 2024\ndev" + head + "\n</html>\n"
    )
