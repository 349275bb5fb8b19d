"""Measure the boilerplate line classifier on the Scrapinghub dev pages.

Data: ``bench/boilerplate/scrapinghub_dev.jsonl`` (102 pages of
Scrapinghub/Zyte's article-extraction benchmark, MIT): ``page_text`` is the
whole page as plain text, ``gold_body`` the article body a person marked.

Scoring rule: every non-blank line of ``page_text`` is one item. It is gold
*content* when its stripped text equals one of the stripped lines of
``gold_body``, else gold *boilerplate*; the classifier predicts content when
:func:`classify_lines` gives it no reason. No line is left out for being
short: a very short line ("Share", "___") can match a gold line by
coincidence, but such lines are few and excluding them would hide the menus
the classifier exists to catch. Gold bodies exclude the page title and the
standfirst, which the classifier keeps, so precision has a ceiling below 1.

Reported, micro over all lines of all pages and again weighted by each line's
characters: precision, recall and F1 of the content class (the benchmark's
view; keeping every line scores char-weighted F1 0.672 under this rule, the
benchmark's own token-shingle table says 0.665) and of the boilerplate class.
``fold_a_*`` / ``fold_b_*`` split the pages by position (even / odd) to show
how much the figures move between halves of this small set.

Run: ``python benchmarks/eval_boilerplate.py [DATA_DIR]`` (default
``../shared/data``).
"""

from __future__ import annotations

import json
import pathlib
import sys

from credscore.document import Document

BENCH = pathlib.Path("bench") / "boilerplate" / "scrapinghub_dev.jsonl"


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_pages(pages: list[dict]) -> dict:
    """Counts per (weighting, gold, predicted) over the given pages."""
    counts = {(w, g, k): 0 for w in ("line", "char") for g in (0, 1) for k in (0, 1)}
    for page in pages:
        gold = {ln.strip() for ln in page["gold_body"].split("\n")}
        doc = Document.from_text(page["page_text"], detect_language=False)
        for i in range(doc.n_lines):
            text = doc.line_text(i).strip()
            if not text:
                continue
            g, k = int(text in gold), int(not doc.line_boilerplate[i])
            counts[("line", g, k)] += 1
            counts[("char", g, k)] += len(text)
    return counts


def metrics(counts: dict, prefix: str = "") -> dict:
    out = {}
    for w in ("line", "char"):
        tp, fp, fn = counts[(w, 1, 1)], counts[(w, 0, 1)], counts[(w, 1, 0)]
        tn = counts[(w, 0, 0)]
        for cls, (a, b, c) in (("content", (tp, fp, fn)), ("boilerplate", (tn, fn, fp))):
            p, r, f = _prf(a, b, c)
            out[f"{prefix}{w}_{cls}_precision"] = p
            out[f"{prefix}{w}_{cls}_recall"] = r
            out[f"{prefix}{w}_{cls}_f1"] = f
        # Keeping every line: precision is the gold share, recall 1.
        base_p = (tp + fn) / (tp + fp + fn + tn) if tp + fp + fn + tn else 0.0
        out[f"{prefix}{w}_keep_all_content_f1"] = 2 * base_p / (1 + base_p) if base_p else 0.0
    return out


def evaluate(data_dir: pathlib.Path) -> dict:
    pages = [json.loads(ln) for ln in (pathlib.Path(data_dir) / BENCH).read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    out = metrics(score_pages(pages))
    for name, half in (("fold_a_", pages[0::2]), ("fold_b_", pages[1::2])):
        m = metrics(score_pages(half))
        out[f"{name}char_content_f1"] = m["char_content_f1"]
        out[f"{name}line_content_f1"] = m["line_content_f1"]
    out["n"] = float(len(pages))
    return out


if __name__ == "__main__":
    root = (pathlib.Path(sys.argv[1]) if len(sys.argv) > 1
            else pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data")
    for key, value in evaluate(root).items():
        print(f"{key:40s} {value:.3f}")
