"""Names left in lower case ("Vladimir putin"), for ``signals.style``.

A word counts as a name only if the page writes it capitalised *mid-sentence
in prose* (after a lower-case word, digit or comma and a space; not on a
heading, table row or before a list label's colon, where Title Case is
decoration, nor on a Title-Case line), it is not a common word
(``style_common_lowercase``: "President", "North", "Sanctions"), and the
capitalised form is at least as frequent as the lower-case one. Every
mid-sentence lower-case use of such a word is evidence.

A page has few candidates (about 15 on 500 KB of joined news articles, none
on most single articles). The mid-sentence uses are matches of the screen's
own pattern (a word after a space) with a condition on the character before
the space, so the screen's list of words, filtered in C, says which uses to
look at, and each is found with ``str.find`` from the one before: stepping
through every word of the page in Python made a long page cost more per
character than a short one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from typing import TYPE_CHECKING

from ..lexicon import load_words
from ..types import Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "style"

_LONG_CAPITALISED = re.compile(r"\b[A-Z][^\W\d_]{3,}")
_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}")
#: A word after a space. A capitalised one after a lower-case word, digit or
#: comma and the space is mid-sentence by construction (never after . ! ? :
#: or a line break); a lower-case one after a word or comma and the space is
#: a mid-sentence use ("Vladimir putin").
_WORD_AFTER_SPACE = re.compile(r" ([A-Za-z][a-z]{2,})(?![\w-])")
#: What may stand before the space of a capitalised mid-sentence word.
_BEFORE_TITLE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789,")


def lowercased_proper_nouns(
    doc: Document, not_prose: set[int], label_colon: dict[int, int], title_case_min_share: float
) -> list[Span]:
    """Mid-sentence lower-case uses of words the page capitalises as names.
    ``not_prose``: heading and table lines; ``label_colon``: line -> offset
    of its list label's colon; ``title_case_min_share``: see
    ``StyleConfig``."""
    norm, boiler, line_start = doc.norm, doc.line_boilerplate, doc.line_start
    # Screened words hold a capital only first: title-cased means capitalised.
    in_order = _WORD_AFTER_SPACE.findall(norm)
    after_space = set(in_order)
    suspects = set(map(str.lower, filter(str.istitle, after_space))) & after_space
    suspects -= load_words("style_common_lowercase")
    if not suspects:
        return []
    capitalised: Counter[str] = Counter()
    title_line: dict[int, bool] = {}
    pos = 0
    for word in filter({w.capitalize() for w in suspects}.__contains__, in_order):
        pos = _next_use(norm, word, pos)
        if pos < 2 or norm[pos - 2] not in _BEFORE_TITLE:
            continue
        line = bisect_right(line_start, pos) - 1
        if boiler[line] or line in not_prose or pos < label_colon.get(line, -1):
            continue
        if line not in title_line:
            title_line[line] = _line_is_title_case(doc, line, title_case_min_share)
        if not title_line[line]:
            capitalised[word.lower()] += 1
    lowered: dict[str, list[tuple[int, int]]] = {}
    pos = 0
    for word in filter(capitalised.__contains__, in_order):
        pos = _next_use(norm, word, pos)
        before = norm[pos - 2] if pos >= 2 else ""
        if not (before.isalnum() or before == ",") or boiler[bisect_right(line_start, pos) - 1]:
            continue  # [^\W_] is what str.isalnum accepts
        end = pos + len(word)
        after = norm[end:end + 2]
        if len(after) == 2 and after[0] in "./@" and after[1].isalnum():  # a domain or path
            continue
        lowered.setdefault(word, []).append((pos, end))
    spans: list[Span] = []
    for word, hits in sorted(lowered.items()):
        if capitalised[word] >= len(hits):
            spans.extend(Span(s, e, SIGNAL, "lowercased_proper_noun") for s, e in hits)
    return spans


def _next_use(norm: str, word: str, start: int) -> int:
    """Offset of the first match of ``_WORD_AFTER_SPACE`` for ``word`` whose
    space is at or after ``start``: the next use, when the screen's matches
    are walked in order (matches never overlap, so none is skipped)."""
    at = norm.find(" " + word, start)
    while at >= 0 and not _ends_word(norm, at + 1 + len(word)):  # a longer word ("Trumpet")
        at = norm.find(" " + word, at + 1)
    return at + 1


def _ends_word(norm: str, i: int) -> bool:
    """The look-ahead of ``_WORD_AFTER_SPACE``: no word character or hyphen at ``i``."""
    return i >= len(norm) or not (norm[i].isalnum() or norm[i] in "_-")


def _line_is_title_case(doc: Document, line: int, title_case_min_share: float) -> bool:
    """Title-Case lines that the heading test let through (long headlines,
    related-article titles): their capitals are not evidence of names."""
    start, end = doc.line_start[line], doc.line_end[line]
    if end - start > 400:  # a paragraph, never a title
        return False
    long_words = len(_LONG_WORD.findall(doc.norm, start, end))
    return (long_words > 0
            and len(_LONG_CAPITALISED.findall(doc.norm, start, end)) >= title_case_min_share * long_words)
