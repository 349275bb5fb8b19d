"""The boilerplate classifier on the Scrapinghub dev pages stays above the
figures it reached when tuned (benchmarks/eval_boilerplate.py), and well above
keeping every line."""

from __future__ import annotations

import pytest

from tests.benchmarks import evaluate

# Reached on 2026-11-23: line content F1 0.728, char content F1 0.871
# (P 0.815, R 0.934), line boilerplate F1 0.955, char boilerplate F1 0.846;
# halves by page 0.819 / 0.917; keeping every line scores 0.230 / 0.672.
# After the evasion fix (decorations after a sentence, unpunctuated long
# lines): line 0.729, char 0.870 (P 0.814, R 0.936): the floors still hold.
FLOORS = {
    "line_content_f1": 0.71,
    "char_content_f1": 0.86,
    "line_boilerplate_f1": 0.94,
    "char_boilerplate_f1": 0.83,
    "char_content_precision": 0.80,
    "char_content_recall": 0.92,
    "fold_a_char_content_f1": 0.80,
    "fold_b_char_content_f1": 0.90,
}


@pytest.fixture(scope="module")
def figures() -> dict:
    return evaluate("eval_boilerplate", "bench/boilerplate/scrapinghub_dev.jsonl")


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_above_floor(figures, name):
    assert figures[name] >= FLOORS[name], f"{name} = {figures[name]:.3f}"


def test_beats_keeping_every_line(figures):
    assert figures["char_content_f1"] > figures["char_keep_all_content_f1"] + 0.15
    assert figures["n"] == 102
