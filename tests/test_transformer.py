"""CredibilityFeatures behaves as a scikit-learn transformer on text input."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils import estimator_checks as ec

import credscore
from credscore import CredibilityFeatures

TEXTS = [
    "Officials said on Tuesday that the ministry would publish the figures.",
    "Experts say this may possibly be the most important story of the year.",
    "Skip to main content\nShare this\n0 Comments",
    "The council voted 7-2 to approve the budget, the clerk, Ana Ruiz, said.",
] * 3
LABELS = [1, 0, 0, 1] * 3

# The checks of sklearn.utils.estimator_checks that do not feed numeric
# arrays (which a text transformer rightly refuses).
API_CHECKS = [
    ec.check_no_attributes_set_in_init,
    ec.check_parameters_default_constructible,
    ec.check_get_params_invariance,
    ec.check_set_params,
    ec.check_estimator_cloneable,
    ec.check_estimator_repr,
    ec.check_do_not_raise_errors_in_init_or_set_params,
    ec.check_mixin_order,
    ec.check_valid_tag_types,
]


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
def test_sklearn_api_checks(check):
    check("CredibilityFeatures", CredibilityFeatures())


def test_fit_returns_self_and_sets_only_trailing_underscore_attributes():
    est = CredibilityFeatures()
    assert est.fit(TEXTS) is est
    assert est.feature_names_out_.tolist() == list(credscore.feature_names())
    assert est.get_params() == {"features": None, "n_jobs": 1, "impute": None, "config": None}


def test_transform_matches_extract_and_names():
    est = CredibilityFeatures().fit(TEXTS)
    X = est.transform(TEXTS[:2])
    names = est.get_feature_names_out()
    assert X.shape == (2, len(names))
    expected = credscore.extract(TEXTS[1])
    for j, name in enumerate(names):
        assert X[1, j] == pytest.approx(expected[name], nan_ok=True)


def test_unfitted_transform_raises():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        CredibilityFeatures().transform(TEXTS)


def test_a_single_string_is_refused_not_iterated_by_character():
    with pytest.raises(ValueError, match="iterable of texts"):
        CredibilityFeatures().fit("one text")


def test_unknown_feature_names_are_refused():
    with pytest.raises(ValueError, match="unknown feature"):
        CredibilityFeatures(features=["no_such_feature"]).fit(TEXTS)


def test_pipeline_clone_and_grid_search():
    pipe = Pipeline([
        ("signals", CredibilityFeatures()),
        ("impute", __import__("sklearn.impute", fromlist=["SimpleImputer"]).SimpleImputer(keep_empty_features=True)),
        ("model", LogisticRegression()),
    ])
    cloned = clone(pipe)
    assert cloned is not pipe and cloned.get_params()["signals__n_jobs"] == 1
    search = GridSearchCV(pipe, {"model__C": [0.1, 1.0]}, cv=2).fit(TEXTS, LABELS)
    assert search.best_params_["model__C"] in (0.1, 1.0)
    proba = search.predict_proba(TEXTS[:2])
    assert proba.shape == (2, 2) and np.all((proba >= 0) & (proba <= 1))


def test_set_output_pandas():
    pd = pytest.importorskip("pandas")
    est = CredibilityFeatures(features=list(credscore.feature_names())[:3]).set_output(transform="pandas")
    frame = est.fit_transform(pd.Series(TEXTS[:2]))
    assert list(frame.columns) == list(credscore.feature_names())[:3]
    assert len(frame) == 2


def test_readme_pipeline_example_runs():
    """The README's Pipeline example, verbatim in substance: NaN features
    would make LogisticRegression refuse the matrix without impute."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.DOTALL) if "CredibilityFeatures(impute" in b)
    namespace: dict = {"credscore": __import__("credscore")}
    exec(block, namespace)
    p = namespace["pipe"].predict_proba(namespace["texts"][:2])[:, 1]
    assert p[0] > p[1]  # the plain report above the shouting one, as labelled


def test_impute_options():
    import numpy as np

    from credscore import CredibilityFeatures

    texts = ["Die Regierung hat am Mittwoch neue Regeln beschlossen, sagte ein Sprecher in Berlin.",
             "Officials said the bridge would reopen on Monday after repairs to its supports."]
    raw = CredibilityFeatures().fit(texts).transform(texts)
    assert np.isnan(raw).any()  # English lexicons on the German text
    filled = CredibilityFeatures(impute="fit_mean").fit(texts).transform(texts)
    assert not np.isnan(filled).any()
    from credscore.model import shipped_model

    weighed = [n for n in shipped_model().feature_names if n != "vocabulary_logit"]
    trained = CredibilityFeatures(features=weighed, impute="training_mean").fit(texts).transform(texts)
    assert not np.isnan(trained).any()
    with pytest.raises(ValueError, match="only the shipped model's features"):
        CredibilityFeatures(impute="training_mean").fit(texts)
    with pytest.raises(ValueError, match="impute must be"):
        CredibilityFeatures(impute="median").fit(texts)


def test_the_transformer_does_not_load_the_training_code():
    # A user's Pipeline needs the signals, not credscore's training recipe
    # and, with it, scikit-learn's calibration code. A fresh interpreter, so
    # that other tests' imports do not count.
    from tests.conftest import fresh_python

    code = ("import sys; import credscore; "
            "credscore.CredibilityFeatures(features=['tone_question_share'], impute='fit_mean')"
            ".fit_transform(['A b.']); "
            "print(sorted(m for m in sys.modules if m in ('credscore.train', 'credscore.loco', "
            "'sklearn.calibration', 'sklearn.ensemble')))")
    assert fresh_python(code) == "[]"
