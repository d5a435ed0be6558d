"""Unknown keys in a config mapping: one message shape project-wide, with the closest valid key."""
from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping
from typing import Any


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The valid choice nearest to `word` (difflib ratio >= 0.5), or None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def check_keys(config_class: type, d: Mapping[str, Any]) -> None:
    """ValueError `Class: unknown key 'k' (did you mean ...)` for the first key not a field of the dataclass."""
    names = [field.name for field in dataclasses.fields(config_class)]
    for key in d:
        if key not in names:
            raise ValueError(f"{config_class.__name__}: unknown key '{key}'{did_you_mean(key, names)}")
