"""Sass/SCSS to CSS with libsass, the compiler GitHub Pages runs (jekyll-sass-converter)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import sass

from sitegen.errors import BuildError

STYLES = ("nested", "expanded", "compact", "compressed")
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
    try:
        return sass.compile(
            string=source,
            include_paths=[str(p) for p in include_paths],
            output_style=style,
            indented=str(path).endswith(".sass"),
        )
    except sass.CompileError as err:
        raise _build_error(str(err), path, line_offset) from None


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
