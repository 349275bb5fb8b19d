"""Sentences: where they end inside each line, and their spans.

A step of ``Document.from_text``, after lines. A line break always ends a
sentence: on scraped pages a line is a heading, a list item or a paragraph.
Inside a line, a sentence ends after terminal punctuation (and closing quotes
or brackets) followed by white space or, as in the "end.Start" damage of
seed 000, a capital letter; a single full stop after an abbreviation
(``abbreviations.txt``) or an initial does not end one ("Dr. Moore", "U.S.
officials", "J. Smith").
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Sequence

from .lexicon import load_words

#: The letters of ASCII (what ``str.isalpha`` calls one there) and the full
#: stop: the word before a full stop is the run of these that ends at it.
_ASCII_WORD = string.ascii_letters + "."
_CAPITALS = frozenset(string.ascii_uppercase)

#: Sentence end: terminal punctuation, optional closing quotes/brackets, then
#: either white space or (the "end.Start" damage of seed 000) a capital letter.
#: A match starts only where a run of punctuation starts and takes the run
#: whole: otherwise "." * 100,000 + "x" is retried from every dot (quadratic,
#: 160 s). Every match is the same as without the guard, since a later start
#: in the run can only reach the ends the first start already tried. The guard
#: looks behind *after* the first mark, so the pattern opens with a character
#: class and the engine skips to the marks in C (2.5 times faster on ReCOVery).
_SENT_END = re.compile(r"[.!?](?<![.!?][.!?])[.!?]*+['\")\]]*+(?=\s|$|[A-Z][a-z])")


def sentence_spans(norm: str, content: Sequence[int], trim_start: Sequence[int], trim_end: Sequence[int],
                   abbrev_max: int) -> tuple[list[tuple[int, int]], list[int]]:
    """``(start, end)`` of each sentence of ``norm``, trimmed as ``str.strip``
    sees it, and its line. ``content`` lists the non-blank lines; the word
    before a full stop is read at most ``abbrev_max`` characters back."""
    cuts = _sentence_cuts(norm, abbrev_max)
    # A line without a sentence end is one sentence: its trimmed span.
    if not cuts:
        return list(zip(map(trim_start.__getitem__, content), map(trim_end.__getitem__, content))), list(content)
    sentences: list[tuple[int, int]] = []
    sent_line: list[int] = []
    lo = 0
    for line in content:
        begin, stop = trim_start[line], trim_end[line]
        # The line's ends: every end lies inside the trimmed span of its line.
        hi = bisect_right(cuts, stop, lo)
        if hi == lo:
            sentences.append((begin, stop))
            sent_line.append(line)
            continue
        # Each piece between ends: none ends in white space (an end follows a
        # mark, the line's trimmed end a character that is not), so only its start
        # is trimmed; a piece of white space alone is no sentence.
        for cut in (*cuts[lo:hi], stop):
            rest = len(norm[begin:cut].lstrip())
            if rest:
                sentences.append((cut - rest, cut))
                sent_line.append(line)
            begin = cut
        lo = hi
    return sentences, sent_line


def _sentence_cuts(norm: str, abbrev_max: int) -> list[int]:
    """Where sentences end, in order: the end of every ``_SENT_END`` match
    but a lone full stop after an abbreviation or an initial ("Dr. Moore",
    "U.S. officials", "J. Smith"). No match crosses a line break."""
    abbreviations = load_words("abbreviations")
    cuts = []
    for m in _SENT_END.finditer(norm):
        start, end = m.span()
        if end - start == 1 and norm[start] == "." and _after_abbreviation(
                norm[max(0, start - abbrev_max):start], abbreviations):
            continue
        cuts.append(end)
    return cuts


def _after_abbreviation(window: str, abbreviations: frozenset[str]) -> bool:
    """Whether the letters and full stops that end ``window`` (the characters
    before a full stop; a line break is no letter, so the word stays in its
    line) are an abbreviation or a single capital. An ASCII window, the
    usual one, is settled by one ``str.rstrip`` instead of a step per letter."""
    if window.isascii():
        word = window[len(window.rstrip(_ASCII_WORD)):]
        return word.lower() in abbreviations or word in _CAPITALS
    start = len(window)
    while start and (window[start - 1].isalpha() or window[start - 1] == "."):
        start -= 1
    word = window[start:].lower()
    return word in abbreviations or (len(word) == 1 and window[start].isupper())
