"""YAML front matter: split it from the body, parse it with line numbers, and parse dates."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo

import yaml

from sitegen.errors import BuildError



class YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML loader whose impossible timestamps (2024-13-01) stay strings, for a proper date error."""


def _timestamp(loader: YamlLoader, node: yaml.Node) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
# Jekyll's YAML_FRONT_MATTER_REGEX ends in `\s*$\n?`: the blank lines after the closing `---` go with it.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)(?:[ \t]*\r?\n)*", re.DOTALL)
_KEY = re.compile(r"^([A-Za-z0-9_][^:#\n]*?)[ \t]*:(?:[ \t]|$)", re.MULTILINE)
_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T\t]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"[ \t]*(Z|[+-]\d{2}:?\d{2}|[+-]\d{1,2})?$"
)
DATE_EXPECTED = "YYYY-MM-DD[ HH:MM[:SS]][ +HH:MM]"


def content_hash(data: bytes) -> str:
    """A short stable digest of file content (BLAKE2b, 16 bytes, hex)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(slots=True)
class SourceDoc:
    """A source file split into front matter (None when it has none) and body, with line numbers."""

    rel_path: str
    front_matter: dict | None
    body: str
    body_offset: int
    source_hash: str
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of_key(self, key: str) -> int:
        """File line of a top-level front matter key (1 when absent: the opening `---`)."""
        return self.key_lines.get(key, 1)


def has_front_matter(head: bytes) -> bool:
    """True when a file starts with a `---` line (Jekyll's has_yaml_header?)."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"---") and head[3:].lstrip(b" \t")[:1] in (b"\n", b"\r")


def parse_source(data: bytes, rel_path: str, display: str) -> SourceDoc:
    """Split and parse one source file; malformed YAML raises BuildError at its line."""
    text = data.decode("utf-8-sig", errors="replace")
    digest = content_hash(data)
    match = _FRONT_MATTER.match(text)
    if not match:
        return SourceDoc(rel_path, None, text, 0, digest)
    yaml_text = match.group(1) or ""
    front_matter = _load_front_matter(yaml_text, display)
    body = text[match.end():]
    offset = text.count("\n", 0, match.end())
    if not text[:match.end()].endswith("\n"):
        offset += 1
    key_lines = {m.group(1): yaml_text.count("\n", 0, m.start()) + 2 for m in _KEY.finditer(yaml_text)}
    return SourceDoc(rel_path, front_matter, body, offset, digest, key_lines)


def _load_front_matter(yaml_text: str, display: str) -> dict:
    try:
        data = yaml.load(yaml_text, Loader=YamlLoader) if yaml_text.strip() else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 2 if mark else 1
        raise BuildError(display, line, f"invalid YAML front matter: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BuildError(display, 2, f"front matter: expected a mapping of keys, got {type(data).__name__}")
    return {str(key): value for key, value in data.items()}


def parse_date(value: object, tz: tzinfo, *, display: str, line: int, key: str = "date") -> datetime:
    """A front matter/file-name date as an aware datetime in the site's zone."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        parsed = _parse_date_string(value.strip(), display=display, line=line, key=key)
    else:
        raise BuildError(display, line, f"front matter '{key}': expected {DATE_EXPECTED}, got {value!r}")
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=tz)
    return parsed.astimezone(tz)


def _parse_date_string(text: str, *, display: str, line: int, key: str) -> datetime:
    match = _DATE.match(text)
    problem = f"front matter '{key}': expected {DATE_EXPECTED}, got {text!r}"
    if not match:
        raise BuildError(display, line, problem)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        parsed = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                          int(second or 0), int((fraction or "0")[:6].ljust(6, "0")))
    except ValueError as exc:
        raise BuildError(display, line, f"{problem} ({exc})") from None
    if zone:
        parsed = parsed.replace(tzinfo=_parse_zone(zone))
    return parsed


def _parse_zone(zone: str) -> tzinfo:
    if zone == "Z":
        return timezone.utc
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
