"""Whole builds of small sites: URLs, generated pages, determinism, atomic output, the CLI."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.config import read_config
from sitegen.content import read_page
from sitegen.errors import BuildError
from sitegen.frontmatter import parse_source
from sitegen.pipeline import build
from sitegen.render import rewrite_md_links
from sitegen.scan import SourceEntry
from tests.fixtures.sites import BLOG, read_tree, write_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    return write_site(tmp_path / "src", BLOG)


def test_theme_blog_outputs(blog: Path, tmp_path: Path) -> None:
    result = build(blog, tmp_path / "out", quiet=True, jobs=1)
    tree = read_tree(tmp_path / "out")
    for rel in ["index.html", "about/index.html", "2024/01/02/first-post.html", "2024/03/04/third.html",
                "tags/ml/index.html", "tags/notes/index.html", "tags/index.html", "404.html", "feed.xml",
                "sitemap.xml", "assets/dot.png", "assets/style.css", "assets/theme/css/theme.css"]:
        assert rel in tree, rel
    assert tree["assets/dot.png"] == b"png"
    second = tree["2024/02/03/second-post.html"].decode()
    assert 'href="/2024/01/02/first-post.html"' in second  # post_url
    # jekyll-relative-links rewrites a page's link to a post's source (posts' own .md links only on request)
    assert 'href="/2024/01/02/first-post.html"' in tree["about/index.html"].decode()
    assert "First post" in second and "Third" in second  # previous / next
    home = tree["index.html"].decode()
    assert home.index("Third") < home.index("Second post") < home.index("First post")
    assert result.warnings == []


def test_rebuild_is_byte_identical(blog: Path, tmp_path: Path) -> None:
    build(blog, tmp_path / "a", quiet=True, jobs=1)
    build(blog, tmp_path / "b", quiet=True, jobs=2)
    assert read_tree(tmp_path / "a") == read_tree(tmp_path / "b")


def test_parallel_build_equals_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = dict(BLOG)
    for day in range(1, 29):
        files[f"_posts/2023-05-{day:02d}-post-{day}.md"] = f"---\ntags: [t{day % 3}]\n---\nPost {day}.\n\n```python\nx = {day}\n```\n"
    src = write_site(tmp_path / "src", files)
    monkeypatch.setattr("sitegen.render.PARALLEL_MIN_TASKS", 4)
    build(src, tmp_path / "serial", quiet=True, jobs=1)
    build(src, tmp_path / "parallel", quiet=True, jobs=2)
    assert read_tree(tmp_path / "serial") == read_tree(tmp_path / "parallel")


def test_failed_build_leaves_previous_output(blog: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(blog, out, quiet=True, jobs=1)
    before = read_tree(out)
    write_site(blog, {"_posts/2024-04-05-broken.md": "---\ntitle: [oops\n---\nBody\n"})
    with pytest.raises(BuildError, match=r"_posts/2024-04-05-broken.md:3: invalid YAML front matter"):
        build(blog, out, quiet=True, jobs=1)
    assert read_tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_sources_sharing_a_destination_warn_like_jekyll(blog: Path, tmp_path: Path) -> None:
    write_site(blog, {"about.html": "---\npermalink: /about/\n---\nOther page\n", "a.md": "# A\n",
                      "a.html": "<p>static</p>\n"})
    result = build(blog, tmp_path / "out", quiet=True, jobs=1)
    assert [str(w) for w in result.warnings] == [
        f"{blog}/about.md: destination 'about/index.html' is shared with {blog}/about.html (Jekyll writes this file)",
        f"{blog}/a.html: destination 'a.html' is shared with {blog}/a.md (Jekyll writes this file)"]
    assert (tmp_path / "out/a.html").read_text() == "<p>static</p>\n"
    assert "About" in (tmp_path / "out/about/index.html").read_text()
    write_site(blog, {"assets/theme/css/theme.css": "mine"})
    with pytest.raises(BuildError, match=r"^<theme>: writes 'assets/theme/css/theme.css', which .*theme.css writes too"):
        build(blog, tmp_path / "out", quiet=True, jobs=1)


def test_own_layouts_nest_through_liquid(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {
        "_config.yml": "title: Own\n",
        "_layouts/base.html": "<html><title>{{ page.title }} - {{ site.title }}</title>{{ content }}</html>\n",
        "_layouts/post.html": "---\nlayout: base\n---\n<article>{{ content }}</article>\n",
        "_posts/2020-01-01-hello.md": "---\nlayout: post\ntitle: Hello\n---\nHi *there*\n",
        "index.html": "---\nlayout: base\ntitle: Home\n---\n{% for post in site.posts %}<a href=\"{{ post.url }}\">{{ post.title }}</a>{% endfor %}\n",
    })
    build(src, tmp_path / "out", quiet=True, jobs=1)
    tree = read_tree(tmp_path / "out")
    post = tree["2020/01/01/hello.html"].decode()
    assert post.startswith("<html><title>Hello - Own</title><article><p>Hi <em>there</em></p>")
    assert '<a href="/2020/01/01/hello.html">Hello</a>' in tree["index.html"].decode()
    assert "feed.xml" not in tree and "404.html" not in tree and "tags/index.html" not in tree


def test_cli_build_and_error_exit(blog: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "build.py", "build", "--src", str(blog), "--out", str(out), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "index.html").is_file()
    write_site(blog, {"_posts/2024-05-06-bad-date.md": "---\ndate: 2024/05/06\n---\nx\n"})
    done = subprocess.run([sys.executable, "build.py", "--src", str(blog), "--out", str(out), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().endswith("_posts/2024-05-06-bad-date.md:2: front matter 'date': expected "
                                        "YYYY-MM-DD[ HH:MM[:SS]][ +HH:MM], got '2024/05/06'")
    assert "Traceback" not in done.stderr


def test_runs_become_pages_and_media(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests/fixtures/runs/experiments", tmp_path / "experiments")
    src = write_site(tmp_path / "site_src", {**BLOG, "_config.yml": BLOG["_config.yml"] + "runs_dir: ../experiments/runs\n"})
    result = build(src, tmp_path / "out", quiet=True, jobs=1)
    tree = read_tree(tmp_path / "out")
    assert "runs/index.html" in tree and "runs/mmnist_cond-20261125-120000/index.html" in tree
    media = [rel for rel in tree if rel.startswith("assets/runs/mmnist_cond-20261125-120000/")]
    assert media and all(tree[rel] for rel in media)
    assert any("broken-20261125-140000/run.json" in str(w) for w in result.warnings)
    again = build(src, tmp_path / "out", quiet=True, jobs=1)
    assert again.rendered == () and again.warnings == result.warnings
    (src / "about.md").write_text(BLOG["about.md"] + "\nMore.\n")
    edited = build(src, tmp_path / "out", quiet=True, jobs=1)
    assert edited.rendered and edited.warnings == result.warnings


def test_feed_is_atom_and_sitemap_lists_pages(blog: Path, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    build(blog, tmp_path / "out", quiet=True, jobs=1)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((tmp_path / "out/feed.xml").read_bytes())
    assert feed.tag == f"{atom}feed"
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries] == ["Third", "Second post", "First post"]
    assert entries[2].find(f"{atom}link").get("href") == "https://example.org/2024/01/02/first-post.html"
    assert "<p>The first paragraph.</p>" in entries[2].find(f"{atom}content").text
    sitemap = (tmp_path / "out/sitemap.xml").read_text()
    assert "<loc>https://example.org/about/</loc>" in sitemap and "404" not in sitemap


def test_liquid_links_sass_and_theme_fallback(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {
        "_config.yml": "title: T\ntheme: minima\n",
        "_posts/2024-01-02-a.md": "---\ntitle: A\n---\n[b]({% post_url 2024-01-03-b %}) "
                                  "[about]({{ site.baseurl }}{% link about.md %})\n",
        "_posts/2024-01-03-b.md": "---\ntitle: B\n---\nB\n",
        "about.md": "---\ntitle: About\n---\nAbout\n",
        "_sass/_vars.scss": "$fg: #123456;\n",
        "assets/main.scss": "---\n---\n@import \"vars\";\nbody { color: $fg; }\n",
    })
    result = build(src, tmp_path / "out", quiet=True, jobs=1)
    post = (tmp_path / "out/2024/01/02/a.html").read_text()
    assert 'href="/2024/01/03/b.html"' in post and 'href="/about.html"' in post
    assert "color: #123456" in (tmp_path / "out/assets/main.css").read_text()
    assert [str(w) for w in result.warnings] == [
        f"{src}/_config.yml:2: 'theme': theme 'minima' is not installed; using the built-in slate-like theme"]


def test_drafts_only_with_the_flag(blog: Path, tmp_path: Path) -> None:
    write_site(blog, {"_drafts/idea.md": "---\ntitle: Idea\ndate: 2024-05-05\n---\nDraft\n"})
    build(blog, tmp_path / "out", quiet=True, jobs=1)
    assert not (tmp_path / "out/2024/05/05/idea.html").exists()
    build(blog, tmp_path / "out", quiet=True, jobs=1, drafts=True)
    assert (tmp_path / "out/2024/05/05/idea.html").is_file()
    assert "<title type=\"html\">Idea</title>" in (tmp_path / "out/feed.xml").read_text()
    write_site(blog, {"_config.yml": BLOG["_config.yml"] + "show_drafts: true\n"})
    build(blog, tmp_path / "out2", quiet=True, jobs=1)
    assert (tmp_path / "out2/2024/05/05/idea.html").is_file()


def test_md_links_in_code_stay_as_written(tmp_path: Path) -> None:
    text = "[a](b.md) `[c](b.md)`\n\n```\n[d](b.md)\n```\n\n[e]: ./b.md#x\n"
    doc = parse_source(text.encode(), "docs/a.md", "docs/a.md")
    page = read_page(SourceEntry("docs/a.md", tmp_path / "a.md", 0, 0), doc,
                     config=read_config(tmp_path), display="docs/a.md")
    out = rewrite_md_links(text, page, {"docs/b.md": "/docs/b.html"}, "/base")
    assert out == "[a](/base/docs/b.html) `[c](b.md)`\n\n```\n[d](b.md)\n```\n\n[e]: /base/docs/b.html#x\n"


def test_writer_claims_swaps_and_keeps(tmp_path: Path) -> None:
    from sitegen.writer import SiteWriter

    out = tmp_path / "out"
    first = SiteWriter(out, in_place=False, keep_files=(".git",))
    first.claim("a/index.html", "src/a.md")
    with pytest.raises(BuildError, match=r"^src/b.md: writes 'a/index.html', which src/a.md writes too$"):
        first.claim("a/index.html", "src/b.md")
    with pytest.raises(BuildError, match="outside the output folder"):
        first.claim("../escape.html", "src/c.md")
    first.write("a/index.html", b"A")
    first.finish()
    (out / ".git").mkdir()
    second = SiteWriter(out, in_place=False, keep_files=(".git",))
    second.claim("a/index.html", "src/a.md")
    second.claim("b.html", "src/b.md")
    assert second.keep("a/index.html")
    second.write("b.html", b"B")
    assert read_tree(out) == {"a/index.html": b"A"}  # nothing visible before finish()
    second.finish()
    assert read_tree(out) == {"a/index.html": b"A", "b.html": b"B"} and (out / ".git").is_dir()
    third = SiteWriter(out, in_place=True)
    third.claim("b.html", "src/b.md")
    third.write("b.html", b"B2")
    third.finish(previous={"a/index.html", "b.html"})
    assert read_tree(out) == {"b.html": b"B2"} and not (out / "a").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_parallel_layouts_that_show_neighbours_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"_config.yml": "title: N\n",
             "_layouts/post.html": "<h1>{{ page.title }}</h1>{{ content }}<aside>{{ page.previous.excerpt }}</aside>\n"}
    for day in range(1, 13):
        files[f"_posts/2023-05-{day:02d}-p{day}.md"] = f"---\nlayout: post\n---\nExcerpt {day}.\n\nRest {day}.\n"
    src = write_site(tmp_path / "src", files)
    monkeypatch.setattr("sitegen.render.PARALLEL_MIN_TASKS", 2)
    build(src, tmp_path / "serial", quiet=True, jobs=1)
    build(src, tmp_path / "parallel", quiet=True, jobs=2)
    assert read_tree(tmp_path / "serial") == read_tree(tmp_path / "parallel")
    assert "<aside><p>Excerpt 4.</p>" in (tmp_path / "parallel/2023/05/05/p5.html").read_text()


def test_github_pages_theme_stylesheet(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {
        "_config.yml": "title: T\nremote_theme: pages-themes/cayman@v0.2.0\n",
        "assets/css/style.scss": "---\n---\n\n@import \"{{ site.theme }}\";\n.x { width: {{ 2 | times: 3 }}px; }\n",
    })
    result = build(src, tmp_path / "out", quiet=True, jobs=1)
    assert ".x {\n  width: 6px;" in (tmp_path / "out/assets/css/style.css").read_text()
    assert [str(w).split(": ", 1)[1] for w in result.warnings] == [
        "'remote_theme': theme 'pages-themes/cayman@v0.2.0' is not installed; using the built-in slate-like theme",
        "Sass: the theme's stylesheet is not installed; its @import is skipped"]
    assert str(result.warnings[1]).startswith(f"{src}/assets/css/style.scss:4: ")


def test_foreign_theme_layouts_fall_back_to_default(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {"_config.yml": "title: T\ntheme: minima\n",
                                        "archive.md": "---\nlayout: archive\ntitle: Archive\n---\nAll posts\n",
                                        "more.md": "---\nlayout: archive\n---\nMore\n"})
    result = build(src, tmp_path / "out", quiet=True, jobs=1)
    assert "All posts" in (tmp_path / "out/archive.html").read_text()
    assert [str(w) for w in result.warnings[1:]] == [
        f"{src}/archive.md:2: layout 'archive' is not in the built-in theme; using 'default' (and 1 more)"]
    again = build(src, tmp_path / "out", quiet=True, jobs=1)
    assert again.warnings == result.warnings


def test_kramdown_heading_options_from_config(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {"_config.yml": "title: T\nkramdown:\n  auto_id_prefix: h-\n",
                                        "about.md": "---\ntitle: About\n---\n## Some Heading\n"})
    build(src, tmp_path / "out", quiet=True, jobs=1)
    assert 'id="h-some-heading"' in (tmp_path / "out/about.html").read_text()
    (src / "_config.yml").write_text("title: T\nkramdown:\n  auto_ids: maybe\n")
    with pytest.raises(BuildError, match=rf"^{src}/_config.yml:2: kramdown.auto_ids: expected"):
        build(src, tmp_path / "out", quiet=True, jobs=1)


def test_excerpt_cut_inside_a_highlight_block_builds(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {"_posts/2024-01-02-code.md": "---\ntitle: Code\n---\n{% highlight python %}\n"
                                        "x = 1\n\ny = 2\n{% endhighlight %}\n\nText [ref][r].\n\n[r]: /about/\n"})
    build(src, tmp_path / "out", quiet=True, jobs=1)
    summary = (tmp_path / "out/feed.xml").read_text().split("<summary", 1)[1].split("</summary>", 1)[0]
    assert "x = 1" in summary and "y = 2" not in summary


def test_builds_in_fresh_processes_are_byte_identical(blog: Path, tmp_path: Path) -> None:
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "build.py", "--src", str(blog), "--out", str(out), "--quiet"],
                              cwd=ROOT, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        trees.append(read_tree(out))
    assert trees[0] == trees[1]


GOLDEN = ROOT / "tests/fixtures/sites/golden"


def test_golden_site(tmp_path: Path) -> None:
    """The whole built tree of a small Jekyll site, byte for byte; `make golden` rewrites it for review in the diff."""
    result = build(GOLDEN / "src", tmp_path / "out", quiet=True, jobs=1)
    assert result.warnings == []
    built = read_tree(tmp_path / "out")
    if os.environ.get("SITEGEN_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN / "expected", ignore_errors=True)
        shutil.copytree(tmp_path / "out", GOLDEN / "expected")
    assert built == read_tree(GOLDEN / "expected")


def test_the_builder_never_imports_torch(blog: Path, tmp_path: Path) -> None:
    code = ("import sys; from sitegen.pipeline import build; "
            f"build({str(blog)!r}, {str(tmp_path / 'out')!r}, quiet=True, jobs=1); "
            "sys.exit(1 if 'torch' in sys.modules or 'vdiff' in sys.modules else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("argv", [["-s", "x", "--drafts", "build"], ["build", "--source", "x", "--drafts"],
                                  ["--src", "x", "--drafts"]])
def test_cli_options_before_or_after_the_command(argv: list[str]) -> None:
    spec = importlib.util.spec_from_file_location("build_cli", ROOT / "build.py")
    cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli)
    args = cli._parser().parse_args(argv)
    assert (args.src, args.out, args.drafts, args.jobs) == (Path("x"), Path("_site"), True, None)


def test_output_inside_the_source_is_not_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_site(tmp_path, {"_posts/2024-01-01-a.md": "---\ntitle: A\n---\nHi\n", "README.md": "# Home\n"})
    monkeypatch.chdir(tmp_path)
    build(Path("."), Path("public"), quiet=True, jobs=1)
    again = build(Path("."), Path("public"), quiet=True, jobs=1)
    assert again.pages_written == 0 and not (tmp_path / "public/public").exists()


def test_a_fresh_clone_builds_its_site(tmp_path: Path) -> None:
    """What `make site` runs, on a clone: everything the site needs is committed and it builds."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    done = subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", str(clone)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "build.py", "build", "--quiet"], cwd=clone, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (clone / "_site/index.html").is_file() and (clone / "_site/feed.xml").is_file()
