"""``CredibilityFeatures``: credscore's signals as a scikit-learn transformer.

Texts in, the feature matrix out, so the signals can sit in a ``Pipeline``
beside a user's own features and be tuned with ``GridSearchCV``. It learns
nothing: ``fit`` only fixes the output columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted


class CredibilityFeatures(TransformerMixin, BaseEstimator):
    """Transform an iterable of texts (``str`` or ``bytes``) into credscore's
    feature matrix.

    Parameters
    ----------
    features : sequence of str or None
        Feature names to output, in this order; ``None`` for all of them.
    n_jobs : int
        Worker processes for long inputs (joblib); 1 runs in-process.
    """

    def __init__(self, features: Sequence[str] | None = None, n_jobs: int = 1):
        self.features = features
        self.n_jobs = n_jobs

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags

    def fit(self, X, y=None):
        from .extract import feature_names

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
        return self

    def transform(self, X) -> np.ndarray:
        from .dataset import feature_matrix

        check_is_fitted(self, "feature_names_out_")
        texts = _check_texts(X)
        return feature_matrix(texts, list(self.feature_names_out_), n_jobs=self.n_jobs)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()


def _check_texts(X) -> list:
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
