"""Encoding damage: cases in tests/cases/encoding.json, plus the seeds and
the agreement with ftfy that the windowed search relies on."""

from __future__ import annotations

import pytest
from ftfy.badness import BADNESS_RE, is_bad

from credscore.document import Document
from credscore.signals import encoding
from tests.conftest import SEEDS, seed_text


def _features(name: str) -> dict[str, float]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return encoding.compute(Document.from_text(text)).features


def test_seed_003_is_damaged():
    values = _features("003_1bbfb4eb0f3557cd.txt")
    assert values["encoding_mojibake_per_1k_chars"] > 3
    assert values["encoding_mixed_script_per_1k_chars"] > 3
    assert values["encoding_damaged_line_share"] > 0.5


@pytest.mark.parametrize(
    "name",
    ["000_9d56d869819059ef.txt", "001_bd0a1d13493ec23b.txt", "002_73239f61afe11886.txt", "004_756a89b12e4cf477.txt"],
)
def test_clean_seeds_have_no_damage(name):
    assert all(v == 0.0 for v in _features(name).values()), name


@pytest.mark.parametrize(
    "text",
    [
        "Putin’s⣠Pact: their united â€front against perceived â€adversaries",
        "the outbreakâ\x80\x99s epicenter, â\x80\x9cthe most challengingâ\x80\x9d",
        "Ñ\x80Ñ\x83ÐºÑ\x83 in Dagestan and the vaccineÂ was",
        "ГўВЂВ™s and вЂ“ and Ã©tÃ© and ‚Äôs",
        "clean text with “quotes” and naïve café and €50",
    ],
)
def test_windowed_search_finds_what_ftfy_finds(text):
    """The gate must never hide a match of ftfy's own detector."""
    windowed = encoding._mojibake_spans(text)
    assert bool(windowed) == is_bad(text)
    covered = {i for s, e in windowed for i in range(s, e)}
    for m in BADNESS_RE.finditer(text):
        if m.end() - m.start() == 1 and "\x80" <= m.group() <= "\x9f":
            continue  # lone C1 controls may be reported as control characters instead
        assert set(range(*m.span())) <= covered, m.group()


def test_spans_sorted_and_inside_text():
    text = seed_text("003")
    spans = encoding.compute(Document.from_text(text)).spans
    assert spans == sorted(spans)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)


@pytest.mark.parametrize("unit", ["’”", "â€", "aЯ", "\u2063", "⣠a", "\ufffd", "Ã©"])
def test_adversarial_repetition_is_handled(unit):
    text = unit * 50_000
    values = encoding.compute(Document.from_text(text, detect_language=False)).features
    assert all(0.0 <= v <= 1000.0 for v in values.values())
