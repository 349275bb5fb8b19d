"""How well AI-template phrasing tells LLM rewrites from human news.

Data: ``bench/ai_text/llmfake_gossipcop_coaid.jsonl`` (Chen & Shu, ICLR 2024):
human GossipCop and CoAID articles and their ChatGPT-3.5, Llama-2 and Vicuna
rewrites. Split by ``group`` (a human article and all its rewrites fall on the
same side): groups whose md5 starts with an even byte are the tuning half, on
which the lexicon was chosen and the threshold is set (best F1); every figure
returned is measured on the other, held-out half.

Only ``style_ai_phrases_per_1k_words`` is judged: CoAID is lower-cased with no
line breaks in both classes, so the case and layout features are confounded
there. Per generator, recall and ROC-AUC compare that generator's rewrites with
all held-out human articles of the datasets it rewrote.

Run: ``python benchmarks/eval_style.py [DATA_DIR]`` (default ``../shared/data``).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

from credscore.document import Document
from credscore.signals import style

FEATURE = "style_ai_phrases_per_1k_words"
BENCH_FILE = Path("bench") / "ai_text" / "llmfake_gossipcop_coaid.jsonl"


def is_tuning_group(group: str) -> bool:
    return hashlib.md5(group.encode("utf-8")).digest()[0] % 2 == 0


def _score(text: str) -> float:
    return style.compute(Document.from_text(text, detect_language=False)).features[FEATURE]


def _best_threshold(scores: list[float], labels: list[int]) -> float:
    """The cut (predict LLM when score > cut) with the best F1."""
    best_f1, best_cut = -1.0, 0.0
    for cut in sorted(set(scores)):
        f1 = f1_score(labels, [s > cut for s in scores], zero_division=0)
        if f1 > best_f1:
            best_f1, best_cut = f1, cut
    return best_cut


def _metrics(scores: list[float], labels: list[int], cut: float) -> dict[str, float]:
    predicted = [s > cut for s in scores]
    out = {
        "precision": precision_score(labels, predicted, zero_division=0),
        "recall": recall_score(labels, predicted, zero_division=0),
        "f1": f1_score(labels, predicted, zero_division=0),
        "n": float(len(labels)),
    }
    out["roc_auc"] = roc_auc_score(labels, scores) if 0 < sum(labels) < len(labels) else float("nan")
    return {k: float(v) for k, v in out.items()}


def evaluate(data_dir: Path) -> dict:
    rows = [json.loads(line) for line in (Path(data_dir) / BENCH_FILE).open(encoding="utf-8")]
    for row in rows:
        row["score"] = _score(row["text"])
        row["label"] = int(row["author"] == "llm")
    tuning = [r for r in rows if is_tuning_group(r["group"])]
    held = [r for r in rows if not is_tuning_group(r["group"])]
    cut = _best_threshold([r["score"] for r in tuning], [r["label"] for r in tuning])

    def measure(subset: list[dict]) -> dict[str, float]:
        return _metrics([r["score"] for r in subset], [r["label"] for r in subset], cut)

    result: dict = {"threshold": cut, **measure(held)}
    for dataset in sorted({r["dataset"] for r in held}):
        for name, value in measure([r for r in held if r["dataset"] == dataset]).items():
            result[f"{dataset}_{name}"] = value
    for generator in sorted({r["generator"] for r in held if r["generator"]}):
        rewrites = [r for r in held if r["generator"] == generator]
        datasets = {r["dataset"] for r in rewrites}
        humans = [r for r in held if r["label"] == 0 and r["dataset"] in datasets]
        scores = measure(rewrites + humans)
        for name in ("recall", "roc_auc", "n"):
            result[f"{generator}_{name}"] = scores[name]
    return result


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    figures = evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
    for key, value in figures.items():
        print(f"{key:32s} {value:.3f}")
