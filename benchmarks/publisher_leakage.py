"""Does a feature carry credibility, or does it mainly identify the publisher?

    python benchmarks/publisher_leakage.py [--data ../shared/data/train/recovery.jsonl] [--jobs 2]

ReCOVery's labels are per publisher, so a feature that fingerprints a few
publishers (a site's template, its mojibake) can look predictive. For each
feature, alone:

- ``auc_grouped``: ROC-AUC of the label under publisher-grouped folds (a
  one-feature logistic regression), folded to >= 0.5;
- ``auc_random``: the same under random stratified folds;
- ``gap``: random minus grouped: what the feature gains only when the test
  set's publishers were seen in training (a fingerprint);
- ``publisher_nmi``: normalised mutual information between the feature (in
  ten quantile bins, NaN its own bin) and the publisher, beside
  ``label_nmi``, the same with the label.

A feature whose ``gap`` is large, or whose ``publisher_nmi`` far exceeds what
its ``label_nmi`` explains, is a candidate to drop or fix (docs/model.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import normalized_mutual_info_score, roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"


def _bins(column: np.ndarray) -> np.ndarray:
    out = np.full(column.shape, -1)
    finite = ~np.isnan(column)
    if finite.sum() > 0:
        edges = np.unique(np.quantile(column[finite], np.linspace(0, 1, 11)[1:-1]))
        out[finite] = np.searchsorted(edges, column[finite], side="right")
    return out


def _oof_auc(x: np.ndarray, y: np.ndarray, splits) -> float:
    x = np.where(np.isnan(x), np.nanmean(x) if np.isfinite(x).any() else 0.0, x)[:, None]
    oof = np.empty(len(y))
    for tr, te in splits:
        model = make_pipeline(StandardScaler(), LogisticRegression()).fit(x[tr], y[tr])
        oof[te] = model.predict_proba(x[te])[:, 1]
    auc = roc_auc_score(y, oof)
    return max(auc, 1 - auc)


def analyse(X: np.ndarray, y: np.ndarray, groups: np.ndarray, names: list[str]) -> list[dict]:
    grouped = list(GroupKFold(n_splits=5).split(X, y, groups))
    random = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X, y))
    rows = []
    for j, name in enumerate(names):
        column = X[:, j]
        if np.nanstd(column) == 0 or not np.isfinite(column).any():
            rows.append({"feature": name, "auc_grouped": 0.5, "auc_random": 0.5, "gap": 0.0,
                         "publisher_nmi": 0.0, "label_nmi": 0.0, "constant": True})
            continue
        binned = _bins(column)
        auc_g = _oof_auc(column, y, grouped)
        auc_r = _oof_auc(column, y, random)
        rows.append({
            "feature": name,
            "auc_grouped": auc_g,
            "auc_random": auc_r,
            "gap": auc_r - auc_g,
            "publisher_nmi": normalized_mutual_info_score(groups, binned),
            "label_nmi": normalized_mutual_info_score(y, binned),
            "constant": False,
        })
    return rows


def main() -> int:
    from credscore.extract import feature_names
    from credscore.train import feature_matrix, read_jsonl

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    data = read_jsonl(args.data)
    names = list(feature_names())
    X = feature_matrix(data.texts, names, n_jobs=args.jobs)
    rows = analyse(X, data.labels, data.groups, names)
    print(f"{'feature':<44} {'AUC grp':>8} {'AUC rnd':>8} {'gap':>6} {'pub NMI':>8} {'lab NMI':>8}")
    for r in sorted(rows, key=lambda r: -r["gap"]):
        flag = "  constant" if r["constant"] else ""
        print(f"{r['feature']:<44} {r['auc_grouped']:>8.3f} {r['auc_random']:>8.3f} {r['gap']:>6.3f} "
              f"{r['publisher_nmi']:>8.3f} {r['label_nmi']:>8.3f}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
