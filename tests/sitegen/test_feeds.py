"""Atom feed, sitemap and feed_meta as jekyll-feed / jekyll-sitemap write them."""
from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET

from sitegen.feeds import absolute_url, feed_meta, render_feed, render_sitemap

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
UTC = dt.timezone.utc
SITE = {"title": "Q & A <blog>", "description": "Notes & <things>", "url": "https://example.com",
        "baseurl": "/blog", "author": "Jane Doe"}


def _post(day: int, **extra) -> dict:
    """A post dict as sitegen-core hands it to the feed."""
    post = {"title": f"Post {day}", "url": f"/2024/01/{day:02d}/post-{day}.html",
            "id": f"/2024/01/{day:02d}/post-{day}", "date": dt.datetime(2024, 1, day, 8, 0, tzinfo=UTC),
            "tags": [], "categories": [], "content": f"<p>Body {day}</p>\n",
            "excerpt": f"<p>Body {day}</p>", "collection": "posts"}
    post.update(extra)
    return post


def test_feed_parses_as_atom_with_required_elements():
    posts = [_post(d) for d in range(1, 13)]
    root = ET.fromstring(render_feed(SITE, posts))
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "subtitle", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    # type="html": the text is HTML (smartify escapes, then xml_escape), as jekyll-feed writes it
    assert html.unescape(root.find(f"{ATOM}title").text) == "Q & A <blog>"
    assert root.find(f"{ATOM}updated").text == "2024-01-12T08:00:00+00:00"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": "https://example.com/blog/feed.xml", "alternate": "https://example.com/blog/"}
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 10
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "Post 12"
    assert first.find(f"{ATOM}link").get("href") == "https://example.com/blog/2024/01/12/post-12.html"
    assert first.find(f"{ATOM}id").text == "https://example.com/blog/2024/01/12/post-12"
    assert first.find(f"{ATOM}published").text == "2024-01-12T08:00:00+00:00"
    assert first.find(f"{ATOM}content").get("type") == "html"
    assert first.find(f"{ATOM}content").text == "<p>Body 12</p>"
    assert first.find(f"{ATOM}summary").text == "Body 12"


def test_feed_escapes_titles_tags_and_cdata_end():
    post = _post(3, title="Fish & chips: a < b > c", tags=["r&d", "<x>"], content="<p>]]> tricky</p>")
    root = ET.fromstring(render_feed(SITE, [post]))
    entry = root.find(f"{ATOM}entry")
    assert html.unescape(entry.find(f"{ATOM}title").text) == "Fish & chips: a < b > c"
    assert html.unescape(entry.find(f"{ATOM}link").get("title")) == "Fish & chips: a < b > c"
    terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert terms == ["r&d", "<x>"]
    assert entry.find(f"{ATOM}content").text == "<p>]]> tricky</p>"


def test_feed_is_deterministic_and_dated_by_newest_post():
    posts = [_post(2), _post(5, last_modified_at=dt.datetime(2024, 2, 1, tzinfo=UTC))]
    site = dict(SITE, time=dt.datetime(2030, 1, 1, tzinfo=UTC))
    first, second = render_feed(site, posts), render_feed(site, list(reversed(posts)))
    assert first == second
    assert "<updated>2024-02-01T00:00:00+00:00</updated><id>" in first


def test_feed_categories_image_and_author_from_data():
    site = dict(SITE, data={"authors": {"jd": {"name": "J. D.", "email": "jd@example.com"}}})
    post = _post(4, categories=["news"], tags=["ml"], image="/img/a.png", author="jd")
    entry = ET.fromstring(render_feed(site, [post])).find(f"{ATOM}entry")
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["news", "ml"]
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "J. D."
    assert entry.find(f"{ATOM}author/{ATOM}email").text == "jd@example.com"
    thumb = entry.find("{http://search.yahoo.com/mrss/}thumbnail")
    assert thumb.get("url") == "https://example.com/blog/img/a.png"


def test_feed_without_posts_still_valid():
    root = ET.fromstring(render_feed({"title": "T"}, []))
    assert root.find(f"{ATOM}updated").text == "1970-01-01T00:00:00+00:00"
    assert root.findall(f"{ATOM}entry") == []


def test_sitemap_lists_documents_by_collection_then_html_pages():
    first, second, hidden = _post(1), _post(2), _post(3, sitemap=False)
    talk_b, talk_a = ({"url": f"/talks/{n}.html", "collection": "talks"} for n in "ba")
    note = {"url": "/notes/n.html", "collection": "notes"}  # a collection with output: false writes nothing
    site = {**SITE, "collections": [  # site.collections is sorted by label; docs in each collection's order
        {"label": "notes", "output": False, "docs": [note]},
        {"label": "posts", "output": True, "docs": [first, second, hidden]},
        {"label": "talks", "output": True, "docs": [talk_b, talk_a]}]}
    pages = [
        talk_a, second, hidden, talk_b, first,
        {"url": "/about.html", "path": "about.md"}, {"url": "/index.html", "path": "index.md"},
        {"url": "/404.html", "path": "404.html"}, {"url": "/secret.html", "path": "s.md", "sitemap": False},
        {"url": "/feed.xml", "path": "feed.xml"}, {"url": "/tags/ml/", "path": "tags/ml"},
    ]
    root = ET.fromstring(render_sitemap(site, pages))
    locs = [u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")]
    base = "https://example.com/blog"
    assert locs == [f"{base}/2024/01/01/post-1.html", f"{base}/2024/01/02/post-2.html", f"{base}/talks/b.html",
                    f"{base}/talks/a.html", f"{base}/about.html", f"{base}/", f"{base}/tags/ml/"]
    assert root.find(f"{SITEMAP}url/{SITEMAP}lastmod").text == "2024-01-01T08:00:00+00:00"


def test_feed_meta_and_absolute_url():
    assert feed_meta(SITE) == ('<link type="application/atom+xml" rel="alternate" '
                               'href="https://example.com/blog/feed.xml" title="Q &amp; A &lt;blog&gt;" />')
    assert absolute_url({"url": "https://x.org/", "baseurl": "blog/"}, "a/b.html") == "https://x.org/blog/a/b.html"
    assert absolute_url({}, "/x") == "/x"
    assert absolute_url(SITE, "https://other.org/p") == "https://other.org/p"
