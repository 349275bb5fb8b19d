"""Does a feature carry credibility, or does it mainly identify the publisher?

    python benchmarks/publisher_leakage.py [--data ../shared/data/train/recovery.jsonl] [--jobs 2]

ReCOVery's labels are per publisher, so a feature that fingerprints a few
large publishers (a site's template, its mojibake) can look predictive. For
each feature alone, in its documented direction (``FeatureSpec.direction``;
"context" features as higher = more reliable):

- ``doc_auc``: ROC-AUC of the label over the 2,069 documents;
- ``pub_auc``: ROC-AUC over the 57 publishers, each the mean of its
  documents: every publisher counts once, so two large ones cannot carry it.
  This is the view that matters for unseen sources. Below 0.5 the feature
  points the other way from its documented direction;
- ``nonzero``: share of documents where the feature differs from its median
  (a feature that almost never fires cannot be learned);
- ``pub_nmi`` / ``label_nmi``: normalised mutual information of the feature
  (ten quantile bins) with the publisher and with the label. High ``pub_nmi``
  with low ``label_nmi`` marks a publisher fingerprint.

No model is fitted: a one-feature model's pooled out-of-fold AUC under
publisher-grouped folds is dominated by each fold's intercept (the folds'
label rates differ) and reads as below chance for features that are fine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"


def _bins(column: np.ndarray) -> np.ndarray:
    edges = np.unique(np.quantile(column, np.linspace(0, 1, 11)[1:-1]))
    return np.searchsorted(edges, column, side="right")


def analyse(X: np.ndarray, y: np.ndarray, groups: np.ndarray, names: list[str], directions: list[float]) -> list[dict]:
    publishers = np.unique(groups)
    member = [groups == p for p in publishers]
    publisher_label = np.array([y[m][0] for m in member])
    rows = []
    for j, name in enumerate(names):
        column = X[:, j]
        finite = np.isfinite(column)
        fill = np.median(column[finite]) if finite.any() else 0.0
        column = np.where(finite, column, fill)
        sign = directions[j] if directions[j] != 0 else 1.0
        row = {"feature": name, "direction": directions[j],
               "nonzero": float(np.mean(column != np.median(column)))}
        if np.std(column) == 0:
            row.update(doc_auc=0.5, pub_auc=0.5, pub_nmi=0.0, label_nmi=0.0, constant=True)
        else:
            binned = _bins(column)
            means = np.array([column[m].mean() for m in member])
            row.update(
                doc_auc=float(roc_auc_score(y, sign * column)),
                pub_auc=float(roc_auc_score(publisher_label, sign * means)),
                pub_nmi=float(normalized_mutual_info_score(groups, binned)),
                label_nmi=float(normalized_mutual_info_score(y, binned)),
                constant=False,
            )
        rows.append(row)
    return rows


def main() -> int:
    from credscore.dataset import feature_matrix, read_jsonl
    from credscore.extraction import feature_names
    from credscore.train import MODEL_FEATURES, directions_of

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
    rows = analyse(X, data.labels, data.groups, names, directions_of(names))
    print(f"{'feature':<44} {'dir':>4} {'docAUC':>7} {'pubAUC':>7} {'nonzero':>8} {'pubNMI':>7} {'labNMI':>7}  model")
    for r in sorted(rows, key=lambda r: -r["pub_auc"]):
        model = "in" if r["feature"] in MODEL_FEATURES else "excluded"
        if r["constant"]:
            print(f"{r['feature']:<44} {r['direction']:>4.0f}  constant on this data{'':>27}  {model}")
            continue
        print(f"{r['feature']:<44} {r['direction']:>4.0f} {r['doc_auc']:>7.3f} {r['pub_auc']:>7.3f} "
              f"{r['nonzero']:>8.3f} {r['pub_nmi']:>7.3f} {r['label_nmi']:>7.3f}  {model}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
