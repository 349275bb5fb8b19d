"""The style signal: case-file cases, the seed pages, and the module contract."""

from __future__ import annotations

import math

from credscore.document import Document
from credscore.signals import style
from tests.conftest import seed_text


def _seed(prefix: str) -> tuple[str, dict[str, float], list[tuple[str, str]]]:
    text = seed_text(prefix)
    result = style.compute(Document.from_text(text))
    return text, result.features, [(s.reason, text[s.start:s.end]) for s in result.spans]


def test_seed_000_damage_and_template():
    _text, features, spans = _seed("000")
    # The issue names exactly these three mis-cased names; nothing else on the page is one.
    assert sorted(t for r, t in spans if r == "lowercased_proper_noun") == ["asia", "korea", "putin"]
    glued = {t for r, t in spans if r == "missing_space"}
    assert {"sanctions,including", "stability.Emphasizing", "engagements,as"} <= glued
    assert features["style_ai_phrases_per_1k_words"] >= 10
    assert features["style_label_line_share"] > 0.3  # "- Economic Viability: ..." items
    assert features["style_table_line_share"] > 0


def test_seed_ai_phrasing_ranks_heavy_light_none():
    rates = {p: _seed(p)[1]["style_ai_phrases_per_1k_words"] for p in ("000", "001", "002", "003", "004")}
    counts = {p: _seed(p)[1]["style_ai_phrase_count"] for p in ("000", "001")}
    for heavy in ("000", "003", "004"):
        assert rates[heavy] >= 8, (heavy, rates)
    assert 0 < counts["001"] < counts["000"] / 3  # a light touch: "delves into", "underscores" twice
    assert rates["002"] == 0.0  # human-written, translated opinion piece


def test_seed_003_question_heading():
    _, features, spans = _seed("003")
    assert features["style_question_heading_count"] == 1
    # The line carries mojibake ("North \u00e2\u20acKorea"), so compare its start.
    assert [t[:28] for r, t in spans if r == "question_heading"] == ["What are the historical ties"]


def test_contract_features_and_spans():
    names = [f.name for f in style.FEATURES]
    assert len(names) == len(set(names)) and all(n.startswith("style_") for n in names)
    for text in ("", "   \n\n", "x", "\u0000\ufffd" * 50, "a,b;c:d!e?f." * 200, "Putin " * 500 + "putin"):
        result = style.compute(Document.from_text(text))
        assert list(result.features) == names
        assert all(isinstance(v, float) and not math.isnan(v) for v in result.features.values())
        assert result.spans == sorted(result.spans)
        for span in result.spans:
            assert 0 <= span.start < span.end <= len(text) and span.signal == "style"


def test_deterministic():
    text = _seed("000")[0]
    first = style.compute(Document.from_text(text))
    assert style.compute(Document.from_text(text)) == first


def test_many_names_each_use_found_at_its_offset():
    """Each use is found from the screen's list of words, walking the text
    with str.find; with 100 candidate names (each written capitalised twice
    mid-sentence and once in lower case, so each lower-case use is evidence)
    every span must hold exactly its name: 100 of them, by construction.
    The last sentence adds a capitalised "Zorbax" and a second "zorbax" (3
    against 2: both evidence) behind longer words that start the same
    ("Zorbaxian", "zorbaxes": no candidates, and not uses of "zorbax")."""
    names = [f"zor{a}{b}x" for a in "bcdfghjklm" for b in "aeiouyrstn"]
    text = " ".join(f"we met {n.capitalize()} today and {n.capitalize()} again, then {n} left." for n in names)
    text += " Then we saw Zorbaxian folk and Zorbax, then zorbaxes, and zorbax."
    result = style.compute(Document.from_text(text))
    spans = [s for s in result.spans if s.reason == "lowercased_proper_noun"]
    assert sorted(text[s.start:s.end] for s in spans) == sorted(names + ["zorbax"])
    assert all(text[s.start - 1] == " " and not text[s.end].isalpha() for s in spans)  # whole words
