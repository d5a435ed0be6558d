"""The incremental cache: re-render only what depends on a change, and always equal a clean build."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitegen.errors import BuildError
from sitegen.pipeline import build
from tests.fixtures.sites import BLOG, read_tree, write_site

OWN_LAYOUTS = {
    "_config.yml": "title: Own\npermalink: pretty\n",
    "_layouts/default.html": "<html>{{ page.title }}|{{ content }}</html>\n",
    "_layouts/post.html": "---\nlayout: default\n---\n<article>{{ content }}</article>"
                          "{% if page.previous %}<a href=\"{{ page.previous.url }}\">{{ page.previous.title }}</a>{% endif %}"
                          "{% if page.next %}<a href=\"{{ page.next.url }}\">{{ page.next.title }}</a>{% endif %}\n",
    "_includes/note.html": "<aside>{{ include.text }}</aside>",
    "_data/nav.yml": "- Home\n- About\n",
    "index.html": "---\nlayout: default\ntitle: Home\n---\n{% for post in site.posts %}<p>{{ post.title }}: "
                  "{{ post.excerpt }}</p>{% endfor %}\n",
    "about.md": "---\nlayout: default\ntitle: About\n---\n{% include note.html text=\"hi\" %} {{ site.data.nav[0] }}\n",
    "plain.md": "---\nlayout: default\ntitle: Plain\n---\nNo Liquid here.\n",
}
for _day in range(1, 6):
    OWN_LAYOUTS[f"_posts/2024-01-0{_day}-post-{_day}.md"] = f"---\nlayout: post\ntitle: Post {_day}\n---\nBody {_day}.\n"


def _check_equals_clean(src: Path, out: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(src, clean, quiet=True, jobs=1)
    assert read_tree(out) == read_tree(clean)


def _edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # coarse clocks: make the change visible


def test_no_change_rebuild_does_nothing(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", OWN_LAYOUTS)
    first = build(src, tmp_path / "out", quiet=True, jobs=1)
    assert len(first.rendered) == 8
    again = build(src, tmp_path / "out", quiet=True, jobs=1)
    assert again.pages_written == 0 and again.rendered == ()


def test_one_post_edit_renders_its_dependents_only(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", OWN_LAYOUTS)
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    _edit(src / "_posts/2024-01-03-post-3.md", "---\nlayout: post\ntitle: Post 3\n---\nBody 3, edited.\n")
    result = build(src, out, quiet=True, jobs=1)
    # The index shows excerpts; the neighbours show only title and URL, which a body edit leaves as they were.
    assert sorted(result.rendered) == ["2024/01/03/post-3/index.html", "index.html"]
    _check_equals_clean(src, out, tmp_path)
    _edit(src / "_posts/2024-01-03-post-3.md", "---\nlayout: post\ntitle: Post three\n---\nBody 3, edited.\n")
    result = build(src, out, quiet=True, jobs=1)
    assert sorted(result.rendered) == ["2024/01/02/post-2/index.html", "2024/01/03/post-3/index.html",
                                       "2024/01/04/post-4/index.html", "index.html"]
    _check_equals_clean(src, out, tmp_path)


def test_post_lists_without_content_ignore_body_edits(tmp_path: Path) -> None:
    titles_only = "---\nlayout: default\ntitle: Home\n---\n{% for post in site.posts %}{{ post.title }} {% endfor %}\n"
    src = write_site(tmp_path / "src", {**OWN_LAYOUTS, "index.html": titles_only})
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    _edit(src / "_posts/2024-01-03-post-3.md", "---\nlayout: post\ntitle: Post 3\n---\nBody 3, edited.\n")
    assert build(src, out, quiet=True, jobs=1).rendered == ("2024/01/03/post-3/index.html",)
    _edit(src / "_posts/2024-01-03-post-3.md", "---\nlayout: post\ntitle: Renamed\n---\nBody 3, edited.\n")
    assert "index.html" in build(src, out, quiet=True, jobs=1).rendered
    _check_equals_clean(src, out, tmp_path)


@pytest.mark.parametrize("rel, text", [
    ("_posts/2024-01-02-post-2.md", "---\nlayout: post\ntitle: Renamed\n---\nBody 2.\n"),
    ("_posts/2024-01-09-new.md", "---\nlayout: post\ntitle: New\n---\nNew post.\n"),
    ("_layouts/default.html", "<html lang=en>{{ page.title }}|{{ content }}</html>\n"),
    ("_includes/note.html", "<aside class=note>{{ include.text }}</aside>"),
    ("_data/nav.yml", "- Start\n- About\n"),
    ("_config.yml", "title: Own 2\npermalink: date\n"),
    ("plain.md", "---\nlayout: default\ntitle: Plain 2\n---\nStill no Liquid.\n"),
])
def test_edits_equal_a_clean_build(tmp_path: Path, rel: str, text: str) -> None:
    src = write_site(tmp_path / "src", OWN_LAYOUTS)
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    _edit(src / rel, text)
    build(src, out, quiet=True, jobs=1)
    _check_equals_clean(src, out, tmp_path)


def test_deleted_sources_and_outputs(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", BLOG)
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    (src / "_posts/2024-03-04-third.md").unlink()
    (src / "assets/style.css").unlink()
    (out / "about/index.html").unlink()  # someone deleted an output file
    (out / "feed.xml").write_text("tampered")
    build(src, out, quiet=True, jobs=1)
    assert not (out / "2024/03/04/third.html").exists()
    _check_equals_clean(src, out, tmp_path)


def test_theme_site_edit_equals_clean_and_spares_other_posts(tmp_path: Path) -> None:
    files = dict(BLOG)
    for day in range(10, 20):
        files[f"_posts/2023-06-{day}-old-{day}.md"] = f"---\ntitle: Old {day}\n---\nOld post {day}.\n"
    src = write_site(tmp_path / "src", files)
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    _edit(src / "_posts/2024-02-03-second-post.md", "---\ntitle: Second post\ntags: [ml]\n---\nChanged.\n")
    result = build(src, out, quiet=True, jobs=1)
    assert "2024/02/03/second-post.html" in result.rendered
    assert not any(rel.startswith("2023/") for rel in result.rendered)
    _check_equals_clean(src, out, tmp_path)


def test_failed_incremental_build_keeps_output_then_recovers(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", OWN_LAYOUTS)
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    before = read_tree(out)
    _edit(src / "about.md", "---\nlayout: missing\n---\nx\n")
    with pytest.raises(BuildError, match=r"about.md:2: unknown layout 'missing'"):
        build(src, out, quiet=True, jobs=1)
    assert read_tree(out) == before
    _edit(src / "about.md", OWN_LAYOUTS["about.md"] + "\nFixed.\n")
    build(src, out, quiet=True, jobs=1)
    _check_equals_clean(src, out, tmp_path)


def test_sass_partial_edit_recompiles(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {**BLOG, "_sass/_vars.scss": "$fg: #111111;\n",
                                        "assets/main.scss": "---\n---\n@import \"vars\";\nbody { color: $fg; }\n"})
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    _edit(src / "_sass/_vars.scss", "$fg: #222222;\n")
    build(src, out, quiet=True, jobs=1)
    assert "#222222" in (out / "assets/main.css").read_text()
    _check_equals_clean(src, out, tmp_path)


def test_in_process_rebuilds_reuse_the_live_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_site(tmp_path / "src", OWN_LAYOUTS)
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    monkeypatch.setattr("sitegen.cache._load", lambda path: pytest.fail(f"unpickled {path}"))
    _edit(src / "plain.md", "---\nlayout: default\ntitle: Plain\n---\nEdited without Liquid.\n")
    assert build(src, out, quiet=True, jobs=1).rendered == ("plain/index.html",)
    monkeypatch.undo()
    _check_equals_clean(src, out, tmp_path)


def test_theme_body_edit_spares_the_neighbours(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", BLOG)
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    _edit(src / "_posts/2024-02-03-second-post.md", "---\ntitle: Second post\ntags: [ml]\n---\nOnly the body changed.\n")
    rendered = build(src, out, quiet=True, jobs=1).rendered
    assert "2024/02/03/second-post.html" in rendered
    assert "2024/01/02/first-post.html" not in rendered and "2024/03/04/third.html" not in rendered
    _check_equals_clean(src, out, tmp_path)


def test_edit_rebuilds_write_a_small_delta_of_the_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = dict(OWN_LAYOUTS)
    for day in range(10, 28):
        files[f"_posts/2023-02-{day}-old-{day}.md"] = f"---\nlayout: post\ntitle: Old {day}\n---\nIntro.\n\n" + "Text. " * 200
    src = write_site(tmp_path / "src", files)
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    cache_dir = tmp_path / ".sitegen-cache"
    (memo,) = cache_dir.glob("*.memo.pickle")
    for round_index, day in enumerate((3, 4)):
        monkeypatch.setattr("sitegen.cache._LIVE", {})  # as a fresh CLI process
        _edit(src / f"_posts/2024-01-0{day}-post-{day}.md", f"---\nlayout: post\ntitle: Post {day}\n---\nEdit {day}.\n")
        build(src, out, quiet=True, jobs=1)
        (delta,) = cache_dir.glob("*.delta.pickle")
        assert delta.stat().st_size < memo.stat().st_size / 5, round_index
    monkeypatch.setattr("sitegen.cache._LIVE", {})
    _edit(src / "plain.md", "---\nlayout: default\ntitle: Plain\n---\nLast edit.\n")
    assert build(src, out, quiet=True, jobs=1).rendered == ("plain/index.html",)  # base + delta loaded
    _check_equals_clean(src, out, tmp_path)


def test_theme_page_body_edit_spares_pages_that_list_it(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", BLOG)
    out = tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    _edit(src / "about.md", "---\nlayout: page\ntitle: About\npermalink: /about/\n---\nNew body.\n")
    assert build(src, out, quiet=True, jobs=1).rendered == ("about/index.html",)
    _edit(src / "about.md", "---\nlayout: page\ntitle: About us\npermalink: /about/\n---\nNew body.\n")
    assert "about/index.html" in build(src, out, quiet=True, jobs=1).rendered
    _check_equals_clean(src, out, tmp_path)
