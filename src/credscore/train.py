"""Training: labelled corpora in, a validated JSON model and a report out.

The recipe (``credscore train``) is the one that built the shipped model:

1. **Featurise** each text once (``credscore.extraction.featurise``): the
   signals, and the main-content terms of the same Document.
2. **Vocabulary** (``credscore.vocabulary``): a TF-IDF logistic model over
   publisher-spread terms, outlet names and furniture blocked. For the rows
   it was trained on, its logit is taken *out of fold* (folds grouped by
   publisher), so the next step sees it as it will be on unseen outlets.
3. **Stack**: the interpretable signals that the model opts in to
   (``FeatureSpec.in_model``, listed by ``credscore.registry.model_features``)
   plus ``vocabulary_logit``, behind clip -> impute -> scale, in a logistic
   regression whose signs must agree with each feature's documented
   direction, calibrated with Platt scaling on grouped out-of-fold margins.

``RECIPES`` names which columns enter: the signals alone, the vocabulary
alone, or both. Which recipe ships, and on which corpora, is chosen by
leave-one-corpus-out validation (``credscore.loco``, ``benchmarks/loco.py``);
in-domain grouped CV is reported, never used to choose. The fitted pipeline
becomes the model JSON in ``credscore.export``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.pipeline import Pipeline

from ._version import __version__
from .dataset import LabelledData, read_corpora, read_jsonl
from .estimators import (
    CANDIDATE_KINDS,
    DirectionalLogisticRegression,
    Winsorizer,
    _preprocess,
    calibrated,
    calibration_table,
    candidates,
    grouped_folds,
    metrics,
)
from .export import BAND_HIGH, BAND_LOW, export, format_report, write_model
from .extraction import featurise
from .model import VOCABULARY_FEATURE, ReliabilityModel
from .recipes import RECIPES
from .registry import NEW_SIGNAL, model_features, not_in_model, why_not_in_model
from .vocabulary import VocabularyModel, count_matrix, outlet_terms

logger = logging.getLogger(__name__)

__all__ = [  # noqa: RUF022  (grouped: estimators, the registry's lists, the recipe, export)
    "CANDIDATE_KINDS", "DirectionalLogisticRegression", "Winsorizer", "calibrated", "candidates",
    "NEW_SIGNAL", "why_not_in_model",  # and, derived on first use, MODEL_FEATURES and NOT_IN_MODEL
    "BAND_HIGH", "BAND_LOW", "Featurised", "RECIPES", "featurised", "fit_recipe", "predict_recipe",
    "read_corpora", "read_jsonl", "train",
    "export", "format_report", "write_model",
]

#: Regularisation of the stacked logistic regression (standardised inputs).
STACK_C = 0.1

def __getattr__(name: str) -> Any:
    # Derived from the signal modules' declarations (credscore.registry) on first use.
    if name == "MODEL_FEATURES":
        return model_features()
    if name == "NOT_IN_MODEL":
        return not_in_model()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def recipe_columns(recipe: str) -> list[str]:
    signals, vocabulary = RECIPES[recipe]
    return list(model_features() if signals else ()) + ([VOCABULARY_FEATURE] if vocabulary else [])


def directions_of(names: Sequence[str]) -> list[float]:
    """+1 / -1 / 0 per feature from its documented direction (FeatureSpec);
    the vocabulary logit points up (a higher logit is more reliable)."""
    from .registry import feature_specs

    by_name = {spec.name: spec.direction for spec in feature_specs()}
    by_name[VOCABULARY_FEATURE] = "lower_worse"
    sign = {"lower_worse": 1.0, "higher_worse": -1.0}
    return [sign.get(by_name.get(name, "neutral"), 0.0) for name in names]


def stacker() -> Pipeline:
    return Pipeline(_preprocess() + [("model", DirectionalLogisticRegression(C=STACK_C))])


# -- featurised data ----------------------------------------------------------


@dataclass
class Featurised:
    """A corpus read once: signals (every feature, ``names`` order), the term
    count matrix (``terms`` columns) and main-content word counts."""

    data: LabelledData
    names: list[str]
    X: np.ndarray
    counts: sparse.csr_matrix
    terms: list[str]
    main_words: np.ndarray

    def canonical(self) -> Featurised:
        """The same rows sorted by (corpus, id), so that a model does not
        depend on the order in which files were given (folds do)."""
        order = np.lexsort((np.asarray(self.data.ids, dtype=object), self.data.corpora))
        return Featurised(self.data.take(order), self.names, self.X[order], self.counts[order], self.terms,
                          self.main_words[order])

    def subset(self, rows: np.ndarray) -> Featurised:
        mask = np.zeros(len(self.data.labels), dtype=bool)
        mask[rows] = True
        return Featurised(self.data.subset(mask), self.names, self.X[mask], self.counts[mask], self.terms,
                          self.main_words[mask])

    def columns(self, names: Sequence[str]) -> np.ndarray:
        index = {n: j for j, n in enumerate(self.names)}
        return self.X[:, [index[n] for n in names]]


def featurised(data: LabelledData, n_jobs: int = 1) -> Featurised:
    from .registry import feature_names

    names = list(feature_names())
    X, terms_per_doc, main_words = featurise(data.texts, names, n_jobs=n_jobs)
    counts, terms = count_matrix(terms_per_doc)
    return Featurised(data, names, X, counts, terms, main_words)


# -- the recipe -------------------------------------------------------------------


def vocabulary_model(F: Featurised, rows: np.ndarray) -> VocabularyModel:
    data = F.data
    blocked = outlet_terms(set(data.groups[rows]), {data.domains[i] for i in rows})
    model = VocabularyModel(terms=F.terms, blocked=sorted(blocked))
    return model.fit(F.counts[rows], data.labels[rows], groups=data.groups[rows])


def vocabulary_oof(F: Featurised, rows: np.ndarray, n_jobs: int = 1) -> np.ndarray:
    """The vocabulary logit of each of ``rows`` from a model that never saw
    its publisher (grouped folds)."""
    from joblib import Parallel, delayed

    y, groups = F.data.labels[rows], F.data.groups[rows]
    splits = grouped_folds(y, groups)
    parts = Parallel(n_jobs=n_jobs)(
        delayed(_fold_logit)(F, rows[tr], rows[te]) for tr, te in splits
    )
    oof = np.empty(len(rows))
    for (_, te), part in zip(splits, parts):
        oof[te] = part
    return oof


def _fold_logit(F: Featurised, train_rows: np.ndarray, test_rows: np.ndarray) -> np.ndarray:
    return vocabulary_model(F, train_rows).decision_function(F.counts[test_rows])


@dataclass
class FittedRecipe:
    recipe: str
    columns: list[str]
    stack: CalibratedClassifierCV
    vocabulary: VocabularyModel | None


def fit_vocabulary(F: Featurised, rows: np.ndarray, n_jobs: int = 1) -> tuple[VocabularyModel, np.ndarray]:
    """The vocabulary model on ``rows`` and its out-of-fold logits there."""
    return vocabulary_model(F, rows), vocabulary_oof(F, rows, n_jobs=n_jobs)


#: A signal enters the stacked model only if, alone, it ranks the documents
#: of every training corpus the way its documented direction says (ROC-AUC
#: above 0.5 in each). A signal whose direction flips between corpora
#: (readability between ReCOVery and political news, Horne & Adali 2017)
#: does not mean the same thing on the next corpus either. Decided on the
#: training rows only, so leave-one-corpus-out measures it honestly.
CONSISTENT_SIGNALS_ONLY = True


def consistent_signals(F: Featurised, rows: np.ndarray, names: Sequence[str]) -> list[str]:
    """The ``names`` whose documented direction holds in every corpus of ``rows``."""
    from sklearn.metrics import roc_auc_score

    if not CONSISTENT_SIGNALS_ONLY:
        return list(names)
    X = F.columns(names)[rows]
    y, corpora = F.data.labels[rows], F.data.corpora[rows]
    keep = []
    for j, (name, sign) in enumerate(zip(names, directions_of(names))):
        column = X[:, j]
        ok = True
        for corpus in sorted(set(corpora)):
            mask = (corpora == corpus) & ~np.isnan(column)
            if sign == 0 or len(set(y[mask])) < 2 or np.ptp(column[mask]) == 0:
                continue  # nothing to contradict
            if roc_auc_score(y[mask], sign * column[mask]) <= 0.5:
                ok = False
                break
        if ok:
            keep.append(name)
    return keep


def fit_recipe(F: Featurised, rows: np.ndarray, recipe: str, n_jobs: int = 1,
               vocabulary_fit: tuple[VocabularyModel, np.ndarray] | None = None) -> FittedRecipe:
    """``recipe`` fitted on ``rows``; ``vocabulary_fit`` (from
    :func:`fit_vocabulary` on the same rows) saves refitting it when several
    recipes share it."""
    columns = recipe_columns(recipe)
    signals = consistent_signals(F, rows, [c for c in columns if c != VOCABULARY_FEATURE])
    columns = signals + [c for c in columns if c == VOCABULARY_FEATURE]
    X = F.columns(signals)[rows]
    vocabulary, oof = None, None
    if VOCABULARY_FEATURE in columns:
        vocabulary, oof = vocabulary_fit or fit_vocabulary(F, rows, n_jobs=n_jobs)
        X = np.column_stack([X, oof])
    pipeline = stacker()
    pipeline.set_params(model__directions=directions_of(columns))
    stack = calibrated(pipeline, X, F.data.labels[rows], F.data.groups[rows])
    return FittedRecipe(recipe, columns, stack, vocabulary)


def predict_recipe(fitted: FittedRecipe, F: Featurised, rows: np.ndarray) -> np.ndarray:
    signals = [c for c in fitted.columns if c != VOCABULARY_FEATURE]
    X = F.columns(signals)[rows]
    if fitted.vocabulary is not None:
        X = np.column_stack([X, fitted.vocabulary.decision_function(F.counts[rows])])
    return fitted.stack.predict_proba(X)[:, 1]


def grouped_oof_recipe(F: Featurised, rows: np.ndarray, recipe: str, n_jobs: int = 1) -> np.ndarray:
    """In-domain figure: each publisher-grouped fold predicted by the recipe
    fitted on the others (reported, never used to choose)."""
    y, groups = F.data.labels[rows], F.data.groups[rows]
    oof = np.empty(len(rows))
    for tr, te in grouped_folds(y, groups):
        oof[te] = predict_recipe(fit_recipe(F, rows[tr], recipe, n_jobs=n_jobs), F, rows[te])
    return oof


# -- the whole recipe ------------------------------------------------------------


def train(
    F: Featurised,
    *,
    recipe: str = "stacked",
    n_jobs: int = 1,
    trained_on: str | None = None,
    in_domain: bool = True,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit ``recipe`` on every row of ``F``. Returns ``(model_spec, report)``;
    the spec is deterministic for the same data and credscore version, except
    ``provenance.trained_on``."""
    import sklearn

    F = F.canonical()
    data = F.data
    rows = np.arange(len(data.labels))
    y = data.labels
    report: dict[str, Any] = {
        "recipe": recipe,
        "n_documents": len(y),
        "n_groups": len(np.unique(data.groups)),
        "positive_share": float(y.mean()),
        "corpora": {str(c): int((data.corpora == c).sum()) for c in sorted(set(data.corpora))},
    }
    # One BLAS thread, here and in joblib's workers: OpenBLAS splits long dot
    # products across the cores it sees, and a different split rounds the
    # calibration's last digit differently, so a model rebuilt on one core
    # came out with another id than the same rebuild on two.
    from joblib import parallel_config
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"), parallel_config("loky", inner_max_num_threads=1):
        fitted = fit_recipe(F, rows, recipe, n_jobs=n_jobs)
        if in_domain:  # reported, never used to choose
            oof = grouped_oof_recipe(F, rows, recipe, n_jobs=n_jobs)
            report["in_domain_grouped_cv"] = metrics(y, oof)
            report["calibration"] = calibration_table(y, oof)
    table = fitted.vocabulary.to_table() if fitted.vocabulary is not None else None
    spec = export(fitted.stack, "logistic", fitted.columns, table)
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    spec["model_id"] = f"credscore-{recipe}-{digest[:12]}"
    active = fitted.stack.calibrated_classifiers_[0].estimator.named_steps["model"].active_
    report["dropped_for_direction"] = [n for n, keep in zip(fitted.columns, active) if not keep]
    spec["provenance"] = {
        "training_data": dict(sorted(data.sources.items())),
        "cap_per_label": data.cap_per_label,
        "recipe": recipe,
        "corpora": report["corpora"],
        "n_documents": len(y),
        "credscore_version": __version__,
        "scikit_learn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "trained_on": trained_on or _dt.date.today().isoformat(),
        "report": {k: v for k, v in report.items() if k != "calibration"},
        "calibration_table": report.get("calibration", []),
    }
    ReliabilityModel.from_dict(spec)  # refuse to write what we could not load
    return spec, report
