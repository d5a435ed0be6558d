"""The incremental cache in `.sitegen-cache/`: what the last build read, converted and wrote.

Two pickles per (source, output, flags): a small state (input fingerprint and output manifest),
read on every build so a no-change rebuild stops early, and a larger memo (parsed sources,
converted content) read only when something has to be rendered. Keys are content hashes of
everything an output depends on, so a cached result is reused only when a clean build would
produce the same bytes.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import BuildWarning
from sitegen.config import SiteConfig
from sitegen.model import Page, Post, Site
from sitegen.scan import SourceListing

CACHE_DIR_NAME = ".sitegen-cache"
_FORMAT = 1
_CODE_DIR = Path(__file__).resolve().parent


def digest(*parts: object) -> str:
    """A short stable hash of the repr of its arguments (all plain data)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def tree_stamp(root: Path) -> list[tuple[str, int, int]]:
    """(relative path, mtime_ns, size) of every file under root, sorted; [] when root is missing."""
    stamps = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            stat = os.stat(path)
            stamps.append((os.path.relpath(path, root), stat.st_mtime_ns, stat.st_size))
    return stamps


def source_fingerprint(config: SiteConfig, listing: SourceListing, *, code: str, src_dir: Path) -> str:
    """Everything a no-change rebuild compares: sources (path, mtime, size), settings, code and theme, runs."""
    stamps = [(entry.rel_path, entry.mtime_ns, entry.size) for entry in listing.all_entries()]
    runs_dir = config.runs_path(src_dir)
    runs = None
    if runs_dir is not None and runs_dir.is_dir():
        from sitegen.runs import runs_stamp

        runs = runs_stamp(runs_dir, repo_root=src_dir.resolve().parent)
    return digest(code, stamps, config.raw, (src_dir / "_config.yml").is_file(), runs,
                  os.environ.get("SOURCE_DATE_EPOCH"))


def sass_stamp(site: Site) -> object:
    """Stat of every file Sass may import (_sass/ and configured load paths); None when the site has no Sass."""
    if not any(page.rel_path.endswith((".scss", ".sass")) for page in site.pages):
        return None
    from sitegen.sass import sass_include_paths

    return [tree_stamp(Path(path)) for path in sass_include_paths(site.src_dir, site.config.raw)]


def code_stamp(templates_dir: Path) -> str:
    """Identifies the builder's code and theme: a change to either invalidates every cached render."""
    return digest(_FORMAT, tree_stamp(_CODE_DIR), tree_stamp(templates_dir))


@dataclass
class BuildState:
    """The small part: input fingerprint and what is in the output folder (out_rel → key, size, mtime)."""

    fingerprint: str = ""
    outputs: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    warnings: list[BuildWarning] = field(default_factory=list)
    recheck_after: float | None = None  # a future post goes live at this time (epoch seconds)

    def intact(self, out_dir: Path) -> dict[str, str]:
        """Output files of the last build still there unmodified (size, mtime), with the key each was written for."""
        intact = {}
        root = str(out_dir)
        for out_rel, (key, size, mtime_ns) in self.outputs.items():
            try:
                stat = os.stat(os.path.join(root, out_rel))
            except OSError:
                continue
            if stat.st_size == size and stat.st_mtime_ns == mtime_ns:
                intact[out_rel] = key
        return intact


@dataclass
class RenderMemo:
    """The large part: parsed sources (SourceReader memo) and converted documents by source path."""

    docs: dict = field(default_factory=dict)
    converted: dict[str, tuple[str, str, str | None, list[BuildWarning]]] = field(default_factory=dict)
    # out_rel → (output key, warnings raised while placing it in its layouts)
    outputs: dict[str, tuple[str, list[BuildWarning]]] = field(default_factory=dict)
    # (code stamp, {out_rel: key}) of the theme's assets, so an unchanged theme is not re-read
    theme: tuple[str, dict[str, str]] = ("", {})
    code: str = ""  # the code stamp of the builder that made it: parsed sources are objects of that code


_PARTS = ("docs", "converted", "outputs")
# A delta larger than this share of the memo's entries is folded into a new base file.
_DELTA_LIMIT = 0.25


@dataclass
class _MemoDelta:
    """The entries of a memo that differ from its base file (a one-post edit writes kilobytes, not the memo)."""

    base_id: str
    changed: dict[str, dict]
    dropped: dict[str, list]
    theme: tuple


@dataclass
class _Base:
    """The memo file on disk: its id and entries, to diff the next memo against."""

    base_id: str
    parts: dict[str, dict]


# What this process last saved, by state file: `serve` rebuilds skip unpickling it.
_LIVE: dict[Path, tuple[int, BuildState, RenderMemo | None, _Base | None]] = {}


class BuildCache:
    """Load and save one build's state and memo under cache_dir, named by the build's settings."""

    def __init__(self, cache_dir: Path, *, src_dir: Path, out_dir: Path, flags: tuple) -> None:
        self.cache_dir = Path(cache_dir)
        name = digest(str(Path(src_dir).resolve()), str(Path(out_dir).resolve()), flags)
        self.state_path = self.cache_dir / f"{name}.state.pickle"
        self.memo_path = self.cache_dir / f"{name}.memo.pickle"
        self.delta_path = self.cache_dir / f"{name}.delta.pickle"
        self._base: _Base | None = None

    def _live(self) -> tuple | None:
        """(state, memo, base) this process saved last, if the state file on disk is still that one."""
        live = _LIVE.get(self.state_path)
        try:
            mtime_ns = self.state_path.stat().st_mtime_ns
        except OSError:
            return None
        return live[1:] if live and live[0] == mtime_ns else None

    def load_state(self) -> BuildState:
        """The last build's state (empty when missing or unreadable)."""
        live = self._live()
        if live:
            return live[0]
        loaded = _load(self.state_path)
        return loaded if isinstance(loaded, BuildState) else BuildState()

    def load_memo(self, code: str) -> RenderMemo:
        """The last build's memo: the base file plus its delta (empty when missing, unreadable or made by
        other code, whose documents may lack fields this code reads)."""
        live = self._live()
        if live and live[1] is not None and live[1].code == code:
            self._base = live[2]
            return live[1]
        loaded = _load(self.memo_path)
        if not (isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[1], RenderMemo)
                and getattr(loaded[1], "code", None) == code):
            return RenderMemo(code=code)
        base_id, memo = loaded
        self._base = _Base(base_id, {part: dict(getattr(memo, part)) for part in _PARTS})
        delta = _load(self.delta_path)
        if isinstance(delta, _MemoDelta) and delta.base_id == base_id:
            for part in _PARTS:
                entries = getattr(memo, part)
                entries.update(delta.changed[part])
                for key in delta.dropped[part]:
                    entries.pop(key, None)
            memo.theme = delta.theme
        return memo

    def save(self, state: BuildState, memo: RenderMemo | None) -> None:
        """Write the memo (as a delta against its base file when small) and then the state, each atomically."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        if memo is not None:
            self._save_memo(memo)
        _dump(self.state_path, state)
        _LIVE[self.state_path] = (self.state_path.stat().st_mtime_ns, state, memo, self._base)

    def _save_memo(self, memo: RenderMemo) -> None:
        base = self._base
        if base is not None:
            changed = {part: {key: entry for key, entry in getattr(memo, part).items()
                              if base.parts[part].get(key, _MISSING) is not entry
                              and base.parts[part].get(key, _MISSING) != entry} for part in _PARTS}
            dropped = {part: [key for key in base.parts[part] if key not in getattr(memo, part)] for part in _PARTS}
            size = sum(len(changed[part]) + len(dropped[part]) for part in _PARTS)
            if size <= _DELTA_LIMIT * sum(len(getattr(memo, part)) for part in _PARTS):
                _dump(self.delta_path, _MemoDelta(base.base_id, changed, dropped, memo.theme))
                return
        base_id = digest(time.time_ns(), os.getpid())
        _dump(self.memo_path, (base_id, memo))
        self.delta_path.unlink(missing_ok=True)
        self._base = _Base(base_id, {part: dict(getattr(memo, part)) for part in _PARTS})


_MISSING = object()


def _load(path: Path) -> object:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def _dump(path: Path, value: object) -> None:
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with temp.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temp, path)


# What a template can read from `site`, grouped by the part of the site it depends on.
_REF_GROUPS = {
    "posts": "posts", "documents": "collections", "related_posts": "posts", "collections": "collections",
    "tags": "posts", "categories": "posts", "pages": "pages", "html_pages": "pages",
    "static_files": "static", "data": "data", "time": "time",
}
_LIQUID_SPANS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_SITE_REF = re.compile(r"\bsite\b(?:\s*\.\s*(\w+)|\s*\[\s*['\"](\w+)['\"]\s*\])?")
# jekyll-paginate's `paginator` lists posts.
_PAGINATOR = re.compile(r"\bpaginator\b")
# A layout that shows a neighbour's content or excerpt depends on other posts' content.
_NEIGHBOUR_CONTENT = re.compile(r"\b(?:previous|next)\s*\.\s*(?:content|excerpt)\b")
# Reading some document's rendered text (`post.content`, `p["excerpt"]`, `| jsonify`...): without any of these a
# template that loops over site.posts reads only their front matter, URLs and dates.
_CONTENT_ACCESS = re.compile(r"\.\s*(?:content|excerpt|output)\b|['\"](?:content|excerpt|output)['\"]"
                             r"|\b(?:jsonify|inspect|tojson|pprint)\b")
_TEMPLATE_REF = re.compile(r"\{%-?\s*(?:extends|include|import|from)\s+['\"]([^'\"]+)['\"]")


def site_refs(text: str, labels: frozenset[str] = frozenset()) -> set[str]:
    """Groups of `site` a template reads ("posts", "pages", "<label>@docs" for the collections in `labels`,
    "collections" (all documents), "static", "data", "time"; "*" = unknown), plus "content" when it reads
    some document's rendered text (see resolve_refs)."""
    groups = set()
    for span in _LIQUID_SPANS.findall(text):
        for match in _SITE_REF.finditer(span):
            key = match.group(1) or match.group(2)
            if key is None:
                groups.add("*")
            elif key in _REF_GROUPS:
                groups.add(_REF_GROUPS[key])
            elif key in labels:
                groups.add(f"{key}@docs")
        if _NEIGHBOUR_CONTENT.search(span) or _PAGINATOR.search(span):
            groups.add("posts")
        if _CONTENT_ACCESS.search(span):
            groups.add("content")
    return groups


_META_GROUPS = ("posts", "pages", "collections")


def resolve_refs(refs: set[str]) -> set[str]:
    """site_refs of all the texts a render reads, combined: posts, pages or collections read without any content
    are "posts_meta", "pages_meta", "<label>@docs_meta"... (front matter, URLs, titles, dates)."""
    if "content" in refs:
        return refs - {"content"}
    return {f"{group}_meta" if group in _META_GROUPS or group.endswith("@docs") else group for group in refs}


def theme_refs(templates_dir: Path, name: str) -> set[str]:
    """site_refs of a theme layout and every template it extends, includes or imports."""
    seen: set[str] = set()
    pending = [f"layouts/{name}.html"]
    groups: set[str] = set()
    while pending:
        rel = pending.pop()
        if rel in seen:
            continue
        seen.add(rel)
        path = templates_dir / rel
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        groups |= site_refs(text)
        pending.extend(_TEMPLATE_REF.findall(text))
    return groups


class DependencyKeys:
    """Cache keys: a document's converted content and a page's output, from everything they read."""

    def __init__(self, site: Site, *, code: str, stamps: dict[str, object], templates_dir: Path) -> None:
        self.site = site
        self.stamps = stamps
        self.templates_dir = templates_dir
        posts = [(post.rel_path, post.source_hash) for post in site.posts]
        docs = [(doc.rel_path, doc.source_hash) for doc in site.documents()]
        pages = [(page.rel_path, page.source_hash) for page in site.pages]
        urls = [(page.rel_path, page.url, page.out_rel, page.write) for page in site.all_pages()]
        # What a document shows without its content: body edits leave it (and so lists, neighbours) unchanged.
        self._meta = {doc.rel_path: digest(doc.url, doc.title, doc.date, doc.tags, doc.categories,
                                           getattr(doc, "draft", False), doc.write, doc.front_matter)
                      for doc in [*site.posts, *site.documents()]}
        posts_meta = digest([(post.rel_path, self._meta[post.rel_path]) for post in site.posts])
        pages_meta = [(page.rel_path, page.url, page.title, page.front_matter) for page in site.pages]
        self.groups = {"posts": digest(posts), "posts_meta": posts_meta,
                       "collections": digest(posts, docs, stamps.get("static")),
                       "collections_meta": digest(sorted(self._meta.items()), stamps.get("static")),
                       "pages": digest(pages), "pages_meta": digest(pages_meta), "time": str(site.time),
                       "static": digest(stamps.get("static")), "data": digest(stamps.get("data"))}
        for collection in site.collections:  # site.<label>: one group per collection
            self.groups[f"{collection.label}@docs"] = digest([(d.rel_path, d.source_hash) for d in collection.docs])
            self.groups[f"{collection.label}@docs_meta"] = digest([(d.rel_path, self._meta[d.rel_path])
                                                                    for d in collection.docs])
        self.labels = frozenset(collection.label for collection in site.collections)
        self.base = digest(code, site.config.raw, urls, stamps.get("targets"))
        self.liquid_base = digest(self.base, stamps.get("includes"), stamps.get("runs"))
        self.include_refs = set().union(*(site_refs(text, self.labels) for text in site.includes.values()))
        self._theme_refs: dict[str, set[str]] = {}
        self._chain_refs: dict[tuple[str, ...], set[str]] = {}
        self._group_digests: dict[frozenset, str] = {}
        # Each document's neighbours (previous/next) in its collection's order.
        self._siblings = {post.rel_path: (site.posts, index) for index, post in enumerate(site.posts)}
        self._siblings.update((doc.rel_path, (collection.docs, index)) for collection in site.collections
                              for index, doc in enumerate(collection.docs))

    def _groups_digest(self, refs: set[str]) -> str:
        frozen = frozenset(refs)
        if frozen not in self._group_digests:
            refs = resolve_refs(refs)
            names = sorted(self.groups) if "*" in refs else sorted(refs & set(self.groups))
            self._group_digests[frozen] = digest([(name, self.groups[name]) for name in names])
        return self._group_digests[frozen]

    def text_refs(self, text: str) -> set[str]:
        """site_refs of a Liquid text, plus those of the includes when it includes any."""
        refs = site_refs(text, self.labels)
        return refs | self.include_refs if "include" in text else refs

    def _neighbours(self, page: Page) -> object:
        if page.rel_path not in self._siblings:
            return None
        ordered, index = self._siblings[page.rel_path]
        return [(doc.rel_path, self._meta[doc.rel_path]) for doc in ordered[max(0, index - 1):index + 2]]

    def convert_key(self, page: Page, *, liquid: bool) -> str:
        """Key of (content, excerpt): the source, its settings, and what its Liquid reads."""
        # Sass pages read _sass/ partials; include_relative reads any source file.
        reads = self.stamps.get("sass") if page.rel_path.endswith((".scss", ".sass")) else None
        if not liquid:
            return digest(self.base, page.rel_path, page.source_hash, reads)
        if "include_relative" in page.body:
            reads = (reads, self.stamps.get("sources"))
        refs = self.text_refs(page.body)
        return digest(self.liquid_base, page.rel_path, page.source_hash, self._neighbours(page),
                      self._groups_digest(refs), sorted(refs), reads)

    def chain_refs(self, chain: list[str]) -> set[str]:
        """site_refs over a layout chain (site layouts, then a theme layout at the end)."""
        if tuple(chain) in self._chain_refs:
            return self._chain_refs[tuple(chain)]
        refs: set[str] = set()
        for name in chain:
            layout = self.site.layouts.get(name)
            if layout is not None:
                refs |= self.text_refs(layout.body)
                continue
            if name not in self._theme_refs:
                self._theme_refs[name] = theme_refs(self.templates_dir, name)
            refs |= self._theme_refs[name]
        self._chain_refs[tuple(chain)] = refs
        return refs

    def output_key(self, page: Page, convert_key: str, chain: list[str]) -> str:
        """Key of a page's final text: its content's key, its layouts, neighbours, and what they read."""
        refs = self.chain_refs(chain)
        layouts = [(name, self.site.layouts[name].source_hash) for name in chain if name in self.site.layouts]
        shows_content = "content" in refs  # else a listed post (tag pages' page.posts) matters by its meta only
        extra = {key: ([(p.rel_path, p.source_hash if shows_content else self._meta[p.rel_path]) for p in value]
                       if isinstance(value, list) and value and isinstance(value[0], Post) else value)
                 for key, value in page.extra.items()}
        return digest(self.liquid_base, convert_key, page.source_hash, layouts, chain, self._neighbours(page),
                      self._groups_digest(refs | {"time"}), repr(extra))
