"""jekyll-default-layout (on by default on GitHub Pages): documents without `layout:` use the site's own layouts."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.pipeline import build
from tests.fixtures.sites import write_site

LAYOUTS = {
    "_config.yml": "title: T\n",
    "_layouts/default.html": "<html>DEFAULT {{ content }}</html>\n",
    "_posts/2020-01-01-p.md": "---\ntitle: P\n---\nPost body\n",
    "index.md": "---\n---\nIDX\n",
    "about.md": "---\ntitle: About\n---\nABOUT\n",
}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _built(tmp_path: Path, files: dict[str, str]) -> Path:
    write_site(tmp_path / "src", files)
    build(Path("src"), Path("out"), quiet=True, jobs=1)
    return tmp_path / "out"


def test_posts_and_index_take_the_sites_page_layout(tmp_path: Path) -> None:
    page = "---\nlayout: default\n---\nPAGE {{ content }}"
    out = _built(tmp_path, {**LAYOUTS, "_layouts/page.html": page})
    assert (out / "2020/01/01/p.html").read_text() == "<html>DEFAULT PAGE <p>Post body</p>\n</html>\n"
    assert (out / "index.html").read_text() == "<html>DEFAULT PAGE <p>IDX</p>\n</html>\n"


def test_without_page_layout_they_fall_back_to_default(tmp_path: Path) -> None:
    out = _built(tmp_path, LAYOUTS)
    assert (out / "about.html").read_text() == "<html>DEFAULT <p>ABOUT</p>\n</html>\n"
    assert (out / "2020/01/01/p.html").read_text() == "<html>DEFAULT <p>Post body</p>\n</html>\n"


def test_an_explicit_theme_layout_name_still_reaches_our_theme(tmp_path: Path) -> None:
    files = {**LAYOUTS, "_posts/2020-01-01-p.md": "---\ntitle: P\nlayout: post\n---\nPost body\n"}
    html = (_built(tmp_path, files) / "2020/01/01/p.html").read_text()
    assert "DEFAULT" not in html and "Post body" in html
