"""Training: labelled JSONL in, a validated JSON model and a grouped-CV report out.

The recipe (``credscore train``) is the one that built the shipped model:

- features: ``credscore.extract`` on each text, the model's feature list only
  (no URL, domain, publisher or topical word ever enters);
- validation: folds grouped by publisher (``GroupKFold``), because labels are
  per publisher and a random split rewards learning publishers;
- candidates: a regularised logistic regression and small gradient-boosted
  trees, each behind the same clip -> impute -> scale preprocessing, each
  calibrated with Platt scaling on out-of-fold margins (scikit-learn's
  ``CalibratedClassifierCV(method="sigmoid", ensemble=False)`` with grouped
  folds); the outer grouped CV scores the whole calibrated pipeline;
- choice: the best out-of-fold ROC-AUC, but the simpler model wins unless the
  other is ahead by more than ``SIMPLER_WINS_WITHIN``.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import json
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from ._version import __version__
from .model import FORMAT, ReliabilityModel

logger = logging.getLogger(__name__)

N_FOLDS = 5
#: A candidate more complex than the best simpler one must beat it by more
#: than this much grouped-CV ROC-AUC (about one standard error across folds).
SIMPLER_WINS_WITHIN = 0.01
#: Band thresholds on the calibrated probability. ReCOVery's base rate of
#: reliable documents is 0.63; "high" asks for clearly more than that, "low"
#: for clearly less than even odds.
BAND_HIGH = 0.70
BAND_LOW = 0.40


class Winsorizer(TransformerMixin, BaseEstimator):
    """Clip each column to its training quantiles; NaN passes through.

    Outliers (a page that is one 200 KB line, a list of 500 dates) would
    otherwise dominate a linear model's score.
    """

    def __init__(self, quantile: float = 0.01):
        self.quantile = quantile

    def fit(self, X, y=None):
        X = validate_data(self, X, ensure_all_finite="allow-nan", dtype=np.float64)
        low = np.full(X.shape[1], 0.0)
        high = np.full(X.shape[1], 0.0)
        for j in range(X.shape[1]):
            column = X[:, j][~np.isnan(X[:, j])]
            if column.size:
                low[j], high[j] = np.quantile(column, [self.quantile, 1.0 - self.quantile])
        self.low_ = low
        self.high_ = high
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, ensure_all_finite="allow-nan", dtype=np.float64, reset=False)
        return np.clip(X, self.low_, self.high_)

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self)
        if input_features is not None:
            return np.asarray(input_features, dtype=object)
        if hasattr(self, "feature_names_in_"):
            return np.asarray(self.feature_names_in_, dtype=object)
        return np.asarray([f"x{i}" for i in range(self.n_features_in_)], dtype=object)


class DirectionalLogisticRegression(ClassifierMixin, BaseEstimator):
    """L2 logistic regression whose coefficients must agree with each
    feature's documented direction.

    ``directions[j]`` is +1 when a higher value should mean *more* reliable,
    -1 when it should mean less, 0 when either is allowed. After each fit,
    the features whose coefficient has the wrong sign are zeroed out and the
    model is refit, until every coefficient agrees. On ReCOVery, a feature
    that points the wrong way (more hedging, more reliable) is nearly always
    fingerprinting a few large publishers, which is exactly what must not
    carry to unseen sources.
    """

    def __init__(self, directions=None, C: float = 1.0, max_iter: int = 5000):
        self.directions = directions
        self.C = C
        self.max_iter = max_iter

    def fit(self, X, y):
        X, y = validate_data(self, X, y, dtype=np.float64)
        self.classes_ = np.unique(y)
        n = X.shape[1]
        directions = np.zeros(n) if self.directions is None else np.asarray(self.directions, dtype=float)
        if directions.shape != (n,):
            raise ValueError(f"directions has {directions.shape[0]} entries for {n} features")
        active = np.ones(n, dtype=bool)
        while True:
            model = LogisticRegression(C=self.C, max_iter=self.max_iter).fit(X[:, active], y)
            coef = np.zeros(n)
            coef[active] = model.coef_[0]
            wrong = active & (directions * coef < 0)
            if not wrong.any():
                break
            active &= ~wrong
            if not active.any():
                break
        self.active_ = active
        self.coef_ = coef[None, :]
        self.intercept_ = model.intercept_.copy()
        return self

    def decision_function(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        return self.classes_[(self.decision_function(X) > 0).astype(int)]


def _preprocess() -> list[tuple[str, Any]]:
    return [
        ("clip", Winsorizer(quantile=0.01)),
        ("impute", SimpleImputer(strategy="mean", keep_empty_features=True)),
        ("scale", StandardScaler()),
    ]


#: Candidate name -> the exported model kind.
CANDIDATE_KINDS = {"directional_logistic": "logistic", "logistic": "logistic", "trees": "trees"}


def candidates(directions: Sequence[float] | None = None) -> dict[str, Pipeline]:
    """The model families tried, simplest (most constrained) first."""
    return {
        "directional_logistic": Pipeline(
            _preprocess() + [("model", DirectionalLogisticRegression(directions=directions, C=0.1))]
        ),
        "logistic": Pipeline(
            _preprocess() + [("model", LogisticRegression(C=0.1, max_iter=5000))]
        ),
        "trees": Pipeline(
            _preprocess()
            + [
                (
                    "model",
                    GradientBoostingClassifier(
                        n_estimators=150, max_depth=2, learning_rate=0.05,
                        subsample=1.0, min_samples_leaf=20, random_state=0,
                    ),
                )
            ]
        ),
    }


def directions_of(names: Sequence[str]) -> list[float]:
    """+1 / -1 / 0 per feature from its documented direction (FeatureSpec)."""
    from .extract import feature_specs

    by_name = {spec.name: spec.direction for spec in feature_specs()}
    sign = {"lower_worse": 1.0, "higher_worse": -1.0}
    return [sign.get(by_name.get(name, "neutral"), 0.0) for name in names]


def grouped_folds(y: np.ndarray, groups: np.ndarray, n_splits: int = N_FOLDS) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds that never split a group and keep label rates alike.

    Plain ``GroupKFold`` on ReCOVery puts one fold at 17 % reliable against
    74 % in its training folds; each fold's model then carries its training
    prior, and pooled out-of-fold ROC-AUC drops to 0.43 while every fold's own
    AUC is 0.68 to 0.79. Stratifying the group assignment removes that
    artefact; the shuffle is seeded, so the folds are the same on every run.
    """
    n_splits = min(n_splits, len(np.unique(groups)))
    folds = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=0)
    return list(folds.split(np.zeros(len(y)), y, groups))


def calibrated(pipeline: Pipeline, X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> CalibratedClassifierCV:
    """Fit ``pipeline`` on all rows, with Platt scaling on its grouped
    out-of-fold margins."""
    splits = grouped_folds(y, groups)
    model = CalibratedClassifierCV(clone(pipeline), method="sigmoid", cv=splits, ensemble=False)
    return model.fit(X, y)


# -- data -------------------------------------------------------------------


@dataclass
class LabelledData:
    texts: list[str]
    labels: np.ndarray
    groups: np.ndarray
    sha256: str
    path: str


def read_jsonl(
    path: str | Path, *, text_field: str = "text", label_field: str = "label", group_field: str = "publisher"
) -> LabelledData:
    raw = Path(path).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if str(path).endswith(".gz"):
        raw = gzip.decompress(raw)
    texts, labels, groups = [], [], []
    for number, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record[text_field]
            label = int(record[label_field])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: unusable record: {exc}") from exc
        if label not in (0, 1):
            raise ValueError(f"{path}:{number}: label must be 0 or 1, got {label}")
        texts.append(text if isinstance(text, str) else "")
        labels.append(label)
        groups.append(str(record.get(group_field, f"row{number}")))
    return LabelledData(texts, np.asarray(labels), np.asarray(groups), digest, str(path))


def _features_chunk(texts: Sequence[str], names: Sequence[str]) -> np.ndarray:
    from .extract import extract

    rows = np.empty((len(texts), len(names)))
    for i, text in enumerate(texts):
        values = extract(text).feature_values
        rows[i] = [values.get(name, math.nan) for name in names]
    return rows


def feature_matrix(texts: Sequence[str], names: Sequence[str], n_jobs: int = 1) -> np.ndarray:
    """``extract`` over many texts, in ``n_jobs`` processes (joblib)."""
    if n_jobs == 1 or len(texts) < 64:
        return _features_chunk(texts, names)
    size = math.ceil(len(texts) / (4 * max(n_jobs, 1)))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    parts = Parallel(n_jobs=n_jobs)(delayed(_features_chunk)(chunk, names) for chunk in chunks)
    return np.vstack(parts)


# -- evaluation ---------------------------------------------------------------


def _fold_predictions(pipeline: Pipeline, X, y, groups, train_idx, test_idx) -> np.ndarray:
    model = calibrated(pipeline, X[train_idx], y[train_idx], groups[train_idx])
    return model.predict_proba(X[test_idx])[:, 1]


def grouped_oof(pipeline: Pipeline, X, y, groups, n_jobs: int = 1) -> np.ndarray:
    """Out-of-fold calibrated probabilities under publisher-grouped folds:
    each outer fold refits the whole calibrated pipeline on the others."""
    splits = grouped_folds(y, groups)
    parts = Parallel(n_jobs=n_jobs)(
        delayed(_fold_predictions)(pipeline, X, y, groups, tr, te) for tr, te in splits
    )
    oof = np.empty(len(y))
    for (_, te), part in zip(splits, parts):
        oof[te] = part
    return oof


def metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    return {
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
    }


def calibration_table(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Predicted versus observed share of reliable documents, per probability decile."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for k in range(bins):
        upper = p <= edges[k + 1] if k == bins - 1 else p < edges[k + 1]
        mask = (p >= edges[k]) & upper
        if mask.any():
            rows.append({
                "bin": f"{edges[k]:.1f}-{edges[k + 1]:.1f}",
                "n": int(mask.sum()),
                "mean_predicted": float(p[mask].mean()),
                "observed": float(y[mask].mean()),
            })
    return rows


def baselines(data: LabelledData, n_jobs: int = 1) -> dict[str, dict[str, float]]:
    """Bag of words and length alone, under the same grouped folds."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    y, groups = data.labels, data.groups
    splits = grouped_folds(y, groups)
    texts = np.asarray(data.texts, dtype=object)
    tfidf = Pipeline([
        ("tfidf", TfidfVectorizer(min_df=2, max_features=50000, sublinear_tf=True)),
        ("model", LogisticRegression(C=1.0, max_iter=2000)),
    ])
    oof = np.empty(len(y))
    for tr, te in splits:
        oof[te] = clone(tfidf).fit(texts[tr], y[tr]).predict_proba(texts[te])[:, 1]
    length = np.log1p(np.array([[len(t)] for t in data.texts], dtype=float))
    length_model = Pipeline([("scale", StandardScaler()), ("model", LogisticRegression())])
    oof_len = np.empty(len(y))
    for tr, te in splits:
        oof_len[te] = clone(length_model).fit(length[tr], y[tr]).predict_proba(length[te])[:, 1]
    return {"tfidf_logistic": metrics(y, oof), "length_only": metrics(y, oof_len)}


# -- export ------------------------------------------------------------------


def export(model: CalibratedClassifierCV, kind: str, names: Sequence[str]) -> dict[str, Any]:
    """The fitted calibrated pipeline as a plain dict (see ``credscore.model``)."""
    (member,) = model.calibrated_classifiers_
    pipeline: Pipeline = member.estimator
    (calibrator,) = member.calibrators
    clip: Winsorizer = pipeline.named_steps["clip"]
    impute: SimpleImputer = pipeline.named_steps["impute"]
    scale: StandardScaler = pipeline.named_steps["scale"]
    spec: dict[str, Any] = {
        "format": FORMAT,
        "kind": kind,
        "feature_names": list(names),
        "preprocess": {
            "clip_low": clip.low_.tolist(),
            "clip_high": clip.high_.tolist(),
            "impute": impute.statistics_.tolist(),
            "mean": scale.mean_.tolist(),
            "scale": scale.scale_.tolist(),
        },
        "calibration": {"method": "sigmoid", "a": float(calibrator.a_), "b": float(calibrator.b_)},
        "bands": {"low": BAND_LOW, "high": BAND_HIGH},
    }
    estimator = pipeline.named_steps["model"]
    if kind == "logistic":
        spec["logistic"] = {"coef": estimator.coef_[0].tolist(), "intercept": float(estimator.intercept_[0])}
    else:
        prior = float(estimator.init_.class_prior_[1])
        trees = []
        for (tree,) in estimator.estimators_:
            t = tree.tree_
            trees.append({
                "left": t.children_left.tolist(),
                "right": t.children_right.tolist(),
                "feature": [int(f) if f >= 0 else 0 for f in t.feature],
                "threshold": [float(v) if left != -1 else 0.0 for v, left in zip(t.threshold, t.children_left)],
                "value": t.value[:, 0, 0].tolist(),
            })
        spec["trees"] = {
            "init": math.log(prior / (1.0 - prior)),
            "learning_rate": float(estimator.learning_rate),
            "trees": trees,
        }
    return spec


# -- the whole recipe ------------------------------------------------------------


def train(
    data: LabelledData,
    *,
    feature_names: Sequence[str] | None = None,
    n_jobs: int = 1,
    trained_on: str | None = None,
    with_baselines: bool = True,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Returns ``(model_spec, report)``. The spec is deterministic for the
    same data and credscore version, except ``provenance.trained_on``."""
    import sklearn

    from .extract import feature_names as all_feature_names

    names = list(feature_names or model_feature_names(all_feature_names()))
    X = feature_matrix(data.texts, names, n_jobs=n_jobs)
    y, groups = data.labels, data.groups
    report: dict[str, Any] = {"n_documents": int(len(y)), "n_groups": int(len(np.unique(groups))),
                              "positive_share": float(y.mean()), "folds": N_FOLDS, "candidates": {}}
    options = candidates(directions_of(names))
    oofs = {}
    for name, pipeline in options.items():
        oof = grouped_oof(pipeline, X, y, groups, n_jobs=n_jobs)
        oofs[name] = oof
        report["candidates"][name] = metrics(y, oof)
    chosen = next(iter(options))
    for name in list(options)[1:]:
        if report["candidates"][name]["roc_auc"] > report["candidates"][chosen]["roc_auc"] + SIMPLER_WINS_WITHIN:
            chosen = name
    report["chosen"] = chosen
    report["calibration"] = calibration_table(y, oofs[chosen])
    if with_baselines:
        report["baselines"] = baselines(data, n_jobs=n_jobs)
    final = calibrated(options[chosen], X, y, groups)
    spec = export(final, CANDIDATE_KINDS[chosen], names)
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    spec["model_id"] = f"credscore-{chosen.replace('_', '-')}-{digest[:12]}"
    if chosen == "directional_logistic":
        active = final.calibrated_classifiers_[0].estimator.named_steps["model"].active_
        report["dropped_for_direction"] = [n for n, keep in zip(names, active) if not keep]
    spec["provenance"] = {
        "training_data": Path(data.path).name,
        "training_data_sha256": data.sha256,
        "n_documents": int(len(y)),
        "credscore_version": __version__,
        "scikit_learn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "trained_on": trained_on or _dt.date.today().isoformat(),
        "grouped_cv": {k: v for k, v in report.items() if k != "calibration"},
        "calibration_table": report["calibration"],
    }
    ReliabilityModel.from_dict(spec)  # refuse to write what we could not load
    return spec, report


#: Features kept out of the model, with the reason (docs/model.md). The
#: rule: the model uses what a careful editor would name as credibility or
#: quality evidence, one feature per idea; the rest stay signals, reported
#: with their evidence but not scored.
EXCLUDED_FEATURES: dict[str, str] = {
    # Context, not evidence.
    "language_is_english": "context: which language, not how credible",
    "language_english_function_word_share": "context: a language-identification statistic",
    "language_non_latin_char_share": "context: which script, not how credible",
    "style_list_line_share": "layout: lists are neither more nor less credible (an editor would not cite them)",
    "style_table_line_share": "layout: tables are neither more nor less credible",
    "style_heading_line_share": "layout, and on ReCOVery a publisher template marker (publisher NMI 0.096, the highest)",
    "dates_mentions_per_1k_words": "context: how many dates, not whether they agree",
    "dates_year_spread": "context: history articles span years legitimately",
    # One feature per idea: the others are near-duplicates whose opposite
    # signs in a joint fit would be unreadable ("more syllables, more reliable").
    # Readability's direction depends on the corpus: on ReCOVery harder text
    # is less reliable (jargon-heavy health pseudo-science), while fake
    # political news reads *easier* than real news (Horne & Adali 2017). A
    # sign that flips between corpora does not carry to unseen sources.
    "readability_flesch_reading_ease": "direction flips between corpora (Horne & Adali 2017); does not carry",
    "readability_flesch_kincaid_grade": "direction flips between corpora (Horne & Adali 2017); does not carry",
    "readability_words_per_sentence": "direction flips between corpora (Horne & Adali 2017); does not carry",
    "readability_syllables_per_word": "direction flips between corpora (Horne & Adali 2017); does not carry",
    "boilerplate_char_share": "near-duplicate of boilerplate_line_share",
    "encoding_damaged_line_share": "near-duplicate of the per-character damage rates",
    "repetition_dup_line_share": "page-level duplicate of repetition_main_dup_line_char_share",
    "repetition_dup_line_char_share": "page-level duplicate of repetition_main_dup_line_char_share",
    "repetition_dup_paragraph_share": "page-level duplicate of repetition_main_dup_line_char_share",
    "repetition_dup_paragraph_char_share": "page-level duplicate of repetition_main_dup_line_char_share",
    "repetition_top_2gram_char_share": "the 4-gram share carries the same idea with fewer false alarms",
    "repetition_top_3gram_char_share": "the 4-gram share carries the same idea with fewer false alarms",
    "repetition_dup_5gram_char_share": "the 10-gram share carries the same idea (copied passages)",
    "style_ai_phrase_count": "a count that grows with length; the per-1,000-word rate enters",
    "hedging_cues_per_1k_words": "collinear with hedging_hedged_sentence_share, which it enters",
    "hedging_modals_per_1k_words": "collinear with hedging_hedged_sentence_share, which it enters",
    "hedging_vague_quantifiers_per_1k_words": "'some', 'many', 'most' are ordinary English, not evidence",
    "attribution_named_sources": "a count that grows with length; the per-1,000-word rate enters",
    "attribution_quotes_named_share": "a share from one or two quotes is noise, and undefined without quotes; "
                                      "attribution_named_quotes_per_1k_words carries the idea",
    # Never fires on ReCOVery (no publication dates are passed, and the
    # corpus spans January to July 2020), so nothing can be learned; these are
    # reported as flags on every score instead (credscore.score).
    "dates_has_publication_date": "constant on the training data",
    "dates_later_than_published_count": "constant on the training data; reported as a flag",
    "dates_later_than_published_share": "constant on the training data; reported as a flag",
    "dates_boilerplate_later_share": "constant on the training data; reported as a flag",
    "dates_max_years_after_published": "constant on the training data; reported as a flag",
    "dates_event_conflict_count": "fires on 5 of 2,069 training documents; reported as a flag",
    "dates_consistency_score": "fires on 5 of 2,069 training documents; reported as a flag",
    "dates_inconsistent": "fires on 5 of 2,069 training documents; reported as a flag",
    "attribution_suspicious_experts": "fires on 5 of 2,069 training documents; reported as a flag",
}


def model_feature_names(available: Iterable[str]) -> list[str]:
    return [name for name in available if name not in EXCLUDED_FEATURES]


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"documents: {report['n_documents']}  groups: {report['n_groups']}  "
        f"positive share: {report['positive_share']:.3f}  folds: {report['folds']} (grouped)",
        "",
        f"{'model':<18} {'ROC-AUC':>8} {'PR-AUC':>8} {'Brier':>8}",
    ]
    rows = dict(report["candidates"])
    rows.update(report.get("baselines", {}))
    for name, m in rows.items():
        mark = " *" if name == report["chosen"] else ""
        lines.append(f"{name + mark:<18} {m['roc_auc']:>8.3f} {m['pr_auc']:>8.3f} {m['brier']:>8.3f}")
    lines += ["", "calibration (chosen model, out of fold):", f"{'bin':<9} {'n':>5} {'predicted':>10} {'observed':>9}"]
    for row in report["calibration"]:
        lines.append(f"{row['bin']:<9} {row['n']:>5} {row['mean_predicted']:>10.3f} {row['observed']:>9.3f}")
    return "\n".join(lines)


def write_model(spec: dict[str, Any], path: str | Path) -> str:
    """Write the model JSON (stable key order); returns its SHA-256."""
    raw = (json.dumps(spec, indent=1, sort_keys=True) + "\n").encode("utf-8")
    Path(path).write_bytes(raw)
    return hashlib.sha256(raw).hexdigest()
