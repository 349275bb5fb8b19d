"""Reason texts read right: number agreement, shares as percentages, "fewer
... than usual" for too little of a good thing, counts from values.

The wording cases are data (tests/cases/reasons.json): each gives a feature's
value, the training mean, the contribution's sign, the word count and the
evidence, and the exact sentence a reader should see, with a comment on why.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

import credscore
from credscore.extraction import feature_names
from credscore.reasons import KINDS, reason_labels, reason_text
from credscore.types import Span

ROOT = Path(__file__).resolve().parents[1]
CASES = json.loads((ROOT / "tests" / "cases" / "reasons.json").read_text(encoding="utf-8"))


def _text(case: dict) -> str:
    if "text_repeat" in case:
        parts = case["text_repeat"]
        return "".join(piece * times for piece, times in zip(parts[::2], parts[1::2]))
    return case["text"]


def _spans(text: str, evidence: list) -> tuple[Span, ...]:
    spans = []
    for piece, signal, reason in evidence:
        start = text.index(piece)
        spans.append(Span(start, start + len(piece), signal, reason))
    return tuple(spans)


def _nan(x):
    return math.nan if x is None or x == "nan" else float(x)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in CASES])
def test_reason_wording(case):
    text = _text(case)
    got = reason_text(case["feature"], _nan(case["value"]), _nan(case["mean"]), text,
                       _spans(text, case["evidence"]), case["contribution"], words=case["words"])
    assert got == case["expect"], case["comment"]


def test_case_labels_are_unique():
    labels = [c["label"] for c in CASES]
    assert len(labels) == len(set(labels))


def test_every_feature_has_an_explicit_kind_and_both_numbers():
    labels = reason_labels()
    for name in feature_names():
        entry = labels[name]
        assert entry.kind in KINDS
        if entry.kind in ("count", "per_1k_words", "per_1k_chars", "yes_no"):
            # Counted kinds need a singular distinct from the plural; yes_no a "no" wording.
            assert entry.other and entry.other != entry.label, name
        if entry.kind == "share":
            assert entry.label.startswith("of "), f"{name}: a share reads '35% of ...'"


def test_rate_kinds_match_the_feature_names():
    # The count is the rate times words (or characters): the kind must say which.
    for name, entry in reason_labels().items():
        if name.endswith("_per_1k_words"):
            assert entry.kind == "per_1k_words", name
        elif name.endswith("_per_1k_chars"):
            assert entry.kind == "per_1k_chars", name
        elif name.endswith("_share"):
            assert entry.kind == "share", name


def test_reason_counts_come_from_values_even_when_spans_were_capped():
    # 3,000 "⣠" glued to words, but extract keeps only 1,000 spans per reason:
    # the count is taken from the rate, so it is the real 3,000.
    features = credscore.extract("Good text here. " * 10 + "⣠a " * 3000)
    assert any(w.startswith("spans_capped") for w in features.warnings)
    value = features["encoding_mixed_script_per_1k_chars"]
    text = reason_text("encoding_mixed_script_per_1k_chars", value, 0.0, features.text, features.spans, -1.0,
                        words=features.main_words)
    assert text.startswith("3,000 symbols of foreign scripts glued to words"), text
    assert reason_text("encoding_mixed_script_per_1k_chars", 0.0, 0.0, "ab", (), 0.0).startswith("no ")


def test_forty_late_dates_read_forty_with_forty_spans():
    # Forty past-tense meetings in 2021-2023 on a page published in January
    # 2019: each is a date more than a month after publication, so the count
    # is 40, the reason says 40, and every one of them is evidence (the
    # signal once kept 20 spans, and a reason counted from them said 20).
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
    paragraphs = [f"On {months[i % 10]} {1 + i // 10 * 7}, {2021 + i % 3} the committee reviewed report number "
                  f"{i + 1} and approved its findings after a long debate among members." for i in range(40)]
    result = credscore.score("Council minutes\n\n" + "\n\n".join(paragraphs), published="2019-01-09")
    value = result.features["dates_later_than_published_count"]
    late = [s for s in result.spans if (s.signal, s.reason) == ("dates", "later_than_published")]
    assert value == 40 and len(late) == 40
    text = reason_text("dates_later_than_published_count", value, math.nan, result.features.text, result.spans)
    assert text.startswith("40 dates later than the publication date, e.g. 'January 1, 2021'"), text
    assert [f.code for f in result.flags] == ["date_inconsistent"]


def test_per_1k_word_counts_agree_with_uncapped_evidence():
    # Below every cap, the count from the value equals the number of evidence spans.
    text = ("Officials said the plan works. " * 3 + "The mayor said it. ") * 4 + "Filler words here. " * 20
    result = credscore.score(text)
    value = result.features["attribution_speech_verbs_per_1k_words"]
    spans = [s for s in result.spans if (s.signal, s.reason) == ("attribution", "speech_verb")]
    words = result.features.main_words
    assert round(value * words / 1000) == len(spans) > 0


_BAD = [
    (re.compile(r"^\d[\d,]* share\b|\b\d+(\.\d+)? share of\b"), "a share written as a count"),
    (re.compile(r"^1 [a-z-]+s\b(?! per)"), "a plural noun after 1"),
    (re.compile(r"\bnan\b|\binf\b"), "a raw NaN or infinity"),
    (re.compile(r"\(\s*\)|\)\s*\("), "empty or doubled parentheses"),
]


@pytest.mark.parametrize("seed", sorted(p.name for p in (ROOT / "seeds").glob("*.txt")))
def test_seed_reasons_read_right(seed):
    result = credscore.score((ROOT / "seeds" / seed).read_bytes())
    for text in [r.text for r in result.reasons] + [f.text for f in result.flags]:
        for pattern, what in _BAD:
            assert not pattern.search(text), f"{what}: {text!r}"
    for reason in result.reasons:
        entry = reason_labels()[reason.feature]
        # Too little of a good thing never quotes evidence as if it were the fault.
        if reason.text.startswith("fewer "):
            assert ", e.g." not in reason.text
        assert entry.kind in KINDS
