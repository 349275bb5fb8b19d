"""Line classification (credscore.lines, credscore.linecues) on its own.

The context steps have two forms: left-to-right loops (jusText's passes as
first written), which short pages run, and array forms for long pages. Each
array form is checked here against the loop on random class sequences, and
whole pages are classified both ways. The screens that let
the fixed cues skip most lines are checked to be supersets.
"""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from credscore import linecontext as X
from credscore import lines as L
from credscore.document import Document
from credscore.lexicon import load_phrases
from credscore.linecues import (
    _SETTLED_ENDS,
    LineTable,
    cue_lines,
    ends_sentence,
    fixed_reason,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CFG = L.LineConfig()
GOOD, NEAR, SHORT, BAD = X.GOOD, X.NEAR, X.SHORT, X.BAD


def _random_case(rng, n):
    cls = [rng.choice((GOOD, NEAR, SHORT, BAD)) for _ in range(n)]
    chars = [rng.choice((5, 40, 90, 160, 300)) for _ in range(n)]
    return cls, chars


@pytest.mark.parametrize("seed", range(40))
def test_array_neighbours_equal_the_loop(seed):
    rng = random.Random(seed)
    cls, _ = _random_case(rng, rng.randint(1, 40))
    arr = np.asarray(cls)
    forward = X._neighbours(arr)
    backward = [a[::-1] for a in X._neighbours(arr[::-1])]
    assert [x.tolist() for x in forward] == list(X._neighbours_loop(cls, range(len(cls))))
    assert [x.tolist() for x in backward] == list(X._neighbours_loop(cls, range(len(cls) - 1, -1, -1)))


@pytest.mark.parametrize("seed", range(40))
def test_array_heading_promotion_equals_the_loop(seed):
    rng = random.Random(seed)
    cls, chars = _random_case(rng, rng.randint(1, 40))
    eligible = [rng.random() < 0.5 for _ in cls]
    want = list(cls)
    X._promote_loop(chars, want, eligible, NEAR, CFG)
    got = np.asarray(cls)
    X._promote_headings(np.asarray(chars), got, np.asarray(eligible), NEAR, CFG)
    assert got.tolist() == want


@pytest.mark.parametrize("seed", range(60))
def test_array_teasers_equal_kadane_loop(seed):
    """Ties included: runs of equal gain make several best runs, and the loop
    keeps the first to reach the maximum, starting where it last reset."""
    rng = random.Random(seed)
    n = rng.randint(1, 30)
    chars = [rng.choice((50, 100, 150)) for _ in range(n)]
    heading = [rng.random() < 0.2 for _ in range(n)]
    reasons = [rng.choice(("", "", "ui_phrase")) for _ in range(n)]
    want = list(reasons)
    X._teasers_loop(_Table(chars=chars, heading=heading), want, CFG)
    got = np.asarray(reasons, dtype=object)
    X._teasers_arrays(_Table(chars=chars, heading=heading), got, CFG)
    assert got.tolist() == want


class _Table(SimpleNamespace):
    """The columns of a LineTable that the teaser step reads."""

    def __len__(self) -> int:
        return len(self.chars)

    def array(self, column: str) -> np.ndarray:
        return np.asarray(getattr(self, column))


def test_settled_line_ends_need_no_decoration_check():
    """For every character in the fast path, the full rule agrees."""
    for ch in _SETTLED_ENDS:
        for line in (f"Some words{ch}", f"read more{ch}", f"(AP){ch}", ch):
            assert ends_sentence(line) == (ch in ".!?:;"), line


TAIL_LINES = ["The bridge reopened.", "Bridge news. Read more...", "Bridge news - Read more...", "Read more...",
              "read more..", ".", "..", "x.", "See more.", "Wire story (AP).", "It ended. \u2026", "Done. [1].",
              'Said "so."', "Done.  "]


def test_the_table_reads_sentence_ends_as_the_full_rule():
    """LineTable settles most lines without calling ends_sentence (by the last
    character, or one full stop after a character that is none); on every
    line of the seeds and of these endings, it must agree with the call."""
    pages = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] + ["\n".join(TAIL_LINES)]
    for text in pages:
        table = LineTable(Document.from_text(text, detect_language=False), CFG)
        assert table.terminal == [ends_sentence(line) for line in table.text]


def test_interface_phrases_all_hold_an_anchor_word():
    """cue_lines screens lines by the phrases' anchor words; a phrase made
    only of prefix patterns would have none."""
    assert not load_phrases("boilerplate_ui")._by_prefix


CUE_LINES = [
    "Skip to main content", "Share this", "0 Comments", "Read more: Bridge reopens", "\u00a9 2024 Example News",
    "By Sarah E. Needleman", "Nov. 19, 2019 8:03 am ET", "2019/01/09 | Economy, Opinion", "Photo: Reuters",
    "Credit: Tyvak", "Your email address will not be published.", "Related articles",
]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_cue_screen_keeps_every_line_with_a_fixed_cue(path):
    text = path.read_text(encoding="utf-8") + "\n" + "\n".join(CUE_LINES)
    doc = Document.from_text(text)
    table = LineTable(doc, CFG)
    screened = cue_lines(doc, table, CFG)
    found = [table.index[k] for k in range(len(table)) if fixed_reason(doc, table, k, CFG)[0]]
    assert found, "the cue lines were all found somewhere"
    assert set(found) <= screened


def test_cue_lines_are_furniture():
    text = "\n".join(CUE_LINES[:6]) + "\n" + ("The committee met on Tuesday and agreed to review the budget in the "
                                             "spring, officials said after a long meeting in the city hall. ") * 2
    reasons = Document.from_text(text).line_boilerplate_reason
    assert reasons[:6] == ["ui_phrase", "ui_phrase", "comment_section", "ui_phrase", "legal_notice", "metadata"]
    assert reasons[6] == ""


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_both_forms_classify_a_page_alike(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    loops = Document.from_text(text, detect_language=False)
    monkeypatch.setattr(X, "ARRAY_MIN_LINES", 0)
    arrays = Document.from_text(text, detect_language=False)
    assert arrays.line_boilerplate_reason == loops.line_boilerplate_reason
    assert arrays.line_heading == loops.line_heading and arrays.title == loops.title


@pytest.mark.parametrize("cost", [0, 10**9])
def test_both_cue_screens_classify_alike(cost, monkeypatch):
    """cue_lines screens short lines one by one, or (on a page of short
    lines) every word; forced either way, every seed page and a page of cue
    lines get the same reasons."""
    from credscore import linecues

    pages = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] + ["\n".join(CUE_LINES * 3)]
    before = [Document.from_text(text, detect_language=False).line_boilerplate_reason for text in pages]
    monkeypatch.setattr(linecues, "_LINE_TEST_COST", cost)
    assert [Document.from_text(text, detect_language=False).line_boilerplate_reason for text in pages] == before
