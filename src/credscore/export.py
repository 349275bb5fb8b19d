"""A fitted training pipeline as data: the model JSON (``credscore.model``
reads it), the file it is written to, and the training report in words.

Kept apart from the recipe (``credscore.train``) so that writing and reading
a model's parts do not need the fitting code.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .model import FORMAT

__all__ = ["BAND_HIGH", "BAND_LOW", "export", "format_report", "write_model"]

#: Band thresholds on the calibrated probability: "high" asks for clearly
#: more than the training mix's base rate (0.6 to 0.65), "low" for clearly
#: less than even odds.
BAND_HIGH = 0.70
BAND_LOW = 0.40


def export(model: Any, kind: str, names: Sequence[str],
           vocabulary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The fitted calibrated pipeline (a ``CalibratedClassifierCV`` over
    clip -> impute -> scale -> model, ``credscore.estimators``) as a plain
    dict (see ``credscore.model``)."""
    (member,) = model.calibrated_classifiers_
    pipeline = member.estimator
    (calibrator,) = member.calibrators
    clip = pipeline.named_steps["clip"]
    impute = pipeline.named_steps["impute"]
    scale = pipeline.named_steps["scale"]
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
    if vocabulary is not None:
        spec["vocabulary"] = vocabulary
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


def format_report(report: dict[str, Any]) -> str:
    lines = [
        (f"recipe: {report['recipe']}  documents: {report['n_documents']}  publishers: {report['n_groups']}  "
         f"positive share: {report['positive_share']:.3f}"),
        "corpora: " + ", ".join(f"{k} {v}" for k, v in report["corpora"].items()),
    ]
    if "in_domain_grouped_cv" in report:
        m = report["in_domain_grouped_cv"]
        lines.append(f"in-domain publisher-grouped CV (reported, not used to choose): ROC-AUC {m['roc_auc']:.3f}  "
                     f"PR-AUC {m['pr_auc']:.3f}  Brier {m['brier']:.3f}")
    if report.get("dropped_for_direction"):
        lines.append("left out for pointing against their documented direction: "
                     + ", ".join(report["dropped_for_direction"]))
    if report.get("calibration"):
        lines += ["", "calibration (out of fold):", f"{'bin':<9} {'n':>5} {'predicted':>10} {'observed':>9}"]
        for row in report["calibration"]:
            lines.append(f"{row['bin']:<9} {row['n']:>5} {row['mean_predicted']:>10.3f} {row['observed']:>9.3f}")
    return "\n".join(lines)


def write_model(spec: dict[str, Any], path: str | Path) -> str:
    """Write the model JSON (stable key order, no indentation: the 20,000-term
    vocabulary would spend a fifth of the file on white space); returns its
    SHA-256."""
    raw = (json.dumps(spec, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8")
    Path(path).write_bytes(raw)
    return hashlib.sha256(raw).hexdigest()
