"""Sass/SCSS to CSS with libsass, the compiler GitHub Pages runs (jekyll-sass-converter)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import sass

from sitegen.errors import BuildError, warn

STYLES = ("nested", "expanded", "compact", "compressed")
# Stylesheets that come with a GitHub Pages theme gem (minima, jekyll-theme-*, minimal-mistakes), not with the site.
_THEME_SASS = re.compile(r"^(minima|minimal-mistakes|jekyll-theme-[a-z-]+)(/[\w/-]+)?$")
# libsass: "Error: <msg>\n        on line L:C of <file>\n        from line ... of stdin\n>> ..."
_WHERE = re.compile(r"^\s*on line (\d+)(?::\d+)? of (.+)$", re.MULTILINE)


def sass_include_paths(src_dir: str | Path, config: dict | None = None) -> list[str]:
    """The load path Jekyll gives Sass: `sass.sass_dir` (default `_sass`) plus `sass.load_paths`."""
    options = (config or {}).get("sass")
    options = options if isinstance(options, dict) else {}
    src = Path(src_dir)
    paths = [src / str(options.get("sass_dir") or "_sass")]
    paths += [src / str(extra) for extra in options.get("load_paths") or []]
    return [str(path) for path in paths]


def compile_scss(
    source: str,
    *,
    path: str,
    include_paths: Sequence[str | Path] = (),
    style: str = "expanded",
    line_offset: int = 0,
) -> str:
    """Compile SCSS (indented Sass when `path` ends in .sass) to CSS; BuildError(path, line) if bad.

    style: `sass.style` as written in _config.yml; a value other than nested/expanded/compact/compressed
    (jekyll-now's `:expanded` included: YAML keeps it a string) compiles expanded, as jekyll-sass-converter does.
    line_offset: lines before `source` in the file (its front matter), so error lines match.
    """
    style = style if style in STYLES else "expanded"
    paths = [str(p) for p in include_paths]
    try:
        return sass.compile(
            string=source,
            include_paths=paths,
            output_style=style,
            indented=str(path).endswith(".sass"),
            importers=[(0, _theme_importer(paths, path, source, line_offset))],
        )
    except sass.CompileError as err:
        raise _build_error(str(err), path, line_offset) from None


def _theme_importer(include_paths: list[str], path: str, source: str, line_offset: int):
    """A libsass importer that skips a theme's stylesheet (`@import "minima"`) the site does not have.

    GitHub Pages compiles it from the theme gem; we build such a site with our own theme, so the import
    becomes empty with a warning instead of failing the build. Files the site has are imported as usual.
    """

    def skip_theme_import(name: str, previous: str) -> list[tuple[str, str]] | None:
        here = [os.path.dirname(previous)] if previous != "stdin" else []
        if not _THEME_SASS.match(name) or _sass_file_exists(name, here + include_paths):
            return None
        if previous == "stdin":
            where, text, offset = path, source, line_offset
        else:
            where, text, offset = _display_path(previous), Path(previous).read_text(encoding="utf-8"), 0
        statement = re.compile(r"@import\b[^;]*[\"']" + re.escape(name) + r"[\"']")
        line = next((number for number, row in enumerate(text.splitlines(), 1) if statement.search(row)), None)
        warn(where, line + offset if line else None,
             f"Sass: '{name}' is the theme's stylesheet, which is not installed; its @import is skipped")
        return [(f"{name}.scss", "")]

    return skip_theme_import


def _sass_file_exists(name: str, folders: list[str]) -> bool:
    """Whether libsass would find `name` (partial, .scss/.sass/.css, or index file) in one of the folders."""
    folder_part, _, stem = name.rpartition("/")
    candidates = [f"{prefix}{stem}{ext}" for prefix in ("", "_") for ext in (".scss", ".sass", ".css")]
    candidates += [f"{stem}/{prefix}index{ext}" for prefix in ("", "_") for ext in (".scss", ".sass")]
    return any(Path(folder, folder_part, candidate).is_file() for folder in folders for candidate in candidates)


def _build_error(text: str, path: str, line_offset: int) -> BuildError:
    """Turn libsass' multi-line message into `path:line: Sass error: ...` for the file at fault."""
    message = text.strip().splitlines()[0].removeprefix("Error: ").strip()
    where = _WHERE.search(text)
    if where is None:
        return BuildError(path, None, f"Sass error: {message}")
    line, origin = int(where.group(1)), where.group(2).strip()
    if origin == "stdin":
        return BuildError(path, line + line_offset, f"Sass error: {message}")
    return BuildError(_display_path(origin), line, f"Sass error: {message}")


def _display_path(origin: str) -> str:
    """libsass names partials relative to the cwd: keep that under it, else absolute."""
    absolute = Path(os.path.normpath(Path.cwd() / origin))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)
