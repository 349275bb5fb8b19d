"""Signal test cases kept as data, in the manner of ftfy's test cases; every
file is run by tests/test_cases.py.

A case file is ``tests/cases/<signal>.json``: a list of objects with

- ``label``: a short unique name (the pytest id);
- ``comment``: one line saying why the case matters;
- ``text`` (and optional ``url``, ``published``);
- ``expect``: feature name to a number (equal within 1e-6), to
  ``{"min": a, "max": b}`` (either bound optional), or to ``"nan"``;
- ``spans``: optional list of ``{"reason": r, "text": t}`` that must be among
  the evidence (``text`` is the exact evidence substring; omit it to require
  only the reason);
- ``no_spans``: optional list of the same form that must *not* be among it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import credscore

CASES_DIR = Path(__file__).parent / "cases"


def load_cases(signal: str) -> list:
    cases = json.loads((CASES_DIR / f"{signal}.json").read_text(encoding="utf-8"))
    labels = [c["label"] for c in cases]
    assert len(labels) == len(set(labels)), f"duplicate labels in {signal}.json"
    return [pytest.param(c, id=c["label"]) for c in cases]


def _span_matches(span, want: dict, text: str) -> bool:
    if span.reason != want["reason"]:
        return False
    if "signal" in want and span.signal != want["signal"]:
        return False
    return "text" not in want or text[span.start:span.end] == want["text"]


def check_case(case: dict) -> None:
    text = case["text"]
    result = credscore.extract(text, url=case.get("url"), published=case.get("published"))
    why = case.get("comment", "")
    for name, want in case.get("expect", {}).items():
        assert name in result, f"unknown feature {name}"
        got = result[name]
        if want == "nan":
            assert math.isnan(got), f"{name}={got}, expected NaN ({why})"
        elif isinstance(want, dict):
            assert not math.isnan(got), f"{name} is NaN ({why})"
            if "min" in want:
                assert got >= want["min"], f"{name}={got} < {want['min']} ({why})"
            if "max" in want:
                assert got <= want["max"], f"{name}={got} > {want['max']} ({why})"
        else:
            assert got == pytest.approx(want, abs=1e-6), f"{name}={got}, expected {want} ({why})"
    for want in case.get("spans", []):
        found = [s for s in result.spans if _span_matches(s, want, text)]
        shown = [(s.reason, text[s.start:s.end]) for s in result.spans]
        assert found, f"missing span {want} ({why}); spans: {shown}"
    for want in case.get("no_spans", []):
        found = [s for s in result.spans if _span_matches(s, want, text)]
        assert not found, f"unwanted span {want} ({why})"
