"""extract(config=ExtractConfig(...)): each family's config reaches its own
module, modules without a CONFIG are called as before, and a config that no
module reads is refused rather than ignored."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import pytest

import credscore
from credscore import ExtractConfig
from credscore.signals import tone


@dataclass(frozen=True)
class ToneConfig:
    scale: float = 1.0


@dataclass(frozen=True)
class Unread:
    x: int = 0


TEXT = "Shocking news!!! They are hiding the truth, insiders claim! What are they hiding? " * 5


@pytest.fixture
def tone_with_config(monkeypatch):
    """tone as a module with a CONFIG: compute(doc, config) scales its values,
    so the test sees which config arrived."""
    original = tone.compute
    seen = []

    def compute(doc, config=None):
        seen.append(config)
        result = original(doc)
        factor = (config or ToneConfig()).scale
        result.features = {k: v * factor for k, v in result.features.items()}
        return result

    monkeypatch.setattr(tone, "CONFIG", ToneConfig, raising=False)
    monkeypatch.setattr(tone, "compute", compute)
    return seen


def test_each_family_gets_its_own_config(tone_with_config):
    plain = credscore.extract(TEXT)
    doubled = credscore.extract(TEXT, config=ExtractConfig(ToneConfig(scale=2.0)))
    assert tone_with_config == [None, ToneConfig(scale=2.0)]  # None: the module's defaults
    rate = "tone_exclamations_per_1k_words"
    assert plain[rate] > 0 and doubled[rate] == pytest.approx(2 * plain[rate])
    # Families without a config given are untouched.
    assert doubled["hedging_hedged_sentence_share"] == plain["hedging_hedged_sentence_share"]


def test_score_and_transformer_pass_the_config_through(tone_with_config):
    config = ExtractConfig(ToneConfig(scale=0.0))
    assert credscore.score(TEXT, config=config).features["tone_exclamations_per_1k_words"] == 0.0
    matrix = credscore.CredibilityFeatures(features=["tone_exclamations_per_1k_words"], config=config
                                           ).fit_transform([TEXT])
    assert matrix.tolist() == [[0.0]]


def test_modules_without_config_run_as_before():
    # No shipped module need have a CONFIG for an empty config to work.
    assert credscore.extract(TEXT, config=ExtractConfig()).feature_values == credscore.extract(TEXT).feature_values


def test_a_config_no_module_reads_is_refused():
    with pytest.raises(ValueError, match="Unread"):
        credscore.extract(TEXT, config=ExtractConfig(Unread()))


def test_two_configs_of_one_family_are_refused():
    with pytest.raises(ValueError, match="two ToneConfig"):
        ExtractConfig(ToneConfig(), ToneConfig(scale=3.0))


def test_config_is_immutable_comparable_and_picklable():
    config = ExtractConfig(ToneConfig(scale=2.0), document=None)
    assert config == ExtractConfig(ToneConfig(scale=2.0)) != ExtractConfig(ToneConfig(scale=3.0))
    assert config.for_class(ToneConfig) == ToneConfig(scale=2.0) and config.for_class(Unread) is None
    with pytest.raises(AttributeError):
        config.document = 1  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(config)) == config  # joblib workers receive it
    assert hash(config) == hash(ExtractConfig(ToneConfig(scale=2.0)))
