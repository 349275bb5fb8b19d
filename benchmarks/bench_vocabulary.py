"""What the vocabulary part of the model costs, as a share of ``extract``.

    taskset -c 0 python benchmarks/bench_vocabulary.py [N]

On the first N ReCOVery texts (default 500): the time of ``extract`` (which
now includes counting the main-content terms), of ``main_terms`` alone on
already-built Documents, and of the shipped model's ``vocabulary_logit`` on
those terms. The budget (issue: the vocabulary component costs at most 10 %
of extract) is the sum of the last two over the first. Medians of 3 passes.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from credscore.document import Document
from credscore.extraction import extract
from credscore.model import shipped_model
from credscore.terms import main_terms


def _median(fn, passes: int = 3) -> float:
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    path = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(n), handle)]
    model = shipped_model()
    docs = [Document.from_text(t) for t in texts]
    terms = [main_terms(d) for d in docs]
    t_extract = _median(lambda: [extract(t) for t in texts])
    t_terms = _median(lambda: [main_terms(d) for d in docs])
    t_logit = _median(lambda: [model.vocabulary_logit(t) for t in terms])
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{n} documents, {mb:.1f} MB")
    print(f"extract (terms included): {t_extract:.2f} s  ({mb / t_extract:.2f} MB/s)")
    print(f"main_terms:               {t_terms:.3f} s  ({100 * t_terms / t_extract:.1f} % of extract)")
    print(f"vocabulary_logit:         {t_logit:.3f} s  ({100 * t_logit / t_extract:.1f} % of extract)")
    print(f"vocabulary component:     {100 * (t_terms + t_logit) / t_extract:.1f} % of extract (budget 10 %)")


if __name__ == "__main__":
    main()
