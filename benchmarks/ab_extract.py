"""Paired A/B timing of two credscore trees in one process, one core.

    python benchmarks/ab_extract.py REV [--stage score|extract|document|FAMILY] [--rounds 3] [--data PATH]

Times this tree against git revision ``REV`` (e.g. ``b828acb`` or ``HEAD``
for uncommitted work) on the same documents, alternating between the two on
every document (and swapping which goes first each time), with the process's
CPU clock. On a machine shared with other jobs, whole runs of
``bench_extract.py`` taken one after the other drift by 10-15 % between
runs; pairing per document keeps the ratio within about 1 % from round to
round. ``--stage`` times the whole ``score`` or ``extract``, ``Document.from_text``, or
one family's ``compute`` on Documents each tree built beforehand. Prints
each round's seconds and ratio (this tree / REV) and their median. Pin it:
``taskset -c 0 python ...``.

``REV``'s ``src/credscore`` is extracted (``git archive``) into a temporary
directory and imported as ``credscore_base``. Its lexicons and model files
are read from this tree's ``credscore`` package, so compare trees whose data
files are the same.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"


def load_base(rev: str, into: Path) -> None:
    """``rev``'s package as ``credscore_base`` under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src/credscore"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    shutil.move(str(into / "src" / "credscore"), str(into / "credscore_base"))
    sys.path.insert(0, str(into))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev")
    parser.add_argument("--stage", default="extract")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    with args.data.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        load_base(args.rev, Path(tmp))
        pair = [importlib.import_module(name) for name in ("credscore_base", "credscore")]
        if args.stage in ("extract", "score"):
            module = "extraction" if args.stage == "extract" else "scoring"
            calls = [getattr(importlib.import_module(f"{p.__name__}.{module}"), args.stage) for p in pair]
            inputs = [texts, texts]
        else:
            docs = [importlib.import_module(f"{p.__name__}.document").Document for p in pair]
            if args.stage == "document":
                calls, inputs = [d.from_text for d in docs], [texts, texts]
            else:
                families = [importlib.import_module(f"{p.__name__}.signals.{args.stage}") for p in pair]
                calls = [f.compute for f in families]
                inputs = [[d.from_text(t) for t in texts] for d in docs]
        for call, items in zip(calls, inputs):
            call(items[0])  # lazy loads: lexicons, the pronouncing table, pyphen
        from credscore.langid import langdetect

        langdetect("a warm-up sentence for the language profiles")
        clock = time.process_time
        ratios = []
        for r in range(args.rounds):
            spent = [0.0, 0.0]
            for i in range(len(texts)):
                for k in ((0, 1) if (i + r) % 2 else (1, 0)):
                    start = clock()
                    calls[k](inputs[k][i])
                    spent[k] += clock() - start
            ratios.append(spent[1] / spent[0])
            print(f"round {r}: {args.rev} {spent[0]:.3f} s, this tree {spent[1]:.3f} s, "
                  f"ratio {ratios[-1]:.3f}", flush=True)
    print(f"{args.stage}: this tree / {args.rev} = {statistics.median(ratios):.3f} (median of {args.rounds} rounds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
