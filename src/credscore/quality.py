"""``quality``: how much of the input is an intact, usable article.

The reliability model judges what an article says; this facet judges whether
there is an article to judge. It reads signals that apply in any language:
characters, lines and their structure. (The boilerplate classifier behind
``furniture`` and the main-content word count uses English stop words on
English pages and falls back to sentence structure on others; the notice
phrases list a few other languages.) So it is reported for every input,
including those that get no reliability.

The rule
--------
``quality`` is the product of the intact share of the page along each kind
of damage, each in [0, 1] (``parts``)::

    content    min(1, main-content words / MIN_WORDS)
    furniture  1 - boilerplate_char_share
    duplicates 1 - the larger of repetition_main_dup_line_char_share and
               repetition_redundant_10gram_char_share (from 0.10 on)
    encoding   1 - share of sentences with encoding evidence
    markup     1 - page_markup_char_share
    notices    1 - page_notice_char_share (0 on a notice page)

Duplicates are counted by line and by passage: a page can repeat itself
inside one line ("Best cheap shoes online. Buy cheap shoes..." twelve times
on a line scored 0.76, high, when only repeated lines counted). A passage
is a word 10-gram; only the copies after the first count, so a text pasted
twice is half intact, and only past Gopher's 10 % (``REDUNDANT_PASSAGE_FLOOR``).

A product, because the kinds are separate layers of one page: a page half
furniture whose remaining half is half duplicated holds a quarter of an
intact article. Link and teaser lists are furniture already (the boilerplate
classifier labels them), so they raise a reason code but are not counted
twice.

Decisions, each with a short reason code in datatrove's style:

- ``empty``, ``too_few_words``: fewer than ``MIN_WORDS`` main-content words
  (Gopher's minimum document length, Rae et al. 2021, table A1; datatrove's
  ``GopherQualityFilter(min_doc_words=50)``). Unscorable.
- ``error_page``, ``paywall``, ``consent_wall``, ``login_wall``: a notice
  stands in place of the article. Unscorable.
- ``markup``: raw HTML, script or data rather than text. Unscorable above
  ``MARKUP_UNSCORABLE``; a ``markup_in_text`` code below it.
- ``not_english``: the model was trained on English news; decided by the
  caller (``score``), not here, since the language signal is lexical.
- ``mostly_boilerplate``, ``link_list``, ``duplicated_content``,
  ``encoding_damage``: damage that lowers quality without making the page
  unscorable.
- ``low_quality``: quality under ``QUALITY_LOW``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from .extraction import MAX_CHARS, Features

__all__ = ["UNSCORABLE_CODES", "Quality", "assess"]

#: Gopher's minimum document length in words (Rae et al. 2021, table A1).
MIN_WORDS = 50
#: A notice page: notice lines hold at least this share of the page's
#: characters. In the junk case file notice pages sit at 0.60 to 1.00; of
#: the 2,069 ReCOVery articles 3 have a notice line, at most 0.135 of the
#: page (measured by us: ``python benchmarks/compare_filters.py --notices``).
NOTICE_PAGE_SHARE = 0.3
#: ... or the page has a notice and fewer main words than this: a paywall
#: shows a teaser paragraph and then its notice. 150 words is three times
#: Gopher's minimum. On ReCOVery this marks one page, a 100-word teaser
#: ending "Click here to continue reading" (mercury_news-7): the article is
#: not there, so the call is right.
NOTICE_PAGE_MAX_WORDS = 150
#: Markup share at which the input is code, not text with some markup left
#: (the raw HTML page in tests/cases/junk.json is 0.49 with its article
#: paragraph in place; half the characters in tags or code is not a text).
MARKUP_UNSCORABLE = 0.4
#: Markup share worth a reason code: Gopher drops a document whose
#: symbol-to-word ratio passes 0.1 (Rae et al. 2021, table A1).
MARKUP_NOTED = 0.1
#: Half the characters in furniture: the existing ``mostly_boilerplate``
#: flag's threshold (score.FLAG_RULES).
FURNITURE_NOTED = 0.5
#: Link and teaser lines over half the page: a list page, not an article.
LINK_LIST_NOTED = 0.5
#: Gopher's repetition filter drops documents whose duplicated lines hold
#: more than 20 % of the characters (``dup_line_char_frac=0.2`` in
#: datatrove's ``GopherRepetitionFilter``); the same share of repeated
#: passages gets the same code.
DUPLICATE_NOTED = 0.2
#: Repeated passages count once they pass Gopher's limit for duplicated
#: 10-grams (``dup_n_grams`` 10: 0.10, Rae et al. 2021, table A1): below it,
#: articles repeat a phrase or a quote in a caption (seed 001 repeats one
#: 12-word clause, 0.02; 90 % of ReCOVery is under 0.03).
REDUNDANT_PASSAGE_FLOOR = 0.10
#: One damaged sentence in ten (the encoding flag in score.FLAG_RULES fires
#: on the rate of mojibake instead; this catches damage of other kinds).
ENCODING_NOTED = 0.1
#: Under this quality, less than half of the input is intact article.
QUALITY_LOW = 0.5

_NOTICE_CODES = {"error": "error_page", "paywall": "paywall", "consent": "consent_wall", "login": "login_wall"}
_NOTICE_WORDS = {"error": "an error notice", "paywall": "a paywall notice", "consent": "a cookie-consent notice",
                 "login": "a login notice"}
#: Codes that mean there is no article to score.
UNSCORABLE_CODES = frozenset({"empty", "too_few_words", "markup", "not_english", *_NOTICE_CODES.values()})


@dataclass(frozen=True)
class Quality:
    value: float
    parts: dict[str, float]
    codes: tuple[str, ...]
    unscorable: bool
    #: One plain-words line per code, in the order of ``codes``.
    texts: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "parts": dict(self.parts), "codes": list(self.codes)}


def _get(features: Features, name: str) -> float:
    value = features.feature_values.get(name, math.nan)
    return value if math.isfinite(value) else 0.0


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def _notice_kind(features: Features) -> str:
    """The most frequent notice kind among the evidence (ties: first seen)."""
    counts: dict[str, int] = {}
    for span in features.spans:
        if span.signal == "page" and span.reason.startswith("notice_"):
            kind = span.reason[len("notice_"):]
            counts[kind] = counts.get(kind, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else "error"


#: A sentence boundary for the encoding part: sentence-final punctuation and
#: white space, or a line break. Sentences, not lines: a page flattened onto
#: one line would otherwise be all damaged or all intact.
#: A match starts only where a run of punctuation starts and takes it whole
#: (possessive): otherwise "." * 100,000 + "x" is retried from every dot.
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++\s+|\n")
#: Pieces shorter than this are not sentences ("(AP)", "[1]", "Read more",
#: an emoji): they neither count nor dilute the damaged share.
SENTENCE_MIN_WORDS = 3


def _damaged_sentence_share(features: Features) -> float:
    """Share of sentences holding encoding evidence. Past ``MAX_CHARS`` the
    spans index a sample, so the line share the encoding signal measured on
    that sample is used instead."""
    damaged_at = sorted({s.start for s in features.spans if s.signal == "encoding"})
    text = features.text
    if not damaged_at:
        return 0.0
    if len(text) > MAX_CHARS:
        return _get(features, "encoding_damaged_line_share")
    damaged = total = 0
    start = 0
    k = 0
    for match in [*_BOUNDARY.finditer(text), None]:
        end = match.end() if match is not None else len(text)
        if len(text[start:end].split()) >= SENTENCE_MIN_WORDS:
            total += 1
            hit = False
            while k < len(damaged_at) and damaged_at[k] < end:
                hit = hit or damaged_at[k] >= start
                k += 1
            damaged += hit
        start = end
    return damaged / total if total else 0.0


def assess(features: Features) -> Quality:
    """The quality facet of an extracted document (see the module docstring)."""
    words = features.main_words
    furniture = _get(features, "boilerplate_char_share")
    passages = _get(features, "repetition_redundant_10gram_char_share")
    duplicates = max(_get(features, "repetition_main_dup_line_char_share"),
                     passages if passages >= REDUNDANT_PASSAGE_FLOOR else 0.0)
    encoding = _damaged_sentence_share(features)
    markup = _get(features, "page_markup_char_share")
    notices = _get(features, "page_notice_char_share")
    links = _get(features, "page_link_list_char_share")
    parts = {
        "content": _clip(words / MIN_WORDS),
        "furniture": _clip(1.0 - furniture),
        "duplicates": _clip(1.0 - duplicates),
        "encoding": _clip(1.0 - encoding),
        "markup": _clip(1.0 - markup),
        "notices": _clip(1.0 - notices),
    }
    notice_count = _get(features, "page_notice_count")
    notice_page = bool(notice_count) and (notices >= NOTICE_PAGE_SHARE or words < NOTICE_PAGE_MAX_WORDS)
    if notice_page:
        parts["notices"] = 0.0  # the notice stands in place of the whole article
    value = 1.0
    for part in parts.values():
        value *= part

    codes: list[tuple[str, str]] = []
    if not features.text.strip():
        codes.append(("empty", "no text"))
    elif words < MIN_WORDS:
        codes.append(("too_few_words", f"{words} main-content words (fewer than {MIN_WORDS}, Gopher's minimum)"))
    if notice_page:
        kind = _notice_kind(features)
        what = _NOTICE_WORDS.get(kind, "a notice")
        codes.append((_NOTICE_CODES.get(kind, "error_page"),
                      f"{what} stands in place of an article ({notices:.0%} of the page)"))
    if markup >= MARKUP_UNSCORABLE:
        codes.append(("markup", f"{markup:.0%} of the characters are markup or code, not text"))
    elif markup >= MARKUP_NOTED:
        codes.append(("markup_in_text", f"{markup:.0%} of the characters are markup left in the text"))
    if furniture >= FURNITURE_NOTED:
        codes.append(("mostly_boilerplate", f"{furniture:.0%} of the characters are page furniture"))
    if links >= LINK_LIST_NOTED:
        codes.append(("link_list", f"{links:.0%} of the characters are link, headline or teaser lists"))
    if duplicates >= DUPLICATE_NOTED:
        codes.append(("duplicated_content", f"{duplicates:.0%} of the article's characters repeat earlier text"))
    if encoding >= ENCODING_NOTED:
        codes.append(("encoding_damage", f"{encoding:.0%} of the sentences carry encoding damage"))
    if value < QUALITY_LOW:
        codes.append(("low_quality", f"quality {value:.2f}: under half of the input is intact article"))
    unscorable = any(code in UNSCORABLE_CODES for code, _ in codes)
    return Quality(value, parts, tuple(c for c, _ in codes), unscorable, tuple(t for _, t in codes))
