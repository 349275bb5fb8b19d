"""What each seed document must show, signal by signal, and why.

The seeds are real scraped pages, each damaged differently (seeds/). Every
assertion below was checked against a reading of the page, not against the
code's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import credscore

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FEATURES = {p.name[:3]: credscore.extract(p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))}
TEXTS = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def evidence(seed: str, reason: str) -> list[str]:
    f = FEATURES[seed]
    return [TEXTS[seed][s.start:s.end] for s in f.spans if s.reason == reason]


def test_all_five_seeds_are_english():
    # All five are English articles; 002's sidebar has one Spanish heading.
    assert {k: f.language for k, f in FEATURES.items()} == dict.fromkeys(FEATURES, "en")


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_only_003_has_encoding_damage(seed):
    # Curly quotes, em dashes, "détente" and "Últimas" are legitimate text.
    assert FEATURES[seed]["encoding_mojibake_per_1k_chars"] == 0.0
    assert FEATURES[seed]["encoding_damaged_line_share"] == 0.0


def test_003_encoding_damage():
    # Word joiners (U+2060..2064) decoded as cp1252 left "â€", "â£", and
    # braille-like "⣠" glued to words on most lines.
    f = FEATURES["003"]
    assert f["encoding_mojibake_per_1k_chars"] > 3
    assert f["encoding_damaged_line_share"] > 0.5
    assert any("â€" in e for e in evidence("003", "mojibake"))


@pytest.mark.parametrize("seed", ["002", "004"])
def test_002_and_004_are_heavy_with_furniture(seed):
    # 002: comment form, "LATEST CONTENT" and a repeated teaser sidebar;
    # 004: "Skip to main content", captions, and teasers after "Comments".
    assert FEATURES[seed]["boilerplate_char_share"] > 0.4


@pytest.mark.parametrize("seed", ["000", "001", "003"])
def test_articles_without_furniture(seed):
    # 001 is bare article text; 000 and 003 have headings, bullets and pipe
    # tables, which are the article's own structure, not page furniture.
    assert FEATURES[seed]["boilerplate_line_share"] == 0.0


def test_002_date_inconsistency():
    # Dateline 2019/01/09; the sidebar mentions June 2024.
    f = FEATURES["002"]
    assert f["dates_inconsistent"] == 1.0
    assert "2019/01/09" in evidence("002", "publication_date")
    assert any("2024" in e for e in evidence("002", "boilerplate_later_than_published"))


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_no_date_conflict_elsewhere(seed):
    # No dateline, and no date later than one, in the other four.
    assert FEATURES[seed]["dates_inconsistent"] == 0.0


def test_003_invented_experts_and_repeated_conclusion():
    # "Dr. Elena Moore, Geopolitical Analyst" and "General Marcus Lee, Former
    # Military Strategist": vague titles, no employer, never mentioned again.
    f = FEATURES["003"]
    assert f["attribution_suspicious_experts"] == 2.0
    experts = evidence("003", "suspicious_expert")
    assert any("Elena Moore" in e for e in experts) and any("Marcus Lee" in e for e in experts)
    # "Conclusion: Looking Ahead" and "Conclusion: The Road Ahead for ...".
    assert f["repetition_repeated_heading_count"] >= 1
    assert any(e.startswith("Conclusion") for e in evidence("003", "repeated_heading"))


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_no_suspicious_experts_elsewhere(seed):
    # 001 names a real official with her office; 002's author is named with
    # his field and publication; 000 and 004 name no experts at all.
    assert FEATURES[seed]["attribution_suspicious_experts"] == 0.0


def test_000_lowercased_proper_nouns_and_missing_spaces():
    # "Vladimir putin", "North korea", "East asia"; "sanctions,including".
    f = FEATURES["000"]
    assert sorted(e.lower() for e in evidence("000", "lowercased_proper_noun")) == ["asia", "korea", "putin"]
    glued = evidence("000", "missing_space")
    assert {"sanctions,including", "stability.Emphasizing", "engagements,as"} <= set(glued)
    assert f["style_missing_space_per_1k_words"] > 2


@pytest.mark.parametrize("seed", ["000", "003", "004"])
def test_heavy_ai_template_phrasing(seed):
    # "In the complex web of", "delve into", "geopolitical landscape",
    # "the stakes have never been higher", "cannot be overstated"...
    assert FEATURES[seed]["style_ai_phrases_per_1k_words"] > 10
    assert FEATURES[seed]["style_ai_phrase_count"] >= 7


def test_001_light_touch_and_002_none():
    # 001: "This article delves into", "underscores", "navigate this complex
    # landscape": fewer phrases than any of 000, 003, 004. By rate it is not
    # light (six in 470 words is as dense as 004), which the model sees; the
    # issue's "light touch" holds by count only.
    counts = {k: f["style_ai_phrase_count"] for k, f in FEATURES.items()}
    assert 0 < counts["001"] < min(counts["000"], counts["003"], counts["004"])
    assert "This article delves" in evidence("001", "ai_phrase")
    # 002 is a translated human opinion piece: "on the agenda" and "in the
    # hope that" are ordinary English, not template phrasing.
    assert counts["002"] == 0


def test_002_sidebar_in_spanish():
    # "Últimas publicaciones" heads a sidebar block; the article is English.
    assert FEATURES["002"]["language_other_language_line_share"] > 0
    assert "Últimas publicaciones" in evidence("002", "other_language:es")


def test_004_repeated_title():
    # The headline appears twice at the top of the page.
    assert FEATURES["004"]["repetition_title_repeated"] == 1.0


def test_001_names_its_official():
    # "Linda Thomas-Greenfield, the U.S. Ambassador to the United Nations".
    assert FEATURES["001"]["attribution_named_per_1k_words"] > 0
    assert any("Thomas-Greenfield" in e for e in evidence("001", "named_source"))


@pytest.mark.parametrize("seed", ["000", "004"])
def test_unsourced_filler_credits_nobody_unnamed(seed):
    # 000's "expert insights" and 004's "raised eyebrows" credit no claim to
    # anyone: there are no attributions of either kind to count.
    assert FEATURES[seed]["attribution_unnamed_per_1k_words"] == 0.0
