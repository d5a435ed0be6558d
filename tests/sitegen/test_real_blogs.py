"""Real GitHub Pages blogs with their own layouts build as Jekyll builds them (tests/fixtures/real_blogs/)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest

from sitegen.check import check_site
from tests.fixtures.real_blogs import BLOGS, Built, PageFacts, visible_text


# --- lilianweng/lil-log: minima-based, own layouts/includes/_sass, baseurl, kramdown math + TOC + IALs ---

@pytest.fixture(scope="module")
def lil_log(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(BLOGS / "lil-log", tmp_path_factory.mktemp("real"))


def test_lil_log_pages_at_jekyll_urls(lil_log: Built) -> None:
    assert lil_log.warnings == []
    for rel in ["index.html", "2017/06/24/hello-world.html", "2017/08/20/from-GAN-to-WGAN.html", "tags.html",
                "archive.html", "FAQ.html", "contact.html", "tag/gan.html", "tag/math-heavy.html",
                "assets/css/main.css", "assets/images/GAN.png", "feed.xml"]:
        assert (lil_log.out / rel).is_file(), rel
    assert not (lil_log.out / "sitemap.xml").exists()  # jekyll-sitemap is not among its plugins
    post = PageFacts(lil_log.page("2017/08/20/from-GAN-to-WGAN.html"))
    assert post.title == "From GAN to WGAN" and post.h1 == "From GAN to WGAN"
    assert "<title>Lil&#39;Log</title>" in lil_log.page("index.html")  # escape, as Ruby's CGI.escapeHTML does


def test_lil_log_kramdown_toc_math_ial(lil_log: Built) -> None:
    html = lil_log.page("2017/08/20/from-GAN-to-WGAN.html")
    ids = PageFacts(html).ids
    toc = re.search(r'<ul class="table-of-content" id="markdown-toc">(.*?)</ul>\s*<h2', html, re.S)
    assert toc, "{: class=...} * TOC {:toc} → <ul class=\"table-of-content\" id=\"markdown-toc\">"
    targets = re.findall(r'href="#([^"]+)"', toc.group(1))
    assert targets[0] == "kullbackleibler-and-jensenshannon-divergence"  # kramdown drops the en dashes
    assert "what-is-the-optimal-value-for-d" in targets and set(targets) <= ids
    assert r'\(p\)' in html and r"\[D_{KL}(p \| q) = \int_x p(x) \log \frac{p(x)}{q(x)} dx\]" in html
    assert "$$" not in visible_text(html.split('itemprop="articleBody"')[1])
    assert '<p style="width: 640px;" class="center"><img src="/lil-log/assets/images/KL_JS_divergence.png"' in html
    assert html.count('<table class="info">') == 2
    # {{ site.baseurl }}{% post_url ... %}#anchor, as the author wrote it
    assert 'href="/lil-log/2017/08/20/from-GAN-to-WGAN.html#kullbackleibler-and-jensenshannon-divergence"' in html
    assert "\\(q\\)’s effect is disregarded" in html  # kramdown's smart quotes after math


def test_lil_log_layouts_includes_and_highlight(lil_log: Built) -> None:
    hello = lil_log.page("2017/06/24/hello-world.html")
    assert 'Built by <a href="https://jekyllrb.com/"' in hello  # _includes/footer.html
    assert 'href="/lil-log/archive.html">&#x1f516; Archive</a>' in hello  # _includes/header.html
    # date_to_xmlschema prints local time (Jekyll's filters call Time#localtime; GitHub Pages builds in UTC)
    assert '<time datetime="2017-06-24T17:52:11+00:00"' in hello and "Jun 24, 2017" in hello
    assert ('<figure class="highlight"><pre><code class="language-ruby" data-lang="ruby">'
            '<table class="rouge-table">') in hello
    assert '<span class="k">def</span>' in hello and '<pre class="lineno">1\n2\n3\n4\n5\n</pre>' in hello
    assert 'class="next" href="/lil-log/2017/08/20/from-GAN-to-WGAN.html">From GAN to WGAN &rarr;</a>' in hello
    home = lil_log.page("index.html")
    assert home.index("From GAN to WGAN") < home.index("Hello World!")
    assert "<blockquote>\n  <p>First dummy post</p>\n</blockquote>" in home  # excerpt up to <!--more-->


def test_lil_log_tag_pages_and_feed(lil_log: Built) -> None:
    tags = visible_text(lil_log.page("tags.html"))
    # site.tags survives the include's `{% assign site.tags = "" %}`
    assert "gan (1) generative-model (1) long-read (1) math-heavy (1)" in tags
    tag = lil_log.page("tag/gan.html")
    assert '<a href="/lil-log/2017/08/20/from-GAN-to-WGAN.html">From GAN to WGAN</a> (20 Aug 2017)' in tag
    assert lil_log.feed_entries() == [("From GAN to WGAN", "/lil-log/2017/08/20/from-GAN-to-WGAN.html"),
                                      ("Hello World!", "/lil-log/2017/06/24/hello-world.html")]
    css = lil_log.page("assets/css/main.css")
    assert ".table-of-content li {" in css and "@import" not in css and "$grey-color" not in css


def test_lil_log_links_sound(lil_log: Built, tmp_path: Path) -> None:
    assert check_site(lil_log.out, baseurl="/lil-log") == []
    # the same through the CLI, which reads the baseurl from the blog's _config.yml
    root = Path(__file__).resolve().parents[2]
    args = ["--src", str(BLOGS / "lil-log"), "--out", str(tmp_path / "site")]
    built = subprocess.run([sys.executable, "build.py", "build", "--quiet", *args], cwd=root, capture_output=True)
    checked = subprocess.run([sys.executable, "build.py", "check", *args], cwd=root, capture_output=True, text=True)
    assert (built.returncode, checked.returncode) == (0, 0), checked.stdout + checked.stderr
    assert "0 problem(s)" in checked.stdout + checked.stderr


# --- YYYork/YYYork.github.io: theme jekyll-theme-slate, README.md as home page, Markdown without front matter ---

@pytest.fixture(scope="module")
def yyyork(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The site without Study.html, whose clash with Study.md has a test of its own."""
    src = tmp_path_factory.mktemp("src") / "yyyork-slate"
    shutil.copytree(BLOGS / "yyyork-slate", src, ignore=shutil.ignore_patterns("Study.html"))
    return Built(src, tmp_path_factory.mktemp("real"))


def test_yyyork_readme_is_the_home_page(yyyork: Built) -> None:
    home = yyyork.page("index.html")
    assert "<title>欢迎来到我的网站 | 大鸭梨的网站</title>" in home  # jekyll-titles-from-headings, seo
    assert '<h2 id="欢迎来到我的网站">欢迎来到我的网站</h2>' in home  # GFM ids keep CJK letters
    assert "<li>积极向上</li>" in home and '<code class="language-plaintext highlighter-rouge">2264117533</code>' in home
    nav = home.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav) == [("/", "Home"), ("/Study.html", "York 学习记录")]
    assert "<blockquote>\n  <p>欢迎来找我玩~\n<strong>Friendship is Magic!</strong></p>\n</blockquote>" in home
    assert not (yyyork.out / "README.md").exists() and not (yyyork.out / "README.html").exists()
    assert (yyyork.out / "SOURCE.txt").read_bytes() == (yyyork.src / "SOURCE.txt").read_bytes()


def test_yyyork_markdown_without_front_matter_is_a_page(yyyork: Built) -> None:
    study = yyyork.page("Study.html")
    assert "<title>York 学习记录 | 大鸭梨的网站</title>" in study
    sources = [unquote(src) for src in re.findall(r'<img src="([^"]+)"', study)]
    assert sources == ["icons/QQ截图20210904122241.png", "icons/ComputerHelper.png"]
    assert (yyyork.out / "icons" / "QQ截图20210904122241.png").is_file()


def test_yyyork_only_the_authors_broken_image_is_reported(yyyork: Built) -> None:
    # the README's ./icons/myicon1.gif is missing in the original repository too (the GIF sits at the top level)
    assert [w.split(": ", 1)[1] for w in yyyork.warnings] == ["missing local image './icons/myicon1.gif'"]
    assert check_site(yyyork.out) == ["index.html: broken image './icons/myicon1.gif' (no such file)"]


def test_yyyork_conflict_warns_like_jekyll(tmp_path: Path) -> None:
    """Study.md and Study.html both go to /Study.html: Jekyll warns "Conflict" and writes the static file last."""
    built = Built(BLOGS / "yyyork-slate", tmp_path)
    assert any("Study.html" in w and "Study.md" in w for w in built.warnings), built.warnings
    assert (built.out / "Study.html").read_bytes() == (BLOGS / "yyyork-slate" / "Study.html").read_bytes()


# --- AndreiRegiani/andreiregiani.github.io: Jekyll Now (style.scss + _sass, includes), `permalink: /:title/`,
# `baseurl` written as a full URL, `sass.style: :expanded`, its own RSS feed.xml ---

POSTS = ["hello-world-blogging-from-the-terminal", "django-tips-automating-database-tasks",
         "python-bypass-cloudflare-verifying-browser-in-requests"]


@pytest.fixture(scope="module")
def regiani(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(BLOGS / "regiani-jekyll-now", tmp_path_factory.mktemp("real"))


def test_regiani_pages_at_jekyll_urls(regiani: Built) -> None:
    titles = ["Hello world! Blogging from the terminal", "Django tips: automating database tasks",
              "Python: Bypass CloudFlare 'Verifying Browser' in Requests"]
    for slug, title in zip(POSTS, titles):
        assert f'<article class="post">\n  <h1>{title}</h1>' in regiani.page(f"{slug}/index.html")
    django = regiani.page("django-tips-automating-database-tasks/index.html")
    assert "<title>Django tips: automating database tasks – Andrei Regiani – Tech Blog</title>" in django
    # pages follow the site's trailing-slash permalink, so Jekyll Now's 404.md lands in 404/index.html
    for rel in ["about/index.html", "resume/index.html", "404/index.html", "index.html", "sitemap.xml"]:
        regiani.page(rel)
    assert not (regiani.out / "404.html").exists() and not (regiani.out / "README.md").exists()
    rss = ET.fromstring(regiani.page("feed.xml").encode("utf-8"))  # the blog's own RSS template, not jekyll-feed
    assert rss.tag == "rss" and [item.findtext("title") for item in rss.iter("item")] == [
        "Python: Bypass CloudFlare 'Verifying Browser' in Requests", "Django tips: automating database tasks",
        "Hello world! Blogging from the terminal"]
    assert rss.find("channel/item/link").text == f"https://regiani.xyz/{POSTS[2]}/"


def test_regiani_markdown_includes_and_sass(regiani: Built) -> None:
    django = regiani.page("django-tips-automating-database-tasks/index.html")
    assert ('<div class="language-python highlighter-rouge"><div class="highlight"><pre class="highlight"><code>'
            '<span class="kn">import</span>') in django
    assert "Written on September 22, 2016" in django  # _layouts/post.html
    hello = regiani.page("hello-world-blogging-from-the-terminal/index.html")
    assert "<del>the dinosaurs have scaped! DEFCON 2</del> <em>my website has been set up correctly</em>" in hello
    flare = regiani.page("python-bypass-cloudflare-verifying-browser-in-requests/index.html")
    assert '<a href="https://github.com/Anorov/cloudflare-scrape" target="_blank">cloudflare-scrape</a>' in flare
    # _includes/analytics.html: replace: "'", "\\'" is Ruby's gsub, so the JavaScript string stays valid
    assert "'title': 'Python: Bypass CloudFlare \\'Verifying Browser\\' in Requests'" in flare
    assert '<meta name="author" content="Andrei Regiani" />' in flare  # _includes/meta.html
    assert '<a href="mailto:andrei.cpp@gmail.com"><i class="svg-icon email"></i></a>' in flare
    assert "svg-icon facebook" not in flare  # empty footer-links are skipped
    css = regiani.page("style.css")
    assert "@media screen and (max-width: 640px)" in css and ".highlight .kn {" in css
    assert ".svg-icon.email {" in css and "@import" not in css and "$darkGray" not in css


def test_regiani_url_baseurl_kept(regiani: Built) -> None:
    assert regiani.warnings == []
    hello = regiani.page("hello-world-blogging-from-the-terminal/index.html")
    assert '<a href="https://regiani.xyz/about">About</a>' in hello
    assert '<img src="https://regiani.xyz/images/blog/1.jpg" alt="_config.yml" />' in hello
    # the site is served at the domain's root; only the author's relative favicon links break (as on GitHub Pages)
    favicons = [f"{page}: broken link 'favicon-{size}.png' (no such file)"
                for page in sorted(["about/index.html", "resume/index.html", "404/index.html"]
                                   + [f"{slug}/index.html" for slug in POSTS])
                for size in ("32x32", "16x16")]
    assert sorted(check_site(regiani.out)) == sorted(favicons)


# --- heiswayi/hn-barebone: jekyll-compress-html layout, {% seo %}, timezone, `permalink: /:title`, includes ---

@pytest.fixture(scope="module")
def barebone(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(BLOGS / "hn-barebone", tmp_path_factory.mktemp("real"))


def test_hn_barebone_urls_and_compressed_html(barebone: Built) -> None:
    assert barebone.warnings == []
    for rel in ["index.html", "about.html", "somehwere-in-2019.html", "image-caption-using-liquid-syntax.html",
                "markdown-cheatsheet.html", "sitemap.xml"]:
        barebone.page(rel)
    assert not (barebone.out / "feed.xml").exists()  # the theme links one, but jekyll-feed is not enabled
    post = barebone.page("image-caption-using-liquid-syntax.html")
    # the compress layout dropped <head>/<body>, closing </p>/</li> and runs of whitespace
    assert post.startswith('<!DOCTYPE html><html lang="en"><meta charset="utf-8">')
    outside_pre = re.sub(r"<pre.*?</pre>", "", post, flags=re.S)
    assert "</p>" not in post and "<body>" not in post and "\n" not in outside_pre.strip()
    assert PageFacts(post).title == "Image caption implementation in Jekyll site using Liquid syntax | Barebone Jekyll"
    assert '<meta property="article:published_time" content="2020-02-03T00:00:00+08:00" />' in post  # timezone
    home = visible_text(barebone.page("index.html"))
    assert ("2020 Markdown Cheatsheet Feb·03 Image caption implementation in Jekyll site using Liquid syntax Feb·03 "
            "2019 Lorem Ipsum of Somewhere in 2019 Dec·01") in home


def test_hn_barebone_includes_raw_and_markdown(barebone: Built) -> None:
    post = barebone.page("image-caption-using-liquid-syntax.html")
    assert ('<figure> <a href="https://i.imgur.com/7yOUCeG.jpg"> <img src="https://i.imgur.com/7yOUCeG.jpg" '
            'alt="Image with caption: Fossil Creek Reservoir, Fort Collins, CO" /> </a><figcaption><span>Fossil Creek '
            "Reservoir, Fort Collins, CO</span></figcaption></figure>") in post
    assert ('<a href="https://heiswayi.nrird.com/photography"> <img src="https://i.imgur.com/7yOUCeG.jpg"' in post)
    code = unescape(re.sub(r"<[^>]+>", "", " ".join(re.findall(r"<pre.*?</pre>", post, flags=re.S))))
    assert "{% if include.caption %}\n<figure>" in code  # {% raw %} kept the Liquid as text
    assert '{%\n    include figure.html \n    src="https://i.imgur.com/7yOUCeG.jpg" \n' in code
    cheat = barebone.page("markdown-cheatsheet.html")
    ids = PageFacts(cheat).ids
    assert {"h1-heading", "fn:1", "fn:longnote", "fnref:1", "fnref:longnote"} <= ids
    assert "<del>Strike through this text.</del>" in cheat
    assert cheat.count("<table>") == 2 and re.search(r'<th style="text-align: right">Option', cheat)
    assert '<img src="http://octodex.github.com/images/dojocat.jpg" alt="Alt text" title="The Dojocat"' in cheat
    assert "<pre class=\"highlight\"><code>// Some comments\nline 1 of code\n" in cheat


def test_hn_barebone_links(barebone: Built) -> None:
    # the only broken links are the original's: every page links /feed.xml, which no plugin generates
    pages = ["about.html", "image-caption-using-liquid-syntax.html", "index.html", "markdown-cheatsheet.html",
             "somehwere-in-2019.html"]
    assert sorted(check_site(barebone.out)) == [f"{page}: broken link '/feed.xml' (no such file)"
                                                for page in pages]
