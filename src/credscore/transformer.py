"""``CredibilityFeatures``: credscore's signals as a scikit-learn transformer.

Texts in, the feature matrix out, so the signals can sit in a ``Pipeline``
beside a user's own features and be tuned with ``GridSearchCV``. ``fit``
fixes the output columns and, when asked, what replaces NaN.

Many features are NaN by design (an English lexicon on a German page, a
share of quotes on a page without quotes), which most scikit-learn
estimators refuse. ``impute`` says what to do:

- ``None`` (default): keep NaN, for estimators that take it
  (``HistGradientBoostingClassifier``) or your own imputer;
- ``"fit_mean"``: each column's mean over the texts given to ``fit``;
- ``"training_mean"``: the value the shipped model imputes, learned on its
  training corpora; only for the features that model weighs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

if TYPE_CHECKING:
    from .config import ExtractConfig


class CredibilityFeatures(TransformerMixin, BaseEstimator):
    """Transform an iterable of texts (``str`` or ``bytes``) into credscore's
    feature matrix.

    Parameters
    ----------
    features : sequence of str or None
        Feature names to output, in this order; ``None`` for all of them.
    n_jobs : int
        Worker processes for long inputs (joblib); 1 runs in-process.
    impute : None, "fit_mean" or "training_mean"
        What replaces NaN (see the module docstring).
    config : ExtractConfig or None
        Thresholds of the signals (:class:`credscore.ExtractConfig`); None
        for the defaults.
    """

    def __init__(self, features: Sequence[str] | None = None, n_jobs: int = 1, impute: str | None = None,
                 config: ExtractConfig | None = None):
        self.features = features
        self.n_jobs = n_jobs
        self.impute = impute
        self.config = config

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags

    def fit(self, X, y=None):
        from .extraction import feature_names

        _check_texts(X)
        available = feature_names()
        if self.features is None:
            names = list(available)
        else:
            unknown = [f for f in self.features if f not in available]
            if unknown:
                raise ValueError(f"unknown feature names: {unknown}")
            names = list(self.features)
        self.feature_names_out_ = np.asarray(names, dtype=object)
        if self.impute is None:
            self.impute_values_ = None
        elif self.impute == "fit_mean":
            import warnings

            with warnings.catch_warnings():  # an all-NaN column is expected: it becomes 0
                warnings.simplefilter("ignore", RuntimeWarning)
                means = np.nanmean(self._matrix(_check_texts(X)), axis=0) if len(X) else np.zeros(len(names))
            self.impute_values_ = np.where(np.isnan(means), 0.0, means)
        elif self.impute == "training_mean":
            from .model import shipped_model

            model = shipped_model()
            known = dict(zip(model.feature_names, model.impute))
            missing = [n for n in names if n not in known]
            if missing:
                raise ValueError(f"impute='training_mean' knows only the shipped model's features; "
                                 f"not {missing[:5]}: choose features={list(model.feature_names)[:3]}... "
                                 "or impute='fit_mean'")
            self.impute_values_ = np.asarray([known[n] for n in names], dtype=np.float64)
        else:
            raise ValueError(f"impute must be None, 'fit_mean' or 'training_mean', not {self.impute!r}")
        return self

    def _matrix(self, texts: list) -> np.ndarray:
        from .extraction import feature_matrix

        return feature_matrix(texts, list(self.feature_names_out_), n_jobs=self.n_jobs, config=self.config)

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        matrix = self._matrix(_check_texts(X))
        if self.impute_values_ is not None:
            matrix = np.where(np.isnan(matrix), self.impute_values_, matrix)
        return matrix

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()


def _check_texts(X: Any) -> list[str | bytes]:
    # ValueError, not TypeError, for input of the wrong kind: scikit-learn's
    # convention, which its estimator checks test for.
    if isinstance(X, (str, bytes)):
        raise ValueError("CredibilityFeatures expects an iterable of texts, not a single string")
    if hasattr(X, "ndim") and getattr(X, "ndim", 1) > 1:
        if X.shape[1] != 1:
            raise ValueError("CredibilityFeatures expects one text column")
        X = X.iloc[:, 0] if hasattr(X, "iloc") else X[:, 0]
    texts = list(X)
    for i, t in enumerate(texts):
        if not isinstance(t, (str, bytes)):
            raise ValueError(f"item {i} is {type(t).__name__}, expected str or bytes")
    return texts
