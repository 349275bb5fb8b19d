"""tone: sensational and conspiratorial rhetoric.

Design
------
Unreliable news is written to provoke: exaggeration and clickbait
("shocking", "you won't believe"), the vocabulary of conspiracy ("mainstream
media", "deep state", "big pharma"), shouting in capitals, exclamation marks
and rhetorical questions. Horne & Adali (2017) and Rashkin et al. (2017)
found these among the style cues that best separate unreliable from reliable
outlets; on ReCOVery, loaded words alone rank the 57 publishers by
reliability with ROC-AUC 0.80 (``benchmarks/publisher_leakage.py``).

All counts are on main-content lines, so a sidebar's "Share this" is
furniture, not tone:

- loaded words: ``tone_loaded.txt`` (tagged sensational / conspiracy),
  matched on tokens with :class:`~credscore.lexicon.PhraseTable`;
- exclamation marks: each run of "!" in a line counts once ("!!!" is one);
- shouting: runs of at least ``SHOUT_MIN_RUN`` all-capital words of at least
  ``SHOUT_MIN_LETTERS`` letters inside a line that is mostly lower case, so
  acronyms ("WHO", "COVID") and all-capital headings are not shouting;
- rhetorical questions: main-content sentences ending in "?".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from ..lexicon import load_phrases
from ..types import FeatureSpec, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "tone"

#: Shouting is a run of this many all-capital words ("THIS IS HUGE"): a
#: single capitalised word is nearly always an acronym.
SHOUT_MIN_RUN = 2
#: Letters an all-capital word needs to count towards shouting ("US", "UN"
#: and "EU" do not).
SHOUT_MIN_LETTERS = 3
#: A line with more than this share of capital letters is an all-capital
#: heading or banner, not shouting inside prose.
CAPS_LINE_SHARE = 0.5

_EXCLAMATION = re.compile(r"!+")
#: Maximal runs of capital-or-caseless letters separated by spaces. No
#: lookaround, so a scan never backtracks (a run ending in "...AAAb" simply
#: stops before the "b"); which parts of a run are shouting is decided in
#: Python by :func:`_shouts`.
_CAPS_RUN = re.compile(r"[^\W\d_a-z]+(?:[ ]+[^\W\d_a-z]+)*")

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "tone_loaded_words_per_1k_words",
        "Sensational or conspiratorial words and phrases ('shocking', 'mainstream media', 'deep state') "
        "per 1,000 main-content words.",
        0.0, 1000.0, "higher_worse", english_only=True,
        reason=ReasonText("sensational or conspiratorial words",
                          ("tone/loaded_sensational", "tone/loaded_conspiracy"), "per_1k_words",
                          "sensational or conspiratorial word"),
        in_model=True,
    ),
    FeatureSpec(
        "tone_exclamations_per_1k_words",
        "Runs of exclamation marks in main content per 1,000 main-content words (at most one a word).",
        0.0, 1000.0, "higher_worse",
        reason=ReasonText("exclamation marks", ("tone/exclamation",), "per_1k_words", "exclamation mark"),
        in_model=True,
    ),
    FeatureSpec(
        "tone_shouting_per_1k_words",
        "Runs of two or more all-capital words inside mostly lower-case lines per 1,000 main-content words.",
        0.0, 1000.0, "higher_worse",
        reason=ReasonText("passages in capitals", ("tone/shouting",), "per_1k_words", "passage in capitals"),
        in_model=True,
    ),
    FeatureSpec(
        "tone_question_share",
        "Share of main-content sentences that end in a question mark (rhetorical questions, question headings).",
        0.0, 1.0, "higher_worse",
        reason=ReasonText("of sentences are questions", ("tone/question",), "share"),
        in_model=True,
    ),
)


def _shouts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Within one run ``text[start:end]``, the stretches of SHOUT_MIN_RUN or
    more upper-case words of SHOUT_MIN_LETTERS or more letters. A word glued
    to a letter outside the run ("AAAb", "bAAA") is part of another word."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    words = [(start + a, start + b) for a, b in words]
    if words and start > 0 and text[start - 1].isalpha():
        words = words[1:]
    if words and end < len(text) and text[end].isalpha():
        words = words[:-1]
    found, run = [], []
    for a, b in words + [(0, 0)]:
        if b - a >= SHOUT_MIN_LETTERS and text[a:b].isupper():
            run.append((a, b))
            continue
        if len(run) >= SHOUT_MIN_RUN:
            found.append((run[0][0], run[-1][1]))
        run = []
    return found


def _mostly_lower_case(text: str, start: int, end: int) -> bool:
    letters = sum(ch.isalpha() for ch in text[start:end])
    return letters > 0 and sum(ch.isupper() for ch in text[start:end]) <= CAPS_LINE_SHARE * letters


def compute(doc: Document) -> SignalResult:
    n_words = len(doc.main_tokens)
    per_1k = 1000.0 / n_words if n_words else 0.0
    boiler = doc.line_boilerplate
    spans: list[Span] = []

    loaded = 0
    for match in load_phrases("tone_loaded").finditer(doc.tok_lower, doc.tok_sent):
        if not boiler[doc.tok_line[match.first]]:
            loaded += 1
            spans.append(Span(doc.tok_start[match.first], doc.tok_end[match.last], SIGNAL, f"loaded_{match.tag}"))

    exclamations = shouts = 0
    text = doc.text
    if "!" in text:
        for line in range(doc.n_lines):
            s, e = doc.line_start[line], doc.line_end[line]
            if not boiler[line] and "!" in text[s:e]:
                for m in _EXCLAMATION.finditer(text, s, e):
                    exclamations += 1
                    spans.append(Span(m.start(), m.end(), SIGNAL, "exclamation"))
    line_ok: dict[int, bool] = {}
    for m in _CAPS_RUN.finditer(text):
        if m.end() - m.start() < 2 * SHOUT_MIN_LETTERS + 1:
            continue
        line = bisect_right(doc.line_start, m.start()) - 1
        if line not in line_ok:
            s, e = doc.line_start[line], doc.line_end[line]
            line_ok[line] = not boiler[line] and _mostly_lower_case(text, s, e)
        if line_ok[line]:
            for start, end in _shouts(text, m.start(), m.end()):
                shouts += 1
                spans.append(Span(start, end, SIGNAL, "shouting"))

    questions = main_sentences = 0
    norm = doc.norm
    for (s, e), line in zip(doc.sentences, doc.sent_line):
        if boiler[line]:
            continue
        main_sentences += 1
        if norm[e - 1] == "?" or norm[s:e].rstrip("\"')]").endswith("?"):
            questions += 1
            spans.append(Span(s, e, SIGNAL, "question"))

    spans.sort()
    return SignalResult(
        {
            "tone_loaded_words_per_1k_words": loaded * per_1k,
            # "?!?!?!" is three runs: capped at one a word, so the rate stays
            # inside its documented range (1,000) on punctuation-only lines.
            "tone_exclamations_per_1k_words": min(exclamations, n_words) * per_1k,
            "tone_shouting_per_1k_words": shouts * per_1k,
            "tone_question_share": questions / main_sentences if main_sentences else 0.0,
        },
        spans,
    )
