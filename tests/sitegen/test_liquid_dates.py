"""Ruby strftime and Jekyll's date filters."""

from __future__ import annotations

import datetime as dt

from sitegen import liquid_dates as d

WHEN = dt.datetime(2018, 10, 3, 9, 5, 7, tzinfo=dt.UTC)
ZONED = dt.datetime(2018, 10, 13, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def test_ruby_strftime_conversions() -> None:
    fmt = "%-d|%e|%d|%b|%B|%a|%A|%^b|%y|%Y|%H|%I|%l|%-l|%M|%S|%p|%P|%j|%-m|%m|%F|%T"
    assert d.ruby_strftime(WHEN, fmt) == (
        "3| 3|03|Oct|October|Wed|Wednesday|OCT|18|2018|09|09| 9|9|05|07|AM|am|276|10|10"
        "|2018-10-03|09:05:07"
    )


def test_ruby_strftime_zones_and_padding() -> None:
    assert d.ruby_strftime(ZONED, "%z %:z %::z") == "+0200 +02:00 +02:00:00"
    assert d.ruby_strftime(WHEN, "%_d|%05d|%10A|%%") == " 3|00003| Wednesday|%"
    assert d.ruby_strftime(WHEN, "%s") == "1538557507"


def test_to_datetime_inputs() -> None:
    assert d.to_datetime("2018-10-13") == dt.datetime(2018, 10, 13, tzinfo=dt.UTC)
    assert d.to_datetime(dt.date(2018, 10, 13)) == dt.datetime(2018, 10, 13, tzinfo=dt.UTC)
    assert d.to_datetime("2018-10-13 22:00:00 +0200") == ZONED
    assert d.to_datetime("Oct 13, 2018").day == 13
    assert d.to_datetime(0) == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    assert d.to_datetime("not a date") is None
    assert d.to_datetime(None) is None
    assert d.to_datetime(True) is None


def test_date_filter() -> None:
    assert (
        d.date_filter("2018-10-13 22:00:00 +0200", "%Y-%m-%d %H:%M %z") == "2018-10-13 22:00 +0200"
    )
    assert d.date_filter("not a date", "%Y") == "not a date"
    assert d.date_filter(WHEN, "") == WHEN
    assert d.date_filter(None, "%Y") is None


def test_jekyll_date_filters() -> None:
    assert d.date_to_xmlschema(dt.date(2018, 10, 13)) == "2018-10-13T00:00:00+00:00"
    assert d.date_to_xmlschema(ZONED) == "2018-10-13T22:00:00+02:00"
    assert d.date_to_rfc822(dt.date(2018, 10, 13)) == "Sat, 13 Oct 2018 00:00:00 +0000"
    assert d.date_to_string(WHEN) == "03 Oct 2018"
    assert d.date_to_string(WHEN, "ordinal") == "3rd Oct 2018"
    assert d.date_to_string(WHEN, "ordinal", "US") == "Oct 3rd, 2018"
    assert d.date_to_long_string(ZONED) == "13 October 2018"
    assert d.date_to_long_string(ZONED, "ordinal", "US") == "October 13th, 2018"
    assert d.date_to_string(dt.date(2018, 10, 22), "ordinal") == "22nd Oct 2018"
    assert d.date_to_string(dt.date(2018, 10, 11), "ordinal") == "11th Oct 2018"
    assert d.date_to_xmlschema(None) is None
