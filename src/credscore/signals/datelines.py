"""Datelines: the publication date a page states near its top, for
``signals.dates``.

A dateline is the first full date (day, month and year) on a short line
among the first ``DatesConfig.dateline_max_lines`` non-blank lines,
boilerplate or not (a dateline is page furniture by nature), that has a
dateline's shape: the date alone, or with a place, a byline, "Published",
"Updated", a weekday or a time (``dates_dateline_words``). A line with any
other lower-case word, an event word ("Born", "Release"), an @handle or a
link is not one: of 38 "datelines" found on real news by the looser rule
before, 18 were dates of embedded tweets and 6 event dates.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from ..document import strip_decorations
from ..lexicon import load_tagged
from .date_mentions import Mention

if TYPE_CHECKING:
    from ..document import Document
    from .dates import DatesConfig

#: Marks of an embedded post or a link on the line: never a dateline.
_DATELINE_REFUSE = ("@", "twitter.com", "pic.", "http", "www.")
#: A dash right after the date ends a wire dateline before the lede
#: (checked with str methods: a regex with a leading ``\s*`` is quadratic on
#: long runs of spaces when searched).
_LEDE_DASHES = ("--", "\u2014", "\u2013", "- ")


def find_dateline(doc: Document, mentions: list[Mention], config: DatesConfig) -> Mention | None:
    first_lines = doc.content_lines[:config.dateline_max_lines]  # the first non-blank lines
    if not first_lines:
        return None
    last_line = first_lines[-1]
    for m in mentions:
        line = doc.tok_line[m.first]
        if line > last_line:
            break
        if m.day and doc.line_tok_end[line] - doc.line_tok_start[line] <= config.dateline_max_words \
                and _dateline_shaped(doc, m, line, config):
            return m
    return None


def _dateline_shaped(doc: Document, m: Mention, line: int, config: DatesConfig) -> bool:
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
            if names > config.dateline_max_name_words:
                return False
            continue
        return False
    return True

