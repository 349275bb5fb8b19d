"""Publication dates in the forms people have, read into a ``date``.

:func:`parse_published` accepts, in this order:

1. ``date`` and ``datetime`` objects (a pandas ``Timestamp`` is one); a
   missing value (``None``, ``""``, NaN, ``NaT``) is simply no date;
2. numbers, and strings of 9 or more digits: Unix epoch **seconds**, read in
   UTC; a value of 10^11 or more (13 digits, as JavaScript and Java write
   timestamps) is read as milliseconds, since 10^11 seconds is the year 5138;
3. ISO 8601 (``2016-09-19``, ``2016-09-19T14:30:00Z``, ``20160919``);
4. RFC 2822 / RFC 5322 as in RSS ``pubDate`` and e-mail, and the HTTP date of
   RFC 9110 (``Mon, 19 Sep 2016 14:30:00 +0000``, ``19 Sep 2016 14:30 GMT``),
   through the standard library's :mod:`email.utils`;
5. anything else python-dateutil reads without guessing: ``September 19,
   2016``, ``19 September 2016``, ``Sep. 19, 2016 2:30 PM EST``,
   ``19/09/2016``, ``2016/09/19``.

A date with a time zone is taken as the calendar day **where it was
written**, not converted to UTC: ``Mon, 19 Sep 2016 23:30:00 -0500`` is 19
September, the day on the article's own dateline. Epoch seconds have no zone
of their own and are read in UTC.

Numeric day/month/year
----------------------
An all-numeric date whose first two numbers could each be a day or a month
is read **day first**: ``03/04/2016`` is 3 April 2016. Day-month-year is the
order of most of the world's news sites and of the form users asked for
("day/month/year"); month-first is mostly a US habit, and US feeds carry
RFC 2822 dates (``pubDate``) or ISO dates, not numeric ones. When only one
reading is a real date it is used whichever it is: ``04/13/2016`` can only
be 13 April. A year written first (``2016/04/03``) is always
year-month-day. A two-digit year follows POSIX ``strptime``'s ``%y``, as
:mod:`email.utils` already does for RFC 2822: 69-99 are 1969-1999 and 00-68
are 2000-2068 (dateutil's own rule moves with today's date). A digit string
is a date only as ISO's ``YYYYMMDD`` or as epoch time: ``190916`` could be
19 September 2016 or 16 September 2019, and is refused. Callers whose data is month-first pass ``dayfirst=False``,
or a ``date`` they parsed themselves.

What is refused
---------------
A string missing its year or month (``Monday``, ``19 September``, ``2016``):
dateutil would fill the gap from today's date, which would make the score
depend on the day it was run. A month and year without a day
(``September 2016``) is read as the first of the month. Refused values give
``None`` and a warning starting ``bad_published:``.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from numbers import Real

__all__ = ["parse_published"]

#: Timestamps at or above this are milliseconds: 10^11 s is the year 5138.
EPOCH_MILLISECONDS_FROM = 10**11
#: Digit strings shorter than this are not epoch times: "20160919" is ISO.
EPOCH_MIN_DIGITS = 9
#: Two distinct fill-in dates: a field that dateutil filled in from its
#: default differs between the two parses, so it was missing from the input.
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))
#: Two-digit years from this up are 19xx, below it 20xx: POSIX strptime's %y rule.
TWO_DIGIT_YEAR_PIVOT = 69
_YEAR_FIRST = re.compile(r"^\d{4}\s*[-/.]")
_DIGITS = re.compile(r"[+-]?\d+(?:\.\d+)?")
#: RFC 2822's shape: optional weekday, day, month name, year (e.g. "19 Sep 2016").
_RFC2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}(?:\s|$)")


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    # pandas' missing markers, without importing pandas (NaT is a datetime).
    return type(value).__name__ in ("NaTType", "NAType")


def _from_epoch(seconds: float, original: object) -> tuple[date | None, str | None]:
    if not math.isfinite(seconds):
        return None, None
    if abs(seconds) >= EPOCH_MILLISECONDS_FROM:
        seconds /= 1000.0
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date(), None
    except (OverflowError, OSError, ValueError):
        return None, f"bad_published: {str(original)[:40]!r} is out of range as epoch seconds"


def parse_published(value: object, *, dayfirst: bool = True) -> tuple[date | None, str | None]:
    """The calendar date ``value`` names, and a warning when it names none.

    Returns ``(date, None)``, ``(None, None)`` for a missing value, or
    ``(None, "bad_published: ...")``. Deterministic: nothing is filled in
    from today's date. See the module docstring for the forms and the rule
    for numeric day/month/year.
    """
    if _missing(value):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, bool):
        return None, f"bad_published: unsupported type {type(value).__name__}"
    if isinstance(value, Real):
        return _from_epoch(float(value), value)
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", "replace")
    if not isinstance(value, str):
        return None, f"bad_published: unsupported type {type(value).__name__}"
    text = value.strip()
    bad = f"bad_published: could not read {text[:40]!r} as a date"
    if _DIGITS.fullmatch(text):
        digits = len(text.lstrip("+-").split(".")[0])
        if digits >= EPOCH_MIN_DIGITS:
            return _from_epoch(float(text), text)
        if digits != 8 or not text.isdigit():
            # "190916" could be 19 Sep 2016 or 16 Sep 2019: no digit string
            # but ISO's 8 (YYYYMMDD) names a date unambiguously.
            return None, bad
    try:
        return datetime.fromisoformat(text).date(), None
    except ValueError:
        pass
    if _RFC2822.match(text):
        try:
            return parsedate_to_datetime(text).date(), None
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    return _dateutil(text, dayfirst=dayfirst) or (None, bad)


@lru_cache(maxsize=2)
def _parserinfo(dayfirst: bool):  # -> dateutil.parser.parserinfo, imported lazily
    from dateutil import parser

    class _FixedPivot(parser.parserinfo):
        # dateutil puts a two-digit year within 50 years of today, so "03/04/76"
        # would change meaning with the calendar; POSIX strptime's %y does not.
        def convertyear(self, year: int, century_specified: bool = False) -> int:
            if year < 100 and not century_specified:
                return year + (1900 if year >= TWO_DIGIT_YEAR_PIVOT else 2000)
            return year

    return _FixedPivot(dayfirst=dayfirst)


def _dateutil(text: str, *, dayfirst: bool) -> tuple[date, None] | None:
    from dateutil import parser

    if _YEAR_FIRST.match(text):
        dayfirst = False  # 2016/04/03 is year-month-day, never year-day-month
    parsed = []
    for default in _DEFAULTS:
        try:
            parsed.append(parser.parse(text, parserinfo=_parserinfo(dayfirst), default=default, ignoretz=True))
        except (ValueError, OverflowError, TypeError):
            return None
    first, second = parsed
    if first.year != second.year or first.month != second.month:
        return None  # the year or the month was not in the text
    return first.date().replace(day=first.day if first.day == second.day else 1), None
