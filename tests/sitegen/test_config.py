"""_config.yml: Jekyll defaults, type checks with one-line errors, front matter defaults by scope."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import defaults_for, read_config
from sitegen.errors import BuildError, drain_warnings


def _config(tmp_path: Path, text: str):
    (tmp_path / "_config.yml").write_text(text, encoding="utf-8")
    return read_config(tmp_path, display_dir="src")


def test_missing_config_gives_jekyll_defaults(tmp_path: Path) -> None:
    config = read_config(tmp_path)
    assert config.permalink == "date"
    assert config.baseurl == "" and config.url == ""
    assert "node_modules" in config.exclude
    assert config.is_markdown("a.md") and config.is_markdown("b.markdown") and not config.is_markdown("c.html")
    assert config.tz.key == "UTC"


def test_values_are_normalized(tmp_path: Path) -> None:
    config = _config(tmp_path, "title: 42\nurl: https://x.org/\nbaseurl: blog/\nexclude: drafts\nextra: {a: 1}\n")
    assert config.title == "42"
    assert config.url == "https://x.org"
    assert config.baseurl == "/blog"
    assert (config.raw["url"], config.raw["baseurl"]) == ("https://x.org/", "blog/")  # templates see them as written
    assert "drafts" in config.exclude
    assert config.raw["extra"] == {"a": 1}


def test_known_remote_theme_with_a_ref_does_not_warn(tmp_path: Path) -> None:
    drain_warnings()
    config = _config(tmp_path, "remote_theme: pages-themes/slate@v0.2.0\n")
    assert drain_warnings() == [] and not config.foreign_theme


def test_gems_is_an_alias_of_plugins(tmp_path: Path) -> None:
    assert _config(tmp_path, "gems: [jekyll-feed]\n").plugins == ("jekyll-feed",)


@pytest.mark.parametrize("text, message", [
    ("title: x\nfuture: yes please\n", "src/_config.yml:2: 'future': expected true or false, got str 'yes please'"),
    ("exclude: {a: 1}\n", "src/_config.yml:1: 'exclude': expected a list of strings, got dict {'a': 1}"),
    ("title: [unclosed\n", "src/_config.yml:2: invalid YAML: did not find expected ',' or ']'"),
    ("- a\n- b\n", "src/_config.yml:1: expected a mapping of settings, got list"),
    ("timezone: Mars/Base\n", "src/_config.yml:1: 'timezone': expected an IANA zone like 'Europe/Berlin', got 'Mars/Base'"),
])
def test_errors_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(BuildError) as info:
        _config(tmp_path, text)
    assert str(info.value) == message


def test_unknown_theme_warns(tmp_path: Path) -> None:
    drain_warnings()
    _config(tmp_path, "title: t\ntheme: minima\n")
    warnings = [str(w) for w in drain_warnings()]
    assert warnings == ["src/_config.yml:2: 'theme': theme 'minima' is not installed; using the built-in slate-like theme"]


def test_defaults_most_specific_scope_wins(tmp_path: Path) -> None:
    config = _config(tmp_path, """defaults:
  - scope: {path: ""}
    values: {layout: default, author: a}
  - scope: {path: "", type: posts}
    values: {layout: post}
  - scope: {path: "projects"}
    values: {layout: project, meta: {x: 1}}
  - scope: {path: "projects/deep"}
    values: {meta: {y: 2}}
  - scope: {path: "docs/*.md"}
    values: {toc: true}
""")
    assert defaults_for(config, "_posts/2020-01-01-a.md", "posts") == {"layout": "post", "author": "a"}
    assert defaults_for(config, "about.md", "pages") == {"layout": "default", "author": "a"}
    assert defaults_for(config, "projects/deep/x.md", "pages") == {
        "layout": "project", "author": "a", "meta": {"x": 1, "y": 2}}
    assert defaults_for(config, "docs/a.md", "pages")["toc"] is True
    assert "toc" not in defaults_for(config, "docs/sub/a.html", "pages")


def test_bad_defaults_entry(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"^src/_config.yml:1: 'defaults': expected entries with"):
        _config(tmp_path, "defaults:\n  - values: 3\n")


@pytest.mark.parametrize("text, kinds", [
    ("", ("page",)),  # jekyll-relative-links on GitHub Pages: pages only
    ("relative_links:\n  collections: true\n", ("page", "post", "document")),
    ("relative_links:\n  enabled: false\n  collections: true\n", ()),
])
def test_relative_link_kinds(tmp_path: Path, text: str, kinds: tuple) -> None:
    assert _config(tmp_path, text).relative_link_kinds() == kinds


def test_future_is_github_pages_default_and_can_be_turned_off(tmp_path: Path) -> None:
    assert _config(tmp_path, "").future is True
    assert _config(tmp_path, "future: false\n").future is False
