"""dates: is the page's time line consistent with its publication date?

Design
------
A scraped page that says it was published on 2019/01/09 but whose text
mentions June 2024 (seed 002) was re-dated, stitched from several pages, or
generated: in any case its date cannot be trusted, and neither can claims that
lean on "now" or "recently". The signal finds

1. the publication date: ``doc.published`` when the caller knows it, else a
   *dateline* found in the text: the first full date (day, month and year) on
   a short line among the first ``DATELINE_MAX_LINES`` non-blank lines,
   boilerplate or not (a dateline is page furniture by nature), that has a
   dateline's shape: the date alone, or with a place, a byline, "Published",
   "Updated", a weekday or a time (``dates_dateline_words``). A line with any
   other lower-case word, an event word ("Born", "Release"), an @handle or a
   link is not one: issue 11 found that of 38 "datelines" on real news 18
   were dates of embedded tweets and 6 event dates;
2. every explicit date or year mention, on tokens, never by re-splitting the
   text: ISO ``2019-01-09``, ``2019/01/09``, ``09/01/2019`` (day and month
   order used only when one of them is over 12; else the year alone),
   ``09.01.2019``, "January 9, 2019", "9 January 2019", "Jan. 9, 2019",
   "9 de enero de 2019", "May 2024", bare years, ranges ("1950-1953",
   "2019-20") and decades ("the 1990s", "2010s"). A bare four-digit number is
   a year only in 1800..2100 and when its neighbours do not make it a count,
   a measure or a label ("1,362 deaths" is one token and no year; "2000
   people", "Resolution 2397", "$2020", "2019 %", "(c) 2024" are not years
   either, see ``dates_not_year_context.txt``);
3. which mentions are *forward-looking* (a forward cue near them in the same
   sentence: "by 2030", "scheduled for 2028", "the 2028 election", "will",
   see ``dates_forward_cues.txt``): those are plans, never conflicts;
   A later *bare* year ("2020", no month) is checked only beside a past-tense
   verb (``PAST_WINDOW``, ``dates_past_verbs`` or an "-ed" form): "In 2011,
   he married" is a conflict, "a 2020 rival" or "the 2016 theme" is a cycle
   or a name. Office-holders ("President Trump") in a forward-looking clause
   or after "a" are hypotheses. Measured on hand-labelled fires of held-out
   news with ``python benchmarks/eval_dates.py``;
4. which of the others fall after the publication date by more than a month
   (``LATER_GRACE_DAYS``), separately for main content and boilerplate lines
   (``doc.line_boilerplate``): a sidebar of newer teasers is page-level
   evidence, a later year in the article body is article-level evidence;
5. year-less dates whose weekday fits one other year than the publication
   year ("Friday, February 23" on a page dated 2016 points to 2018);
6. events and office-holders that did not exist before a known date
   ("COVID-19", "President Biden", "special military operation", see
   ``dates_events.txt``), and durations anchored on them ("two years after
   the full-scale invasion of Ukraine") that put the writer's present after
   the publication date; likewise "N years ago" beside a dated mention.

Month names are English first, with the other Western European languages in
the month lexicon; numeric formats work in any language, so the features are
not English-only except ``dates_event_conflict_count``, which rests on an
English list of event names.

Determinism: nothing here reads the clock or the time zone; without a
publication date no mention is "late", the year spread is still measured.
Regular expressions are applied to single tokens only, with fixed-length
patterns, so none can backtrack.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ..document import strip_decorations
from ..lexicon import load_phrases, load_tagged, load_words
from ..types import FeatureSpec, FlagRule, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "dates"

#: Plausible years (the issue's range): earlier or later four-digit numbers
#: are counts or codes.
MIN_YEAR, MAX_YEAR = 1800, 2100
#: A mention is "later" only when its earliest possible day is more than a
#: month after the publication date: leaves room for updates, time zones
#: and "next week" events written as dates.
LATER_GRACE_DAYS = 31
#: The dateline is looked for among the first 10 non-blank lines, on a line
#: of at most 20 words (seed 002: "2019/01/09 | Economy, Opinion", line 2).
DATELINE_MAX_LINES = 10
DATELINE_MAX_WORDS = 20
#: Capitalised words beside the date: a place ("NEW YORK"), a byline name
#: ("By Jane Doe, Staff Writer") or an outlet; more is a title or a sentence.
DATELINE_MAX_NAME_WORDS = 6
#: Marks of an embedded post or a link on the line: never a dateline.
_DATELINE_REFUSE = ("@", "twitter.com", "pic.", "http", "www.")
#: A dash right after the date ends a wire dateline before the lede
#: (checked with str methods: a regex with a leading ``\s*`` is quadratic on
#: long runs of spaces when searched).
_LEDE_DASHES = ("--", "\u2014", "\u2013", "- ")
#: Forward cues count within this many tokens of the year, same sentence:
#: modals and planning verbs often sit far from the year ("The company could
#: open its first plant there, analysts say, sometime in 2021"; "The company
#: expects to sell half a dozen systems in the second half of 2012 and three
#: dozen in 2013" puts 17 tokens between; 15 before issue 11).
FORWARD_WINDOW = 25
#: Deadline prepositions ("by", "until") count only this close before it,
#: with only these words between ("until at least the summer of 2021", "by
#: the end of 2030").
DEADLINE_WINDOW = 6
_DEADLINE_FILLERS = frozenset({
    "the", "end", "of", "early", "late", "mid", "middle", "start", "beginning", "at", "least",
    "spring", "summer", "fall", "autumn", "winter", "year", "fiscal", "first", "second", "third",
    "fourth", "quarter", "half", "in",
})
#: The past-tense verb must stand this close to a later bare year: about a
#: clause. On 40 labelled dev fires (before the last cue additions), 4 to 12
#: tokens all gave precision 0.67 to 0.74 at recall 0.875 (the whole
#: sentence: 0.67).
PAST_WINDOW = 8
#: When no year the page names fits a weekday date, the years this close to
#: the publication year are tried (a date's weekday comes back after 5, 6 or
#: 11 years; when two candidates fit, nothing is inferred).
WEEKDAY_YEARS = 3
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
#: Words ending in "-ed" that are no past tense of a report.
_NOT_PAST = frozenset({"expected", "scheduled", "planned", "projected", "proposed", "intended", "slated",
                       "anticipated", "delayed", "postponed", "extended", "need", "indeed", "red", "bed"})
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
#: Duration units and their length in days, for "N years ago" and the like.
_UNIT_DAYS = {
    "day": 1.0, "days": 1.0, "week": 7.0, "weeks": 7.0,
    "month": 30.44, "months": 30.44, "year": 365.25, "years": 365.25,
    "decade": 3652.5, "decades": 3652.5,
}
#: Amounts spelled out; larger amounts are written in digits in news text.
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
    "hundred": 100,
}
#: Words after "N years" that place the writer N years after the anchor.
#: "ago" and "later" follow the event ("the invasion of Ukraine two years
#: ago"); the others precede it ("150 days have passed since the X", "two
#: years into the war"). "before", "earlier", "prior" point the other way
#: and are not listed.
_AFTER_EVENT = frozenset({"ago", "later"})
_BEFORE_EVENT = frozenset({"since", "after", "into", "have", "has", "had", "passed"})
#: The duration must touch the event: it ends at most DURATION_REACH tokens
#: before the event ("150 days have passed since the X") or starts at most
#: that many after it ("the invasion of Ukraine two years ago").
DURATION_REACH = 4
#: Words before an office-holder entry that make it another office ("Vice
#: President Joe Biden" in spring 2020 is not President Biden) or a
#: hypothetical one ("a President Trump might...", written in 2016: issue 11).
_EVENT_NEGATORS = frozenset({"vice", "former-vice", "ex-vice", "then-vice", "a", "an"})
#: First words of the office-holder entries of ``dates_events``: an office
#: named in a forward-looking clause ("President Trump would...", "if
#: President Biden wins") is a hypothesis, not an anachronism. Events
#: ("COVID-19") cannot be foreseen, so they stay checked.
_OFFICES = frozenset({"president", "king", "pope", "prime", "chancellor"})

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec("dates_has_publication_date",
                "1 if a publication date is known: given by the caller or found as a dateline near the top.",
                0.0, 1.0, "lower_worse",
                reason=ReasonText("the publication date is known", ("dates/publication_date",), "yes_no",
                                  "the publication date is not known"),
                why_not_in_model="constant on the training data"),
    FeatureSpec("dates_mentions_per_1k_words",
                "Explicit dates and years in main content per 1,000 main-content words (dateline excluded).",
                # Each mention is at least one word: "2020 2020 2020" is 1,000.
                0.0, 1000.0, "neutral",
                reason=ReasonText("dates and years mentioned", (), "per_1k_words", "date or year mentioned"),
                why_not_in_model="context: how many dates, not whether they agree"),
    FeatureSpec("dates_year_spread",
                "Latest minus earliest year mentioned in main content (0 with fewer than two).",
                0.0, 300.0, "neutral",
                reason=ReasonText("years between the earliest and latest year mentioned"),
                why_not_in_model="context: history articles span years legitimately"),
    FeatureSpec("dates_later_than_published_count",
                "Main-content date mentions more than a month after the publication date, plans excluded.",
                # A count: a page can repeat a date any number of times.
                0.0, math.inf, "higher_worse",
                reason=ReasonText("dates later than the publication date", ("dates/later_than_published",), "count",
                                  "date later than the publication date"),
                why_not_in_model="constant on the training data; reported as a flag"),
    FeatureSpec("dates_later_than_published_share",
                "Share of main-content date mentions (plans excluded) that fall after the publication date.",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of dates mentioned are later than the publication date", (), "share"),
                why_not_in_model="constant on the training data; reported as a flag"),
    FeatureSpec("dates_boilerplate_later_share",
                "Share of boilerplate-line date mentions (plans excluded) after the publication date "
                "(a sidebar newer than the article).",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of the page furniture's dates are later than the publication date",
                                  ("dates/boilerplate_later_than_published",), "share"),
                why_not_in_model="constant on the training data; reported as a flag"),
    FeatureSpec("dates_max_years_after_published",
                "Largest number of years by which any mention (plans excluded) postdates the publication year.",
                0.0, 300.0, "higher_worse",
                reason=ReasonText("years between publication and the latest date mentioned"),
                why_not_in_model="constant on the training data; reported as a flag"),
    FeatureSpec("dates_event_conflict_count",
                "Named events, or durations anchored on them or on a dated mention ('the 2017 summit, "
                "two years ago'), that postdate the publication date.",
                0.0, math.inf, "higher_worse", english_only=True,
                reason=ReasonText("events mentioned that happened after the publication date",
                                  ("dates/event_after_published", "dates/relative_after_published"), "count",
                                  "event mentioned that happened after the publication date"),
                why_not_in_model="fires on 5 of 2,069 training documents; reported as a flag"),
    FeatureSpec("dates_consistency_score",
                "1 minus the share of checkable date evidence (mentions and events, all lines) that "
                "contradicts the publication date; 1 when nothing can be checked.",
                0.0, 1.0, "lower_worse",
                reason=ReasonText("date consistency, 1 when consistent"),
                why_not_in_model="fires on 5 of 2,069 training documents; reported as a flag"),
    FeatureSpec("dates_inconsistent",
                "1 if any date mention or event anywhere on the page postdates the publication date.",
                0.0, 1.0, "higher_worse",
                reason=ReasonText(
                    "dates or events on the page postdate the publication date",
                    ("dates/later_than_published", "dates/boilerplate_later_than_published", "dates/event_after_published"),
                    "yes_no",
                    "no date or event postdates the publication date",
                ),
                why_not_in_model="fires on 5 of 2,069 training documents; reported as a flag",
                flag=FlagRule("date_inconsistent", 1.0, text="any date or event on the page after the publication date",
                              factor=0.7, order=0)),
)


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
def _lexicons() -> tuple[dict[str, int], frozenset[str], frozenset[str], dict[str, str], frozenset[str]]:
    months = {name: int(num) for name, num in load_tagged("dates_months").items()}
    context = load_tagged("dates_not_year_context")
    not_after = frozenset(w for w, tag in context.items() if tag == "after")
    not_before = frozenset(w for w, tag in context.items() if tag == "before")
    event_first_tokens = frozenset(e.split()[0] for e in load_tagged("dates_events"))
    return months, not_after, not_before, load_tagged("dates_forward_cues"), event_first_tokens


def compute(doc: Document) -> SignalResult:
    mentions = _find_mentions(doc)
    spans: list[Span] = []
    dateline = _find_dateline(doc, mentions)
    published = doc.published
    # A dateline that disagrees with the caller's date is not the page's
    # date: it stays a mention like any other, to be checked against it.
    if dateline is not None and (
        published is None or abs((dateline.earliest() - published).days) <= LATER_GRACE_DAYS
    ):
        spans.append(Span(doc.tok_start[dateline.first], doc.tok_end[dateline.last], SIGNAL, "publication_date"))
        mentions = [m for m in mentions if m.first != dateline.first]
        published = published or dateline.earliest()

    boiler = doc.line_boilerplate
    tok_line = doc.tok_line
    main = [m for m in mentions if not boiler[tok_line[m.first]]]
    main_words = len(doc.main_tokens)
    years = [m.year for m in main] + [m.end_year for m in main if m.end_year]
    features = {
        "dates_has_publication_date": 1.0 if published is not None else 0.0,
        "dates_mentions_per_1k_words": 1000.0 * len(main) / main_words if main_words else 0.0,
        "dates_year_spread": float(max(years) - min(years)) if len(years) > 1 else 0.0,
        "dates_later_than_published_count": 0.0,
        "dates_later_than_published_share": 0.0,
        "dates_boilerplate_later_share": 0.0,
        "dates_max_years_after_published": 0.0,
        "dates_event_conflict_count": 0.0,
        "dates_consistency_score": 1.0,
        "dates_inconsistent": 0.0,
    }
    if published is None:
        return SignalResult(features, spans)

    cutoff = _plus_days(published, LATER_GRACE_DAYS)
    mentions = sorted(mentions + _weekday_mentions(doc, published, {m.year for m in mentions}))
    checked = [m for m in mentions if not _forward_looking(doc, m)
               and not (m.month == 0 and m.year > published.year and not _past_tense(doc, m))]
    later = [m for m in checked if m.earliest() > cutoff]
    main_checked = [m for m in checked if not boiler[tok_line[m.first]]]
    main_later = [m for m in later if not boiler[tok_line[m.first]]]
    boiler_checked = len(checked) - len(main_checked)
    boiler_later = [m for m in later if boiler[tok_line[m.first]]]
    event_checked, event_conflicts = _event_conflicts(doc, cutoff)
    relative_checked, relative_conflicts = _relative_conflicts(doc, checked, cutoff)
    event_checked += relative_checked
    event_conflicts = sorted(event_conflicts + relative_conflicts)

    features["dates_later_than_published_count"] = float(len(main_later))
    features["dates_later_than_published_share"] = len(main_later) / len(main_checked) if main_checked else 0.0
    features["dates_boilerplate_later_share"] = len(boiler_later) / boiler_checked if boiler_checked else 0.0
    # A caller's date before MIN_YEAR ("0001-01-01") is counted from MIN_YEAR,
    # so the value stays inside its documented range.
    features["dates_max_years_after_published"] = float(
        max((m.year - max(published.year, MIN_YEAR) for m in later), default=0)
    )
    features["dates_event_conflict_count"] = float(
        sum(1 for span in event_conflicts if not boiler[tok_line[bisect_left(doc.tok_start, span.start)]])
    )
    n_checked = len(checked) + event_checked
    n_conflicts = len(later) + len(event_conflicts)
    if n_checked:
        features["dates_consistency_score"] = 1.0 - n_conflicts / n_checked
    features["dates_inconsistent"] = 1.0 if n_conflicts else 0.0

    for reason, group in (("later_than_published", main_later), ("boilerplate_later_than_published", boiler_later)):
        spans += [Span(doc.tok_start[m.first], doc.tok_end[m.last], SIGNAL, reason) for m in group]
    spans += event_conflicts
    spans.sort()
    return SignalResult(features, spans)


# -- finding mentions --------------------------------------------------------


def _find_mentions(doc: Document) -> list[Mention]:
    toks = doc.tok_lower
    found: list[Mention] = []
    for i in [k for k, t in enumerate(toks) if t[:1].isdigit()]:
        found += _parse_at(doc, i)
    return found


def _adjacent(doc: Document, a: int, b: int, sep: str | None = None) -> bool:
    """Tokens ``a`` and ``b`` (a < b) are neighbours on one line; with ``sep``,
    exactly that character stands between them."""
    if a < 0 or b >= len(doc.tok_start) or doc.tok_line[a] != doc.tok_line[b]:
        return False
    gap = doc.norm[doc.tok_end[a]:doc.tok_start[b]]
    return gap == sep if sep is not None else len(gap) <= MAX_GAP and not gap.strip(" ,.")


def _valid(year: int, month: int, day: int) -> bool:
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
        return [Mention(i, i, y, mo, d)] if _valid(y, mo, d) else []
    m = _DOTTED_DMY.fullmatch(tok)
    if m:
        return _day_month_year(i, i, int(m[1]), int(m[2]), int(m[3]))
    if _not_a_year(doc, i, i):
        return []
    m = _YEAR_RANGE.fullmatch(tok)
    if m:
        start = int(m[1])
        end = int(m[2]) if len(m[2]) == 4 else start // 100 * 100 + int(m[2])
        # Checked against the publication date by its first year: "the
        # 2019-20 season" is current in 2019, whatever its end.
        if end > start and _valid(start, 0, 0) and _valid(end, 0, 0):
            return [Mention(i, i, start, 0, 0, end)]
        return []
    m = _DECADE.fullmatch(tok)
    if m and _valid(int(m[1]), 0, 0):
        return [Mention(i, i, int(m[1]), 0, 0)]
    return []


def _day_month_year(first: int, last: int, a: int, b: int, year: int) -> list[Mention]:
    """``a/b/year`` with the day-month order read from the numbers: a value over
    12 must be the day; when both could be months only the year is kept."""
    if a > 12 and _valid(year, b, a):
        return [Mention(first, last, year, b, a)]
    if b > 12 and _valid(year, a, b):
        return [Mention(first, last, year, a, b)]
    if 1 <= a <= 12 and 1 <= b <= 12 and _valid(year, 0, 0):
        return [Mention(first, last, year, 0, 0)]
    return []


def _small_number(tok: str, limit: int) -> int:
    m = _ORDINAL_DAY.fullmatch(tok)
    value = int(m[1]) if m else 0
    return value if 1 <= value <= limit else 0


def _parse_year_token(doc: Document, i: int, year: int) -> list[Mention]:
    toks = doc.tok_lower
    if not MIN_YEAR <= year <= MAX_YEAR:
        return []
    # 2019/01/09
    if _adjacent(doc, i, i + 1, "/") and _adjacent(doc, i + 1, i + 2, "/"):
        mo, d = _small_number(toks[i + 1], 12), _small_number(toks[i + 2], 31)
        if mo and d and _valid(year, mo, d):
            return [Mention(i, i + 2, year, mo, d)]
    # 09/01/2019
    if _adjacent(doc, i - 1, i, "/") and _adjacent(doc, i - 2, i - 1, "/"):
        a, b = _small_number(toks[i - 2], 31), _small_number(toks[i - 1], 31)
        if a and b:
            return _day_month_year(i - 2, i, a, b, year)
    months = _lexicons()[0]
    j = i - 1
    if j >= 0 and toks[j] in _DATE_CONNECTORS and _adjacent(doc, j, i):
        j -= 1
    if j >= 0 and _adjacent(doc, j, j + 1):
        month = months.get(toks[j], 0)
        if month:  # "[9 [de]] January [de] 2019"
            k = j - 1
            if k >= 0 and toks[k] in _DATE_CONNECTORS and _adjacent(doc, k, j):
                k -= 1
            day = _small_number(toks[k], 31) if k >= 0 and _adjacent(doc, k, k + 1) else 0
            if day and _valid(year, month, day):
                return [Mention(k, i, year, month, day)]
            return [Mention(j, i, year, month, 0)]
        day = _small_number(toks[j], 31)
        if day and j >= 1 and _adjacent(doc, j - 1, j):  # "January 9, 2019"
            month = months.get(toks[j - 1], 0)
            if month and _valid(year, month, day):
                return [Mention(j - 1, i, year, month, day)]
    if _not_a_year(doc, i, i):
        return []
    return [Mention(i, i, year, 0, 0)]


def _not_a_year(doc: Document, first: int, last: int) -> bool:
    """The number at tokens ``first..last`` is money, a count or a label."""
    _, not_after, not_before, _, _ = _lexicons()
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
    if first > 0 and toks[first - 1] in not_before and line[first - 1] == line[first] and s - doc.tok_end[first - 1] <= MAX_GAP:
        return True
    return last + 1 < len(toks) and toks[last + 1] in not_after and line[last + 1] == line[last] and gap[last + 1] - e <= MAX_GAP


def _forward_looking(doc: Document, m: Mention) -> bool:
    cues = _lexicons()[3]
    toks, sent = doc.tok_lower, doc.tok_sent
    s = sent[m.first]
    for k in range(max(0, m.first - FORWARD_WINDOW), min(len(toks), m.last + 1 + FORWARD_WINDOW)):
        tag = cues.get(toks[k])
        if tag is None and toks[k].endswith("'ll"):  # "they'll", "we'll": one token each
            tag = "modal"
        if tag is None or sent[k] != s or m.first <= k <= m.last:
            continue
        # Deadline prepositions count only just before the date ("by 2030",
        # "by the end of 2030"), not in "was removed by FATF in June 2024".
        if tag != "deadline" or (
            m.first - DEADLINE_WINDOW <= k < m.first and all(t in _DEADLINE_FILLERS for t in toks[k + 1:m.first])
        ):
            return True
    return False


def _weekday_mentions(doc: Document, published: date, page_years: set[int]) -> list[Mention]:
    """Year-less dates with a weekday ("Friday, February 23", "Fri 23 Feb")
    whose weekday fits exactly one candidate year, when that year is not the
    publication year: the page speaks of another year than its date says.
    Candidates are first the years the page mentions and its publication
    year, then, when none of those fits, the years within ``WEEKDAY_YEARS``
    of the publication year: seed 002, dated 2019 with a sidebar of June
    2024, says "Friday, February 23", which fits 2024 (and 2018, which the
    page never names)."""
    toks, months = doc.tok_lower, _lexicons()[0]
    n = len(toks)
    found = []
    for i in [k for k, t in enumerate(toks) if t in _WEEKDAYS]:
        if i + 2 >= n or not (_adjacent(doc, i, i + 1) and _adjacent(doc, i + 1, i + 2)):
            continue
        if months.get(toks[i + 1]):
            month, day = months[toks[i + 1]], _small_number(toks[i + 2], 31)
        else:
            month, day = months.get(toks[i + 2], 0), _small_number(toks[i + 1], 31)
        if not (month and day) or (i + 3 < n and _adjacent(doc, i + 2, i + 3) and toks[i + 3].isdigit()):
            continue  # not a date, or a full one (a year follows), parsed already
        weekday = _WEEKDAYS[toks[i]]
        years: list[int] = []
        near = range(published.year - WEEKDAY_YEARS, published.year + WEEKDAY_YEARS + 1)
        for candidates in (page_years | {published.year}, near):  # the page's own years first
            years = [y for y in sorted(candidates) if _valid(y, month, day) and date(y, month, day).weekday() == weekday]
            if years:
                break
        if len(years) == 1 and years[0] != published.year:
            found.append(Mention(i, i + 2, years[0], month, day))
    return found


def _past_tense(doc: Document, m: Mention) -> bool:
    """A past-tense verb near a bare year in its sentence ("In 2011, he
    married", "she competed in 2016"). Without one, a later bare year is read
    as a name or a cycle ("the 2016 theme", "a 2020 rival", "AOC 2024"): on
    the dev half of AllSides/MBFC, GossipCop and ReCOVery (issue 11), bare
    later years without a past verb were plans or names far more often than
    anachronisms."""
    toks, sent = doc.tok_lower, doc.tok_sent
    s = sent[m.first]
    irregular = load_words("dates_past_verbs")
    for k in range(max(0, m.first - PAST_WINDOW), min(len(toks), m.last + 1 + PAST_WINDOW)):
        if sent[k] == s and not m.first <= k <= m.last:
            tok = toks[k]
            if tok in irregular or (len(tok) > 4 and tok.endswith("ed") and tok not in _NOT_PAST):
                return True
    return False


def _find_dateline(doc: Document, mentions: list[Mention]) -> Mention | None:
    first_lines = [i for i in range(doc.n_lines) if not doc.is_blank_line(i)][:DATELINE_MAX_LINES]
    if not first_lines:
        return None
    last_line = first_lines[-1]
    for m in mentions:
        line = doc.tok_line[m.first]
        if line > last_line:
            break
        if m.day and doc.line_tok_end[line] - doc.line_tok_start[line] <= DATELINE_MAX_WORDS \
                and _dateline_shaped(doc, m, line):
            return m
    return None


def _dateline_shaped(doc: Document, m: Mention, line: int) -> bool:
    """The rest of the date's line is dateline furniture, a place or a name."""
    line_start = doc.line_start[line]
    # A decoration after the dateline ("Read more", "(AP)", an emoji) is not prose.
    text = strip_decorations(doc.text[line_start:doc.line_end[line]])
    if any(mark in text for mark in _DATELINE_REFUSE):
        return False
    rest = text[doc.tok_end[m.last] - line_start:]
    # A colon right after the date, or ending the line, makes a timeline entry
    # or a quote's lead-in ("November 5, 2016: The First Kiss", "The Blaze,
    # May 21, 2020:"); a time's colon ("10:07") is neither.
    after = rest.lstrip()
    if (after[:1] == ":" and after[1:2] in ("", " ")) or rest.rstrip().endswith(":"):
        return False
    # "June 30, 2010 -- A drug used in Europe...": the dateline ends at the dash.
    last_tok = bisect_left(doc.tok_start, line_start + len(text), doc.line_tok_start[line], doc.line_tok_end[line])
    if after.startswith(_LEDE_DASHES):
        lede_end = len(rest) - len(after) + 2
        last_tok = bisect_left(doc.tok_start, doc.tok_end[m.last] + lede_end, doc.line_tok_start[line], last_tok)
    words = load_tagged("dates_dateline_words")
    names = 0
    after_by = False
    for k in range(doc.line_tok_start[line], last_tok):
        if m.first <= k <= m.last:
            continue
        low = doc.tok_lower[k]
        tag = words.get(low)
        if tag == "event":
            return False
        if tag == "dateline" or low[0].isdigit():
            after_by = after_by or low == "by"
            continue
        if doc.text[doc.tok_start[k]].isupper() or after_by:
            names += 1
            if names > DATELINE_MAX_NAME_WORDS:
                return False
            continue
        return False
    return True


# -- events --------------------------------------------------------------------


def _event_conflicts(doc: Document, cutoff: date) -> tuple[int, list[Span]]:
    """How many event names were checked, and the spans of those (or of the
    durations anchored on them) that fall after ``cutoff``."""
    toks = doc.tok_lower
    if _lexicons()[4].isdisjoint(toks):
        return 0, []
    checked = 0
    spans: list[Span] = []
    for match in load_phrases("dates_events").finditer(toks, doc.tok_sent):
        if match.first and toks[match.first - 1] in _EVENT_NEGATORS:
            continue
        if any(doc.norm[doc.tok_end[k]:doc.tok_start[k + 1]].strip() for k in range(match.first, match.last)):
            continue  # 'for president," Trump stated': punctuation between the words, not the name
        if toks[match.first] in _OFFICES and _forward_looking(doc, Mention(match.first, match.last, MIN_YEAR, 0, 0)):
            continue
        checked += 1
        event_date = date.fromisoformat(match.tag)
        event_span = (doc.tok_start[match.first], doc.tok_end[match.last])
        duration = _anchored_duration(doc, match.first, match.last)
        if duration is not None:
            first, last, days = duration
            if _plus_days(event_date, days) > cutoff:
                spans.append(Span(doc.tok_start[first], doc.tok_end[last], SIGNAL, "relative_after_published"))
                continue
        if event_date > cutoff:
            spans.append(Span(*event_span, SIGNAL, "event_after_published"))
    return checked, spans


def _relative_conflicts(doc: Document, mentions: list[Mention], cutoff: date) -> tuple[int, list[Span]]:
    """"N units ago" touching a dated mention in its sentence ("the 2017
    summit, two years ago"): the writer's present is at least the mention's
    earliest day plus N units; when that is after ``cutoff`` the page was
    written later than its date. Returns how many were checked, and the
    conflicts' spans."""
    toks, sent = doc.tok_lower, doc.tok_sent
    if "ago" not in toks:
        return 0, []
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(sent[m.first], []).append(m)
    checked, spans = 0, []
    for k in [i for i, t in enumerate(toks) if t == "ago"]:
        if k < 2 or sent[k - 2] != sent[k]:
            continue
        unit = _UNIT_DAYS.get(toks[k - 1])
        amount = _NUMBER_WORDS.get(toks[k - 2]) or (int(toks[k - 2]) if toks[k - 2].isdigit() and len(toks[k - 2]) <= 4 else 0)
        near = [m for m in by_sentence.get(sent[k], ())
                if m.last < k - 2 and k - 2 - m.last <= DURATION_REACH + 3 or m.first > k and m.first - k <= DURATION_REACH]
        if not (unit and amount) or len(near) != 1:
            continue
        checked += 1
        if _plus_days(near[0].earliest(), amount * unit) > cutoff:
            spans.append(Span(doc.tok_start[k - 2], doc.tok_end[k], SIGNAL, "relative_after_published"))
    return checked, spans


def _plus_days(day: date, days: float) -> date:
    """``day`` plus ``days``, saturating at ``date.max``: "9999 decades after
    the pandemic" or a caller's ``date.max`` overflowed ``date`` and lost
    every date feature of the page."""
    room = (date.max - day).days
    return date.max if days >= room else day + timedelta(days=days)


def _anchored_duration(doc: Document, first: int, last: int) -> tuple[int, int, float] | None:
    """"N units ago/since/after..." touching the event at tokens
    ``first..last`` in its sentence: the duration's first and last token and
    its length in days."""
    toks, sent = doc.tok_lower, doc.tok_sent
    s = sent[first]
    lo = max(0, first - DURATION_REACH - 2)
    hi = min(len(toks) - 2, last + DURATION_REACH)
    for k in range(lo, hi):
        if first - 2 <= k <= last or sent[k] != s or sent[k + 2] != s:
            continue
        unit = _UNIT_DAYS.get(toks[k + 1])
        if unit and toks[k + 2] in (_AFTER_EVENT if k > last else _BEFORE_EVENT):
            amount = _NUMBER_WORDS.get(toks[k]) or (int(toks[k]) if toks[k].isdigit() and len(toks[k]) <= 4 else 0)
            if amount:
                return k, k + 2, amount * unit
    return None
