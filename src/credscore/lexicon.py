"""Lexicons as data files, loaded once, matched on tokens.

Every list lives in ``credscore/data/lexicons/NAME.txt``: a header of ``#``
comment lines saying where its cues came from, then one lower-case entry per
line. An entry may carry a tag after a tab (``appears to<TAB>epistemic``).

Matching is done on the document's lower-cased tokens, never with one giant
regular expression: a set lookup per token runs at about 24 MB/s where a
300-word ``\\b(a|b|...)\\b`` alternation with IGNORECASE runs at 0.7 MB/s
(``../shared/notes/dependencies.md``).

Phrases are tuples of tokens, indexed by their first token. In a phrase, ``*``
stands for one to three arbitrary tokens ("navigate the * landscape"), and an
entry whose last token ends in ``*`` matches any token with that prefix
("underscor*").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple

_ENTRY_TOKEN = re.compile(r"\*|[^\W_]+(?:['\-.][^\W_]+)*\*?")
_WILDCARD_MAX = 3


def _read_entries(name: str) -> list[tuple[str, str]]:
    path = files("credscore") / "data" / "lexicons" / f"{name}.txt"
    entries = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        entry, _, tag = line.partition("\t")
        entries.append((entry.strip().lower(), tag.strip()))
    return entries


@lru_cache(maxsize=None)
def load_words(name: str) -> frozenset[str]:
    """The entries of a one-word-per-line lexicon, as a frozen set."""
    return frozenset(entry for entry, _ in _read_entries(name))


@lru_cache(maxsize=None)
def load_tagged(name: str) -> dict[str, str]:
    """Entry to tag, for lexicons whose lines read ``entry<TAB>tag``."""
    return {entry: tag for entry, tag in _read_entries(name)}


class PhraseMatch(NamedTuple):
    first: int  # index of the first matched token
    last: int  # index of the last matched token (inclusive)
    phrase: str  # the lexicon entry, as written
    tag: str


class PhraseTable:
    """Multi-token phrases, matched on a token sequence by first-token lookup."""

    def __init__(self, entries: Sequence[tuple[str, str]]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self._prefix_first: list[tuple[str, tuple[str, ...], str, str]] = []
        for entry, tag in entries:
            parts = tuple(_ENTRY_TOKEN.findall(entry))
            if not parts or parts[0] == "*":
                raise ValueError(f"bad lexicon phrase: {entry!r}")
            first = parts[0]
            if first.endswith("*"):
                self._prefix_first.append((first[:-1], parts, entry, tag))
            else:
                self._by_first.setdefault(first, []).append((parts, entry, tag))
        # Longest first, so "it is believed that" wins over "it is believed".
        for options in self._by_first.values():
            options.sort(key=lambda o: -len(o[0]))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_first.values()) + len(self._prefix_first)

    def finditer(
        self, tokens: Sequence[str], sentence_of: Sequence[int] | None = None
    ) -> Iterator[PhraseMatch]:
        """Non-overlapping matches, left to right, longest phrase first.

        With ``sentence_of`` (token index to sentence index), a phrase never
        spans two sentences.
        """
        by_first = self._by_first
        prefix_first = self._prefix_first
        n = len(tokens)
        i = 0
        while i < n:
            tok = tokens[i]
            candidates = by_first.get(tok)
            if prefix_first:
                extra = [(p, e, t) for pre, p, e, t in prefix_first if tok.startswith(pre)]
                if extra:
                    candidates = (candidates or []) + extra
            matched = None
            if candidates:
                for parts, entry, tag in candidates:
                    end = _match_at(parts, tokens, i, sentence_of)
                    if end is not None:
                        matched = PhraseMatch(i, end, entry, tag)
                        break
            if matched is not None:
                yield matched
                i = matched.last + 1
            else:
                i += 1


def _token_matches(pattern: str, token: str) -> bool:
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1])
    return token == pattern


def _match_at(
    parts: tuple[str, ...],
    tokens: Sequence[str],
    i: int,
    sentence_of: Sequence[int] | None,
) -> int | None:
    """Index of the last token if ``parts`` matches at ``i``, else ``None``."""
    n = len(tokens)

    def go(p: int, t: int) -> int | None:
        if p == len(parts):
            return t - 1
        if t >= n:
            return None
        if sentence_of is not None and sentence_of[t] != sentence_of[i]:
            return None
        part = parts[p]
        if part == "*":
            for skip in range(1, _WILDCARD_MAX + 1):
                if t + skip > n:
                    break
                if sentence_of is not None and sentence_of[t + skip - 1] != sentence_of[i]:
                    break
                found = go(p + 1, t + skip)
                if found is not None:
                    return found
            return None
        if not _token_matches(part, tokens[t]):
            return None
        return go(p + 1, t + 1)

    return go(0, i)


@lru_cache(maxsize=None)
def load_phrases(name: str) -> PhraseTable:
    """A phrase lexicon (one phrase per line, optional tab and tag)."""
    return PhraseTable(_read_entries(name))
