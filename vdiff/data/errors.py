"""Errors for bad data input, and the strict parameter parsing that raises them."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from vdiff.config_keys import did_you_mean

P = TypeVar("P")


class DataError(ValueError):
    """A one-line message about bad data input: names the file or key, the expected and the found value."""


class DataNotFoundError(DataError, FileNotFoundError):
    """A data path that does not exist."""


def unknown_key_error(where: str, key: str, choices: Iterable[str]) -> DataError:
    """The error for a key that is not one of `choices`, with the closest suggestion."""
    valid = sorted(choices)
    return DataError(
        f"{where}: unknown key '{key}'{did_you_mean(key, valid)}; expected one of {', '.join(valid)}"
    )


def _coerce(where: str, name: str, default: Any, value: Any, annotation: str) -> Any:
    """Check `value` against the field's type (its default's, or a str annotation); lists become tuples."""
    optional = annotation.endswith("| None")
    if value is None and optional:
        return value
    expected = str if default is None else type(default)
    if expected is bool:
        ok = isinstance(value, bool)
    elif expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif expected is tuple:
        ok = isinstance(value, (list, tuple))
        value = _to_tuple(value) if ok else value
    else:
        ok = isinstance(value, expected)
    if not ok:
        raise DataError(
            f"{where}.{name}: expected {expected.__name__}, got {type(value).__name__} {value!r}"
        )
    return value


def _to_tuple(value: Any) -> Any:
    """Nested lists to nested tuples (YAML gives lists; frozen dataclasses want tuples)."""
    if isinstance(value, (list, tuple)):
        return tuple(_to_tuple(v) for v in value)
    return value


def parse_params(cls: type[P], params: Mapping[str, Any], *, where: str) -> P:
    """Build the frozen dataclass `cls` from `params`, rejecting unknown keys and wrong types."""
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values = {}
    for key, value in params.items():
        if key not in fields:
            raise unknown_key_error(where, key, fields)
        field = fields[key]
        default = field.default
        if default is dataclasses.MISSING and field.default_factory is not dataclasses.MISSING:
            default = field.default_factory()
        values[key] = _coerce(where, key, None if default is dataclasses.MISSING else default, value, str(field.type))
    missing = [n for n, f in fields.items() if n not in values and f.default is dataclasses.MISSING
               and f.default_factory is dataclasses.MISSING]
    if missing:
        raise DataError(f"{where}: missing required key '{missing[0]}'")
    return cls(**values)


def check_range(where: str, name: str, value: float, *, low: float, high: float | None = None) -> None:
    """Raise a DataError unless low <= value (<= high)."""
    if value < low or (high is not None and value > high):
        bound = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise DataError(f"{where}.{name}: expected a value {bound}, got {value!r}")
