"""Read posts, drafts, pages, static files, layouts, includes and data into a Site (no rendering)."""
from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import yaml

from sitegen.config import SiteConfig, deep_merge, defaults_for
from sitegen.errors import BuildError
from sitegen.frontmatter import SourceDoc, YamlLoader, content_hash, has_front_matter, parse_date, parse_source
from sitegen.model import Layout, Page, Post, Site, StaticFile
from sitegen.paginate import paginate
from sitegen.permalinks import (HTML_EXTENSIONS, expand_style, fill_template, output_path, page_placeholders,
                                page_template, post_placeholders)
from sitegen.scan import DRAFT_NAME, POST_NAME, SourceEntry, SourceListing

# jekyll-optional-front-matter leaves these Markdown files alone (they stay static files).
NO_PAGE_NAMES = {"readme", "license", "licence", "copying", "code_of_conduct", "contributing",
                 "issue_template", "pull_request_template"}
SASS_EXTENSIONS = (".scss", ".sass")
_HEADING = re.compile(r"\A\s*(?:#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$|(\S.*?)[ \t]*\n(?:=+|-+)[ \t]*$|<h1[^>]*>(.*?)</h1>)",
                      re.MULTILINE | re.IGNORECASE)
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)\s*.*?-?%\}", re.DOTALL)
_LIQUID_BLOCKS = {"if", "unless", "case", "for", "tablerow", "capture", "comment", "raw", "highlight", "ifchanged"}
_LINK_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:.+$", re.MULTILINE)
_INLINE_MARKUP = re.compile(r"[*_`]+|\[([^\]]*)\]\([^)]*\)")


class SourceReader:
    """Reads source files into documents, reusing the last build's result for a file whose stat is unchanged."""

    def __init__(self, display_dir: str, memo: dict | None = None) -> None:
        self.display_dir = display_dir
        # rel_path → ((mtime_ns, size, variant), document): the previous build's results (the memo).
        self.memo: dict[str, tuple[tuple, object]] = memo or {}
        self.fresh: dict[str, tuple[tuple, object]] = {}

    def display(self, rel_path: str) -> str:
        """How messages name a source file."""
        return f"{self.display_dir}/{rel_path}"

    def parse(self, entry: SourceEntry) -> SourceDoc:
        """The file split into front matter and body (always read; BuildError on bad YAML)."""
        return parse_source(entry.path.read_bytes(), entry.rel_path, self.display(entry.rel_path))

    def built(self, entry: SourceEntry, variant: tuple, make: Callable[[], object]) -> object:
        """`make()`'s document for a file, reused while the file's stat and `variant` (settings) are unchanged."""
        stamp = (entry.mtime_ns, entry.size, self.display_dir, variant)
        cached = self.memo.get(entry.rel_path)
        if cached is not None and cached[0] == stamp:
            self.fresh[entry.rel_path] = cached
            return cached[1]
        document = make()
        self.fresh[entry.rel_path] = (stamp, document)
        return document


def starts_with_front_matter(path: Path) -> bool:
    """True when the file begins with a `---` front matter line."""
    with path.open("rb") as handle:
        return has_front_matter(handle.read(8))


def word_list(value: object) -> list[str]:
    """Jekyll's tags/categories: a list, or a whitespace-separated string."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v) != ""]
    return str(value).split()


def merged_front_matter(config: SiteConfig, rel: str, doc_type: str, doc: SourceDoc) -> dict:
    """The file's front matter over the `defaults` whose scope (path, type) matches it."""
    return deep_merge(defaults_for(config, rel, doc_type), doc.front_matter or {})


def output_ext_for(config: SiteConfig, name: str) -> tuple[str, bool]:
    """(output extension, is Markdown) for a source file name."""
    ext = posixpath.splitext(name)[1].lower()
    if config.is_markdown(name):
        return ".html", True
    if ext in SASS_EXTENSIONS:
        return ".css", False
    return (ext if ext else ".html"), False


def excerpt_of(body: str, separator: str) -> str:
    """Jekyll's Excerpt: the text before the separator, Liquid blocks it leaves open closed, and the link
    reference definitions of the rest appended (so `[text][ref]` still resolves); the whole body without one."""
    head, found, tail = body.partition(separator)
    if not found:
        return body
    for name in reversed(_LIQUID_TAG.findall(head)):
        if name in _LIQUID_BLOCKS and not re.search(rf"{{%-?\s*end{name}\b.*?-?%}}", head, re.DOTALL):
            head += f"\n{{% end{name} %}}"
    references = _LINK_REFERENCE.findall(tail)
    return head + "\n\n" + "\n".join(references) if references else head


def titleize_slug(slug: str) -> str:
    """Jekyll's Utils.titleize_slug: 'my-first-post' → 'My First Post'."""
    return " ".join(word[:1].upper() + word[1:] for word in slug.split("-"))


def title_from_heading(body: str) -> str | None:
    """The text of a document's leading heading (jekyll-titles-from-headings), or None."""
    match = _HEADING.match(body)
    if not match:
        return None
    text = next(group for group in match.groups() if group is not None)
    return _INLINE_MARKUP.sub(lambda m: m.group(1) or "", text).strip() or None


def read_post(entry: SourceEntry, doc: SourceDoc, *, config: SiteConfig, display: str,
              draft: bool = False) -> Post:
    """A post (or a draft shown as a post) with its date, slug, categories, tags and URL."""
    name = entry.rel_path.rsplit("/", 1)[-1]
    front = merged_front_matter(config, entry.rel_path, "drafts" if draft else "posts", doc)
    if draft:
        stem = DRAFT_NAME.match(name).group(1)
        file_date = datetime.fromtimestamp(entry.mtime_ns / 1e9, timezone.utc)
    else:
        date_text, stem, _ = POST_NAME.match(name).groups()
        file_date = parse_date(date_text, config.tz, display=display, line=1, key="file name date")
    date = (parse_date(front["date"], config.tz, display=display, line=doc.line_of_key("date"))
            if front.get("date") is not None else file_date.astimezone(config.tz))
    directory = entry.rel_path.removeprefix(config.collections_dir + "/").rpartition("/_posts/")[0]  # folders above
    categories = [part for part in directory.split("/") if part] if not draft else []
    categories += word_list(front.get("categories")) + word_list(front.get("category"))
    tags = word_list(front.get("tags")) + word_list(front.get("tag"))
    output_ext, markdown = output_ext_for(config, name)
    values = post_placeholders(date=date, slug=str(front.get("slug") or stem), categories=categories,
                               output_ext=output_ext, path=entry.rel_path, name=stem)
    template = str(front["permalink"]) if front.get("permalink") else expand_style(config.post_permalink)
    url = fill_template(template, values)
    separator = front.get("excerpt_separator", config.excerpt_separator)
    excerpt_source = excerpt_of(doc.body, str(separator)) if separator else doc.body
    return Post(
        rel_path=entry.rel_path, display_path=display, front_matter=front, body=doc.body,
        body_offset=doc.body_offset, url=url, out_rel=output_path(url, output_ext), output_ext=output_ext,
        source_hash=doc.source_hash, kind="post", markdown=markdown,
        title=str(front["title"]) if front.get("title") is not None else titleize_slug(stem),
        layout=layout_name(front, "post" if markdown else None), date=date, tags=tags,
        categories=categories, key_lines=doc.key_lines, collection="posts", slug=stem, draft=draft,
        excerpt_source=excerpt_source, excerpt_offset=doc.body_offset,
    )


def layout_name(front: dict, default: str | None) -> str | None:
    """The front matter layout ('none'/null/false → no layout); absent → the default."""
    if "layout" not in front:
        return default
    value = front["layout"]
    if value in (None, False) or str(value).strip().lower() in ("", "none", "null"):
        return None
    return str(value).strip()


def read_page(entry: SourceEntry, doc: SourceDoc, *, config: SiteConfig, display: str,
              as_index: bool = False) -> Page:
    """A page: its URL from `permalink` or the site's style; Markdown pages default to layout 'page'."""
    name = entry.rel_path.rsplit("/", 1)[-1]
    directory = entry.rel_path.rsplit("/", 1)[0] if "/" in entry.rel_path else ""
    front = merged_front_matter(config, entry.rel_path, "pages", doc)
    output_ext, markdown = output_ext_for(config, name)
    basename = "index" if as_index else posixpath.splitext(name)[0]
    values = page_placeholders(directory=directory, basename=basename, output_ext=output_ext)
    if front.get("permalink"):
        template = str(front["permalink"])
    else:
        template = page_template(config.permalink, output_ext=output_ext, is_index=basename == "index")
    url = fill_template(template, values)
    title = front.get("title")
    if title is None and markdown:
        title = title_from_heading(doc.body)
    default_layout = ("home" if basename == "index" else "page") if markdown else None
    return Page(
        rel_path=entry.rel_path, display_path=display, front_matter=front, body=doc.body,
        body_offset=doc.body_offset, url=url, out_rel=output_path(url, output_ext), output_ext=output_ext,
        source_hash=doc.source_hash, kind="page", markdown=markdown,
        title=str(title) if title is not None else None, layout=layout_name(front, default_layout),
        key_lines=doc.key_lines,
    )


def _static(entry: SourceEntry) -> StaticFile:
    url = "/" + entry.rel_path
    return StaticFile(entry.rel_path, entry.path, entry.rel_path, url, entry.mtime_ns, entry.size)


def _index_dirs(files: list[SourceEntry], config: SiteConfig) -> set[str]:
    """Directories that have their own index page source (index.html, index.md, ...)."""
    dirs = set()
    for entry in files:
        directory, _, name = entry.rel_path.rpartition("/")
        stem, _, ext = name.rpartition(".")
        if stem == "index" and (config.is_markdown(name) or "." + ext.lower() in HTML_EXTENSIONS):
            dirs.add(directory)
    return dirs


def _readme_rank(name: str, config: SiteConfig) -> int | None:
    """README.md variants that can stand in for an index (lower rank wins), else None."""
    stem, _, _ = name.rpartition(".")
    if stem.lower() == "readme" and config.is_markdown(name):
        return 0 if stem == "README" else 1
    return None


def read_files(files: list[SourceEntry], reader: SourceReader, config: SiteConfig
               ) -> tuple[list[Page], list[StaticFile]]:
    """Split the non-special files into pages and static files, GitHub Pages' plugins included."""
    index_dirs = _index_dirs(files, config)
    readme_for: dict[str, SourceEntry] = {}
    for entry in files:
        directory, _, name = entry.rel_path.rpartition("/")
        rank = _readme_rank(name, config)
        if rank is not None and directory not in index_dirs:
            current = readme_for.get(directory)
            if current is None or rank < _readme_rank(current.rel_path.rpartition("/")[2], config):
                readme_for[directory] = entry
    readmes = {entry.rel_path for entry in readme_for.values()}
    pages: list[Page] = []
    statics: list[StaticFile] = []
    settings = config.settings_key
    for entry in files:
        name = entry.rel_path.rpartition("/")[2]
        stem = posixpath.splitext(name)[0].lower()
        optional = config.is_markdown(name) and (stem not in NO_PAGE_NAMES or entry.rel_path in readmes)
        as_index = entry.rel_path in readmes

        def make(entry: SourceEntry = entry, optional: bool = optional, as_index: bool = as_index) -> Page | None:
            if not optional and not starts_with_front_matter(entry.path):
                return None
            return read_page(entry, reader.parse(entry), config=config, display=reader.display(entry.rel_path),
                             as_index=as_index)

        page = reader.built(entry, ("file", optional, as_index, settings), make)
        if page is None:
            statics.append(_static(entry))
        else:
            pages.append(page)
    return pages, statics


def read_layouts(entries: list[SourceEntry], reader: SourceReader) -> dict[str, Layout]:
    """`_layouts/<name>.html` by name (subdirectories kept: 'blog/post')."""
    layouts = {}
    for entry in entries:
        name = posixpath.splitext(entry.rel_path.removeprefix("_layouts/"))[0]

        def make(entry: SourceEntry = entry, name: str = name) -> Layout:
            doc = reader.parse(entry)
            return Layout(name, reader.display(entry.rel_path), doc.front_matter or {}, doc.body,
                          doc.body_offset, doc.source_hash, doc.key_lines)

        layouts[name] = reader.built(entry, ("layout",), make)
    return layouts


def read_includes(entries: list[SourceEntry]) -> dict[str, str]:
    """`_includes/` files by their path under it."""
    return {entry.rel_path.removeprefix("_includes/"): entry.path.read_text(encoding="utf-8-sig")
            for entry in entries}


def read_data(entries: list[SourceEntry], reader: SourceReader) -> dict:
    """`_data/` YAML/JSON/CSV/TSV files as nested mappings keyed by path (site.data.a.b)."""
    data: dict = {}
    for entry in entries:
        rel = entry.rel_path.removeprefix("_data/")
        stem, ext = posixpath.splitext(rel)
        value = _load_data(entry.path.read_text(encoding="utf-8-sig"), ext.lower(), reader.display(entry.rel_path))
        if value is _SKIP:
            continue
        node = data
        *parents, leaf = stem.split("/")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return data


_SKIP = object()


def _load_data(text: str, ext: str, display: str) -> object:
    if ext in (".yml", ".yaml"):
        try:
            return yaml.load(text, Loader=YamlLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise BuildError(display, mark.line + 1 if mark else None,
                             f"invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if ext == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise BuildError(display, exc.lineno, f"invalid JSON: {exc.msg}") from None
    if ext in (".csv", ".tsv"):
        return list(csv.DictReader(io.StringIO(text), delimiter="\t" if ext == ".tsv" else ","))
    return _SKIP


def site_time(posts: list[Post]) -> datetime:
    """site.time: SOURCE_DATE_EPOCH when set, else the newest post date (never the clock: builds repeat)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    dates = [post.date for post in posts if post.date is not None]
    return max(dates) if dates else datetime(1970, 1, 1, tzinfo=timezone.utc)


def read_site(src_dir: Path, config: SiteConfig, listing: SourceListing, reader: SourceReader, *,
              drafts: bool = False, future: bool = False, now: datetime | None = None) -> Site:
    """Everything in the source dir as a Site; unpublished and (unless `future`) future posts left out, other
    collections read, and the paginated copies of the index added when `paginate` is set."""
    now = now or datetime.now(timezone.utc)
    posts = []
    future_dates = []
    show_drafts = drafts or config.show_drafts
    sources = [(e, False) for e in listing.posts] + ([(e, True) for e in listing.drafts] if show_drafts else [])
    settings = config.settings_key
    for entry, draft in sources:
        def make(entry: SourceEntry = entry, draft: bool = draft) -> Post:
            return read_post(entry, reader.parse(entry), config=config, display=reader.display(entry.rel_path),
                             draft=draft)

        post = reader.built(entry, ("post", draft, settings), make)
        if post.front_matter.get("published") is False and not config.unpublished:
            continue
        if post.date > now and not (future or config.future):
            future_dates.append(post.date)
            continue
        posts.append(post)
    posts.sort(key=lambda post: (post.date, post.slug, post.rel_path), reverse=True)
    pages, statics = read_files(listing.files, reader, config)
    pages = [page for page in pages if page.front_matter.get("published") is not False or config.unpublished]
    from sitegen.collections import read_collections  # it builds on this module's document helpers

    time = site_time(posts)
    collections, held_back = read_collections(config, listing, reader, site_time=time, now=now,
                                              future=future or config.future, unpublished=config.unpublished)
    future_dates += held_back
    pages = paginate(config, posts, pages, warn_missing=bool(listing.layouts))
    return Site(
        config=config, src_dir=src_dir, display_dir=reader.display_dir, posts=posts,
        pages=sorted(pages, key=lambda page: page.rel_path),
        static_files=statics + [file for collection in collections for file in collection.files],
        layouts=read_layouts(listing.layouts, reader), includes=read_includes(listing.includes),
        data=read_data(listing.data, reader), time=time, next_publish=min(future_dates) if future_dates else None,
        collections=collections,
    )


def _generated(rel: str, *, url: str, layout: str, title: str, extra: dict, stamp: object) -> Page:
    """A page made by the builder (no source file); its hash covers what it lists."""
    front = {"title": title, "layout": layout}
    return Page(rel_path=f"<generated>/{rel}", display_path=f"<generated {url}>", front_matter=front, body="",
                body_offset=0, url=url, out_rel=output_path(url, ".html"), output_ext=".html",
                source_hash=content_hash(repr(stamp).encode()), kind="generated", title=title, layout=layout,
                extra=extra)


def generated_pages(site: Site) -> list[Page]:
    """Our theme's extra pages: `/` when no page claims it, /tags/, /tags/<tag>/, and 404.html."""
    from sitegen.theme import tag_url

    taken = {page.out_rel for page in site.pages}
    pages = []
    if "index.html" not in taken:
        pages.append(_generated("index", url="/", layout="home", title=site.config.title or "Posts",
                                extra={}, stamp="home"))
    by_url: dict[str, tuple[str, list[Post]]] = {}
    for tag, posts in site.tags().items():
        name, listed = by_url.setdefault(tag_url(tag), (tag, []))
        known = {post.rel_path for post in listed}
        listed.extend(post for post in posts if post.rel_path not in known)
    for url, (tag, posts) in by_url.items():
        posts.sort(key=lambda post: (post.date, post.slug, post.rel_path), reverse=True)
        pages.append(_generated(url.strip("/"), url=url, layout="tag", title=f"Tag: {tag}",
                                extra={"tag": tag, "posts": posts}, stamp=(tag, [p.rel_path for p in posts])))
    if by_url and "tags/index.html" not in taken:
        tags = [{"name": tag, "slug": url.strip("/").rpartition("/")[2], "url": url, "count": len(posts)}
                for url, (tag, posts) in by_url.items()]
        pages.append(_generated("tags", url="/tags/", layout="tags", title="Tags", extra={"tag_list": tags},
                                stamp=tags))
    if "404.html" not in taken:
        pages.append(_generated("404", url="/404.html", layout="404", title="Page not found", extra={},
                                stamp="404"))
    return [page for page in pages if page.out_rel not in taken]
