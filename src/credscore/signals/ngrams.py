"""Word n-gram repetition, counted exactly with numpy (a helper of ``repetition``).

Design
------
Gopher (Rae et al. 2021) and RedPajama measure repetition with word
n-grams: the character share of the most frequent 2-, 3- and 4-gram, and
the share of characters covered by 5- to 10-grams that occur more than
once. Counting Python tuples in a ``Counter`` cost a tenth of ``extract``.
Here each word becomes an integer id (where it first occurs) and each
n-gram the dense id of the pair (its (n-1)-gram's id, its last word's id),
so every n-gram is an exact integer and one sort per length counts them:
equal ids mean equal n-grams, with no hashing and no collisions. A 10-gram
is the pair of the 5-grams at i and i + 5.
"""

from __future__ import annotations

from functools import partial
from itertools import count
from typing import TYPE_CHECKING

import numpy as np

from ..types import Span, capped_spans

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "repetition"


def ngram_repetition(
    doc: Document, max_words: int, evidence_share: tuple[float, float, float], unbuilt: dict[tuple[str, str], int]
) -> tuple[dict[str, float], list[Span]]:
    """The n-gram features of the main content's first ``max_words`` words,
    with evidence for a top n-gram whose share passes ``evidence_share[n - 2]``
    and for every duplicated 10-word passage. Spans of a top n-gram past
    ``MAX_SPANS_PER_REASON`` are counted in ``unbuilt``, not built
    (``types.capped_spans``)."""
    main = doc.main_tokens[:max_words]
    words = (doc.tok_lower[:max_words] if len(main) == len(doc.tok_lower)
             else list(map(doc.tok_lower.__getitem__, main)))
    n_words = len(words)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=n_words)
    prefix = np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(lengths)))
    total = int(prefix[-1])
    features = {f"repetition_top_{n}gram_char_share": 0.0 for n in (2, 3, 4)}
    features["repetition_dup_5gram_char_share"] = 0.0
    features["repetition_dup_10gram_char_share"] = 0.0
    features["repetition_redundant_10gram_char_share"] = 0.0
    spans: list[Span] = []
    if total == 0:
        return features, spans

    # Each word becomes an id below n_words, the position where it first
    # occurs (one dict.setdefault per word, mapped in C: a third cheaper than
    # numbering the distinct words first), and each n-gram the dense id of
    # the pair (its (n-1)-gram's id, its last word's id), so every n-gram is
    # an exact integer, counted by one sort in numpy. Equal ids mean equal
    # n-grams: no hashing, no collisions.
    index: dict[str, int] = {}
    ids = np.fromiter(map(index.setdefault, words, count()), dtype=np.int64, count=n_words)
    grams = ids
    for n in (2, 3, 4, 5):
        if n_words < n:
            return features, spans
        grams, counts = _dense(grams[:-1] * n_words + ids[n - 1:])
        top = int(counts.max())
        if top < 2:  # nothing repeats at this length, so nothing longer does
            return features, spans
        if n < 5:
            # Ties: the n-gram that occurs first in the text, as RedPajama's
            # most_common(1) does; deterministic for a text. Overlapping
            # occurrences ("ha ha ha ha") can push count x length past the
            # text's length, so the share is capped at 1.
            first = int(np.argmax(counts[grams] == top))
            share = min(1.0, top * int(prefix[first + n] - prefix[first]) / total)
            features[f"repetition_top_{n}gram_char_share"] = share
            if share > evidence_share[n - 2]:
                starts = np.flatnonzero(grams == grams[first]).tolist()
                spans += capped_spans(starts, partial(_bounds, doc, main, n), SIGNAL, f"top_{n}gram", unbuilt)
    repeated5 = counts[grams] > 1
    features["repetition_dup_5gram_char_share"], _ = _covered_share(repeated5, 5, lengths, total)
    # A 10-gram is the pair of the 5-grams at i and i + 5: it can repeat only
    # where both of them do (on most pages nowhere, and the sort is saved).
    if n_words >= 10 and (repeated5[:-5] & repeated5[5:]).any():
        grams10, counts10 = _dense(grams[:-5] * len(counts) + grams[5:])
        if counts10.max() > 1:
            repeated = counts10[grams10] > 1
            share, runs = _covered_share(repeated, 10, lengths, total)
            features["repetition_dup_10gram_char_share"] = share
            # The copies after the first: a text pasted twice is half redundant.
            later = repeated & ~_first_occurrences(grams10, len(counts10))
            features["repetition_redundant_10gram_char_share"], _ = _covered_share(later, 10, lengths, total)
            spans.extend(
                Span(doc.tok_start[main[a]], doc.tok_end[main[b - 1]], SIGNAL, "duplicated_passage")
                for a, b in runs
            )
    return features, spans


def _bounds(doc: Document, main: list[int], n: int, i: int) -> tuple[int, int]:
    """The character span of the n-gram starting at main-content word ``i``."""
    return doc.tok_start[main[i]], doc.tok_end[main[i + n - 1]]


def _dense(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each key's rank among the distinct keys, and each distinct key's count
    (``np.unique(keys, return_inverse=True, return_counts=True)`` without its
    per-call overhead, which dominates on a page of a few hundred words)."""
    order = keys.argsort()
    ordered = keys[order]
    new = np.empty(len(keys), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[order] = np.cumsum(new) - 1
    return ranks, np.diff(np.append(np.flatnonzero(new), len(keys)))


def _first_occurrences(ranks: np.ndarray, distinct: int) -> np.ndarray:
    """True where a dense id occurs for the first time in ``ranks``."""
    first = np.full(distinct, len(ranks), dtype=np.int64)
    np.minimum.at(first, ranks, np.arange(len(ranks)))
    mask = np.zeros(len(ranks), dtype=bool)
    mask[first] = True
    return mask


def _covered_share(
    repeated: np.ndarray, n: int, lengths: np.ndarray, total: int
) -> tuple[float, list[tuple[int, int]]]:
    """Share of word characters inside the n-grams that start where
    ``repeated`` is true, and the covered runs of word indices ``[first,
    last)`` (overlapping or touching n-grams make one run)."""
    starts = np.flatnonzero(repeated)
    depth = np.zeros(len(lengths) + 1, dtype=np.int64)
    depth[starts] += 1  # starts are distinct, so plain indexing adds once each
    depth[starts + n] -= 1
    covered = np.cumsum(depth[:-1]) > 0
    edges = np.flatnonzero(np.diff(covered.astype(np.int8), prepend=0, append=0))
    runs = list(zip(edges[0::2].tolist(), edges[1::2].tolist()))
    return int(lengths[covered].sum()) / total, runs
