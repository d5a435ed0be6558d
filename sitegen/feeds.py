"""Atom feed, sitemap and feed <link> tag, as the jekyll-feed and jekyll-sitemap plugins make them.

Output mirrors the plugins' minified templates (jekyll-feed 0.17, jekyll-sitemap 1.4) so a site
moving from GitHub Pages keeps the same feed.xml and sitemap.xml. Every date comes from the
content (the feed's <updated> is the newest post date), never from the clock, so two builds of
the same sources are byte-identical.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from sitegen.liquid_dates import date_to_xmlschema as _date_to_xmlschema
from sitegen.liquid_dates import to_datetime
from sitegen.liquid_filters import normalize_whitespace, smartify, xml_escape

FEED_PATH = "feed.xml"
FEED_POSTS_LIMIT = 10
GENERATOR_NAME = "vdiff-blog sitegen"
GENERATOR_VERSION = "0.1.0"

_TAG_RE = re.compile(r"<script.*?</script>|<!--.*?-->|<style.*?</style>|</?[A-Za-z!][^<>]*>", re.S | re.I)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def date_to_xmlschema(value: object) -> str:
    """Jekyll's date_to_xmlschema, with '' for no date (feeds never print 'None')."""
    moment = to_datetime(value)
    return _date_to_xmlschema(moment) if moment else ""


def absolute_url(site: dict, path: str) -> str:
    """Jekyll's absolute_url filter: site.url + baseurl + path; URLs with a scheme pass through."""
    path = str(path or "")
    if urlsplit(path).scheme:
        return path
    baseurl = str(site.get("baseurl") or "").rstrip("/")
    if baseurl and not baseurl.startswith("/"):
        baseurl = "/" + baseurl
    if not path.startswith("/"):
        path = "/" + path
    return str(site.get("url") or "").rstrip("/") + baseurl + path


def strip_html(text: str) -> str:
    """Liquid's strip_html: drop tags, comments, scripts and styles."""
    return _TAG_RE.sub("", str(text or ""))


def _cdata(text: str) -> str:
    """Wrap text in CDATA, splitting any ']]>' inside it so the XML stays well formed."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def newest_date(posts: Iterable[dict]) -> dt.datetime | None:
    """The newest date or last_modified_at among posts (the deterministic site.time)."""
    moments = [to_datetime(p.get(key)) for p in posts for key in ("date", "last_modified_at")]
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None


def _feed_config(site: dict) -> dict:
    """The site's `feed:` mapping from _config.yml ({} when absent or not a mapping)."""
    config = site.get("feed")
    return config if isinstance(config, dict) else {}


def feed_meta(site: dict) -> str:
    """The <link> tag jekyll-feed's {% feed_meta %} writes into <head>."""
    path = _feed_config(site).get("path") or FEED_PATH
    title = site.get("title") or site.get("name")
    attrs = f'type="application/atom+xml" rel="alternate" href="{xml_escape(absolute_url(site, path))}"'
    if title:
        attrs += f' title="{xml_escape(title)}"'
    return f"<link {attrs} />"


def _resolve_author(site: dict, author: object) -> dict:
    """An author value (name, key of site.data.authors, or mapping) as a mapping with 'name'."""
    if isinstance(author, dict):
        return author
    if not author:
        return {}
    authors = (site.get("data") or {}).get("authors")
    if isinstance(authors, dict) and isinstance(authors.get(author), dict):
        return {"name": author, **authors[author]}
    return {"name": str(author)}


def _author_xml(author: dict) -> str:
    """<author> element with name and, when known, email and uri."""
    parts = [f"<name>{xml_escape(author.get('name', ''))}</name>"]
    for key in ("email", "uri"):
        if author.get(key):
            parts.append(f"<{key}>{xml_escape(author[key])}</{key}>")
    return "<author>" + "".join(parts) + "</author>"


def _post_author(site: dict, post: dict) -> dict:
    """jekyll-feed's author choice: post.author, then post.authors[0], then site.author."""
    authors = post.get("authors")
    first = authors[0] if isinstance(authors, list) and authors else None
    return _resolve_author(site, post.get("author") or first or site.get("author"))


def _entry_categories(post: dict) -> list[str]:
    """Category terms of an entry: its category (or categories), then one per tag."""
    if post.get("category"):
        terms = [str(post["category"])]
    else:
        terms = [str(c) for c in post.get("categories") or []]
    return terms + [str(t) for t in post.get("tags") or []]


def _image_url(site: dict, post: dict) -> str | None:
    """The post's image (a path or a mapping with 'path') as an absolute URL, or None."""
    image = post.get("image")
    if isinstance(image, dict):
        image = image.get("path")
    return absolute_url(site, image) if image else None


def _render_entry(site: dict, post: dict, *, excerpt_only: bool) -> str:
    """One <entry> of the feed, laid out like jekyll-feed's minified template."""
    title = xml_escape(normalize_whitespace(strip_html(smartify(post.get("title") or ""))))
    url = absolute_url(site, post.get("url") or "")
    post_id = post.get("id") or re.sub(r"\.html$", "", post.get("url") or "")
    published = date_to_xmlschema(post.get("date"))
    updated = date_to_xmlschema(post.get("last_modified_at")) or published
    lang = f' xml:lang="{xml_escape(post["lang"])}"' if post.get("lang") else ""
    parts = [
        f"<entry{lang}><title type=\"html\">{title}</title>",
        f'<link href="{xml_escape(url)}" rel="alternate" type="text/html" title="{title}" />',
        f"<published>{published}</published><updated>{updated}</updated>",
        f"<id>{xml_escape(absolute_url(site, post_id))}</id>",
    ]
    if not excerpt_only:
        content = str(post.get("content") or "").strip()
        parts.append(f'<content type="html" xml:base="{xml_escape(url)}">{_cdata(content)}</content>')
    parts.append(_author_xml(_post_author(site, post)))
    parts.extend(f'<category term="{xml_escape(term)}" />' for term in _entry_categories(post))
    summary = normalize_whitespace(strip_html(post.get("description") or post.get("excerpt") or ""))
    if summary:
        parts.append(f'<summary type="html">{_cdata(summary)}</summary>')
    image = _image_url(site, post)
    if image:
        media = 'xmlns:media="http://search.yahoo.com/mrss/"'
        parts.append(f'<media:thumbnail {media} url="{xml_escape(image)}" />')
        parts.append(f'<media:content medium="image" url="{xml_escape(image)}" {media} />')
    return "".join(parts) + "</entry>"


def _sort_key(post: dict) -> tuple[dt.datetime, str]:
    """Newest-first ordering key that is total (ties broken by URL) so output is stable."""
    return (to_datetime(post.get("date")) or _EPOCH, str(post.get("url") or ""))


def render_feed(site: dict, posts: list[dict]) -> str:
    """Atom 1.0 feed.xml of the newest posts (site.feed.posts_limit, default 10), as jekyll-feed writes it."""
    config = _feed_config(site)
    limit = int(config.get("posts_limit") or FEED_POSTS_LIMIT)
    shown = [p for p in posts if not p.get("draft") or site.get("show_drafts")]
    shown = sorted(shown, key=_sort_key, reverse=True)[:limit]
    self_url = absolute_url(site, config.get("path") or FEED_PATH)
    lang = site.get("lang")
    updated = newest_date(posts) or to_datetime(site.get("time")) or _EPOCH
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom"' + (f' xml:lang="{xml_escape(lang)}"' if lang else "") + ">",
        f'<generator version="{GENERATOR_VERSION}">{GENERATOR_NAME}</generator>',
        f'<link href="{xml_escape(self_url)}" rel="self" type="application/atom+xml" />',
        f'<link href="{xml_escape(absolute_url(site, "/"))}" rel="alternate" type="text/html" '
        + (f'hreflang="{xml_escape(lang)}" ' if lang else "") + "/>",
        f"<updated>{date_to_xmlschema(updated)}</updated><id>{xml_escape(self_url)}</id>",
    ]
    title = site.get("title") or site.get("name")
    if title:
        head.append(f'<title type="html">{xml_escape(smartify(title))}</title>')
    if site.get("description"):
        head.append(f"<subtitle>{xml_escape(site['description'])}</subtitle>")
    author = _resolve_author(site, site.get("author"))
    if author:
        head.append(_author_xml(author))
    entries = [_render_entry(site, p, excerpt_only=bool(config.get("excerpt_only"))) for p in shown]
    return "".join(head) + "".join(entries) + "</feed>\n"


def _is_html_url(url: str) -> bool:
    """True for URLs that serve HTML (site.html_pages): '/', '.html', '.htm', '.xhtml'."""
    return url.endswith("/") or url.endswith((".html", ".htm", ".xhtml"))


def _sitemap_url(site: dict, url: str, lastmod: object) -> str:
    """One <url> element of the sitemap."""
    loc = absolute_url(site, re.sub(r"/index\.html$", "/", url))
    stamp = date_to_xmlschema(lastmod)
    modified = f"<lastmod>{stamp}</lastmod>\n" if stamp else ""
    return f"<url>\n<loc>{xml_escape(loc)}</loc>\n{modified}</url>\n"


def render_sitemap(site: dict, pages: list[dict]) -> str:
    """sitemap.xml as jekyll-sitemap writes it: the written documents collection by collection (site.collections:
    by label; posts oldest first, other collections in their order), then HTML pages; skips sitemap: false and 404."""
    written = {p.get("url") for p in pages if p.get("collection") and p.get("sitemap") is not False}
    docs = [doc for collection in site.get("collections") or [] if collection.get("output") is not False
            for doc in collection.get("docs") or [] if doc.get("url") in written]
    others = [
        p for p in pages
        if not p.get("collection") and p.get("sitemap") is not False
        and _is_html_url(str(p.get("url") or "")) and p.get("url") not in ("/404.html", "/404/")
    ]
    others.sort(key=lambda p: str(p.get("path") or p.get("url") or ""))
    body = [_sitemap_url(site, p["url"], p.get("last_modified_at") or p.get("date")) for p in docs]
    body += [_sitemap_url(site, p["url"], p.get("last_modified_at")) for p in others]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
        'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "".join(body) + "</urlset>\n"
    )
