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
from typing import TYPE_CHECKING

from ..lexicon import load_phrases
from ..types import FeatureSpec, SignalResult, Span

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

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "tone_loaded_words_per_1k_words",
        "Sensational or conspiratorial words and phrases ('shocking', 'mainstream media', 'deep state') "
        "per 1,000 main-content words.",
        0.0, 1000.0, "higher_worse", english_only=True,
    ),
    FeatureSpec(
        "tone_exclamations_per_1k_words",
        "Runs of exclamation marks in main content per 1,000 main-content words.",
        0.0, 1000.0, "higher_worse",
    ),
    FeatureSpec(
        "tone_shouting_per_1k_words",
        "Runs of two or more all-capital words inside mostly lower-case lines per 1,000 main-content words.",
        0.0, 1000.0, "higher_worse",
    ),
    FeatureSpec(
        "tone_question_share",
        "Share of main-content sentences that end in a question mark (rhetorical questions, question headings).",
        0.0, 1.0, "higher_worse",
    ),
)


def _is_shout_word(word: str) -> bool:
    return len(word) >= SHOUT_MIN_LETTERS and word.isalpha() and word.isupper()


def _shouting(doc: Document, line: int) -> list[tuple[int, int]]:
    """(start, end) of each all-capital run on a mostly lower-case line."""
    text = doc.text
    s, e = doc.line_start[line], doc.line_end[line]
    letters = sum(ch.isalpha() for ch in text[s:e])
    if not letters or sum(ch.isupper() for ch in text[s:e]) > CAPS_LINE_SHARE * letters:
        return []
    runs = []
    first = last = -1
    for i in range(doc.line_tok_start[line], doc.line_tok_end[line]):
        if _is_shout_word(text[doc.tok_start[i]:doc.tok_end[i]]):
            if first < 0:
                first = i
            last = i
            continue
        if first >= 0 and last - first + 1 >= SHOUT_MIN_RUN:
            runs.append((doc.tok_start[first], doc.tok_end[last]))
        first = -1
    if first >= 0 and last - first + 1 >= SHOUT_MIN_RUN:
        runs.append((doc.tok_start[first], doc.tok_end[last]))
    return runs


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
    main_lines = [i for i in range(doc.n_lines) if not boiler[i] and doc.line_tok_end[i] > doc.line_tok_start[i]]
    for line in main_lines:
        s, e = doc.line_start[line], doc.line_end[line]
        if "!" in doc.text[s:e]:
            for m in _EXCLAMATION.finditer(doc.text, s, e):
                exclamations += 1
                spans.append(Span(m.start(), m.end(), SIGNAL, "exclamation"))
        for start, end in _shouting(doc, line):
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
            "tone_exclamations_per_1k_words": exclamations * per_1k,
            "tone_shouting_per_1k_words": shouts * per_1k,
            "tone_question_share": questions / main_sentences if main_sentences else 0.0,
        },
        spans,
    )
