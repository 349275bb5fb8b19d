"""How the clickbait-title signal ranks the training corpora's pages.

    python benchmarks/eval_clickbait.py [--data-dir ../shared/data/train] [--per-corpus 3000]

Each page is rebuilt as a scraped page would start: its ``title`` field, a
blank line, then the first 2,000 characters of its text, and scored with
``credscore.extract``. Reported per corpus: how many pages get a title,
how many fire (at least one device), and the ROC-AUC of minus the device
count against the corpus label (1 = reliable; 0.5 = no ranking), beside a
baseline measured the same way: the title ends in "?" or "!". Pages are the
first ``--per-corpus`` of each file, ordered by id hash, so the sample is
the same on every run. Nothing here was tuned on these labels: the lexicon
comes from the literature cited in ``credscore/signals/clickbait.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from pathlib import Path

from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "train"


def sample(path: Path, limit: int) -> list[dict]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r.get("title")]
    rows.sort(key=lambda r: hashlib.sha256(str(r["id"]).encode()).hexdigest())
    return rows[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--per-corpus", type=int, default=3000)
    args = parser.parse_args()
    from credscore import extract

    print(f"{'corpus':<22}{'pages':>7}{'titled':>8}{'fired':>8}{'AUC devices':>13}{'AUC ?/! end':>13}")
    for path in sorted(args.data_dir.glob("*.jsonl")):
        rows = sample(path, args.per_corpus)
        labels, devices, ends = [], [], []
        titled = fired = 0
        for row in rows:
            value = extract(row["title"].strip() + "\n\n" + row["text"][:2000])["clickbait_title_devices"]
            labels.append(row["label"])
            ends.append(-float(row["title"].rstrip().endswith(("?", "!"))))
            if math.isnan(value):
                devices.append(0.0)
                continue
            titled += 1
            fired += value > 0
            devices.append(-value)
        both = len(set(labels)) == 2
        auc = roc_auc_score(labels, devices) if both else float("nan")
        base = roc_auc_score(labels, ends) if both else float("nan")
        print(f"{path.stem:<22}{len(rows):>7}{titled / len(rows):>8.2f}{fired / len(rows):>8.2f}"
              f"{auc:>13.3f}{base:>13.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
