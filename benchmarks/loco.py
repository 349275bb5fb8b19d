"""Leave one corpus out: the table that chooses the shipped recipe.

    python benchmarks/loco.py [DATA_DIR] [--jobs 2] [--cache-dir DIR] [--json OUT]

For each corpus of ``DATA_DIR/train`` (default ``../shared/data/train``),
every recipe (signals, vocabulary, stacked) is trained on the other
*training* corpora and scored on it, beside a TF-IDF logistic baseline and a
length-only baseline under the same protocol (``credscore.loco``). Corpora
are read with the shipped model's cap (4,000 documents per label, chosen by
id hash). Prints ROC-AUC, PR-AUC and Brier per corpus with the mean and the
worst, the recipe the rule chooses, and a calibration table per corpus for
it. docs/model.md reports this table; tests/test_loco.py holds floors just
under it.

The training corpora are the three whose label means "the outlet or the
story was fact-checked reliable": ReCOVery, AllSides/MBFC and GossipCop
(``SHIPPED_TRAINING``; docs/model.md says why the other three are only
scored). About 6 minutes on 2 cores, featurising included.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from credscore.dataset import read_corpora
from credscore.loco import choose, format_table, loco
from credscore.train import RECIPES, featurised

CORPORA = ("recovery", "allsides_mbfc", "gossipcop", "fakehealth_story", "fakes", "hyperpartisan")
SHIPPED_TRAINING = ("recovery", "allsides_mbfc", "gossipcop")
CAP_PER_LABEL = 4000


def evaluate(data_dir: Path, recipes: tuple[str, ...] = tuple(RECIPES), n_jobs: int = 2) -> dict:
    data = read_corpora([data_dir / "train" / f"{c}.jsonl" for c in CORPORA], cap_per_label=CAP_PER_LABEL)
    return loco(featurised(data, n_jobs=n_jobs), SHIPPED_TRAINING, recipes, n_jobs=n_jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--recipes", default=",".join(RECIPES))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    started = time.perf_counter()
    recipes = tuple(args.recipes.split(","))
    result = evaluate(Path(args.data), recipes, args.jobs)
    print(format_table(result))
    chosen = choose(result, recipes)
    print(f"\nchosen (best LOCO mean, no corpus more than 0.02 below TF-IDF's figure for it): {chosen}")
    for name in [r for r in recipes if r == chosen] or recipes[-1:]:
        print(f"\ncalibration of {name}, per corpus (left out):")
        for corpus, rows in result["calibration"][name].items():
            cells = "  ".join(f"{r['bin']}: {r['mean_predicted']:.2f}->{r['observed']:.2f} (n={r['n']})" for r in rows)
            print(f"  {corpus}: {cells}")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
