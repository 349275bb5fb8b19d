"""docs/signals.md's generated block is what scripts/make_signals_doc.py
writes from the signal modules' declarations today: a feature, a reason, a
model opt-in or a flag changed without regenerating the page fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("make_signals_doc", ROOT / "scripts" / "make_signals_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_block_is_current():
    script = _script()
    _, block, _ = script.split((ROOT / "docs" / "signals.md").read_text(encoding="utf-8"))
    assert block == script.render(), "docs/signals.md is stale: run python scripts/make_signals_doc.py"


def test_every_feature_is_documented_once():
    script = _script()
    block = script.render()
    for spec in script.feature_specs():
        assert block.count(f"| `{spec.name}` |") == 1, spec.name
