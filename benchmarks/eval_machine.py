"""How well ``machine_written_probability`` tells LLM rewrites from human news
on groups and datasets it was not fitted on.

    python benchmarks/eval_machine.py [DATA_DIR]     # default ../shared/data

Data: ``bench/ai_text/llmfake_gossipcop_coaid.jsonl`` (Chen & Shu, ICLR 2024);
see ``scripts/train_machine.py`` for why only GossipCop (plus human
AllSides/MBFC news) trains the model.

- ``gossipcop_*``: out-of-fold scores from 5 folds grouped by ``group`` (an
  article and all its rewrites on the same side), each fold's model fitted as
  the shipped one is, with the shipped ``C`` (chosen by grouped CV on the
  GossipCop groups: one hyper-parameter of mild optimism).
- ``coaid_*``: the shipped model on CoAID, a dataset it never saw (lower-cased,
  its human side stripped of punctuation; see the training script).
- per generator: that generator's rewrites against all human articles of the
  same dataset; per task (paraphrase, rewrite, open-ended) likewise.
- ``*_first1000_roc_auc``: the same models on every text cut to its first
  1,000 characters, so that length (GossipCop's human articles are twice as
  long as the rewrites) cannot carry the result.
- baselines measured on the same rows: the word count alone (longer = human)
  and the AI-phrase rate of the ``style`` signal.
- ``news_2020_share_over_half``: the share of ReCOVery's 2,069 news articles
  (January to July 2020, before chat models wrote news) that the shipped
  model calls machine-written (probability >= 0.5): a false-positive rate on
  real news nobody tuned it on; ``opinion_2017_*`` and ``health_news_*`` the
  same on hyperpartisan opinion essays and FakeHealth's health news.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import train_machine

from credscore.document import Document
from credscore.signals import machine, style

NEWS_FILE = Path("train") / "recovery.jsonl"
#: More human writing from before chat models, never used in training:
#: hyperpartisan opinion essays (2016-2018) and health news (2009-2018).
OTHER_HUMAN = (("opinion_2017", Path("train") / "hyperpartisan.jsonl"),
               ("health_news", Path("train") / "fakehealth_story.jsonl"))
OTHER_HUMAN_MAX = 2000
CUT = 1000


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")


def _breakdown(prefix: str, rows: list[dict], y: np.ndarray, p: np.ndarray, out: dict) -> None:
    out[f"{prefix}_roc_auc"] = _auc(y, p)
    out[f"{prefix}_n"] = float(len(y))
    human = y == 0
    for key in ("generator", "task"):
        for value in sorted({r[key] for r in rows if r[key]}):
            mask = human | np.array([r[key] == value for r in rows])
            out[f"{prefix}_{value}_roc_auc"] = _auc(y[mask], p[mask])


def _profiles(texts: list[str]) -> np.ndarray:
    """Profiles of texts, NaN rows where a text is too short."""
    out = []
    for text in texts:
        x = machine.profile(Document.from_text(text, detect_language=False))
        out.append(x if x is not None else np.full(len(machine.profile_names()), np.nan))
    return np.asarray(out)


def _proba(spec: dict, X: np.ndarray) -> np.ndarray:
    model = machine.MachineModel(spec)
    return np.array([model.probability(x) if np.all(np.isfinite(x)) else np.nan for x in X])


def evaluate(data_dir: Path) -> dict[str, float]:
    data_dir = Path(data_dir)
    rows, X = train_machine.load(data_dir)
    y = np.array([r["label"] for r in rows])
    groups = np.array([r["group"] for r in rows])
    gossip = train_machine.training_rows(rows)
    shipped = json.loads((ROOT / "src" / "credscore" / "data" / machine.WEIGHTS_FILE).read_text(encoding="utf-8"))
    train_machine.C_GRID = (shipped["C"],)  # the outer folds refit with the shipped C only
    out: dict[str, float] = {"n": float(len(rows))}

    cut = _profiles([r["text"][:CUT] for r in rows])
    idx = np.flatnonzero(gossip)
    oof, oof_cut = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    XH, GH = train_machine.human_news(data_dir)  # in every fold's training side, as in the shipped fit
    for tr, te in GroupKFold(n_splits=5).split(idx, y[idx], groups[idx]):
        spec = train_machine.fit(np.vstack([X[idx[tr]], XH]), np.r_[y[idx[tr]], np.zeros(len(XH), int)],
                                 np.r_[groups[idx[tr]], GH])
        oof[idx[te]] = _proba(spec, X[idx[te]])
        oof_cut[idx[te]] = _proba(spec, cut[idx[te]])
    coaid = ~gossip
    oof[coaid] = _proba(shipped, X[coaid])
    oof_cut[coaid] = _proba(shipped, cut[coaid])

    words = np.array([len(Document.from_text(r["text"], detect_language=False).main_tokens) for r in rows])
    phrases = np.array([style.compute(Document.from_text(r["text"], detect_language=False))
                        .features["style_ai_phrases_per_1k_words"] for r in rows])
    for name, mask in (("gossipcop", gossip), ("coaid", coaid)):
        sub = [r for r, m in zip(rows, mask) if m]
        _breakdown(name, sub, y[mask], oof[mask], out)
        ok = mask & np.isfinite(oof_cut)
        out[f"{name}_human_share_over_half"] = float(np.mean(oof[mask & (y == 0)] >= 0.5))
        out[f"{name}_llm_share_over_half"] = float(np.mean(oof[mask & (y == 1)] >= 0.5))
        out[f"{name}_first{CUT}_roc_auc"] = _auc(y[ok], oof_cut[ok])
        out[f"{name}_baseline_length_roc_auc"] = _auc(y[mask], -words[mask])
        out[f"{name}_baseline_ai_phrases_roc_auc"] = _auc(y[mask], phrases[mask])

    for name, path in (("news_2020", NEWS_FILE), *OTHER_HUMAN):
        if not (data_dir / path).exists():
            continue
        texts = [json.loads(line)["text"] for line in (data_dir / path).open(encoding="utf-8")][:OTHER_HUMAN_MAX]
        p = _proba(shipped, _profiles(texts))
        p = p[np.isfinite(p)]
        out[f"{name}_n"] = float(len(p))
        out[f"{name}_share_over_half"] = float(np.mean(p >= 0.5))
        out[f"{name}_mean_probability"] = float(np.mean(p))
    return out


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "data"
    for key, value in evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else default).items():
        print(f"{key:44s} {value:.3f}")
