"""Main-content terms: the words and word pairs a document's article uses.

The vocabulary part of the reliability model (``credscore.model``) weighs
these terms; training (``credscore.train``) counts them on the same
:class:`~credscore.document.Document` that the signals read, so there is one
tokenisation, and what was learned is exactly what is scored.

Design, and why:

- **Main content only.** Tokens on boilerplate lines (menus, share bars,
  copyright and newsletter lines) are skipped: that furniture names the
  publisher, and a model that learns it learns outlets, not credibility.
- **Words, not strings.** A term is a lower-cased token of letters, with
  inner apostrophes or hyphens allowed ("don't", "anti-vaccine"), at least
  ``MIN_TERM_CHARS`` long. Numbers, years, dates and URLs never become terms:
  they date a corpus (every ReCOVery article is from 2020) rather than
  describe how it is written.
- **Adjacent pairs** of such tokens on the same line are terms too
  ("mainstream media", "according to"), as in the word-and-pair bag-of-words
  baselines of the field (Horne & Adali 2017; Perez-Rosas et al. 2018 used
  n-grams up to 2).

Only counts are kept; the evidence span a reason quotes is found again in
the text for the few terms that are quoted (``find_terms``), which costs less
than recording every term's offsets on every document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

__all__ = ["MIN_TERM_CHARS", "TermCounts", "find_terms", "main_terms"]

#: Shorter tokens are mostly initials and fragments ("s", "u") whose weight
#: would be noise. Two letters keep "us", "un", "ex".
MIN_TERM_CHARS = 2

_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")

#: term -> how many times the main content uses it.
TermCounts = dict[str, int]


def main_terms(doc: Document) -> TermCounts:
    """Every unigram and adjacent-pair term of ``doc``'s main content."""
    main = doc.main_tokens
    if not main:
        return {}
    lower, lines = doc.tok_lower, doc.tok_line
    fullmatch = _WORD.fullmatch
    # Bulk steps (comprehensions, zip, Counter) rather than several Python
    # steps per token: this runs on every document and has a budget of a
    # tenth of extract. isalpha() settles almost every token in C; the regex
    # only sees the rest (hyphens, apostrophes, digits).
    uni_at = [i for i in main if len(w := lower[i]) >= MIN_TERM_CHARS and (w.isalpha() or fullmatch(w))]
    counts = Counter(lower[i] for i in uni_at)
    counts.update(
        f"{lower[a]} {lower[b]}" for a, b in pairwise(uni_at) if b == a + 1 and lines[a] == lines[b]
    )
    return dict(counts)


def find_terms(text: str, terms: Sequence[str]) -> list[tuple[int, int] | None]:
    """Offsets of the first occurrence of each term in ``text`` as whole words
    (case-insensitive; a pair's two words adjacent, whatever stands between
    them), for quoting terms as evidence; None for a term that is absent.

    A word is a whole token as ``_TEXT_WORD`` scans the text left to right.
    The text is lower-cased once and each term's first word is found with
    ``str.find``, checking only those places, instead of stepping through
    every token in Python. Where lower-casing changes the text's length
    ("İ" becomes two characters), offsets in the lowered copy would not be
    the text's, and a term outside ASCII could meet context-dependent case
    rules (Greek final sigma): both take the token-by-token scan."""
    low = text.lower().replace("\u2019", "'")
    fast = len(low) == len(text)
    return [_find_in_lowered(low, term.split(" ")) if fast and term.isascii()
            else _scan_for_term(text, term.split(" ")) for term in terms]


def _find_in_lowered(low: str, words: list[str]) -> tuple[int, int] | None:
    first = words[0]
    at = low.find(first)
    while at != -1:
        token = _TEXT_WORD.match(low, at)
        if token is not None and token.end() == at + len(first) and _starts_token(low, at):
            if len(words) == 1:
                return at, token.end()
            following = _TEXT_WORD.search(low, token.end())
            if following is not None and following.group() == words[1]:
                return at, following.end()
        at = low.find(first, at + 1)
    return None


def _starts_token(low: str, at: int) -> bool:
    """Whether a left-to-right token scan starts a token at ``at``: the
    character before is no word character, nor a joiner that continues the
    token before it (the pattern's joiners are greedy)."""
    if at == 0:
        return True
    if _WORD_CHAR.match(low, at - 1):
        return False
    return not (low[at - 1] in "'\u2019-" and at >= 2 and _WORD_CHAR.match(low, at - 2) is not None)


def _scan_for_term(text: str, words: list[str]) -> tuple[int, int] | None:
    previous: tuple[int, str] | None = None
    for match in _TEXT_WORD.finditer(text):
        word = match.group().lower().replace("\u2019", "'")
        if len(words) == 1:
            if word == words[0]:
                return match.start(), match.end()
        elif previous is not None and previous[1] == words[0] and word == words[1]:
            return previous[0], match.end()
        previous = (match.start(), word)
    return None


#: Words as the Document tokenises them (letters or digits, with inner
#: apostrophes or hyphens), for finding a term again in the original text.
_TEXT_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_WORD_CHAR = re.compile(r"[^\W_]")
