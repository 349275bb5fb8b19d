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
- ``kind:<tag>``: the kind of each cue (modal, adverb, adjective, verb,
  weasel), so that a rare cue borrows the weight of its kind;
- ``passive:<kind>`` and ``passive:<kind>:as``: an agentless passive of a
  verb of saying, believing or evaluating ("is said to", "was deemed",
  "is hotly disputed"; ``hedging_grammar_words``), ``:as`` when "as",
  "to" or "that" follows; a "by" agent within three words after it
  ("praised by Smith") gives no input;
- ``generic_claim``: an unnamed group claiming ("they allege", "critics
  contend"), and ``it_be_that``: "it is assumed that", "it is likely to";
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
from collections import Counter
from functools import lru_cache
from importlib.resources import files
from itertools import compress, repeat
from typing import TYPE_CHECKING

import numpy as np

from ..lexicon import PhraseTable, load_tagged

if TYPE_CHECKING:
    from ..document import Document

CLASSIFIER_FILE = "hedging_classifier.json"
CLASSIFIER_FORMAT = "credscore-hedging-classifier/3"
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
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "am"})
#: Words that may stand between "be" and its participle ("is often said",
#: "was hotly disputed"), besides any word in -ly; two at most.
PASSIVE_ADVERBS = frozenset({
    "also", "often", "sometimes", "still", "now", "long", "widely", "generally", "commonly", "not", "n't", "never",
    "even", "once", "later", "since", "first", "traditionally",
})
#: Words between a generic subject and its verb ("they also claim").
SUBJECT_ADVERBS = frozenset({"also", "often", "still", "generally", "further", "even"})
#: Words between "it is" and "that"/"to" ("it is assumed that", "it is not
#: likely to"), besides any word in -ly.
IT_ADVERBS = frozenset({"not", "n't", "also", "now", "often", "generally", "widely"})


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
    names += [f"kind:{tag}" for tag in sorted(set(load_tagged("hedging_cues").values()) | {"weasel"})]
    for kind in sorted({tag for tag in _grammar_words().values() if tag not in ("subject", "claim")}):
        names += [f"passive:{kind}", f"passive:{kind}:as"]
    names += ["generic_claim", "it_be_that"]
    return tuple(names)


@lru_cache(maxsize=1)
def _grammar_words() -> dict[str, str]:
    return load_tagged("hedging_grammar_words")


@lru_cache(maxsize=1)
def _triggers() -> tuple[frozenset[str], frozenset[str]]:
    """The words that start a context cue or a grammar match, and the latter."""
    grammar = BE_FORMS | {w for w, tag in _grammar_words().items() if tag == "subject"}
    return _context_anchors() | grammar, grammar


@lru_cache(maxsize=1)
def _fixed_names() -> frozenset[str]:
    return frozenset(classifier_names())


def grammar_contexts(doc: Document, candidates: list[int] | None = None) -> list[tuple[int, str]]:
    """``(sentence, input)`` for the agentless passives, generic claims and
    "it is ... that" of the main content (see the module docstring);
    ``candidates``, if given, holds at least every token that is a form of
    "be" or a generic subject."""
    low, sent, boiler, tok_line = doc.tok_lower, doc.tok_sent, doc.line_boilerplate, doc.tok_line
    words, n, out = _grammar_words(), len(low), []
    grammar = _triggers()[1]
    # Inlined index checks: this runs on every form of "be" of every page.
    for i in range(n) if candidates is None else candidates:
        w = low[i]
        if w not in grammar:
            continue
        s, j = sent[i], i + 1
        if j >= n or sent[j] != s or boiler[tok_line[i]]:
            continue
        after = low[j]
        if w not in BE_FORMS:  # a generic subject: "they allege", "critics also contend"
            if after in SUBJECT_ADVERBS and j + 1 < n and sent[j + 1] == s:
                j += 1
            if words.get(low[j]) == "claim":
                out.append((s, "generic_claim"))
            continue
        if i and low[i - 1] == "it" and sent[i - 1] == s:  # "it is assumed that", "it is not likely to"
            for k in (j, j + 1) if after.endswith("ly") or after in IT_ADVERBS else (j,):
                if k + 1 < n and sent[k + 1] == s and low[k + 1] in ("that", "whether", "to"):
                    out.append((s, "it_be_that"))
                    break
        while after not in words and (after.endswith("ly") or after in PASSIVE_ADVERBS) and j < i + 3:
            j += 1
            after = low[j] if j < n and sent[j] == s else ""
        kind = words.get(after)
        if kind is None or kind in ("subject", "claim"):
            continue
        follow = [low[k] for k in range(j + 1, min(j + 4, n)) if sent[k] == s]
        if "by" not in follow:
            out.append((s, f"passive:{kind}"))
            if follow and follow[0] in ("as", "to", "that"):
                out.append((s, f"passive:{kind}:as"))
    return out


def sentence_contexts(doc: Document, cues: list[tuple[int, int, str]] | None = None) -> dict[int, list[str]]:
    """The inputs that each main-content sentence with any cue or grammar match
    holds, by name and sentence index, fixed inputs and cue-context pairs alike."""
    from .hedging import find_cues

    low, sent, boiler, tok_line = doc.tok_lower, doc.tok_sent, doc.line_boilerplate, doc.tok_line
    out: dict[int, list[str]] = {}
    fixed = _fixed_names()

    def context(s: int, i: int) -> None:
        after, before = next_word(doc, i), prev_word(doc, i)
        if after is not None:
            out[s].append(f"next:{low[i]}:{after}")
        if before is not None:
            out[s].append(f"prev:{low[i]}:{before}")

    if cues is None:
        cues = find_cues(doc)
    for first, last, tag in cues:
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
        names.append(f"kind:{tag}")
        if tag == "modal" and next_word(doc, first) == "be":
            names.append("modal_be")
        before = first - 1
        if low[first] in BELIEF_VERBS and before >= 0 and sent[before] == s and prev_word(doc, before) is not None \
                and doc.text[doc.tok_start[before]:doc.tok_start[before] + 1].isupper():
            names.append("named_believer")
    anchors = _context_anchors()
    candidates = list(compress(range(len(low)), map(_triggers()[0].__contains__, low)))
    for m in _context_cues().finditer(low, sent, [i for i in candidates if low[i] in anchors]):
        if not boiler[tok_line[m.first]]:
            s = sent[m.first]
            out.setdefault(s, []).append(f"ctx:{m.phrase}")
            context(s, m.first)
    for s, name in grammar_contexts(doc, candidates):
        out.setdefault(s, []).append(name)
    for s, n_cues in Counter(sent[first] for first, _, _ in cues).items():
        if n_cues >= 2:
            out[s].append("cues_2plus")
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
        self._weight = {name: float(c) for name, c in zip(names, coef)}
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

    def logit(self, names: list[str]) -> float:
        """``vector(names) @ coef + intercept`` without the vector: the inputs
        are 0/1, so each name present adds its weight once."""
        present = dict.fromkeys(names)
        return sum(map(self._weight.get, present, repeat(0.0, len(present)))) + self.intercept

    def uncertain(self, contexts: dict[int, list[str]], threshold: float | None = None) -> list[int]:
        """Indices of the sentences called uncertain, in order."""
        cut = self.threshold if threshold is None else threshold
        return sorted(s for s, names in contexts.items()
                      if 1.0 / (1.0 + math.exp(-max(min(self.logit(names), 50.0), -50.0))) >= cut)


@lru_cache(maxsize=1)
def shipped_classifier() -> HedgingClassifier:
    raw = (files("credscore") / "data" / CLASSIFIER_FILE).read_text(encoding="utf-8")
    return HedgingClassifier(json.loads(raw))
