"""The model file: exact agreement with scikit-learn, strict validation."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from credscore.model import ModelError, ReliabilityModel
from credscore.train import (
    CANDIDATE_KINDS,
    MODEL_FEATURES,
    DirectionalLogisticRegression,
    calibrated,
    candidates,
    export,
)

#: Real feature names: a model naming features credscore never computes is refused.
NAMES = list(MODEL_FEATURES)


@pytest.fixture(scope="module")
def synthetic():
    rng = np.random.default_rng(0)
    n = 500
    X = rng.normal(size=(n, 5))
    X[:, 2] = np.exp(2 * X[:, 2])  # a heavy tail, so clipping matters
    X[rng.random((n, 5)) < 0.1] = np.nan  # features that do not apply
    y = (np.nan_to_num(X[:, 0]) - 0.7 * np.nan_to_num(X[:, 1]) + rng.normal(size=n) > 0).astype(int)
    groups = np.repeat(np.arange(25), 20)
    return X, y, groups


@pytest.fixture(scope="module", params=["directional_logistic", "logistic", "trees"])
def fitted(request, synthetic):
    X, y, groups = synthetic
    # f1 truly lowers the label; declaring it "higher is better" must drop it.
    directions = [1.0, 1.0, 0.0, 0.0, -1.0]
    model = calibrated(candidates(directions)[request.param], X, y, groups)
    spec = export(model, CANDIDATE_KINDS[request.param], NAMES[: X.shape[1]])
    spec["model_id"] = f"test-{request.param}"
    # Through JSON text, as a file would be read.
    return model, json.loads(json.dumps(spec)), X


def test_json_model_equals_sklearn_predict_proba(fitted):
    model, spec, X = fitted
    ours = ReliabilityModel.from_dict(spec).predict_proba(X)
    theirs = model.predict_proba(X)[:, 1]
    assert np.max(np.abs(ours - theirs)) < 1e-9


def test_contributions_add_up_to_the_logit(fitted):
    _, spec, X = fitted
    rm = ReliabilityModel.from_dict(spec)
    p = rm.predict_proba(X[:50])
    for i in range(50):
        base, contributions = rm.explain(X[i])
        z = base + contributions.sum()
        assert 1 / (1 + np.exp(-z)) == pytest.approx(p[i], abs=1e-12)


def test_missing_feature_contributes_nothing(fitted):
    _, spec, X = fitted
    rm = ReliabilityModel.from_dict(spec)
    x = X[0].copy()
    x[3] = np.nan
    _, contributions = rm.explain(x)
    if rm.kind == "logistic":
        # Imputed with the training mean, standardised to zero (up to the
        # rounding of a mean recomputed over imputed values).
        assert contributions[3] == pytest.approx(0.0, abs=1e-12)


def _broken(spec, mutate):
    bad = copy.deepcopy(spec)
    mutate(bad)
    return bad


@pytest.mark.parametrize(
    "label, mutate",
    [
        ("wrong format", lambda s: s.update(format="other/1")),
        ("unknown kind", lambda s: s.update(kind="pickle")),
        ("short coefficient list", lambda s: s["preprocess"]["mean"].pop()),
        ("string in numbers", lambda s: s["preprocess"]["scale"].__setitem__(0, "1.0")),
        ("zero scale", lambda s: s["preprocess"]["scale"].__setitem__(0, 0.0)),
        ("missing calibration", lambda s: s.pop("calibration")),
        ("duplicate feature names", lambda s: s["feature_names"].__setitem__(1, s["feature_names"][0])),
        ("bands out of order", lambda s: s["bands"].update(low=0.9, high=0.1)),
    ],
)
def test_malformed_models_are_refused(fitted, label, mutate):
    _, spec, _ = fitted
    with pytest.raises(ModelError):
        ReliabilityModel.from_dict(_broken(spec, mutate))


def test_tree_pointing_backwards_is_refused(synthetic):
    X, y, groups = synthetic
    spec = export(calibrated(candidates()["trees"], X, y, groups), "trees", NAMES[: X.shape[1]])
    spec["model_id"] = "test-trees"
    ReliabilityModel.from_dict(spec)  # the untouched export loads
    spec["trees"]["trees"][0]["left"][0] = 0  # a cycle: the root is its own child
    with pytest.raises(ModelError):
        ReliabilityModel.from_dict(spec)


def test_non_finite_numbers_and_bad_bytes_are_refused(fitted):
    _, spec, _ = fitted
    text = json.dumps(spec).replace(str(spec["calibration"]["a"]), "NaN", 1)
    with pytest.raises(ModelError):
        ReliabilityModel.from_bytes(text.encode())
    with pytest.raises(ModelError):
        ReliabilityModel.from_bytes(json.dumps(spec).encode()[:-20])  # truncated
    with pytest.raises(ModelError):
        ReliabilityModel.from_bytes(b"\x80\x04\x95 not json, a pickle header")


def test_sha256_mismatch_is_refused(fitted):
    _, spec, _ = fitted
    raw = json.dumps(spec).encode()
    with pytest.raises(ModelError, match="SHA-256"):
        ReliabilityModel.from_bytes(raw, sha256="0" * 64)


def test_directional_logistic_drops_features_that_point_the_wrong_way(synthetic):
    X, y, _ = synthetic
    X = np.nan_to_num(X)
    # y rises with f0 and falls with f1. Declaring f1 "higher is more
    # reliable" contradicts the data, so f1 must be dropped (coefficient 0);
    # f0, declared the right way, keeps a positive coefficient.
    model = DirectionalLogisticRegression(directions=[1, 1, 0, 0, 0]).fit(X, y)
    assert model.coef_[0, 1] == 0.0 and not model.active_[1]
    assert model.coef_[0, 0] > 0
    free = DirectionalLogisticRegression(directions=None).fit(X, y)
    assert free.coef_[0, 1] < 0 and free.active_.all()


def _with(spec, mutate):
    spec = copy.deepcopy(spec)
    mutate(spec)
    return spec


def test_unknown_feature_names_are_refused(fitted):
    # A model of names credscore never computes would give every document
    # the same score.
    _, spec, _ = fitted
    bad = _with(spec, lambda s: s["feature_names"].__setitem__(0, "no_such_feature"))
    with pytest.raises(ModelError, match="does not compute: no_such_feature"):
        ReliabilityModel.from_dict(bad)
    # vocabulary_logit is computed only by a model that carries a vocabulary.
    bad = _with(spec, lambda s: s["feature_names"].__setitem__(0, "vocabulary_logit"))
    with pytest.raises(ModelError, match="vocabulary_logit"):
        ReliabilityModel.from_dict(bad)


@pytest.mark.parametrize("path, value", [
    (("calibration", "a"), -1e300),
    (("calibration", "b"), 1e200),
    (("preprocess", "scale", 0), 1e300),
    (("bands", "high"), 2.0),
])
def test_extreme_numbers_are_refused(fitted, path, value):
    _, spec, _ = fitted
    def mutate(s):
        target = s
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    with pytest.raises(ModelError, match="within"):
        ReliabilityModel.from_dict(_with(spec, mutate))


def test_zero_calibration_slope_is_refused(fitted):
    _, spec, _ = fitted
    with pytest.raises(ModelError, match="same score"):
        ReliabilityModel.from_dict(_with(spec, lambda s: s["calibration"].__setitem__("a", 0.0)))


def test_deeply_nested_json_is_a_model_error_not_a_crash():
    raw = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(ModelError):
        ReliabilityModel.from_bytes(raw)


def test_oversized_model_file_is_refused_before_parsing(tmp_path, monkeypatch):
    import credscore.model as model_module

    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2048)
    monkeypatch.setattr(model_module, "MAX_MODEL_BYTES", 1024)
    with pytest.raises(ModelError, match="over the 1,024 limit"):
        ReliabilityModel.load(path)


@pytest.mark.parametrize("label, table", [
    ("not an object", []),
    ("terms not distinct", {"terms": ["a", "a"], "idf": [1.0, 1.0], "coef": [0.0, 0.0], "intercept": 0.0}),
    ("short idf", {"terms": ["a", "b"], "idf": [1.0], "coef": [0.0, 0.0], "intercept": 0.0}),
    ("negative idf", {"terms": ["a"], "idf": [-1.0], "coef": [0.0], "intercept": 0.0}),
    ("huge weight", {"terms": ["a"], "idf": [1.0], "coef": [1e9], "intercept": 0.0}),
    ("empty term", {"terms": [""], "idf": [1.0], "coef": [0.0], "intercept": 0.0}),
])
def test_malformed_vocabulary_is_refused(fitted, label, table):
    _, spec, _ = fitted
    with pytest.raises(ModelError):
        ReliabilityModel.from_dict(_with(spec, lambda s: s.__setitem__("vocabulary", table)))
