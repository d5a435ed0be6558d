"""Permalink styles, placeholders and output paths, checked against Jekyll's own results."""
from __future__ import annotations

from datetime import datetime

import pytest

from sitegen.permalinks import (expand_style, fill_template, output_path, page_template,
                                post_placeholders, sanitize_url)

DATE = datetime(2024, 1, 2, 3, 4, 5)


@pytest.mark.parametrize("style, url", [
    ("date", "/ml/2024/01/02/hello-world.html"),
    ("pretty", "/ml/2024/01/02/hello-world/"),
    ("ordinal", "/ml/2024/002/hello-world.html"),
    ("weekdate", "/ml/2024/W01/Tue/hello-world.html"),
    ("none", "/ml/hello-world.html"),
    ("/blog/:title/", "/blog/hello-world/"),
    ("/:year/:i_month/:i_day/:slug:output_ext", "/2024/1/2/hello-world.html"),
    ("/:categories/:short_year/:title", "/ml/24/hello-world"),
])
def test_post_styles(style: str, url: str) -> None:
    values = post_placeholders(date=DATE, slug="hello-world", categories=["ML", "ml"], output_ext=".html")
    assert fill_template(expand_style(style), values) == url


def test_no_categories_leaves_no_empty_segment() -> None:
    values = post_placeholders(date=DATE, slug="x", categories=[], output_ext=".html")
    assert fill_template(expand_style("date"), values) == "/2024/01/02/x.html"


@pytest.mark.parametrize("style, is_index, expected", [
    ("date", False, "/:path/:basename:output_ext"),
    ("pretty", False, "/:path/:basename/"),
    ("/:categories/:year/:title.html", False, "/:path/:basename"),
    ("/:year/:title/", False, "/:path/:basename/"),
    ("date", True, "/:path/"),
    ("weekdate", False, "/:path/:basename"),  # not in Jekyll 4's add_permalink_suffix list
])
def test_page_template(style: str, is_index: bool, expected: str) -> None:
    assert page_template(style, output_ext=".html", is_index=is_index) == expected


def test_non_html_page_keeps_its_extension() -> None:
    assert page_template("pretty", output_ext=".xml", is_index=False) == "/:path/:basename:output_ext"


@pytest.mark.parametrize("url, out", [
    ("/", "index.html"), ("/about/", "about/index.html"), ("/about", "about.html"),
    ("/a/b.html", "a/b.html"), ("/caf%C3%A9/", "café/index.html"), ("/feed.xml", "feed.xml"),
])
def test_output_path(url: str, out: str) -> None:
    assert output_path(url, ".xml" if url.endswith(".xml") else ".html") == out


def test_sanitize_url() -> None:
    assert sanitize_url("a//b/../c/./d") == "/a/b/c/d"


def test_title_placeholder_keeps_case() -> None:
    values = post_placeholders(date=DATE, slug="My-Post", categories=[], output_ext=".html")
    assert fill_template("/:title/:slug/", values) == "/My-Post/my-post/"
