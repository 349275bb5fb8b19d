"""The vocabulary model: publisher-spread terms only, outlet names never, and
the shipped JSON table computes exactly what scikit-learn fitted."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from credscore.model import ReliabilityModel
from credscore.vocabulary import VocabularyModel, count_matrix, outlet_terms


def _corpus(n_publishers: int = 30, docs_each: int = 6):
    """Reliable publishers write 'officials said'; unreliable ones 'shocking
    truth'. Publisher p0 alone signs every text with 'acmewire', a perfect
    but one-outlet predictor; everyone uses 'the' and 'report'."""
    terms, y, groups = [], [], []
    for p in range(n_publishers):
        reliable = p % 2 == 0
        for d in range(docs_each):
            doc = {"the": 3, "report": 1, ("officials" if reliable else "shocking"): 1 + d % 2,
                   ("officials said" if reliable else "shocking truth"): 1}
            if p == 0:
                doc["acmewire"] = 1
            if d == 0:
                doc["breitbart"] = 1  # an outlet name, used across publishers
            terms.append(doc)
            y.append(int(reliable))
            groups.append(f"p{p}")
    return terms, np.array(y), np.array(groups)


def _fit(**params):
    terms, y, groups = _corpus()
    X, names = count_matrix(terms)
    model = VocabularyModel(terms=names, blocked=["breitbart"], min_publishers=5, **params)
    return model.fit(X, y, groups=groups), X, names, terms


def test_keeps_spread_terms_and_drops_one_publisher_terms_and_outlet_names():
    model, *_ = _fit()
    kept = set(model.get_feature_names_out())
    assert {"officials", "shocking", "officials said", "shocking truth", "the", "report"} <= kept
    assert "acmewire" not in kept  # one publisher's signature
    assert "breitbart" not in kept  # blocked outlet name


def test_weights_point_the_learned_way():
    model, *_ = _fit()
    weight = dict(zip(model.vocabulary_, model.coef_))
    assert weight["officials said"] > 0 > weight["shocking truth"]


def test_furniture_lexicon_blocks_any_term_containing_its_words():
    terms, y, groups = _corpus()
    for doc in terms:
        doc["newsletter"] = 1
        doc["our newsletter"] = 1
    X, names = count_matrix(terms)
    model = VocabularyModel(terms=names, min_publishers=5).fit(X, y, groups=groups)
    assert not any("newsletter" in t for t in model.vocabulary_)


def test_publisher_share_cap():
    terms, y, groups = _corpus()
    # 'exclusive' is used by 6 publishers, but 90 % of its documents are p1's.
    for i, g in enumerate(groups):
        if g == "p1" or (g in {"p3", "p5", "p7", "p9", "p11"} and i % 6 == 0):
            terms[i]["exclusive"] = 1
    for i in range(len(terms)):
        if groups[i] == "p1":
            terms.append(dict(terms[i]))
            y = np.append(y, y[i])
            groups = np.append(groups, "p1")
    X, names = count_matrix(terms)
    model = VocabularyModel(terms=names, min_publishers=5, max_publisher_share=0.5).fit(X, y, groups=groups)
    assert "exclusive" not in model.vocabulary_
    loose = VocabularyModel(terms=names, min_publishers=5, max_publisher_share=1.0).fit(X, y, groups=groups)
    assert "exclusive" in loose.vocabulary_


def test_max_terms_bounds_the_table():
    model, *_ = _fit(max_terms=3)
    assert len(model.vocabulary_) == 3


def test_shipped_form_computes_the_fitted_logit_exactly():
    model, X, _names, terms = _fit()
    spec = {
        "format": "credscore-model/2", "kind": "logistic", "model_id": "test",
        "feature_names": ["vocabulary_logit"],
        "preprocess": {"clip_low": [-50.0], "clip_high": [50.0], "impute": [0.0], "mean": [0.0], "scale": [1.0]},
        "calibration": {"method": "sigmoid", "a": -1.0, "b": 0.0},
        "bands": {"low": 0.4, "high": 0.7},
        "logistic": {"coef": [1.0], "intercept": 0.0},
        "vocabulary": model.to_table(),
    }
    shipped = ReliabilityModel.from_dict(spec)
    expected = model.decision_function(X)
    got = np.array([shipped.vocabulary_logit(doc) for doc in terms])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    # Evidence adds up: the terms' shares plus the intercept are the logit.
    shares = sum(share for _, _, share in shipped.vocabulary_evidence(terms[0]))
    assert shares + model.intercept_ == pytest.approx(expected[0], abs=1e-12)
    # The cut a reason quotes is the head of the full list, one direction at a time.
    for doc in terms:
        full = shipped.vocabulary_evidence(doc)
        for direction in (1, -1):
            wanted = [r for r in full if r[2] * direction > 0][:2]
            assert shipped.vocabulary_evidence(doc, direction=direction, limit=2) == wanted


def test_no_terms_means_not_applicable():
    model, *_ = _fit()
    spec_model = ReliabilityModel.from_dict({
        "format": "credscore-model/2", "kind": "logistic", "model_id": "test",
        "feature_names": ["vocabulary_logit"],
        "preprocess": {"clip_low": [-50.0], "clip_high": [50.0], "impute": [0.25], "mean": [0.0], "scale": [1.0]},
        "calibration": {"method": "sigmoid", "a": -1.0, "b": 0.0}, "bands": {"low": 0.4, "high": 0.7},
        "logistic": {"coef": [1.0], "intercept": 0.0}, "vocabulary": model.to_table(),
    })
    assert np.isnan(spec_model.vocabulary_logit({}))
    # NaN is imputed with the training value, so it contributes nothing beyond it.
    assert spec_model.vectorise({}, {})[0] != spec_model.vectorise({}, {})[0]


def test_estimator_conventions():
    model = VocabularyModel(terms=["a"], min_publishers=3)
    assert clone(model).get_params() == model.get_params()
    assert not hasattr(model, "coef_")
    fitted, *_ = _fit()
    assert fitted.fit(*_fit_inputs()) is fitted


def _fit_inputs():
    terms, y, groups = _corpus()
    X, _ = count_matrix(terms)
    return X, y, groups


def test_outlet_terms_from_publisher_fields():
    blocked = outlet_terms(["Breitbart News", "The Washington Times", "CNN (Web News)", "people.com"],
                           ["breitbart.com", "washingtontimes.com", "cnn.com", "people.com"])
    assert {"breitbart", "breitbart news", "washington times", "cnn", "washingtontimes"} <= blocked
    # Ordinary words inside a name stay usable on their own.
    assert "times" not in blocked and "people" not in blocked and "news" not in blocked
