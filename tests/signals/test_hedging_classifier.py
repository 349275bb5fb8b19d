"""The grammar inputs of the hedging sentence classifier (agentless passives,
generic claims, "it is ... that") and its numpy-free scoring."""

from __future__ import annotations

import numpy as np
import pytest

from credscore.document import Document
from credscore.signals import hedging, hedging_classifier

#: (text, inputs it must hold, grammar inputs it must not hold). Each pair
#: says what the small grammar of hedging_classifier reads, by the rules of
#: its docstring, not by what the code printed.
GRAMMAR_CASES = [
    # A view with no holder: participle of saying after "be", "to" after it.
    ("The tower is often said to be the oldest in the county.", {"passive:say", "passive:say:as"}, set()),
    # Two adverbs between "be" and the participle are skipped.
    ("The bridge is still widely considered a classic.", {"passive:belief"}, {"passive:belief:as"}),
    # An evaluative passive with no agent ("hotly disputed").
    ("The status of these detainees is hotly disputed.", {"passive:eval"}, set()),
    # A "by" agent right after the participle names who praises: no input.
    ("The tower was praised by the mayor.", set(), {"passive:eval", "passive:say", "passive:belief"}),
    # "built" is no verb of saying or believing.
    ("The treaty was signed and the bridge was built in 1820.", set(), {"passive:say", "passive:belief"}),
    # An unnamed group claiming, also past one adverb.
    ("They allege that the vote was rigged.", {"generic_claim"}, set()),
    ("Critics also contend that the vote was rigged.", {"generic_claim"}, set()),
    ("They built a bridge over the river.", set(), {"generic_claim"}),
    # "it is X that": impersonal, and here an agentless belief passive too.
    ("It is assumed that the vote was rigged.", {"it_be_that", "passive:belief", "passive:belief:as"}, set()),
    ("It is likely to rain on the day of the vote.", {"it_be_that"}, set()),
    ("It is a bridge that crosses the river.", set(), {"it_be_that"}),
    # A sentence end stops the grammar: "is" closes the first sentence.
    ("This is. Said the mayor to the crowd.", set(), {"passive:say"}),
]


def _inputs(text: str) -> set[str]:
    doc = Document.from_text(text, detect_language=False)
    return {name for names in hedging_classifier.sentence_contexts(doc).values() for name in names}


@pytest.mark.parametrize(("text", "present", "absent"), GRAMMAR_CASES, ids=[c[0][:40] for c in GRAMMAR_CASES])
def test_grammar_inputs(text, present, absent):
    got = _inputs(text)
    assert present <= got, f"missing {present - got}"
    assert not absent & got, f"unexpected {absent & got}"


def test_every_grammar_input_is_a_classifier_input():
    names = set(hedging_classifier.classifier_names())
    for _text, present, _ in GRAMMAR_CASES:
        assert present <= names


def test_cue_kind_inputs():
    """Each cue also gives the kind of its cue list's tag."""
    got = _inputs("The bridge may probably be the oldest, and some historians say so.")
    assert {"kind:modal", "kind:adverb", "kind:weasel", "cues_2plus"} <= got


def test_logit_is_the_linear_model():
    """The scoring path without a vector is the same linear model: the 0/1
    vector times the weights plus the intercept, a name counted once."""
    clf = hedging.shipped_classifier()
    doc = Document.from_text("It is widely believed that some historians may be wrong, and it is often said so.",
                             detect_language=False)
    for names in hedging_classifier.sentence_contexts(doc).values():
        x = clf.vector(names)
        assert x.sum() > 3
        assert clf.logit(names + names) == pytest.approx(float(x @ clf.coef) + clf.intercept, abs=1e-12)
    assert clf.logit([]) == clf.intercept
    assert np.isfinite(clf.coef).all()
