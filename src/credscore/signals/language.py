"""language: which language the main content is in, and which lines are not.

Design
------
English lexical signals (hedging, attribution, style...) mean nothing on a
German page, so ``detect`` decides once per document whether they apply;
``extract`` then reports them as NaN. It runs inside ``Document.from_text``
after boilerplate lines are known, so it reads main-content tokens only.

Cheap evidence first, because langdetect costs about 3 ms a call even on 200
characters (``../shared/notes/dependencies.md``) and the budget for all of
``extract`` is about 4 ms a document:

1. Script: letters are counted by Unicode block. A page whose letters are
   mostly non-Latin is settled by its script where the script names one
   language (Hangul, kana, Thai, Greek, Hebrew, Georgian, Armenian), and by one
   langdetect call where it does not (Cyrillic, Arabic, Han, Devanagari...).
2. Function words: the share of words that are English function words
   (``stopwords_en``), against the function words of Spanish, Portuguese,
   French, German, Italian and Dutch (``language_stopwords``). On ReCOVery's
   2,069 English articles the share is 29 % at the lowest, 34 % at the 1st
   percentile and 45 % at the median; German or Spanish prose has almost none
   of them. (Grefenstette 1995, "Comparing two language identification
   schemes", compared this "short words" method with trigram models; it
   does well once a text has a few dozen words.) A clear majority settles it.
3. Only when neither settles it, langdetect (seeded, so deterministic) reads
   the first ``SAMPLE_CHARS`` characters of main content, and its answer is
   taken when its probability reaches ``LANGDETECT_MIN_PROBABILITY``.

Empty text, or text without letters (numbers only), has nothing to score: its
language is ``"unknown"`` and English signals do not apply.

Lines in another language (seed 002's Spanish sidebar heading "Últimas
publicaciones" on an English page) are found per line with cheap evidence
only: a line is another language when it has *no* function word of the page's
language, at least two votes for one other language (its function words,
letters such as ñ, ã or ß, endings such as -ción or -heit, "¿"/"¡") and more
votes than any other, and, on an English page, when at least half of its words
are not English words (the CMU Pronouncing Dictionary, shared with
``signals.readability``), so that "Ursula von der Leyen" or "Los Angeles
Times" stay English. Lines in another script count too. langdetect is asked
about at most ``MAX_LINE_LANGDETECT`` undecided lines of three words or more
(it is unreliable on shorter snippets: 82 of 600 English snippets of 2 to 6
words came back non-English), so a document costs at most three calls.
"""

from __future__ import annotations

import logging
import re
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import not_
from typing import TYPE_CHECKING

from ..lexicon import load_tagged, load_words
from ..types import FeatureSpec, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "language"
logger = logging.getLogger(__name__)

#: Characters of main content given to langdetect. Its own limit is 10,000;
#: on 1,000 characters it runs at 2.6 MB/s against 0.69 on whole documents
#: (dependencies.md), and 1,500 characters is about 250 words, well past the
#: length where n-gram identification stops improving.
SAMPLE_CHARS = 1500
#: Words read to decide the document's language. Deciding costs a set lookup
#: per word, but a bound keeps 1 MB inputs cheap.
MAX_WORDS = 5000
#: English prose: at least 29 % function words on every ReCOVery article
#: (median 45 %); below 20 % a text is a list, a table or not English, and
#: langdetect decides (Gopher's quality filter asks for just 2 of 8 stop
#: words, a far weaker test).
EN_MIN_SHARE = 0.20
#: Another language's function words needed to call the page that language
#: without langdetect. Our lists are shorter than the English one, so the bar
#: is lower; anything in between goes to langdetect.
OTHER_MIN_SHARE = 0.15
#: langdetect's probability below which its answer is not taken.
LANGDETECT_MIN_PROBABILITY = 0.90
#: A stricter bar for single lines, which are short.
LINE_LANGDETECT_MIN_PROBABILITY = 0.90
MAX_LINE_LANGDETECT = 2
#: Letters above which a script counts as the page's (or a line's) script.
SCRIPT_MAJORITY = 0.5

#: Unicode blocks to ISO 15924 script codes (lower case). Anything else that
#: is a letter and not listed counts as "zyyy" (some other script).
_SCRIPT_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x024F, "latn"), (0x0370, 0x03FF, "grek"), (0x0400, 0x052F, "cyrl"),
    (0x0530, 0x058F, "armn"), (0x0590, 0x05FF, "hebr"), (0x0600, 0x06FF, "arab"),
    (0x0750, 0x077F, "arab"), (0x08A0, 0x08FF, "arab"), (0x0900, 0x097F, "deva"),
    (0x0E00, 0x0E7F, "thai"), (0x10A0, 0x10FF, "geor"), (0x1100, 0x11FF, "hang"),
    (0x1E00, 0x1EFF, "latn"), (0x1F00, 0x1FFF, "grek"), (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "hang"), (0x3400, 0x4DBF, "hani"), (0x4E00, 0x9FFF, "hani"),
    (0xAC00, 0xD7AF, "hang"), (0xF900, 0xFAFF, "hani"), (0xFB50, 0xFDFF, "arab"),
    (0xFE70, 0xFEFF, "arab"),
)
_BLOCK_STARTS = [start for start, _, _ in _SCRIPT_BLOCKS]
#: Scripts that name one language, and the language assumed for the others
#: when langdetect cannot say.
_SCRIPT_LANGUAGE = {
    "hang": "ko", "kana": "ja", "thai": "th", "grek": "el", "hebr": "he", "geor": "ka",
    "armn": "hy", "cyrl": "ru", "arab": "ar", "hani": "zh", "deva": "hi",
}
_SCRIPT_ONE_LANGUAGE = frozenset({"hang", "kana", "thai", "grek", "hebr", "geor", "armn"})

#: Letters that English words do not use, with the languages that do.
_LETTER_LANGUAGES: dict[str, tuple[str, ...]] = {
    "ñ": ("es",), "ã": ("pt",), "õ": ("pt",), "ß": ("de",), "ä": ("de",), "ö": ("de",),
    "ü": ("de",), "œ": ("fr",), "ç": ("fr", "pt"), "è": ("fr", "it"), "ù": ("fr", "it"),
    "à": ("fr", "it", "pt"), "ê": ("fr", "pt"), "ô": ("fr", "pt"), "â": ("fr", "pt"),
    "î": ("fr",), "û": ("fr",), "ë": ("fr", "nl"), "ï": ("fr", "nl"), "ì": ("it",),
    "ò": ("it",), "á": ("es", "pt"), "í": ("es", "pt"), "ó": ("es", "pt"),
    "ú": ("es", "pt"), "é": ("es", "pt", "fr", "it"),
}
#: Deterministic tie-break order for vote counts.
_LANGUAGE_ORDER = ("en", "es", "pt", "fr", "de", "it", "nl")

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


@dataclass(frozen=True)
class LanguageInfo:
    code: str  # ISO 639-1 code as langdetect gives it, or "unknown"
    english: bool  # whether English lexical signals apply
    method: str  # how it was settled: "stopwords", "script", "langdetect", "empty", "no_letters"...
    probability: float | None = None  # langdetect's, when it was asked
    script: str = "latn"  # ISO 15924 code of the main content's dominant script
    english_function_word_share: float = 0.0  # of main-content words
    non_latin_share: float = 0.0  # of main-content letters

    @classmethod
    def unknown(cls) -> LanguageInfo:
        return cls("unknown", False, "none")


# -- lexicons -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _english_function_words() -> frozenset[str]:
    return load_words("stopwords_en")


@lru_cache(maxsize=1)
def _all_other_function_words() -> dict[str, tuple[str, ...]]:
    """Every entry of ``language_stopwords``, English look-alikes included."""
    return {word: tuple(tag.split(",")) for word, tag in load_tagged("language_stopwords").items()}


@lru_cache(maxsize=1)
def _other_function_words() -> dict[str, tuple[str, ...]]:
    """Other languages' function words that are not English function words."""
    english = _english_function_words()
    return {w: langs for w, langs in _all_other_function_words().items() if w not in english}


@lru_cache(maxsize=1)
def _unambiguous_english() -> frozenset[str]:
    """English function words that no other listed language uses: on a line,
    "a" or "in" do not show English ("il a annoncé", "in Italia")."""
    return _english_function_words() - _all_other_function_words().keys()


@lru_cache(maxsize=1)
def _suffixes() -> tuple[tuple[int, ...], dict[str, tuple[str, ...]]]:
    table = {suffix: tuple(tag.split(",")) for suffix, tag in load_tagged("language_suffixes").items()}
    return tuple(sorted({len(s) for s in table})), table


def _script(ch: str) -> str:
    cp = ord(ch)
    i = bisect_right(_BLOCK_STARTS, cp) - 1
    if i >= 0 and cp <= _SCRIPT_BLOCKS[i][1]:
        return _SCRIPT_BLOCKS[i][2]
    return "zyyy"


_HAS_LETTER = re.compile(r"[^\W\d_]").search


def _words(lower: list[str], token_ids: list[int] | range) -> list[str]:
    """The tokens that contain a letter (str.isalpha settles most at C speed)."""
    return [t for t in (lower[i] for i in token_ids) if t.isalpha() or _HAS_LETTER(t)]


# -- langdetect, seeded and set up once -----------------------------------------

_LANGDETECT_LOCK = threading.Lock()
_factory = None


def _langdetect(text: str) -> tuple[str, float] | None:
    """langdetect's best language and probability, or None when it finds no
    features (empty, URL-only or unknown-script input)."""
    global _factory
    if _factory is None:
        with _LANGDETECT_LOCK:  # first-use set-up is not thread-safe
            if _factory is None:
                from langdetect import DetectorFactory, detector_factory

                DetectorFactory.seed = 0  # before any detector exists: deterministic
                detector_factory.init_factory()
                _factory = detector_factory._factory
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector = _factory.create()
        detector.append(text)
        best = detector.get_probabilities()
    except LangDetectException:
        return None
    except Exception:  # a third-party bug must not lose the document
        logger.exception("langdetect failed")
        return None
    if not best:
        return None
    return best[0].lang, float(best[0].prob)


# -- evidence -------------------------------------------------------------------


@dataclass
class _Evidence:
    words: int = 0
    english: int = 0
    latin_letters: int = 0
    other_letters: int = 0

    @property
    def english_share(self) -> float:
        return self.english / self.words if self.words else 0.0

    @property
    def non_latin_share(self) -> float:
        letters = self.latin_letters + self.other_letters
        return self.other_letters / letters if letters else 0.0


def _evidence(lower: list[str], token_ids: list[int]) -> tuple[_Evidence, dict[str, int], dict[str, int]]:
    """Counts over the first ``MAX_WORDS`` words: English function words,
    other languages' function words, and letters by script."""
    others = _other_function_words()
    words = _words(lower, token_ids[: 2 * MAX_WORDS])[:MAX_WORDS]
    ev = _Evidence(len(words), sum(map(_english_function_words().__contains__, words)))
    votes: dict[str, int] = {}
    for word in filter(others.__contains__, words):
        for lang in others[word]:
            votes[lang] = votes.get(lang, 0) + 1
    scripts: dict[str, int] = {}
    ev.latin_letters = sum(map(len, filter(str.isascii, words)))
    for word in words:
        if word.isascii():
            continue
        for ch in word:
            if ch.isalpha():
                script = "latn" if ch <= "\u024f" else _script(ch)
                if script == "latn":
                    ev.latin_letters += 1
                else:
                    ev.other_letters += 1
                    scripts[script] = scripts.get(script, 0) + 1
    return ev, votes, scripts


def _ranked(votes: dict[str, int]) -> list[tuple[str, int]]:
    order = {lang: k for k, lang in enumerate(_LANGUAGE_ORDER)}
    return sorted(votes.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99), kv[0]))


def _main_token_ids(doc: Document) -> list[int]:
    # A page that is all furniture still has a language.
    return doc.main_tokens if doc.main_tokens else list(range(len(doc.tok_lower)))


def _sample(doc: Document) -> str:
    parts: list[str] = []
    size = 0
    for i in range(doc.n_lines):
        if doc.line_boilerplate[i] and doc.main_tokens:
            continue
        line = doc.line_text(i).strip()
        if line:
            parts.append(line)
            size += len(line) + 1
            if size >= SAMPLE_CHARS:
                break
    return "\n".join(parts)[:SAMPLE_CHARS]


def _dominant_script(scripts: dict[str, int]) -> str:
    script = min(scripts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if script == "hani" and scripts.get("kana", 0) * 10 >= scripts["hani"]:
        return "kana"  # Japanese: kanji with kana, one writing system
    return script


def detect(doc: Document) -> LanguageInfo:
    """The language of the main content (see the module docstring)."""
    if not doc.text.strip():
        return LanguageInfo("unknown", False, "empty")
    ev, votes, scripts = _evidence(doc.tok_lower, _main_token_ids(doc))
    if ev.words == 0:
        return LanguageInfo("unknown", False, "no_letters")
    shares = {"english_function_word_share": ev.english_share, "non_latin_share": ev.non_latin_share}
    if ev.non_latin_share >= SCRIPT_MAJORITY:
        script = _dominant_script(scripts)
        fallback = _SCRIPT_LANGUAGE.get(script, "unknown")
        if script in _SCRIPT_ONE_LANGUAGE:
            return LanguageInfo(fallback, False, "script", None, script, **shares)
        found = _langdetect(_sample(doc))
        if found and found[1] >= LANGDETECT_MIN_PROBABILITY and found[0] != "en":
            return LanguageInfo(found[0], False, "script+langdetect", found[1], script, **shares)
        return LanguageInfo(fallback, False, "script", None, script, **shares)
    ranked = _ranked(votes)
    other, other_n = ranked[0] if ranked else ("", 0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if ev.english_share >= EN_MIN_SHARE and ev.english >= 2 * other_n:
        return LanguageInfo("en", True, "stopwords", **shares)
    if (
        other_n >= 3
        and other_n / ev.words >= OTHER_MIN_SHARE
        and other_n >= 2 * ev.english
        and other_n * 4 >= runner_up * 5  # Spanish and Portuguese share many words
        and other_n > runner_up
    ):
        return LanguageInfo(other, False, "stopwords", **shares)
    found = _langdetect(_sample(doc))
    if found is None:
        return LanguageInfo("unknown", False, "langdetect_failed", **shares)
    code, probability = found
    if probability < LANGDETECT_MIN_PROBABILITY:
        return LanguageInfo("unknown", False, "langdetect_unsure", probability, **shares)
    return LanguageInfo(code, code == "en", "langdetect", probability, **shares)


# -- per-line other language ----------------------------------------------------


def _line_votes(doc: Document, line: int, words: list[str]) -> tuple[dict[str, int], dict[str, int], int]:
    """Votes per language for one line (function words, telltale letters,
    endings, Spanish inverted marks), its non-Latin letters by script, and its
    Latin letters. Called only on lines without the page's function words."""
    english = _english_function_words()
    others = _all_other_function_words()
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
                script = "latn" if ch <= "\u024f" else _script(ch)
                if script == "latn":
                    latin += 1
                    cast.update(_LETTER_LANGUAGES.get(ch, ()))
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
    from .readability import english_syllable_table

    vocabulary = english_syllable_table()
    english = _english_function_words()
    unknown = sum(1 for w in words if w not in vocabulary and w not in english)
    return 2 * unknown >= len(words)


def _other_language_lines(doc: Document) -> tuple[list[tuple[int, str]], int]:
    """(line, code) of each line in another language, and the lines with words."""
    page = doc.language
    if page.code == "unknown":
        return [], 0
    lower, tok_line = doc.tok_lower, doc.tok_line
    # Lines holding a word, and lines holding a function word of the page's
    # language, found with C-speed maps: most lines are settled here.
    alphabetic = list(map(str.isalpha, lower))
    word_lines = set(compress(tok_line, alphabetic))
    for i in compress(range(len(lower)), map(not_, alphabetic)):  # "covid-19", "1,362"
        if tok_line[i] not in word_lines and _HAS_LETTER(lower[i]):
            word_lines.add(tok_line[i])
    if page.code == "en":
        own_words = _unambiguous_english()
    else:
        own_words = frozenset(w for w, langs in _other_function_words().items() if page.code in langs)
    settled = set(compress(tok_line, map(own_words.__contains__, lower)))
    found: list[tuple[int, str]] = []
    langdetect_left = MAX_LINE_LANGDETECT
    for line in sorted(word_lines - settled):
        tokens = range(bisect_left(tok_line, line), bisect_right(tok_line, line))
        words = _words(lower, tokens)
        votes, scripts, latin = _line_votes(doc, line, words)
        non_latin = sum(scripts.values())
        if non_latin >= 2 and non_latin >= latin:
            script = _dominant_script(scripts)
            if script != page.script:
                found.append((line, _SCRIPT_LANGUAGE[script] if script in _SCRIPT_ONE_LANGUAGE else script))
            continue
        if page.script != "latn":
            continue  # Latin words on a non-Latin page: names and brands, mostly
        ranked = _ranked(votes)
        if not ranked or votes.get(page.code, 0) >= ranked[0][1]:
            continue  # no evidence, or the page's language is (jointly) ahead
        code = ""
        if ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            code = ranked[0][0]
        elif len(words) >= 3 and langdetect_left > 0:
            langdetect_left -= 1
            guess = _langdetect(doc.line_text(line))
            if guess and guess[1] >= LINE_LANGDETECT_MIN_PROBABILITY:
                code = guess[0]
        if not code or code == page.code:
            continue
        if page.code == "en" and not _mostly_not_english(words):
            continue
        found.append((line, code))
    return found, len(word_lines)


def compute(doc: Document) -> SignalResult:
    info = doc.language
    if info.method == "none":  # built without detection: measure here
        ev, _, _ = _evidence(doc.tok_lower, _main_token_ids(doc))
        english_share, non_latin_share = ev.english_share, ev.non_latin_share
    else:
        english_share, non_latin_share = info.english_function_word_share, info.non_latin_share
    lines, with_words = _other_language_lines(doc)
    text = doc.text
    spans = []
    for line, code in lines:
        start, end = doc.line_start[line], doc.line_end[line]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append(Span(start, end, SIGNAL, f"other_language:{code}"))
    return SignalResult(
        {
            "language_is_english": 1.0 if info.english else 0.0,
            "language_english_function_word_share": english_share,
            "language_non_latin_char_share": non_latin_share,
            "language_other_language_line_share": len(lines) / with_words if with_words else 0.0,
        },
        spans,
    )
