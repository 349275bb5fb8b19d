"""Tests for credscore.signals.repetition: case file, seeds, a brute-force
check of the staged n-gram counting, and main-content-only behaviour."""

from __future__ import annotations

import random
from collections import Counter

import pytest

import credscore
from credscore.document import Document
from credscore.signals import repetition
from credscore.types import MAX_SPANS_PER_REASON
from tests.conftest import seed_text


def test_features_match_declaration():
    result = repetition.compute(Document.from_text("One line.\nOne line."))
    assert list(result.features) == [spec.name for spec in repetition.FEATURES]


def _naive(words: list[str]) -> dict[str, float]:
    """RedPajama-style definitions written the slow, obvious way."""
    total = sum(map(len, words))
    out = {}
    for n in (2, 3, 4):
        grams = [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
        counts = Counter(grams)
        top = max(counts.values(), default=0)
        share = 0.0
        if top > 1:
            first = next(g for g in grams if counts[g] == top)
            share = min(1.0, top * sum(map(len, first)) / total)
        out[f"repetition_top_{n}gram_char_share"] = share
    for n in (5, 10):
        grams = [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
        counts = Counter(grams)
        covered = [False] * len(words)
        for i, g in enumerate(grams):
            if counts[g] > 1:
                covered[i:i + n] = [True] * n
        covered_chars = sum(len(w) for w, c in zip(words, covered) if c)
        out[f"repetition_dup_{n}gram_char_share"] = covered_chars / total if total else 0.0
    return out


@pytest.mark.parametrize("seed", range(40))
def test_staged_ngrams_equal_brute_force(seed):
    rng = random.Random(seed)
    vocab = ["a", "bb", "ccc", "dddd", "ee", "f"][: rng.randint(2, 6)]
    words = [rng.choice(vocab) for _ in range(rng.randint(0, 120))]
    doc = Document.from_text(" ".join(words), detect_language=False)
    doc.main_tokens = list(range(len(doc.tok_lower)))  # whatever the boilerplate classifier thinks
    got, _ = repetition._ngram_repetition(doc, None, {})
    want = _naive(doc.tok_lower)
    for name, value in want.items():
        assert got[name] == pytest.approx(value), name


def test_seed_002_sidebar_repeats_are_page_level():
    doc = Document.from_text(seed_text("002"))
    f = repetition.compute(doc).features
    # 13 of 45 non-blank lines repeat (six teaser titles, six teasers, "Loading").
    assert f["repetition_dup_line_share"] == pytest.approx(13 / 45)
    assert f["repetition_dup_line_char_share"] > 0.25


def test_seed_003_repeated_headings():
    doc = Document.from_text(seed_text("003"))
    result = repetition.compute(doc)
    assert result.features["repetition_repeated_heading_count"] >= 2
    shown = {doc.text[s.start:s.end] for s in result.spans if s.reason == "repeated_heading"}
    assert "Historic Background of Russia-North Korea Relations" in shown
    assert any(h.startswith("Conclusion: The Road Ahead") for h in shown)


def test_seed_004_title_repeated():
    doc = Document.from_text(seed_text("004"))
    assert repetition.compute(doc).features["repetition_title_repeated"] == 1


def test_main_content_share_ignores_boilerplate():
    headline = "Latest: Zionist Regime's Post-War Map for Gaza"
    text = f"{headline}\nThe article body is here.\n{headline}"
    doc = Document.from_text(text, detect_language=False)
    doc.line_boilerplate = [True, False, True]
    doc.main_tokens = [i for i, ln in enumerate(doc.tok_line) if ln == 1]
    f = repetition.compute(doc).features
    assert f["repetition_dup_line_share"] == pytest.approx(1 / 3)
    assert f["repetition_main_dup_line_char_share"] == 0


def test_every_repeat_is_evidence_and_spans_are_sorted():
    # The one cap on evidence is extract's (MAX_SPANS_PER_REASON); the signal
    # itself reports every repeat: 59 lines repeat the first of 60.
    text = "\n".join(["Same teaser line here."] * 60)
    result = repetition.compute(Document.from_text(text, detect_language=False))
    dup = [s for s in result.spans if s.reason == "duplicate_line"]
    assert len(dup) == 59
    assert result.spans == sorted(result.spans)


def test_evidence_past_the_cap_is_counted_not_built():
    # "1. " 7,000 times: the top word pair ("1", "1") starts at every
    # position but the last. Extract keeps 1,000 spans per reason, so the
    # signal builds those and counts the rest, and extract's warning names
    # the true total.
    text = "1. " * 7000
    doc = Document.from_text(text, detect_language=False)
    words = [doc.tok_lower[i] for i in doc.main_tokens]
    total = sum(1 for i in range(len(words) - 1) if words[i:i + 2] == ["1", "1"])
    result = repetition.compute(doc)
    built = [s for s in result.spans if s.reason == "top_2gram"]
    assert len(built) == MAX_SPANS_PER_REASON and built == sorted(built)
    assert result.unbuilt[("repetition", "top_2gram")] == total - MAX_SPANS_PER_REASON > 0
    warnings = [w for w in credscore.extract(text).warnings if w.code == "spans_capped" and "top_2gram" in w]
    assert warnings == [f"spans_capped: kept the first 1,000 of {total:,} repetition/top_2gram spans"]


def test_repeated_lines_past_the_cap_are_counted_not_built():
    # 3,000 copies of one line: 2,999 repeat the first. Only the spans extract
    # keeps are built, and its warning still counts every repeat.
    from credscore.types import MAX_SPANS_PER_REASON

    features = credscore.extract("Subscribe to our newsletter today\n" * 3000)
    kept = [s for s in features.spans if (s.signal, s.reason) == ("repetition", "duplicate_line")]
    assert len(kept) == MAX_SPANS_PER_REASON
    assert f"spans_capped: kept the first {MAX_SPANS_PER_REASON:,} of 2,999 repetition/duplicate_line spans" \
        in features.warnings
