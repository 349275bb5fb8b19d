"""Names left in lower case ("Vladimir putin"), for ``signals.style``.

A word counts as a name only if the page writes it capitalised *mid-sentence
in prose* (after a lower-case word, digit or comma and a space; not on a
heading, table row or before a list label's colon, where Title Case is
decoration, nor on a Title-Case line), it is not a common word
(``style_common_lowercase``: "President", "North", "Sanctions"), and the
capitalised form is at least as frequent as the lower-case one. Every
mid-sentence lower-case use of such a word is evidence.

A page has few candidates (about 15 on 500 KB of joined news articles, none
on most single articles), so after a one-pass screen they are sought by
name: stepping through every word of the page in Python made a long page
cost more per character than a short one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..lexicon import load_words
from ..types import Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "style"

_LONG_CAPITALISED = re.compile(r"\b[A-Z][^\W\d_]{3,}")
_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}")
#: A capitalised word after a lower-case word, digit or comma and one space
#: (mid-sentence by construction: never after . ! ? : or a line break), and
#: a lower-case word after a word or comma and one space: the word is group
#: 1, WORDS stands for the words sought. Each pattern opens with the space,
#: so the engine skips to spaces in C.
_MID_TITLE = r" (?<=[a-z0-9,] )(WORDS)(?![\w-])"
_MID_LOWER = r" (?<=[^\W_] |, )(WORDS)(?![\w-])"
#: A cheap superset of both, to screen a page for candidates in one pass.
_WORD_AFTER_SPACE = re.compile(r" ([A-Za-z][a-z]{2,})(?![\w-])")
#: Above this many words sought, a pattern for any word, filtered in Python,
#: bounds the cost per space (an alternation is tried branch by branch).
_MAX_ALTERNATIVES = 64


def lowercased_proper_nouns(
    doc: Document, not_prose: set[int], label_colon: dict[int, int], title_case_min_share: float
) -> list[Span]:
    """Mid-sentence lower-case uses of words the page capitalises as names.
    ``not_prose``: heading and table lines; ``label_colon``: line -> offset
    of its list label's colon; ``title_case_min_share``: see
    ``StyleConfig``."""
    norm, boiler, line_start = doc.norm, doc.line_boilerplate, doc.line_start
    # Screened words hold a capital only first: title-cased means capitalised.
    after_space = set(_WORD_AFTER_SPACE.findall(norm))
    suspects = set(map(str.lower, filter(str.istitle, after_space))) & after_space
    suspects -= load_words("style_common_lowercase")
    if not suspects:
        return []
    capitalised: Counter[str] = Counter()
    title_line: dict[int, bool] = {}
    for m in _uses(norm, _MID_TITLE, {w.capitalize() for w in suspects}, "[A-Z][a-z]{2,}"):
        pos = m.start(1)
        line = bisect_right(line_start, pos) - 1
        if boiler[line] or line in not_prose or pos < label_colon.get(line, -1):
            continue
        if line not in title_line:
            title_line[line] = _line_is_title_case(doc, line, title_case_min_share)
        if not title_line[line]:
            capitalised[m[1].lower()] += 1
    if not capitalised:
        return []
    lowered: dict[str, list[tuple[int, int]]] = {}
    for m in _uses(norm, _MID_LOWER, set(capitalised), "[a-z]{3,}"):
        if boiler[bisect_right(line_start, m.start(1)) - 1]:
            continue
        after = norm[m.end():m.end() + 2]
        if len(after) == 2 and after[0] in "./@" and after[1].isalnum():  # a domain or path
            continue
        lowered.setdefault(m[1], []).append(m.span(1))
    spans: list[Span] = []
    for word, hits in sorted(lowered.items()):
        if capitalised[word] >= len(hits):
            spans.extend(Span(s, e, SIGNAL, "lowercased_proper_noun") for s, e in hits)
    return spans


def _uses(norm: str, pattern: str, words: set[str], any_word: str) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` whose group 1 is one of ``words`` (ASCII
    letters only: no escaping needed); ``any_word`` is the pattern of any
    such word, used when there are too many to list."""
    alternatives = "|".join(sorted(words)) if len(words) <= _MAX_ALTERNATIVES else any_word
    return (m for m in re.finditer(pattern.replace("WORDS", alternatives), norm) if m[1] in words)


def _line_is_title_case(doc: Document, line: int, title_case_min_share: float) -> bool:
    """Title-Case lines that the heading test let through (long headlines,
    related-article titles): their capitals are not evidence of names."""
    start, end = doc.line_start[line], doc.line_end[line]
    if end - start > 400:  # a paragraph, never a title
        return False
    long_words = len(_LONG_WORD.findall(doc.norm, start, end))
    return (long_words > 0
            and len(_LONG_CAPITALISED.findall(doc.norm, start, end)) >= title_case_min_share * long_words)
