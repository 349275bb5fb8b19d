"""Precision, recall, F1 and ROC-AUC of the boilerplate, hedging, AI-phrasing,
machine-written, encoding and dates signals on their labelled benchmarks, in
one run.

    python benchmarks/eval_signals.py [DATA_DIR]     # default ../shared/data

Each family's own script (``eval_boilerplate.py``, ``eval_hedging.py``,
``eval_style.py``, ``eval_machine.py``, ``eval_encoding.py``,
``eval_dates.py``) documents its data, scoring rule and splits; this one runs
all three and prints the headline figures that docs/signals.md reports and
that tests/signals/test_*_eval.py keep above their floors.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import eval_boilerplate
import eval_dates
import eval_encoding
import eval_hedging
import eval_machine
import eval_style

HEADLINES = {
    "boilerplate (Scrapinghub dev, 102 pages; content lines)": (
        eval_boilerplate,
        ["char_content_precision", "char_content_recall", "char_content_f1",
         "char_keep_all_content_f1", "line_content_f1", "line_boilerplate_f1"],
    ),
    "hedging (WikiWeasel, held-out odd rows; uncertain sentences)": (
        eval_hedging,
        ["test_precision", "test_recall", "test_f1", "dev_f1", "test_lexicon_precision",
         "test_lexicon_recall", "test_lexicon_f1"],
    ),
    "encoding damage (real codec accidents of GTK translations; tune / held-out languages)": (
        eval_encoding,
        ["tune_any_f1", "held_out_any_precision", "held_out_any_recall", "held_out_any_f1",
         "held_out_any_clean_fp", "held_out_flag_f1", "held_out_ftfy_f1", "tune_ftfy_f1",
         "recall_cp1252_as_latin1_flag"],
    ),
    "date conflicts and datelines (real news with its publication date)": (
        eval_dates,
        ["heldout_precision", "heldout_recall", "sentences_precision", "sentences_recall",
         "fires_per_1k_docs", "datelines_per_1k_docs", "dateline_agrees_with_date"],
    ),
    "AI phrasing (LLM rewrites vs human news, held-out groups)": (
        eval_style,
        ["precision", "recall", "f1", "roc_auc", "coaid_roc_auc", "gossipcop_roc_auc"],
    ),
    "machine-written probability (LLM rewrites vs human news; unseen groups, CoAID unseen)": (
        eval_machine,
        ["gossipcop_roc_auc", "coaid_roc_auc", "gossipcop_paraphrase_roc_auc", "gossipcop_rewrite_roc_auc",
         "gossipcop_open_ended_roc_auc", "coaid_paraphrase_roc_auc", "coaid_rewrite_roc_auc",
         "coaid_open_ended_roc_auc", "gossipcop_first1000_roc_auc", "gossipcop_baseline_ai_phrases_roc_auc",
         "news_2020_share_over_half"],
    ),
}


def main(argv: list[str]) -> int:
    data_dir = Path(argv[1]) if len(argv) > 1 else HERE.parent.parent / "shared" / "data"
    if not data_dir.exists():
        print(f"no data at {data_dir}", file=sys.stderr)
        return 2
    for title, (module, keys) in HEADLINES.items():
        start = time.perf_counter()
        result = module.evaluate(data_dir)
        print(f"{title}  [{time.perf_counter() - start:.1f} s]")
        for key in keys:
            value = result.get(key)
            print(f"  {key:<28} {'missing' if value is None else f'{value:.3f}'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
