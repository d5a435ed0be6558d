"""Jekyll's string and URL Liquid filters (jekyll/filters.rb, url_filters.rb) as functions.

Array filters (where, group_by, sort ...) live in sitegen.liquid_collections, dates in
sitegen.liquid_dates.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
import unicodedata
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Characters Addressable's normalize leaves alone in a URL (reserved + unreserved + '%').
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~"
_RUBY_ESCAPE = re.compile(r"\\([\\0-9&`'])")
# Ruby Liquid's HTML_ESCAPE_ONCE_REGEXP: an entity (kept) or a character to escape.
_ENTITY_OR_SPECIAL = re.compile(r"(&(?:[a-zA-Z]+|#\d+);)|([<>\"'&])")


def plain(value: object) -> object:
    """Liquid's Undefined as None, so filters see Ruby's nil; other values unchanged."""
    # Looked up, not imported: the theme (Jinja2) uses these filters without loading python-liquid,
    # and an Undefined can only exist once python-liquid is loaded.
    undefined = sys.modules.get("liquid.undefined")
    if undefined is not None and isinstance(value, undefined.Undefined):
        return None
    return value


def _lead(part: str) -> str:
    """Jekyll's ensure_leading_slash (empty stays empty)."""
    return part if not part or part.startswith("/") else "/" + part


def relative_url(value: object, baseurl: str | None) -> str | None:
    """Jekyll `relative_url`: prefix baseurl, keep absolute URLs, percent-encode as Addressable."""
    value = plain(value)
    if value is None:
        return None
    if isinstance(value, dict) and "url" in value:
        value = value["url"]
    text = str(value)
    if _SCHEME.match(text):
        return text
    base = (baseurl or "").rstrip("/")
    return quote(_lead(base) + _lead(text), safe=_URL_SAFE)


def absolute_url(value: object, baseurl: str | None, url: str | None) -> str | None:
    """Jekyll `absolute_url`: site url + relative_url; an http(s) URL with no path gets '/'."""
    value = plain(value)
    if value is None:
        return None
    if isinstance(value, dict) and "url" in value:
        value = value["url"]
    if _SCHEME.match(str(value)):
        return str(value)
    relative = relative_url(value, baseurl) or ""
    if not url:
        return relative
    joined = url.rstrip("/") + relative
    if not urlsplit(joined).path and joined.startswith(("http://", "https://")):
        joined += "/"
    return joined


def xml_escape(value: object) -> str:
    """Jekyll `xml_escape`: & < > and double quotes as entities."""
    value = plain(value)
    if value is None:
        return ""
    return html.escape(str(value), quote=False).replace('"', "&quot;")


def escape(value: object) -> str:
    """Liquid `escape` (Ruby's CGI.escapeHTML): & < > " ' as entities, the apostrophe as &#39;."""
    return html.escape(ruby_to_s(value)).replace("&#x27;", "&#39;")


def escape_once(value: object) -> str:
    """Liquid `escape_once`: `escape` that leaves entities already in the text alone."""
    return _ENTITY_OR_SPECIAL.sub(lambda found: found.group(1) or escape(found.group(2)), ruby_to_s(value))


def cgi_escape(value: object) -> str:
    """Jekyll `cgi_escape` (Ruby CGI.escape): form encoding, space as '+'."""
    return quote_plus(str(plain(value) or ""), safe="")


def uri_escape(value: object) -> str:
    """Jekyll `uri_escape`: percent-encode what a URI may not hold, keep reserved characters."""
    return quote(str(plain(value) or ""), safe="!*'();:@&=+$,/?#[]%~")


_SLUG_PATTERNS = {
    "raw": r"\s+",
    "default": r"[\W_]+",
    "pretty": r"[^\w.~!$&'()+,;=@]+",
    "ascii": r"[^a-zA-Z0-9]+",
}


def slugify(value: object, mode: object = None, cased: object = False) -> str | None:
    """Jekyll `slugify` with modes none/raw/default/pretty/ascii/latin (lowercase unless cased)."""
    value = plain(value)
    if value is None:
        return None
    text = str(value)
    mode = str(mode) if plain(mode) else "default"
    if mode == "none":
        return text
    if mode == "latin":
        # I18n.transliterate: accents dropped, other non-ASCII letters become '?'
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(
            ch if ch.isascii() else "?" for ch in decomposed if unicodedata.category(ch) != "Mn"
        )
        mode = "ascii"
    pattern = _SLUG_PATTERNS.get(mode, _SLUG_PATTERNS["default"])
    slug = re.sub(pattern, "-", text).strip("-")
    return slug if cased else slug.lower()


def jsonify(value: object) -> str:
    """Jekyll `jsonify`: compact JSON; dates print as Ruby's Time#to_s."""

    def fallback(obj: Any) -> Any:
        if isinstance(obj, dt.date) and not isinstance(obj, dt.datetime):
            return obj.isoformat()
        return None if plain(obj) is None else ruby_to_s(obj)

    return json.dumps(plain(value), ensure_ascii=False, separators=(",", ":"), default=fallback)


def _ruby_inspect(value: object) -> str:
    """Approximate Ruby's #inspect for Liquid data."""
    value = plain(value)
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{_ruby_inspect(k)}=>{_ruby_inspect(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_ruby_inspect(item) for item in value) + "]"
    return str(value)


def ruby_to_s(value: object) -> str:
    """How Ruby Liquid prints a value in `{{ }}`: arrays joined, hashes inspected, Time#to_s."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S ") + (value.strftime("%z") or "+0000")
    if isinstance(value, (list, tuple)):
        return "".join(ruby_to_s(item) for item in value)
    if isinstance(value, dict):
        return _ruby_inspect(value)
    return str(value)


def inspect(value: object) -> str:
    """Jekyll `inspect`: Ruby inspect, XML-escaped."""
    return xml_escape(_ruby_inspect(value))


def split(value: object, pattern: object = " ") -> list[str]:
    """Liquid `split` as Ruby's String#split: " " splits on whitespace runs; trailing "" dropped."""
    text, separator = ruby_to_s(value), ruby_to_s(pattern)
    if separator == " ":
        return text.split()
    parts = list(text) if separator == "" else text.split(separator)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def _ruby_replacement(replacement: str, found: re.Match[str]) -> str:
    """Expand Ruby gsub's backslash escapes in a replacement: a backslash, the match, the text before/after it."""
    text = found.string
    parts = {"\\": "\\", "0": found.group(0), "&": found.group(0),
             "`": text[:found.start()], "'": text[found.end():]}

    def expand(escape: re.Match[str]) -> str:
        key = escape.group(1)
        return parts.get(key, "" if key.isdigit() else escape.group(0))  # \1..\9: no groups in a plain string

    return _RUBY_ESCAPE.sub(expand, replacement)


def replace(value: object, old: object, new: object = "", *, count: int = 0) -> str:
    """Liquid `replace` (`count=1`: `replace_first`) as Ruby's gsub/sub: backslashes in `new` are gsub escapes."""
    text, old, new = ruby_to_s(value), ruby_to_s(old), ruby_to_s(new)
    if "\\" not in new:
        return text.replace(old, new, count or -1)
    return re.sub(re.escape(old), lambda found: _ruby_replacement(new, found), text, count=count)


def replace_first(value: object, old: object, new: object = "") -> str:
    """Liquid `replace_first` (Ruby's String#sub)."""
    return replace(value, old, new, count=1)


def normalize_whitespace(value: object) -> str:
    """Jekyll `normalize_whitespace`: runs of whitespace to one space, stripped."""
    return re.sub(r"\s+", " ", str(plain(value) or "")).strip()


_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def number_of_words(value: object, mode: object = None) -> int:
    """Jekyll `number_of_words`; 'cjk' and 'auto' count each CJK character as a word."""
    text = str(plain(value) or "")
    if mode in ("cjk", "auto"):
        cjk = len(_CJK_CHARS.findall(text))
        if mode == "cjk" or cjk:
            return cjk + len(_CJK_CHARS.sub(" ", text).split())
    return len(text.split())


def array_to_sentence_string(value: object, connector: object = "and") -> str:
    """Jekyll `array_to_sentence_string`: 'a, b, and c'."""
    items = [str(item) for item in (plain(value) or [])]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return f"{', '.join(items[:-1])}, {connector} {items[-1]}"


def _smart_quotes(text: str) -> str:
    """SmartyPants quotes: opening after start/space/bracket, closing elsewhere."""
    text = re.sub(r"(^|[\s(\[{\u2014\u2013-])\"", "\\1\u201c", text)
    text = text.replace('"', "\u201d")
    text = re.sub(r"(^|[\s(\[{\u2014\u2013-])'", "\\1\u2018", text)
    return text.replace("'", "\u2019")


def smartify(value: object) -> str:
    """Jekyll `smartify`: SmartyPants typography as Unicode, HTML-escaped like kramdown."""
    text = html.unescape(str(plain(value) or ""))
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    text = html.escape(_smart_quotes(text), quote=False)
    return text


def to_integer(value: object) -> int:
    """Jekyll `to_integer`."""
    value = plain(value)
    if isinstance(value, bool):
        return int(value)
    try:
        return int(float(str(value)))
    except ValueError:
        return 0
