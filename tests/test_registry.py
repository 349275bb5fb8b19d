"""The registry: every feature declared once, in its signal module, and what
is derived from the declarations (the model's features, the red flags, the
reason wording) checked against what it replaced."""

from __future__ import annotations

import dataclasses
import math

import pytest

import credscore
from credscore.model import VOCABULARY_FEATURE, shipped_model
from credscore.reasons import reason_labels
from credscore.registry import (
    NEW_SIGNAL,
    feature_specs,
    flag_rules,
    model_features,
    why_not_in_model,
)
from credscore.scoring import FLAG_FACTORS, FLAG_RULES
from credscore.signals import load_signal_modules
from credscore.types import REASON_KINDS, FeatureSpec, FlagRule, ResultWarning


@pytest.mark.parametrize("module", load_signal_modules(), ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_every_signal_module_keeps_the_protocol(module):
    family = module.__name__.rsplit(".", 1)[1]
    assert isinstance(module.FEATURES, tuple) and module.FEATURES
    assert all(isinstance(s, FeatureSpec) and s.name.startswith(family + "_") for s in module.FEATURES)
    assert callable(module.compute)
    config = getattr(module, "CONFIG", None)
    if config is not None:  # a frozen dataclass whose defaults are the shipped behaviour
        assert dataclasses.is_dataclass(config) and config.__dataclass_params__.frozen
        config()


def test_declarations_are_consistent():
    for spec in feature_specs():
        assert spec.reason is not None, f"{spec.name}: no reason wording"
        assert spec.reason.kind in REASON_KINDS, spec.name
        assert not (spec.in_model and spec.why_not_in_model), f"{spec.name}: in the model, yet says why not"
    # Rules of one code (encoding damage: mojibake or lost bytes) are one flag
    # and share its place; two different flags never do.
    order_of = {}
    for _, rule in flag_rules():
        assert order_of.setdefault(rule.code, rule.order) == rule.order, f"{rule.code}: two places"
    assert len(set(order_of.values())) == len(order_of), "two flags share a place in the output order"


def test_flags_are_the_rules_score_had():
    # The rules the scoring module listed before the registry, in its order, which
    # every output (flags, reason_codes) keeps; the factors are its policy
    # (encoding damage took one so that broken text is never rated average,
    # and lost bytes raise it as mojibake does; text a language model wrote
    # is flagged, since the model, trained before chat models, cannot see it).
    assert FLAG_RULES == (
        ("date_inconsistent", "dates_inconsistent", 1.0),
        ("suspicious_experts", "attribution_suspicious_experts", 1.0),
        ("encoding_damage", "encoding_mojibake_per_1k_chars", 1.0),
        ("encoding_damage", "encoding_replacement_chars_per_1k_chars", 1.0),
        ("mostly_boilerplate", "boilerplate_char_share", 0.5),
        ("machine_written", "machine_written_probability", 0.9),
    )
    assert FLAG_FACTORS == {"date_inconsistent": 0.7, "suspicious_experts": 0.7, "encoding_damage": 0.4,
                            "machine_written": 0.7}


def test_flag_rule_compares_and_never_fires_on_nan():
    rule = FlagRule("x", 0.5)
    assert rule.fires(0.5) and not rule.fires(0.49) and not rule.fires(math.nan)
    assert FlagRule("y", 0.2, "<=").fires(0.1)
    with pytest.raises(ValueError):
        FlagRule("z", 1.0, ">")


def test_the_shipped_model_weighs_only_opted_in_features():
    names = [n for n in shipped_model().feature_names if n != VOCABULARY_FEATURE]
    assert set(names) <= set(model_features())
    assert all(why_not_in_model(n) is None for n in names)
    assert why_not_in_model("page_notice_count") == NEW_SIGNAL  # declares neither


def test_every_feature_and_model_input_has_wording():
    labels = reason_labels()
    assert set(credscore.feature_names()) | {VOCABULARY_FEATURE} == set(labels)
    assert all(entry.other for entry in labels.values())  # filled in from the label when left empty


def test_result_warning_is_the_string_it_always_was():
    w = ResultWarning("too_short", "12 main-content words (< 50)")
    assert w == "too_short: 12 main-content words (< 50)" and str(w) == w
    assert (w.code, w.message) == ("too_short", "12 main-content words (< 50)")
    assert ResultWarning(str(w)) == w and ResultWarning(str(w)).code == "too_short"
    import json
    import pickle

    assert json.dumps([w]) == '["too_short: 12 main-content words (< 50)"]'
    assert pickle.loads(pickle.dumps(w)).code == "too_short"


def test_results_carry_structured_warnings():
    result = credscore.score("Too short to score.")
    codes = [w.code for w in result.warnings]
    assert "too_short" in codes
    assert result.to_dict()["warnings"] == [str(w) for w in result.warnings]
    assert all(type(w) is str for w in result.to_dict()["warnings"])
