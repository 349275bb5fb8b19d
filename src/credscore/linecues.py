"""Line cues: the facts about each non-blank line that line classification
(``credscore.lines``) decides from, and the cues fixed by a line alone.

Every fact here depends on the line's own text, never on its neighbours:
its length, words and English stop words, whether it ends a sentence, whether
it is shaped like a heading, and the fixed furniture cues (interface phrases,
copyright notices, datelines and bylines, credit lines). They are gathered
column by column with mapped builtins rather than one Python object per
line, and the fixed cues are looked for only on lines holding one of their
trigger words: a page of half a million one-letter lines costs a few passes
in C, not half a million calls (``"a\\n" * n`` ran at 0.1 MB/s when every
line was an object and every cue was tried on it).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, compress
from operator import not_, sub
from typing import TYPE_CHECKING

import numpy as np

from .lexicon import load_phrases, load_words

if TYPE_CHECKING:
    from .document import Document
    from .lines import LineConfig

#: Sentence-final punctuation, Latin and CJK.
TERMINAL = frozenset(".!?:;\u2026\u3002\uff01\uff1f\uff1a")
_CLOSERS = "\"')]}*\u00bb"
_MONTHS = frozenset(
    ["january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
#: "Credit: Tyvak", "Credit... Doug Mills" ("credit" alone may be a topic).
_CREDIT = re.compile(r"\b[Cc]redits?(?::|\.\.\.)")
#: A year, as a dateline holds one (also the screen for such lines).
_YEAR = re.compile(r"(?:19|20)\d\d")
TAIL_REASON = {"comments": "comment_section", "related": "related_content"}

#: Decorations a page or a spammer may hang after a finished sentence: a wire
#: credit "(AP)", a citation "[1]", a "Read more" link, emoji. Stripped
#: before asking whether a line ends a sentence, so that they cannot turn
#: prose into "heading" lines and the article into furniture
#: (tests/test_boilerplate_evasion.py bounds the effect).
_CREDIT_TAIL = re.compile(r"\([A-Z][A-Za-z.]{0,14}\)|\[\d{1,4}\]|\[[a-z]\]")
_LINK_TAILS = ("read more", "read more...", "read more »", "continue reading", "more…")
_DECORATION_CATEGORIES = frozenset({"So", "Sk", "Cs", "Mn", "Cf"})


def strip_decorations(line: str) -> str:
    """``line`` without the decorations that may trail a finished sentence
    (``_CREDIT_TAIL``, ``_LINK_TAILS``, emoji and other symbols), so that
    they can neither turn prose into furniture nor stretch an attribution."""
    text = line.rstrip()
    last = text[-1:]
    # Most lines end in an ASCII letter, digit or stop that no rule below
    # strips (the ASCII decorations are "^", "`", ")" and "]"; the link
    # tails end in "e", "g" or "."): settled without the loop.
    if last and last.isascii() and last not in "^`)]" \
            and (last not in "eEgG." or not text[-20:].lower().endswith(_LINK_TAILS)):
        return text
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


#: Printable ASCII characters that neither ``strip_decorations`` nor the
#: closing-bracket rule of :func:`ends_sentence` looks past.
_SETTLED_ENDS = frozenset(chr(c) for c in range(33, 127)) - set("^`)]eEgG.") - set(_CLOSERS)


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends a sentence: its last character, past closing
    quotes and brackets and past trailing decorations
    (``document.strip_decorations``: a wire credit, a citation mark, a "Read
    more" link, emoji), is sentence-final."""
    return strip_decorations(line).rstrip(_CLOSERS)[-1:] in TERMINAL


class LineTable:
    """Columns over the non-blank lines of a document, in order: ``index``
    (the Document's line number), ``start``/``end`` (white space trimmed),
    ``text``, ``chars``, ``first``/``last`` (token range), ``words``, ``stops``
    (English stop words), ``terminal`` (ends a sentence) and ``heading``
    (``Document.is_heading``'s rule, see ``credscore.lines``)."""

    __slots__ = ("_arrays", "chars", "end", "first", "heading", "index", "last", "start", "stops", "terminal", "text",
                 "words")

    def __init__(self, doc: Document, cfg: LineConfig):
        norm = doc.norm
        self._arrays: dict[str, np.ndarray] = {}
        self.index = index = doc.content_lines
        self.start = start = list(map(doc.trim_start.__getitem__, index))
        self.end = end = list(map(doc.trim_end.__getitem__, index))
        self.chars = chars = list(map(sub, end, start))
        self.first = first = list(map(doc.line_tok_start.__getitem__, index))
        self.last = last = list(map(doc.line_tok_end.__getitem__, index))
        self.words = list(map(sub, last, first))
        stop = load_words("stopwords_en")
        before = list(accumulate(map(stop.__contains__, doc.tok_lower), initial=0))
        self.stops = list(map(sub, map(before.__getitem__, last), map(before.__getitem__, first)))
        self.text = texts = list(map(norm.__getitem__, map(slice, start, end)))
        # A line ending in a character that no decoration rule touches ends a
        # sentence exactly when that character is terminal: no call needed.
        # Nor for the usual prose line, ending in one full stop: of the link
        # tails only "read more..." ends in a stop, and it ends in three.
        self.terminal = terminal = [
            last in TERMINAL if last in _SETTLED_ENDS or (last == "." and text[-2:-1] != ".") else ends_sentence(text)
            for last, text in zip(map(norm.__getitem__, map((-1).__add__, end)), texts)
        ]
        length_high = cfg.length_high
        self.heading = heading = [c < length_high and not t for c, t in zip(chars, terminal)]
        for k in compress(range(len(index)), terminal):
            # A title that asks ("Future of Washington-Pyongyang Relations?").
            if chars[k] < length_high and norm[end[k] - 1] == "?" \
                    and title_share(doc, first[k], last[k]) >= cfg.title_case_share:
                heading[k] = True

    def __len__(self) -> int:
        return len(self.index)

    def array(self, column: str) -> np.ndarray:
        """A column as a numpy array, for the classifier's array steps."""
        if column not in self._arrays:
            self._arrays[column] = np.asarray(getattr(self, column))
        return self._arrays[column]


def title_share(doc: Document, first: int, last: int) -> float:
    """Share of the content words (not stop words, starting with a letter) of
    tokens ``first:last`` that are capitalised."""
    stop = load_words("stopwords_en")
    norm = doc.norm
    content = [i for i in range(first, last) if doc.tok_lower[i] not in stop and norm[doc.tok_start[i]].isalpha()]
    if not content:
        return 0.0
    return sum(norm[doc.tok_start[i]].isupper() for i in content) / len(content)


def cue_lines(doc: Document, t: LineTable, cfg: LineConfig) -> set[int]:
    """Line numbers that may hold a fixed cue: the lines short enough for
    :func:`fixed_reason` to read that hold a word that anchors an interface
    phrase, "by", a caption word or a year, and any line with a credit mark
    or a copyright sign. A superset: :func:`fixed_reason` is exact, and finds
    nothing on any other line (``boilerplate_ui`` has no prefix-only
    entries, so every phrase holds an anchor word)."""
    lower, norm, triggers = doc.tok_lower, doc.norm, _trigger_words()
    short = list(compress(range(len(t)), map(_cue_max_words(cfg).__ge__, t.words)))
    if _LINE_TEST_COST * len(short) < len(lower):
        # Most words stand in long lines, which no fixed cue reads: one set
        # test per short line (isdisjoint, in C), not a lookup per word.
        words = map(lower.__getitem__, map(slice, map(t.first.__getitem__, short), map(t.last.__getitem__, short)))
        found = set(compress(map(t.index.__getitem__, short), map(not_, map(triggers.isdisjoint, words))))
    else:  # a page of short lines: one lookup per word costs less
        found = set(compress(doc.tok_line, map(triggers.__contains__, lower)))
    # Two cues are not words: a credit mark may sit inside a joined token
    # ("Photo-Credit:"), and a copyright sign is no token at all. Each is
    # looked for only when a cheap substring test says it may be there.
    credit = any(mark in norm for mark in ("redit:", "redits:", "redit...", "redits..."))
    positions = [m.start() for m in _CREDIT.finditer(norm)] if credit else []
    at = norm.find("\u00a9")
    while at >= 0:
        positions.append(at)
        at = norm.find("\u00a9", at + 1)
    if positions:
        found.update(doc.line_of(positions))
    return found


#: What the screen of one short line costs, in lookups of one word: slicing
#: the line's words and one isdisjoint take about 200 ns a line, a lookup
#: about 40 ns (measured by us, one core, on ReCOVery and on "a\\n" *
#: 500,000). Both screens find the same lines.
_LINE_TEST_COST = 4


def _cue_max_words(cfg: LineConfig) -> int:
    """Lines with more words than this have no fixed cue (:func:`fixed_reason`)."""
    return max(cfg.ui_max_words, cfg.caption_max_words, cfg.metadata_max_words)


@lru_cache(maxsize=1)
def _trigger_words() -> frozenset[str]:
    """Interface phrases' anchor words, caption words, "by" (a byline) and
    the year tokens a dateline needs (exactly those ``_YEAR`` matches)."""
    years = {str(year) for year in range(1900, 2100)}
    return load_phrases("boilerplate_ui").anchors | load_words("boilerplate_caption") | {"by"} | years


def fixed_reason(doc: Document, t: LineTable, k: int, cfg: LineConfig) -> tuple[str, str]:
    """(reason, tail tag) of line ``k`` from the line alone; ("", "") when undecided."""
    words, terminal = t.words[k], t.terminal[k]
    if words > _cue_max_words(cfg):
        return "", ""
    toks = doc.tok_lower[t.first[k]:t.last[k]]
    start, end = t.start[k], t.end[k]
    if words <= cfg.ui_max_words:
        reason = _interface_reason(doc.norm[start:end], toks, terminal, cfg)
        if reason[0]:
            return reason
    if not terminal and words <= cfg.metadata_max_words and _is_metadata(doc, t, k, toks):
        return "metadata", ""
    if not terminal and 0 < words <= cfg.caption_max_words and not doc.norm[start].isdigit() \
            and (not load_words("boilerplate_caption").isdisjoint(toks) or _CREDIT.search(doc.norm, start, end)):
        return "caption", ""
    return "", ""


def _interface_reason(text: str, toks: list[str], terminal: bool, cfg: LineConfig) -> tuple[str, str]:
    """An interface phrase ("Share this", "0 Comments", "Read more: ...") or a
    copyright notice."""
    skip = 0  # "0 Comments", "12 shares": a count before the phrase
    while skip < len(toks) and toks[skip].isdigit():
        skip += 1
    for match in load_phrases("boilerplate_ui").finditer(toks):
        if match.tag == "legal":
            return "legal_notice", ""
        if match.first != skip:
            # "Top Rated Comments", "Reader Comments (12)": a short header.
            if match.tag == "comments" and match.last == len(toks) - 1 and len(toks) <= cfg.tail_header_max_words:
                return TAIL_REASON[match.tag], match.tag
            continue
        extra = len(toks) - match.last - 1
        if extra and toks[match.last + 1] == "by":
            continue  # "Comments by Brian Shilhavy" heads the editor's own text
        if match.tag == "lead":  # "Read more: <link title>", "Filed Under: <tags>"
            if terminal and text[-1] != ":":
                continue
        elif extra > cfg.ui_extra_words or (extra and terminal and text[-1] != ":"):
            continue
        if match.tag in TAIL_REASON:
            return TAIL_REASON[match.tag], match.tag
        return "ui_phrase", ""
    if "\u00a9" in text:
        return "legal_notice", ""
    return "", ""


def _is_metadata(doc: Document, t: LineTable, k: int, toks: list[str]) -> bool:
    """A dateline ("2019/01/09 | Economy, Opinion", "Nov. 19, 2019 8:03 am ET")
    or a byline ("By Sarah E. Needleman"). Lines opening with a dash are
    tweet or quote attributions, which belong to the article."""
    opener = doc.norm[t.start[k]]
    if opener in "-\"'(":
        return False
    if toks and toks[0] == "by" and opener == "B" and 2 <= len(toks) <= 6:
        return True
    if t.stops[k] > 0.25 * t.words[k] or not any(len(w) == 4 and _YEAR.fullmatch(w) for w in toks):
        return False  # a sentence that mentions a date is not a dateline
    digits = sum(w.isdigit() for w in toks)
    return digits >= 3 or not _MONTHS.isdisjoint(toks)
