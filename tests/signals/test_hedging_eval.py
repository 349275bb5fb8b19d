"""The hedging benchmark on WikiWeasel stays where it was measured
(benchmarks/eval_hedging.py; floors sit just under the figures reached)."""

from __future__ import annotations

import pytest

from tests.benchmarks import evaluate

#: Reached on 2026-11-30 with the learned sentence classifier (issue 11):
#: test (odd rows) F1 0.608 (P 0.587, R 0.632), classifier alone 0.604; dev
#: rows, which it was fitted on, 0.652. The cue lexicon alone, as on
#: 2026-11-23: test F1 0.564 (P 0.475, R 0.695), hedging cues alone 0.554.
#: With the cue-context pairs, quantified subjects and the unattributed,
#: puffery and approximator context cues (second round, chosen by
#: out-of-fold F1 on the even rows, 0.619 -> 0.623 at the shipped seed): test
#: F1 0.619 (P 0.594, R 0.645), classifier alone 0.617; dev rows 0.684.
#: With cue kinds, agentless passives, generic claims and "it is X that"
#: (third round, chosen by out-of-fold F1 on the even rows over three fold
#: seeds, 0.632 -> 0.646): test F1 0.621 (P 0.599, R 0.644), classifier
#: alone 0.622; dev rows 0.687.
FLOORS = {
    "test_f1": 0.62,
    "test_precision": 0.59,
    "test_recall": 0.64,
    "test_f1_classifier_only": 0.61,
    "dev_lexicon_f1": 0.57,
    "test_lexicon_f1": 0.55,
    "test_f1_hedging_only": 0.54,
}
#: Issue 11: precision and recall within 0.15 of each other, so that the
#: detector does not swing between corpora.
MAX_PR_GAP = 0.15


@pytest.fixture(scope="module")
def metrics() -> dict:
    return evaluate("eval_hedging", "bench/hedging/wikiweasel_train.csv")


def test_all_sentences_read(metrics):
    assert metrics["n"] == 7363
    assert metrics["dev_n"] + metrics["test_n"] == metrics["n"]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floor(metrics, name):
    assert metrics[name] >= FLOORS[name], f"{name}={metrics[name]:.3f} fell below {FLOORS[name]}"


def test_precision_and_recall_balanced(metrics):
    assert abs(metrics["test_precision"] - metrics["test_recall"]) <= MAX_PR_GAP
