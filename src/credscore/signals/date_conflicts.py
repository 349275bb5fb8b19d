"""Which date evidence of a page contradicts its publication date, for
``signals.dates``.

- Forward-looking mentions (a forward cue near them in the same sentence:
  "by 2030", "scheduled for 2028", "the 2028 election", "will", see
  ``dates_forward_cues.txt``) are plans, never conflicts.
- A later *bare* year ("2020", no month) is checked only beside a past-tense
  verb (``dates_past_verbs`` or an "-ed" form): "In 2011, he married" is a
  conflict, "a 2020 rival" or "the 2016 theme" is a cycle or a name.
- Year-less dates whose weekday fits one other year than the publication
  year ("Friday, February 23" on a page dated 2016 points to 2018).
- Events and office-holders that did not exist before a known date
  ("COVID-19", "President Biden", see ``dates_events.txt``), and durations
  anchored on them ("two years after the full-scale invasion of Ukraine")
  or on a dated mention ("the 2017 summit, two years ago") that put the
  writer's present after the publication date. Office-holders in a
  forward-looking clause or after "a" are hypotheses.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..lexicon import load_phrases, load_words
from ..types import Span
from .date_mentions import (
    MIN_YEAR,
    Mention,
    adjacent,
    lexicons,
    plus_days,
    small_number,
    valid,
)

if TYPE_CHECKING:
    from ..document import Document
    from .dates import DatesConfig

SIGNAL = "dates"

#: Words allowed between a deadline preposition and its date ("until at
#: least the summer of 2021", "by the end of 2030").
_DEADLINE_FILLERS = frozenset({
    "the", "end", "of", "early", "late", "mid", "middle", "start", "beginning", "at", "least",
    "spring", "summer", "fall", "autumn", "winter", "year", "fiscal", "first", "second", "third",
    "fourth", "quarter", "half", "in",
})
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
#: Words ending in "-ed" that are no past tense of a report.
_NOT_PAST = frozenset({"expected", "scheduled", "planned", "projected", "proposed", "intended", "slated",
                       "anticipated", "delayed", "postponed", "extended", "need", "indeed", "red", "bed"})
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
#: Words before an office-holder entry that make it another office ("Vice
#: President Joe Biden" in spring 2020 is not President Biden) or a
#: hypothetical one ("a President Trump might...", written in 2016).
_EVENT_NEGATORS = frozenset({"vice", "former-vice", "ex-vice", "then-vice", "a", "an"})
#: First words of the office-holder entries of ``dates_events``: an office
#: named in a forward-looking clause ("President Trump would...", "if
#: President Biden wins") is a hypothesis, not an anachronism. Events
#: ("COVID-19") cannot be foreseen, so they stay checked.
_OFFICES = frozenset({"president", "king", "pope", "prime", "chancellor"})


def forward_looking(doc: Document, m: Mention, config: DatesConfig) -> bool:
    if _aim_before(doc, m):
        return True
    cues = lexicons()[3]
    toks, sent = doc.tok_lower, doc.tok_sent
    s = sent[m.first]
    for k in range(max(0, m.first - config.forward_window), min(len(toks), m.last + 1 + config.forward_window)):
        tag = cues.get(toks[k])
        if tag is None and toks[k].endswith("'ll"):  # "they'll", "we'll": one token each
            tag = "modal"
        if tag is None or sent[k] != s or m.first <= k <= m.last:
            continue
        # Deadline prepositions count only just before the date ("by 2030",
        # "by the end of 2030"), not in "was removed by FATF in June 2024".
        if tag != "deadline" or (
            m.first - config.deadline_window <= k < m.first and all(t in _DEADLINE_FILLERS for t in toks[k + 1:m.first])
        ):
            return True
    return False


def weekday_mentions(doc: Document, published: date, page_years: set[int], config: DatesConfig) -> list[Mention]:
    """Year-less dates with a weekday ("Friday, February 23", "Fri 23 Feb")
    whose weekday fits exactly one candidate year, when that year is not the
    publication year: the page speaks of another year than its date says.
    Candidates are first the years the page mentions and its publication
    year, then, when none of those fits, the years within ``config.weekday_years``
    of the publication year: seed 002, dated 2019 with a sidebar of June
    2024, says "Friday, February 23", which fits 2024 (and 2018, which the
    page never names)."""
    toks, months = doc.tok_lower, lexicons()[0]
    n = len(toks)
    found = []
    for i in [k for k, t in enumerate(toks) if t in _WEEKDAYS]:
        if i + 2 >= n or not (adjacent(doc, i, i + 1) and adjacent(doc, i + 1, i + 2)):
            continue
        if months.get(toks[i + 1]):
            month, day = months[toks[i + 1]], small_number(toks[i + 2], 31)
        else:
            month, day = months.get(toks[i + 2], 0), small_number(toks[i + 1], 31)
        if not (month and day) or (i + 3 < n and adjacent(doc, i + 2, i + 3) and toks[i + 3].isdigit()):
            continue  # not a date, or a full one (a year follows), parsed already
        weekday = _WEEKDAYS[toks[i]]
        years: list[int] = []
        near = range(published.year - config.weekday_years, published.year + config.weekday_years + 1)
        for candidates in (page_years | {published.year}, near):  # the page's own years first
            years = [y for y in sorted(candidates) if valid(y, month, day) and date(y, month, day).weekday() == weekday]
            if years:
                break
        if len(years) == 1 and years[0] != published.year:
            found.append(Mention(i, i + 2, years[0], month, day))
    return found


#: Words before a bare year that make it the modifier of a noun: "the 2017
#: payment rule", "its 2019 remake", "the 2018 Pirelli Calendar" name a rule,
#: a film or an edition by its year, which may lie ahead of the writer.
_ATTRIBUTIVE_BEFORE = frozenset({
    "the", "a", "an", "its", "his", "her", "their", "our", "your", "my", "this", "that", "these", "those", "whose",
})
#: Words after "to" that are no verb: "to the", "moved to 2019"...
_NOT_INFINITIVE = frozenset({
    "the", "a", "an", "his", "her", "their", "its", "our", "your", "my", "this", "that", "these", "those",
    "him", "them", "us", "me", "it", "date", "life", "power", "office",
})
#: "to" + verb this close before a date makes an aim ("To win in 2016, we
#: need...", "launches to try in 2018"): an infinitive of purpose looks ahead.
INFINITIVE_REACH = 4


def named_by_year(doc: Document, m: Mention) -> bool:
    """A bare year that names something rather than dates an event: after a
    determiner or possessive ("the 2017 payment rule", "its 2019 remake"),
    or glued to a capitalised name inside a sentence ("Trump 2020" banners,
    "Made in China 2025"). Read off the dev-half fires of the training
    corpora, where such years were plans, editions or slogans."""
    if m.month or m.first == 0 or doc.tok_sent[m.first - 1] != doc.tok_sent[m.first]:
        return False
    before = doc.tok_lower[m.first - 1]
    if before in _ATTRIBUTIVE_BEFORE:
        return True
    gap = doc.norm[doc.tok_end[m.first - 1]:doc.tok_start[m.first]]
    surface = doc.text[doc.tok_start[m.first - 1]:doc.tok_end[m.first - 1]]
    opens_sentence = m.first < 2 or doc.tok_sent[m.first - 2] != doc.tok_sent[m.first]
    return (gap == " " and surface[:1].isupper() and not surface.isupper() and not opens_sentence
            and before not in lexicons()[0] and before not in _WEEKDAYS)


def _aim_before(doc: Document, m: Mention) -> bool:
    """"to" and a verb shortly before the date, in its sentence."""
    toks, sent = doc.tok_lower, doc.tok_sent
    for k in range(max(0, m.first - INFINITIVE_REACH), m.first - 1):
        if toks[k] == "to" and sent[k] == sent[m.first] and toks[k + 1].isalpha() \
                and toks[k + 1] not in _NOT_INFINITIVE and doc.text[doc.tok_start[k + 1]].islower():
            return True
    return False


def past_tense(doc: Document, m: Mention, config: DatesConfig) -> bool:
    """A past-tense verb near a bare year in its sentence ("In 2011, he
    married", "she competed in 2016"). Without one, a later bare year is read
    as a name or a cycle ("the 2016 theme", "a 2020 rival", "AOC 2024"): on
    the dev half of AllSides/MBFC, GossipCop and ReCOVery, bare
    later years without a past verb were plans or names far more often than
    anachronisms."""
    toks, sent = doc.tok_lower, doc.tok_sent
    s = sent[m.first]
    irregular = load_words("dates_past_verbs")
    for k in range(max(0, m.first - config.past_window), min(len(toks), m.last + 1 + config.past_window)):
        if sent[k] == s and not m.first <= k <= m.last:
            tok = toks[k]
            if tok in irregular or (len(tok) > 4 and tok.endswith("ed") and tok not in _NOT_PAST):
                return True
    return False


# -- events --------------------------------------------------------------------


def event_conflicts(doc: Document, cutoff: date, config: DatesConfig) -> tuple[int, list[Span]]:
    """How many event names were checked, and the spans of those (or of the
    durations anchored on them) that fall after ``cutoff``."""
    toks = doc.tok_lower
    if lexicons()[4].isdisjoint(toks):
        return 0, []
    checked = 0
    spans: list[Span] = []
    for match in load_phrases("dates_events").finditer(toks, doc.tok_sent):
        if match.first and toks[match.first - 1] in _EVENT_NEGATORS:
            continue
        if any(doc.norm[doc.tok_end[k]:doc.tok_start[k + 1]].strip() for k in range(match.first, match.last)):
            continue  # 'for president," Trump stated': punctuation between the words, not the name
        if toks[match.first] in _OFFICES and forward_looking(doc, Mention(match.first, match.last, MIN_YEAR, 0, 0),
                                                             config):
            continue
        checked += 1
        event_date = date.fromisoformat(match.tag)
        event_span = (doc.tok_start[match.first], doc.tok_end[match.last])
        duration = _anchored_duration(doc, match.first, match.last, config)
        if duration is not None:
            first, last, days = duration
            if plus_days(event_date, days) > cutoff:
                spans.append(Span(doc.tok_start[first], doc.tok_end[last], SIGNAL, "relative_after_published"))
                continue
        if event_date > cutoff:
            spans.append(Span(*event_span, SIGNAL, "event_after_published"))
    return checked, spans


def relative_conflicts(doc: Document, mentions: list[Mention], cutoff: date,
                       config: DatesConfig) -> tuple[int, list[Span]]:
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
        amount = _NUMBER_WORDS.get(toks[k - 2]) or (int(toks[k - 2]) if toks[k - 2].isdigit() and len(toks[k - 2]) <= 4
                                                    else 0)
        near = [m for m in by_sentence.get(sent[k], ())
                if (m.last < k - 2 and k - 2 - m.last <= config.duration_reach + 3)
                or (m.first > k and m.first - k <= config.duration_reach)]
        if not (unit and amount) or len(near) != 1:
            continue
        checked += 1
        if plus_days(near[0].earliest(), amount * unit) > cutoff:
            spans.append(Span(doc.tok_start[k - 2], doc.tok_end[k], SIGNAL, "relative_after_published"))
    return checked, spans


def _anchored_duration(doc: Document, first: int, last: int, config: DatesConfig) -> tuple[int, int, float] | None:
    """"N units ago/since/after..." touching the event at tokens
    ``first..last`` in its sentence: the duration's first and last token and
    its length in days."""
    toks, sent = doc.tok_lower, doc.tok_sent
    s = sent[first]
    lo = max(0, first - config.duration_reach - 2)
    hi = min(len(toks) - 2, last + config.duration_reach)
    for k in range(lo, hi):
        if first - 2 <= k <= last or sent[k] != s or sent[k + 2] != s:
            continue
        unit = _UNIT_DAYS.get(toks[k + 1])
        if unit and toks[k + 2] in (_AFTER_EVENT if k > last else _BEFORE_EVENT):
            amount = _NUMBER_WORDS.get(toks[k]) or (int(toks[k]) if toks[k].isdigit() and len(toks[k]) <= 4 else 0)
            if amount:
                return k, k + 2, amount * unit
    return None
