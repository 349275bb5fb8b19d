"""How the cost of one ``credscore.score`` grows with the document's length.

    python benchmarks/bench_length.py [--data ../shared/data/train/recovery.jsonl]
        [--sizes 5000 50000 500000] [--budget 2000000] [--repeats 3]

Documents of each size are real news: ReCOVery's articles, in file order,
joined with blank lines until the size is reached and cut at the last
paragraph break before it (so a long document is many different articles,
not one repeated, which would turn every repetition signal on). Each size
gets about ``--budget`` characters of such documents, taken from different
articles, and is scored ``--repeats`` times; the figure is the best
CPU-clock time per document, after a warm-up. Run it pinned to one core
(``taskset -c 0``).

Prints one JSON object: per size, the documents, the CPU seconds per
document and the throughput; and the cost ratio of each size to the one
before it (10 is linear for sizes ten apart).
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"].strip() for line in handle if line.strip()]


def documents_of(size: int, count: int, articles: itertools.cycle) -> list[str]:
    """``count`` documents of about ``size`` characters made of consecutive
    articles; a document is never shorter than 90 % of ``size``."""
    docs = []
    for _ in range(count):
        parts: list[str] = []
        length = 0
        while length < size:
            article = next(articles)
            parts.append(article)
            length += len(article) + 2
        text = "\n\n".join(parts)[:size]
        cut = text.rfind("\n\n")
        docs.append(text[:cut] if cut >= 0.9 * size else text)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000, 500_000])
    parser.add_argument("--budget", type=int, default=2_000_000, help="characters scored per size")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import credscore

    articles = itertools.cycle(load_texts(args.data))
    credscore.score("Warm up the model, the lexicons and the language profiles. " * 20)
    report: dict = {"sizes": {}}
    previous = None
    for size in args.sizes:
        docs = documents_of(size, max(1, args.budget // size), articles)
        best = min(_time(docs) for _ in range(args.repeats))
        per_doc = best / len(docs)
        chars = sum(map(len, docs))
        report["sizes"][str(size)] = {"documents": len(docs), "cpu_s_per_doc": round(per_doc, 5),
                                      "mb_s": round(chars / best / 1e6, 3)}
        if previous is not None:
            report["sizes"][str(size)][f"cost_vs_{previous[0]}"] = round(per_doc / previous[1], 2)
        previous = (size, per_doc)
    print(json.dumps(report, indent=1))


def _time(docs: list[str]) -> float:
    import credscore

    started = time.process_time()
    for doc in docs:
        credscore.score(doc)
    return time.process_time() - started


if __name__ == "__main__":
    main()
