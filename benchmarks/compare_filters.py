"""credscore's keep/drop beside datatrove's Gopher, C4 and FineWeb filters.

The same pages go through both tools in one run:

- ReCOVery (every document), a sample of AllSides/MBFC and of GossipCop
  (``--sample`` each, drawn with a fixed seed) from ``../shared/data/train/``;
- the Scrapinghub article-extraction dev pages as whole-page text
  (``page_text``: menus, footers and related links included).

credscore keeps a page when it is scorable and at least half of it is intact
article (``band != "unscorable"`` and ``quality >= QUALITY_LOW``): the page
decision, comparable with the field's quality filters. (The headline-score
decision, ``--min-score``, also reads credibility and is reported beside.)

datatrove runs in its own virtual environment (``--datatrove-python``,
default ``/work/venv-datatrove/bin/python``; it needs ``datatrove``,
``spacy`` and ``nltk``): this script re-runs itself there as a worker. When
that interpreter or datatrove is missing the comparison is skipped with the
reason, and credscore's own figures are still printed.

Outputs: an agreement table per corpus and filter (keep rates, agreement,
Cohen's kappa), both tools' throughput measured in the same run on the same
pages, and ``--disagreements FILE``: up to 20 pages each way per corpus
(credscore keeps / datatrove drops, and the reverse) with both tools'
reasons, for reading by hand. ``--notices`` prints how often notice lines
occur on ReCOVery (the figures behind ``quality.NOTICE_PAGE_SHARE``).

    PYTHONPATH=src python benchmarks/compare_filters.py --sample 500 --disagreements /tmp/disagree.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
FILTERS = ("gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality")


def load_pages(sample: int, seed: int = 0) -> list[dict]:
    pages: list[dict] = []
    train = DATA / "train"
    for name, limit in (("recovery", None), ("allsides_mbfc", sample), ("gossipcop", sample)):
        path = train / f"{name}.jsonl"
        if not path.exists():
            print(f"skipping {name}: {path} not found", file=sys.stderr)
            continue
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        if limit is not None and limit < len(rows):
            rows = random.Random(seed).sample(rows, limit)
        pages.extend({"id": r["id"], "corpus": name, "text": r["text"]} for r in rows)
    bench = DATA / "bench" / "boilerplate" / "scrapinghub_dev.jsonl"
    if bench.exists():
        for i, line in enumerate(bench.open(encoding="utf-8")):
            row = json.loads(line)
            pages.append({"id": row.get("id", f"scrapinghub-{i}"), "corpus": "scrapinghub", "text": row["page_text"],
                          "gold_share": len(row["gold_body"]) / max(len(row["page_text"]), 1)})
    return pages


# --------------------------------------------------------------------------- datatrove worker


def datatrove_filters() -> dict:
    """In the datatrove venv: the four filters with their defaults, in
    ``FILTERS`` order, their tokenizers and word lists loaded."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    filters = dict(zip(FILTERS, (GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(),
                                 FineWebQualityFilter())))
    for f in filters.values():  # load tokenizers before timing
        f.filter(Document(text="Warm up the tokenizer. " * 20, id="warmup"))
    return filters


def datatrove_worker(in_path: str, out_path: str) -> None:
    """Run in the datatrove venv: each filter on a fresh Document per page."""
    from datatrove.data import Document

    filters = datatrove_filters()
    with open(in_path, encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle]
    results = [{} for _ in pages]
    seconds = {}
    for name, f in filters.items():
        started = time.perf_counter()
        for page, result in zip(pages, results):
            out = f.filter(Document(text=page["text"], id=page["id"]))
            keep, reason = (out if isinstance(out, tuple) else (out, None))
            result[name] = [bool(keep), reason]
        seconds[name] = time.perf_counter() - started
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump({"results": results, "seconds": seconds}, out)


def run_datatrove(pages: list[dict], python: str) -> tuple[list[dict] | None, dict | None, str]:
    if not Path(python).exists():
        return None, None, f"no datatrove interpreter at {python}"
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "pages.jsonl", Path(tmp) / "out.json"
        with open(src, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(page) + "\n" for page in pages)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        done = subprocess.run([python, __file__, "--datatrove-worker", str(src), str(dst)], env=env,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return None, None, "datatrove worker failed: " + done.stderr.strip().splitlines()[-1][:300]
        data = json.loads(dst.read_text(encoding="utf-8"))
    return data["results"], data["seconds"], ""


# --------------------------------------------------------------------------- credscore


def run_credscore(pages: list[dict]) -> tuple[list[dict], float]:
    import credscore
    from credscore.quality import QUALITY_LOW

    credscore.score("Warm up the model and lexicons. " * 20)
    out = []
    started = time.perf_counter()
    for page in pages:
        result = credscore.score(page["text"])
        keep = result.band != "unscorable" and result.quality >= QUALITY_LOW
        out.append({"keep": keep, "score": result.score, "quality": result.quality,
                    "codes": list(result.reason_codes), "band": result.band})
    return out, time.perf_counter() - started


def kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    if not n:
        return float("nan")
    agree = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    return (agree - chance) / (1 - chance) if chance < 1 else float("nan")


def report(pages: list[dict], cs: list[dict], dt: list[dict] | None, disagreements: str | None) -> None:
    corpora = sorted({p["corpus"] for p in pages})
    print("\n| corpus | pages | credscore keeps | credscore score >= 0.4 |" +
          ("".join(f" {f} keeps |" for f in FILTERS) + " all four keep |" if dt else ""))
    print("|---|---:|---:|---:|" + ("---:|" * (len(FILTERS) + 1) if dt else ""))
    for corpus in corpora:
        idx = [i for i, p in enumerate(pages) if p["corpus"] == corpus]
        row = f"| {corpus} | {len(idx)} | {sum(cs[i]['keep'] for i in idx) / len(idx):.1%} | "
        row += f"{sum((cs[i]['score'] or 0) >= 0.4 for i in idx) / len(idx):.1%} |"
        if dt:
            for f in FILTERS:
                row += f" {sum(dt[i][f][0] for i in idx) / len(idx):.1%} |"
            row += f" {sum(all(dt[i][f][0] for f in FILTERS) for i in idx) / len(idx):.1%} |"
        print(row)
    if not dt:
        return
    print("\nAgreement of credscore's keep/drop with each filter (agreement %, Cohen's kappa):\n")
    print("| corpus |" + "".join(f" {f} |" for f in (*FILTERS, "all four")))
    print("|---|" + "---|" * (len(FILTERS) + 1))
    for corpus in corpora:
        idx = [i for i, p in enumerate(pages) if p["corpus"] == corpus]
        a = [cs[i]["keep"] for i in idx]
        row = f"| {corpus} |"
        for f in (*FILTERS, "all"):
            b = [all(dt[i][g][0] for g in FILTERS) if f == "all" else dt[i][f][0] for i in idx]
            agree = sum(x == y for x, y in zip(a, b)) / len(idx)
            row += f" {agree:.1%} ({kappa(a, b):+.2f}) |"
        print(row)
    gold_check(pages, cs, dt)
    if disagreements:
        rng = random.Random(1)
        with open(disagreements, "w", encoding="utf-8") as out:
            for corpus in corpora:
                idx = [i for i, p in enumerate(pages) if p["corpus"] == corpus]
                for way, pick in (("credscore_keeps_datatrove_drops",
                                   lambda i: cs[i]["keep"] and not all(dt[i][f][0] for f in FILTERS)),
                                  ("credscore_drops_datatrove_keeps",
                                   lambda i: not cs[i]["keep"] and all(dt[i][f][0] for f in FILTERS))):
                    chosen = [i for i in idx if pick(i)]
                    print(f"{corpus}: {way}: {len(chosen)}")
                    for i in rng.sample(chosen, min(20, len(chosen))):
                        reasons = {f: dt[i][f][1] for f in FILTERS if not dt[i][f][0]}
                        out.write(json.dumps({"way": way, "corpus": corpus, "id": pages[i]["id"],
                                              "credscore": cs[i], "datatrove_drops": reasons,
                                              "text": pages[i]["text"][:1500]}, ensure_ascii=False) + "\n")


def gold_check(pages: list[dict], cs: list[dict], dt: list[dict] | None) -> None:
    """On the Scrapinghub pages a person marked the article body: a page is
    "mostly article" when the body holds at least half its characters. How
    well does each tool's keep/drop match that, and credscore's quality the
    body's share?"""
    idx = [i for i, p in enumerate(pages) if "gold_share" in p]
    if not idx:
        return
    gold = [pages[i]["gold_share"] >= 0.5 for i in idx]
    print(f"\nScrapinghub gold: {sum(gold)} of {len(idx)} pages are at least half article body (by characters)")
    tools = {"credscore": [cs[i]["keep"] for i in idx]}
    if dt:
        tools.update({f: [dt[i][f][0] for i in idx] for f in FILTERS})
        tools["all four"] = [all(dt[i][f][0] for f in FILTERS) for i in idx]
    print("\n| tool | keeps | agrees with gold | kappa |\n|---|---:|---:|---:|")
    for name, keep in tools.items():
        agree = sum(k == g for k, g in zip(keep, gold)) / len(idx)
        print(f"| {name} | {sum(keep)} | {agree:.1%} | {kappa(keep, gold):+.2f} |")
    q = [cs[i]["quality"] for i in idx]
    g = [pages[i]["gold_share"] for i in idx]
    print(f"\nPearson r of credscore quality with the body's character share: {_pearson(q, g):.3f}; "
          f"mean absolute difference {sum(abs(a - b) for a, b in zip(q, g)) / len(idx):.3f}")


def _pearson(a: list[float], b: list[float]) -> float:
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = sum((x - ma) ** 2 for x in a) ** 0.5
    vb = sum((y - mb) ** 2 for y in b) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


def evaluate(data: Path) -> dict[str, float]:
    """credscore alone on the Scrapinghub pages against their gold body share
    (for tests/test_quality.py's floors)."""
    import credscore
    from credscore.quality import QUALITY_LOW

    quality, gold = [], []
    with (data / "bench" / "boilerplate" / "scrapinghub_dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            result = credscore.score(row["page_text"])
            quality.append((result.quality, result.band != "unscorable" and result.quality >= QUALITY_LOW))
            gold.append(len(row["gold_body"]) / max(len(row["page_text"]), 1))
    keep = [k for _, k in quality]
    truth = [g >= 0.5 for g in gold]
    return {"pages": float(len(gold)), "quality_gold_pearson": _pearson([q for q, _ in quality], gold),
            "keep_gold_agreement": sum(k == t for k, t in zip(keep, truth)) / len(gold),
            "keep_gold_kappa": kappa(keep, truth)}


def notice_stats() -> None:
    import credscore

    rows = [json.loads(line) for line in (DATA / "train" / "recovery.jsonl").open(encoding="utf-8")]
    found = []
    for row in rows:
        features = credscore.extract(row["text"])
        if features["page_notice_count"]:
            found.append((round(features["page_notice_char_share"], 3), features.main_words, row["id"]))
    found.sort(reverse=True)
    print(f"ReCOVery: {len(found)} of {len(rows)} documents have notice lines; largest shares: {found[:10]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=500, help="pages drawn from AllSides and from GossipCop")
    parser.add_argument("--datatrove-python", default="/work/venv-datatrove/bin/python")
    parser.add_argument("--disagreements", default=None, help="write sampled disagreements here (JSONL)")
    parser.add_argument("--notices", action="store_true", help="only the notice-line statistics on ReCOVery")
    parser.add_argument("--datatrove-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.datatrove_worker:
        datatrove_worker(*args.datatrove_worker)
        return 0
    if args.notices:
        notice_stats()
        return 0
    pages = load_pages(args.sample)
    if not pages:
        print("no pages: ../shared/data is missing", file=sys.stderr)
        return 0
    chars = sum(len(p["text"]) for p in pages) / 1e6
    cs, cs_seconds = run_credscore(pages)
    dt, dt_seconds, why = run_datatrove(pages, args.datatrove_python)
    print(f"{len(pages)} pages, {chars:.1f} M characters")
    print(f"credscore (extract + score, one process): {cs_seconds:.1f} s, {len(pages) / cs_seconds:.1f} pages/s, "
          f"{chars / cs_seconds:.2f} M chars/s")
    if dt is None:
        print(f"datatrove skipped: {why}")
    else:
        total = sum(dt_seconds.values())
        print(f"datatrove (four filters in turn, one process): {total:.1f} s, {len(pages) / total:.1f} pages/s, "
              f"{chars / total:.2f} M chars/s; " + ", ".join(f"{k} {v:.1f} s" for k, v in dt_seconds.items()))
    report(pages, cs, dt, args.disagreements)
    return 0


if __name__ == "__main__":
    sys.exit(main())
