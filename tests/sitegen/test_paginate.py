"""jekyll-paginate v1: the index.html split over paginate_path, the paginator's values, baseurl, rebuilds."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitegen.config import read_config
from sitegen.errors import BuildError
from sitegen.pipeline import build
from tests.fixtures.sites import read_tree, write_site

PAGINATOR = ("{{ paginator.page }}/{{ paginator.total_pages }} per={{ paginator.per_page }} "
             "total={{ paginator.total_posts }} prev={{ paginator.previous_page }}@{{ paginator.previous_page_path }} "
             "next={{ paginator.next_page }}@{{ paginator.next_page_path }} "
             "[{% for post in paginator.posts %}{{ post.title }};{% endfor %}] url={{ page.url }}")


def _site(config: str, index_rel: str = "index.html", posts: int = 5) -> dict[str, str]:
    files = {"_config.yml": config, "_layouts/default.html": "{{ content }}",
             index_rel: f"---\nlayout: default\ntitle: Home\n---\n{PAGINATOR}"}
    for day in range(1, posts + 1):
        files[f"_posts/2024-01-0{day}-p{day}.md"] = f"---\nlayout: default\ntitle: P{day}\n---\nBody {day}.\n"
    return files


def _build(tmp_path: Path, files: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    result = build(write_site(tmp_path / "src", files), tmp_path / "out", quiet=True, jobs=1)
    tree = {rel: data.decode() for rel, data in read_tree(tmp_path / "out").items()}
    return tree, [str(warning) for warning in result.warnings]


def test_paginator_on_first_middle_and_last_page(tmp_path: Path) -> None:
    tree, warnings = _build(tmp_path, _site("paginate: 2\n"))
    assert warnings == []
    # Jekyll's default paginate_path is /page:num (no trailing slash): the copies are page2/index.html
    assert tree["index.html"] == "1/3 per=2 total=5 prev=@ next=2@/page2 [P5;P4;] url=/"
    assert tree["page2/index.html"] == "2/3 per=2 total=5 prev=1@/ next=3@/page3 [P3;P2;] url=/page2/"
    assert tree["page3/index.html"] == "3/3 per=2 total=5 prev=2@/page2 next=@ [P1;] url=/page3/"
    assert "page4/index.html" not in tree


def test_paths_carry_no_baseurl_and_custom_path(tmp_path: Path) -> None:
    config = "baseurl: /blog\npaginate: 4\npaginate_path: posts/p:num\n"
    tree, _ = _build(tmp_path, _site(config))
    assert tree["index.html"].startswith("1/2 per=4 total=5 prev=@ next=2@/posts/p2 [P5;P4;P3;P2;]")
    assert tree["posts/p2/index.html"] == "2/2 per=4 total=5 prev=1@/ next=@ [P1;] url=/posts/p2/"


def test_index_in_paginate_path_folder_wins(tmp_path: Path) -> None:
    files = {**_site("paginate: 3\npaginate_path: /blog/page:num/\n", "blog/index.html"),
             "index.html": "---\n---\nroot:{{ paginator.page }}"}
    tree, _ = _build(tmp_path, files)
    assert tree["index.html"] == "root:"  # not the template: the deepest index.html is
    assert tree["blog/index.html"].startswith("1/2 per=3 total=5 prev=@ next=2@/blog/page2/ [P5;P4;P3;]")
    assert tree["blog/page2/index.html"].endswith("prev=1@/blog/ next=@ [P2;P1;] url=/blog/page2/")


def test_hidden_posts_and_index_md(tmp_path: Path) -> None:
    files = _site("paginate: 2\n")
    files["_posts/2024-01-05-p5.md"] = "---\nlayout: default\ntitle: P5\nhidden: true\n---\nBody.\n"
    tree, _ = _build(tmp_path, files)
    assert tree["index.html"].startswith("1/2 per=2 total=4 prev=@ next=2@/page2 [P4;P3;]")
    assert "2024/01/05/p5.html" in tree  # hidden from the paginator only
    # jekyll-paginate only takes a page named index.html: an index.md is left as it is, with a warning
    tree, warnings = _build(tmp_path / "md", _site("paginate: 2\n", "index.md"))
    assert tree["index.html"] == "<p>/ per= total= prev=@ next=@ [] url=/</p>\n"
    assert "page2/index.html" not in tree
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "paginate: no index.html page to paginate (jekyll-paginate uses an index.html in the folders of "
        "paginate_path '/page:num'); pagination skipped"]


def test_template_permalink_wins_as_in_jekyll(tmp_path: Path) -> None:
    # Page#url prefers a permalink: every copy lands on the template's file and the last page is what remains
    files = {**_site("paginate: 2\n"), "index.html": "---\nlayout: default\npermalink: /\n---\n{{ paginator.page }}"}
    tree, warnings = _build(tmp_path, files)
    assert tree["index.html"] == "3" and "page2/index.html" not in tree
    assert len(warnings) == 2 and all("destination 'index.html' is shared with" in w for w in warnings)


def test_without_paginate_there_is_no_paginator(tmp_path: Path) -> None:
    tree, _ = _build(tmp_path, _site(""))
    assert tree["index.html"] == "/ per= total= prev=@ next=@ [] url=/"
    assert "page2/index.html" not in tree


def test_paginate_path_without_num_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("paginate: 5\npaginate_path: /blog/page/\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        read_config(tmp_path, display_dir="src")
    assert str(info.value) == "src/_config.yml:2: 'paginate_path': expected a path with ':num', got '/blog/page/'"


def _edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # coarse clocks: make the change visible


def test_a_post_edit_rebuilds_the_paginated_pages(tmp_path: Path) -> None:
    src, out = write_site(tmp_path / "src", _site("paginate: 2\n")), tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    _edit(src / "_posts/2024-01-02-p2.md", "---\nlayout: default\ntitle: Second\n---\nBody 2.\n")
    rendered = build(src, out, quiet=True, jobs=1).rendered
    assert {"index.html", "page2/index.html", "page3/index.html", "2024/01/02/p2.html"} <= set(rendered)
    assert "[P3;Second;]" in (out / "page2/index.html").read_text()
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(src, clean, quiet=True, jobs=1)
    assert read_tree(out) == read_tree(clean)
