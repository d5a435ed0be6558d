"""Real GitHub Pages blogs that name a theme we do not ship, or that GitHub Pages cannot build either."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.check import check_site
from sitegen.errors import BuildError
from sitegen.pipeline import build
from tests.fixtures.real_blogs import BLOGS, Built, PageFacts


# --- 11011110/blog: theme minima with overridden includes/layouts, `@import "minima"`, baseurl, HTML posts ---

@pytest.fixture(scope="module")
def eppstein(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(BLOGS / "11011110", tmp_path_factory.mktemp("real"))


def test_11011110_builds_with_our_theme_in_place_of_minima(eppstein: Built) -> None:
    # the two notes are ours: minima is not installed, so our theme stands in and its Sass import is skipped
    assert [w.split(": ", 1)[1] for w in eppstein.warnings] == [
        "'theme': theme 'minima' is not installed; using the built-in slate-like theme",
        "Sass: 'minima' is the theme's stylesheet, which is not installed; its @import is skipped"]
    css = eppstein.page("assets/main.css")
    assert ".PageNavigation .next {" in css and "table td {" in css
    for rel in ["2005/10/03/making-change.html", "2005/10/11/bad-math.html", "2009/07/27/greed-can-fail.html",
                "2017/12/23/factorial-change-making.html", "2018/04/18/subtraction-games.html", "index.html"]:
        eppstein.page(rel)
    home = eppstein.page("index.html")  # the site's home layout inside our default layout
    assert '<a class="post-link" href="/blog/2018/04/18/subtraction-games.html">' in home
    assert home.index("Subtraction games") < home.index("Factorial change-making") < home.index("Bad Math")
    assert [title for title, _ in eppstein.feed_entries()][:2] == [
        "Subtraction games, the Furstenberg–Sárközy theorem, and R", "Factorial change-making"]


def test_11011110_posts(eppstein: Built) -> None:
    factorial = eppstein.page("2017/12/23/factorial-change-making.html")
    assert '<article class="post" itemscope itemtype="http://schema.org/BlogPosting">' in factorial  # its layout
    assert '<a href="/blog/2009/07/27/greed-can-fail.html">US coins without the nickels</a>' in factorial
    assert ('<p style="text-align:center"><img src="/blog/assets/2017/MatsysMoneylender.jpg" '
            'alt="The Moneylender and his Wife, Quentin Matsys, 1514" /></p>') in factorial
    assert r"\(1, 3, 5, 11, 17, 23, 47, 71, 95, 119, 239, 359, \dots\)" in factorial  # $$…$$ inside a paragraph
    assert "with or without the $2 bill)" in factorial and r"\(r_i+c_j\lt c_{j+1}.\)" in factorial
    subtraction = eppstein.page("2018/04/18/subtraction-games.html")
    # {% highlight C %}: Jekyll lowercases the language
    assert '<code class="language-c" data-lang="c"><span class="cp">#include</span>' in subtraction
    assert '<code class="language-r" data-lang="r"><span class="nf">library</span>' in subtraction
    greed = eppstein.page("2009/07/27/greed-can-fail.html")
    assert greed.count('<a href="/blog/2005/10/03/making-change.html">') == 2  # post_url inside an HTML post
    assert "It&#x27;s too far for me to attend" in eppstein.page("2005/10/11/bad-math.html")


def test_11011110_links(eppstein: Built) -> None:
    # the author's post layout links page.previous.url / page.next.url without /blog (as on the real site)
    order = ["2005/10/03/making-change.html", "2005/10/11/bad-math.html", "2009/07/27/greed-can-fail.html",
             "2017/12/23/factorial-change-making.html", "2018/04/18/subtraction-games.html"]
    expected = []
    for index, page in enumerate(order):
        for neighbour in order[max(index - 1, 0):index] + order[index + 1:index + 2]:
            expected.append(f"{page}: broken link '/{neighbour}' (outside baseurl '/blog')")
    assert sorted(check_site(eppstein.out, baseurl="/blog")) == sorted(expected)


# --- 1blankz7/1blankz7.github.io: a Ghost-theme post layout that GitHub Pages cannot build either ---

def test_cblank_missing_include_stops_the_build_as_jekyll_does(tmp_path: Path) -> None:
    src = BLOGS / "cblank-broken"
    with pytest.raises(BuildError) as caught:
        build(src, tmp_path / "out", quiet=True, jobs=1)
    assert str(caught.value).endswith(
        "cblank-broken/_layouts/post.html:122: include: file 'javascripts.html' not found in _includes/")
    assert not (tmp_path / "out").exists()


def test_cblank_once_the_include_exists(tmp_path: Path) -> None:
    src = tmp_path / "cblank"
    shutil.copytree(BLOGS / "cblank-broken", src)
    shutil.copy(src / "_includes" / "javascript.html", src / "_includes" / "javascripts.html")
    built = Built(src, tmp_path / "out")
    # Jekyll (Liquid's warn mode) also reports the Handlebars left-overs and renders them as nothing
    assert sorted({(w.split(":")[1], w.rsplit(": ", 1)[1]) for w in built.warnings}) == [
        ("105", "unexpected '@' (skipped, as Jekyll does)"), ("25", "unexpected '#' (skipped, as Jekyll does)"),
        ("25", "unexpected '/' (skipped, as Jekyll does)"), ("41", "unexpected '#' (skipped, as Jekyll does)"),
        ("41", "unexpected '/' (skipped, as Jekyll does)"), ("79", "unexpected '/' (skipped, as Jekyll does)")]
    post = built.page("de/2020/12/07/willkommen.html")  # a post under de/ is in category "de"
    assert '<h1 class="post-title">Wilkommen auf meinem Blog!</h1>' in post and "{{" not in post
    assert "<p>Wilkommen auf meinem Blog!</p>" in post
    assert '<time datetime="2020-12-07T00:00:00+00:00">07 Dec 2020' in post
    assert "<!-- , tagged on <span class=\"post-tag-\">, <a href=\"/tag/\"></a></span> -->" in post
    home = built.page("index.html")  # `permalink: /index.html`
    assert '<a href="/index.html">Papers und Publikationen</a>' in home  # {% for page in site.pages %}
    assert '<h1 class="entry-title">Papers und Publikationen</h1>' in home


# --- bruce30262.github.io: remote_theme minimal-mistakes, front matter defaults, `include: [_pages]` ---

@pytest.fixture(scope="module")
def bruce(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(BLOGS / "bruce30262-mm", tmp_path_factory.mktemp("real"))


def test_bruce_urls_from_defaults_and_front_matter(bruce: Built) -> None:
    notes = [w.split(": ", 1)[1] for w in bruce.warnings]  # ours: the theme and its `single` layout are not here
    assert notes[0] == ("'remote_theme': theme 'bruce30262/minimal-mistakes' is not installed; "
                        "using the built-in slate-like theme")
    # one note per missing layout name, counting the other pages that use it (2 posts, 2 pages)
    assert notes[1:] == ["layout 'single' is not in the built-in theme; using 'default' (and 3 more)"]
    home = bruce.page("index.html")  # no index in the sources: our theme's post list
    assert home.index('href="/1255893/"') < home.index('href="/volgactf-2015-quals-math-problem/"')
    math = bruce.page("volgactf-2015-quals-math-problem/index.html")  # defaults: permalink /:title/
    assert "VolgaCTF 2015 Quals" in PageFacts(math).title
    assert ('<div class="language-python highlighter-rouge"><div class="highlight">'
            '<pre class="highlight"><code>') in math
    assert '<code class="language-plaintext highlighter-rouge">{you_count_as_fast_as_a_calculator}</code>' in math
    pdf = bruce.page("1255893/index.html")  # its own `permalink: "/:title/"` uses the file's slug
    code = '<code class="language-plaintext highlighter-rouge">(cat${IFS}$(ls|grep${IFS}33C3))&gt;qqq.log</code>'
    assert code in pdf and 'class="math' not in pdf
    # a GFM list right after a paragraph line
    assert '<li><code class="language-plaintext highlighter-rouge">show</code>: Show the file content.</li>' in pdf
    assert "<h2 id=\"about-me\">About me</h2>" in bruce.page("about/index.html")  # from _pages/
    assert "Due to the site has migrated from hexo to jekyll" in bruce.page("404.html")  # the site's, not ours
    # jekyll-feed smartifies titles: "--" is an en dash there
    assert bruce.feed_entries() == [("33C3 CTF 2016 – pdfmaker", "https://bruce30262.github.io/1255893/"),
                                    ("VolgaCTF 2015 Quals – math problem",
                                     "https://bruce30262.github.io/volgactf-2015-quals-math-problem/")]
    feed = bruce.page("feed.xml")
    assert "<published>2016-12-29T21:05:00+08:00</published>" in feed  # timezone: Asia/Taipei
    assert check_site(bruce.out) == []


def test_bruce_seo_title_as_jekyll_seo_tag(bruce: Built) -> None:
    assert "<title>33C3 CTF 2016 – pdfmaker | Hacking Tube 2.0</title>" in bruce.page("1255893/index.html")
