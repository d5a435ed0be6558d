"""Link checker over a built site folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.check import check_site, scan_site

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _write(root: Path, rel: str, text: str | bytes) -> None:
    """Write one file of the fake _site/."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small built site whose links all resolve."""
    _write(tmp_path, "index.html", """<html><head><link rel="stylesheet" href="/assets/main.css">
<link rel="preconnect" href="/nowhere"><script src="assets/app.js"></script></head><body id="top">
<a href="/2024/01/02/post.html#intro">post</a> <a href="about">about (extensionless)</a>
<a href="/tags/ml/">tag</a> <a href="tags/ml">tag dir</a> <a href="#top">top</a> <a href="#sec">sec</a>
<h2 id="sec">Sec</h2> <a href="https://example.com/x">ext</a> <a href="mailto:a@b.c">mail</a>
<img src="/img/a.png" srcset="/img/a.png 1x, img/a%20b.png 2x"><a href="">empty</a>
<video src="/v/clip.mp4" poster="/img/a.png"><source src="/v/clip.mp4"></video>
<a href="/feed.xml">feed</a> <a href="./about.html?x=1#me">q</a></body></html>""")
    _write(tmp_path, "about.html", '<p><a name="me"></a><a href="index.html">home</a></p>')
    _write(tmp_path, "2024/01/02/post.html", '<h2 id="intro">I</h2><a href="../../../index.html">up</a>'
           '<img src="../../../img/a.png">')
    _write(tmp_path, "tags/ml/index.html", '<a href="../../about.html#me">about</a>')
    _write(tmp_path, "assets/main.css", "body{}")
    _write(tmp_path, "assets/app.js", "")
    _write(tmp_path, "feed.xml", "<feed/>")
    _write(tmp_path, "img/a.png", PNG)
    _write(tmp_path, "img/a b.png", PNG)
    _write(tmp_path, "v/clip.mp4", b"\x00\x00\x00\x18ftypmp42")
    return tmp_path


def test_clean_site_has_no_problems(site: Path):
    report = scan_site(site)
    assert report.problems == []
    assert report.pages == 4
    assert report.external_links == 2
    assert report.internal_links > 15
    assert "0 problems" in report.summary()


def test_broken_links_anchors_and_images(site: Path):
    _write(site, "broken.html", """<a href="/missing.html">m</a><a href="about.html#nope">a</a>
<a href="#gone">g</a><img src="/img/fake.png"><img srcset="/img/none.png 2x"><a href="../../etc/passwd">x</a>
<a href="/missing.html">again</a>""")
    _write(site, "img/fake.png", "not a png")
    assert check_site(site) == [
        "broken.html: broken link '/missing.html' (no such file)",
        "broken.html: broken link 'about.html#nope' (no id 'nope' in about.html)",
        "broken.html: broken link '#gone' (no id 'gone' in broken.html)",
        "broken.html: broken image '/img/fake.png' (not a png image)",
        "broken.html: broken image '/img/none.png' (no such file)",
        "broken.html: broken link '../../etc/passwd' (outside the site)",
    ]


def test_baseurl_prefix_is_required(tmp_path: Path):
    _write(tmp_path, "index.html", '<a href="/blog/about.html">ok</a><a href="/about.html">bad</a>'
           '<a href="/blog/">home</a>')
    _write(tmp_path, "about.html", "<p>about</p>")
    assert check_site(tmp_path, baseurl="/blog/") == [
        "index.html: broken link '/about.html' (outside baseurl '/blog')"]


def test_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        check_site(tmp_path / "_site")
