"""Throughput of ``credscore.score`` and ``credscore.extract`` on real documents, one core.

    python benchmarks/bench_extract.py [--data ../shared/data/train/recovery.jsonl] [--passes 3] [--cpu]

Reports docs/s and MB/s of the whole ``score`` (``extract``, then the
model, the reasons and their evidence) and of ``extract`` alone (language
detection included), each the median of ``--passes`` passes after one warm-up document, and
the share of time spent in the document model and in each signal family.
Pin it to one core for comparable figures: ``taskset -c 0 python ...``. On a
machine shared with other jobs, ``--cpu`` times with the process's CPU clock
instead of the wall clock, so time spent waiting for the core is not counted;
compare two trees by running this script alternately from each
(``cd TREE && PYTHONPATH=src python .../bench_extract.py``) and read ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


clock = time.perf_counter


def time_calls(call: Callable[[str], object], texts: list[str]) -> float:
    start = clock()
    for text in texts:
        call(text)
    return clock() - start


def time_shares(texts: list[str]) -> dict[str, float]:
    """Seconds in the document model (segmentation, boilerplate lines,
    language) and in each signal's ``compute``."""
    from credscore.document import Document
    from credscore.signals import load_signal_modules

    modules = load_signal_modules()
    spent = {"document": 0.0}
    spent.update({m.__name__.rsplit(".", 1)[1]: 0.0 for m in modules})
    for text in texts:
        t0 = clock()
        doc = Document.from_text(text)
        spent["document"] += clock() - t0
        for module in modules:
            t0 = clock()
            module.compute(doc)
            spent[module.__name__.rsplit(".", 1)[1]] += clock() - t0
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="time with the process's CPU clock, not the wall clock")
    args = parser.parse_args()
    global clock
    if args.cpu:
        clock = time.process_time
    texts = load_texts(args.data)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    from credscore import extract, score

    score(texts[0])  # lazy loads: lexicons, the pronouncing table, pyphen
    # langdetect's profiles load on the first text whose language the
    # function words cannot settle, which the first document is not: without
    # this, the timed pass paid that one-off 0.26 s.
    from credscore.langid import langdetect

    langdetect("a warm-up sentence for the language profiles")
    # Passes of the two alternate, so a disturbance of the machine falls on both.
    passes = [(time_calls(extract, texts), time_calls(score, texts)) for _ in range(args.passes)]
    print(f"data: {args.data.name}, {len(texts)} documents, {megabytes:.1f} MB, "
          f"{'CPU' if args.cpu else 'wall'} clock")
    for name, times in zip(("extract", "score"), zip(*passes)):
        seconds = statistics.median(times)
        print(f"{name}: {len(texts) / seconds:,.0f} docs/s, {megabytes / seconds:.2f} MB/s "
              f"(median of {args.passes} passes: {', '.join(f'{t:.2f}s' for t in times)})")
    spent = time_shares(texts)
    total = sum(spent.values())
    print(f"\n{'stage':<14} {'seconds':>8} {'share':>7} {'MB/s':>8}")
    for stage, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        rate = megabytes / secs if secs > 0 else float("inf")
        print(f"{stage:<14} {secs:>8.2f} {secs / total:>7.1%} {rate:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
