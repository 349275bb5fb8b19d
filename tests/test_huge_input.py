"""Huge input: bounded memory, a documented sample, a result that says so.

Above ``extract.MAX_CHARS`` characters the signals read the head of the text
plus evenly spaced windows of the rest (rule in ``credscore/extraction.py``'s
docstring and docs/reliability.md). Memory is measured with ``tracemalloc``
in a fresh process, from after the input was built: what scoring itself
allocates. Evidence is bounded too: at most ``MAX_SPANS_PER_REASON`` spans per
(signal, reason).
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

import credscore
from credscore import extraction as extract_module
from credscore.extraction import MAX_SPANS_PER_REASON, sample_pieces

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_9d56d869819059ef.txt"
MB = 1_000_000

_MEASURE = """
import json, sys, tracemalloc
from pathlib import Path
import credscore
size = int(sys.argv[1])
page = Path(sys.argv[2]).read_text(encoding="utf-8") + "\\n"
credscore.score(page)  # every lazy resource (lexicons, model, profiles) loaded before measuring
text = (page * (size // len(page) + 1))[:size]
tracemalloc.start()
result = credscore.score(text)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({"peak": peak, "warnings": list(result.warnings), "text_length": result.features.text_length,
                  "reliability": result.reliability, "confidence": result.confidence,
                  "max_span_end": max((s.end for s in result.spans), default=0)}))
"""


def _measure(size: int) -> dict:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(size), str(SEED)], capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def measured() -> dict[int, dict]:
    return {size: _measure(size) for size in (10 * MB, 100 * MB)}


@pytest.mark.slow
def test_100_mb_document_scores_with_the_memory_of_a_10_mb_one(measured):
    small, large = measured[10 * MB], measured[100 * MB]
    print(f"peak allocated while scoring: 10 MB input {small['peak'] / MB:.1f} MB, "
          f"100 MB input {large['peak'] / MB:.1f} MB")
    # Both read a sample of the same size, so scoring allocates about the
    # same; any copy of the whole input would add 100 MB to the large run.
    assert large["peak"] <= 1.25 * small["peak"], (small["peak"], large["peak"])
    assert large["peak"] < 100 * MB, large["peak"]  # less than one copy of the input


@pytest.mark.slow
def test_huge_document_result_says_it_was_truncated(measured):
    for size, result in measured.items():
        assert result["text_length"] == size
        assert any(w.startswith("truncated: analysed the first") for w in result["warnings"]), result["warnings"]
        assert result["confidence"] == "low"
        # The repeated seed page is one paragraph copied over and over: it
        # may be unscorable for duplication, never out of range.
        assert result["reliability"] is None or 0.0 <= result["reliability"] <= 1.0
        # Evidence from the windows points into the whole input, not the sample.
        assert extract_module.MAX_CHARS < result["max_span_end"] <= size


@pytest.fixture
def small_budget(monkeypatch):
    """The same rule at 1/100 scale, so tests can read every piece."""
    monkeypatch.setattr(extract_module, "MAX_CHARS", 10_000)
    monkeypatch.setattr(extract_module, "HEAD_CHARS", 5_000)
    monkeypatch.setattr(extract_module, "SAMPLE_WINDOWS", 10)


def test_sample_is_head_plus_even_windows_at_line_breaks(small_budget):
    lines = [f"Line {i} of a long page, with some words in it." for i in range(5_000)]
    text = "\n".join(lines)
    pieces = sample_pieces(text)
    assert pieces == sample_pieces(text)  # a pure function of the text
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert len(pieces) == 11
    assert sum(b - a for a, b in pieces) + 2 * (len(pieces) - 1) <= 10_000
    for (a1, b1), (a2, b2) in itertools.pairwise(pieces):
        assert a1 < b1 < a2 < b2  # in order, never overlapping
    for a, b in pieces:
        assert a == 0 or text[a - 1] == "\n", "a piece starts at a line start"
        assert b == len(text) or text[b] == "\n", "a piece ends at a line end"
    # Evenly spread: the windows' starts are about one stride apart.
    stride = (len(text) - pieces[0][1]) / 10
    gaps = [a2 - a1 for (a1, _), (a2, _) in itertools.pairwise(pieces[1:])]
    assert all(abs(gap - stride) < 100 for gap in gaps), (stride, gaps)


def test_sample_of_one_long_line_is_cut_raw(small_budget):
    text = "x" * 30_000  # no line break anywhere: cut where the arithmetic says
    pieces = sample_pieces(text)
    assert pieces[0] == (0, 5_000) and pieces[-1][1] == 30_000
    assert sum(b - a for a, b in pieces) <= 10_000


def test_just_over_the_budget_windows_nearly_tile_the_rest(small_budget):
    text = "\n".join(["word " * 9] * 1_100)  # 11,000 characters, 1,000 past the budget
    pieces = sample_pieces(text)
    covered = sum(b - a for a, b in pieces)
    assert 9_000 < covered <= 10_000
    assert all(a1 < b1 < a2 for (a1, b1), (a2, _) in itertools.pairwise(pieces))


def test_evidence_in_a_window_points_into_the_full_text(small_budget):
    clean = "The committee met on Tuesday and agreed to review the budget in spring.\n"
    damaged = "The minister said the caf\u00c3\u00a9 would reopen on Monday.\n"  # mojibake
    text = clean * 400 + damaged  # the last line: always in the last window
    features = credscore.extract(text)
    assert any(w.startswith("truncated") for w in features.warnings)
    assert features.text is text and features.text_length == len(text)
    mojibake = [s for s in features.spans if s.reason == "mojibake"]
    assert mojibake, features.spans
    assert all("\u00c3" in text[s.start:s.end] for s in mojibake)
    assert all(s.start > len(clean) * 400 for s in mojibake)


def test_damage_outside_the_sample_is_not_seen(small_budget):
    clean = "The committee met on Tuesday and agreed to review the budget in spring.\n"
    damaged = "The minister said the caf\u00c3\u00a9 would reopen on Monday.\n"
    # 5,000 head characters, then the damage well before the first window.
    text = clean * 80 + damaged + clean * 400
    pieces = sample_pieces(text)
    where = text.index("\u00c3")
    assert not any(a <= where < b for a, b in pieces)
    assert not [s for s in credscore.extract(text).spans if s.reason == "mojibake"]


def test_spans_are_capped_per_reason_but_features_count_everything():
    text = "\u28e0a" * 50_000  # 50,000 Braille-like symbols glued to Latin letters
    features = credscore.extract(text)
    stray = [s for s in features.spans if s.reason == "stray_symbol"]
    assert len(stray) == MAX_SPANS_PER_REASON
    assert stray == sorted(stray)[:MAX_SPANS_PER_REASON] and stray[0].start == 0  # the first ones
    assert "spans_capped: kept the first 1,000 of 50,000 encoding/stray_symbol spans" in features.warnings
    # One symbol every two characters: 500 per 1,000 characters, from all of them.
    assert features["encoding_mixed_script_per_1k_chars"] == pytest.approx(500.0)
    json.dumps(credscore.score(text).to_dict(), allow_nan=False)


def test_real_articles_are_never_capped():
    text = SEED.read_text(encoding="utf-8")
    assert not any(w.startswith(("spans_capped", "truncated")) for w in credscore.extract(text).warnings)
