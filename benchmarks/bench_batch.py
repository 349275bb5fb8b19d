"""Batch scoring: docs/s with 1 and 2 jobs, and whether memory stays flat.

    python benchmarks/bench_batch.py [--data ../shared/data/train/recovery.jsonl]
        [--speed-docs 4138] [--memory-docs 10000 100000] [--memory-jobs 2] [--repeats 2]

Runs the real command, ``credscore score IN.jsonl -o OUT.jsonl --jobs J``, in
a subprocess on a JSONL built by repeating ReCOVery's documents (ids made
unique), and samples the resident memory of the whole process tree (the main
process plus its workers) every 0.1 s from /proc. Prints one JSON object:
docs/s per job count (best of ``--repeats``; the machine may be shared, so
the best run is the least disturbed one), the speed-up, and the peak memory
for each corpus size. Linux only (it reads /proc).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"


def build_corpus(source: Path, n: int, out: Path) -> Path:
    """``n`` documents: ReCOVery's, repeated, each with a unique id."""
    lines = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    with out.open("w", encoding="utf-8") as handle:
        for i, record in zip(range(n), itertools.cycle(lines)):
            keep = {k: record.get(k) for k in ("text", "url", "date")}
            handle.write(json.dumps({"id": f"{record['id']}#{i}", **keep}) + "\n")
    return out


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(resident kB of ``pid``, of ``pid`` and all its descendants)."""
    def rss(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def children(p: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                found += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
        return found

    own, total, stack = rss(pid), 0, [pid]
    while stack:
        p = stack.pop()
        total += rss(p)
        stack.extend(children(p))
    return own, total


def run(corpus: Path, jobs: int, workdir: Path) -> dict[str, float]:
    out = workdir / f"out-{jobs}.jsonl"
    command = [sys.executable, "-m", "credscore", "score", str(corpus), "-o", str(out), "--jobs", str(jobs), "-q"]
    start = time.perf_counter()
    process = subprocess.Popen(command)
    peak_main = peak_tree = 0
    while process.poll() is None:
        own, tree = _tree_rss_kb(process.pid)
        peak_main, peak_tree = max(peak_main, own), max(peak_tree, tree)
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    rows = sum(1 for _ in out.open(encoding="utf-8"))
    out.unlink()
    return {"jobs": jobs, "docs": rows, "seconds": round(seconds, 2), "docs_per_s": round(rows / seconds, 1),
            "peak_main_mb": round(peak_main / 1024, 1), "peak_tree_mb": round(peak_tree / 1024, 1),
            "exit_status": process.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--speed-docs", type=int, default=4138, help="documents for the 1- vs 2-job timing")
    parser.add_argument("--memory-docs", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--memory-jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    report: dict[str, object] = {"cpus": os.cpu_count(), "data": str(args.data)}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpus = build_corpus(args.data, args.speed_docs, workdir / "speed.jsonl")
        speed = {}
        for jobs in (1, 2):
            runs = [run(corpus, jobs, workdir) for _ in range(args.repeats)]
            speed[jobs] = max(runs, key=lambda r: r["docs_per_s"])
            speed[jobs]["all_docs_per_s"] = [r["docs_per_s"] for r in runs]
            print(json.dumps(speed[jobs]), file=sys.stderr, flush=True)
        report["speed"] = speed
        report["speedup_2_vs_1"] = round(speed[2]["docs_per_s"] / speed[1]["docs_per_s"], 2)
        memory = []
        for n in args.memory_docs:
            corpus = build_corpus(args.data, n, workdir / f"memory-{n}.jsonl")
            memory.append(run(corpus, args.memory_jobs, workdir))
            corpus.unlink()
            print(json.dumps(memory[-1]), file=sys.stderr, flush=True)
        report["memory"] = memory
        if len(memory) >= 2:
            report["peak_tree_ratio_last_vs_first"] = round(memory[-1]["peak_tree_mb"] / memory[0]["peak_tree_mb"], 3)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
