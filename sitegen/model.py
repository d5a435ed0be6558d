"""The site model: Site, Page, Post, StaticFile, Layout; URLs and output paths are computed once."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sitegen.config import SiteConfig


@dataclass(slots=True)
class StaticFile:
    """A file copied verbatim: `rel_path` under the source, `out_rel` under the output dir."""

    rel_path: str
    src_path: Path
    out_rel: str
    url: str
    mtime_ns: int
    size: int

    def to_dict(self) -> dict:
        """Jekyll's StaticFile drop: path, name, basename, extname, url."""
        name = self.rel_path.rsplit("/", 1)[-1]
        stem, dot, ext = name.rpartition(".")
        return {"path": "/" + self.rel_path, "name": name, "basename": stem if dot else name,
                "extname": dot + ext if dot else "", "url": self.url, "collection": None}


@dataclass(slots=True)
class Layout:
    """A site's own `_layouts/<name>.html`: Liquid body plus its front matter (may name a parent)."""

    name: str
    display_path: str
    front_matter: dict
    body: str
    body_offset: int
    source_hash: str
    key_lines: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Page:
    """A rendered page: a source file with front matter, or a generated page (kind "generated")."""

    rel_path: str                 # relative to the source dir ("about.md"), or "<generated …>"
    display_path: str            # how messages name it ("site_src/about.md")
    front_matter: dict           # after defaults; every key reaches templates
    body: str
    body_offset: int             # lines before the body (front matter), for error line numbers
    url: str                     # without baseurl
    out_rel: str                 # relative to the output dir
    output_ext: str
    source_hash: str
    kind: str = "page"           # "page", "post", "generated"
    markdown: bool = False
    title: str | None = None
    layout: str | None = None
    date: datetime | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # generated pages: tag, posts, ...
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key → file line

    def line_of_key(self, key: str) -> int:
        """File line of a front matter key (1, the opening `---`, when absent or from defaults)."""
        return self.key_lines.get(key, 1)

    def line_of(self, needle: str) -> int:
        """File line of the first occurrence of `needle` in the body (first body line if absent)."""
        index = self.body.find(needle) if needle else -1
        if index < 0:
            return self.body_offset + 1
        return self.body_offset + self.body.count("\n", 0, index) + 1


@dataclass(slots=True)
class Post(Page):
    """A post from `_posts/` (or `_drafts/`): dated, slugged, with an excerpt source."""

    slug: str = ""
    draft: bool = False
    excerpt_source: str = ""
    excerpt_offset: int = 0

    @property
    def post_id(self) -> str:
        """Jekyll's post id: the URL's directory joined with the slug."""
        directory = self.url.rsplit("/", 1)[0] if "/" in self.url else ""
        return f"{directory}/{self.slug}"


@dataclass(slots=True)
class Site:
    """Everything read from the source dir, ready to render; nothing here touches the output dir."""

    config: SiteConfig
    src_dir: Path
    display_dir: str
    posts: list[Post]             # newest first, as site.posts
    pages: list[Page]             # source pages then generated pages, sorted by rel_path
    static_files: list[StaticFile]
    layouts: dict[str, Layout]
    includes: dict[str, str]      # name → source text of `_includes/` files
    data: dict
    time: datetime
    next_publish: datetime | None = None  # the earliest future post left out (it goes live then)

    def all_pages(self) -> list[Page]:
        """Posts then pages: everything that renders to HTML (or XML/CSS) through templates."""
        return [*self.posts, *self.pages]

    def tags(self) -> dict[str, list[Post]]:
        """{tag: posts (newest first)} with tags sorted by name."""
        return _group(self.posts, "tags")

    def categories(self) -> dict[str, list[Post]]:
        """{category: posts (newest first)} with categories sorted by name."""
        return _group(self.posts, "categories")


def _group(posts: list[Post], attribute: str) -> dict[str, list[Post]]:
    groups: dict[str, list[Post]] = {}
    for post in posts:
        for name in getattr(post, attribute):
            groups.setdefault(name, []).append(post)
    return dict(sorted(groups.items(), key=lambda item: item[0]))
