"""Throughput of ``credscore.score`` beside datatrove's chained quality filters.

    python benchmarks/bench_vs_datatrove.py [--data ../shared/data/train/recovery.jsonl]
        [--chunks 20] [--core 0] [--datatrove-python PATH]

Both tools run on the same documents, on the same pinned core, in
alternating chunks: chunk 1 through credscore in this process, then through
datatrove in a worker process, chunk 2 datatrove first, and so on. Each side
is timed with its own process's CPU clock, so a busy machine slows both
alike and waiting for the core is not counted. Only the ratio is meant to
travel between machines.

datatrove's side is its Gopher quality, Gopher repetition, C4 quality and
FineWeb quality filters with their defaults, one after another on a fresh
``datatrove.data.Document`` per page. Two figures: every filter on every
page, and as a pipeline chains them, where a page the first filters drop
never reaches the later ones (each filter call is timed on its own).
datatrove needs spaCy and NLTK, heavier than credscore itself, so it lives
in its own virtual environment: ``--datatrove-python``, else
``$CREDSCORE_DATATROVE_PYTHON``, else ``~/.cache/credscore/datatrove-venv``,
which the script creates with pip on first use (``DATATROVE_PIN``). When that
fails (no network, no pip) it prints why and times credscore alone.

Prints one JSON object: MB/s of each tool, the ratio, and the per-chunk
ratios' median and range, for both of datatrove's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"
DEFAULT_VENV = Path.home() / ".cache" / "credscore" / "datatrove-venv"
#: The release the figures in docs/performance.md were taken with.
DATATROVE_PIN = ("datatrove==0.10.1", "spacy==3.8.18", "nltk==3.10.4")


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def chunked(texts: list[str], n: int) -> list[list[str]]:
    size = -(-len(texts) // n)
    return [texts[i:i + size] for i in range(0, len(texts), size)]


# ------------------------------------------------------------------ datatrove side


def worker_loop() -> None:
    """In datatrove's venv: read a JSON list of texts per line on stdin, run
    the four filters over them, answer with the CPU seconds it took."""
    from compare_filters import datatrove_filters  # this script's folder is on sys.path
    from datatrove.data import Document

    filters = tuple(datatrove_filters().values())
    print(json.dumps({"ready": True}), flush=True)
    clock = time.process_time
    for line in sys.stdin:
        every = chained = 0.0
        for i, text in enumerate(json.loads(line)):
            dropped = False
            for f in filters:
                started = clock()
                out = f.filter(Document(text=text, id=str(i)))
                spent = clock() - started
                every += spent
                if not dropped:
                    chained += spent
                    dropped = not (out[0] if isinstance(out, tuple) else out)
        print(json.dumps({"seconds": every, "chained_seconds": chained}), flush=True)


def datatrove_python(explicit: str | None) -> tuple[str | None, str]:
    """An interpreter with datatrove, or None and the reason there is none."""
    chosen = explicit or os.environ.get("CREDSCORE_DATATROVE_PYTHON")
    if chosen:
        return (chosen, "") if Path(chosen).exists() else (None, f"no interpreter at {chosen}")
    python = DEFAULT_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {DEFAULT_VENV} and installing {' '.join(DATATROVE_PIN)}", file=sys.stderr)
        try:
            venv.create(DEFAULT_VENV, with_pip=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *DATATROVE_PIN], check=True)
        except (OSError, subprocess.CalledProcessError) as err:
            return None, f"could not install datatrove into {DEFAULT_VENV}: {err}"
    return str(python), ""


class DatatroveWorker:
    def __init__(self, python: str) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        self.process = subprocess.Popen([python, __file__, "--worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=env)
        self._read()

    def _read(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the datatrove worker exited; run it by hand to see why")
        return json.loads(line)

    def time(self, texts: list[str]) -> tuple[float, float]:
        """CPU seconds for every filter on every page, and as chained."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(texts) + "\n")
        self.process.stdin.flush()
        answer = self._read()
        return float(answer["seconds"]), float(answer["chained_seconds"])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


# ------------------------------------------------------------------ credscore side


def time_credscore(texts: list[str]) -> float:
    import credscore

    started = time.process_time()
    for text in texts:
        credscore.score(text)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--chunks", type=int, default=20)
    parser.add_argument("--core", type=int, default=0, help="the core both tools are pinned to")
    parser.add_argument("--datatrove-python")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_loop()
        return

    os.sched_setaffinity(0, {args.core})  # the worker inherits the pin
    texts = load_texts(args.data)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    chunks = chunked(texts, args.chunks)
    import credscore

    credscore.score("Warm up the model, the lexicons and the language profiles. " * 20)
    python, why_not = datatrove_python(args.datatrove_python)
    worker = DatatroveWorker(python) if python else None

    ours: list[float] = []
    theirs: list[tuple[float, float]] = []
    for i, chunk in enumerate(chunks):
        if worker is not None and i % 2:
            theirs.append(worker.time(chunk))
        ours.append(time_credscore(chunk))
        if worker is not None and not i % 2:
            theirs.append(worker.time(chunk))
    if worker is not None:
        worker.close()

    report: dict = {"documents": len(texts), "megabytes": round(megabytes, 2), "core": args.core,
                    "credscore_cpu_s": round(sum(ours), 2), "credscore_mb_s": round(megabytes / sum(ours), 3)}
    for label, seconds in (("datatrove_every_filter", [t[0] for t in theirs]),
                           ("datatrove_chained", [t[1] for t in theirs])):
        if not seconds:
            continue
        ratios = [t / o for o, t in zip(ours, seconds)]
        report[label] = {
            "cpu_s": round(sum(seconds), 2),
            "mb_s": round(megabytes / sum(seconds), 3),
            "credscore_times_faster": round(sum(seconds) / sum(ours), 2),
            "per_chunk_ratio_median": round(statistics.median(ratios), 2),
            "per_chunk_ratio_range": [round(min(ratios), 2), round(max(ratios), 2)],
        }
    if not theirs:
        report["datatrove_skipped"] = why_not
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
