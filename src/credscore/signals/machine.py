"""machine: how likely the main content was written by a language model.

Design
------
A learned probability, ``machine_written_probability``, from a logistic
regression over *stylometric* statistics of the main content that do not
depend on topic, casing or page layout:

- **function-word profile**: the rate per word of each closed-class word of
  ``stopwords_en`` ("the", "of", "which", "however", "don't"...). Chat-tuned
  models lean on some of them ("their", "also", "additionally" is not one,
  but "this" and "its" are) and avoid others ("i", "he", "said"-side "that");
- **punctuation profile**: commas, semicolons, colons, dashes, quotes,
  brackets, question and exclamation marks per word (on the folded text, so
  curly and straight quotes count alike);
- **sentence rhythm** ("burstiness"): mean, standard deviation and
  coefficient of variation of sentence length, and the shares of short and
  long sentences, over sentences that end in ``. ! ?`` (a heading or a list
  label is not a sentence of prose);
- **vocabulary**: word length, moving type-token ratio and hapax share in
  fixed windows of ``WINDOW`` words (so that length does not drive them), the
  share of words from the closed vocabulary, of common words
  (``style_common_lowercase``), of contractions and of numbers.

Every statistic is computed on lower-cased tokens (``Document.tok_lower``) or
on punctuation, never on letter case or line breaks: in the training data
(Chen & Shu 2024, see ``scripts/train_machine.py``) CoAID's human side is
lower-cased and no human text has a line break, so case or paragraph shape
would be learned as the answer. For the same reason paragraph regularity is
not an input: the data cannot teach it honestly.

The weights are data, ``data/machine_written.json``, validated on load and
rebuilt exactly by ``python scripts/train_machine.py``; the figures
(ROC-AUC on unseen groups, per generator, task and dataset) come from
``python benchmarks/eval_machine.py``.

Evidence: the sentences whose own function-word and punctuation profile
scores most machine-like under the same linear weights (at most
``MAX_EVIDENCE``), reported only when the page's probability is at least 0.5.
Texts under ``MIN_WORDS`` main-content words get NaN: their rates are noise.
The whole family is English-only (its function words are English), so on
other languages it reports NaN and no evidence.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import repeat

import numpy as np

from ..document import Document
from ..lexicon import load_words
from ..types import FeatureSpec, FlagRule, ReasonText, SignalResult, Span

SIGNAL = "machine"
#: Where this family runs, and where its features appear in every output.
ORDER = 70

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "machine_written_probability",
        "Probability that the main content was written by a language model, from a "
        "logistic regression over casing-free stylometric statistics (function words, "
        "punctuation, sentence-length burstiness, vocabulary richness); trained on "
        "human news and its LLM rewrites (Chen & Shu 2024); NaN when the main content has "
        "fewer than 60 words",
        0.0, 1.0, "higher_worse", english_only=True,
        reason=ReasonText("probability that the text is machine-written (a model of word and punctuation habits)",
                          ("machine/machine_like_sentence",)),
        # A red flag, not a model input: the training corpora predate chat
        # models, so the model could learn no weight for it, yet an LLM
        # rewrite of a story (true or not) reads as measured news and rose by
        # about 0.02 on average. At 0.9 the flag fires on at most 1.7 % of
        # human news never trained on (AllSides 0.0 %, FakeHealth 0.1 %,
        # FA-KES 0.2 %, ReCOVery 0.5 %, hyperpartisan 0.8 %, GossipCop 1.7 %,
        # CoAID 1.7 %) and on 32 to 44 % of CoAID's LLM rewrites, which the
        # detector never saw (measured by us; docs/signals.md). The factor is
        # the claim flags' 0.7.
        flag=FlagRule("machine_written", 0.9,
                      text="a probability of 0.9 that a language model wrote it: at most 1.7 % of human news",
                      factor=0.7, order=4),
    ),
    FeatureSpec(
        "machine_sentence_length_cv",
        "Coefficient of variation of sentence length in words (burstiness: human prose "
        "varies more); NaN when the main content has fewer than 60 words",
        0.0, math.inf, "lower_worse", english_only=True,
        reason=ReasonText("variation of sentence length (machine text is more even)"),
    ),
    FeatureSpec(
        "machine_type_token_ratio",
        "Mean type-token ratio in windows of 100 words (lexical variety); NaN when the main "
        "content has fewer than 60 words",
        0.0, 1.0, "neutral", english_only=True,
        reason=ReasonText("variety of words (type-token ratio per 100 words)"),
    ),
)

#: Fewer main-content words than this, and the rates are noise (one comma
#: more or less moves a rate by 2 per 100 words). Chosen, not tuned: about
#: three sentences of news prose; in the benchmark the texts under it are
#: mostly one-sentence paraphrases of a headline (1,760 of 5,542 texts).
MIN_WORDS = 60
#: Window, in words, of the type-token and hapax statistics: fixed so that
#: they do not fall with length (a long text repeats more words).
WINDOW = 100
#: Sentences shorter than this (in words) are not scored for evidence.
EVIDENCE_MIN_WORDS = 8
#: Rhythm and evidence read the first this many sentences, vocabulary the
#: first this many windows: plenty for a statistic (the benchmark's longest
#: text has about 200 sentences) and a bound on the Python loops, so that a
#: page of a million one-word sentences costs no more than a long article.
MAX_SENTENCES = 2000
MAX_WINDOWS = 200
MAX_EVIDENCE = 3
#: Sentences counted short / long in the rhythm shares (newswire medians run
#: about 20 words a sentence).
SHORT_SENTENCE = 10
LONG_SENTENCE = 30



@dataclass(frozen=True)
class MachineConfig:
    """When the family reports, and how much evidence it shows. The profile's
    own constants (``WINDOW``, ``MAX_SENTENCES``, ``MAX_WINDOWS``,
    ``SHORT_SENTENCE``, ``LONG_SENTENCE``) are not settings: the shipped
    weights were trained on statistics computed with them."""

    #: See ``MIN_WORDS``: fewer main-content words and the result is NaN.
    min_words: int = MIN_WORDS
    #: See ``EVIDENCE_MIN_WORDS`` and ``MAX_EVIDENCE``.
    evidence_min_words: int = EVIDENCE_MIN_WORDS
    max_evidence: int = MAX_EVIDENCE
    #: Evidence is shown only at or above this probability: the model's own
    #: decision threshold.
    evidence_min_probability: float = 0.5


CONFIG = MachineConfig

#: Punctuation counted per word, with its feature-name suffix.
PUNCTUATION = {",": "comma", ";": "semicolon", ":": "colon", "-": "dash", '"': "dquote",
               "'": "squote", "(": "paren", "?": "question", "!": "exclamation", ".": "period"}
WEIGHTS_FILE = "machine_written.json"
FORMAT = "credscore-machine-written/1"


@lru_cache(maxsize=1)
def function_words() -> tuple[str, ...]:
    return tuple(sorted(load_words("stopwords_en")))


def profile_names() -> list[str]:
    names = [f"fw:{w}" for w in function_words()]
    names += [f"punct:{n}" for n in PUNCTUATION.values()]
    names += ["sent_mean", "sent_std", "sent_cv", "sent_short_share", "sent_long_share",
              "word_len_mean", "word_long_share", "ttr_window", "hapax_window",
              "closed_share", "common_share", "contraction_share", "number_share"]
    return names


def _main_sentences(doc: Document) -> list[tuple[int, int, int]]:
    """(first token, end token, sentence end offset) of each prose sentence on
    a main-content line: it ends in ``. ! ?`` (with closing quotes)."""
    out = []
    boiler, norm, sent_line = doc.line_boilerplate, doc.norm, doc.sent_line
    n_sentences = min(len(doc.sentences), MAX_SENTENCES)
    # A binary search per sentence, mapped in C, instead of an array of every token's sentence.
    bounds = list(map(bisect_left, repeat(doc.tok_sent), range(n_sentences + 1)))
    for i, (start, end) in enumerate(doc.sentences[:MAX_SENTENCES]):
        last = end - 1
        while last > start and norm[last] in "\"')]":  # sentences are disjoint: linear overall
            last -= 1
        if norm[last] in ".!?" and bounds[i + 1] > bounds[i] and not boiler[sent_line[i]]:
            out.append((bounds[i], bounds[i + 1], end))
    return out


def profile(
    doc: Document, sentences: list[tuple[int, int, int]] | None = None, min_words: int = MIN_WORDS
) -> np.ndarray | None:
    """The stylometric vector of ``profile_names()``, or None when the main
    content has fewer than ``min_words`` words (at least one is needed).
    ``sentences``: the document's ``_main_sentences``, when the caller has
    them already."""
    main = doc.main_tokens
    if len(main) < max(min_words, 1):
        return None
    # Most pages have no furniture: their words are all the tokens.
    words = doc.tok_lower if len(main) == len(doc.tok_lower) else list(map(doc.tok_lower.__getitem__, main))
    n = len(words)
    # Over word types, not tokens: a page has about a third as many.
    freq = Counter(words)
    fws = function_words()
    counts = np.fromiter(map(freq.get, fws, repeat(0)), dtype=np.float64, count=len(fws))
    closed = float(counts.sum())
    common = load_words("style_common_lowercase")
    contractions = numbers = long_words = letters = common_hits = 0
    for w, c in freq.items():
        letters += len(w) * c
        if len(w) >= 7:
            long_words += c
        if "'" in w:
            contractions += c
        if w[0].isdigit():
            numbers += c
        if w in common:
            common_hits += c
    # Punctuation on main-content lines only (line breaks are none).
    norm, boiler = doc.norm, doc.line_boilerplate
    text = "".join(norm[s:e] for s, e, b in zip(doc.line_start, doc.line_end, boiler) if not b) if any(boiler) else norm
    punct = np.array([text.count(ch) for ch in PUNCTUATION]) / n
    lengths = np.array([last - first for first, last, _ in
                        (_main_sentences(doc) if sentences is None else sentences)], dtype=np.float64)
    if len(lengths) >= 2:
        mean, std = float(lengths.mean()), float(lengths.std())
        rhythm = [mean, std, std / mean, float(np.mean(lengths <= SHORT_SENTENCE)),
                  float(np.mean(lengths >= LONG_SENTENCE))]
    else:  # one sentence or none: no rhythm to read; neutral values
        mean = float(lengths[0]) if len(lengths) else float(n)
        rhythm = [mean, 0.0, 0.0, 0.0, 0.0]
    ttrs, hapaxes = [], []
    for start in range(0, min(max(n - WINDOW, 0), MAX_WINDOWS * WINDOW) + 1, WINDOW):
        window = words[start:start + WINDOW]
        seen = Counter(window)
        ttrs.append(len(seen) / len(window))
        hapaxes.append(list(seen.values()).count(1) / len(window))
    vocab = [letters / n, long_words / n, float(np.mean(ttrs)), float(np.mean(hapaxes)),
             closed / n, common_hits / n, contractions / n, numbers / n]
    return np.concatenate([counts / n, punct, rhythm, vocab])


class MachineModel:
    """Standardised logistic regression over ``profile_names()``, from JSON."""

    def __init__(self, spec: dict):
        if not isinstance(spec, dict) or spec.get("format") != FORMAT:
            raise ValueError(f"{WEIGHTS_FILE}: format must be {FORMAT!r}")
        names = profile_names()
        if spec.get("feature_names") != names:
            raise ValueError(f"{WEIGHTS_FILE}: feature_names differ from the code's profile")
        arrays = {}
        for key in ("mean", "scale", "coef"):
            value = spec.get(key)
            if not (isinstance(value, list) and len(value) == len(names)
                    and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
                raise ValueError(f"{WEIGHTS_FILE}: {key} must be {len(names)} numbers")
            arrays[key] = np.asarray(value, dtype=np.float64)
        intercept = spec.get("intercept")
        if not isinstance(intercept, (int, float)) or isinstance(intercept, bool):
            raise ValueError(f"{WEIGHTS_FILE}: intercept must be a number")
        if not all(np.all(np.isfinite(a)) for a in arrays.values()) or not math.isfinite(intercept) \
                or np.any(arrays["scale"] <= 0):
            raise ValueError(f"{WEIGHTS_FILE}: numbers must be finite and scales positive")
        self.mean, self.scale, self.coef = arrays["mean"], arrays["scale"], arrays["coef"]
        self.intercept = float(intercept)
        # Weight per raw unit: margin = x @ w + b.
        self.w = self.coef / self.scale
        self.b = self.intercept - float(self.coef @ (self.mean / self.scale))

    def margin(self, x: np.ndarray) -> float:
        return float(x @ self.w + self.b)

    def probability(self, x: np.ndarray) -> float:
        return float(1.0 / (1.0 + math.exp(-max(min(self.margin(x), 50.0), -50.0))))


@lru_cache(maxsize=1)
def shipped_model() -> MachineModel:
    raw = (files("credscore") / "data" / WEIGHTS_FILE).read_text(encoding="utf-8")
    return MachineModel(json.loads(raw, parse_constant=_reject))


def _reject(name: str) -> None:
    raise ValueError(f"{WEIGHTS_FILE}: {name} is not a number")


def _evidence(
    doc: Document, model: MachineModel, sentences: list[tuple[int, int, int]], cfg: MachineConfig | None = None
) -> list[Span]:
    """The sentences whose own word and punctuation rates score highest: per
    sentence, the linear part of the margin that rates contribute."""
    cfg = cfg or MachineConfig()
    fws = function_words()
    n_fw = len(fws)
    w_word = dict(zip(fws, model.w[:n_fw].tolist()))
    w_punct = model.w[n_fw:n_fw + len(PUNCTUATION)].tolist()
    scored = []
    for first, last, end in sentences:
        size = last - first
        if size < cfg.evidence_min_words:
            continue
        start = doc.tok_start[first]
        chunk = doc.norm[start:end]
        total = sum(w_word.get(doc.tok_lower[i], 0.0) for i in range(first, last))
        total += sum(w * chunk.count(ch) for w, ch in zip(w_punct, PUNCTUATION))
        scored.append((total / size, start, end))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return sorted(Span(s, e, SIGNAL, "machine_like_sentence") for _, s, e in scored[:cfg.max_evidence])


def compute(doc: Document, config: MachineConfig | None = None) -> SignalResult:
    cfg = config or MachineConfig()
    nan = float("nan")
    if len(doc.main_tokens) < cfg.min_words:
        return SignalResult({spec.name: nan for spec in FEATURES})
    sentences = _main_sentences(doc)
    x = profile(doc, sentences, cfg.min_words)
    if x is None:
        return SignalResult({spec.name: nan for spec in FEATURES})
    model = shipped_model()
    probability = model.probability(x)
    names = profile_names()
    spans = _evidence(doc, model, sentences, cfg) if probability >= cfg.evidence_min_probability else []
    return SignalResult(
        {
            "machine_written_probability": probability,
            "machine_sentence_length_cv": float(x[names.index("sent_cv")]),
            "machine_type_token_ratio": float(x[names.index("ttr_window")]),
        },
        spans,
    )
