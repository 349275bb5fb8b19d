"""Tests for credscore.signals.attribution: cases in
tests/cases/attribution.json, the contract, and the seed expectations."""

from __future__ import annotations

import math

import pytest

import credscore
from credscore.document import Document
from credscore.signals import attribution
from tests.conftest import SEEDS, seed_text


def _extract(prefix: str):
    text = seed_text(prefix)
    result = credscore.extract(text)
    found = {}
    for s in result.spans:
        if s.signal == "attribution":
            found.setdefault(s.reason, []).append(text[s.start:s.end])
    return result, found



def test_features_declared_in_order():
    doc = Document.from_text("Experts say it will rain.", detect_language=False)
    result = attribution.compute(doc)
    assert list(result.features) == [spec.name for spec in attribution.FEATURES]
    assert all(spec.english_only and spec.name.startswith("attribution_") for spec in attribution.FEATURES)


@pytest.mark.parametrize("text", ["", " \n", "\"\"\"", "said said said", "Dr. , analyst", "\u201c" * 50])
def test_empty_or_odd_input_is_zero(text):
    # Rates and counts are 0; the shares have nothing to share out, so NaN.
    result = attribution.compute(Document.from_text(text, detect_language=False))
    shares = {"attribution_quotes_named_share", "attribution_unnamed_share"}
    assert all(value == 0.0 for name, value in result.features.items() if name not in shares)
    assert all(math.isnan(result.features[name]) for name in shares)


def test_seed_000_expert_insights_is_not_an_attribution():
    result, found = _extract("000")
    assert result["attribution_unnamed_per_1k_words"] == 0.0
    assert result["attribution_suspicious_experts"] == 0.0
    assert "unnamed_source" not in found


def test_seed_001_named_ambassador_and_unnamed_officials():
    result, found = _extract("001")
    assert any(e.startswith("Linda Thomas-Greenfield, the U.S. Ambassador") for e in found["named_source"])
    assert "officials likened" in found["unnamed_source"]
    assert result["attribution_named_sources"] >= 1.0
    assert result["attribution_quotes_named_share"] == 0.0  # the only quote is the officials'
    assert result["attribution_suspicious_experts"] == 0.0


def test_seed_002_bashari_named_and_sidebar_not_counted():
    result, found = _extract("002")
    assert any(e.startswith("Ismail Bashari - Expert on Korean Peninsula") for e in found["named_source"])
    assert result["attribution_suspicious_experts"] == 0.0
    # "An expert on Middle East issues said" sits only in the sidebar teasers.
    assert not any("expert" in e.lower() for e in found.get("unnamed_source", []))


def test_seed_002_sidebar_would_count_as_content():
    """The sidebar's unnamed experts are found when their lines are content,
    so their absence above is the main-content filter at work."""
    doc = Document.from_text(seed_text("002"))
    doc.line_boilerplate = [False] * doc.n_lines
    doc.main_tokens = list(range(len(doc.tok_lower)))
    spans = attribution.compute(doc).spans
    assert any(doc.text[s.start:s.end] == "expert on Middle East issues said" for s in spans)


def test_seed_003_two_suspicious_experts():
    result, found = _extract("003")
    assert sorted(found["suspicious_expert"]) == [
        "Dr. Elena Moore, Geopolitical Analyst",
        "General Marcus Lee, Former Military Strategist",
    ]
    assert result["attribution_suspicious_experts"] == 2.0
    assert result["attribution_named_sources"] == 0.0
    assert len(found["quote_suspicious_speaker"]) == 2
    assert result["attribution_quotes_named_share"] == 0.0
    assert any("experts have weighed" in e for e in found["unnamed_source"])
    assert not any("Observers" in e or "observers" in e for e in found["unnamed_source"])


def test_spans_sorted_inside_text_and_finite():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result = attribution.compute(Document.from_text(text))
        assert result.spans == sorted(result.spans)
        assert all(0 <= s.start < s.end <= len(text) for s in result.spans)
        shares = ("attribution_quotes_named_share", "attribution_unnamed_share")
        assert all(math.isfinite(v) and v >= 0.0 for k, v in result.features.items() if k not in shares)
        for name in shares:  # NaN only where there is nothing to share out
            value = result.features[name]
            assert math.isnan(value) or 0.0 <= value <= 1.0
