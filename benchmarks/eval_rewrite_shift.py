"""Does the headline score rise when a news article is rewritten by an LLM?

    python benchmarks/eval_rewrite_shift.py [DATA_DIR]     # default ../shared/data

``bench/ai_text/llmfake_gossipcop_coaid.jsonl`` ties each human article
(GossipCop gossip, CoAID health news) to its rewrites by ChatGPT-3.5,
Llama-2 and Vicuna (``group``). For every rewrite, the change of
``credscore.score(...).score`` from its own human article, per dataset and
task: the mean, and the share of rewrites that score higher than the
original. A rewrite that only restyles a story should not gain trust.

The machine-written detector was trained on the GossipCop part (grouped
folds for its own figures; the shipped detector saw every GossipCop group),
so CoAID, which it never saw, is the out-of-sample line. Baseline: the same
run with ``--no-machine-flag``, which scores without the ``machine_written``
flag's factor.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from credscore import Score

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def headline(result: Score, use_flag: bool) -> float | None:
    if result.score is None or use_flag or "machine_written" not in result.reason_codes:
        return result.score
    from credscore.scoring import FLAG_FACTORS

    return result.score / FLAG_FACTORS["machine_written"]


def evaluate(data_dir: Path = DEFAULT_DATA, use_flag: bool = True) -> dict[str, float]:
    import credscore

    path = data_dir / "bench" / "ai_text" / "llmfake_gossipcop_coaid.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    scores = {r["id"]: headline(credscore.score(r["text"]), use_flag) for r in rows}
    human = {r["group"]: r["id"] for r in rows if r["author"] == "human"}
    shifts: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    for r in rows:
        if r["author"] == "human" or r["group"] not in human:
            continue
        before, after = scores[human[r["group"]]], scores[r["id"]]
        if before is not None and after is not None:
            shifts[(r["dataset"], r["task"])].append(after - before)
    out: dict[str, float] = {}
    for (dataset, task), values in sorted(shifts.items()):
        out[f"{dataset}_{task}_n"] = len(values)
        out[f"{dataset}_{task}_mean_shift"] = statistics.mean(values)
        out[f"{dataset}_{task}_share_higher"] = sum(v > 0 for v in values) / len(values)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-machine-flag", action="store_true", help="score without the machine_written factor")
    args = parser.parse_args()
    for name, value in evaluate(args.data_dir, use_flag=not args.no_machine_flag).items():
        print(f"{name:40s} {value:8.3f}")


if __name__ == "__main__":
    main()
