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
    collection: str | None = None  # the label, for a file in a collection's folder
    write: bool = True             # False in a collection without output (listed, not copied)

    def to_dict(self) -> dict:
        """Jekyll's StaticFile drop: path, name, basename, extname, url, collection."""
        name = self.rel_path.rsplit("/", 1)[-1]
        stem, dot, ext = name.rpartition(".")
        return {"path": "/" + self.rel_path, "name": name, "basename": stem if dot else name,
                "extname": dot + ext if dot else "", "url": self.url, "collection": self.collection}


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
    kind: str = "page"           # "page", "post", "document" (other collections), "generated"
    markdown: bool = False
    title: str | None = None
    layout: str | None = None
    date: datetime | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # generated pages: tag, posts, ...
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key → file line
    write: bool = True           # Jekyll's write?: False for documents that are listed but not written
    pager: Pager | None = None   # jekyll-paginate's paginator of an index page

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
class Document(Page):
    """A document of a collection (`_<label>/`; posts are the Post subclass): slugged, with an excerpt source."""

    collection: str = ""
    slug: str = ""
    excerpt_source: str = ""
    excerpt_offset: int = 0

    @property
    def doc_id(self) -> str:
        """Jekyll's document id: the URL's directory joined with the slug."""
        directory = self.url.rsplit("/", 1)[0] if "/" in self.url else ""
        return f"{directory}/{self.slug}"


@dataclass(slots=True)
class Post(Document):
    """A post from `_posts/` (or `_drafts/`): dated, slugged, with an excerpt source."""

    draft: bool = False


@dataclass(slots=True)
class Collection:
    """A collection other than posts: its settings and what its folder holds (docs in Jekyll's order)."""

    label: str
    metadata: dict                # the `collections.<label>` settings
    folder: str                   # "[collections_dir/]_<label>", relative to the source dir
    docs: list[Document] = field(default_factory=list)
    files: list[StaticFile] = field(default_factory=list)

    @property
    def output(self) -> bool:
        """Jekyll's Collection#write?: documents are written only when `output` is true."""
        return bool(self.metadata.get("output", False))


@dataclass(slots=True)
class Pager:
    """jekyll-paginate's Pager for page `page` of `total_pages`; paths without baseurl, as the plugin gives them."""

    page: int
    per_page: int
    posts: list[Post]
    total_posts: int
    total_pages: int
    previous_page: int | None
    previous_page_path: str | None
    next_page: int | None
    next_page_path: str | None


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
    collections: list[Collection] = field(default_factory=list)  # besides posts, in _config.yml's order

    def documents(self) -> list[Document]:
        """The documents of every collection but posts, collection by collection."""
        return [doc for collection in self.collections for doc in collection.docs]

    def all_pages(self) -> list[Page]:
        """Posts, other collections' documents, then pages: everything that renders through templates."""
        return [*self.posts, *self.documents(), *self.pages]

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
