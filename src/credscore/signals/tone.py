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
- shouting: runs of at least ``shout_min_run`` all-capital words of at least
  ``shout_min_letters`` letters inside a line that is mostly lower case, so
  acronyms ("WHO", "COVID") and all-capital headings are not shouting;
- rhetorical questions: main-content sentences ending in "?".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING

from ..lexicon import load_phrases
from ..types import FeatureSpec, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "tone"
#: Where this family runs, and where its features appear in every output.
ORDER = 100



@dataclass(frozen=True)
class ToneConfig:
    """The family's thresholds; each default says where it comes from."""

    #: Shouting is a run of this many all-capital words ("THIS IS HUGE"): a
    #: single capitalised word is nearly always an acronym.
    shout_min_run: int = 2
    #: Letters an all-capital word needs to count towards shouting ("US",
    #: "UN" and "EU" do not).
    shout_min_letters: int = 3
    #: A line with more than this share of capital letters is an all-capital
    #: heading or banner, not shouting inside prose.
    caps_line_share: float = 0.5


CONFIG = ToneConfig

_EXCLAMATION = re.compile(r"!+")
_QUESTION_MARK = re.compile(r"\?")
#: Maximal runs of capital-or-caseless letters separated by spaces. No
#: lookaround, so a scan never backtracks (a run ending in "...AAAb" simply
#: stops before the "b"); which parts of a run are shouting is decided in
#: Python by :func:`_shouts`.
_CAPS_RUN = re.compile(r"[^\W\d_a-z]+(?:[ ]+[^\W\d_a-z]+)*")


#: What every shouted stretch contains under the default config: a capital
#: word of three letters or more and another one right after it. A line
#: without it cannot shout, so only lines with it are scanned for runs: every
#: capitalised word of a page is a run, and stepping through them all in
#: Python cost most of this family's time. The first character is tried
#: against a cheap superset of the word class (a capital, or any character
#: past Latin-1's symbols), then the look-behind makes sure it starts a word:
#: about 2.5 times faster than testing the Unicode class first, and a superset
#: can only find more lines, never fewer. Each attempt takes its first word
#: whole and only from the word's start, so the scan is linear.
_SHOUT_HINT = re.compile(r"[A-Z\u00aa-\U0010ffff](?<![^\W\d_a-z][^\W\d_a-z])[^\W\d_a-z]{2,}+[ ]++[^\W\d_a-z]{3}")
#: For a config that lets shorter words or single words shout: any capital.
_ANY_CAPITAL = re.compile(r"[^\W\d_a-z]")


def _shout_hint(cfg: ToneConfig) -> re.Pattern[str]:
    """A pattern that every shouted stretch under ``cfg`` contains."""
    return _SHOUT_HINT if cfg.shout_min_letters >= 3 and cfg.shout_min_run >= 2 else _ANY_CAPITAL


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


def _shouts(text: str, start: int, end: int, cfg: ToneConfig) -> list[tuple[int, int]]:
    """Within one run ``text[start:end]``, the stretches of
    ``cfg.shout_min_run`` or more upper-case words of
    ``cfg.shout_min_letters`` or more letters. A word glued
    to a letter outside the run ("AAAb", "bAAA") is part of another word."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    words = [(start + a, start + b) for a, b in words]
    if words and start > 0 and text[start - 1].isalpha():
        words = words[1:]
    if words and end < len(text) and text[end].isalpha():
        words = words[:-1]
    found, run = [], []
    for a, b in words + [(0, 0)]:
        if b - a >= cfg.shout_min_letters and text[a:b].isupper():
            run.append((a, b))
            continue
        if len(run) >= cfg.shout_min_run:
            found.append((run[0][0], run[-1][1]))
        run = []
    return found


def _mostly_lower_case(text: str, start: int, end: int, cfg: ToneConfig) -> bool:
    line = text[start:end]
    letters = sum(map(str.isalpha, line))  # mapped in C, not a Python step per character
    return letters > 0 and sum(map(str.isupper, line)) <= cfg.caps_line_share * letters


def _shouting(doc: Document, cfg: ToneConfig, spans: list[Span]) -> int:
    """Shouted stretches on main-content, mostly lower-case lines; their
    spans are added to ``spans``. Runs never cross a line, so scanning only
    the lines that ``_shout_hint`` finds gives the runs a whole-text scan
    would."""
    text, boiler, line_start = doc.text, doc.line_boilerplate, doc.line_start
    shouts = 0
    done = -1
    for hint in _shout_hint(cfg).finditer(text):
        line = bisect_right(line_start, hint.start()) - 1
        if line == done:
            continue
        done = line
        s, e = line_start[line], doc.line_end[line]
        if boiler[line] or not _mostly_lower_case(text, s, e, cfg):
            continue
        for m in _CAPS_RUN.finditer(text, s, e):
            if m.end() - m.start() < 2 * cfg.shout_min_letters + 1:
                continue
            for start, end in _shouts(text, m.start(), m.end(), cfg):
                shouts += 1
                spans.append(Span(start, end, SIGNAL, "shouting"))
    return shouts


def compute(doc: Document, config: ToneConfig | None = None) -> SignalResult:
    cfg = config or ToneConfig()
    n_words = len(doc.main_tokens)
    boiler = doc.line_boilerplate
    spans: list[Span] = []

    loaded = 0
    for match in load_phrases("tone_loaded").finditer(doc.tok_lower, doc.tok_sent):
        if not boiler[doc.tok_line[match.first]]:
            loaded += 1
            spans.append(Span(doc.tok_start[match.first], doc.tok_end[match.last], SIGNAL, f"loaded_{match.tag}"))

    exclamations = 0
    text = doc.text
    if "!" in text:
        for line in range(doc.n_lines):
            s, e = doc.line_start[line], doc.line_end[line]
            if not boiler[line] and "!" in text[s:e]:
                for m in _EXCLAMATION.finditer(text, s, e):
                    exclamations += 1
                    spans.append(Span(m.start(), m.end(), SIGNAL, "exclamation"))
    shouts = _shouting(doc, cfg, spans)

    main_sentences = len(doc.sent_line) - sum(map(boiler.__getitem__, doc.sent_line))
    questions = 0
    norm, sentences = doc.norm, doc.sentences
    # Only a sentence holding a "?" can be a question: the sentences are
    # found from the marks (few), not by a Python step per sentence.
    asked: set[int] = set()
    if "?" in norm:
        starts = list(map(itemgetter(0), sentences))
        asked = {bisect_right(starts, m.start()) - 1 for m in _QUESTION_MARK.finditer(norm)}
    for k in sorted(asked - {-1}):
        s, e = sentences[k]
        if not boiler[doc.sent_line[k]] and (norm[e - 1] == "?" or norm[s:e].rstrip("\"')]").endswith("?")):
            questions += 1
            spans.append(Span(s, e, SIGNAL, "question"))

    spans.sort()
    return SignalResult(
        {
            "tone_loaded_words_per_1k_words": doc.per_1k(loaded),
            # "?!?!?!" is three runs: capped at one a word, so the rate stays
            # inside its documented range (1,000) on punctuation-only lines.
            "tone_exclamations_per_1k_words": doc.per_1k(min(exclamations, n_words)),
            "tone_shouting_per_1k_words": doc.per_1k(shouts),
            "tone_question_share": questions / main_sentences if main_sentences else 0.0,
        },
        spans,
    )
