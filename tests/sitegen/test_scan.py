"""The source walk: Jekyll's `_`/`.` exclusions, include/exclude, posts, drafts, special dirs."""
from __future__ import annotations

from pathlib import Path

from sitegen.config import read_config
from sitegen.scan import scan_source

FILES = [
    "_config.yml", "index.md", "about.md", "README.md", "assets/app.css", "assets/_private.css",
    ".hidden/x.html", "_layouts/default.html", "_layouts/nested/page.html", "_includes/nav.html",
    "_data/authors.yml", "_sass/main.scss", "_posts/2024-01-02-first.md", "_posts/ml/2024-02-03-second.md",
    "_posts/notes.md", "_drafts/idea.md", "node_modules/pkg/index.js", "Gemfile", "vendor/bundle/x.rb",
    "docs/secret.txt", ".htaccess", "_other/x.md", "backup.md~", "#autosave.md#", ".well-known/security.txt",
]


def _site(tmp_path: Path, config: str = "") -> Path:
    for rel in FILES:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(config if rel == "_config.yml" else rel, encoding="utf-8")
    return tmp_path


def _rels(entries) -> list[str]:
    return [entry.rel_path for entry in entries]


def test_roles_and_exclusions(tmp_path: Path) -> None:
    # A site's `include` replaces the default [.htaccess], as in Jekyll.
    src = _site(tmp_path, "exclude: [docs]\ninclude: [.well-known]\n")
    listing = scan_source(src, read_config(src))
    assert _rels(listing.files) == [".well-known/security.txt", "README.md", "about.md",
                                    "assets/app.css", "index.md"]
    assert _rels(listing.posts) == ["_posts/2024-01-02-first.md", "_posts/ml/2024-02-03-second.md"]
    assert _rels(listing.ignored_posts) == ["_posts/notes.md"]
    assert _rels(listing.drafts) == ["_drafts/idea.md"]
    assert _rels(listing.layouts) == ["_layouts/default.html", "_layouts/nested/page.html"]
    assert _rels(listing.includes) == ["_includes/nav.html"]
    assert _rels(listing.data) == ["_data/authors.yml"]
    assert _rels(listing.sass) == ["_sass/main.scss"]


def test_glob_exclude_and_skip_dirs(tmp_path: Path) -> None:
    src = _site(tmp_path, "exclude: ['*.md']\n")
    (src / "_site").mkdir()
    (src / "out").mkdir()
    (src / "out" / "page.html").write_text("x")
    listing = scan_source(src, read_config(src), skip={src / "out"})
    assert _rels(listing.files) == [".htaccess", "assets/app.css", "docs/secret.txt"]


def test_entries_carry_stat(tmp_path: Path) -> None:
    src = _site(tmp_path)
    listing = scan_source(src, read_config(src))
    entry = next(e for e in listing.files if e.rel_path == "about.md")
    assert entry.size == len("about.md") and entry.mtime_ns > 0 and entry.path == src / "about.md"
