"""<head> meta tags as jekyll-seo-tag 2.8's {% seo %} writes them: title, Open Graph, Twitter, JSON-LD."""
from __future__ import annotations

import functools
import json
import re

from sitegen.feeds import (
    GENERATOR_NAME,
    GENERATOR_VERSION,
    absolute_url,
    date_to_xmlschema,
    normalize_whitespace,
    strip_html,
)

TITLE_SEPARATOR = " | "
_HOMEPAGE_OR_ABOUT = re.compile(r"^/(about/)?(index\.html?)?$")
_ESCAPE_ONCE = re.compile(r"&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);)|[<>\"']")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def escape_once(text: str) -> str:
    """Liquid's escape_once: HTML-escape, leaving existing entities (&amp;, &#39;) as they are."""
    return _ESCAPE_ONCE.sub(lambda m: _ESCAPES[m.group(0)[0]], text)


def _format(value: object) -> str | None:
    """jekyll-seo-tag's format_string: markdownify, strip tags, collapse spaces, escape once; None when empty."""
    return None if value is None else _format_text(str(value))


@functools.lru_cache(maxsize=4096)
def _format_text(text: str) -> str | None:
    """_format on a string; cached because every page formats the same site title and description."""
    from sitegen.markdown import render_markdown  # kramdown typography ('--' → '–'), as the plugin's markdownify

    return escape_once(normalize_whitespace(strip_html(render_markdown(text, path="<seo>")))) or None


def _attr(text: object) -> str:
    """Escape a raw value for a double-quoted attribute (already-escaped entities stay as they are)."""
    return escape_once(str(text))


def _author(site: dict, page: dict) -> dict:
    """The page author as jekyll-seo-tag resolves it (page.author, page.authors[0], site.author, _data/authors)."""
    authors = page.get("authors")
    sources = [page.get("author"), authors[0] if isinstance(authors, list) and authors else None,
               site.get("author")]
    author = next((s for s in sources if s not in (None, "", {})), None)
    if isinstance(author, dict):
        return author
    if not isinstance(author, str):
        return {}
    data_authors = (site.get("data") or {}).get("authors")
    extra = data_authors.get(author) if isinstance(data_authors, dict) else None
    return {"name": author, **(extra if isinstance(extra, dict) else {})}


def _image(site: dict, page: dict) -> dict | None:
    """The page image as a mapping with an absolute 'path' (plus height/width/alt), or None."""
    image = page.get("image")
    if isinstance(image, str):
        image = {"path": image}
    if not isinstance(image, dict):
        return None
    path = image.get("path") or image.get("facebook") or image.get("twitter")
    if not path:
        return None
    return {**image, "path": absolute_url(site, str(path))}


def _titles(site: dict, page: dict) -> tuple[str | None, str | None, str | None]:
    """(full <title>, page title, site title) as jekyll-seo-tag composes them."""
    site_title = _format(site.get("title") or site.get("name"))
    page_title = _format(page.get("title")) or site_title
    tagline = _format(site.get("tagline")) or _format(site.get("description"))
    if site_title and page_title != site_title:
        title = page_title + TITLE_SEPARATOR + site_title
    elif tagline and site_title:
        title = site_title + TITLE_SEPARATOR + tagline
    else:
        title = page_title or site_title
    return title, page_title, site_title


def _description(site: dict, page: dict) -> str | None:
    """page.description, else a post's excerpt, else site.description."""
    excerpt = page.get("excerpt") if page.get("collection") == "posts" else None
    return _format(page.get("description") or excerpt) or _format(site.get("description"))


def canonical_url(site: dict, page: dict) -> str:
    """The page's canonical URL: front matter canonical_url, else its absolute URL without index.html."""
    if page.get("canonical_url"):
        return str(page["canonical_url"])
    return re.sub(r"/index\.html$", "/", absolute_url(site, str(page.get("url") or "/")))


def _json_ld(site: dict, page: dict, facts: dict) -> str:
    """The schema.org JSON-LD object (keys sorted, as the plugin emits it), safe inside <script>."""
    homepage = bool(_HOMEPAGE_OR_ABOUT.match(str(page.get("url") or "")))
    kind = "WebSite" if homepage else ("BlogPosting" if page.get("date") else "WebPage")
    data: dict[str, object] = {"@context": "https://schema.org", "@type": kind}
    author = facts["author"]
    if author.get("name"):
        data["author"] = {"@type": author.get("type") or "Person", "name": author["name"]}
        if author.get("url"):
            data["author"]["url"] = author["url"]
    if page.get("date"):
        data["dateModified"] = date_to_xmlschema(page.get("last_modified_at") or page["date"])
        data["datePublished"] = date_to_xmlschema(page["date"])
    data["description"] = facts["description"]
    data["headline"] = facts["page_title"]
    if facts["image"]:
        data["image"] = facts["image"]["path"]
    if kind == "BlogPosting":
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": facts["canonical"]}
    if homepage:
        data["name"] = facts["site_title"]
    if site.get("logo"):
        data["publisher"] = {"@type": "Organization",
                             "logo": {"@type": "ImageObject", "url": absolute_url(site, site["logo"])}}
    data["url"] = facts["canonical"]
    clean = {key: data[key] for key in sorted(data) if data[key] is not None}
    text = json.dumps(clean, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


def _image_lines(image: dict | None) -> list[str]:
    """og:image and its optional height, width and alt."""
    if not image:
        return []
    lines = [f'<meta property="og:image" content="{_attr(image["path"])}" />']
    for key in ("height", "width", "alt"):
        if image.get(key):
            lines.append(f'<meta property="og:image:{key}" content="{_attr(image[key])}" />')
    return lines


def _twitter_lines(site: dict, page: dict, facts: dict) -> list[str]:
    """twitter:card, image, title and site/creator handles."""
    image = facts["image"]
    if image:
        twitter = page.get("twitter") or site.get("twitter") or {}
        card = twitter.get("card") if isinstance(twitter, dict) else None
        lines = [f'<meta name="twitter:card" content="{_attr(card or "summary_large_image")}" />',
                 f'<meta property="twitter:image" content="{_attr(image["path"])}" />']
        if image.get("alt"):
            lines.append(f'<meta name="twitter:image:alt" content="{_attr(image["alt"])}" />')
    else:
        lines = ['<meta name="twitter:card" content="summary" />']
    if facts["page_title"]:
        lines.append(f'<meta property="twitter:title" content="{facts["page_title"]}" />')
    handle = site.get("twitter")
    username = handle.get("username") if isinstance(handle, dict) else handle
    if username:
        lines.append(f'<meta name="twitter:site" content="@{_attr(str(username).lstrip("@"))}" />')
    return lines


def seo_tags(site: dict, page: dict, *, title: bool = True) -> str:
    """The {% seo %} block for a page (title=False is {% seo title=false %}); values HTML-escaped."""
    full_title, page_title, site_title = _titles(site, page)
    facts = {"author": _author(site, page), "description": _description(site, page),
             "page_title": page_title, "site_title": site_title, "image": _image(site, page),
             "canonical": canonical_url(site, page)}
    lines = ["<!-- Begin Jekyll SEO tag v2.8.0 -->"]
    if title and full_title:
        lines.append(f"<title>{full_title}</title>")
    lines.append(f'<meta name="generator" content="{GENERATOR_NAME} v{GENERATOR_VERSION}" />')
    if page_title:
        lines.append(f'<meta property="og:title" content="{page_title}" />')
    if facts["author"].get("name"):
        lines.append(f'<meta name="author" content="{_attr(facts["author"]["name"])}" />')
    locale = str(page.get("locale") or site.get("locale") or page.get("lang") or site.get("lang") or "en_US")
    lines.append(f'<meta property="og:locale" content="{_attr(locale.replace("-", "_"))}" />')
    if facts["description"]:
        lines.append(f'<meta name="description" content="{facts["description"]}" />')
        lines.append(f'<meta property="og:description" content="{facts["description"]}" />')
    if site.get("url"):
        lines.append(f'<link rel="canonical" href="{_attr(facts["canonical"])}" />')
        lines.append(f'<meta property="og:url" content="{_attr(facts["canonical"])}" />')
    if site_title:
        lines.append(f'<meta property="og:site_name" content="{site_title}" />')
    lines.extend(_image_lines(facts["image"]))
    if page.get("date"):
        lines.append('<meta property="og:type" content="article" />')
        published = date_to_xmlschema(page["date"])
        lines.append(f'<meta property="article:published_time" content="{published}" />')
    else:
        lines.append('<meta property="og:type" content="website" />')
    lines.extend(_twitter_lines(site, page, facts))
    lines.append('<script type="application/ld+json">\n' + _json_ld(site, page, facts) + "</script>")
    lines.append("<!-- End Jekyll SEO tag -->")
    return "\n".join(lines) + "\n"

