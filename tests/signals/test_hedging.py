"""Tests for credscore.signals.hedging: cases in tests/cases/hedging.json,
plus the contract (empty input, boilerplate lines) and seed checks."""

from __future__ import annotations

import math

import pytest

import credscore
from credscore.document import Document
from credscore.signals import hedging
from tests.conftest import SEEDS, seed_text


def test_features_declared_in_order():
    doc = Document.from_text("It may rain tomorrow, the forecast says.", detect_language=False)
    result = hedging.compute(doc)
    assert list(result.features) == [spec.name for spec in hedging.FEATURES]
    assert all(spec.english_only and spec.name.startswith("hedging_") for spec in hedging.FEATURES)


@pytest.mark.parametrize("text", ["", "   \n\n", "!!!", "\u00e2\u20ac\u2122\u00e2\u20ac"])
def test_empty_or_wordless_input_is_zero(text):
    result = hedging.compute(Document.from_text(text, detect_language=False))
    assert all(value == 0.0 for value in result.features.values())
    assert result.spans == []


def test_boilerplate_lines_do_not_count():
    """The same hedged line counts as content and not as furniture."""
    text = "The talks may resume next week, officials might say.\nPerhaps it will rain."
    doc = Document.from_text(text, detect_language=False)
    doc.line_boilerplate = [False, True]
    doc.main_tokens = [i for i, line in enumerate(doc.tok_line) if line == 0]
    result = hedging.compute(doc)
    assert {text[s.start:s.end] for s in result.spans if s.reason != "uncertain_sentence"} == {"may", "might"}
    # The classifier's sentence evidence, if any, stays on the content line too.
    assert all(s.end <= text.index("\n") for s in result.spans)
    assert result.features["hedging_hedged_sentence_share"] == 1.0
    doc.line_boilerplate = [True, True]
    doc.main_tokens = []
    assert hedging.compute(doc).features["hedging_cues_per_1k_words"] == 0.0


def test_seed_000_speculative_ai_text_is_heavily_hedged():
    """Seed 000 is built of 'may', 'could' and 'potential': by reading, more
    than a quarter of its sentences hedge."""
    result = credscore.extract(seed_text("000"))
    assert result["hedging_modals_per_1k_words"] > 10.0
    assert result["hedging_hedged_sentence_share"] > 0.25
    reasons = {s.reason for s in result.spans if s.signal == "hedging"}
    assert {"hedge_modal", "hedge_adjective", "hedge_verb"} <= reasons


def test_spans_are_sorted_and_inside_text():
    text = seed_text("004")
    spans = hedging.compute(Document.from_text(text)).spans
    assert spans == sorted(spans)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)


def test_values_are_finite_shares_and_rates():
    for path in sorted(SEEDS.glob("*.txt")):
        features = hedging.compute(Document.from_text(path.read_text(encoding="utf-8"))).features
        assert all(math.isfinite(v) and v >= 0.0 for v in features.values())
        assert features["hedging_hedged_sentence_share"] <= 1.0


# -- the learned sentence classifier (issue 11) ----------------------------------


def _uncertain(text: str) -> bool:
    from credscore.document import Document as _Doc

    doc = _Doc.from_text(text, detect_language=False)
    return any(s.reason == "uncertain_sentence" for s in hedging.compute(doc).spans)


def test_classifier_weighs_named_and_unnamed_believers_apart():
    """'Some historians believe' hides who believes; 'Smith believes' names
    him. The classifier learned both from WikiWeasel's tuning rows."""
    assert _uncertain("Some historians believe the bridge was built in 1820.")
    assert not _uncertain("Smith believes the bridge was built in 1820.")


def test_classifier_flags_puffery_not_permission():
    """'widely regarded as one of the most important' is a weasel and puffery;
    'may be bought' is permission, not doubt (issue 11's over-fires)."""
    assert _uncertain("It is widely regarded as one of the most important novels of the century.")
    assert not _uncertain("The tickets may be bought at the station.")


@pytest.mark.parametrize("damage", ["format", "names", "coef", "threshold"])
def test_damaged_classifier_file_refused(damage):
    import copy
    import json as _json
    from importlib.resources import files

    spec = _json.loads((files("credscore") / "data" / hedging.CLASSIFIER_FILE).read_text(encoding="utf-8"))
    spec = copy.deepcopy(spec)
    if damage == "format":
        spec["format"] = "x/1"
    elif damage == "names":
        spec["feature_names"] = spec["feature_names"][1:]
    elif damage == "coef":
        spec["coef"][0] = "1"
    else:
        spec["threshold"] = float("inf")
    with pytest.raises(ValueError):
        hedging.HedgingClassifier(spec)


def test_config_threshold_moves_the_uncertain_share():
    """A threshold of 1.0 can never be reached by a logistic probability (it
    is clipped below 1), so no sentence is uncertain; 0.0 makes every
    sentence with a cue uncertain. The default is the shipped threshold."""
    from credscore.document import Document

    doc = Document.from_text("Some historians believe the treaty was probably signed in secret. It rained.")
    never = hedging.compute(doc, hedging.HedgingConfig(uncertain_threshold=1.0)).features
    always = hedging.compute(doc, hedging.HedgingConfig(uncertain_threshold=0.0)).features
    assert never["hedging_uncertain_sentence_share"] == 0.0
    assert always["hedging_uncertain_sentence_share"] == 0.5
    assert hedging.compute(doc).features == hedging.compute(doc, hedging.HedgingConfig()).features
