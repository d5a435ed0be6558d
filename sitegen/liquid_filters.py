"""Jekyll's Liquid filters (jekyll/filters.rb and url_filters.rb) as plain Python functions."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from typing import Any, Callable
from urllib.parse import quote, quote_plus, urlsplit

from liquid import is_undefined
from liquid.builtin.expressions import BooleanExpression, FilteredExpression, tokenize
from liquid.exceptions import FilterArgumentError
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, Token

from sitegen.liquid_dates import (
    date_filter,
    date_to_long_string,
    date_to_rfc822,
    date_to_string,
    date_to_xmlschema,
)

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Characters Addressable's normalize leaves alone in a URL (reserved + unreserved + '%').
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~"


def _plain(value: object) -> object:
    """Map Liquid's Undefined to None so filters see Ruby's nil."""
    return None if is_undefined(value) else value


def _lead(part: str) -> str:
    """Jekyll's ensure_leading_slash (empty stays empty)."""
    return part if not part or part.startswith("/") else "/" + part


def relative_url(value: object, baseurl: str | None) -> str | None:
    """Jekyll `relative_url`: prefix baseurl, keep absolute URLs, percent-encode like Addressable."""
    value = _plain(value)
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
    value = _plain(value)
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
    value = _plain(value)
    if value is None:
        return ""
    return html.escape(str(value), quote=False).replace('"', "&quot;")


def cgi_escape(value: object) -> str:
    """Jekyll `cgi_escape` (Ruby CGI.escape): form encoding, space as '+'."""
    return quote_plus(str(_plain(value) or ""), safe="")


def uri_escape(value: object) -> str:
    """Jekyll `uri_escape`: percent-encode what is not allowed in a URI, keep reserved characters."""
    return quote(str(_plain(value) or ""), safe="!*'();:@&=+$,/?#[]%~")


_SLUG_PATTERNS = {
    "raw": r"\s+",
    "default": r"[\W_]+",
    "pretty": r"[^\w.~!$&'()+,;=@]+",
    "ascii": r"[^a-zA-Z0-9]+",
}


def slugify(value: object, mode: object = None, cased: object = False) -> str | None:
    """Jekyll `slugify` with modes none/raw/default/pretty/ascii/latin (lowercase unless cased)."""
    value = _plain(value)
    if value is None:
        return None
    text = str(value)
    mode = str(mode) if _plain(mode) else "default"
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
        if isinstance(obj, dt.datetime):
            return obj.strftime("%Y-%m-%d %H:%M:%S ") + (obj.strftime("%z") or "+0000")
        if isinstance(obj, dt.date):
            return obj.isoformat()
        if is_undefined(obj):
            return None
        return str(obj)

    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"), default=fallback)


def _ruby_inspect(value: object) -> str:
    """Approximate Ruby's #inspect for Liquid data."""
    value = _plain(value)
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_ruby_inspect(k)}=>{_ruby_inspect(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_ruby_inspect(item) for item in value) + "]"
    return str(value)


def ruby_to_s(value: object) -> str:
    """How Ruby Liquid prints a value in `{{ }}`: arrays joined, hashes inspected, Time#to_s."""
    value = _plain(value)
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


def normalize_whitespace(value: object) -> str:
    """Jekyll `normalize_whitespace`: runs of whitespace to one space, stripped."""
    return re.sub(r"\s+", " ", str(_plain(value) or "")).strip()


_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def number_of_words(value: object, mode: object = None) -> int:
    """Jekyll `number_of_words`; 'cjk' and 'auto' count each CJK character as a word."""
    text = str(_plain(value) or "")
    if mode in ("cjk", "auto"):
        cjk = len(_CJK_CHARS.findall(text))
        if mode == "cjk" or cjk:
            return cjk + len(_CJK_CHARS.sub(" ", text).split())
    return len(text.split())


def array_to_sentence_string(value: object, connector: object = "and") -> str:
    """Jekyll `array_to_sentence_string`: 'a, b, and c'."""
    items = [str(item) for item in (_plain(value) or [])]
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
    text = html.unescape(str(_plain(value) or ""))
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    text = html.escape(_smart_quotes(text), quote=False)
    return text


def item_property(item: object, prop: str) -> object:
    """Jekyll's item_property: a dict key, with dotted paths ('author.name')."""
    value: object = item
    for part in str(prop).split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, (list, tuple)) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return _plain(value)


def _as_items(value: object) -> list[object]:
    """Jekyll treats a hash given to where/group_by as its values."""
    value = _plain(value)
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.values())
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _matches(prop: object, target: object) -> bool:
    """Jekyll's compare_property_vs_target."""
    if target is None:
        return prop is None
    if isinstance(prop, str):
        return prop == _to_s(target)
    values = prop if isinstance(prop, (list, tuple)) else [prop]
    return any(_to_s(item) == _to_s(target) for item in values)


def _to_s(value: object) -> str:
    """Ruby's to_s for Liquid scalars."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def where(value: object, prop: object, target: object = None) -> object:
    """Jekyll `where`: items whose property equals (or, for arrays, contains) the target."""
    target = _plain(target)
    if not _plain(prop) or isinstance(target, (list, dict)):
        return value
    return [item for item in _as_items(value) if _matches(item_property(item, str(prop)), target)]


def group_by(value: object, prop: object) -> list[dict[str, object]]:
    """Jekyll `group_by`: [{name, items, size}] in order of first appearance."""
    groups: dict[str, list[object]] = {}
    for item in _as_items(value):
        groups.setdefault(_to_s(item_property(item, str(prop))), []).append(item)
    return [{"name": name, "items": items, "size": len(items)} for name, items in groups.items()]


def _sort_key(value: object) -> tuple[int, Any]:
    """Order numbers, then strings, then anything else, without comparing across types."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    if isinstance(value, dt.datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return (0, stamp.timestamp())
    return (1, _to_s(value))


def sort(value: object, prop: object = None, nils: object = "first") -> list[object]:
    """Jekyll `sort`: by value, or by a property with nils 'first' (default) or 'last'."""
    value = _plain(value)
    if value is None:
        raise FilterArgumentError("sort: cannot sort a null object", token=None)
    if isinstance(value, dict):
        return sorted(([key, item] for key, item in value.items()), key=lambda pair: _sort_key(pair[0]))
    items = list(value)
    if _plain(prop) is None:
        return sorted(items, key=_sort_key)
    if nils not in ("first", "last"):
        msg = f"sort: nils order expected 'first' or 'last', got '{nils}'"
        raise FilterArgumentError(msg, token=None)
    present = [item for item in items if item_property(item, str(prop)) is not None]
    missing = [item for item in items if item_property(item, str(prop)) is None]
    present.sort(key=lambda item: _sort_key(item_property(item, str(prop))))
    return missing + present if nils == "first" else present + missing


def push(value: object, item: object) -> list[object]:
    """Jekyll `push`: a new array with item appended."""
    return [*_as_items(value), item]


def pop(value: object, count: object = 1) -> list[object]:
    """Jekyll `pop`: a new array without its last `count` items."""
    items = _as_items(value)
    return items[: max(len(items) - int(count), 0)]


def shift(value: object, count: object = 1) -> list[object]:
    """Jekyll `shift`: a new array without its first `count` items."""
    return _as_items(value)[int(count):]


def unshift(value: object, item: object) -> list[object]:
    """Jekyll `unshift`: a new array with item prepended."""
    return [item, *_as_items(value)]


def to_integer(value: object) -> int:
    """Jekyll `to_integer`."""
    value = _plain(value)
    if isinstance(value, bool):
        return int(value)
    try:
        return int(float(str(value)))
    except ValueError:
        return 0


def find(value: object, prop: object, target: object) -> object:
    """Jekyll `find`: the first item `where` would return, or nil."""
    found = where(value, prop, target)
    return found[0] if isinstance(found, list) and found else None


def _parse_expression(parse: Callable[..., Any], context: Any, text: object) -> Any:
    """Parse a where_exp/group_by_exp expression string with the context's environment."""
    source = str(_plain(text) or "")
    token = Token(TOKEN_EXPRESSION, source, 0, source)
    return parse(context.env, TokenStream(tokenize(source, token)))


def where_exp(value: object, variable: object, expression: object, *, context: Any) -> list[object]:
    """Jekyll `where_exp`: items for which the Liquid condition holds with `variable` bound to each."""
    condition = _parse_expression(BooleanExpression.parse, context, expression)
    found = []
    for item in _as_items(value):
        with context.extend({str(variable): item}):
            if condition.evaluate(context):
                found.append(item)
    return found


def group_by_exp(value: object, variable: object, expression: object, *, context: Any) -> list[dict]:
    """Jekyll `group_by_exp`: group_by on the value of a Liquid expression per item."""
    key_expression = _parse_expression(FilteredExpression.parse, context, expression)
    groups: dict[str, list[object]] = {}
    for item in _as_items(value):
        with context.extend({str(variable): item}):
            groups.setdefault(ruby_to_s(key_expression.evaluate(context)), []).append(item)
    return [{"name": name, "items": items, "size": len(items)} for name, items in groups.items()]


def static_filters() -> dict[str, Callable[..., Any]]:
    """Filters that need nothing from the site (the URL and markdown ones are bound by the renderer)."""
    return {
        "date": date_filter, "date_to_xmlschema": date_to_xmlschema,
        "date_to_rfc822": date_to_rfc822, "date_to_string": date_to_string,
        "date_to_long_string": date_to_long_string, "xml_escape": xml_escape,
        "cgi_escape": cgi_escape, "uri_escape": uri_escape, "slugify": slugify,
        "jsonify": jsonify, "inspect": inspect, "normalize_whitespace": normalize_whitespace,
        "number_of_words": number_of_words, "array_to_sentence_string": array_to_sentence_string,
        "smartify": smartify, "where": where, "group_by": group_by, "sort": sort, "push": push,
        "pop": pop, "shift": shift, "unshift": unshift, "to_integer": to_integer, "find": find,
    }
