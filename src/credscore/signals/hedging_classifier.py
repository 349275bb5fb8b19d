"""The learned sentence classifier of ``signals.hedging``.

WikiWeasel's "uncertain" class is not the cue list: its annotators marked
weasels, puffery and vague frequency far more than epistemic modality ("may"
is in 261 tuning-row sentences, a quarter of them uncertain). A logistic
regression over which cues a sentence holds, and in which context, weighs
each cue by the data instead of counting all alike.

Inputs of a sentence (``feature_names``):

- ``cue:<phrase>``: each hedge cue of ``hedging_cues`` it holds, and
  ``cue:quantified group`` for "many scholars" and the like;
- ``quant:<q>``, ``quant:<q>:of``, ``quant:<q>:first``,
  ``quant:<q>:subject``: a vague quantifier, before "of", opening the
  sentence, or as the subject of a verb ("many have argued", "some say"):
  a quantifier over unnamed people, against a count of things ("its many
  baggage cars");
- ``ctx:<phrase>``: the peacock words, approximators, impersonal passives
  and unattributed labels of ``hedging_context_cues``, never hedges alone;
- ``modal_be``, ``named_believer`` ("Smith believes"), ``cues_2plus``;
- ``next:<cue word>:<word>`` and ``prev:<cue word>:<word>``: the word after
  and before each cue or context cue, for the pairs seen at least
  ``MIN_PAIR_COUNT`` times in the training rows (kept in the JSON file as
  ``context_pairs``). They let the data tell "some say" from "some cases",
  "may have" from "may be bought", "generally considered" from "generally
  less".

Weights: ``data/hedging_classifier.json``, rebuilt exactly by
``scripts/train_hedging.py``, validated here before use.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

import numpy as np

from ..lexicon import PhraseTable, load_tagged

if TYPE_CHECKING:
    from ..document import Document

CLASSIFIER_FILE = "hedging_classifier.json"
CLASSIFIER_FORMAT = "credscore-hedging-classifier/2"
#: Belief verbs whose subject may be named ("Smith believes"): then no weasel.
BELIEF_VERBS = frozenset({"believe", "believes", "believed", "think", "thinks", "suspect", "suspects"})
MODALS = frozenset({"may", "might", "could", "can"})
#: Words after a quantifier that make it the subject of a clause ("many have
#: argued", "some say", "most would agree"): WikiWeasel's guidelines (Farkas
#: et al. 2010, section 2.2) name vague quantified subjects as the typical
#: weasel construction.
SUBJECT_VERBS = frozenset({
    "have", "has", "had", "are", "were", "say", "said", "believe", "argue", "argued", "claim", "claimed",
    "consider", "considered", "think", "feel", "felt", "suggest", "suggested", "see", "view", "regard",
    "call", "called", "would", "will", "may", "might", "could", "can", "do", "did",
})
#: A cue-context pair becomes an input when the training rows hold it at
#: least this often: 3 and 5 gave out-of-fold F1 0.631 and 0.632 on the even
#: rows (mean of three fold seeds, C = 1; 0.625 without pairs), 5 keeps
#: fewer inputs (178 against 385).
MIN_PAIR_COUNT = 5


def next_word(doc: Document, i: int) -> str | None:
    """The token after ``i`` if it is in the same sentence, else ``None``."""
    j = i + 1
    if j >= len(doc.tok_lower) or doc.tok_sent[j] != doc.tok_sent[i]:
        return None
    return doc.tok_lower[j]


def prev_word(doc: Document, i: int, back: int = 1) -> str | None:
    j = i - back
    if j < 0 or doc.tok_sent[j] != doc.tok_sent[i]:
        return None
    return doc.tok_lower[j]


@lru_cache(maxsize=1)
def _context_cues() -> PhraseTable:
    return PhraseTable(list(load_tagged("hedging_context_cues").items()))


@lru_cache(maxsize=1)
def _context_anchors() -> frozenset[str]:
    return _context_cues().anchors  # a property that builds the set on every call


@lru_cache(maxsize=1)
def classifier_names() -> tuple[str, ...]:
    """The fixed inputs, from the lexicons (the context pairs come after)."""
    from .hedging import VAGUE_QUANTIFIERS

    names = [f"cue:{e}" for e in sorted(load_tagged("hedging_cues"))] + ["cue:quantified group"]
    for q in sorted(VAGUE_QUANTIFIERS):
        names += [f"quant:{q}", f"quant:{q}:of", f"quant:{q}:first", f"quant:{q}:subject"]
    names += [f"ctx:{e}" for e in sorted(load_tagged("hedging_context_cues"))]
    names += ["modal_be", "named_believer", "cues_2plus"]
    return tuple(names)


def sentence_contexts(doc: Document, cues: list[tuple[int, int, str]] | None = None) -> dict[int, list[str]]:
    """The inputs that each main-content sentence with any cue holds, by name
    and sentence index, fixed inputs and cue-context pairs alike."""
    from .hedging import find_cues

    low, sent, boiler, tok_line = doc.tok_lower, doc.tok_sent, doc.line_boilerplate, doc.tok_line
    out: dict[int, list[str]] = {}
    fixed = set(classifier_names())

    def context(s: int, i: int) -> None:
        after, before = next_word(doc, i), prev_word(doc, i)
        if after is not None:
            out[s].append(f"next:{low[i]}:{after}")
        if before is not None:
            out[s].append(f"prev:{low[i]}:{before}")

    for first, last, tag in find_cues(doc) if cues is None else cues:
        s = sent[first]
        names = out.setdefault(s, [])
        context(s, first)
        if tag == "quantifier":
            q = low[first]
            names.append(f"quant:{q}")
            after = next_word(doc, first)
            if after == "of":
                names.append(f"quant:{q}:of")
            elif after in SUBJECT_VERBS:
                names.append(f"quant:{q}:subject")
            if prev_word(doc, first) is None:
                names.append(f"quant:{q}:first")
            continue
        phrase = " ".join(low[first:last + 1])
        names.append(f"cue:{phrase}" if f"cue:{phrase}" in fixed else "cue:quantified group")
        if tag == "modal" and next_word(doc, first) == "be":
            names.append("modal_be")
        before = first - 1
        if low[first] in BELIEF_VERBS and before >= 0 and sent[before] == s and prev_word(doc, before) is not None \
                and doc.text[doc.tok_start[before]:doc.tok_start[before] + 1].isupper():
            names.append("named_believer")
    anchors = _context_anchors()
    candidates = [i for i, w in enumerate(low) if w in anchors]
    for m in _context_cues().finditer(low, sent, candidates):
        if not boiler[tok_line[m.first]]:
            s = sent[m.first]
            out.setdefault(s, []).append(f"ctx:{m.phrase}")
            context(s, m.first)
    for names in out.values():
        if sum(1 for name in names if name.startswith(("cue:", "quant:")) and name.count(":") == 1) >= 2:
            names.append("cues_2plus")
    return out


class HedgingClassifier:
    """Logistic regression over ``classifier_names()`` and the file's
    ``context_pairs``, validated from JSON."""

    def __init__(self, spec: dict):
        if not isinstance(spec, dict) or spec.get("format") != CLASSIFIER_FORMAT:
            raise ValueError(f"{CLASSIFIER_FILE}: format must be {CLASSIFIER_FORMAT!r}")
        pairs = spec.get("context_pairs")
        if not (isinstance(pairs, list)
                and all(isinstance(p, str) and p.startswith(("next:", "prev:")) for p in pairs)):
            raise ValueError(f"{CLASSIFIER_FILE}: context_pairs must be a list of 'next:'/'prev:' names")
        names = classifier_names() + tuple(pairs)
        if tuple(spec.get("feature_names", ())) != names:
            raise ValueError(f"{CLASSIFIER_FILE}: feature_names differ from the lexicons and context_pairs")
        coef = spec.get("coef")
        if not (isinstance(coef, list) and len(coef) == len(names)
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in coef)):
            raise ValueError(f"{CLASSIFIER_FILE}: coef must be one number per feature")
        intercept, threshold = spec.get("intercept"), spec.get("threshold")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                   for v in (intercept, threshold)) or not np.all(np.isfinite(coef)):
            raise ValueError(f"{CLASSIFIER_FILE}: intercept, threshold and coef must be finite numbers")
        assert isinstance(intercept, (int, float)) and isinstance(threshold, (int, float))
        self.feature_names = names
        self.index = {name: k for k, name in enumerate(names)}
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept, self.threshold = float(intercept), float(threshold)

    def vector(self, names: list[str]) -> np.ndarray:
        """0/1 inputs of one sentence (or of several, pooled) from their names;
        unknown context pairs are dropped."""
        x = np.zeros(len(self.index))
        for name in names:
            k = self.index.get(name)
            if k is not None:
                x[k] = 1.0
        return x

    def probability(self, x: np.ndarray) -> float:
        return 1.0 / (1.0 + math.exp(-max(min(float(x @ self.coef) + self.intercept, 50.0), -50.0)))

    def uncertain(self, contexts: dict[int, list[str]], threshold: float | None = None) -> list[int]:
        """Indices of the sentences called uncertain, in order."""
        cut = self.threshold if threshold is None else threshold
        return sorted(s for s, names in contexts.items() if self.probability(self.vector(names)) >= cut)


@lru_cache(maxsize=1)
def shipped_classifier() -> HedgingClassifier:
    raw = (files("credscore") / "data" / CLASSIFIER_FILE).read_text(encoding="utf-8")
    return HedgingClassifier(json.loads(raw))
