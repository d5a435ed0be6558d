"""compile_scss: libsass output, _sass imports, one-line errors at the right file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import BuildError
from sitegen.sass import compile_scss, sass_include_paths


@pytest.fixture()
def src(tmp_path: Path) -> Path:
    sass_dir = tmp_path / "_sass"
    sass_dir.mkdir()
    (sass_dir / "_base.scss").write_text("$accent: #159957 !default;\n.x { color: $accent; }\n")
    (sass_dir / "_broken.scss").write_text("// partial\n.bad {\n  color: ;\n}\n")
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "_extra.scss").write_text("@mixin pad { padding: 1px; }\n")
    return tmp_path


def test_compiles_with_imports_from_sass_dir(src: Path) -> None:
    scss = '$accent: red;\n@import "base";\nnav { a { color: darken(#fff, 10%); } }\n'
    css = compile_scss(scss, path="assets/css/style.scss", include_paths=sass_include_paths(src))
    assert css == ".x {\n  color: red;\n}\n\nnav a {\n  color: #e6e6e6;\n}\n"


def test_styles_and_load_paths(src: Path) -> None:
    config = {"sass": {"load_paths": ["vendor"]}}
    paths = sass_include_paths(src, config)
    assert paths == [str(src / "_sass"), str(src / "vendor")]
    css = compile_scss(
        '@import "extra";\np { @include pad; }',
        path="a.scss",
        include_paths=paths,
        style="compressed",
    )
    assert css == "p{padding:1px}\n"


def test_indented_sass_by_extension() -> None:
    assert compile_scss("p\n  margin: 0\n", path="assets/x.sass") == "p {\n  margin: 0;\n}\n"


def test_error_line_counts_front_matter() -> None:
    with pytest.raises(BuildError) as caught:
        compile_scss("a {\n  b: $nope;\n}\n", path="assets/css/style.scss", line_offset=3)
    assert str(caught.value) == 'assets/css/style.scss:5: Sass error: Undefined variable: "$nope".'


def test_error_in_partial_names_the_partial(src: Path) -> None:
    with pytest.raises(BuildError) as caught:
        compile_scss('@import "broken";', path="a.scss", include_paths=sass_include_paths(src))
    assert (
        str(caught.value)
        == f"{src}/_sass/_broken.scss:3: Sass error: style declaration must contain a value"
    )


def test_missing_import(src: Path) -> None:
    with pytest.raises(BuildError) as caught:
        compile_scss('\n@import "nowhere";', path="a.scss", include_paths=sass_include_paths(src))
    assert (
        str(caught.value)
        == "a.scss:2: Sass error: File to import not found or unreadable: nowhere."
    )


def test_unknown_style_compiles_expanded_as_jekyll_does() -> None:
    expanded = compile_scss("a { b { c: d; } }", path="a.scss", style="expanded")
    assert expanded == "a b {\n  c: d;\n}\n"
    for style in (":expanded", ":compressed", "fancy"):  # jekyll-now's `style: :expanded` is the string ":expanded"
        assert compile_scss("a { b { c: d; } }", path="a.scss", style=style) == expanded


def test_theme_stylesheet_import_is_skipped_with_a_warning(src: Path) -> None:
    from sitegen.errors import drain_warnings

    drain_warnings()
    scss = '$base-font-size: 18px;\n@import "minima";\n@import "base";\n.PageNavigation { width: auto; }\n'
    css = compile_scss(scss, path="assets/main.scss", include_paths=sass_include_paths(src), line_offset=3)
    assert ".x {" in css and ".PageNavigation {" in css
    assert [str(w) for w in drain_warnings()] == [
        "assets/main.scss:5: Sass: 'minima' is the theme's stylesheet, which is not installed; its @import is skipped"]
    (src / "_sass" / "minima").mkdir()
    (src / "_sass" / "minima" / "_base.scss").write_text(".vendored { a: b; }\n")
    css = compile_scss('@import "minima/base";\n', path="a.scss", include_paths=sass_include_paths(src))
    assert css == ".vendored {\n  a: b;\n}\n" and drain_warnings() == []  # a site's own copy is used
    with pytest.raises(BuildError, match="File to import not found or unreadable: mystery"):
        compile_scss('@import "mystery";\n', path="a.scss", include_paths=sass_include_paths(src))
