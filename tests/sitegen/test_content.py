"""Reading a Jekyll source tree: posts, drafts, pages, GitHub Pages' defaults, data, generated pages."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.config import read_config
from sitegen.content import (SourceReader, excerpt_of, generated_pages, read_site, title_from_heading,
                             titleize_slug)
from sitegen.scan import scan_source
from tests.fixtures.sites import write_site

NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _read(root: Path, files: dict, **options):
    write_site(root, files)
    config = read_config(root)
    return read_site(root, config, scan_source(root, config), SourceReader("src"), now=NOW, **options)


def _urls(site) -> dict[str, str]:
    return {page.rel_path: page.url for page in site.all_pages()}


def test_posts_dates_categories_tags_and_order(tmp_path: Path) -> None:
    site = _read(tmp_path, {
        "_config.yml": "timezone: Europe/Berlin\nfuture: false\n",
        "_posts/2024-01-02-a.md": "---\ntags: ml notes\ncategory: Research\n---\nA\n",
        "blog/_posts/2024-01-02-b.md": "---\ndate: 2024-01-02 23:30:00 +0000\ntitle: B!\n---\nB\n",
        "_posts/2024-03-01-unpublished.md": "---\npublished: false\n---\nx\n",
        "_posts/2030-01-01-future.md": "---\n---\nlater\n",
    })
    assert [post.slug for post in site.posts] == ["b", "a"]
    a, b = site.posts[1], site.posts[0]
    assert a.title == "A" and a.tags == ["ml", "notes"] and a.categories == ["Research"]
    assert a.url == "/research/2024/01/02/a.html"
    assert b.categories == ["blog"] and b.title == "B!"
    assert b.date.isoformat() == "2024-01-03T00:30:00+01:00"  # shown in the site's zone
    assert b.url == "/blog/2024/01/03/b.html"
    assert site.next_publish == datetime(2030, 1, 1, tzinfo=ZoneInfo("Europe/Berlin"))
    assert site.time == b.date


def test_future_posts_are_published_by_default_as_on_github_pages(tmp_path: Path) -> None:
    # pages-gem's Configuration::DEFAULTS sets "future" => true; a site opts out with future: false
    files = {"_posts/2030-01-01-later.md": "---\n---\nlater\n", "_posts/2024-01-01-now.md": "---\n---\nnow\n"}
    assert [post.slug for post in _read(tmp_path, files).posts] == ["later", "now"]


def test_future_unpublished_and_drafts_on_request(tmp_path: Path) -> None:
    files = {"_config.yml": "unpublished: true\n", "_posts/2030-01-01-future.md": "---\n---\nlater\n",
             "_posts/2024-03-01-hidden.md": "---\npublished: false\n---\nx\n",
             "_drafts/idea.md": "---\ntitle: Idea\ndate: 2024-05-05\n---\nDraft\n"}
    site = _read(tmp_path, files, future=True, drafts=True)
    assert sorted(post.slug for post in site.posts) == ["future", "hidden", "idea"]
    draft = next(post for post in site.posts if post.draft)
    assert draft.url == "/2024/05/05/idea.html" and draft.title == "Idea"


@pytest.mark.parametrize("style, url", [
    ("date", "/2024/01/02/my-post.html"), ("pretty", "/2024/01/02/my-post/"), ("ordinal", "/2024/002/my-post.html"),
    ("none", "/my-post.html"), ("/notes/:year/:title/", "/notes/2024/my-post/"),
])
def test_permalink_styles_for_posts_and_pages(tmp_path: Path, style: str, url: str) -> None:
    site = _read(tmp_path, {"_config.yml": f"permalink: {style}\n", "_posts/2024-01-02-my-post.md": "---\n---\nx\n",
                            "docs/guide.md": "---\n---\ny\n"})
    urls = _urls(site)
    assert urls["_posts/2024-01-02-my-post.md"] == url
    assert urls["docs/guide.md"] == ("/docs/guide/" if style == "pretty" or style.endswith("/") else
                                     "/docs/guide.html")


def test_github_pages_defaults(tmp_path: Path) -> None:
    site = _read(tmp_path, {
        "README.md": "# Project\n\nRead me.\n",
        "docs/README.md": "Docs readme\n", "docs/index.html": "---\n---\nindex\n",
        "notes.md": "Title\n=====\n\nSetext heading.\n",
        "guide.md": "Intro text first\n\n# Not a title\n",
        "LICENSE.md": "MIT\n", "CONTRIBUTING.md": "Be nice\n",
        "plain.html": "<p>no front matter: static</p>\n",
        "fm.html": "---\ntitle: With FM\n---\n<p>page</p>\n",
    })
    urls = _urls(site)
    assert urls["README.md"] == "/"
    assert urls["notes.md"] == "/notes.html" and urls["guide.md"] == "/guide.html"
    assert "docs/README.md" not in urls and "LICENSE.md" not in urls
    statics = sorted(static.rel_path for static in site.static_files)
    assert statics == ["CONTRIBUTING.md", "LICENSE.md", "docs/README.md", "plain.html"]
    pages = {page.rel_path: page for page in site.pages}
    assert pages["README.md"].title == "Project" and pages["README.md"].layout == "home"
    assert pages["notes.md"].title == "Title"
    assert pages["guide.md"].title is None and pages["guide.md"].layout == "page"
    assert pages["fm.html"].layout is None and pages["fm.html"].title == "With FM"


def test_front_matter_defaults_and_excerpts(tmp_path: Path) -> None:
    site = _read(tmp_path, {
        "_config.yml": "defaults:\n  - scope: {path: '', type: posts}\n    values: {layout: article, author: me}\n"
                       "excerpt_separator: <!--more-->\n",
        "_posts/2024-01-02-a.md": "---\ntitle: A\n---\nIntro\n\nstill intro<!--more-->Rest\n",
        "_posts/2024-01-03-b.md": "---\nexcerpt_separator: ~~~\nlayout: null\n---\nShort~~~Long\n",
    })
    b, a = site.posts
    assert a.layout == "article" and a.front_matter["author"] == "me"
    assert a.excerpt_source == "Intro\n\nstill intro"
    assert b.layout is None and b.excerpt_source == "Short"


def test_data_files_and_errors(tmp_path: Path) -> None:
    site = _read(tmp_path, {"_data/authors.yml": "me: {name: Me}\n", "_data/nav/main.json": "[1, 2]",
                            "_data/table.csv": "a,b\n1,2\n"})
    assert site.data == {"authors": {"me": {"name": "Me"}}, "nav": {"main": [1, 2]}, "table": [{"a": "1", "b": "2"}]}
    from sitegen.errors import BuildError

    with pytest.raises(BuildError, match=r"^src/_data/bad.json:2: invalid JSON: "):
        _read(tmp_path / "other", {"_data/bad.json": "[1,\n}"})


def test_generated_pages_for_the_theme(tmp_path: Path) -> None:
    site = _read(tmp_path, {"_posts/2024-01-02-a.md": "---\ntags: [ML, ml, deep learning]\n---\nA\n",
                            "404.md": "---\n---\nGone\n"})
    pages = {page.url: page for page in generated_pages(site)}
    assert sorted(pages) == ["/", "/tags/", "/tags/deep-learning/", "/tags/ml/"]
    assert pages["/tags/ml/"].extra["tag"] == "ML" and pages["/tags/ml/"].layout == "tag"
    assert [post.slug for post in pages["/tags/ml/"].extra["posts"]] == ["a"]


def test_reader_reuses_documents_by_stat(tmp_path: Path) -> None:
    write_site(tmp_path, {"_posts/2024-01-02-a.md": "---\ntitle: A\n---\nA\n"})
    config = read_config(tmp_path)
    first = SourceReader("src")
    read_site(tmp_path, config, scan_source(tmp_path, config), first, now=NOW)
    second = SourceReader("src", first.fresh)
    path = tmp_path / "_posts/2024-01-02-a.md"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    site = read_site(tmp_path, config, scan_source(tmp_path, config), second, now=NOW)
    assert site.posts[0] is first.fresh["_posts/2024-01-02-a.md"][1]
    path.write_text("---\ntitle: Changed\n---\nA\n")
    third = SourceReader("src", second.fresh)
    assert read_site(tmp_path, config, scan_source(tmp_path, config), third, now=NOW).posts[0].title == "Changed"


def test_titleize_and_heading_titles() -> None:
    assert titleize_slug("my-first-post") == "My First Post"
    assert title_from_heading("\n## The *big* [idea](x.md) ##\n\ntext") == "The big idea"
    assert title_from_heading("<h1 class='t'>Raw</h1>") == "Raw"
    assert title_from_heading("text\n# later") is None


@pytest.mark.parametrize("body, expected", [
    ("Intro [x][r].\n\nRest.\n\n[r]: /u\n", "Intro [x][r].\n\n[r]: /u"),
    ("{% highlight py %}\na\n\nb\n{% endhighlight %}\n\nmore", "{% highlight py %}\na\n{% endhighlight %}"),
    ("{% if x %}a{% endif %}\n\nb", "{% if x %}a{% endif %}"),
    ("one paragraph only\n", "one paragraph only\n"),
])
def test_excerpts_close_liquid_blocks_and_keep_link_references(body: str, expected: str) -> None:
    assert excerpt_of(body, "\n\n") == expected
