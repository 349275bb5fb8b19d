"""The machine-written signal: case-file cases, the weights file's validation,
casing independence and the evidence contract."""

from __future__ import annotations

import copy
import json
import math
from importlib.resources import files

import pytest

from credscore.document import Document
from credscore.signals import machine
from tests.casefile import load_cases

CASES = {c.values[0]["label"]: c.values[0]["text"] for c in load_cases("machine")}



def _spec() -> dict:
    return json.loads((files("credscore") / "data" / machine.WEIGHTS_FILE).read_text(encoding="utf-8"))


def test_shipped_weights_validate_and_match_the_profile():
    model = machine.shipped_model()
    assert len(model.coef) == len(machine.profile_names())


@pytest.mark.parametrize("damage", ["format", "names", "nan", "scale", "short"])
def test_damaged_weights_are_refused(damage):
    spec = copy.deepcopy(_spec())
    if damage == "format":
        spec["format"] = "other/1"
    elif damage == "names":
        spec["feature_names"][0] = "fw:zzz"
    elif damage == "nan":
        spec["coef"][3] = float("nan")
    elif damage == "scale":
        spec["scale"][0] = 0.0
    else:
        spec["mean"] = spec["mean"][:-1]
    with pytest.raises(ValueError):
        machine.MachineModel(spec)


def test_casing_is_not_read():
    """Lower-casing or upper-casing a text leaves its profile unchanged."""
    text = CASES["llm_style_gossip_rewrite"]
    base = machine.profile(Document.from_text(text))
    for variant in (text.lower(), text.upper()):
        assert (machine.profile(Document.from_text(variant)) == base).all()


def test_evidence_spans_are_whole_sentences_of_the_text():
    text = CASES["llm_style_gossip_rewrite"]
    result = machine.compute(Document.from_text(text))
    assert 0 < len(result.spans) <= machine.MAX_EVIDENCE
    for span in result.spans:
        piece = text[span.start:span.end]
        assert piece[0].isupper() and piece.endswith("."), piece


def test_probability_in_range_on_a_long_repetitive_page():
    result = machine.compute(Document.from_text("The cat sat on the mat. " * 400))
    value = result.features["machine_written_probability"]
    assert 0.0 <= value <= 1.0 and not math.isnan(value)
