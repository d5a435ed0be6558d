"""Walk the source dir the way Jekyll's reader does, classifying files without reading them."""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sitegen.config import SiteConfig

POST_NAME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-(.+)\.([^.]+)$")
DRAFT_NAME = re.compile(r"^(.+)\.([^.]+)$")
SPECIAL_DIRS = ("_layouts", "_includes", "_data", "_sass")


@dataclass(slots=True)
class SourceEntry:
    """One source file: its path relative to the source dir and its stat (for the cache)."""

    rel_path: str
    path: Path
    mtime_ns: int
    size: int


@dataclass(slots=True)
class SourceListing:
    """Every source file, by role, each list sorted by path."""

    posts: list[SourceEntry] = field(default_factory=list)
    drafts: list[SourceEntry] = field(default_factory=list)
    files: list[SourceEntry] = field(default_factory=list)       # pages or static files
    layouts: list[SourceEntry] = field(default_factory=list)
    includes: list[SourceEntry] = field(default_factory=list)
    data: list[SourceEntry] = field(default_factory=list)
    sass: list[SourceEntry] = field(default_factory=list)        # `_sass/` partials
    ignored_posts: list[SourceEntry] = field(default_factory=list)  # in _posts/ but not dated
    collections: dict[str, list[SourceEntry]] = field(default_factory=dict)  # label → files of `_<label>/`

    def all_entries(self) -> list[SourceEntry]:
        """Every listed file (for fingerprints)."""
        documents = [entry for entries in self.collections.values() for entry in entries]
        return [*self.posts, *self.drafts, *self.files, *self.layouts, *self.includes,
                *self.data, *self.sass, *self.ignored_posts, *documents]


def _pattern_matcher(patterns: tuple[str, ...]) -> Callable[[str, str], bool]:
    """`matches(rel, name)`: rel equals or lies under a plain pattern, or matches a glob (by path or by name)."""
    plain = [p for p in patterns if not any(c in p for c in "*?[")]
    globs = [p for p in patterns if p not in plain]
    by_path = [rf"{re.escape(p)}(?:/.*)?" for p in plain] + [fnmatch.translate(p) for p in globs]
    by_name = [fnmatch.translate(p) for p in globs if "/" not in p]
    path_re = re.compile("|".join(by_path), re.DOTALL) if by_path else None
    name_re = re.compile("|".join(by_name), re.DOTALL) if by_name else None

    def matches(rel: str, name: str) -> bool:
        return bool(path_re and path_re.fullmatch(rel)) or bool(name_re and name_re.fullmatch(name))

    return matches


class _Filter:
    """Jekyll's EntryFilter: `.`/`_`/`#`/`~` names excluded unless included; `exclude` globs."""

    def __init__(self, config: SiteConfig, skip: set[str]) -> None:
        self.posts_dir = config.collections_dir  # with collections_dir set, posts are read only from under it
        self.include_names = set(config.include)
        self.included = _pattern_matcher(tuple(p.strip("/") for p in config.include if p.strip("/")))
        self.excluded_by_config = _pattern_matcher(tuple(p.strip("/") for p in config.exclude if p.strip("/")))
        self.skip = skip

    def excluded(self, rel: str, path: str) -> bool:
        """True when the file or dir at `rel` (absolute `path`) is not part of the site."""
        if self.skip and os.path.abspath(path) in self.skip:
            return True
        name = rel.rsplit("/", 1)[-1]
        if name in self.include_names or self.included(rel, name):
            return False
        if name.startswith((".", "_", "#")) or name.endswith("~"):
            return True
        return self.excluded_by_config(rel, name)

    def excluded_document(self, rel: str, inner: str) -> bool:
        """Jekyll's EntryFilter over a collection: `inner` (the path inside `_<label>/`) or its name starting
        with `.`/`_`/`#`/`~`, backups and `exclude` matches (by the path `rel` from the source dir) are left out."""
        name = inner.rsplit("/", 1)[-1]
        included = name in self.include_names or self.included(rel, name)
        if name.endswith("~") or (self.excluded_by_config(rel, name) and not included):
            return True
        return (inner.startswith((".", "_", "#", "~")) or name.startswith((".", "_", "#", "~"))) and not included

    def reads_posts(self, rel_dir: str) -> bool:
        """True when a `_posts`/`_drafts` folder at rel_dir is read (under collections_dir when that is set)."""
        return not self.posts_dir or rel_dir.startswith(self.posts_dir + "/")


def scan_source(src_dir: Path, config: SiteConfig, *, skip: set[Path] = frozenset()) -> SourceListing:
    """List posts, drafts, pages/static files, layouts, includes, data, sass; `skip` dirs left out."""
    listing = SourceListing()
    filter_ = _Filter(config, {os.path.abspath(p) for p in skip})
    for special in SPECIAL_DIRS:
        bucket = getattr(listing, special[1:])
        _walk_all(src_dir / special, special, bucket)
    _walk(src_dir, "", listing, filter_)
    for label in config.collections:
        if label != "posts":
            rel_dir = config.collection_folder(label)
            listing.collections[label] = bucket = []
            _walk_collection(src_dir / rel_dir, rel_dir, "", bucket, filter_)
            bucket.sort(key=lambda entry: entry.rel_path)
    for bucket in (listing.posts, listing.drafts, listing.files, listing.layouts, listing.includes,
                   listing.data, listing.sass):
        bucket.sort(key=lambda entry: entry.rel_path)
    return listing


def _entry(path: Path, rel: str, stat: os.stat_result) -> SourceEntry:
    return SourceEntry(rel, path, stat.st_mtime_ns, stat.st_size)


def _walk_all(directory: Path, rel_dir: str, bucket: list[SourceEntry]) -> None:
    """Every regular file under a special dir, hidden files and symlinks left out."""
    if not directory.is_dir() or directory.is_symlink():
        return
    with os.scandir(directory) as entries:
        for item in entries:
            if item.name.startswith(".") or item.is_symlink():
                continue
            rel = f"{rel_dir}/{item.name}"
            if item.is_dir():
                _walk_all(Path(item.path), rel, bucket)
            elif item.is_file():
                bucket.append(_entry(Path(item.path), rel, item.stat()))


def _walk(directory: Path, rel_dir: str, listing: SourceListing, filter_: _Filter) -> None:
    with os.scandir(directory) as entries:
        items = sorted(entries, key=lambda item: item.name)
    for item in items:
        rel = f"{rel_dir}/{item.name}" if rel_dir else item.name
        if item.is_symlink():
            continue  # GitHub Pages builds in safe mode: symlinks are not followed
        if item.is_dir():
            if item.name in ("_posts", "_drafts") and not filter_.reads_posts(rel):
                continue
            if item.name == "_posts":
                _walk_posts(Path(item.path), rel, listing.posts, listing.ignored_posts, filter_, POST_NAME)
            elif item.name == "_drafts":
                _walk_posts(Path(item.path), rel, listing.drafts, listing.ignored_posts, filter_, DRAFT_NAME)
            elif not filter_.excluded(rel, item.path):
                _walk(Path(item.path), rel, listing, filter_)
        elif item.is_file() and not filter_.excluded(rel, item.path):
            listing.files.append(_entry(Path(item.path), rel, item.stat()))


def _walk_posts(directory: Path, rel_dir: str, bucket: list[SourceEntry], ignored: list[SourceEntry],
                filter_: _Filter, pattern: re.Pattern) -> None:
    """Posts may sit in subdirectories of `_posts/`; files whose names do not match are ignored."""
    with os.scandir(directory) as entries:
        items = sorted(entries, key=lambda item: item.name)
    for item in items:
        rel = f"{rel_dir}/{item.name}"
        if item.is_symlink() or item.name.startswith((".", "_", "#")) or item.name.endswith("~"):
            continue
        if item.is_dir():
            _walk_posts(Path(item.path), rel, bucket, ignored, filter_, pattern)
        elif item.is_file() and not filter_.excluded(rel, item.path):
            target = bucket if pattern.match(item.name) else ignored
            target.append(_entry(Path(item.path), rel, item.stat()))


def _walk_collection(directory: Path, rel_dir: str, inner_dir: str, bucket: list[SourceEntry],
                     filter_: _Filter) -> None:
    """Every file of a collection folder, recursively; Jekyll filters the file paths (not the folders)."""
    if not directory.is_dir() or directory.is_symlink():
        return
    with os.scandir(directory) as entries:
        for item in entries:
            inner = f"{inner_dir}/{item.name}" if inner_dir else item.name
            rel = f"{rel_dir}/{item.name}"
            if item.is_symlink():
                continue
            if item.is_dir():
                _walk_collection(Path(item.path), rel, inner, bucket, filter_)
            elif item.is_file() and not filter_.excluded_document(rel, inner):
                bucket.append(_entry(Path(item.path), rel, item.stat()))
