"""Every bad-input class gives one line `path:line: what is wrong`; warnings and --strict."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import BuildError
from sitegen.pipeline import StrictError, build
from tests.fixtures.sites import write_site

POST = "src/_posts/2024-01-01-a.md"


def _build_post(tmp_path: Path, text: str, extra: dict | None = None, **options):
    src = write_site(tmp_path / "src", {"_config.yml": "title: T\n", "_posts/2024-01-01-a.md": text, **(extra or {})})
    return build(Path("src"), Path("out"), quiet=True, jobs=1, **options), src


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("text, extra, message", [
    ("---\ntitle: A\ntags: [x\n---\nBody\n", None,
     f"{POST}:4: invalid YAML front matter: did not find expected ',' or ']'"),
    ("---\ndate: 2024-13-01\n---\nBody\n", None,
     f"{POST}:2: front matter 'date': expected YYYY-MM-DD[ HH:MM[:SS]][ +HH:MM], got '2024-13-01' "
     "(month must be in 1..12)"),
    ("---\ntitle: A\nlayout: fancy\n---\nBody\n", None,
     f"{POST}:3: unknown layout 'fancy': no _layouts/fancy.html and the theme has "),
    ("---\ntitle: A\n---\nOne\n\n{% include nope.html %}\n", None,
     f"{POST}:6: include: file 'nope.html' not found in _includes/"),
    ("---\ntitle: A\n---\nOne\n\n{% if x %}\nnever closed\n", None,
     f"{POST}:6: Liquid syntax error: 'if' tag was never closed"),
    ("---\nlayout: a\n---\nx\n", {"_layouts/a.html": "---\nlayout: b\n---\n{{ content }}",
                                  "_layouts/b.html": "---\nlayout: a\n---\n{{ content }}"},
     "src/_layouts/b.html:2: layout 'a' includes itself (a → b → a)"),
])
def test_errors_are_one_line(tmp_path: Path, text: str, extra: dict | None, message: str) -> None:
    with pytest.raises(BuildError) as info:
        _build_post(tmp_path, text, extra)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_bad_config_names_the_config_line(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"^src/_config.yml:2: 'show_drafts': expected true or false, got str 'x'$"):
        _build_post(tmp_path, "---\n---\nx\n", {"_config.yml": "title: T\nshow_drafts: x\n"})


def test_missing_local_links_warn_and_strict_fails(tmp_path: Path) -> None:
    text = ("---\ntitle: A\n---\nOne\n\n[x](missing.html), [ok](/about/) and ![i](/img/nope.png)\n\n"
            "[home](/) [up](../../../) [self](#top) [mail](mailto:a@b.c) [ext](https://x.org/y)\n")
    result, _ = _build_post(tmp_path, text, {"about.md": "---\ntitle: About\npermalink: /about/\n---\nHi\n"})
    assert [str(w) for w in result.warnings] == [f"{POST}:6: missing local link 'missing.html'",
                                                 f"{POST}:6: missing local image '/img/nope.png'"]
    assert (tmp_path / "out/2024/01/01/a.html").is_file()
    before = (tmp_path / "out/2024/01/01/a.html").read_bytes()
    (tmp_path / "src/_posts/2024-01-01-a.md").write_text(text + "\n[more](gone.md)\n")
    with pytest.raises(StrictError) as info:
        build(Path("src"), Path("out"), quiet=True, jobs=1, strict=True)
    assert len(info.value.warnings) == 3
    assert (tmp_path / "out/2024/01/01/a.html").read_bytes() == before


def test_warnings_repeat_on_cached_rebuilds(tmp_path: Path) -> None:
    text = "---\ntitle: A\n---\n[x](missing.html)\n"
    first, _ = _build_post(tmp_path, text)
    again = build(Path("src"), Path("out"), quiet=True, jobs=1)
    assert again.warnings == first.warnings and len(first.warnings) == 1
    with pytest.raises(StrictError):
        build(Path("src"), Path("out"), quiet=True, jobs=1, strict=True)


def test_missing_source_folder(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"^nowhere: source folder not found$"):
        build(Path("nowhere"), Path("out"), quiet=True)


def test_output_folder_must_not_hold_the_source(tmp_path: Path) -> None:
    write_site(tmp_path / "src", {"index.md": "# Hi\n"})
    with pytest.raises(BuildError, match=r"^\.: output folder contains the source folder src; choose another --out$"):
        build(Path("src"), Path("."), quiet=True)
    assert (tmp_path / "src/index.md").is_file()


def test_theme_template_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = write_site(tmp_path / "templates", {"layouts/page.html": "{% if %}broken\n",
                                                    "layouts/default.html": "{{ content }}"})
    monkeypatch.setattr("sitegen.pipeline.TEMPLATES_DIR", templates)
    write_site(tmp_path / "src", {"about.md": "---\ntitle: About\n---\nHi\n"})
    with pytest.raises(BuildError, match=r"^templates/layouts/page.html:1: theme template: Expected an expression"):
        build(Path("src"), Path("out"), quiet=True, jobs=1)


def test_a_dying_worker_fails_the_build_instead_of_hanging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from sitegen.render import Renderer

    parent = os.getpid()
    convert = Renderer.convert

    def die_in_worker(self, page):  # noqa: ANN001, ANN202
        if os.getpid() != parent:
            os._exit(3)
        return convert(self, page)

    monkeypatch.setattr(Renderer, "convert", die_in_worker)
    monkeypatch.setattr("sitegen.render.PARALLEL_MIN_TASKS", 2)
    monkeypatch.setattr("sitegen.render._other_threads", lambda: False)  # a session fixture's server may run
    files = {f"_posts/2024-01-0{day}-p.md": "---\n---\nx\n" for day in range(1, 6)}
    write_site(tmp_path / "src", files)
    with pytest.raises(BuildError, match=r"^<build>: a worker process died during 'convert'"):
        build(Path("src"), Path("out"), quiet=True, jobs=2)
    assert not (tmp_path / "out").exists()
