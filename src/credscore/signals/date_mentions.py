"""Date and year mentions of a Document, for ``signals.dates``.

Every explicit date or year is found on tokens, never by re-splitting the
text: ISO ``2019-01-09``, ``2019/01/09``, ``09/01/2019`` (day and month order
used only when one of them is over 12; else the year alone), ``09.01.2019``,
"January 9, 2019", "9 January 2019", "Jan. 9, 2019", "9 de enero de 2019",
"May 2024", bare years, ranges ("1950-1953", "2019-20") and decades ("the
1990s", "2010s"). A bare four-digit number is a year only in
``MIN_YEAR``..``MAX_YEAR`` and when its neighbours do not make it a count, a
measure or a label ("1,362 deaths" is one token and no year; "2000 people",
"Resolution 2397", "$2020", "2019 %", "(c) 2024" are not years either, see
``dates_not_year_context.txt``). Regular expressions are applied to single
tokens only, with fixed-length patterns, so none can backtrack.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from ..lexicon import load_tagged

if TYPE_CHECKING:
    from ..document import Document

#: Plausible years: earlier or later four-digit numbers
#: are counts or codes.
MIN_YEAR, MAX_YEAR = 1800, 2100
#: Longest gap, in characters, between the tokens of one date expression
#: ("January 9, 2019": ", " is 2).
MAX_GAP = 3

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR_RANGE = re.compile(r"(\d{4})-(\d{4}|\d{2})")
_DECADE = re.compile(r"(\d{3}0)s")
_DOTTED_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DOTTED_YMD = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})")
_ORDINAL_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
#: Characters right before a number that make it money or a label.
_NOT_YEAR_BEFORE_CHARS = frozenset("$€£¥#№©×")
#: Words allowed between day, month and year ("9 de enero de 2019", "9th of
#: January 2019").
_DATE_CONNECTORS = frozenset({"de", "del", "di", "of"})
#: A token's first character (tokens are never empty).
_FIRST = itemgetter(0)


class Mention(NamedTuple):
    first: int  # first token of the expression
    last: int  # last token (inclusive)
    year: int
    month: int  # 0 when unknown
    day: int  # 0 when unknown
    end_year: int = 0  # last year of a range ("1950-1953"), else 0

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)


@lru_cache(maxsize=1)
def lexicons() -> tuple[dict[str, int], frozenset[str], frozenset[str], dict[str, str], frozenset[str]]:
    months = {name: int(num) for name, num in load_tagged("dates_months").items()}
    context = load_tagged("dates_not_year_context")
    not_after = frozenset(w for w, tag in context.items() if tag == "after")
    not_before = frozenset(w for w, tag in context.items() if tag == "before")
    event_first_tokens = frozenset(e.split()[0] for e in load_tagged("dates_events"))
    return months, not_after, not_before, load_tagged("dates_forward_cues"), event_first_tokens


def find_mentions(doc: Document) -> list[Mention]:
    toks = doc.tok_lower
    found: list[Mention] = []
    for i in compress(count(), map(str.isdigit, map(_FIRST, toks))):  # tokens opening with a digit, found in C
        found += _parse_at(doc, i)
    return found


def adjacent(doc: Document, a: int, b: int, sep: str | None = None) -> bool:
    """Tokens ``a`` and ``b`` (a < b) are neighbours on one line; with ``sep``,
    exactly that character stands between them."""
    if a < 0 or b >= len(doc.tok_start) or doc.tok_line[a] != doc.tok_line[b]:
        return False
    gap = doc.norm[doc.tok_end[a]:doc.tok_start[b]]
    return gap == sep if sep is not None else len(gap) <= MAX_GAP and not gap.strip(" ,.")


def valid(year: int, month: int, day: int) -> bool:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def _parse_at(doc: Document, i: int) -> list[Mention]:
    tok = doc.tok_lower[i]
    if not tok.isascii():
        return []
    if len(tok) == 4 and tok.isdigit():
        return _parse_year_token(doc, i, int(tok))
    m = _ISO.fullmatch(tok) or _DOTTED_YMD.fullmatch(tok)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        return [Mention(i, i, y, mo, d)] if valid(y, mo, d) else []
    m = _DOTTED_DMY.fullmatch(tok)
    if m:
        return _day_month_year(i, i, int(m[1]), int(m[2]), int(m[3]))
    # The context test (money, counts, labels) only for the shapes it gates.
    m = _YEAR_RANGE.fullmatch(tok)
    if m:
        if _not_a_year(doc, i, i):
            return []
        start = int(m[1])
        end = int(m[2]) if len(m[2]) == 4 else start // 100 * 100 + int(m[2])
        # Checked against the publication date by its first year: "the
        # 2019-20 season" is current in 2019, whatever its end.
        if end > start and valid(start, 0, 0) and valid(end, 0, 0):
            return [Mention(i, i, start, 0, 0, end)]
        return []
    m = _DECADE.fullmatch(tok)
    if m and valid(int(m[1]), 0, 0) and not _not_a_year(doc, i, i):
        return [Mention(i, i, int(m[1]), 0, 0)]
    return []


def _day_month_year(first: int, last: int, a: int, b: int, year: int) -> list[Mention]:
    """``a/b/year`` with the day-month order read from the numbers: a value over
    12 must be the day; when both could be months only the year is kept."""
    if a > 12 and valid(year, b, a):
        return [Mention(first, last, year, b, a)]
    if b > 12 and valid(year, a, b):
        return [Mention(first, last, year, a, b)]
    if 1 <= a <= 12 and 1 <= b <= 12 and valid(year, 0, 0):
        return [Mention(first, last, year, 0, 0)]
    return []


def small_number(tok: str, limit: int) -> int:
    m = _ORDINAL_DAY.fullmatch(tok)
    value = int(m[1]) if m else 0
    return value if 1 <= value <= limit else 0


def _parse_year_token(doc: Document, i: int, year: int) -> list[Mention]:
    toks = doc.tok_lower
    if not MIN_YEAR <= year <= MAX_YEAR:
        return []
    # 2019/01/09
    if adjacent(doc, i, i + 1, "/") and adjacent(doc, i + 1, i + 2, "/"):
        mo, d = small_number(toks[i + 1], 12), small_number(toks[i + 2], 31)
        if mo and d and valid(year, mo, d):
            return [Mention(i, i + 2, year, mo, d)]
    # 09/01/2019
    if adjacent(doc, i - 1, i, "/") and adjacent(doc, i - 2, i - 1, "/"):
        a, b = small_number(toks[i - 2], 31), small_number(toks[i - 1], 31)
        if a and b:
            return _day_month_year(i - 2, i, a, b, year)
    months = lexicons()[0]
    j = i - 1
    if j >= 0 and toks[j] in _DATE_CONNECTORS and adjacent(doc, j, i):
        j -= 1
    if j >= 0 and adjacent(doc, j, j + 1):
        month = months.get(toks[j], 0)
        if month:  # "[9 [de]] January [de] 2019"
            k = j - 1
            if k >= 0 and toks[k] in _DATE_CONNECTORS and adjacent(doc, k, j):
                k -= 1
            day = small_number(toks[k], 31) if k >= 0 and adjacent(doc, k, k + 1) else 0
            if day and valid(year, month, day):
                return [Mention(k, i, year, month, day)]
            return [Mention(j, i, year, month, 0)]
        day = small_number(toks[j], 31)
        if day and j >= 1 and adjacent(doc, j - 1, j):  # "January 9, 2019"
            month = months.get(toks[j - 1], 0)
            if month and valid(year, month, day):
                return [Mention(j - 1, i, year, month, day)]
    if _not_a_year(doc, i, i):
        return []
    return [Mention(i, i, year, 0, 0)]


def _not_a_year(doc: Document, first: int, last: int) -> bool:
    """The number at tokens ``first..last`` is money, a count or a label."""
    _, not_after, not_before, _, _ = lexicons()
    norm = doc.norm
    s, e = doc.tok_start[first], doc.tok_end[last]
    before = norm[max(0, s - 3):s].rstrip()
    if before and before[-1] in _NOT_YEAR_BEFORE_CHARS:
        return True
    if norm[e:e + 2].lstrip()[:1] == "%":
        return True
    toks, line, gap = doc.tok_lower, doc.tok_line, doc.tok_start
    # Neighbours within MAX_GAP characters on the same line, whatever the
    # punctuation between ("(c) 2024", "No. 2019").
    if (first > 0 and toks[first - 1] in not_before and line[first - 1] == line[first]
            and s - doc.tok_end[first - 1] <= MAX_GAP):
        return True
    return (last + 1 < len(toks) and toks[last + 1] in not_after and line[last + 1] == line[last]
            and gap[last + 1] - e <= MAX_GAP)



def plus_days(day: date, days: float) -> date:
    """``day`` plus ``days``, saturating at ``date.max``: "9999 decades after
    the pandemic" or a caller's ``date.max`` overflowed ``date`` and lost
    every date feature of the page."""
    room = (date.max - day).days
    return date.max if days >= room else day + timedelta(days=days)
