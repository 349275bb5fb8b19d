"""language: the detected language as features, and the lines in another one.

Design
------
The language of the main content is decided once, by ``credscore.langid``
inside ``Document.from_text``; this module reports that decision and its
evidence (``Document.language``) as features, and looks for lines written in
another language than the page.

Lines in another language (seed 002's Spanish sidebar heading "Últimas
publicaciones" on an English page) are found per line with cheap evidence
only: a line is another language when it has *no* function word of the page's
language, at least two votes for one other language (its function words,
letters such as ñ, ã or ß, endings such as -ción or -heit, "¿"/"¡") and more
votes than any other, and, on an English page, when at least half of its words
are not English words (the CMU Pronouncing Dictionary, through
``lexicon.english_syllable_table``), so that "Ursula von der Leyen" or "Los
Angeles Times" stay English. Lines in another script count too. langdetect is
asked about at most ``max_line_langdetect`` undecided lines of three words or
more (it is unreliable on shorter snippets: 82 of 600 English snippets of 2
to 6 words came back non-English), so a document costs at most three calls.

On an English page a line whose words are all English function words cannot
vote for another language (each of its words votes for English too), so it
is settled without counting: a page of a million one-word lines ("a\\n" * n)
costs set lookups, not a vote count per line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import not_
from typing import TYPE_CHECKING

from .. import langid
from ..langid import (
    HAS_LETTER,
    LETTER_LANGUAGES,
    SCRIPT_LANGUAGE,
    SCRIPT_ONE_LANGUAGE,
    all_other_function_words,
    dominant_script,
    english_function_words,
    other_function_words,
    ranked,
    script_of,
    words_of,
)
from ..lexicon import english_syllable_table, load_tagged
from ..types import FeatureSpec, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "language"
#: Where this family runs, and where its features appear in every output.
ORDER = 30


@dataclass(frozen=True)
class LanguageConfig:
    """Thresholds of the other-language line search (the page's own language
    is decided by ``credscore.langid.LangidConfig``)."""

    #: langdetect's probability below which its answer on a line is not taken
    #: (the page-level bar, ``LangidConfig.langdetect_min_probability``).
    line_langdetect_min_probability: float = 0.90
    #: Lines given to langdetect per document: with the page-level call, at
    #: most three calls (about 1.4 ms each, see ``credscore.langid``).
    max_line_langdetect: int = 2


CONFIG = LanguageConfig

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "language_is_english",
        "1 when the main content is English (English lexical signals apply), else 0.",
        0.0, 1.0, "neutral",
        reason=ReasonText("the main content is English", (), "yes_no", "the main content is not English"),
        why_not_in_model="context: which language, not how credible",
    ),
    FeatureSpec(
        "language_english_function_word_share",
        "Share of main-content words (first 5,000) that are English function words; "
        "low in lists, keyword stuffing and non-English text.",
        0.0, 1.0, "lower_worse",
        reason=ReasonText("of words are English function words", (), "share"),
        why_not_in_model="context: a language-identification statistic",
    ),
    FeatureSpec(
        "language_non_latin_char_share",
        "Share of main-content letters (first 5,000 words) outside the Latin script.",
        0.0, 1.0, "neutral",
        reason=ReasonText("of letters are outside the Latin script", (), "share"),
        why_not_in_model="context: which script, not how credible",
    ),
    FeatureSpec(
        "language_other_language_line_share",
        "Share of lines with words that are clearly in another language than the page.",
        0.0, 1.0, "higher_worse",
        reason=ReasonText("of lines are in another language than the main content", ("language/other_language:*",),
                          "share"),
        in_model=True,
    ),
)


@lru_cache(maxsize=1)
def _unambiguous_english() -> frozenset[str]:
    """English function words that no other listed language uses: on a line,
    "a" or "in" do not show English ("il a annoncé", "in Italia")."""
    return english_function_words() - all_other_function_words().keys()


@lru_cache(maxsize=1)
def _suffixes() -> tuple[tuple[int, ...], dict[str, tuple[str, ...]]]:
    table = {suffix: tuple(tag.split(",")) for suffix, tag in load_tagged("language_suffixes").items()}
    return tuple(sorted({len(s) for s in table})), table


def _line_votes(doc: Document, line: int, words: list[str]) -> tuple[dict[str, int], dict[str, int], int]:
    """Votes per language for one line (function words, telltale letters,
    endings, Spanish inverted marks), its non-Latin letters by script, and its
    Latin letters. Called only on lines without the page's function words."""
    english = english_function_words()
    others = all_other_function_words()
    lengths, suffixes = _suffixes()
    votes: dict[str, int] = {}
    scripts: dict[str, int] = {}
    latin = 0
    for tok in words:
        if tok in english:  # shared ones ("a", "in") vote for every language using them
            for lang in ("en",) + others.get(tok, ()):
                votes[lang] = votes.get(lang, 0) + 1
            continue
        cast: set[str] = set(others.get(tok, ()))
        if tok.isascii():
            latin += len(tok)
        else:
            for ch in tok:
                if not ch.isalpha():
                    continue
                script = "latn" if ch <= "\u024f" else script_of(ch)
                if script == "latn":
                    latin += 1
                    cast.update(LETTER_LANGUAGES.get(ch, ()))
                else:
                    scripts[script] = scripts.get(script, 0) + 1
        for n in lengths:
            if len(tok) >= n + 2 and tok[-n:] in suffixes:
                cast.update(suffixes[tok[-n:]])
        for lang in cast:
            votes[lang] = votes.get(lang, 0) + 1
    text = doc.line_text(line)
    if "¿" in text or "¡" in text:
        votes["es"] = votes.get("es", 0) + 1
    return votes, scripts, latin


def _mostly_not_english(words: list[str]) -> bool:
    vocabulary = english_syllable_table()
    english = english_function_words()
    unknown = sum(1 for w in words if w not in vocabulary and w not in english)
    return 2 * unknown >= len(words)


#: Below this many open lines, settling lines of English function words
#: costs more (a pass over every token) than counting their votes would.
_SETTLE_MIN_LINES = 64
#: Pages averaging at least this many tokens a line are screened line by
#: line, each line's tests stopping at the first token that settles them (a
#: function word comes within a few words of prose): 5 times cheaper than
#: mapped passes over every token on news. Pages of short lines ("a\n" * n)
#: keep the passes: a Python step per line would cost them 3 times more.
_LINE_BY_LINE_MIN_TOKENS = 8


@lru_cache(maxsize=64)
def _own_words(code: str) -> frozenset[str]:
    """Function words that show a line is in the page's language ``code``."""
    if code == "en":
        return _unambiguous_english()
    return frozenset(w for w, langs in other_function_words().items() if code in langs)


def _candidate_lines(doc: Document) -> tuple[list[int], int]:
    """Lines that may be in another language, and the number of lines with a
    word. Most lines are settled here, by a function word of the page's
    language (or, on an English page, by having nothing but English function
    words and no Spanish inverted mark); such a line cannot vote for another
    language, so settling it never changes what is found."""
    if len(doc.tok_lower) < _LINE_BY_LINE_MIN_TOKENS * len(doc.content_lines):
        return _candidate_lines_by_token(doc)
    lower, english, own_words = doc.tok_lower, english_function_words(), _own_words(doc.language.code)
    settle = doc.language.code == "en"
    marks = settle and ("¿" in doc.text or "¡" in doc.text)
    found: list[int] = []
    with_words = 0
    for line, first, end in zip(count(), doc.line_tok_start, doc.line_tok_end):
        tokens = lower[first:end]
        if not (any(map(str.isalpha, tokens)) or any(map(HAS_LETTER, tokens))):
            continue
        with_words += 1
        if not own_words.isdisjoint(tokens):
            continue
        if settle and english.issuperset(tokens) and not (marks and _has_mark(doc, line)):
            continue
        found.append(line)
    return found, with_words


def _has_mark(doc: Document, line: int) -> bool:
    return "¿" in doc.line_text(line) or "¡" in doc.line_text(line)


def _candidate_lines_by_token(doc: Document) -> tuple[list[int], int]:
    """``_candidate_lines`` with mapped passes over every token."""
    page = doc.language
    lower, tok_line = doc.tok_lower, doc.tok_line
    alphabetic = list(map(str.isalpha, lower))
    word_lines = set(compress(tok_line, alphabetic))
    for i in compress(range(len(lower)), map(not_, alphabetic)):  # "covid-19", "1,362"
        if tok_line[i] not in word_lines and HAS_LETTER(lower[i]):
            word_lines.add(tok_line[i])
    own_words = _own_words(page.code)
    open_lines = word_lines - set(compress(tok_line, map(own_words.__contains__, lower)))
    if page.code == "en" and len(open_lines) > _SETTLE_MIN_LINES:
        english = english_function_words()
        unsettled = set(compress(tok_line, map(not_, map(english.__contains__, lower))))
        if "¿" in doc.text or "¡" in doc.text:
            unsettled.update(i for i in open_lines if _has_mark(doc, i))
        open_lines &= unsettled
    return sorted(open_lines), len(word_lines)


def _other_language_lines(doc: Document, cfg: LanguageConfig) -> tuple[list[tuple[int, str]], int]:
    """(line, code) of each line in another language, and the lines with words."""
    page = doc.language
    if page.code == "unknown":
        return [], 0
    candidates, with_words = _candidate_lines(doc)
    found: list[tuple[int, str]] = []
    langdetect_left = cfg.max_line_langdetect
    for line in candidates:
        words = words_of(doc.tok_lower, range(doc.line_tok_start[line], doc.line_tok_end[line]))
        votes, scripts, latin = _line_votes(doc, line, words)
        non_latin = sum(scripts.values())
        if non_latin >= 2 and non_latin >= latin:
            script = dominant_script(scripts)
            if script != page.script:
                found.append((line, SCRIPT_LANGUAGE[script] if script in SCRIPT_ONE_LANGUAGE else script))
            continue
        if page.script != "latn":
            continue  # Latin words on a non-Latin page: names and brands, mostly
        by_votes = ranked(votes)
        if not by_votes or votes.get(page.code, 0) >= by_votes[0][1]:
            continue  # no evidence, or the page's language is (jointly) ahead
        code = ""
        if by_votes[0][1] >= 2 and (len(by_votes) == 1 or by_votes[0][1] > by_votes[1][1]):
            code = by_votes[0][0]
        elif len(words) >= 3 and langdetect_left > 0:
            langdetect_left -= 1
            # A line of mostly English words on an English page is dropped
            # below whatever langdetect says (each call is seeded afresh, so
            # skipping one changes no other answer): it is not asked.
            if page.code != "en" or _mostly_not_english(words):
                guess = langid.langdetect(doc.line_text(line))
                if guess and guess[1] >= cfg.line_langdetect_min_probability:
                    code = guess[0]
        if not code or code == page.code:
            continue
        if page.code == "en" and not _mostly_not_english(words):
            continue
        found.append((line, code))
    return found, with_words


def compute(doc: Document, config: LanguageConfig | None = None) -> SignalResult:
    cfg = config or LanguageConfig()
    info = doc.language
    lines, with_words = _other_language_lines(doc, cfg)
    spans = [Span(*doc.trimmed(line), SIGNAL, f"other_language:{code}") for line, code in lines]
    return SignalResult(
        {
            "language_is_english": 1.0 if info.english else 0.0,
            "language_english_function_word_share": info.english_function_word_share,
            "language_non_latin_char_share": info.non_latin_share,
            "language_other_language_line_share": len(lines) / with_words if with_words else 0.0,
        },
        spans,
    )
