"""dates: is the page's time line consistent with its publication date?

Design
------
A scraped page that says it was published on 2019/01/09 but whose text
mentions June 2024 (seed 002) was re-dated, stitched from several pages, or
generated: in any case its date cannot be trusted, and neither can claims that
lean on "now" or "recently". The signal finds

1. the publication date: ``doc.published`` when the caller knows it, else a
   *dateline* found in the text: the first full date (day, month and year) on
   a short line among the first ``DatesConfig.dateline_max_lines`` non-blank lines,
   boilerplate or not (a dateline is page furniture by nature), that has a
   dateline's shape: the date alone, or with a place, a byline, "Published",
   "Updated", a weekday or a time (``dates_dateline_words``). A line with any
   other lower-case word, an event word ("Born", "Release"), an @handle or a
   link is not one: of 38 "datelines" the looser rule found on real news 18
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
   verb (``DatesConfig.past_window``, ``dates_past_verbs`` or an "-ed" form): "In 2011,
   he married" is a conflict, "a 2020 rival" or "the 2016 theme" is a cycle
   or a name. Office-holders ("President Trump") in a forward-looking clause
   or after "a" are hypotheses. Measured on hand-labelled fires of held-out
   news with ``python benchmarks/eval_dates.py``;
4. which of the others fall after the publication date by more than a month
   (``DatesConfig.later_grace_days``), separately for main content and boilerplate lines
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

Modules: ``date_mentions`` finds the mentions (2), ``datelines`` the
dateline (1), ``date_conflicts`` judges them (3 to 6); this one puts the
features together. The tunable thresholds are ``DatesConfig``.

Determinism: nothing here reads the clock or the time zone; without a
publication date no mention is "late", the year spread is still measured.
Regular expressions are applied to single tokens only, with fixed-length
patterns, so none can backtrack.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..types import FeatureSpec, FlagRule, ReasonText, SignalResult, Span
from .date_conflicts import (
    event_conflicts,
    forward_looking,
    named_by_year,
    past_tense,
    relative_conflicts,
    weekday_mentions,
)
from .date_mentions import MAX_YEAR, MIN_YEAR, Mention, find_mentions, plus_days
from .datelines import find_dateline

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "dates"
#: Where this family runs, and where its features appear in every output.
ORDER = 120

__all__ = ["CONFIG", "FEATURES", "MAX_YEAR", "MIN_YEAR", "DatesConfig", "Mention", "compute", "find_dateline",
           "find_mentions"]


@dataclass(frozen=True)
class DatesConfig:
    """The dates signal's tunable thresholds."""

    #: A mention is "later" only when its earliest possible day is more than a
    #: month after the publication date: leaves room for updates, time zones
    #: and "next week" events written as dates.
    later_grace_days: int = 31
    #: The dateline is looked for among the first 10 non-blank lines, on a line
    #: of at most 20 words (seed 002: "2019/01/09 | Economy, Opinion", line 2).
    #: (The dateline rule of ``datelines``.)
    dateline_max_lines: int = 10
    dateline_max_words: int = 20
    #: Capitalised words beside the date: a place ("NEW YORK"), a byline name
    #: ("By Jane Doe, Staff Writer") or an outlet; more is a title or a sentence.
    dateline_max_name_words: int = 6
    #: Forward cues count within this many tokens of the year, same sentence:
    #: modals and planning verbs often sit far from the year ("The company could
    #: open its first plant there, analysts say, sometime in 2021"; "The company
    #: expects to sell half a dozen systems in the second half of 2012 and three
    #: dozen in 2013" puts 17 tokens between; 15 before).
    forward_window: int = 25
    #: Deadline prepositions ("by", "until") count only this close before it,
    #: with only filler words between ("until at least the summer of 2021", "by
    #: the end of 2030").
    deadline_window: int = 6
    #: The past-tense verb must stand this close to a later bare year: about a
    #: clause. On 40 labelled dev fires (before the last cue additions), 4 to 12
    #: tokens all gave precision 0.67 to 0.74 at recall 0.875 (the whole
    #: sentence: 0.67).
    past_window: int = 8
    #: When no year the page names fits a weekday date, the years this close to
    #: the publication year are tried (a date's weekday comes back after 5, 6 or
    #: 11 years; when two candidates fit, nothing is inferred).
    weekday_years: int = 3
    #: The duration must touch the event: it ends at most this many tokens
    #: before the event ("150 days have passed since the X") or starts at most
    #: that many after it ("the invasion of Ukraine two years ago").
    duration_reach: int = 4


CONFIG = DatesConfig
#: The default grace, for callers comparing dates the same way.
LATER_GRACE_DAYS = DatesConfig.later_grace_days


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
                    ("dates/later_than_published", "dates/boilerplate_later_than_published",
                     "dates/event_after_published"),
                    "yes_no",
                    "no date or event postdates the publication date",
                ),
                why_not_in_model="fires on 5 of 2,069 training documents; reported as a flag",
                flag=FlagRule("date_inconsistent", 1.0, text="any date or event on the page after the publication date",
                              factor=0.7, order=0)),
)



def compute(doc: Document, config: DatesConfig | None = None) -> SignalResult:
    config = config or DatesConfig()
    mentions = find_mentions(doc)
    spans: list[Span] = []
    dateline = find_dateline(doc, mentions, config)
    published = doc.published
    # A dateline that disagrees with the caller's date is not the page's
    # date: it stays a mention like any other, to be checked against it.
    if dateline is not None and (
        published is None or abs((dateline.earliest() - published).days) <= config.later_grace_days
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

    cutoff = plus_days(published, config.later_grace_days)
    mentions = sorted(mentions + weekday_mentions(doc, published, {m.year for m in mentions}, config))
    checked = [m for m in mentions if not forward_looking(doc, m, config)
               and not (m.month == 0 and m.year > published.year
                        and (not past_tense(doc, m, config) or named_by_year(doc, m)))]
    later = [m for m in checked if m.earliest() > cutoff]
    main_checked = [m for m in checked if not boiler[tok_line[m.first]]]
    main_later = [m for m in later if not boiler[tok_line[m.first]]]
    boiler_checked = len(checked) - len(main_checked)
    boiler_later = [m for m in later if boiler[tok_line[m.first]]]
    event_checked, event_spans = event_conflicts(doc, cutoff, config)
    relative_checked, relative_spans = relative_conflicts(doc, checked, cutoff, config)
    event_checked += relative_checked
    conflict_spans = sorted(event_spans + relative_spans)

    features["dates_later_than_published_count"] = float(len(main_later))
    features["dates_later_than_published_share"] = len(main_later) / len(main_checked) if main_checked else 0.0
    features["dates_boilerplate_later_share"] = len(boiler_later) / boiler_checked if boiler_checked else 0.0
    # A caller's date before MIN_YEAR ("0001-01-01") is counted from MIN_YEAR,
    # so the value stays inside its documented range.
    features["dates_max_years_after_published"] = float(
        max((m.year - max(published.year, MIN_YEAR) for m in later), default=0)
    )
    features["dates_event_conflict_count"] = float(
        sum(1 for span in conflict_spans if not boiler[tok_line[bisect_left(doc.tok_start, span.start)]])
    )
    n_checked = len(checked) + event_checked
    n_conflicts = len(later) + len(conflict_spans)
    if n_checked:
        features["dates_consistency_score"] = 1.0 - n_conflicts / n_checked
    features["dates_inconsistent"] = 1.0 if n_conflicts else 0.0

    for reason, group in (("later_than_published", main_later), ("boilerplate_later_than_published", boiler_later)):
        spans += [Span(doc.tok_start[m.first], doc.tok_end[m.last], SIGNAL, reason) for m in group]
    spans += conflict_spans
    spans.sort()
    return SignalResult(features, spans)

