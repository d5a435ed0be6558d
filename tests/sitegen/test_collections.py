"""Jekyll collections: documents and files of `_<label>/`, their URLs, Liquid, defaults, order, output."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitegen.config import read_config
from sitegen.errors import BuildError
from sitegen.pipeline import build
from tests.fixtures.sites import read_tree, write_site

LISTING = ("---\nlayout: default\n---\n"
           "{% for r in site.recipes %}[{{ r.title }}|{{ r.url }}|{{ r.collection }}|{{ r.excerpt | strip }}]{% endfor %}\n"
           "{% for s in site.staff %}({{ s.name }}:{{ s.output_ext }}){% endfor %}\n"
           "{% for c in site.collections %}<{{ c.label }} {{ c.output }} {{ c.relative_directory }} {{ c.docs.size }}"
           " {{ c.files.size }} {{ c.permalink }}>{% endfor %}\n"
           "docs={{ site.documents.size }} {% for f in site.static_files %}{{ f.path }}:{{ f.collection }} {% endfor %}\n")
SITE = {
    "_config.yml": "title: Cooking\ncollections:\n  recipes:\n    output: true\n  staff: {}\n"
                   "defaults:\n  - scope: {type: recipes}\n    values: {layout: recipe, course: main}\n",
    "_layouts/default.html": "<html>{{ content }}</html>\n",
    "_layouts/recipe.html": "---\nlayout: default\n---\n<h1>{{ page.title }}</h1>{{ page.collection }} {{ page.course }}"
                            " id={{ page.id }} prev={{ page.previous.url }} next={{ page.next.url }}|{{ content }}",
    "index.html": LISTING,
    "about.md": "---\nlayout: default\n---\ncourse={{ page.course }}\n",
    "_posts/2024-03-01-news.md": "---\nlayout: default\n---\nNews.\n",
    "_recipes/soup.md": "---\ntitle: Hot Soup\n---\nHot *soup*.\n\nMore.\n",
    "_recipes/sub/2020-05-06-bread.md": "---\n---\nBread body\n",
    "_recipes/sub/pic.png": b"\x89PNG",
    "_recipes/notes.md": "No front matter: a static file of the collection.\n",
    "_recipes/_private.md": "---\n---\nleft out\n",
    "_staff/ann.md": "---\nname: Ann\nlayout: bio\n---\nAnn's bio.\n",  # not written: its layout is not needed
}


@pytest.fixture(scope="module")
def cooking(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("collections")
    result = build(write_site(root / "src", SITE), root / "out", quiet=True, jobs=1)
    assert result.warnings == []
    return read_tree(root / "out")


def test_output_collection_is_written_at_jekyll_urls(cooking: dict[str, bytes]) -> None:
    assert cooking["recipes/sub/pic.png"] == b"\x89PNG"
    assert "recipes/notes.md" in cooking  # no front matter: copied as it is
    soup = cooking["recipes/soup.html"].decode()  # default permalink /:collection/:path:output_ext
    assert soup.startswith("<html><h1>Hot Soup</h1>recipes main id=/recipes/soup")
    assert "prev= next=/recipes/sub/2020-05-06-bread.html|<p>Hot <em>soup</em>.</p>" in soup
    bread = cooking["recipes/sub/2020-05-06-bread.html"].decode()  # :path keeps the date prefix, as in Jekyll
    assert "<h1>Bread</h1>" in bread and "prev=/recipes/soup.html next=|" in bread  # title from the file name
    assert not any(rel.startswith(("staff", "_staff", "recipes/_private", "_recipes")) for rel in cooking)


def test_liquid_sees_collections(cooking: dict[str, bytes]) -> None:
    index = cooking["index.html"].decode().splitlines()
    # Document#<=> compares dates only when both have one (the bread's is in its file name): else by path
    assert index[0] == ("<html>[Hot Soup|/recipes/soup.html|recipes|<p>Hot <em>soup</em>.</p>]"
                        "[Bread|/recipes/sub/2020-05-06-bread.html|recipes|<p>Bread body</p>]")
    assert index[1] == "(Ann:.html)"  # output: false, still listed with its content
    assert index[2] == ("<posts true _posts 1 0 /:categories/:year/:month/:day/:title:output_ext>"
                        "<recipes true _recipes 2 2 ><staff false _staff 1 0 >")
    assert index[3] == "docs=6 /_recipes/notes.md:recipes /_recipes/sub/pic.png:recipes "
    assert cooking["about.html"] == b"<html><p>course=</p>\n</html>\n"  # defaults for type recipes only


@pytest.mark.parametrize("site_permalink, collection_permalink, soup, bread", [
    ("date", None, "recipes/soup.html", "recipes/sub/2020-05-06-bread.html"),
    ("pretty", None, "recipes/soup/index.html", "recipes/sub/2020-05-06-bread/index.html"),
    ("/:year/:title", None, "recipes/soup.html", "recipes/sub/2020-05-06-bread.html"),  # no suffix: .html added
    ("date", "/r/:title/", "r/soup/index.html", "r/bread/index.html"),
    ("date", "/:collection/:year/:name:output_ext", "recipes/2024/soup.html", "recipes/2020/2020-05-06-bread.html"),
])
def test_collection_permalinks(tmp_path: Path, site_permalink: str, collection_permalink: str | None,
                               soup: str, bread: str) -> None:
    settings = f"\n    permalink: {collection_permalink}" if collection_permalink else ""
    files = {"_config.yml": f"permalink: {site_permalink}\ncollections:\n  recipes:\n    output: true{settings}\n",
             "_posts/2024-03-01-news.md": "---\nlayout: none\n---\nNews.\n",
             "_recipes/soup.md": SITE["_recipes/soup.md"], "_recipes/sub/2020-05-06-bread.md": "---\n---\nBread\n"}
    build(write_site(tmp_path / "src", files), tmp_path / "out", quiet=True, jobs=1)
    assert (tmp_path / "out" / soup).is_file() and (tmp_path / "out" / bread).is_file()


def test_link_names_written_documents_only(tmp_path: Path) -> None:
    files = {**SITE, "index.html": "---\n---\n{% link _recipes/soup.md %}"}
    build(write_site(tmp_path / "src", files), tmp_path / "out", quiet=True, jobs=1)
    assert (tmp_path / "out/index.html").read_text() == "/recipes/soup.html"
    files["index.html"] = "---\n---\n{% link _staff/ann.md %}"  # output: false: Jekyll cannot find it either
    with pytest.raises(BuildError, match="link: no page or post with source path '_staff/ann.md'"):
        build(write_site(tmp_path / "src2", files), tmp_path / "out2", quiet=True, jobs=1)


@pytest.mark.parametrize("setting, href", [("", "../about.md"), ("relative_links: {collections: true}\n", "/about/")])
def test_relative_md_links_in_documents_on_request(tmp_path: Path, setting: str, href: str) -> None:
    # jekyll-relative-links rewrites links in pages; in collections' documents only with `collections: true`
    files = {"_config.yml": f"{setting}collections:\n  recipes:\n    output: true\n",
             "about.md": "---\nlayout: none\npermalink: /about/\n---\nAbout\n",
             "_recipes/soup.md": "---\n---\n[About](../about.md)\n"}
    build(write_site(tmp_path / "src", files), tmp_path / "out", quiet=True, jobs=1)
    assert f'<a href="{href}">About</a>' in (tmp_path / "out/recipes/soup.html").read_text()


def test_posts_collection_permalink(tmp_path: Path) -> None:
    files = {"_config.yml": "permalink: date\ncollections:\n  posts:\n    permalink: /blog/:year/:title/\n",
             "_posts/2024-03-01-news.md": "---\nlayout: none\n---\nNews.\n"}
    build(write_site(tmp_path / "src", files), tmp_path / "out", quiet=True, jobs=1)
    assert (tmp_path / "out/blog/2024/news/index.html").is_file()


def test_order_and_sort_by(tmp_path: Path) -> None:
    files = {"_config.yml": "collections:\n  steps:\n    order: [c.md, a.md]\n  team:\n    sort_by: rank\n",
             "index.html": "---\n---\n{% for s in site.steps %}{{ s.title }} {% endfor %}|"
                           "{% for t in site.team %}{{ t.title }} {% endfor %}",
             **{f"_steps/{name}.md": "---\n---\n" for name in "abcd"},
             "_team/x.md": "---\nrank: 2\n---\n", "_team/y.md": "---\nrank: 1\n---\n", "_team/z.md": "---\n---\n"}
    result = build(write_site(tmp_path / "src", files), tmp_path / "out", quiet=True, jobs=1)
    assert (tmp_path / "out/index.html").read_text() == "C A B D |Y X Z "
    assert [w.msg for w in result.warnings] == ["sort_by: 'rank' not defined (listed after the documents that have it)"]


def test_future_and_unpublished_documents(tmp_path: Path) -> None:
    files = {"_config.yml": "future: false\ncollections:\n  events:\n    output: true\n",
             "index.html": "---\n---\n{% for e in site.events %}{{ e.title }} {% endfor %}",
             "_events/past.md": "---\ndate: 2001-01-01\n---\n", "_events/later.md": "---\ndate: 2999-01-01\n---\n",
             "_events/hidden.md": "---\npublished: false\n---\n"}
    src = write_site(tmp_path / "src", files)
    build(src, tmp_path / "out", quiet=True, jobs=1)
    # future: false: a future document is listed but not written (Jekyll's publisher); an unpublished one is neither
    assert (tmp_path / "out/index.html").read_text() == "Past Later "
    assert (tmp_path / "out/events/past.html").is_file() and not (tmp_path / "out/events/later.html").exists()
    assert not (tmp_path / "out/events/hidden.html").exists()
    build(src, tmp_path / "future", quiet=True, jobs=1, future=True)
    assert (tmp_path / "future/events/later.html").is_file()


def test_collections_dir_holds_posts_and_collections(tmp_path: Path) -> None:
    files = {"_config.yml": "collections_dir: stuff\ncollections: [notes]\npermalink: /:categories/:title/\n",
             "index.html": "---\n---\n{% for p in site.posts %}{{ p.url }} {% endfor %}|{{ site.notes[0].relative_path }}",
             "stuff/_posts/2024-01-01-inside.md": "---\n---\n", "stuff/ml/_posts/2024-01-02-deep.md": "---\n---\n",
             "_posts/2024-01-03-outside.md": "---\n---\n", "stuff/_notes/one.md": "---\n---\n"}
    build(write_site(tmp_path / "src", files), tmp_path / "out", quiet=True, jobs=1)
    assert (tmp_path / "out/index.html").read_text() == "/ml/deep/ /inside/ |_notes/one.md"  # as Jekyll 4 has it


@pytest.mark.parametrize("text, message", [
    ("title: x\ncollections: 5\n",
     "src/_config.yml:2: 'collections': expected a list of labels or a mapping of label → settings, got int 5"),
    ("collections:\n  recipes:\n    output: yes please\n",
     "src/_config.yml:1: 'collections.recipes.output': expected true or false, got str 'yes please'"),
    ("collections:\n  recipes: [a]\n",
     "src/_config.yml:1: 'collections': expected settings of 'recipes' as a mapping, got list ['a']"),
    ("paginate: many\n", "src/_config.yml:1: 'paginate': expected a positive number of posts per page, got str 'many'"),
])
def test_bad_collection_settings_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "_config.yml").write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as info:
        read_config(tmp_path, display_dir="src")
    assert str(info.value) == message


def _edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # coarse clocks: make the change visible


def test_editing_a_document_rebuilds_what_lists_it(tmp_path: Path) -> None:
    files = {**SITE, "index.html": "---\nlayout: default\n---\n{% for r in site.recipes %}{{ r.title }} {% endfor %}",
             "full.html": "---\nlayout: default\n---\n{% for r in site.recipes %}{{ r.content }}{% endfor %}"}
    src, out = write_site(tmp_path / "src", files), tmp_path / "out"
    build(src, out, quiet=True, jobs=1)
    _edit(src / "_recipes/soup.md", "---\ntitle: Hot Soup\n---\nCold *soup*.\n")
    result = build(src, out, quiet=True, jobs=1)
    # the index shows titles only; the neighbour shows the soup's URL only
    assert sorted(result.rendered) == ["full.html", "recipes/soup.html"]
    _edit(src / "_recipes/soup.md", "---\ntitle: Gazpacho\n---\nCold *soup*.\n")
    result = build(src, out, quiet=True, jobs=1)
    # a title edit reaches the lists of titles and the neighbour (its page.next changed)
    assert sorted(result.rendered) == ["full.html", "index.html", "recipes/soup.html",
                                       "recipes/sub/2020-05-06-bread.html"]
    assert "Gazpacho Bread" in (out / "index.html").read_text()
    _edit(src / "_staff/ann.md", "---\nname: Anna\n---\nbio\n")
    assert build(src, out, quiet=True, jobs=1).rendered == ()  # nothing lists the staff
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(src, clean, quiet=True, jobs=1)
    assert read_tree(out) == read_tree(clean)
