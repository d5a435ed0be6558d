"""Front matter splitting, YAML errors at their file line, and Jekyll date parsing."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from sitegen.errors import BuildError
from sitegen.frontmatter import has_front_matter, parse_date, parse_source

UTC = ZoneInfo("UTC")


def test_split_with_line_numbers() -> None:
    doc = parse_source(b"---\ntitle: Hi\ntags: [a, b]\n---\nBody line\n", "a.md", "src/a.md")
    assert doc.front_matter == {"title": "Hi", "tags": ["a", "b"]}
    assert doc.body == "Body line\n"
    assert doc.body_offset == 4
    assert doc.line_of_key("tags") == 3
    assert doc.line_of_key("missing") == 1


def test_no_front_matter_and_empty_front_matter() -> None:
    assert parse_source(b"# Title\n", "a.md", "a.md").front_matter is None
    doc = parse_source(b"---\n---\nx", "a.md", "a.md")
    assert doc.front_matter == {} and doc.body == "x" and doc.body_offset == 2


def test_bom_and_crlf() -> None:
    doc = parse_source(b"\xef\xbb\xbf---\r\ntitle: t\r\n---\r\nbody", "a.md", "a.md")
    assert doc.front_matter == {"title": "t"} and doc.body == "body"


def test_has_front_matter() -> None:
    assert has_front_matter(b"---\nx: 1\n---\n")
    assert has_front_matter(b"---  \r\n")
    assert not has_front_matter(b"----\n")
    assert not has_front_matter(b"# hi\n---\n")


def test_malformed_yaml_names_its_line() -> None:
    with pytest.raises(BuildError) as info:
        parse_source(b"---\ntitle: ok\ntags: [a, b\nlayout: post\n---\n", "a.md", "src/a.md")
    assert str(info.value).startswith("src/a.md:4: invalid YAML front matter: did not find expected")


def test_front_matter_must_be_a_mapping() -> None:
    with pytest.raises(BuildError, match=r"^src/a.md:2: front matter: expected a mapping of keys, got list$"):
        parse_source(b"---\n- a\n---\n", "a.md", "src/a.md")


@pytest.mark.parametrize("value, expected", [
    ("2024-01-02", datetime(2024, 1, 2, tzinfo=UTC)),
    ("2024-1-2 10:30", datetime(2024, 1, 2, 10, 30, tzinfo=UTC)),
    ("2024-01-02 10:30:15 +0200", datetime(2024, 1, 2, 8, 30, 15, tzinfo=UTC)),
    ("2024-01-02T10:30:15Z", datetime(2024, 1, 2, 10, 30, 15, tzinfo=UTC)),
    (datetime(2024, 1, 2, 5, tzinfo=timezone(timedelta(hours=-5))), datetime(2024, 1, 2, 10, tzinfo=UTC)),
])
def test_parse_date(value: object, expected: datetime) -> None:
    parsed = parse_date(value, UTC, display="a.md", line=3)
    assert parsed == expected and parsed.tzinfo is UTC


def test_naive_dates_take_the_site_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert parse_date("2024-07-01 12:00", berlin, display="a.md", line=3).utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("value, message", [
    ("2024/01/02", "src/a.md:3: front matter 'date': expected YYYY-MM-DD[ HH:MM[:SS]][ +HH:MM], got '2024/01/02'"),
    ("2024-02-30", "src/a.md:3: front matter 'date': expected YYYY-MM-DD[ HH:MM[:SS]][ +HH:MM], got '2024-02-30'"
                   " (day is out of range for month)"),
    (12, "src/a.md:3: front matter 'date': expected YYYY-MM-DD[ HH:MM[:SS]][ +HH:MM], got 12"),
])
def test_invalid_dates(value: object, message: str) -> None:
    with pytest.raises(BuildError) as info:
        parse_date(value, UTC, display="src/a.md", line=3)
    assert str(info.value) == message


def test_blank_lines_after_the_front_matter_go_with_it_as_in_jekyll() -> None:
    # Jekyll's YAML_FRONT_MATTER_REGEX ends in \s*$\n?: a post's content starts at its first non-blank line
    doc = parse_source(b"---\ntitle: a\n---\n\n \t\r\nText\n\nMore\n", "p.md", "p.md")
    assert doc.body == "Text\n\nMore\n" and doc.body_offset == 5  # body line 1 is file line 6
