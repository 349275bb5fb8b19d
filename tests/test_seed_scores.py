"""Regression on the seed documents' scores, and the order our reading gives.

Our reading, from the issue and from the texts themselves:
001 (a plain report naming its official, no furniture or damage) above 002
(a named expert's opinion page, dated 2019 inside 2024 sidebar furniture)
above 000 and 004 (unsourced AI-written filler, 004 in blog furniture) above
003 (AI filler with mojibake, invented experts and a duplicated conclusion).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import credscore

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "golden" / "seed_scores.json").read_text(encoding="utf-8"))


def _score(name: str) -> float:
    """The model's own probability (the headline score, which also counts
    the page's damage, is judged in tests/test_seed_quality.py)."""
    return credscore.score((ROOT / "seeds" / name).read_bytes()).reliability


SCORES = {name[:3]: _score(name) for name in sorted(GOLDEN["scores"])}

#: Why the model disagrees with our reading, found by reading its reasons
#: (docs/seeds.md) and its weights (docs/model.md), before the golden was
#: written. The model reads the writing, not the page: 004's blog furniture
#: is invisible to it (the boilerplate signals do not point the same way in
#: every training corpus, so they are not in the model; they act on the
#: headline score through quality instead, tests/test_seed_quality.py). What
#: it does read in 004 is plain foreign-affairs vocabulary ("relations",
#: "north", "its") with no tabloid words, which raises it (+0.29), while
#: 001 and 002 get no such lift: 001's vocabulary is neutral and 002's
#: "claimed", "is not" and "united states" lower it. All three have no named
#: quote, and the gaps are small (0.50, 0.49 against 0.56).
DISAGREES = (
    "known disagreement: the model reads 004's plain foreign-affairs vocabulary as reliable writing and "
    "cannot see its blog furniture; see the comment above DISAGREES"
)

ORDER = [
    ("001", "002", "a sourced report should beat an opinion piece", None),
    ("001", "000", "naming the official beats unsourced filler", None),
    ("001", "004", "naming the official beats unsourced filler", DISAGREES),
    ("002", "000", "a human expert's argument beats template filler", None),
    ("002", "004", "a human expert's argument beats template filler", DISAGREES),
    ("000", "003", "filler without damage beats filler with mojibake and invented experts", None),
    ("004", "003", "filler still beats mojibake and invented experts", None),
    ("001", "003", "the cleanest page beats the most damaged", None),
    ("002", "003", "a real author beats invented experts", None),
]


@pytest.mark.parametrize(
    "higher, lower, why",
    [
        pytest.param(h, lo, why, marks=pytest.mark.xfail(strict=True, reason=d) if d else (), id=f"{h}>{lo}")
        for h, lo, why, d in ORDER
    ],
)
def test_seed_order(higher, lower, why):
    assert SCORES[higher] > SCORES[lower], why


@pytest.mark.parametrize("name", sorted(GOLDEN["scores"]))
def test_seed_score_matches_golden(name):
    expected = GOLDEN["scores"][name]
    assert _score(name) == pytest.approx(expected, abs=GOLDEN["tolerance"])


def test_golden_was_made_with_the_shipped_model():
    # A new model must come with a reviewed golden, not a silently stale one.
    assert credscore.score("Officials said the bridge reopened.").model_id == GOLDEN["model_id"]


def test_seed_flags_name_the_evidence_the_model_cannot_weigh():
    flags = {
        name[:3]: {f.code for f in credscore.score((ROOT / "seeds" / name).read_bytes()).flags}
        for name in GOLDEN["scores"]
    }
    # 002: a 2019 dateline beside June 2024 sidebar items; over half furniture.
    assert {"date_inconsistent", "mostly_boilerplate"} <= flags["002"]
    # 003: "Dr. Elena Moore, Geopolitical Analyst" and mojibake throughout.
    assert {"suspicious_experts", "encoding_damage"} <= flags["003"]
    # 000 and 001 are clean pages in these respects.
    assert flags["000"] == set() and flags["001"] == set()
