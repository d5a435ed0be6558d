"""Jekyll's array filters (where, where_exp, group_by, group_by_exp, sort, push, pop ...)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from liquid.builtin.expressions import BooleanExpression, FilteredExpression, tokenize
from liquid.exceptions import FilterArgumentError
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, Token

from sitegen.liquid_filters import plain, ruby_to_s


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
    return plain(value)


def _as_items(value: object) -> list[object]:
    """Jekyll treats a hash given to where/group_by as its values."""
    value = plain(value)
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
        return prop == ruby_to_s(target)
    values = prop if isinstance(prop, (list, tuple)) else [prop]
    return any(ruby_to_s(item) == ruby_to_s(target) for item in values)


def where(value: object, prop: object, target: object = None) -> object:
    """Jekyll `where`: items whose property equals (or, for arrays, contains) the target."""
    target = plain(target)
    if not plain(prop) or isinstance(target, (list, dict)):
        return value
    return [item for item in _as_items(value) if _matches(item_property(item, str(prop)), target)]


def group_by(value: object, prop: object) -> list[dict[str, object]]:
    """Jekyll `group_by`: [{name, items, size}] in order of first appearance."""
    groups: dict[str, list[object]] = {}
    for item in _as_items(value):
        groups.setdefault(ruby_to_s(item_property(item, str(prop))), []).append(item)
    return [{"name": name, "items": items, "size": len(items)} for name, items in groups.items()]


def _sort_key(value: object) -> tuple[int, Any]:
    """Order numbers, then strings, then anything else, without comparing across types."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    if isinstance(value, dt.datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return (0, stamp.timestamp())
    return (1, ruby_to_s(value))


def sort(value: object, prop: object = None, nils: object = "first") -> list[object]:
    """Jekyll `sort`: by value, or by a property with nils 'first' (default) or 'last'."""
    value = plain(value)
    if value is None:
        raise FilterArgumentError("sort: cannot sort a null object", token=None)
    if isinstance(value, dict):
        return sorted(
            ([key, item] for key, item in value.items()), key=lambda pair: _sort_key(pair[0])
        )
    items = list(value)
    if plain(prop) is None:
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
    return _as_items(value)[int(count) :]


def unshift(value: object, item: object) -> list[object]:
    """Jekyll `unshift`: a new array with item prepended."""
    return [item, *_as_items(value)]


def find(value: object, prop: object, target: object) -> object:
    """Jekyll `find`: the first item `where` would return, or nil."""
    found = where(value, prop, target)
    return found[0] if isinstance(found, list) and found else None


def _parse_expression(parse: Callable[..., Any], context: Any, text: object) -> Any:
    """Parse a where_exp/group_by_exp expression string with the context's environment."""
    source = str(plain(text) or "")
    token = Token(TOKEN_EXPRESSION, source, 0, source)
    return parse(context.env, TokenStream(tokenize(source, token)))


def where_exp(value: object, variable: object, expression: object, *, context: Any) -> list[object]:
    """Jekyll `where_exp`: items for which the condition holds with `variable` bound to each."""
    condition = _parse_expression(BooleanExpression.parse, context, expression)
    found = []
    for item in _as_items(value):
        with context.extend({str(variable): item}):
            if condition.evaluate(context):
                found.append(item)
    return found


def group_by_exp(
    value: object, variable: object, expression: object, *, context: Any
) -> list[dict]:
    """Jekyll `group_by_exp`: group_by on the value of a Liquid expression per item."""
    key_expression = _parse_expression(FilteredExpression.parse, context, expression)
    groups: dict[str, list[object]] = {}
    for item in _as_items(value):
        with context.extend({str(variable): item}):
            groups.setdefault(ruby_to_s(key_expression.evaluate(context)), []).append(item)
    return [{"name": name, "items": items, "size": len(items)} for name, items in groups.items()]
