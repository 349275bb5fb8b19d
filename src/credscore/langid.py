"""Language identification: which language a document's main content is in.

Design
------
English lexical signals (hedging, attribution, style...) mean nothing on a
German page, so :func:`detect` decides once per document whether they apply;
``extract`` then reports them as NaN. It is a step of
``Document.from_text``, run after line classification (``credscore.lines``),
so it reads main-content tokens only.

Cheap evidence first, because langdetect costs about 1.4 ms a call even on
200 characters (measured by us: the mean of 50 warm calls on a 200-character
English sentence) and all of ``extract`` takes about 4 ms a document:

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
3. Only when neither settles it, langdetect (Shuyo 2010's n-gram profiles,
   seeded, so deterministic) reads the first ``sample_chars`` characters of
   main content, and its answer is taken when its probability reaches
   ``langdetect_min_probability``.

Empty text, or text without letters (numbers only), has nothing to score: its
language is ``"unknown"`` and English signals do not apply.

The script table, the function-word tables and the seeded langdetect call are
shared with ``signals.language``, which finds the lines in another language.
"""

from __future__ import annotations

import logging
import re
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse
from typing import TYPE_CHECKING, Any

from .lexicon import load_tagged, load_words

if TYPE_CHECKING:
    from .document import Document

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LangidConfig:
    """Thresholds of :func:`detect`."""

    #: Characters of main content given to langdetect. Its own limit is
    #: 10,000; 1,500 characters is about 250 words, well past the length where
    #: n-gram identification stops improving, and keeps one call near 1 ms.
    sample_chars: int = 1500
    #: Words read to decide the document's language. Deciding costs a set
    #: lookup per word, but a bound keeps 1 MB inputs cheap.
    max_words: int = 5000
    #: English prose: at least 29 % function words on every ReCOVery article
    #: (median 45 %); below 20 % a text is a list, a table or not English, and
    #: langdetect decides (Gopher's quality filter asks for just 2 of 8 stop
    #: words, a far weaker test).
    en_min_share: float = 0.20
    #: Another language's function words needed to call the page that
    #: language without langdetect. Our lists are shorter than the English
    #: one, so the bar is lower; anything in between goes to langdetect.
    other_min_share: float = 0.15
    #: langdetect's probability below which its answer is not taken.
    langdetect_min_probability: float = 0.90
    #: Letters above which a script counts as the page's (or a line's) script.
    script_majority: float = 0.5

#: Unicode blocks to ISO 15924 script codes (lower case). Anything else that
#: is a letter and not listed counts as "zyyy" (some other script).
SCRIPT_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x024F, "latn"), (0x0370, 0x03FF, "grek"), (0x0400, 0x052F, "cyrl"),
    (0x0530, 0x058F, "armn"), (0x0590, 0x05FF, "hebr"), (0x0600, 0x06FF, "arab"),
    (0x0750, 0x077F, "arab"), (0x08A0, 0x08FF, "arab"), (0x0900, 0x097F, "deva"),
    (0x0E00, 0x0E7F, "thai"), (0x10A0, 0x10FF, "geor"), (0x1100, 0x11FF, "hang"),
    (0x1E00, 0x1EFF, "latn"), (0x1F00, 0x1FFF, "grek"), (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "hang"), (0x3400, 0x4DBF, "hani"), (0x4E00, 0x9FFF, "hani"),
    (0xAC00, 0xD7AF, "hang"), (0xF900, 0xFAFF, "hani"), (0xFB50, 0xFDFF, "arab"),
    (0xFE70, 0xFEFF, "arab"),
)
_BLOCK_STARTS = [start for start, _, _ in SCRIPT_BLOCKS]
#: Scripts that name one language, and the language assumed for the others
#: when langdetect cannot say.
SCRIPT_LANGUAGE = {
    "hang": "ko", "kana": "ja", "thai": "th", "grek": "el", "hebr": "he", "geor": "ka",
    "armn": "hy", "cyrl": "ru", "arab": "ar", "hani": "zh", "deva": "hi",
}
SCRIPT_ONE_LANGUAGE = frozenset({"hang", "kana", "thai", "grek", "hebr", "geor", "armn"})

#: Letters that English words do not use, with the languages that do.
LETTER_LANGUAGES: dict[str, tuple[str, ...]] = {
    "ñ": ("es",), "ã": ("pt",), "õ": ("pt",), "ß": ("de",), "ä": ("de",), "ö": ("de",),
    "ü": ("de",), "œ": ("fr",), "ç": ("fr", "pt"), "è": ("fr", "it"), "ù": ("fr", "it"),
    "à": ("fr", "it", "pt"), "ê": ("fr", "pt"), "ô": ("fr", "pt"), "â": ("fr", "pt"),
    "î": ("fr",), "û": ("fr",), "ë": ("fr", "nl"), "ï": ("fr", "nl"), "ì": ("it",),
    "ò": ("it",), "á": ("es", "pt"), "í": ("es", "pt"), "ó": ("es", "pt"),
    "ú": ("es", "pt"), "é": ("es", "pt", "fr", "it"),
}
#: Deterministic tie-break order for vote counts.
LANGUAGE_ORDER = ("en", "es", "pt", "fr", "de", "it", "nl")


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
        """Detection was not asked for (``Document.from_text(detect_language=False)``)."""
        return cls("unknown", False, "none")


# -- lexicons -----------------------------------------------------------------


@lru_cache(maxsize=1)
def english_function_words() -> frozenset[str]:
    return load_words("stopwords_en")


@lru_cache(maxsize=1)
def all_other_function_words() -> dict[str, tuple[str, ...]]:
    """Every entry of ``language_stopwords``, English look-alikes included."""
    return {word: tuple(tag.split(",")) for word, tag in load_tagged("language_stopwords").items()}


@lru_cache(maxsize=1)
def other_function_words() -> dict[str, tuple[str, ...]]:
    """Other languages' function words that are not English function words."""
    english = english_function_words()
    return {w: langs for w, langs in all_other_function_words().items() if w not in english}


def script_of(ch: str) -> str:
    """ISO 15924 code (lower case) of a letter's Unicode block, "zyyy" when unlisted."""
    cp = ord(ch)
    i = bisect_right(_BLOCK_STARTS, cp) - 1
    if i >= 0 and cp <= SCRIPT_BLOCKS[i][1]:
        return SCRIPT_BLOCKS[i][2]
    return "zyyy"


HAS_LETTER = re.compile(r"[^\W\d_]").search


def letter_tokens(lower: list[str], token_ids: list[int] | range) -> list[int]:
    """The indices, in order, of the tokens that contain a letter. Mapped
    builtins settle the purely alphabetic majority at C speed; only the rest
    ("covid-19", "1,362") meet the regex."""
    alphabetic = list(map(str.isalpha, map(lower.__getitem__, token_ids)))
    if all(alphabetic):
        return list(token_ids)
    return [i for i, alpha in zip(token_ids, alphabetic) if alpha or HAS_LETTER(lower[i])]


def words_of(lower: list[str], token_ids: list[int] | range) -> list[str]:
    """The tokens that contain a letter."""
    return list(map(lower.__getitem__, letter_tokens(lower, token_ids)))


# -- langdetect, seeded and set up once -----------------------------------------

_LANGDETECT_LOCK = threading.Lock()
_factory: Any = None


def langdetect(text: str) -> tuple[str, float] | None:
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


def _evidence(doc: Document, max_words: int) -> tuple[_Evidence, dict[str, int], dict[str, int]]:
    """Counts over the first ``max_words`` words among the first ``2 *
    max_words`` tokens of the main content (of the page when none is main
    content): English function words, other languages' function words, and
    letters by script. The words are the Document's ``main_words``, which
    readability reads too."""
    others = other_function_words()
    lower, tokens = doc.tok_lower, doc.main_tokens or range(len(doc.tok_lower))
    limit = tokens[2 * max_words] if len(tokens) > 2 * max_words else len(lower)
    words = list(map(lower.__getitem__, doc.main_words[:min(bisect_left(doc.main_words, limit), max_words)]))
    ev = _Evidence(len(words), sum(map(english_function_words().__contains__, words)))
    votes: dict[str, int] = {}
    for word in filter(others.__contains__, words):
        for lang in others[word]:
            votes[lang] = votes.get(lang, 0) + 1
    scripts: dict[str, int] = {}
    # An ASCII word counts whole: its letters are Latin, and the digits and
    # marks of "covid-19" are counted with them. Most pages are ASCII
    # throughout, settled by one test of the joined words.
    joined = "".join(words)
    if joined.isascii():
        ev.latin_letters = len(joined)
        return ev, votes, scripts
    ev.latin_letters = sum(map(len, filter(str.isascii, words)))
    for word in filterfalse(str.isascii, words):
        for ch in word:
            if ch.isalpha():
                script = "latn" if ch <= "\u024f" else script_of(ch)
                if script == "latn":
                    ev.latin_letters += 1
                else:
                    ev.other_letters += 1
                    scripts[script] = scripts.get(script, 0) + 1
    return ev, votes, scripts


def ranked(votes: dict[str, int]) -> list[tuple[str, int]]:
    """Languages by votes, most first, ties in ``LANGUAGE_ORDER``."""
    order = {lang: k for k, lang in enumerate(LANGUAGE_ORDER)}
    return sorted(votes.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99), kv[0]))


def dominant_script(scripts: dict[str, int]) -> str:
    script = min(scripts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if script == "hani" and scripts.get("kana", 0) * 10 >= scripts["hani"]:
        return "kana"  # Japanese: kanji with kana, one writing system
    return script


def _sample(doc: Document, sample_chars: int) -> str:
    parts: list[str] = []
    size = 0
    for i in range(doc.n_lines):
        if doc.line_boilerplate[i] and doc.main_tokens:
            continue
        line = doc.line_text(i).strip()
        if line:
            parts.append(line)
            size += len(line) + 1
            if size >= sample_chars:
                break
    return "\n".join(parts)[:sample_chars]


def detect(doc: Document, config: LangidConfig | None = None) -> LanguageInfo:
    """The language of the main content (see the module docstring)."""
    cfg = config or LangidConfig()
    if not doc.text.strip():
        return LanguageInfo("unknown", False, "empty")
    # A page that is all furniture still has a language.
    ev, votes, scripts = _evidence(doc, cfg.max_words)
    if ev.words == 0:
        return LanguageInfo("unknown", False, "no_letters")
    def info(code: str, english: bool, method: str, probability: float | None = None,
             script: str = "latn") -> LanguageInfo:
        return LanguageInfo(code, english, method, probability, script, ev.english_share, ev.non_latin_share)

    if ev.non_latin_share >= cfg.script_majority:
        script = dominant_script(scripts)
        fallback = SCRIPT_LANGUAGE.get(script, "unknown")
        if script in SCRIPT_ONE_LANGUAGE:
            return info(fallback, False, "script", None, script)
        found = langdetect(_sample(doc, cfg.sample_chars))
        if found and found[1] >= cfg.langdetect_min_probability and found[0] != "en":
            return info(found[0], False, "script+langdetect", found[1], script)
        return info(fallback, False, "script", None, script)
    by_votes = ranked(votes)
    other, other_n = by_votes[0] if by_votes else ("", 0)
    runner_up = by_votes[1][1] if len(by_votes) > 1 else 0
    if ev.english_share >= cfg.en_min_share and ev.english >= 2 * other_n:
        return info("en", True, "stopwords")
    if (
        other_n >= 3
        and other_n / ev.words >= cfg.other_min_share
        and other_n >= 2 * ev.english
        and other_n * 4 >= runner_up * 5  # Spanish and Portuguese share many words
        and other_n > runner_up
    ):
        return info(other, False, "stopwords")
    found = langdetect(_sample(doc, cfg.sample_chars))
    if found is None:
        return info("unknown", False, "langdetect_failed")
    code, probability = found
    if probability < cfg.langdetect_min_probability:
        return info("unknown", False, "langdetect_unsure", probability)
    return info(code, code == "en", "langdetect", probability)
