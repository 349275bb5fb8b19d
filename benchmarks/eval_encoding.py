"""Encoding damage on real codec accidents of real multilingual text, beside
ftfy's own detector measured the same way.

    python benchmarks/eval_encoding.py

Cases: ``tests/cases/encoding_accidents.json`` (built by
``scripts/build_encoding_cases.py``: GTK translations in about 100 languages,
clean and after UTF-8/cp1252/Latin-1/Mac Roman/legacy round trips). A text
is *damaged* by construction when an accident changed it.

- credscore ``any``: the encoding signal reports any evidence at all;
- credscore ``flag``: the ``encoding_damage`` flag's rules, as the registry
  declares them (mojibake or replacement characters, 1 per 1,000 characters);
- ftfy: ``ftfy.badness.is_bad(text)``.

Figures per half: ``tune`` (the languages whose errors were read while the
rules were changed) and ``held_out`` (not read); ``*_clean_fp`` counts
false positives on clean text; ``*_recall_<kind>`` is per accident.
"""

from __future__ import annotations

import json
from pathlib import Path

from ftfy.badness import is_bad

from credscore.document import Document
from credscore.registry import flag_rules
from credscore.signals import encoding

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "encoding_accidents.json"
FLAG_RULES = tuple((feature, rule) for feature, rule in flag_rules() if rule.code == "encoding_damage")


def load() -> list[dict]:
    return [c for c in json.loads(CASES.read_text(encoding="utf-8")) if "damaged" in c]


def predictions(text: str) -> dict[str, bool]:
    result = encoding.compute(Document.from_text(text, detect_language=False))
    return {
        "any": bool(result.spans),
        "flag": any(rule.fires(result.features[feature]) for feature, rule in FLAG_RULES),
        "ftfy": bool(is_bad(text)),
    }


def _prf(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    tp = sum(1 for truth, pred in pairs if truth and pred)
    fp = sum(1 for truth, pred in pairs if not truth and pred)
    fn = sum(1 for truth, pred in pairs if truth and not pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(_data_dir: Path | None = None) -> dict[str, float]:
    cases = load()
    for case in cases:
        case["pred"] = predictions(case["text"])
    out: dict[str, float] = {"n": float(len(cases))}
    for half in ("tune", "held_out", "all"):
        subset = [c for c in cases if half in ("all", c["half"])]
        for system in ("any", "flag", "ftfy"):
            p, r, f = _prf([(c["damaged"], c["pred"][system]) for c in subset])
            out[f"{half}_{system}_precision"], out[f"{half}_{system}_recall"], out[f"{half}_{system}_f1"] = p, r, f
            out[f"{half}_{system}_clean_fp"] = float(sum(c["pred"][system] for c in subset if not c["damaged"]))
    for kind in sorted({c["kind"] for c in cases if c["damaged"]}):
        subset = [c for c in cases if c["kind"] == kind]
        for system in ("any", "flag", "ftfy"):
            out[f"recall_{kind}_{system}"] = sum(c["pred"][system] for c in subset) / len(subset)
    return out


def errors(half: str = "tune") -> list[tuple[str, str, str]]:
    """(label, system, text start) of each wrong call of the ``any`` rule in a half."""
    out = []
    for case in load():
        if case["half"] != half:
            continue
        pred = predictions(case["text"])
        if pred["any"] != case["damaged"]:
            out.append((case["label"], "any", case["text"][:120]))
    return out


if __name__ == "__main__":
    for key, value in evaluate().items():
        print(f"{key:44s} {value:.3f}")
