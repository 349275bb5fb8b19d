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
4. sentences, found inside each line (``credscore.sentences``: a line break
   always ends a sentence, since on scraped pages a line is a heading, a list
   item or a paragraph);
5. which lines are page furniture and which are heading-shaped, and the
   title line (``credscore.lines``), so that every later signal can tell main
   content from boilerplate and asks one rule what a heading is;
6. the language of the main content (``credscore.langid``), so that
   English-only lexical signals can step aside.

The core (this module, ``sentences``, ``lines``, ``linecues``, ``langid``,
``lexicon``, ``types``) never imports a signal module. Its thresholds are one
:class:`DocumentConfig`.

Tokens are kept as parallel lists of ints and strings rather than objects: a
10 KB page has about 1,700 tokens, and a signal loops over them several times.
Per-line steps use mapped builtins and whole-text regular expressions, not a
Python step per line, so a page of short lines costs about what a page of
long ones does ("a\\n" * 500,000 was 0.1 MB/s with a Python loop per line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, chain, compress
from operator import add, itemgetter, not_, sub

import numpy as np

from .langid import LangidConfig, LanguageInfo, detect, letter_tokens
from .linecues import strip_decorations
from .lines import LineConfig, classify
from .sentences import sentence_spans

__all__ = ["Document", "DocumentConfig", "fold", "strip_decorations"]

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
#: That is ``(?:L\.)+L(?!W) | \d+(?:[.,:]\d+)+(?!W) | W+(?:['\-]W+)*`` (L a
#: letter, W a letter or digit) with the first character in front, each branch
#: checking it by look-behind: a pattern opening with a character class lets
#: the engine skip the gaps in C (the split a quarter faster on ReCOVery). The
#: branches before the last open with the character they need next (the
#: number's is split in two: a digit or a separator), checking the first by
#: look-behind, because the engine tries a branch that opens with a literal or
#: a class only when the next character fits: a word's first letter is
#: followed by a letter, and three branches are dismissed at a glance (the
#: split 12 % faster on ReCOVery). The last branch ends the match: its
#: possessive loops never give anything back.
_TOKEN = re.compile(
    r"[^\W_](?:\.(?<=[^\W\d_]\.)(?:[^\W\d_]\.)*[^\W\d_](?![^\W_])"
    r"|\d(?<=\d\d)\d*+(?:[.,:]\d+)+(?![^\W_])"
    r"|[.,:](?<=\d[.,:])\d+(?:[.,:]\d+)*(?![^\W_])"
    r"|[^\W_]*+(?:['\-][^\W_]++)*+)"
)

_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")

@dataclass(frozen=True)
class DocumentConfig:
    """Thresholds of the document model's own steps."""

    #: Line classification (``credscore.lines``).
    lines: LineConfig = field(default_factory=LineConfig)
    #: Language identification (``credscore.langid``).
    language: LangidConfig = field(default_factory=LangidConfig)
    #: Longest abbreviation the sentence splitter looks back for ("ph.d",
    #: "sept"); a bound keeps "Ab.Cd" * 50,000 linear.
    abbrev_max: int = 8


class Document:
    """A text segmented once. Build it with :meth:`from_text`.

    Attributes (all offsets into ``text``):

    - ``text``, ``norm``: the input and its same-length folded form.
    - ``url``, ``published``: what the caller knew, or ``None``.
    - ``line_start``, ``line_end``: line ``i`` is ``text[line_start[i]:line_end[i]]``;
      ``trim_start``, ``trim_end``: the same without surrounding white space
      (equal on a blank line); ``content_lines``: the non-blank lines.
    - ``line_tok_start``, ``line_tok_end``: its tokens are indices
      ``line_tok_start[i]`` up to (not including) ``line_tok_end[i]``.
    - ``line_boilerplate``: ``True`` where line ``i`` is page furniture;
      ``line_boilerplate_reason``: a short code for each such line, else ``""``.
    - ``line_heading``: whether line ``i`` is heading-shaped (:meth:`is_heading`);
      ``title``: the span of the title line, or ``None``.
    - ``paragraphs``: ``(start, end)`` of each run of non-blank lines.
    - ``sentences``: ``(start, end)`` of each sentence; ``sent_line`` its line.
    - ``tok_start``, ``tok_end``, ``tok_lower``, ``tok_line``, ``tok_sent``:
      one entry per word token.
    - ``main_tokens``: indices of the tokens on main-content lines.
    - ``main_words``: those of them that contain a letter (of all tokens when
      no line is main content), read by language identification and readability.
    - ``language``: a :class:`~credscore.langid.LanguageInfo`.
    """

    __slots__ = (
        "config",
        "content_lines",
        "language",
        "line_boilerplate",
        "line_boilerplate_reason",
        "line_end",
        "line_heading",
        "line_start",
        "line_tok_end",
        "line_tok_start",
        "main_tokens",
        "main_words",
        "norm",
        "paragraphs",
        "published",
        "sent_line",
        "sentences",
        "text",
        "title",
        "tok_end",
        "tok_line",
        "tok_lower",
        "tok_sent",
        "tok_start",
        "trim_end",
        "trim_start",
        "url",
    )

    text: str
    norm: str
    url: str | None
    published: date | None
    config: DocumentConfig
    line_start: list[int]
    line_end: list[int]
    trim_start: list[int]
    trim_end: list[int]
    content_lines: list[int]
    line_tok_start: list[int]
    line_tok_end: list[int]
    line_boilerplate: list[bool]
    line_boilerplate_reason: list[str]
    line_heading: list[bool]
    title: tuple[int, int] | None
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    sent_line: list[int]
    tok_start: list[int]
    tok_end: list[int]
    tok_lower: list[str]
    tok_line: list[int]
    tok_sent: list[int]
    main_tokens: list[int]
    main_words: list[int]
    language: LanguageInfo

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        url: str | None = None,
        published: date | None = None,
        detect_language: bool = True,
        config: DocumentConfig | None = None,
    ) -> Document:
        """Segment ``text``. ``detect_language=False`` skips language
        identification (``language`` is then ``LanguageInfo.unknown()``),
        for callers that only need the segmentation."""
        doc = cls.__new__(cls)
        doc.config = cfg = config or DocumentConfig()
        doc.text = text
        doc.norm = fold(text)
        doc.url = url
        doc.published = published
        doc._split_lines()
        doc._split_paragraphs()
        doc._split_sentences(doc._tokenise())
        found = classify(doc, cfg.lines)
        doc.line_boilerplate_reason = found.reasons
        doc.line_boilerplate = list(map(bool, found.reasons))
        doc.line_heading = found.heading
        doc.title = None if found.title_line is None else doc.trimmed(found.title_line)
        # Main content by line: the token ranges of the lines kept, chained in C.
        kept = list(compress(range(len(found.reasons)), map(not_, found.reasons)))
        doc.main_tokens = list(chain.from_iterable(map(
            range, map(doc.line_tok_start.__getitem__, kept), map(doc.line_tok_end.__getitem__, kept))))
        doc.main_words = letter_tokens(doc.tok_lower, doc.main_tokens or range(len(doc.tok_lower)))
        doc.language = detect(doc, cfg.language) if detect_language else LanguageInfo.unknown()
        return doc

    # -- segmentation -----------------------------------------------------

    def _split_lines(self) -> None:
        norm = self.norm
        parts = norm.split("\n")
        lengths = list(map(len, parts))
        self.line_start = starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=0))
        self.line_end = list(map(add, starts, lengths))
        # White space trimmed: the start moves past the leading run, the end
        # sits the stripped length after it (str methods, at C speed). Most
        # texts have no line with white space at either end: str.strip returns
        # such a line itself, far cheaper to ask than a regex at every character.
        stripped_parts = list(map(str.strip, parts))
        if stripped_parts == parts:
            self.trim_start, self.trim_end = list(starts), list(self.line_end)
            self.content_lines = list(compress(range(len(parts)), lengths))
            return
        leading = map(sub, lengths, map(len, map(str.lstrip, parts)))
        self.trim_start = trim_start = list(map(add, starts, leading))
        stripped = list(map(len, stripped_parts))
        self.trim_end = list(map(add, trim_start, stripped))
        self.content_lines = list(compress(range(len(parts)), stripped))

    def _split_paragraphs(self) -> None:
        content = self.content_lines
        if not content:
            self.paragraphs = []
            return
        lines = np.asarray(content, dtype=np.int64)
        breaks = np.flatnonzero(np.diff(lines) != 1)
        firsts = lines[np.concatenate(([0], breaks + 1))].tolist()
        lasts = lines[np.concatenate((breaks, [len(lines) - 1]))].tolist()
        self.paragraphs = list(zip(map(self.line_start.__getitem__, firsts), map(self.line_end.__getitem__, lasts)))

    def _tokenise(self) -> np.ndarray:
        """Tokens and their lines; returns the tokens' starts as an array."""
        norm = self.norm
        # Bulk operations instead of one Python step per token: this is the
        # hottest loop in credscore (about 1,700 tokens on a 10 KB page).
        # Splitting on the token pattern (in a group) alternates gaps and
        # tokens: the running sum of their lengths ends every part (a gap's
        # end is the next token's start), without a match object per token.
        parts = _TOKEN_SPLIT.split(norm)
        words = parts[1::2]
        ends = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
        starts = ends[0:-1:2]
        self.tok_start = starts.tolist()
        self.tok_end = ends[1::2].tolist()
        # Tokens hold no spaces: one lower() of the joined string splits back into one form per token.
        self.tok_lower = " ".join(words).lower().split(" ") if words else []
        line_start = np.asarray(self.line_start, dtype=np.int64)  # line 0 starts at 0: no token comes before
        self.tok_line = (np.searchsorted(line_start, starts, side="right") - 1).tolist()
        # Tokens of line i are tok_*[line_tok_start[i]:line_tok_end[i]].
        bounds = np.searchsorted(starts, np.append(line_start, len(norm) + 1))
        self.line_tok_start = bounds[:-1].tolist()
        self.line_tok_end = bounds[1:].tolist()
        return starts

    def _split_sentences(self, tok_start: np.ndarray) -> None:
        """Sentences (``credscore.sentences``), and the sentence of each token."""
        sentences, self.sent_line = sentence_spans(self.norm, self.content_lines, self.trim_start, self.trim_end,
                                                   self.config.abbrev_max)
        self.sentences = sentences
        starts = np.fromiter(map(itemgetter(0), sentences), dtype=np.int64, count=len(sentences))
        found = np.searchsorted(starts if len(starts) else np.zeros(1, dtype=np.int64), tok_start, side="right") - 1
        self.tok_sent = np.maximum(found, 0).tolist()

    # -- conveniences for signals ----------------------------------------

    @property
    def n_lines(self) -> int:
        return len(self.line_start)

    def line_text(self, i: int) -> str:
        return self.text[self.line_start[i]:self.line_end[i]]

    def line_norm(self, i: int) -> str:
        return self.norm[self.line_start[i]:self.line_end[i]]

    def trimmed(self, i: int) -> tuple[int, int]:
        """Line ``i``'s span without surrounding white space (as ``str.strip``
        sees it in ``norm``); empty on a blank line."""
        return self.trim_start[i], self.trim_end[i]

    def is_blank_line(self, i: int) -> bool:
        return self.trim_start[i] == self.trim_end[i]

    def is_heading(self, i: int) -> bool:
        """Whether line ``i`` is heading-shaped: shorter than the classifier's
        ``length_high`` and not ending a sentence, or a title-cased question
        (the rule and its source: ``credscore.lines``). Furniture lines may
        be heading-shaped too (a menu entry); ask ``line_boilerplate``."""
        return self.line_heading[i]

    def per_1k(self, count: float) -> float:
        """``count`` per 1,000 main-content words (0.0 when there are none)."""
        words = len(self.main_tokens)
        return count * (1000.0 / words) if words else 0.0

    def line_of(self, positions: Sequence[int]) -> list[int]:
        """The line of each character offset (sorted or not)."""
        positions = list(positions)
        if not positions:
            return []
        found = np.searchsorted(np.asarray(self.line_start), np.asarray(positions), side="right") - 1
        return np.maximum(found, 0).tolist()

