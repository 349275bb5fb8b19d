"""The document model: one input, segmented once, read by every signal.

Design
------
Every offset in credscore points into ``Document.text``, the string the caller
gave (after bytes were decoded), so evidence spans can always be cut out of the
original. Normalisation therefore never changes length: ``Document.norm`` is
``text`` with curly quotes, dashes, odd spaces and invisible format characters
folded one-for-one (see ``_FOLD``), and lexicon matching happens on tokens,
where each token's lower-cased, folded form is stored once in ``tok_lower``.

Segmentation order matters, because later steps depend on earlier ones:

1. lines (``\\n``, ``\\r\\n`` or a lone ``\\r`` as old Mac files end lines;
   the ``\\r`` of ``\\r\\n`` is folded to a space, a lone one to ``\\n``);
2. paragraphs (runs of non-blank lines, split on blank lines, as Gopher does);
3. word tokens with offsets, each knowing its line;
4. which lines are page furniture (``signals.boilerplate.classify_lines``),
   so that every later signal can tell main content from boilerplate;
5. sentences, found inside each line (a line break always ends a sentence:
   on scraped pages a line is a heading, a list item or a paragraph);
6. the language of the main content (``signals.language.detect``), so that
   English-only lexical signals can step aside.

Tokens are kept as parallel lists of ints and strings rather than objects: a
10 KB page has about 1,700 tokens, and a signal loops over them several times.
"""

from __future__ import annotations

import re
import unicodedata
from operator import add
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from .lexicon import load_words

if TYPE_CHECKING:
    from .signals.language import LanguageInfo

#: One-for-one character folding, so ``norm`` has exactly ``text``'s offsets.
_FOLD: dict[str, str] = {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u2002": " ", "\u2003": " ", "\u3000": " ", "\t": " ", "\r": " ",
        "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u2060": " ", "\ufeff": " ",
        "\u2061": " ", "\u2062": " ", "\u2063": " ", "\u2064": " ",
}


#: A carriage return not followed by a line feed: a line end in old Mac files.
_LONE_CR = re.compile(r"\r(?!\n)")


def fold(text: str) -> str:
    """``text`` with ``_FOLD`` applied, and each lone ``\\r`` made a ``\\n``
    (one for one, so offsets stay). A ``str.replace`` per character that
    is present beats ``str.translate`` (which steps per character in Python
    objects) by about 4x on typical pages, where few of these occur."""
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    for char, replacement in _FOLD.items():
        if char in text:
            text = text.replace(char, replacement)
    return text


#: A word token, tried in this order: an initialism ("U.S", "e.g": the final
#: dot stays outside, for the sentence splitter), a number with separators
#: ("1,362", "3.5", "10:30"), or letters and digits joined by inner
#: apostrophes or hyphens ("don't", "Thomas-Greenfield", "COVID-19"). A dot
#: between two words is *not* inside a token, so the "stability.Emphasizing"
#: damage still yields two words. Underscore is not a letter.
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.)+[^\W\d_](?![^\W_])"
    r"|\d+(?:[.,:]\d+)+(?![^\W_])"
    r"|[^\W_]+(?:['\-][^\W_]+)*"
)

#: Sentence end: terminal punctuation, optional closing quotes/brackets, then
#: either white space or (the "end.Start" damage of seed 000) a capital letter.
#: A match starts only where a run of punctuation starts and takes the run
#: whole: otherwise "." * 100,000 + "x" is retried from every dot (quadratic,
#: 160 s). Every match is the same as without the guard, since a later start
#: in the run can only reach the ends the first start already tried.
_SENT_END = re.compile(r"(?<![.!?])[.!?]++['\")\]]*+(?=\s|$|[A-Z][a-z])")


#: Longest abbreviation the sentence splitter looks back for ("ph.d", "sept").
_ABBREV_MAX = 8


class Document:
    """A text segmented once. Build it with :meth:`from_text`.

    Attributes (all offsets into ``text``):

    - ``text``, ``norm``: the input and its same-length folded form.
    - ``url``, ``published``: what the caller knew, or ``None``.
    - ``line_start``, ``line_end``: line ``i`` is ``text[line_start[i]:line_end[i]]``.
    - ``line_tok_start``, ``line_tok_end``: its tokens are indices
      ``line_tok_start[i]`` up to (not including) ``line_tok_end[i]``.
    - ``line_boilerplate``: ``True`` where line ``i`` is page furniture;
      ``line_boilerplate_reason``: a short code for each such line, else ``""``.
    - ``paragraphs``: ``(start, end)`` of each run of non-blank lines.
    - ``sentences``: ``(start, end)`` of each sentence; ``sent_line`` its line.
    - ``tok_start``, ``tok_end``, ``tok_lower``, ``tok_line``, ``tok_sent``:
      one entry per word token.
    - ``main_tokens``: indices of the tokens on main-content lines.
    - ``language``: a :class:`~credscore.signals.language.LanguageInfo`.
    """

    __slots__ = (
        "text", "norm", "url", "published",
        "line_start", "line_end", "line_tok_start", "line_tok_end", "line_boilerplate", "line_boilerplate_reason",
        "paragraphs", "sentences", "sent_line",
        "tok_start", "tok_end", "tok_lower", "tok_line", "tok_sent",
        "main_tokens", "language",
    )

    text: str
    norm: str
    url: str | None
    published: date | None
    line_start: list[int]
    line_end: list[int]
    line_tok_start: list[int]
    line_tok_end: list[int]
    line_boilerplate: list[bool]
    line_boilerplate_reason: list[str]
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    sent_line: list[int]
    tok_start: list[int]
    tok_end: list[int]
    tok_lower: list[str]
    tok_line: list[int]
    tok_sent: list[int]
    main_tokens: list[int]
    language: LanguageInfo

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        url: str | None = None,
        published: date | None = None,
        detect_language: bool = True,
    ) -> Document:
        doc = cls.__new__(cls)
        doc.text = text
        doc.norm = fold(text)
        doc.url = url
        doc.published = published
        doc._split_lines()
        doc._split_paragraphs()
        doc._tokenise()
        doc._split_sentences()
        # Imported here: the signal modules import this one for the type.
        from .signals.boilerplate import classify_lines

        flags = classify_lines(doc)
        doc.line_boilerplate = [bool(reason) for reason in flags]
        doc.line_boilerplate_reason = list(flags)
        boiler = doc.line_boilerplate
        doc.main_tokens = [i for i, ln in enumerate(doc.tok_line) if not boiler[ln]]
        from .signals.language import LanguageInfo, detect

        doc.language = detect(doc) if detect_language else LanguageInfo.unknown()
        return doc

    # -- segmentation -----------------------------------------------------

    def _split_lines(self) -> None:
        norm = self.norm
        starts = [0]
        ends = []
        pos = norm.find("\n")
        while pos != -1:
            ends.append(pos)
            starts.append(pos + 1)
            pos = norm.find("\n", pos + 1)
        ends.append(len(norm))
        self.line_start = starts
        self.line_end = ends

    def _split_paragraphs(self) -> None:
        norm = self.norm
        paragraphs = []
        open_start = -1
        prev_end = 0
        for start, end in zip(self.line_start, self.line_end):
            blank = norm[start:end].isspace() or start == end
            if blank:
                if open_start >= 0:
                    paragraphs.append((open_start, prev_end))
                    open_start = -1
            else:
                if open_start < 0:
                    open_start = start
                prev_end = end
        if open_start >= 0:
            paragraphs.append((open_start, prev_end))
        self.paragraphs = paragraphs

    def _tokenise(self) -> None:
        norm = self.norm
        # Bulk operations instead of one Python step per token: this is the
        # hottest loop in credscore (about 1,700 tokens on a 10 KB page).
        self.tok_start = [m.start() for m in _TOKEN.finditer(norm)]
        words = _TOKEN.findall(norm)
        self.tok_end = list(map(add, self.tok_start, map(len, words)))
        # Tokens hold no spaces, so one lower() over the joined string splits
        # back into exactly one lower-cased form per token.
        self.tok_lower = " ".join(words).lower().split(" ") if words else []
        self.tok_line = _index_of(self.line_start, self.tok_start)
        # Tokens of line i are tok_*[line_tok_start[i]:line_tok_end[i]].
        bounds = np.searchsorted(np.asarray(self.tok_start, dtype=np.int64),
                                 np.asarray(self.line_start + [len(norm) + 1], dtype=np.int64))
        self.line_tok_start = bounds[:-1].tolist()
        self.line_tok_end = bounds[1:].tolist()

    def _split_sentences(self) -> None:
        norm = self.norm
        abbreviations = load_words("abbreviations")
        sentences: list[tuple[int, int]] = []
        sent_line: list[int] = []
        for line_no, (ls, le) in enumerate(zip(self.line_start, self.line_end)):
            begin = ls
            for m in _SENT_END.finditer(norm, ls, le):
                cut = m.end()
                # The word before the dot: an abbreviation or an initial does
                # not end a sentence ("Dr. Moore", "U.S. officials", "J. Smith").
                if norm[m.start()] == "." and m.end() - m.start() == 1:
                    # Abbreviations are short: looking back at most
                    # _ABBREV_MAX characters keeps "Ab.Cd" * 50,000 linear.
                    word_start = m.start()
                    floor = max(ls, word_start - _ABBREV_MAX)
                    while word_start > floor and (norm[word_start - 1].isalpha() or norm[word_start - 1] == "."):
                        word_start -= 1
                    word = norm[word_start:m.start()].lower()
                    if word in abbreviations or (len(word) == 1 and norm[word_start].isupper()):
                        continue
                if norm[begin:cut].strip():
                    sentences.append(_strip(norm, begin, cut))
                    sent_line.append(line_no)
                begin = cut
            if norm[begin:le].strip():
                sentences.append(_strip(norm, begin, le))
                sent_line.append(line_no)
        self.sentences = sentences
        self.sent_line = sent_line
        self.tok_sent = _index_of([s for s, _ in sentences] or [0], self.tok_start)

    # -- conveniences for signals ----------------------------------------

    @property
    def n_lines(self) -> int:
        return len(self.line_start)

    def line_text(self, i: int) -> str:
        return self.text[self.line_start[i]:self.line_end[i]]

    def line_norm(self, i: int) -> str:
        return self.norm[self.line_start[i]:self.line_end[i]]

    def is_blank_line(self, i: int) -> bool:
        s, e = self.line_start[i], self.line_end[i]
        return s == e or self.norm[s:e].isspace()

    def main_word_count(self) -> int:
        return len(self.main_tokens)


def _index_of(starts: list[int], positions: list[int]) -> list[int]:
    """For each position, the index of the last ``starts`` entry at or before
    it (0 when it comes before the first): both lists are sorted."""
    if not positions:
        return []
    found = np.searchsorted(np.asarray(starts), np.asarray(positions), side="right") - 1
    return np.maximum(found, 0).tolist()


def _strip(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    return start, end


#: Decorations a page or a spammer may hang after a finished sentence: a wire
#: credit "(AP)", a citation "[1]", a "Read more" link, emoji. Stripped
#: before asking whether a line ends a sentence, so that they cannot turn
#: prose into "heading" lines and the article into furniture (the hostile-
#: input issue; tests/test_boilerplate_evasion.py bounds the effect).
_CREDIT_TAIL = re.compile(r"\([A-Z][A-Za-z.]{0,14}\)|\[\d{1,4}\]|\[[a-z]\]")
_LINK_TAILS = ("read more", "read more...", "read more »", "continue reading", "more…")
_DECORATION_CATEGORIES = frozenset({"So", "Sk", "Cs", "Mn", "Cf"})


def strip_decorations(line: str) -> str:
    """``line`` without the decorations that may trail a finished sentence
    (``_CREDIT_TAIL``, ``_LINK_TAILS``, emoji and other symbols), so that
    they can neither turn prose into furniture nor stretch an attribution."""
    text = line.rstrip()
    for _ in range(8):  # a few decorations at most; each pass strips one
        before = text
        while text and unicodedata.category(text[-1]) in _DECORATION_CATEGORIES:
            text = text[:-1].rstrip()
        lowered = text[-20:].lower()
        for tail in _LINK_TAILS:
            if lowered.endswith(tail) and len(text) > len(tail) and not text[-len(tail) - 1].isalnum():
                text = text[: -len(tail)].rstrip()
                break
        if text.endswith((")", "]")):
            match = _CREDIT_TAIL.search(text, max(0, len(text) - 17))
            if match is not None and match.end() == len(text) and match.start() > 0:
                text = text[: match.start()].rstrip()
        if text == before:
            break
    return text
