"""Run a benchmark script of ``benchmarks/`` for the floor tests, or skip
with a clear reason when ``../shared/data`` (the labelled data) is absent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def evaluate(script: str, needs: str, **kwargs) -> dict:
    """``benchmarks/<script>.py``'s ``evaluate(DATA, **kwargs)``; ``needs`` is
    the data file it reads, relative to ``DATA``."""
    if not (DATA / needs).exists():
        pytest.skip(f"benchmark data {needs} not found under {DATA} (../shared/data beside the repository)")
    spec = importlib.util.spec_from_file_location(script, ROOT / "benchmarks" / f"{script}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate(DATA, **kwargs)
