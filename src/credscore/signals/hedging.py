"""hedging: how much of the main content is stated with reservation.

Design
------
A hedge is a word or phrase that withholds full commitment to a claim: an
epistemic modal ("may", "might", "could"), an adverb ("possibly",
"reportedly", "allegedly"), an adjective ("potential risks", "unclear"), a
speculative verb ("appears to", "suggests", "is thought") or a weasel phrase
that leans on an unnamed majority ("it is believed", "is widely regarded",
"many scholars"). The cue classes are those of the CoNLL-2010 shared task on
hedge and weasel detection (Farkas et al. 2010), whose Wikipedia part
(WikiWeasel) is also the benchmark (``benchmarks/eval_hedging.py``).

Cues are matched on the Document's folded tokens with a :class:`~credscore.lexicon.PhraseTable`
(``data/lexicons/hedging_cues.txt``, plus quantifier + group pairs built from
``hedging_weasel_groups.txt``), then
a few context rules drop the false senses that a word list cannot see:

- "May" the month or the name: capitalised away from a sentence start, next
  to a number ("May 2024", "5 May"), or after "in"/"since"/"until"...;
- "could not", "could never": inability in the past, not doubt. "may not" and
  "might not" stay hedges (the negation is inside the possibility);
- "potential" and "apparent" only before a noun ("potential risks"), not as
  nouns or predicates ("the potential of", "it became apparent");
- "possible" in set phrases ("as soon as possible", "made possible");
- "might" the noun ("military might.") and other modals with no verb after.

Vague quantifiers ("some", "many", "most", "several"...) are found too but
kept apart (their own feature and span reason, not in the hedge counts): they
make up much of WikiWeasel's "uncertain" class, but in news they are common
and only weakly evasive.

Beside the counts, a learned sentence classifier (logistic regression over
which cues a sentence holds and their context, plus peacock words,
approximators and impersonal passives from ``hedging_context_cues``, and
the words around each cue; ``signals.hedging_classifier``) gives
``hedging_uncertain_sentence_share`` and an ``uncertain_sentence`` span per
sentence it flags. It learns what a word
list cannot: on Wikipedia "may" is rarely a weasel (a quarter of its
sentences are labelled uncertain), "probably" and "some historians" nearly
always are, and "Smith believes" names its believer.

Benchmark (``python benchmarks/eval_hedging.py``): a WikiWeasel sentence is
called uncertain when the classifier flags it or ``signals.attribution``
finds an unnamed attribution; on the odd rows, never tuned on, F1 is 0.621
(precision 0.599, recall 0.644), against 0.608 (0.587, 0.632) without the
cue-context and grammar inputs and 0.564 (0.475, 0.695) for "any cue"; the
supervised CoNLL-2010 systems reached 0.55 to 0.60.
Modals cost the cue counts precision there but are kept, since in news they
are the main way speculation is worded.

Only main-content tokens count (boilerplate lines are page furniture). Rates
are per 1,000 main-content words and the sentence share is over main-content
sentences, so length does not drive them; empty input gives 0.0 everywhere.

Hedging is not in itself a sign of low credibility (careful reporting hedges
what it cannot confirm), so the hedge rates are ``neutral``; weasel phrases,
which hide who holds a view, are ``higher_worse``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import compress, count
from typing import TYPE_CHECKING

from ..lexicon import PhraseMatch, PhraseTable, load_tagged, load_words
from ..types import FeatureSpec, ReasonText, SignalResult, Span
from .hedging_classifier import (
    CLASSIFIER_FILE,
    CLASSIFIER_FORMAT,
    HedgingClassifier,
    classifier_names,
    sentence_contexts,
    shipped_classifier,
)
from .hedging_classifier import next_word as _next_word
from .hedging_classifier import prev_word as _prev_word

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "hedging"
#: Where this family runs, and where its features appear in every output.
ORDER = 80

__all__ = [
    "CLASSIFIER_FILE", "CLASSIFIER_FORMAT", "CONFIG", "FEATURES", "HedgingClassifier", "HedgingConfig",
    "classifier_names", "compute", "find_cues", "sentence_contexts", "shipped_classifier",
]


@dataclass(frozen=True)
class HedgingConfig:
    """The hedging signal's tunable threshold."""

    #: Probability from which the sentence classifier calls a sentence
    #: uncertain; None takes the threshold shipped with its weights, chosen
    #: by ``scripts/train_hedging.py`` on out-of-fold predictions of
    #: WikiWeasel's even rows (best F1 with precision and recall within 0.15).
    uncertain_threshold: float | None = None


CONFIG = HedgingConfig

#: Quantifiers that make a following group noun a weasel phrase ("many
#: scholars"); WikiWeasel's guidelines (Farkas et al. 2010, section 2.2) name
#: vague quantified subjects as the typical weasel construction.
WEASEL_QUANTIFIERS = ("some", "many", "most", "numerous", "countless")

#: Vague quantifiers: "many have argued", "some of its methods", "most
#: historians". Wikipedia's "Words to watch" lists them among unsupported
#: attributions, and in WikiWeasel's even rows a sentence with "some" or
#: "many" is labelled uncertain about twice as often as one without (0.67
#: and 0.63 against a base rate of 0.29). Counted apart from the hedges:
#: in news prose they are common and only weakly evasive.
VAGUE_QUANTIFIERS = frozenset({"some", "many", "most", "several", "certain", "others"})
#: Context that gives a quantifier a precise or other sense: "some 2,000"
#: (a number follows), "as many as", "how many", "the most important",
#: "at most", "one of the most", "is certain that", "almost certain".
QUANTIFIER_NOT_AFTER = {
    "many": frozenset({"as", "how"}),
    "most": frozenset({"the", "at", "one", "is", "was", "are", "were"}),
    "certain": frozenset({"is", "are", "was", "were", "be", "been", "am", "not", "almost", "for", "make", "made",
                          "feel"}),
}

#: Words before a lower-case "may" that make it the month ("in may 2024").
MONTH_PREPOSITIONS = frozenset({"in", "since", "until", "till", "during", "through", "early", "mid", "late"})

#: Words after "could" that turn it into past inability ("could not reach").
INABILITY_NEGATIONS = frozenset({"not", "never", "hardly", "barely", "scarcely"})

#: Words after "potential"/"apparent" showing a noun or predicate use
#: ("the potential of", "potential to", "apparent that"), not a hedge.
NOT_A_NOUN_AFTER = frozenset({
    "of", "for", "to", "and", "or", "but", "is", "was", "are", "were", "be", "in", "on", "at",
    "that", "as", "than", "has", "have", "had", "will", "would", "with", "from", "by",
})

#: Words just before "possible" that make it a set phrase ("as soon as
#: possible", "whenever possible", "made possible", "the best possible").
POSSIBLE_SET_PHRASE_BEFORE = frozenset({
    "as", "if", "whenever", "wherever", "where", "best", "made", "make", "makes", "making",
    "everything", "humanly",
})

#: A modal followed by one of these (or by nothing) is not a modal verb:
#: "military might of Russia", "might and".
NOT_A_VERB_AFTER = frozenset({"of", "and", "or", "the", "a", "an", "is", "was"})
#: "might" after one of these is the noun: "military might", "with all its might".
MIGHT_NOUN_BEFORE = frozenset({"military", "economic", "naval", "nuclear", "its", "his", "her", "their", "our", "full",
                               "all"})

_REASONS = {
    "modal": "hedge_modal",
    "adverb": "hedge_adverb",
    "adjective": "hedge_adjective",
    "verb": "hedge_verb",
    "weasel": "weasel_phrase",
    "quantifier": "vague_quantifier",
}


def _build_index() -> PhraseTable:
    entries = list(load_tagged("hedging_cues").items())
    groups = sorted(load_words("hedging_weasel_groups"))
    entries += [(f"{q} {g}", "weasel") for q in WEASEL_QUANTIFIERS for g in groups]
    return PhraseTable(entries)


_CUES = _build_index()
_TRIGGERS = _CUES.anchors | VAGUE_QUANTIFIERS

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "hedging_hedged_sentence_share",
        "Share of main-content sentences with at least one hedge cue or weasel phrase.",
        0.0, 1.0, "neutral", english_only=True,
        reason=ReasonText("of sentences hedge with words like 'may', 'possibly' or 'reportedly'", (), "share"),
        in_model=True,
    ),
    FeatureSpec(
        "hedging_cues_per_1k_words",
        "Hedge cues of every kind (modal, adverb, adjective, verb, weasel) per 1,000 main-content words.",
        0.0, 1000.0, "neutral", english_only=True,
        reason=ReasonText(
            "hedge words",
            ("hedging/hedge_modal", "hedging/hedge_adverb", "hedging/hedge_adjective", "hedging/hedge_verb",
             "hedging/weasel_phrase"),
            "per_1k_words",
            "hedge word",
        ),
        why_not_in_model="collinear with hedging_hedged_sentence_share, which it enters",
    ),
    FeatureSpec(
        "hedging_modals_per_1k_words",
        "Epistemic modals (may, might, could; not the month, not 'could not') per 1,000 main-content words.",
        0.0, 1000.0, "neutral", english_only=True,
        reason=ReasonText("hedging modals such as 'may', 'might' or 'could'", ("hedging/hedge_modal",),
                          "per_1k_words", "hedging modal such as 'may', 'might' or 'could'"),
        why_not_in_model="collinear with hedging_hedged_sentence_share, which it enters",
    ),
    FeatureSpec(
        "hedging_vague_quantifiers_per_1k_words",
        "Vague quantifiers standing for unnamed people or things ('some', 'many', 'most', 'several', "
        "'certain', 'others') per 1,000 main-content words; not counted as hedge cues.",
        0.0, 1000.0, "neutral", english_only=True,
        reason=ReasonText("vague quantifiers such as 'some', 'many' or 'most'", ("hedging/vague_quantifier",),
                          "per_1k_words", "vague quantifier such as 'some', 'many' or 'most'"),
        why_not_in_model="'some', 'many', 'most' are ordinary English, not evidence",
    ),
    FeatureSpec(
        "hedging_weasel_per_1k_words",
        "Weasel phrases that lean on an unnamed majority ('it is believed', 'widely regarded', "
        "'many scholars') per 1,000 main-content words.",
        0.0, 1000.0, "higher_worse", english_only=True,
        reason=ReasonText("weasel phrases", ("hedging/weasel_phrase",), "per_1k_words", "weasel phrase"),
        in_model=True,
    ),
    FeatureSpec(
        "hedging_uncertain_sentence_share",
        "Share of main-content sentences that the learned sentence classifier (logistic regression "
        "over the cues above, peacock words, approximators and impersonal passives; trained on "
        "WikiWeasel's tuning rows) calls uncertain.",
        0.0, 1.0, "neutral", english_only=True,
        reason=ReasonText("of sentences read as hedged or weasel-worded by a learned classifier",
                          ("hedging/uncertain_sentence",), "share"),
    ),
)


def _is_month_may(doc: Document, i: int) -> bool:
    surface = doc.text[doc.tok_start[i]:doc.tok_end[i]]
    after, before = _next_word(doc, i), _prev_word(doc, i)
    if (after and after[0].isdigit()) or (before and before[0].isdigit()):
        return True  # "May 2024", "May 5", "5 May"
    if before in MONTH_PREPOSITIONS:
        return True
    # Capitalised inside a sentence: the month or a name ("in May", "Theresa
    # May said"). Upper-case headings ("MAY") keep the modal reading.
    return before is not None and surface[:1].isupper() and not surface.isupper()


def _keep(doc: Document, m: PhraseMatch) -> bool:
    """Whether a lexicon match is a hedge in its context."""
    if m.first != m.last:
        return True
    i = m.first
    word = doc.tok_lower[i]
    if m.tag == "modal":
        after = _next_word(doc, i)
        if after is None or after in NOT_A_VERB_AFTER:
            return False
        if word == "may" and _is_month_may(doc, i):
            return False
        if word == "might" and _prev_word(doc, i) in MIGHT_NOUN_BEFORE:
            return False
        return not (word == "could" and after in INABILITY_NEGATIONS)
    if word in ("potential", "apparent"):
        after = _next_word(doc, i)
        if after is None or after in NOT_A_NOUN_AFTER:
            return False
        # Only a noun right after it, not across punctuation ("potential, ...").
        return doc.norm[doc.tok_end[i]:doc.tok_start[i + 1]].isspace()
    if word == "possible":
        return _prev_word(doc, i) not in POSSIBLE_SET_PHRASE_BEFORE and not (
            _prev_word(doc, i) == "it" and _prev_word(doc, i, 2) in POSSIBLE_SET_PHRASE_BEFORE
        )
    return True


def find_cues(doc: Document) -> list[tuple[int, int, str]]:
    """Hedge cues in the main content as ``(first_token, last_token, tag)``,
    in text order. Vague quantifiers come with the tag ``quantifier``."""
    boiler, tok_line, low = doc.line_boilerplate, doc.tok_line, doc.tok_lower
    candidates = list(compress(count(), map(_TRIGGERS.__contains__, low)))  # one pass mapped in C
    cues = [
        (m.first, m.last, m.tag)
        for m in _CUES.finditer(low, doc.tok_sent, candidates)
        if not boiler[tok_line[m.first]] and _keep(doc, m)
    ]
    inside = {i for first, last, _ in cues for i in range(first, last + 1)}
    for i in [i for i in candidates if low[i] in VAGUE_QUANTIFIERS]:
        if i in inside or boiler[tok_line[i]]:
            continue
        after = _next_word(doc, i)
        if (after is None and low[i] != "others") or (after and after[0].isdigit()):
            continue
        if _prev_word(doc, i) in QUANTIFIER_NOT_AFTER.get(low[i], ()) or (low[i] == "certain" and after == "that"):
            continue
        cues.append((i, i, "quantifier"))
    cues.sort()
    return cues


def compute(doc: Document, config: HedgingConfig | None = None) -> SignalResult:
    config = config or HedgingConfig()
    cues = find_cues(doc)
    tok_sent = doc.tok_sent
    main = doc.main_tokens  # on a page without furniture, every token
    main_sentences = set(tok_sent) if len(main) == len(tok_sent) else set(map(tok_sent.__getitem__, main))
    n_sentences = len(main_sentences)
    tags = Counter(tag for _, _, tag in cues)
    n_hedges = len(cues) - tags["quantifier"]
    hedged = {tok_sent[first] for first, _, tag in cues if tag != "quantifier"}
    spans = [
        Span(doc.tok_start[first], doc.tok_end[last], SIGNAL, _REASONS[tag]) for first, last, tag in cues
    ]
    classifier = shipped_classifier()
    uncertain = [s for s in classifier.uncertain(sentence_contexts(doc, cues), config.uncertain_threshold)
                 if s in main_sentences]
    spans += [Span(*doc.sentences[s], SIGNAL, "uncertain_sentence") for s in uncertain]
    spans.sort()
    return SignalResult(
        {
            "hedging_hedged_sentence_share": len(hedged) / n_sentences if n_sentences else 0.0,
            "hedging_cues_per_1k_words": doc.per_1k(n_hedges),
            "hedging_modals_per_1k_words": doc.per_1k(tags["modal"]),
            "hedging_vague_quantifiers_per_1k_words": doc.per_1k(tags["quantifier"]),
            "hedging_weasel_per_1k_words": doc.per_1k(tags["weasel"]),
            "hedging_uncertain_sentence_share": len(uncertain) / n_sentences if n_sentences else 0.0,
        },
        spans,
    )
