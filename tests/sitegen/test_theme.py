"""The Jinja2 theme: every layout renders with Jekyll's nouns and carries the expected elements."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from sitegen.theme import make_theme_env, pygments_theme_css, tag_url, theme_files

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LAYOUTS = ("default", "post", "page", "home", "tag", "tags", "404", "runs", "run")
UTC = dt.UTC
FIRST = {
    "title": "First & one",
    "url": "/2020/01/01/first.html",
    "date": dt.datetime(2020, 1, 1, tzinfo=UTC),
    "tags": ["ml", "C++ tips"],
}
SECOND = {
    "title": "Second",
    "url": "/2020/02/01/second.html",
    "date": dt.datetime(2020, 2, 1, tzinfo=UTC),
    "tags": ["ml"],
    "previous": FIRST,
    "next": None,
}
SITE = {
    "title": "Blog",
    "description": "Notes on video diffusion",
    "url": "https://x.org",
    "baseurl": "/b",
    "posts": [SECOND, FIRST],
    "tags": {"ml": [SECOND, FIRST], "C++ tips": [FIRST]},
    "html_pages": [
        {"title": "About", "url": "/about/"},
        {"title": "Home", "url": "/"},
        {"title": "Tags", "url": "/tags/", "path": "<generated>/tags"},
        {"title": "Tag: ml", "url": "/tags/ml/", "path": "<generated>/tags/ml"},
        {"title": "A run", "url": "/runs/r1/", "path": "<runs>/r1"},
    ],
}


class _Elements(HTMLParser):
    """Collects (tag, attrs) of every start tag and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _render(layout: str, page: dict, content: str = "") -> str:
    env = make_theme_env(TEMPLATES, site=SITE)
    return env.get_template(f"layouts/{layout}.html").render(
        site=SITE, page=page, content=content, paginator=None
    )


def _parse(html: str) -> _Elements:
    parsed = _Elements()
    parsed.feed(html)
    return parsed


def _hrefs(parsed: _Elements, css_class: str) -> list[str | None]:
    return [
        attrs.get("href")
        for _, attrs in parsed.tags
        if css_class in (attrs.get("class") or "").split()
    ]


def test_theme_ships_every_layout() -> None:
    assert sorted(p.stem for p in (TEMPLATES / "layouts").glob("*.html")) == sorted(LAYOUTS)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_has_head_header_and_footer(layout: str) -> None:
    page = {"title": "T", "url": "/x/", "tag": "ml", "runs": [], "run": {"id": "r"}}
    html = _render(layout, page, "<p>body</p>")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-US">')
    assert '<link rel="canonical" href="https://x.org/b/x/" />' in html
    assert '<meta property="og:title" content="T" />' in html
    assert (
        '<link type="application/atom+xml" rel="alternate" '
        'href="https://x.org/b/feed.xml" title="Blog" />' in html
    )
    assert '<a class="site-title" href="/b/">Blog</a>' in html
    assert '<p class="site-description">Notes on video diffusion</p>' in html
    assert '<button class="theme-toggle" type="button" data-theme-toggle' in html
    assert '<link rel="icon" type="image/svg+xml" href="/b/assets/theme/favicon.svg?v=' in html
    assert 'localStorage.getItem("theme")' in html
    assert '<footer class="site-footer">' in html
    assert html.endswith("</html>\n")


def test_header_nav_lists_real_pages_once() -> None:
    nav = _render("page", {"url": "/about/"}).split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav) == [
        ("/b/", "Posts"),
        ("/b/tags/", "Tags"),
        ("/b/about/", "About"),
    ]


def test_post_layout() -> None:
    parsed = _parse(_render("post", SECOND, "<p>Body</p>"))
    text = "".join(parsed.text)
    assert ("time", {"datetime": "2020-02-01T00:00:00+00:00"}) in parsed.tags
    assert "February 1, 2020" in text
    assert _hrefs(parsed, "tag") == ["/b/tags/ml/"]
    assert _hrefs(parsed, "post-nav-prev") == ["/b/2020/01/01/first.html"]
    assert _hrefs(parsed, "post-nav-next") == []
    assert "First & one" in text
    assert (
        "link",
        {
            "rel": "stylesheet",
            "href": "/b/assets/theme/css/pygments.css?v=" + _version("css/pygments.css"),
        },
    ) in parsed.tags


def _version(path: str) -> str:
    import hashlib

    data = theme_files(TEMPLATES)[f"assets/theme/{path}"]
    return hashlib.sha256(data).hexdigest()[:10]


def test_home_lists_posts_with_dates_and_tags() -> None:
    html = _render("home", {"url": "/", "title": None}, "<p>Intro</p>")
    parsed = _parse(html)
    assert _hrefs(parsed, "post-link") == ["/b/2020/02/01/second.html", "/b/2020/01/01/first.html"]
    assert _hrefs(parsed, "tag") == ["/b/tags/ml/", "/b/tags/ml/", "/b/tags/c-tips/"]
    assert '<time class="post-date" datetime="2020-01-01T00:00:00+00:00">Jan 1, 2020</time>' in html
    assert "<p>Intro</p>" in html


def test_tag_and_tags_pages() -> None:
    tag = _parse(_render("tag", {"url": "/tags/c-tips/", "tag": "C++ tips", "title": "C++ tips"}))
    assert _hrefs(tag, "post-link") == ["/b/2020/01/01/first.html"]
    tags = _render("tags", {"url": "/tags/", "title": "Tags"})
    assert (
        '<a class="tag" href="/b/tags/c-tips/">C++ tips</a> <span class="tag-count">1</span>'
        in tags
    )
    assert '<a class="tag" href="/b/tags/ml/">ml</a> <span class="tag-count">2</span>' in tags
    listed = _render(
        "tags", {"url": "/tags/", "tag_list": [{"name": "ML", "url": "/tags/ml/", "count": 3}]}
    )
    assert (
        '<li><a class="tag" href="/b/tags/ml/">ML</a> <span class="tag-count">3</span></li>'
        in listed
    )


def test_page_title_not_doubled() -> None:
    assert '<h1 class="page-title">About</h1>' in _render(
        "page", {"title": "About", "url": "/about/"}, "<p>x</p>"
    )
    html = _render("page", {"title": "About", "url": "/about/"}, '<h1 id="about">About</h1>')
    assert '<h1 class="page-title">' not in html


def test_math_assets_only_on_pages_with_math() -> None:
    with_math = _render("page", {"url": "/m/"}, '<span class="math inline">\\(x\\)</span>')
    assert "/b/assets/theme/katex/katex.min.js?v=" in with_math
    assert "/b/assets/theme/js/math.js?v=" in with_math
    assert "katex" not in _render("page", {"url": "/m/"}, "<p>x</p>")


def test_default_layout_has_head_and_scripts_blocks(tmp_path: Path) -> None:
    (tmp_path / "child.html").write_text(
        '{% extends "layouts/default.html" %}{% block head %}<link rel="x">{% endblock %}'
        "{% block scripts %}<script>s()</script>{% endblock %}"
    )
    env = make_theme_env(TEMPLATES, site=SITE)
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(str(tmp_path))])
    html = env.get_template("child.html").render(page={"url": "/c/"}, content="")
    assert '<link rel="x"></head>' in html
    assert "<script>s()</script></body>" in html


def test_titles_are_escaped() -> None:
    html = _render("post", {**SECOND, "title": "<script>x</script>"}, "<p>ok</p>")
    assert '<h1 class="post-title">&lt;script&gt;x&lt;/script&gt;</h1>' in html


def test_theme_files_and_pygments_css() -> None:
    files = theme_files(TEMPLATES)
    assert {
        "assets/theme/css/theme.css",
        "assets/theme/js/theme.js",
        "assets/theme/css/pygments.css",
        "assets/theme/js/math.js",
    } <= set(files)
    css = pygments_theme_css()
    assert ".highlight .k {" in css
    assert css.count("pre { line-height") == 1
    assert "background: #" not in css.replace("background-color: #", "")
    assert 'html[data-theme="dark"] .highlight .k {' in css
    assert '@media (prefers-color-scheme: dark) {\nhtml:not([data-theme="light"]) .highlight' in css


def test_theme_css_covers_dark_mode_phones_and_experiment_figures() -> None:
    css = (TEMPLATES / "static" / "css" / "theme.css").read_text(encoding="utf-8")
    for selector in (
        'html[data-theme="dark"] {',
        "@media (prefers-color-scheme: dark)",
        "@media (max-width: 40rem)",
        ".sample-pair {",
        ".gallery {",
        ".metrics-table",
        "figcaption",
        ".post-nav {",
        ".tag {",
    ):
        assert selector in css


def test_tag_url() -> None:
    assert tag_url("Video Diffusion") == "/tags/video-diffusion/"
    assert tag_url("C++") == "/tags/c/"
    assert tag_url("++") == "/tags/tag/"


def test_missing_remote_theme_falls_back_to_ours_with_one_warning(tmp_path: Path) -> None:
    from sitegen.pipeline import build

    src = tmp_path / "src"
    (src / "_posts").mkdir(parents=True)
    (src / "_config.yml").write_text("title: Fallback\nremote_theme: pages-themes/cayman@v0.2.0\n")
    (src / "_posts" / "2024-01-02-hello.md").write_text(
        "---\nlayout: post\ntitle: Hello\n---\nHi.\n"
    )
    result = build(src, tmp_path / "out", jobs=1, quiet=True)
    theme_warnings = [str(w) for w in result.warnings if "theme" in w.msg]
    assert len(theme_warnings) == 1
    assert "theme 'pages-themes/cayman@v0.2.0' is not installed" in theme_warnings[0]
    html = (tmp_path / "out" / "2024" / "01" / "02" / "hello.html").read_text(encoding="utf-8")
    assert '<a class="site-title" href="/">Fallback</a>' in html
    assert '<h1 class="post-title">Hello</h1>' in html
    assert (tmp_path / "out" / "assets" / "theme" / "css" / "pygments.css").is_file()
