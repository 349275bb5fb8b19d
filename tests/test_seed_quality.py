"""The seeds on the headline score: page damage reaches the figure users
filter on.

The model's ``reliability`` puts the five seeds close together (0.45 to
0.56): it reads the writing and cannot see that 60 % of 002 is sidebar
furniture, that a 2019 dateline sits beside 2024 content, or that 65 % of
003's lines carry mojibake. The headline ``score`` is ``reliability *
quality * the flags' factors`` (0.7 per claim flag, 0.4 for encoding damage:
credscore.scoring.headline_score); read by
hand, each seed sits where it does for these reasons:

- 001 (about 0.50): a plain report, no furniture, no damage, no flags:
  quality 1.0, so the headline is the model's own probability.
- 000 (about 0.47): template filler, but a clean page: quality 1.0.
- 004 (about 0.29): the model's 0.56, roughly halved because 48 % of the
  page is blog furniture (menus, teasers after "Comments"): quality 0.52.
- 002 (about 0.14): the model's 0.49, times quality 0.41 (60 % furniture),
  times 0.7 for the date conflict. An expert's opinion piece, but as a page
  it is mostly sidebar, and its dates do not agree.
- 003 (about 0.04): the model's lowest (0.45), times quality 0.33 (most
  sentences carry mojibake), times 0.7 for its invented experts and 0.4 for
  the encoding damage (broken text must be repaired before use). Last.

So the order is 001 > 000 > 004 > 002 > 003. Only the ends are asserted as
an order (003 last; the clean pages above the damaged ones); the middle is
asserted as the arithmetic that puts it there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import credscore
from credscore.scoring import FLAG_FACTORS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {p.name[:3]: credscore.score(p.read_bytes()) for p in sorted((ROOT / "seeds").glob("*.txt"))}


def test_seed_003_comes_last_on_the_headline_score():
    # Mojibake through most lines, invented experts: the most damaged page.
    last = min(SEEDS, key=lambda k: SEEDS[k].score)
    assert last == "003", {k: round(s.score, 3) for k, s in SEEDS.items()}
    assert {"encoding_damage", "suspicious_experts"} <= set(SEEDS["003"].reason_codes)
    s = SEEDS["003"]
    factors = FLAG_FACTORS["suspicious_experts"] * FLAG_FACTORS["encoding_damage"]
    assert s.score == pytest.approx(s.reliability * s.quality * factors, rel=1e-12)


def test_seed_002_furniture_and_date_conflict_show_in_its_headline():
    s = SEEDS["002"]
    assert {"mostly_boilerplate", "date_inconsistent"} <= set(s.reason_codes)
    # Furniture: the furniture part of quality is exactly the article's share.
    assert s.quality_detail.parts["furniture"] == pytest.approx(1 - s.features["boilerplate_char_share"])
    assert s.quality < 0.5  # more furniture than article
    # Both reach the headline, by the documented rule and nothing else.
    assert s.score == pytest.approx(s.reliability * s.quality * FLAG_FACTORS["date_inconsistent"], rel=1e-12)
    # Above the undamaged filler for the model, below it once the page is counted.
    assert s.reliability > SEEDS["000"].reliability
    assert s.score < min(SEEDS["000"].score, SEEDS["001"].score)
    assert s.band == "low"


def test_clean_pages_keep_the_models_probability():
    # 000 and 001 have no furniture, damage or flags: nothing to take off.
    for name in ("000", "001"):
        s = SEEDS[name]
        assert s.quality == 1.0 and not s.flags and s.score == s.reliability


def test_furniture_alone_lowers_004_through_quality():
    s = SEEDS["004"]
    assert not s.flags and 0.5 <= s.quality < 0.6  # 48 % furniture: under the flag's 50 %
    assert s.score == pytest.approx(s.reliability * s.quality, rel=1e-12)


def test_every_seed_is_scorable():
    # Five English articles of 470 to 1,762 words: each gets a number.
    assert all(s.band in ("low", "medium", "high") and s.score is not None for s in SEEDS.values())
