"""credscore.score: the result a user gets."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import credscore
from credscore.extraction import feature_names, feature_specs
from credscore.model import shipped_model
from credscore.reasons import reason_labels
from credscore.scoring import MIN_WORDS

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "003_1bbfb4eb0f3557cd.txt").read_bytes()
REPORT = (
    "The city council voted 7-2 on Tuesday to approve a $4 million budget for bridge repairs, "
    "the clerk, Ana Ruiz, said. \"We expect the work to finish by May,\" the city engineer, "
    "Tom Berg, told reporters. Officials said the bridge carries 40,000 cars a day. "
) * 3


def test_contributions_add_up_to_the_scores_logit():
    result = credscore.score(SEED)
    z = result.base + sum(result.contributions.values())
    assert 1 / (1 + math.exp(-z)) == pytest.approx(result.reliability, abs=1e-12)
    assert 0.0 <= result.reliability <= 1.0


def test_reasons_are_the_largest_contributions_in_plain_words():
    result = credscore.score(SEED)
    biggest = max(result.contributions.items(), key=lambda kv: abs(kv[1]))
    assert result.reasons[0].feature == biggest[0]
    # 003's writing: no named source, and the words it uses ("must",
    # "however"...) are what the model holds against it.
    assert {r.feature for r in result.reasons[:2]} == {"attribution_named_quotes_per_1k_words", "vocabulary_logit"}
    words = next(r for r in result.reasons if r.feature == "vocabulary_logit")
    assert words.contribution < 0 and words.text.startswith("words that lowered it: 'must'")
    # Its mojibake is page damage: a flag with an excerpt, and it lowers the
    # headline score through quality, not the model's reading of the writing.
    damage = next(f for f in result.flags if f.code == "encoding_damage")
    assert "mojibake" in damage.text and "e.g. '" in damage.text
    assert "encoding_damage" in result.reason_codes and result.score < result.reliability / 2


def test_every_feature_has_plain_words():
    assert set(feature_names()) <= set(reason_labels())


def test_to_dict_is_json_without_nan():
    result = credscore.score(SEED, url="https://www.reuters.com/x", published="2024-06-20")
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["model_id"] == shipped_model().model_id
    assert data["credscore_version"] == credscore.__version__
    assert data["band"] in ("low", "medium", "high")
    assert {"score", "quality", "reason_codes", "reliability"} <= set(data)
    assert data["score"] <= data["reliability"]  # page damage only ever lowers the headline
    assert {"features", "spans", "reasons", "flags", "warnings", "contributions"} <= set(data)
    slim = result.to_dict(features=False, evidence=False)
    assert "features" not in slim and "spans" not in slim


def test_source_prior_is_separate_from_the_text_score():
    plain = credscore.score(REPORT)
    sourced = credscore.score(REPORT, url="https://www.reuters.com/world/x")
    assert sourced.reliability == plain.reliability  # the text model never sees the URL
    assert sourced.source_domain == "reuters.com" and sourced.source_score > 0.9
    assert sourced.combined > plain.reliability
    assert plain.source_score is None and plain.combined is None


def test_a_sourced_report_beats_the_mojibake_seed():
    # Named speakers, quotes, quantities, "said": everything the model credits.
    assert credscore.score(REPORT).reliability > credscore.score(SEED).reliability + 0.2


def test_non_english_text_is_scored_from_the_signals_that_apply():
    text = (
        "Die Regierung hat am Dienstag beschlossen, dass die neuen Regeln ab dem ersten Januar gelten "
        "sollen. Die Opposition kritisierte die Entscheidung und sprach von einem schweren Fehler, der "
        "viele Familien treffen werde. Der Minister verteidigte den Plan im Parlament und sagte, die "
        "Kosten seien geringer als erwartet."
    )
    result = credscore.score(text)
    assert result.language == "de" and result.confidence == "low"
    # The model was trained on English news: no reliability for German text.
    assert result.band == "unscorable" and result.reliability is None and "not_english" in result.reason_codes
    assert any(w.startswith("not_english") for w in result.warnings)
    english_only = [s.name for s in feature_specs() if s.english_only]
    # English-lexicon features contribute nothing: they are not applicable.
    assert all(result.contributions.get(n, 0.0) == pytest.approx(0.0, abs=1e-9) for n in english_only)


def test_short_text_is_shrunk_towards_the_base_and_flagged():
    result = credscore.score("Experts say it may be a hoax!!!")
    # Seven words is no article: no reliability is reported (Gopher's 50-word
    # minimum); the shrunk contributions stay in the result for research.
    assert result.band == "unscorable" and result.reliability is None and "too_few_words" in result.reason_codes
    assert result.confidence == "low"
    assert any(w.startswith("too_short") for w in result.warnings)
    model = shipped_model()
    full = model.explain(model.vectorise(result.features.feature_values, result.features.terms))[1].sum()
    words = result.features.main_words
    assert words < MIN_WORDS
    assert sum(result.contributions.values()) == pytest.approx(full * words / MIN_WORDS, abs=1e-9)


@pytest.mark.parametrize("junk", ["", "   \n\t", b"\xff\xfe\x00garbage\x80", "\x00\x01\x02", "٩(◕‿◕)۶ " * 50])
def test_junk_scores_without_raising(junk):
    # None of these is an article: each gets no reliability, and a reason.
    result = credscore.score(junk)
    assert result.band == "unscorable" and result.reliability is None and result.score is None
    assert result.reason_codes and 0.0 <= result.quality <= 1.0
    json.dumps(result.to_dict(), allow_nan=False)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_bytes_score_like_the_text(codec):
    # With a BOM ("utf-16", "utf-32") or without one (the null-byte pattern
    # of ASCII text), wide encodings were scored as mojibake.
    text = SEED.decode("utf-8") if isinstance(SEED, bytes) else SEED
    expected = credscore.score(text)
    got = credscore.score(text.encode(codec))
    assert (got.score, got.band, got.reason_codes) == (expected.score, expected.band, expected.reason_codes)
    assert not any(w.startswith("not_utf8") for w in got.warnings)


@pytest.mark.parametrize("url", ["http://" + "a." * 5000 + "com/", "not a url at all", "ht!tp://example.com/"])
def test_a_refused_url_is_said_in_the_warnings(url):
    result = credscore.score(SEED, url=url)
    assert result.source_score is None
    assert any(w.startswith("bad_url:") for w in result.warnings)


def test_a_good_url_gives_no_url_warning():
    result = credscore.score(SEED, url="https://www.reuters.com/world/x")
    assert not any(w.startswith("bad_url:") for w in result.warnings)
