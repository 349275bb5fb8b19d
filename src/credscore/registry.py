"""The registry of features: every feature is declared once, as a
:class:`~credscore.types.FeatureSpec` in its signal module's ``FEATURES``, and
everything else about it is read from here: the output order, which
features the reliability model may weigh (and why the others may not), and
the red-flag rules. The reason wording is read by ``credscore.reasons``.
"""

from __future__ import annotations

from functools import lru_cache

from .signals import load_signal_modules
from .types import FeatureSpec, FlagRule

__all__ = ["NEW_SIGNAL", "feature_names", "feature_specs", "flag_rules", "model_features", "not_in_model",
           "why_not_in_model"]

#: Why a feature stays out of the model when its declaration gives no reason.
NEW_SIGNAL = "new signal, not yet validated for the model (opt-in)"


@lru_cache(maxsize=1)
def feature_specs() -> tuple[FeatureSpec, ...]:
    """Every feature, in output order."""
    specs: list[FeatureSpec] = []
    for module in load_signal_modules():
        specs.extend(module.FEATURES)
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise RuntimeError("duplicate feature names across signal modules")
    return tuple(specs)


def feature_names() -> tuple[str, ...]:
    return tuple(s.name for s in feature_specs())


@lru_cache(maxsize=1)
def model_features() -> tuple[str, ...]:
    """The signals the reliability model weighs, in output order: opt-in
    (``FeatureSpec.in_model``), so that a new signal is reported with its
    evidence from the day it is written but enters the score only once its
    declaration says so and the leave-one-corpus-out table says it helps.
    The rule for the rest (``FeatureSpec.why_not_in_model``): the model uses
    what a careful editor would name as credibility or quality evidence, one
    feature per idea; the rest stay signals, reported with their evidence
    but not scored."""
    return tuple(spec.name for spec in feature_specs() if spec.in_model)


def not_in_model() -> dict[str, str]:
    """feature -> why it is not in the model, for the features that say why."""
    return {spec.name: spec.why_not_in_model for spec in feature_specs()
            if not spec.in_model and spec.why_not_in_model}


def why_not_in_model(name: str) -> str | None:
    """None for a model feature, else the reason it is left out."""
    if name in model_features():
        return None
    return not_in_model().get(name, NEW_SIGNAL)


@lru_cache(maxsize=1)
def flag_rules() -> tuple[tuple[str, FlagRule], ...]:
    """``(feature, rule)`` for every feature with a red flag, in flag order."""
    rules = [(spec.name, spec.flag) for spec in feature_specs() if spec.flag is not None]
    return tuple(sorted(rules, key=lambda item: (item[1].order, item[1].code)))
