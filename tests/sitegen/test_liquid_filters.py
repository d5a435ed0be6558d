"""Jekyll's Liquid filters: golden values from Jekyll's own test suite and documentation."""

from __future__ import annotations

import datetime as dt

import pytest

from sitegen import liquid_collections as c
from sitegen import liquid_filters as f


@pytest.mark.parametrize(
    ("text", "mode", "cased", "expected"),
    [
        ("Working with drafts", None, False, "working-with-drafts"),
        ("  Working with drafts   ", None, False, "working-with-drafts"),
        ("So what is Jekyll, exactly?", None, False, "so-what-is-jekyll-exactly"),
        ("كيف حالك؟", None, False, "كيف-حالك"),
        ("The _config.yml file", None, False, "the-config-yml-file"),
        ("Customizing Git - Git Hooks", None, False, "customizing-git-git-hooks"),
        ("5時〜6時 三・一四", None, False, "5時-6時-三-一四"),
        ("The _config.yml file?", "pretty", False, "the-_config.yml-file"),
        ("The _config.yml file?", "ascii", False, "the-config-yml-file"),
        ("fürtive glance!!!!", "ascii", False, "f-rtive-glance"),
        ("fürtive glance!!!!", "latin", False, "furtive-glance"),
        ("àáçèéíïòóúü", "latin", False, "aaceeiioouu"),
        ("Aあわれ鬱господинZ", "latin", False, "a-z"),
        ("The _config.yml file?", "raw", False, "the-_config.yml-file?"),
        ("The _config.yml file?", "none", False, "The _config.yml file?"),
        ("The _config.yml file?", "pretty", True, "The-_config.yml-file"),
        ("Basic   Usage", None, True, "Basic-Usage"),
        ("💎", None, False, ""),
    ],
)
def test_slugify_matches_jekyll(text: str, mode: str | None, cased: bool, expected: str) -> None:
    assert f.slugify(text, mode, cased) == expected


def test_slugify_nil_is_nil() -> None:
    assert f.slugify(None) is None


def test_url_filters() -> None:
    assert f.relative_url("/about/", "/blog") == "/blog/about/"
    assert f.relative_url("about/", "/blog/") == "/blog/about/"
    assert f.relative_url("/a b/ü", "") == "/a%20b/%C3%BC"
    assert f.relative_url("", "/blog") == "/blog"
    assert f.relative_url("https://x.org/a", "/blog") == "https://x.org/a"
    assert f.relative_url({"url": "/p/"}, "/blog") == "/blog/p/"
    assert f.absolute_url("/p/", "/blog", "https://x.org/") == "https://x.org/blog/p/"
    assert f.absolute_url("", "", "https://x.org") == "https://x.org/"
    assert f.absolute_url("/p/", "/blog", None) == "/blog/p/"
    assert f.relative_url(None, "/blog") is None


def test_escapes() -> None:
    assert f.xml_escape("a & \"b\" <c> 'd'") == "a &amp; &quot;b&quot; &lt;c&gt; 'd'"
    assert f.xml_escape(None) == ""
    assert f.escape("Lil'Log & <b> \"q\"") == "Lil&#39;Log &amp; &lt;b&gt; &quot;q&quot;"  # Ruby CGI.escapeHTML
    assert f.escape(None) == "" and f.escape(3) == "3"
    # Ruby Liquid keeps only &letters; and &#digits; (so &frac12; is escaped again)
    assert f.escape_once("a &amp; b &#39; &frac12; & 'c'") == "a &amp; b &#39; &amp;frac12; &amp; &#39;c&#39;"
    assert f.cgi_escape("foo, bar; baz?*") == "foo%2C+bar%3B+baz%3F%2A"
    assert f.uri_escape("foo, bar \\baz?") == "foo,%20bar%20%5Cbaz?"


def test_replace_expands_ruby_gsub_escapes() -> None:
    # jekyll-now's analytics include: {{ page.title | replace: "'", "\\'" }} must give \' (valid JavaScript)
    assert f.replace("a 'b' c", "'", "\\\\'") == "a \\'b\\' c"
    assert f.replace("a-b-c", "-", "[\\0]") == "a[-]b[-]c" and f.replace("x.y", ".", "\\'") == "xyy"
    assert f.replace("a-b-c", "-", "+") == "a+b+c" and f.replace_first("a-b-c", "-", "\\&\\&") == "a--b-c"
    assert f.replace("abc", "", "-") == "-a-b-c-" and f.replace(None, "a", "b") == ""


def test_jsonify_and_inspect() -> None:
    data = {"a": [1, "x", None, True], "d": dt.datetime(2018, 10, 13, tzinfo=dt.UTC)}
    assert f.jsonify(data) == '{"a":[1,"x",null,true],"d":"2018-10-13 00:00:00 +0000"}'
    assert f.inspect({"a": [1, None]}) == "{&quot;a&quot;=&gt;[1, nil]}"


def test_ruby_to_s() -> None:
    assert f.ruby_to_s(["a", ["b", 1]]) == "ab1"
    assert f.ruby_to_s(dt.datetime(2018, 10, 13, 9, 5)) == "2018-10-13 09:05:00 +0000"
    assert f.ruby_to_s({"k": "v"}) == '{"k"=>"v"}'
    assert f.ruby_to_s(False) == "false"
    assert f.ruby_to_s(None) == ""


def test_words_and_sentences() -> None:
    assert f.number_of_words("one two\nthree  four") == 4
    assert f.number_of_words("日本語 ok", "cjk") == 4
    assert f.number_of_words("plain words", "auto") == 2
    assert f.normalize_whitespace("  a \n\t b  ") == "a b"
    assert f.array_to_sentence_string(["a"]) == "a"
    assert f.array_to_sentence_string(["a", "b"]) == "a and b"
    assert f.array_to_sentence_string(["a", "b", "c"]) == "a, b, and c"
    assert f.array_to_sentence_string(["a", "b", "c"], "or") == "a, b, or c"
    assert f.array_to_sentence_string([]) == ""


def test_split_as_ruby() -> None:
    assert f.split("y|x|", "|") == ["y", "x"]
    assert f.split("  a  b ", " ") == ["a", "b"]
    assert f.split("a,,b,,", ",") == ["a", "", "b"]
    assert f.split("abc", "") == ["a", "b", "c"]
    assert f.split(None, ",") == []


def test_smartify() -> None:
    assert f.smartify('"Hi" -- it\'s a test... --- <ok>') == (
        "\u201cHi\u201d \u2013 it\u2019s a test\u2026 \u2014 &lt;ok&gt;"
    )


POSTS = [
    {"title": "a", "tags": ["x", "y"], "n": 2, "author": {"name": "Ann"}},
    {"title": "b", "tags": ["y"], "n": None, "author": {"name": "Bob"}},
    {"title": "c", "tags": [], "n": 1, "author": {"name": "Ann"}},
]


def _titles(items: object) -> list[str]:
    return [item["title"] for item in items]  # type: ignore[index, union-attr]


def test_where_and_find() -> None:
    assert _titles(c.where(POSTS, "tags", "y")) == ["a", "b"]
    assert _titles(c.where(POSTS, "author.name", "Ann")) == ["a", "c"]
    assert _titles(c.where(POSTS, "n", 2)) == ["a"]
    assert c.find(POSTS, "title", "c")["n"] == 1
    assert c.find(POSTS, "title", "zzz") is None


def test_group_by() -> None:
    groups = c.group_by(POSTS, "author.name")
    assert [(g["name"], g["size"], _titles(g["items"])) for g in groups] == [
        ("Ann", 2, ["a", "c"]),
        ("Bob", 1, ["b"]),
    ]


def test_sort() -> None:
    assert c.sort([3, 1, 2]) == [1, 2, 3]
    assert _titles(c.sort(POSTS, "n")) == ["b", "c", "a"]
    assert _titles(c.sort(POSTS, "n", "last")) == ["c", "a", "b"]
    assert c.sort({"b": 1, "a": 2}) == [["a", 2], ["b", 1]]


def test_array_filters() -> None:
    assert c.push([1, 2], 3) == [1, 2, 3]
    assert c.pop([1, 2, 3], 2) == [1]
    assert c.shift([1, 2, 3]) == [2, 3]
    assert c.unshift([2], 1) == [1, 2]
    assert f.to_integer("3.7") == 3
    assert f.to_integer("x") == 0
