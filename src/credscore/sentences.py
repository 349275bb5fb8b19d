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
from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise

from .lexicon import load_words

#: Sentence end: terminal punctuation, optional closing quotes/brackets, then
#: either white space or (the "end.Start" damage of seed 000) a capital letter.
#: A match starts only where a run of punctuation starts and takes the run
#: whole: otherwise "." * 100,000 + "x" is retried from every dot (quadratic,
#: 160 s). Every match is the same as without the guard, since a later start
#: in the run can only reach the ends the first start already tried. The guard
#: looks behind *after* the first mark, so the pattern opens with a character
#: class and the engine skips to the marks in C (2.5 times faster on ReCOVery).
_SENT_END = re.compile(r"[.!?](?<![.!?][.!?])[.!?]*+['\")\]]*+(?=\s|$|[A-Z][a-z])")


def sentence_spans(norm: str, line_start: Sequence[int], line_end: Sequence[int], content: Sequence[int],
                   trim_start: Sequence[int], trim_end: Sequence[int],
                   abbrev_max: int) -> tuple[list[tuple[int, int]], list[int]]:
    """``(start, end)`` of each sentence of ``norm``, trimmed as ``str.strip``
    sees it, and its line. ``content`` lists the non-blank lines; the word
    before a full stop is read at most ``abbrev_max`` characters back."""
    cuts = _sentence_cuts(norm, line_start, abbrev_max)
    # A line without a sentence end is one sentence: its trimmed span.
    sentences = list(zip(map(trim_start.__getitem__, content), map(trim_end.__getitem__, content)))
    sent_line = list(content)
    if cuts:
        sentences, sent_line = [], []
        for line in content:
            ends = cuts.get(line)
            if ends is None:
                sentences.append((trim_start[line], trim_end[line]))
                sent_line.append(line)
                continue
            # Each piece between cuts, trimmed as str.strip sees it.
            for begin, cut in pairwise([line_start[line], *ends, line_end[line]]):
                piece = norm[begin:cut]
                kept = piece.strip()
                if kept:
                    first = cut - len(piece.lstrip())
                    sentences.append((first, first + len(kept)))
                    sent_line.append(line)
    return sentences, sent_line


def _sentence_cuts(norm: str, line_start: Sequence[int], abbrev_max: int) -> dict[int, list[int]]:
    """Where sentences end, by line: one pass of ``_SENT_END`` over the
    whole text finds the same ends as a pass per line, since no match
    can cross a line break."""
    abbreviations = load_words("abbreviations")
    cuts: dict[int, list[int]] = {}
    for m in _SENT_END.finditer(norm):
        line = bisect_right(line_start, m.start()) - 1
        # The word before the dot: an abbreviation or an initial does
        # not end a sentence ("Dr. Moore", "U.S. officials", "J. Smith").
        if norm[m.start()] == "." and m.end() - m.start() == 1:
            word_start = m.start()
            floor = max(line_start[line], word_start - abbrev_max)
            while word_start > floor and (norm[word_start - 1].isalpha() or norm[word_start - 1] == "."):
                word_start -= 1
            word = norm[word_start:m.start()].lower()
            if word in abbreviations or (len(word) == 1 and norm[word_start].isupper()):
                continue
        cuts.setdefault(line, []).append(m.end())
    return cuts
