"""Render documents: Liquid in content, Markdown, relative .md links, then layouts (site Liquid or theme Jinja)."""
from __future__ import annotations

import multiprocessing as mp
import posixpath
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence
from urllib.parse import unquote, urlsplit

from sitegen.config import TEMPLATES_DIR
from sitegen.errors import BuildError, drain_warnings, warn
from sitegen.model import Document, Page, Post, Site

if TYPE_CHECKING:
    from sitegen.writer import SiteWriter

# Inline links/images and reference definitions pointing at a Markdown source (jekyll-relative-links).
_MD_TARGET = r"(?![a-zA-Z][a-zA-Z0-9+.-]*:|//|#)([^\s)>#?]+?\.(?:md|markdown|mkd|mkdn|mdown))(#[^\s)>]*)?"
_MD_INLINE = re.compile(r"(\]\(\s*<?)" + _MD_TARGET)
_MD_REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*<?)" + _MD_TARGET, re.MULTILINE)
_CODE = re.compile(r"(^ {0,3}(?:`{3,}|~{3,})[^\n]*\n.*?^ {0,3}(?:`{3,}|~{3,})[ \t]*$|`[^`\n]+`)", re.MULTILINE | re.DOTALL)
_THEME_IMPORT = re.compile(r"^[ \t]*@import[ \t]+[\"']\{\{-?[ \t]*site\.(?:theme|remote_theme)[ \t]*-?\}\}[\"'];?[ \t]*$",
                           re.MULTILINE)
_HTML_URL = re.compile(r"<(a|img|source|video|audio)\b[^>]*?\s(?:href|src)\s*=\s*[\"']([^\"'<>]*)[\"']", re.I)
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|\{\{|\{%)")


def _other_threads() -> bool:
    """A thread besides the main one and tqdm's progress monitor runs: forking now could deadlock children."""
    return any(thread is not threading.main_thread() and type(thread).__name__ != "TMonitor"
               for thread in threading.enumerate())


def uses_liquid(text: str) -> bool:
    """True when text contains Liquid markup (`{{` or `{%`); plain text skips the Liquid engine."""
    return "{{" in text or "{%" in text


def document_drop(page: Page, *, container: str = "") -> dict[str, Any]:
    """The Jekyll `page` variable of a document: front matter plus computed fields (no content yet); a
    collection document's path is relative to `container` (collections_dir), as in Jekyll 4."""
    drop = dict(page.front_matter)
    name = page.rel_path.rsplit("/", 1)[-1]
    drop.update(title=page.title, url=page.url, path=page.rel_path, name=name, layout=page.layout,
                dir=page.url.rsplit("/", 1)[0] + "/", output_ext=page.output_ext, content="", excerpt=None)
    drop.update(page.extra)
    if isinstance(page, Document):  # DocumentDrop: a front matter `name` wins over the file's, and no `dir`
        drop["name"] = page.front_matter.get("name") or name
        drop.setdefault("ext", posixpath.splitext(name)[1])
        if "dir" not in page.front_matter:
            del drop["dir"]
        relative_path = page.rel_path.removeprefix(f"{container}/") if container else page.rel_path
        drop.update(date=page.date, id=page.doc_id, slug=page.slug, tags=page.tags, categories=page.categories,
                    collection=page.collection, path=relative_path, relative_path=relative_path, previous=None,
                    next=None)
    if isinstance(page, Post):
        drop.update(draft=page.draft)
    return drop


def site_drop(site: Site, drops: dict[str, dict]) -> dict[str, Any]:
    """The Jekyll `site` variable: config keys, posts, pages, collections (and site.<label>), tags, data, time."""
    from sitegen.collections import collection_drop, posts_collection

    posts = [drops[post.rel_path] for post in site.posts]
    pages = [drops[page.rel_path] for page in site.pages]
    by_tag = {tag: [drops[post.rel_path] for post in group] for tag, group in site.tags().items()}
    by_category = {name: [drops[post.rel_path] for post in group] for name, group in site.categories().items()}
    src_dir, config = str(site.src_dir.resolve()), site.config
    collections = [collection_drop(posts_collection(config), posts[::-1], src_dir=src_dir)]  # docs oldest first
    collections += [collection_drop(c, [drops[doc.rel_path] for doc in c.docs], src_dir=src_dir)
                    for c in site.collections]
    drop = dict(config.raw)
    drop.update({collection["label"]: collection["docs"] for collection in collections[1:]})
    drop.update(
        posts=posts, pages=pages, html_pages=[p for p in pages if p["output_ext"] == ".html"], tags=by_tag,
        documents=[item for collection in collections for item in collection["docs"] + collection["files"]],
        categories=by_category, data=site.data, time=site.time,
        static_files=[static.to_dict() for static in site.static_files], related_posts=posts[1:11],
        collections=sorted(collections, key=lambda collection: collection["label"]),
        show_drafts=config.show_drafts or any(post.draft for post in site.posts),
    )
    return drop


def link_neighbours(site: Site, drops: dict[str, dict]) -> None:
    """Set previous (older) and next (newer) on every post drop, and on documents in their collection's order."""
    for ordered in (list(reversed(site.posts)), *(collection.docs for collection in site.collections)):
        for index, doc in enumerate(ordered):
            drop = drops[doc.rel_path]
            drop["previous"] = drops[ordered[index - 1].rel_path] if index > 0 else None
            drop["next"] = drops[ordered[index + 1].rel_path] if index + 1 < len(ordered) else None


def rewrite_md_links(text: str, page: Page, source_urls: dict[str, str], baseurl: str) -> str:
    """Links to `.md` sources point at their pages (jekyll-relative-links); unknown targets stay."""
    directory = posixpath.dirname(page.rel_path)

    def replace(match: re.Match) -> str:
        target = unquote(match.group(2))
        rel = target.lstrip("/") if target.startswith("/") else posixpath.join(directory, target)
        url = source_urls.get(posixpath.normpath(rel))
        if url is None:
            return match.group(0)
        return match.group(1) + baseurl + url + (match.group(3) or "")

    if ".md" not in text and ".markdown" not in text and ".mkd" not in text:
        return text
    # Code (fenced blocks and inline spans) keeps its text: odd pieces of the split are code.
    pieces = _CODE.split(text)
    for index in range(0, len(pieces), 2):
        pieces[index] = _MD_REFERENCE.sub(replace, _MD_INLINE.sub(replace, pieces[index]))
    return "".join(pieces)


def check_local_links(html: str, page: Page, targets: set[str], baseurl: str) -> None:
    """Warn `path:line: missing local link|image 'url'` for each href/src that names no output file."""
    base_dir = page.url if page.url.endswith("/") else page.url.rsplit("/", 1)[0] + "/"
    for match in _HTML_URL.finditer(html):
        url = match.group(2).strip()
        if not url or _EXTERNAL.match(url):
            continue
        path = unquote(urlsplit(url).path)
        if not path:
            continue
        absolute = path if path.startswith("/") else posixpath.join(base_dir, path)
        if baseurl and (absolute == baseurl or absolute.startswith(baseurl + "/")):
            absolute = absolute[len(baseurl):] or "/"
        norm = posixpath.normpath(absolute).lstrip("/")
        rel = "" if norm in ("", ".") else norm + ("/" if absolute.endswith("/") else "")
        if _target_exists(rel, targets):
            continue
        kind = "image" if match.group(1).lower() == "img" else "link"
        warn(page.display_path, page.line_of(url), f"missing local {kind} '{url}'")


def _target_exists(rel: str, targets: set[str]) -> bool:
    if rel.endswith("/") or not rel:
        return rel + "index.html" in targets
    return rel in targets or rel + ".html" in targets or rel + "/index.html" in targets


class Renderer:
    """Turns the read Site into output text, one document at a time (pure: it writes nothing)."""

    def __init__(self, site: Site, chains: dict[str, list[str]], *, templates_dir: Path = TEMPLATES_DIR,
                 targets: set[str] = frozenset(),
                 runs: Sequence[object] = (), media_sizes: Mapping[str, int] | None = None,
                 cache_dir: Path | None = None) -> None:
        self.site = site
        self.chains = chains  # rel_path → layout names (layout_chain), innermost first
        self.media_sizes = media_sizes or {}  # run media URL → bytes, for the page media budget
        self.templates_dir = templates_dir
        self.targets = targets
        self.runs = runs
        self.cache_dir = cache_dir
        self.baseurl = site.config.baseurl
        self.pages = {page.rel_path: page for page in site.all_pages()}
        container = site.config.collections_dir
        self.drops = {rel: document_drop(page, container=container) for rel, page in self.pages.items()}
        for drop in self.drops.values():
            for key, value in drop.items():
                if isinstance(value, list) and value and isinstance(value[0], Post):
                    drop[key] = [self.drops[post.rel_path] for post in value]
        link_neighbours(site, self.drops)
        self.site_drop = site_drop(site, self.drops)
        # Source path → URL of what is written ({% link %}); documents also by their path inside collections_dir.
        self.source_urls = {page.rel_path: page.url for page in site.all_pages() if page.write}
        self.source_urls.update((doc.rel_path.removeprefix(f"{container}/"), doc.url) for doc in site.documents()
                                if doc.write and container)
        self.headings = site.config.heading_options()
        self.link_kinds = site.config.relative_link_kinds()
        self._liquid = None
        self._theme = None

    @property
    def liquid(self):  # noqa: ANN201 - sitegen.liquid.LiquidRenderer, imported lazily
        """The site's Liquid renderer (created on first use: plain-Markdown sites never import liquid)."""
        if self._liquid is None:
            import sitegen.run_tags  # noqa: F401 - registers gallery, sample, metrics and plot
            from sitegen.liquid import LiquidRenderer

            post_urls = {}
            for post in self.site.posts:
                stem = post.rel_path.rsplit(".", 1)[0]
                post_urls[stem.split("_posts/", 1)[-1]] = post.url
            self._liquid = LiquidRenderer(self.site.src_dir, site=self.site_drop, post_urls=post_urls,
                                          page_urls=self.source_urls, markdownify=self._markdownify,
                                          runs=self.runs, cache_dir=self.cache_dir)
        return self._liquid

    @property
    def theme(self):  # noqa: ANN201 - jinja2.Environment, imported lazily
        """Our Jinja2 theme environment (created on first use)."""
        if self._theme is None:
            from sitegen.theme import make_theme_env

            self._theme = make_theme_env(self.templates_dir, site=self.site_drop)
        return self._theme

    def warm_up(self) -> None:
        """Import the Markdown renderer and create the Liquid/theme environments the pages will need."""
        import sitegen.markdown  # noqa: F401

        pages = self.pages.values()
        if self.site.layouts or any(uses_liquid(page.body) for page in pages):
            _ = self.liquid
        if any(chain and chain[-1] not in self.site.layouts for chain in self.chains.values()):
            _ = self.theme

    def _render_theme(self, name: str, drop: dict, content: str, paginator: dict | None) -> str:
        """A theme layout (Jinja2); template errors become one-line BuildErrors naming the template."""
        import jinja2

        path = f"templates/layouts/{name}.html"
        try:
            template = self.theme.get_template(f"layouts/{name}.html")
            return template.render(site=self.site_drop, page=drop, content=content, paginator=paginator)
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(f"templates/{exc.name or path}", exc.lineno, f"theme template: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise BuildError(path, None, f"theme template: {exc.message} (rendering {drop.get('path')})") from None

    def paginator(self, rel_path: str) -> dict | None:
        """jekyll-paginate's `paginator` of a page (None where the page is not paginated)."""
        pager = self.pages[rel_path].pager if rel_path in self.pages else None
        if pager is None:
            return None
        values = {field.name: getattr(pager, field.name) for field in fields(pager)}
        return {**values, "posts": [self.drops[post.rel_path] for post in pager.posts]}

    def _markdownify(self, text: str) -> str:
        from sitegen.markdown import render_markdown

        return render_markdown(text, path="<markdownify>", line_offset=0, headings=self.headings)

    def _render_text(self, page: Page, text: str, offset: int) -> str:
        """Liquid (when the text has any), then Markdown for Markdown documents."""
        if page.markdown and page.kind in self.link_kinds:
            text = rewrite_md_links(text, page, self.source_urls, self.baseurl)
        if uses_liquid(text) and page.front_matter.get("render_with_liquid") is not False:
            context = {"site": self.site_drop, "page": self.drops[page.rel_path],
                       "paginator": self.paginator(page.rel_path)}
            text = self.liquid.render(text, context, path=page.display_path, line_offset=offset)
        if page.markdown:
            from sitegen.markdown import render_markdown

            text = render_markdown(text, path=page.display_path, line_offset=offset, headings=self.headings)
        return text

    def convert(self, page: Page) -> tuple[str, str | None]:
        """(content, excerpt) of a document: Liquid + Markdown, the excerpt only for posts."""
        if page.output_ext == ".css" and page.rel_path.endswith((".scss", ".sass")):
            return self._compile_sass(page), None
        content = self._render_text(page, page.body, page.body_offset)
        if self.targets and page.output_ext == ".html":
            check_local_links(content, page, self.targets, self.baseurl)
        if not isinstance(page, Document):
            return content, None
        if "excerpt" in page.front_matter:
            return content, str(page.front_matter["excerpt"] or "")
        if page.excerpt_source == page.body:
            return content, content
        return content, self._render_text(page, page.excerpt_source, page.excerpt_offset)

    def _compile_sass(self, page: Page) -> str:
        """Liquid (Jekyll renders it in Sass files with front matter), then libsass."""
        from sitegen.sass import compile_scss, sass_include_paths

        source = self._without_theme_import(page)
        if uses_liquid(source):
            context = {"site": self.site_drop, "page": self.drops[page.rel_path],
                       "paginator": self.paginator(page.rel_path)}
            source = self.liquid.render(source, context, path=page.display_path, line_offset=page.body_offset)
        options = self.site.config.raw.get("sass")
        style = str(options.get("style", "expanded")) if isinstance(options, dict) else "expanded"
        return compile_scss(source, path=page.display_path, line_offset=page.body_offset, style=style,
                            include_paths=sass_include_paths(self.site.src_dir, self.site.config.raw))

    def _without_theme_import(self, page: Page) -> str:
        """A GitHub Pages theme's `@import "{{ site.theme }}";` is dropped (with a warning): we ship no theme Sass."""
        match = _THEME_IMPORT.search(page.body)
        if match is None:
            return page.body
        warn(page.display_path, page.line_of(match.group(0).strip()),
             "Sass: the theme's stylesheet is not installed; its @import is skipped")
        return page.body[:match.start()] + page.body[match.end():]

    def set_converted(self, page: Page, content: str, excerpt: str | None) -> None:
        """Record a document's converted content/excerpt so templates see them (site.posts, page)."""
        drop = self.drops[page.rel_path]
        drop["content"] = content
        drop["excerpt"] = excerpt

    def place(self, page: Page, content: str) -> str:
        """The page's output through its layouts; run media over the page budget is warned about."""
        html = self._place(page, content)
        if self.media_sizes and page.output_ext == ".html":
            from sitegen.media import check_media_budget, media_budget

            check_media_budget(html, path=page.display_path, sizes=self.media_sizes,
                               budget=media_budget(self.site.config))
        return html

    def _place(self, page: Page, content: str) -> str:
        drop = self.drops[page.rel_path]
        for name in self.chains[page.rel_path]:
            layout = self.site.layouts.get(name)
            if layout is None:
                return self._render_theme(name, drop, content, self.paginator(page.rel_path))
            context = {"site": self.site_drop, "page": drop, "content": content, "layout": layout.front_matter,
                       "paginator": self.paginator(page.rel_path)}
            content = self.liquid.render(layout.body, context, path=layout.display_path,
                                         line_offset=layout.body_offset)
        return content


# The renderer (and staging writer) a forked worker inherits; set only while run_batches runs.
_ACTIVE: Renderer | None = None
_STAGE: SiteWriter | None = None
PARALLEL_MIN_TASKS = 48


def _laid_out(page: Page, text: str) -> tuple[str | None, tuple[int, int] | None]:
    """(text, None); with a staging writer the bytes go to the staging tree at once: (None, (size, mtime_ns))."""
    if _STAGE is None:
        return text, None
    return None, _STAGE.write_staged(page.out_rel, text.encode("utf-8"))


def _convert_batch(items: list[tuple[str, bool]]) -> list[tuple]:
    """Worker: convert documents (and lay out those flagged), each result with the warnings it raised.

    Returns (rel, content, excerpt, warnings, text or None, its warnings, staged (size, mtime) or None) per item.
    """
    results = []
    for rel, place_too in items:
        page = _ACTIVE.pages[rel]
        content, excerpt = _ACTIVE.convert(page)
        warnings = drain_warnings()
        text, staged = None, None
        if place_too:
            _ACTIVE.set_converted(page, content, excerpt)
            text, staged = _laid_out(page, _ACTIVE.place(page, content))
        results.append((rel, content, excerpt, warnings, text, drain_warnings(), staged))
    return results


def _place_batch(rel_paths: list[str]) -> list[tuple]:
    """Worker: put converted documents through their layouts: (rel, text or None, warnings, staged or None)."""
    results = []
    for rel in rel_paths:
        page = _ACTIVE.pages[rel]
        text, staged = _laid_out(page, _ACTIVE.place(page, _ACTIVE.drops[rel]["content"]))
        results.append((rel, text, drain_warnings(), staged))
    return results


def run_batches(renderer: Renderer, items: list, step: str, *, jobs: int, progress: Callable[[int], object],
                stage: SiteWriter | None = None) -> list[tuple]:
    """Run "convert" ((rel, place_too) items) or "place" (rel items) in a forked pool when there are enough.

    With `stage` (a writer building a staging tree) laid-out pages are written where they are rendered.
    Results come back in input order, so output does not depend on scheduling.
    """
    global _ACTIVE, _STAGE
    work = _convert_batch if step == "convert" else _place_batch
    size = max(1, min(32, len(items) // (jobs * 4) or 1))
    batches = [items[i:i + size] for i in range(0, len(items), size)]
    results: list[tuple] = []
    _ACTIVE, _STAGE = renderer, stage
    try:
        # Forking a process that runs other threads (serve's file watcher) can deadlock the children.
        if (jobs <= 1 or len(items) < PARALLEL_MIN_TASKS or "fork" not in mp.get_all_start_methods()
                or _other_threads()):
            for batch in batches:
                results.extend(work(batch))
                progress(len(batch))
            return results
        renderer.warm_up()  # workers inherit imported modules and parsed templates instead of each loading them
        # ProcessPoolExecutor, unlike Pool, fails (BrokenProcessPool) instead of hanging when a worker dies.
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork"))
        try:
            for batch_results in pool.map(work, batches):
                results.extend(batch_results)
                progress(len(batch_results))
        except BrokenProcessPool:
            raise BuildError("<build>", None, f"a worker process died during '{step}' (out of memory?); "
                             "try -j 1") from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return results
    finally:
        _ACTIVE, _STAGE = None, None
