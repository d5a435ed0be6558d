"""Read `_config.yml` into a SiteConfig with Jekyll's defaults; known keys are type-checked."""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from sitegen.errors import BuildError, warn
from sitegen.frontmatter import YamlLoader, content_hash

CONFIG_NAME = "_config.yml"
# Our theme: Jinja2 layouts and static files (repo root / templates).
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
# Jekyll 3/4 exclude these even when a site's own `exclude` list does not name them.
JEKYLL_EXCLUDES = [
    ".sass-cache", ".jekyll-cache", ".jekyll-metadata", "gemfiles", "Gemfile", "Gemfile.lock",
    "node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
]
# Themes we ship; anything else falls back to ours with a warning.
KNOWN_THEMES = {"vdiff", "slate", "jekyll-theme-slate", "pages-themes/slate"}

_DEFAULTS: dict[str, Any] = {
    "title": "", "description": "", "url": "", "baseurl": "", "author": None,
    "permalink": "date", "exclude": [], "include": [".htaccess"], "keep_files": [".git", ".svn"],
    "defaults": [], "markdown_ext": "markdown,mkdown,mkdn,mkd,md", "excerpt_separator": "\n\n",
    "timezone": None, "future": True, "show_drafts": False, "unpublished": False, "plugins": [],
    "theme": None, "remote_theme": None, "runs_dir": None, "lang": "en-US",
    "collections": {}, "collections_dir": "", "paginate": None, "paginate_path": "/page:num",
}
_STRINGS = ("title", "description", "url", "baseurl", "permalink", "markdown_ext",
            "excerpt_separator", "runs_dir", "theme", "remote_theme", "lang", "collections_dir", "paginate_path")
_STRING_LISTS = ("exclude", "include", "keep_files", "plugins")
_BOOLS = ("future", "show_drafts", "unpublished")


@dataclass(frozen=True)
class SiteConfig:
    """The site's `_config.yml` merged over Jekyll's defaults; `raw` holds every key for templates."""

    path: str
    title: str = ""
    description: str = ""
    url: str = ""
    baseurl: str = ""
    permalink: str = "date"
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = (".htaccess",)
    keep_files: tuple[str, ...] = (".git", ".svn")
    defaults: tuple[dict, ...] = ()
    markdown_ext: tuple[str, ...] = ("markdown", "mkdown", "mkdn", "mkd", "md")
    excerpt_separator: str = "\n\n"
    timezone: str | None = None
    future: bool = True  # GitHub Pages (pages-gem DEFAULTS); plain Jekyll says false
    show_drafts: bool = False
    unpublished: bool = False
    plugins: tuple[str, ...] = ()
    theme: str | None = None
    runs_dir: str | None = None
    # label → metadata (output, permalink, sort_by, order, ...), "posts" first, as Jekyll's site.collections
    collections: dict[str, dict] = field(default_factory=lambda: {"posts": {"output": True}})
    collections_dir: str = ""
    paginate: int | None = None  # posts per page (jekyll-paginate), None when pagination is off
    paginate_path: str = "/page:num"
    raw: dict = field(default_factory=dict)

    @property
    def tz(self) -> tzinfo:
        """The site's time zone (UTC when `timezone` is unset, so builds do not depend on the host)."""
        return ZoneInfo(self.timezone or "UTC")

    @property
    def foreign_theme(self) -> bool:
        """True when _config.yml names a theme we do not ship (its layouts fall back to ours)."""
        return bool(self.theme) and _theme_name(self.theme) not in KNOWN_THEMES

    def heading_options(self):  # noqa: ANN201 - sitegen.headings.HeadingOptions (imports markdown-it)
        """The `kramdown:` heading options (auto_ids, auto_id_prefix, toc_levels); BuildError when invalid."""
        from sitegen.headings import heading_options

        try:
            return heading_options(self.raw.get("kramdown"))
        except ValueError as exc:
            text = Path(self.path).read_text(encoding="utf-8-sig") if Path(self.path).is_file() else ""
            raise BuildError(self.path, key_line(text, "kramdown"), str(exc)) from None

    def relative_link_kinds(self) -> tuple[str, ...]:
        """Page kinds whose `.md` links point at pages, as jekyll-relative-links rewrites them on GitHub Pages:
        pages; posts and other documents only with `relative_links: {collections: true}`; none if `enabled: false`."""
        links = self.raw.get("relative_links")
        links = links if isinstance(links, dict) else {}
        if links.get("enabled") is False:
            return ()
        return ("page", "post", "document") if links.get("collections") is True else ("page",)

    @property
    def settings_key(self) -> str:
        """A digest of every setting (a document's reading depends on them)."""
        return content_hash(repr(self.raw).encode("utf-8", "surrogatepass"))

    def collection_folder(self, label: str) -> str:
        """Where a collection's files are: `_<label>` under collections_dir, relative to the source folder."""
        return "/".join(part for part in (self.collections_dir, f"_{label}") if part)

    @property
    def post_permalink(self) -> str:
        """The posts' URL template: `collections.posts.permalink`, else the site's `permalink` style."""
        return str(self.collections["posts"].get("permalink") or self.permalink)

    def runs_path(self, src_dir: Path) -> Path | None:
        """The run folders' parent (`runs_dir`, relative to the source folder), or None when unset."""
        return src_dir / self.runs_dir if self.runs_dir else None

    def is_markdown(self, name: str) -> bool:
        """True when a file name has one of the `markdown_ext` extensions."""
        return name.rsplit(".", 1)[-1].lower() in self.markdown_ext if "." in name else False


def theme_layouts(templates_dir: Path = TEMPLATES_DIR) -> set[str]:
    """Names of the layouts our theme ships (templates/layouts/<name>.html)."""
    folder = templates_dir / "layouts"
    return {path.stem for path in folder.glob("*.html")} if folder.is_dir() else set()


def display_name(src_dir: Path) -> str:
    """How messages name the source folder: as given, or relative when it lies inside the working dir."""
    if not src_dir.is_absolute():
        return str(src_dir)
    try:
        return str(src_dir.relative_to(Path.cwd()))
    except ValueError:
        return str(src_dir)


def read_config(src_dir: Path, *, display_dir: str | None = None,
                overrides: dict | None = None) -> SiteConfig:
    """Read `src_dir/_config.yml` (missing → all defaults) and validate the known keys."""
    display = f"{display_dir or src_dir}/{CONFIG_NAME}"
    path = src_dir / CONFIG_NAME
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    data = _load_yaml(text, display)
    raw = {**_DEFAULTS, **data, **(overrides or {})}
    if "gems" in data and "plugins" not in data:
        raw["plugins"] = data["gems"]
    for key in _STRINGS:
        raw[key] = _check_string(raw[key], key, display, text)
    for key in _STRING_LISTS:
        raw[key] = _check_string_list(raw[key], key, display, text)
    for key in _BOOLS:
        raw[key] = _check_bool(raw[key], key, display, text)
    # Templates see url/baseurl as written ({{ site.baseurl }} is raw in Jekyll); the builder uses normal forms.
    raw["url"], raw["baseurl"] = raw["url"] or "", raw["baseurl"] or ""
    raw["timezone"] = _check_timezone(raw.get("timezone"), display, text)
    defaults = _check_defaults(raw["defaults"], display, text)
    theme = _resolve_theme(raw, display, text)
    collections = _check_collections(raw["collections"], display, text)
    raw["collections_dir"] = (raw["collections_dir"] or "").strip("/")
    return SiteConfig(
        path=display, title=raw["title"] or "", description=raw["description"] or "",
        url=raw["url"].rstrip("/"), baseurl=_normalize_baseurl(raw["baseurl"]), permalink=raw["permalink"] or "date",
        exclude=tuple(JEKYLL_EXCLUDES + raw["exclude"]), include=tuple(raw["include"]),
        keep_files=tuple(raw["keep_files"]), defaults=tuple(defaults),
        markdown_ext=tuple(e.strip().lower() for e in (raw["markdown_ext"] or "").split(",") if e.strip()),
        excerpt_separator=raw["excerpt_separator"] if raw["excerpt_separator"] is not None else "\n\n",
        timezone=raw["timezone"], future=raw["future"], show_drafts=raw["show_drafts"],
        unpublished=raw["unpublished"], plugins=tuple(raw["plugins"]), theme=theme,
        runs_dir=raw["runs_dir"], collections=collections, collections_dir=raw["collections_dir"],
        paginate=_check_paginate(raw, display, text), paginate_path=raw["paginate_path"] or "/page:num", raw=raw,
    )


def _load_yaml(text: str, display: str) -> dict:
    try:
        data = yaml.load(text, Loader=YamlLoader) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BuildError(display, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BuildError(display, 1, f"expected a mapping of settings, got {type(data).__name__}")
    return data


def key_line(text: str, key: str) -> int | None:
    """Line number (1-based) of a top-level `key:` in YAML text, or None."""
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _type_error(display: str, text: str, key: str, expected: str, value: Any) -> BuildError:
    return BuildError(display, key_line(text, key),
                      f"'{key}': expected {expected}, got {type(value).__name__} {value!r}")


def _check_string(value: Any, key: str, display: str, text: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise _type_error(display, text, key, "a string", value)


def _check_string_list(value: Any, key: str, display: str, text: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise _type_error(display, text, key, "a list of strings", value)


def _check_bool(value: Any, key: str, display: str, text: str) -> bool:
    if isinstance(value, bool):
        return value
    raise _type_error(display, text, key, "true or false", value)


def _normalize_baseurl(baseurl: str) -> str:
    baseurl = baseurl.strip().rstrip("/")
    return "/" + baseurl.lstrip("/") if baseurl else ""


def _check_timezone(value: Any, display: str, text: str) -> str | None:
    if value is None:
        return None
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise BuildError(display, key_line(text, "timezone"),
                         f"'timezone': expected an IANA zone like 'Europe/Berlin', got {value!r}") from None
    return str(value)


def _check_defaults(value: Any, display: str, text: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _type_error(display, text, "defaults", "a list of {scope, values}", value)
    checked = []
    for entry in value:
        scope = entry.get("scope") if isinstance(entry, dict) else None
        values = entry.get("values") if isinstance(entry, dict) else None
        if not isinstance(values, dict) or not isinstance(scope or {}, dict):
            raise _type_error(display, text, "defaults", "entries with 'scope' and 'values' mappings", entry)
        scope = scope or {}
        checked.append({"path": str(scope.get("path") or "").strip("/"),
                        "type": scope.get("type"), "values": values})
    return checked


_COLLECTION_TYPES = {"output": (bool, "true or false"), "permalink": (str, "a string"),
                     "sort_by": (str, "a string"), "order": (list, "a list of file names")}


def _check_collections(value: Any, display: str, text: str) -> dict[str, dict]:
    """Jekyll's collections setting (a list of labels or a mapping label → metadata), posts first and
    always output; the known metadata keys are type-checked."""
    if value is None:
        value = {}
    if isinstance(value, list) and all(isinstance(label, str) for label in value):
        value = {label: {} for label in value}
    if not isinstance(value, dict):
        raise _type_error(display, text, "collections", "a list of labels or a mapping of label → settings", value)
    collections: dict[str, dict] = {"posts": {"output": True}}
    for label, metadata in value.items():
        metadata = {} if metadata is None else metadata
        if not isinstance(metadata, dict):
            raise _type_error(display, text, "collections", f"settings of '{label}' as a mapping", metadata)
        for key, (kind, expected) in _COLLECTION_TYPES.items():
            if metadata.get(key) is not None and not isinstance(metadata[key], kind):
                raise BuildError(display, key_line(text, "collections"),
                                 f"'collections.{label}.{key}': expected {expected}, got "
                                 f"{type(metadata[key]).__name__} {metadata[key]!r}")
        clean = re.sub(r"[^a-z0-9_\-.]", "", str(label), flags=re.IGNORECASE)  # Collection#sanitize_label
        collections[clean] = {**collections.get(clean, {}), **metadata}
    return collections


def _check_paginate(raw: dict, display: str, text: str) -> int | None:
    """`paginate` (posts per page) as jekyll-paginate reads it: unset or false is off, else a positive count;
    `paginate_path` must hold `:num`."""
    value = raw.get("paginate")
    if value is None or value is False:
        return None
    numeric = isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit())
    count = int(value) if numeric else 0  # Ruby's to_i
    if isinstance(value, bool) or count < 1:
        raise _type_error(display, text, "paginate", "a positive number of posts per page", value)
    if ":num" not in (raw.get("paginate_path") or "/page:num"):
        raise BuildError(display, key_line(text, "paginate_path"),
                         f"'paginate_path': expected a path with ':num', got {raw['paginate_path']!r}")
    return count


def _theme_name(value: str) -> str:
    """A theme name without its `@ref` (remote_theme: pages-themes/slate@v0.2.0)."""
    return str(value).split("@", 1)[0]


def _resolve_theme(raw: dict, display: str, text: str) -> str | None:
    for key in ("theme", "remote_theme"):
        name = raw.get(key)
        if name and _theme_name(name) not in KNOWN_THEMES:
            warn(display, key_line(text, key),
                 f"'{key}': theme '{name}' is not installed; using the built-in slate-like theme")
    return raw.get("theme") or raw.get("remote_theme")


def defaults_for(config: SiteConfig, rel_path: str, doc_type: str) -> dict:
    """Front matter defaults that apply to a source path of a type ("posts", "pages", "drafts")."""
    matching = []
    for order, entry in enumerate(config.defaults):
        if entry["type"] not in (None, doc_type):
            continue
        if not _scope_matches(entry["path"], rel_path):
            continue
        specificity = (entry["path"].count("/") + (1 if entry["path"] else 0), entry["type"] is not None)
        matching.append((specificity, order, entry["values"]))
    merged: dict = {}
    for _, _, values in sorted(matching, key=lambda item: (item[0], item[1])):
        merged = deep_merge(merged, values)
    return merged


def _scope_matches(scope_path: str, rel_path: str) -> bool:
    if not scope_path:
        return True
    if any(ch in scope_path for ch in "*?["):
        return fnmatch.fnmatch(rel_path, scope_path) or fnmatch.fnmatch(rel_path, scope_path + "/*")
    return rel_path == scope_path or rel_path.startswith(scope_path + "/")


def deep_merge(base: dict, over: dict) -> dict:
    """`over` merged into `base` recursively (Jekyll's Utils.deep_merge_hashes); inputs untouched."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
