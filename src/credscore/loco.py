"""Leave one corpus out: does the score mean the same thing on a corpus that
no part of the model saw?

For each corpus C, every recipe (``credscore.train.RECIPES``) is fitted on
the training corpora other than C and scores C. Inside the training part,
folds stay grouped by publisher (for the vocabulary's out-of-fold logit and
for calibration). Two baselines are fitted under the same protocol on the
same rows:

- ``tfidf``: word 1-2-gram TF-IDF (sublinear tf, terms in at least 2
  training documents, the 50,000 most frequent) and an L2 logistic
  regression on the raw text, as the shared data README's first LOCO
  baseline;
- ``length``: the logarithm of the text's length alone.

A corpus outside the training set is still scored (by the recipe fitted on
all training corpora): that is how corpora whose labels mean something else
(journalism quality, bias, casualty accuracy) check that the score does not
confuse brevity or opinion with unreliability.

The shipped recipe is the one with the best mean ROC-AUC over all corpora
among those no corpus of which falls more than ``MARGIN`` below TF-IDF's
figure for it (``choose``); so its worst corpus is no worse than TF-IDF's
worst, up to that margin. The margin is about one standard error of ROC-AUC
on the smallest corpora (636 to 775 documents), where 0.01 is noise.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from .estimators import calibration_table, metrics
from .model import VOCABULARY_FEATURE
from .train import (
    Featurised,
    fit_recipe,
    fit_vocabulary,
    predict_recipe,
    recipe_columns,
)

logger = logging.getLogger(__name__)

__all__ = ["BASELINES", "choose", "format_table", "loco"]

BASELINES = ("tfidf", "length")
MARGIN = 0.02
#: TF-IDF baseline vocabulary bound and minimum document frequency.
TFIDF_MAX_FEATURES = 50_000
TFIDF_MIN_DF = 2


def _tfidf_counts(texts: Sequence[str]) -> sparse.csr_matrix:
    # One count matrix for every text; each fold then keeps the columns its
    # training rows use (unsupervised, so no label crosses from C).
    return CountVectorizer(ngram_range=(1, 2), min_df=TFIDF_MIN_DF, dtype=np.float64).fit_transform(texts).tocsr()


def _tfidf_predict(counts: sparse.csr_matrix, y: np.ndarray, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    df = np.asarray((counts[train] > 0).sum(axis=0)).ravel()
    usable = np.flatnonzero(df >= TFIDF_MIN_DF)
    keep = usable[np.argsort(-df[usable], kind="stable")[:TFIDF_MAX_FEATURES]]
    keep.sort()
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts[train][:, keep])
    model = LogisticRegression(C=1.0, max_iter=2000).fit(tfidf.transform(counts[train][:, keep]), y[train])
    return model.predict_proba(tfidf.transform(counts[test][:, keep]))[:, 1]


def _length_predict(texts: Sequence[str], y: np.ndarray, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    x = np.log1p(np.array([[len(texts[i])] for i in range(len(texts))], dtype=float))
    scale = StandardScaler().fit(x[train])
    model = LogisticRegression().fit(scale.transform(x[train]), y[train])
    return model.predict_proba(scale.transform(x[test]))[:, 1]


def loco(
    F: Featurised,
    train_corpora: Sequence[str],
    recipes: Sequence[str],
    *,
    baselines: bool = True,
    n_jobs: int = 1,
) -> dict[str, Any]:
    """``{"rows": {model: {corpus: metrics}}, "predictions": {model: p}}``
    with every corpus of ``F`` scored by models that never saw it."""
    data = F.data
    y = data.labels
    corpora = sorted(set(data.corpora))
    counts = _tfidf_counts(data.texts) if baselines else None
    rows: dict[str, dict[str, dict[str, float]]] = {}
    predictions: dict[str, np.ndarray] = {}
    for corpus in corpora:
        test = np.flatnonzero(data.corpora == corpus)
        train = np.flatnonzero(np.isin(data.corpora, [c for c in train_corpora if c != corpus]))
        logger.info("loco: %s (%d documents) from %d training documents", corpus, len(test), len(train))
        scored: dict[str, np.ndarray] = {}
        shared = None
        if any(VOCABULARY_FEATURE in recipe_columns(r) for r in recipes):
            shared = fit_vocabulary(F, train, n_jobs=n_jobs)
        for recipe in recipes:
            fitted = fit_recipe(F, train, recipe, n_jobs=n_jobs, vocabulary_fit=shared)
            scored[recipe] = predict_recipe(fitted, F, test)
        if counts is not None:
            scored["tfidf"] = _tfidf_predict(counts, y, train, test)
            scored["length"] = _length_predict(data.texts, y, train, test)
        for name, p in scored.items():
            rows.setdefault(name, {})[corpus] = metrics(y[test], p)
            predictions.setdefault(name, np.full(len(y), np.nan))[test] = p
    return {"train_corpora": list(train_corpora), "corpora": corpora, "rows": rows, "predictions": predictions,
            "calibration": {name: {c: calibration_table(y[data.corpora == c], p[data.corpora == c])
                                   for c in corpora} for name, p in predictions.items()}}


def summary(row: dict[str, dict[str, float]], metric: str = "roc_auc") -> tuple[float, float]:
    values = [m[metric] for m in row.values()]
    return float(np.mean(values)), float(np.min(values))


def qualifies(result: dict[str, Any], recipe: str, margin: float = MARGIN) -> bool:
    """No corpus more than ``margin`` below TF-IDF's ROC-AUC for it."""
    rows, tfidf = result["rows"][recipe], result["rows"]["tfidf"]
    return all(rows[c]["roc_auc"] >= tfidf[c]["roc_auc"] - margin for c in rows)


def choose(result: dict[str, Any], recipes: Sequence[str], margin: float = MARGIN) -> str | None:
    """The qualifying recipe with the best mean ROC-AUC; None if none qualifies."""
    qualified = [(summary(result["rows"][r])[0], r) for r in recipes if qualifies(result, r, margin)]
    return max(qualified)[1] if qualified else None


def format_table(result: dict[str, Any]) -> str:
    corpora = result["corpora"]
    head = f"{'model':<12}" + "".join(f"{c[:14]:>15}" for c in corpora) + f"{'mean':>8}{'worst':>8}"
    lines = [(f"leave-one-corpus-out ROC-AUC (PR-AUC, Brier below); training corpora: "
             f"{', '.join(result['train_corpora'])}"), head]
    for name, row in result["rows"].items():
        mean, worst = summary(row)
        lines.append(f"{name:<12}" + "".join(f"{row[c]['roc_auc']:>15.3f}" for c in corpora)
                     + f"{mean:>8.3f}{worst:>8.3f}")
    for metric in ("pr_auc", "brier"):
        lines.append(metric)
        for name, row in result["rows"].items():
            mean, _ = summary(row, metric)
            lines.append(f"{name:<12}" + "".join(f"{row[c][metric]:>15.3f}" for c in corpora) + f"{mean:>8.3f}")
    return "\n".join(lines)
