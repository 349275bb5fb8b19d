"""Precision of the dates signal's conflicts and datelines.

    python benchmarks/eval_dates.py [DATA_DIR]     # default ../shared/data

- ``sentences_*``: ``tests/cases/dates_sentences.json``, real-looking news
  sentences with a publication date (past reports of future plans, forecasts,
  anniversaries, later past-tense reports and editor's notes), each labelled
  conflict or not: precision and recall of ``dates_inconsistent``.
- ``heldout_*``: the labelled fires of ``benchmarks/labels/dates_fires_heldout.tsv``
  (40 documents of held-out real news, read by hand). A labelled fire that no
  longer fires counts as dropped; precision is over the labelled fires that
  still fire, recall over the true ones.
- ``fires_per_1k_docs``: documents with any conflict per 1,000 dated
  documents of the dev half (even MD5 of id) of the training corpora, given
  their publication date.
- ``dateline_*``: on the same dev documents, read without their date, how
  many datelines are found per 1,000 documents and the share of those within
  a month of the corpus's own date for the document (an automatic stand-in
  for dateline precision; corpus dates are themselves sometimes wrong).
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path

from credscore.document import Document
from credscore.signals import dates

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT / "tests" / "cases" / "dates_sentences.json"
LABELS = ROOT / "benchmarks" / "labels" / "dates_fires_heldout.tsv"
CORPORA = ("allsides_mbfc", "recovery", "gossipcop", "hyperpartisan", "fakehealth_story")
PER_CORPUS = 2500
CONFLICTS = frozenset({"later_than_published", "event_after_published", "relative_after_published",
                       "boilerplate_later_than_published"})


def _dev(record_id: str) -> bool:
    return hashlib.md5(record_id.encode("utf-8")).digest()[0] % 2 == 0


def _published(record: dict) -> date | None:
    try:
        return date.fromisoformat(str(record.get("date") or "")[:10])
    except ValueError:
        return None


def _fires(text: str, published: date) -> list[str]:
    result = dates.compute(Document.from_text(text, published=published, detect_language=False))
    return [text[s.start:s.end] for s in result.spans if s.reason in CONFLICTS]


def sentences() -> dict[str, float]:
    cases = json.loads(SENTENCES.read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for case in cases:
        doc = Document.from_text(case["text"], published=date.fromisoformat(case["published"]))
        fired = dates.compute(doc).features["dates_inconsistent"] == 1.0
        tp += fired and case["conflict"]
        fp += fired and not case["conflict"]
        fn += case["conflict"] and not fired
    return {"sentences_n": float(len(cases)), "sentences_precision": tp / (tp + fp) if tp + fp else 0.0,
            "sentences_recall": tp / (tp + fn) if tp + fn else 0.0, "sentences_false_fires": float(fp)}


def _records(data_dir: Path, corpus: str) -> dict[str, dict]:
    with (data_dir / "train" / f"{corpus}.jsonl").open(encoding="utf-8") as handle:
        return {r["id"]: r for r in map(json.loads, handle)}


def evaluate(data_dir: Path) -> dict[str, float]:
    data_dir = Path(data_dir)
    out = sentences()
    labels = [line.split("\t") for line in LABELS.read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    wanted: dict[str, list[list[str]]] = {}
    for row in labels:
        wanted.setdefault(row[0], []).append(row)
    kept_true = kept_false = lost_true = 0
    docs = fired_docs = datelines = agreeing = 0
    for corpus in CORPORA:
        records = _records(data_dir, corpus)
        for _, record_id, published, evidence, label, _note in wanted.get(corpus, []):
            still = evidence in _fires(records[record_id]["text"], date.fromisoformat(published))
            kept_true += still and label == "1"
            kept_false += still and label == "0"
            lost_true += not still and label == "1"
        dev = [r for r in records.values() if _dev(r["id"]) and _published(r)][:PER_CORPUS]
        for record in dev:
            published = _published(record)
            docs += 1
            fired_docs += bool(_fires(record["text"], published))
            doc = Document.from_text(record["text"], detect_language=False)
            line = dates.find_dateline(doc, dates.find_mentions(doc), dates.DatesConfig())
            if line is not None:
                datelines += 1
                agreeing += abs((line.earliest() - published).days) <= dates.LATER_GRACE_DAYS
    out["heldout_labelled"] = float(len(labels))
    out["heldout_precision"] = kept_true / (kept_true + kept_false) if kept_true + kept_false else 0.0
    out["heldout_recall"] = kept_true / (kept_true + lost_true) if kept_true + lost_true else 0.0
    out["heldout_still_firing"] = float(kept_true + kept_false)
    out["dev_docs"] = out["n"] = float(docs)
    out["fires_per_1k_docs"] = 1000.0 * fired_docs / docs
    out["datelines_per_1k_docs"] = 1000.0 * datelines / docs
    out["dateline_agrees_with_date"] = agreeing / datelines if datelines else 0.0
    return out


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "data"
    for key, value in evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else default).items():
        print(f"{key:32s} {value:.3f}")
