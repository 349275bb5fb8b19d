"""The vocabulary model: which words an article uses, weighed by a linear model.

Why a vocabulary part at all: on news from outlets and years nobody tuned on,
knowing which words a document uses carries across sources better than any
hand-built signal (a TF-IDF logistic model trained on ReCOVery plus
AllSides/MBFC reaches ROC-AUC 0.73 on the kept-back sets, the 67 signals
alone 0.67). What it must not learn is *who* wrote the text, so:

- it reads only main-content terms (``credscore.terms``: boilerplate lines,
  numbers and dates never enter);
- a term must be used by at least ``min_publishers`` different publishers,
  and no single publisher may account for more than ``max_publisher_share``
  of the documents that use it: an outlet's house phrases, section names and
  bylines fail one test or the other;
- outlet names and domains from the training data's own publisher fields
  (:func:`outlet_terms`), and the furniture words of the lexicon
  ``vocabulary_blocked``, are never weighed.

The representation is the one of scikit-learn's ``TfidfTransformer(
sublinear_tf=True)`` on the kept terms: ``x_t = (1 + ln count_t) * idf_t``,
``idf_t = ln((1 + n) / (1 + df_t)) + 1``, then L2-normalised over the kept
terms. The logit is ``w . x + b``, so each term's share ``w_t x_t`` of it is
exact evidence ("words that lowered it: ...").

:class:`VocabularyModel` follows scikit-learn's estimator conventions: its
input is a sparse document-by-term count matrix whose columns are named by
the ``terms`` parameter; the shipped form is a bounded JSON table read by
``credscore.model``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from .lexicon import load_words
from .terms import TermCounts

__all__ = ["VocabularyModel", "count_matrix", "outlet_terms"]

_NAME_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
#: Labels of a host name that are never the outlet's own name.
_HOST_NOISE = frozenset({"www", "com", "org", "net", "co", "uk", "us", "news", "online", "blogs", "edu", "gov",
                         "info", "tv", "au", "ca", "in", "io", "de", "fr", "ie", "nz"})


def count_matrix(terms_per_doc: Sequence[TermCounts], vocabulary: dict[str, int] | None = None,
                 min_df: int = 1) -> tuple[sparse.csr_matrix, list[str]]:
    """Documents' term counts as a CSR matrix. Without ``vocabulary`` the
    columns are every term used by at least ``min_df`` documents, in sorted
    order (so the matrix is the same on every run); with it, the given
    columns, other terms ignored."""
    if vocabulary is None:
        df = Counter(t for doc in terms_per_doc for t in doc)
        names = sorted(t for t, n in df.items() if n >= min_df)
        vocabulary = {t: j for j, t in enumerate(names)}
    else:
        names = sorted(vocabulary, key=vocabulary.__getitem__)
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    get = vocabulary.get
    for doc in terms_per_doc:
        cols = [(j, n) for t, n in doc.items() if (j := get(t)) is not None]
        cols.sort()
        indices.extend(j for j, _ in cols)
        data.extend(n for _, n in cols)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                                np.asarray(indptr, dtype=np.int64)), shape=(len(terms_per_doc), len(names)))
    return matrix, names


def outlet_terms(publishers: Iterable[str], domains: Iterable[str] = ()) -> frozenset[str]:
    """Terms that name an outlet: each publisher name as a whole (lower-cased,
    one or two words, so "fox news" and "breitbart"), each of its words that
    is not a common English word ("breitbart", "cnn", but not "times"), and
    the distinctive label of each domain ("dailymail", "nytimes")."""
    common = load_words("style_common_lowercase") | load_words("stopwords_en")
    blocked: set[str] = set()
    for name in publishers:
        words = _NAME_WORD.findall(str(name).lower())
        if words[:1] == ["the"]:
            words = words[1:]
        if 1 <= len(words) <= 2:
            blocked.add(" ".join(words))
        for a, b in pairwise(words):
            blocked.add(f"{a} {b}")
        blocked.update(w for w in words if w not in common and len(w) > 1)
    for domain in domains:
        for label in str(domain).lower().split("."):
            if label and label not in _HOST_NOISE and label not in common:
                blocked.add(label)
    return frozenset(blocked)


class VocabularyModel(ClassifierMixin, BaseEstimator):
    """Sublinear TF-IDF over publisher-spread main-content terms, and an L2
    logistic regression on it.

    Parameters
    ----------
    terms : the column names of the count matrices passed to ``fit`` and
        ``decision_function``.
    blocked : terms never weighed (outlet names, furniture).
    min_publishers : a term must occur in documents of at least this many
        publishers. With ``max_terms`` binding (the most widely used terms
        are kept), 10, 20 and 40 gave the same LOCO table within 0.001.
    max_publisher_share : at most this share of a term's documents may come
        from its most frequent publisher. 0.3 raised the LOCO mean of the
        vocabulary alone from 0.574 (0.5) to 0.580; 0.2 gave 0.581.
    max_terms : the table's bound: the terms used by the most publishers.
        50,000 gave a LOCO mean within 0.002 of 20,000 at twice the size.
    C : inverse regularisation strength of the logistic regression; 0.3 and
        3 were both worse on the LOCO mean (0.569, 0.572) than 1 (0.574).
    common_words_only : keep only terms made of common English words
        (lexicons ``style_common_lowercase`` and ``stopwords_en``), which
        leaves out people's, places' and outlets' names: GossipCop's
        celebrity names and ReCOVery's "illinois" otherwise rank among the
        strongest terms. It also raised the LOCO mean (0.574 -> 0.577).

    All figures: ``benchmarks/loco.py``-style leave-one-corpus-out, vocabulary
    logit alone, training corpora ReCOVery, AllSides/MBFC and GossipCop
    (docs/model.md).
    """

    def __init__(self, terms: Sequence[str] = (), blocked: Iterable[str] = (), min_publishers: int = 20,
                 max_publisher_share: float = 0.3, max_terms: int = 20_000, C: float = 1.0,
                 common_words_only: bool = True):
        self.terms = terms
        self.blocked = blocked
        self.common_words_only = common_words_only
        self.min_publishers = min_publishers
        self.max_publisher_share = max_publisher_share
        self.max_terms = max_terms
        self.C = C

    def _select(self, counts: sparse.csr_matrix, groups: np.ndarray) -> np.ndarray:
        present = (counts > 0).astype(np.float64).tocsc()
        _, group_index = np.unique(groups, return_inverse=True)
        one_hot = sparse.csr_matrix((np.ones(len(groups)), (group_index, np.arange(len(groups)))))
        per_group = (one_hot @ present).tocsc()  # publisher x term: documents using it
        df = np.asarray(present.sum(axis=0)).ravel()
        n_groups = np.diff(per_group.indptr)
        top_share = np.zeros_like(df)
        nonzero = n_groups > 0
        top_share[nonzero] = per_group.max(axis=0).toarray().ravel()[nonzero] / df[nonzero]
        blocked = set(self.blocked) | _furniture()
        common = _common_words() if self.common_words_only else None
        not_blocked = np.array([
            not (t in blocked or any(w in blocked for w in t.split(" ")))
            and (common is None or all(w in common for w in t.split(" ")))
            for t in self.terms
        ])
        ok = (n_groups >= self.min_publishers) & (top_share <= self.max_publisher_share) & not_blocked
        candidates = np.flatnonzero(ok)
        # Most widely used first; ties by name, so the choice never depends on order.
        order = sorted(candidates, key=lambda j: (-n_groups[j], self.terms[int(j)]))[: self.max_terms]
        return np.asarray(sorted(order), dtype=np.int64)

    def _tfidf(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        x = counts[:, self.columns_].astype(np.float64).tocsr()
        x.data = 1.0 + np.log(x.data)
        x = x.multiply(self.idf_[None, :]).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms) @ x

    def fit(self, X: sparse.csr_matrix, y: np.ndarray, groups: np.ndarray | None = None) -> VocabularyModel:
        X = sparse.csr_matrix(X)
        y = np.asarray(y)
        if X.shape[1] != len(self.terms):
            raise ValueError(f"X has {X.shape[1]} columns, terms names {len(self.terms)}")
        groups = np.arange(len(y)) if groups is None else np.asarray(groups)
        self.columns_ = self._select(X, groups)
        self.vocabulary_ = [self.terms[j] for j in self.columns_]
        df = np.asarray((X[:, self.columns_] > 0).sum(axis=0)).ravel()
        self.idf_ = np.log((1.0 + X.shape[0]) / (1.0 + df)) + 1.0
        model = LogisticRegression(C=self.C, max_iter=2000)
        model.fit(self._tfidf(X), y)
        self.coef_ = model.coef_[0]
        self.intercept_ = float(model.intercept_[0])
        self.classes_ = model.classes_
        return self

    def decision_function(self, X: sparse.csr_matrix) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return np.asarray(self._tfidf(sparse.csr_matrix(X)) @ self.coef_).ravel() + self.intercept_

    def predict_proba(self, X: sparse.csr_matrix) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: sparse.csr_matrix) -> np.ndarray:
        return self.classes_[(self.decision_function(X) > 0).astype(int)]

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return np.asarray(self.vocabulary_, dtype=object)

    def to_table(self) -> dict[str, Any]:
        """The fitted model as the JSON section ``credscore.model`` reads."""
        check_is_fitted(self, "coef_")
        return {
            "terms": list(self.vocabulary_),
            "idf": [float(v) for v in self.idf_],
            "coef": [float(v) for v in self.coef_],
            "intercept": self.intercept_,
        }


def _common_words() -> frozenset[str]:
    return load_words("style_common_lowercase") | load_words("stopwords_en")


def _furniture() -> frozenset[str]:
    return load_words("vocabulary_blocked")


def strongest(table: dict[str, Any], k: int = 50) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The ``k`` terms with the largest weight each way, as (term, weight)."""
    pairs = sorted(zip(table["terms"], table["coef"]), key=lambda p: (p[1], p[0]))
    low = pairs[:k]
    high = sorted(pairs[-k:], key=lambda p: (-p[1], p[0]))
    return [(t, float(w)) for t, w in high], [(t, float(w)) for t, w in low]

