"""Dates the way Jekyll's Liquid prints them: Ruby's strftime and the date_to_* filters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Ruby strftime: %[flags][width][:]conversion;
# flags - (no padding), _ (space), 0, ^ (upcase), # (swap case).
_DIRECTIVE = re.compile(r"%([-_0^#]*)(\d*)(:{0,2}[a-zA-Z%+])")

# (padding character, width) for numeric conversions; None means "not numeric".
_NUMERIC = {
    "d": ("0", 2),
    "e": (" ", 2),
    "m": ("0", 2),
    "H": ("0", 2),
    "k": (" ", 2),
    "I": ("0", 2),
    "l": (" ", 2),
    "M": ("0", 2),
    "S": ("0", 2),
    "y": ("0", 2),
    "j": ("0", 3),
    "L": ("0", 3),
    "C": ("0", 2),
    "u": ("0", 1),
    "w": ("0", 1),
    "U": ("0", 2),
    "W": ("0", 2),
    "Y": ("0", 1),
    "s": ("0", 1),
    "N": ("0", 9),
}


def to_datetime(value: object) -> dt.datetime | None:
    """A Liquid date input (datetime, date, 'now', string, epoch) as aware datetime (naive: UTC)."""
    moment = _parse_datetime(value)
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def _parse_datetime(value: object) -> dt.datetime | None:
    """Coerce a date input the way Liquid's Utils.to_date does (None when it cannot)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.lower() in ("now", "today"):
        return dt.datetime.now(dt.UTC)
    if text.isdigit():
        return dt.datetime.fromtimestamp(int(text), tz=dt.UTC)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    from dateutil import parser as date_parser  # only free-form strings need it (import cost)

    try:
        return date_parser.parse(text)
    except (ValueError, OverflowError):
        return None


# The integer each numeric conversion prints.
_NUMERIC_VALUES: dict[str, Callable[[dt.datetime], int]] = {
    "d": lambda when: when.day,
    "e": lambda when: when.day,
    "m": lambda when: when.month,
    "H": lambda when: when.hour,
    "k": lambda when: when.hour,
    "I": lambda when: when.hour % 12 or 12,
    "l": lambda when: when.hour % 12 or 12,
    "M": lambda when: when.minute,
    "S": lambda when: when.second,
    "y": lambda when: when.year % 100,
    "Y": lambda when: when.year,
    "j": lambda when: when.timetuple().tm_yday,
    "L": lambda when: when.microsecond // 1000,
    "N": lambda when: when.microsecond * 1000,
    "C": lambda when: when.year // 100,
    "u": lambda when: when.isoweekday(),
    "w": lambda when: when.isoweekday() % 7,
    "U": lambda when: int(when.strftime("%U")),
    "W": lambda when: int(when.strftime("%W")),
    "s": lambda when: int(when.timestamp()),
}


def _utc_offset(when: dt.datetime, colons: int) -> str:
    """Format the UTC offset as +hhmm (colons=0), +hh:mm (1) or +hh:mm:ss (2)."""
    offset = when.utcoffset() or dt.timedelta(0)
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if colons == 0:
        return f"{sign}{hours:02d}{minutes:02d}"
    if colons == 1:
        return f"{sign}{hours:02d}:{minutes:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}:{secs:02d}"


_COMPOSITE = {
    "F": "%Y-%m-%d",
    "T": "%H:%M:%S",
    "D": "%m/%d/%y",
    "R": "%H:%M",
    "r": "%I:%M:%S %p",
    "c": "%a %b %e %H:%M:%S %Y",
    "x": "%m/%d/%y",
    "X": "%H:%M:%S",
    "v": "%e-%^b-%Y",
    "+": "%a %b %e %H:%M:%S %Z %Y",
}


def _text_value(when: dt.datetime, conv: str) -> str | None:
    """Return the text of a non-numeric conversion, or None when unknown."""
    if conv in _COMPOSITE:
        return ruby_strftime(when, _COMPOSITE[conv])
    texts = {
        "a": _DAYS[when.weekday()][:3],
        "A": _DAYS[when.weekday()],
        "b": _MONTHS[when.month - 1][:3],
        "h": _MONTHS[when.month - 1][:3],
        "B": _MONTHS[when.month - 1],
        "p": "AM" if when.hour < 12 else "PM",
        "P": "am" if when.hour < 12 else "pm",
        "Z": when.tzname() or "",
        "%": "%",
        "n": "\n",
        "t": "\t",
        "z": _utc_offset(when, 0),
        ":z": _utc_offset(when, 1),
        "::z": _utc_offset(when, 2),
    }
    return texts.get(conv)


def _convert(when: dt.datetime, flags: str, width: str, conv: str) -> str | None:
    """Expand one strftime directive, or return None for an unknown one."""
    if conv in _NUMERIC:
        pad, default_width = _NUMERIC[conv]
        number = str(_NUMERIC_VALUES[conv](when))
        if "-" in flags:
            return number
        pad = " " if "_" in flags else ("0" if "0" in flags else pad)
        return number.rjust(int(width) if width else default_width, pad)
    text = _text_value(when, conv)
    if text is None:
        return None
    if "^" in flags:
        text = text.upper()
    elif "#" in flags:
        text = text.swapcase()
    return text.rjust(int(width), "0" if "0" in flags else " ") if width else text


def ruby_strftime(when: dt.datetime, fmt: str) -> str:
    """Format `when` with Ruby's strftime rules (%-d, %e, %^b, %:z ...), locale-independent."""

    def replace(match: re.Match[str]) -> str:
        text = _convert(when, match.group(1), match.group(2), match.group(3))
        return match.group(0) if text is None else text

    return _DIRECTIVE.sub(replace, fmt)


def date_filter(value: object, fmt: object = None) -> object:
    """Liquid `date`: format a date input; unparsable input and empty formats pass through."""
    if value is None or value == "":
        return value
    when = to_datetime(value)
    if when is None or not fmt:
        return value
    return ruby_strftime(when, str(fmt))


def date_to_xmlschema(value: object) -> object:
    """Jekyll `date_to_xmlschema`: 2018-10-13T00:00:00+00:00."""
    when = to_datetime(value)
    if when is None:
        return value
    return when.replace(microsecond=0).isoformat()  # = Ruby's Time#xmlschema


def date_to_rfc822(value: object) -> object:
    """Jekyll `date_to_rfc822`: Sat, 13 Oct 2018 00:00:00 +0000."""
    when = to_datetime(value)
    if when is None:
        return value
    return ruby_strftime(when, "%a, %d %b %Y %H:%M:%S %z")


def _ordinal(day: int) -> str:
    """Return 1st, 2nd, 3rd, 4th, 11th, 21st ..."""
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def _stringify_date(value: object, month: str, kind: object, style: object) -> object:
    """Shared body of date_to_string / date_to_long_string (Jekyll's stringify_date)."""
    when = to_datetime(value)
    if when is None:
        return value
    if kind != "ordinal":
        return ruby_strftime(when, f"%d {month} %Y")
    day = _ordinal(when.day)
    if style == "US":
        return ruby_strftime(when, f"{month} ") + f"{day}, {when.year}"
    return f"{day} " + ruby_strftime(when, f"{month} %Y")


def date_to_string(value: object, kind: object = None, style: object = None) -> object:
    """Jekyll `date_to_string`: 13 Oct 2018 ('ordinal' [, 'US']: 13th Oct 2018 / Oct 13th, 2018)."""
    return _stringify_date(value, "%b", kind, style)


def date_to_long_string(value: object, kind: object = None, style: object = None) -> object:
    """Jekyll `date_to_long_string`: 13 October 2018 (ordinal forms as date_to_string)."""
    return _stringify_date(value, "%B", kind, style)
