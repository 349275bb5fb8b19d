"""Boilerplate line classifier: cases in tests/cases/boilerplate.json, the
seed pages' expected furniture, and robustness on hostile input."""

from __future__ import annotations

import pytest

from credscore.document import Document
from credscore.signals import boilerplate
from tests.conftest import seed_text


def _seed(prefix: str) -> Document:
    return Document.from_text(seed_text(prefix), detect_language=False)


@pytest.mark.parametrize("prefix, low, high", [
    ("000", 0.0, 0.05),  # AI article: headings, bullets, a pipe table; no furniture
    ("001", 0.0, 0.0),  # plain paragraphs only
    ("002", 0.5, 0.8),  # sidebar after "0 Comments" is over half the characters
    ("003", 0.0, 0.05),  # like 000, with mojibake
    ("004", 0.35, 0.7),  # skip link, repeated title, captions, teasers after "Comments"
])
def test_seed_char_share(prefix, low, high):
    share = boilerplate.compute(_seed(prefix)).features["boilerplate_char_share"]
    assert low <= share <= high


def test_seed_002_reasons():
    doc = _seed("002")
    reason = {doc.line_text(i).strip(): doc.line_boilerplate_reason[i] for i in range(doc.n_lines)}
    assert reason["2019/01/09 | Economy, Opinion"] == "metadata"
    assert reason["Future of Washington-Pyongyang Relations?"] == ""  # the title
    assert reason["0 Comments"] == reason["LATEST CONTENT"] == reason["Loading"] == "comment_section"


def test_seed_004_reasons():
    doc = _seed("004")
    reasons = [(doc.line_text(i).strip(), doc.line_boilerplate_reason[i]) for i in range(doc.n_lines)]
    title = "North Korean and Russian Leaders Plan to Meet to Discuss Weapons"
    assert [r for t, r in reasons if t == title] == ["", "repeated_title"]
    got = dict(reasons)
    assert got["Skip to main content"] == "ui_phrase"
    assert got["relations between North Korea and Russia"] == "caption"
    assert got["Russian Federation: map"] == "caption"
    assert got["The Weapons Discussion"] == got["Conclusion"] == ""
    assert got["Sam Altman Receives a Golden Visa from Indonesia"] == "comment_section"


def test_one_reason_per_line_and_spans_index_text():
    doc = _seed("004")
    assert len(doc.line_boilerplate_reason) == doc.n_lines
    result = boilerplate.compute(doc)
    assert set(result.features) == {spec.name for spec in boilerplate.FEATURES}
    assert result.spans == sorted(result.spans)
    for span in result.spans:
        assert doc.text[span.start:span.end].strip() == doc.text[span.start:span.end]
        assert span.signal == "boilerplate" and span.reason


@pytest.mark.parametrize("text", [
    "a\n" * 50_000,
    "x" * 100_000,
    ("Home\n" * 2000) + "Comments\n" * 2000,
    "1. " * 30_000,
    "\u00a9 " * 30_000 + "\n" + "By " * 10,
    "\r\n\r\n" * 10_000,
])
def test_hostile_input_stays_in_range(text):
    doc = Document.from_text(text, detect_language=False)
    values = boilerplate.compute(doc).features
    for spec in boilerplate.FEATURES:
        assert spec.low <= values[spec.name] <= spec.high


def test_deterministic():
    text = seed_text("002")
    first = boilerplate.compute(Document.from_text(text, detect_language=False))
    second = boilerplate.compute(Document.from_text(text, detect_language=False))
    assert first == second
