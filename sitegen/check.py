"""Link checker over a built _site/: internal links, #anchors and images resolve, with no network.

Every HTML file is parsed once (html.parser) for its links and its ids; links are then resolved
the way GitHub Pages serves files: a directory means its index.html, and an extensionless path
may name a .html file. External links (with a scheme, or protocol-relative) are only counted.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs whose value is one URL; srcset attributes hold a list.
_URL_ATTRS = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("source", "src"), ("track", "src"),
    ("iframe", "src"), ("embed", "src"), ("object", "data"),
}
_SRCSET_TAGS = {"img", "source"}
_IMAGE_TAGS = {"img"}
_SKIPPED_LINK_RELS = {"preconnect", "dns-prefetch"}
_IMAGE_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",), ".gif": (b"GIF87a", b"GIF89a"), ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",), ".webp": (b"RIFF",), ".ico": (b"\x00\x00\x01\x00",),
}
_HTML_SUFFIXES = (".html", ".htm")


@dataclass
class CheckReport:
    """What check_site found: problem lines plus counts of pages and links seen."""

    problems: list[str] = field(default_factory=list)
    pages: int = 0
    internal_links: int = 0
    external_links: int = 0

    def summary(self) -> str:
        """One line: pages, links checked, external links skipped, problems."""
        return (f"checked {self.pages} pages, {self.internal_links} internal links "
                f"({self.external_links} external skipped): {len(self.problems)} problems")


@dataclass
class _Link:
    """One URL found in a page, with what kind of element it came from."""

    url: str
    is_image: bool


class _PageParser(HTMLParser):
    """Collects the URLs and the anchor targets (id, a/name) of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record ids, names and every URL-valued attribute of the tag."""
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.anchors.add(values["name"])
        if tag == "link" and _SKIPPED_LINK_RELS & set(values.get("rel", "").lower().split()):
            return
        for name, value in values.items():
            if (tag, name) in _URL_ATTRS:
                self.links.append(_Link(value.strip(), tag in _IMAGE_TAGS))
            elif name == "srcset" and tag in _SRCSET_TAGS:
                self.links.extend(_Link(url, True) for url in _srcset_urls(value))

    handle_startendtag = handle_starttag


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset attribute ('a.png 1x, b.png 2x')."""
    urls = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            urls.append(parts[0])
    return urls


def _is_external(url: str) -> bool:
    """True for URLs with a scheme (https:, mailto:, data:) or protocol-relative ones (//host)."""
    return url.startswith("//") or bool(urlsplit(url).scheme)


def _page_dir_url(rel_path: str) -> str:
    """The URL directory a page is served from ('posts/a.html' -> '/posts/')."""
    parent = posixpath.dirname(rel_path)
    return "/" + parent + "/" if parent else "/"


def _site_path(url_path: str, page_rel: str, baseurl: str) -> tuple[str | None, str]:
    """A link's path relative to the output folder, or (None, reason) when it leaves the site."""
    if url_path.startswith("/"):
        if baseurl and not (url_path == baseurl or url_path.startswith(baseurl + "/")):
            return None, f"outside baseurl '{baseurl}'"
        joined = "/" + url_path[len(baseurl):].lstrip("/")
    else:
        joined = _page_dir_url(page_rel) + url_path
    segments: list[str] = []
    for segment in joined.split("/"):
        if segment == "..":
            if not segments:
                return None, "outside the site"
            segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    rel = "/".join(segments)
    return (rel + "/" if joined.endswith("/") and rel else rel), ""


def _resolve_file(out_dir: Path, rel: str) -> Path | None:
    """The file GitHub Pages would serve for a site path: file, dir/index.html, or path.html."""
    candidate = out_dir / rel if rel else out_dir
    if rel and not rel.endswith("/") and candidate.is_file():
        return candidate
    if candidate.is_dir() and (candidate / "index.html").is_file():
        return candidate / "index.html"
    if rel and not rel.endswith("/") and not posixpath.splitext(rel)[1]:
        with_html = out_dir / (rel + ".html")
        if with_html.is_file():
            return with_html
    return None


def _image_problem(path: Path, cache: dict[Path, str]) -> str:
    """'' when the file looks like the image its suffix claims, else why it would not load."""
    if path not in cache:
        magic = _IMAGE_MAGIC.get(path.suffix.lower())
        with path.open("rb") as handle:
            head = handle.read(16)
        if not head:
            cache[path] = "empty file"
        elif magic and not head.startswith(magic):
            cache[path] = f"not a {path.suffix.lower().lstrip('.')} image"
        else:
            cache[path] = ""
    return cache[path]


def _parse_pages(out_dir: Path) -> dict[str, _PageParser]:
    """Parse every HTML file under out_dir once; keys are paths relative to out_dir (posix)."""
    pages: dict[str, _PageParser] = {}
    for path in sorted(p for p in out_dir.rglob("*") if p.suffix.lower() in _HTML_SUFFIXES and p.is_file()):
        parser = _PageParser()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        pages[path.relative_to(out_dir).as_posix()] = parser
    return pages


def _check_link(out_dir: Path, page_rel: str, link: _Link, *, baseurl: str,
                pages: dict[str, _PageParser], image_cache: dict[Path, str]) -> str:
    """'' when one internal link resolves (file, anchor, image), else the reason it is broken."""
    parts = urlsplit(link.url)
    fragment = unquote(parts.fragment)
    if not parts.path:
        target_rel = page_rel
    else:
        rel, reason = _site_path(unquote(parts.path), page_rel, baseurl)
        if rel is None:
            return reason
        target = _resolve_file(out_dir, rel)
        if target is None:
            return "no such file"
        if link.is_image:
            problem = _image_problem(target, image_cache)
            if problem:
                return problem
        target_rel = target.relative_to(out_dir).as_posix()
    if fragment and fragment != "top" and target_rel in pages:
        if fragment not in pages[target_rel].anchors:
            return f"no id '{fragment}' in {target_rel}"
    return ""


def scan_site(out_dir: Path, *, baseurl: str = "") -> CheckReport:
    """Check every internal href/src/srcset of every HTML page under out_dir; return the full report."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"{out_dir}: no such folder (build the site first)")
    baseurl = "/" + baseurl.strip("/") if baseurl.strip("/") else ""
    pages = _parse_pages(out_dir)
    report = CheckReport(pages=len(pages))
    image_cache: dict[Path, str] = {}
    for page_rel, parser in pages.items():
        seen: set[str] = set()
        for link in parser.links:
            if not link.url or _is_external(link.url):
                report.external_links += bool(link.url)
                continue
            report.internal_links += 1
            if link.url in seen:
                continue
            seen.add(link.url)
            reason = _check_link(out_dir, page_rel, link, baseurl=baseurl, pages=pages, image_cache=image_cache)
            if reason:
                kind = "image" if link.is_image else "link"
                report.problems.append(f"{page_rel}: broken {kind} '{link.url}' ({reason})")
    return report


def check_site(out_dir: Path, *, baseurl: str = "") -> list[str]:
    """Problems in a built site, one line each: "page.html: broken link 'x' (no such file)"."""
    return scan_site(out_dir, baseurl=baseurl).problems
