"""``score``: the reliability of one document, with the reasons behind it.

The text model sees only the signals of :func:`credscore.extract`. Its
calibrated logit is split exactly into a base value (an average training
document) plus one contribution per feature, so every score can be read as
"the average document, moved up by these features and down by those".

Two situations lower confidence, and the result says so in ``warnings`` and
``confidence``:

- text that is not English: English-lexicon features are NaN and contribute
  exactly nothing (the model imputes them with the training mean);
- little main content: below ``MIN_WORDS`` words, per-1,000-word rates are
  noise, so the contributions are shrunk towards the base by
  ``words / MIN_WORDS`` (the base plus the shrunk contributions still add up
  to the reported score's logit).

Three figures, named so they cannot be confused:

- ``reliability``: the model's calibrated probability, as trained (None when
  the input is unscorable: see below);
- ``quality``: how much of the input is an intact article
  (:mod:`credscore.quality`), reported for every input;
- ``score``: the headline figure to filter on, ``reliability`` lowered by
  page damage (``headline_score``), and ``band`` read from it.

``band`` is ``"unscorable"`` and ``reliability`` and ``score`` are None when
there is no article the model can honestly score: too little main content,
a notice page, markup rather than text, or a language the model was not
trained on. ``reason_codes`` says why, in datatrove's style.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np

from ._version import __version__
from .config import ExtractConfig
from .extraction import Features, extract
from .model import VOCABULARY_FEATURE, ReliabilityModel, TermHits, shipped_model, sigmoid
from .quality import MIN_WORDS, QUALITY_LOW, Quality, assess
from .reasons import reason_text
from .registry import flag_rules
from .sources import MAX_URL_CHARS, combine, host_of, lookup
from .terms import find_terms
from .types import ResultWarning, Span

__all__ = ["Flag", "Reason", "Score", "flag_rules", "score"]

# MIN_WORDS (from quality): fewer main-content words than this and the
# model's contributions are shrunk towards the base, and the result is
# unscorable. 50 words is Gopher's minimum document length (Rae et al. 2021,
# table A1), below which it drops a document.
#: How many reasons a result lists.
TOP_REASONS = 5

#: Red flags: evidence an editor would act on that the model cannot weigh,
#: because it almost never occurs in the training data (date conflicts and
#: invented experts fire on 5 of ReCOVery's 2,069 documents) or because it is
#: about the page rather than the claims. The model's ``reliability`` never
#: sees them; the headline ``score`` does (``FlagRule.factor``). Each rule is
#: declared with its feature (``FeatureSpec.flag``) and read through
#: ``credscore.registry.flag_rules``.
#:
#: The claim flags (``date_inconsistent``, ``suspicious_experts``) multiply
#: the headline score by 0.7 each. A policy, not a fit: they fire on 5 of
#: ReCOVery's 2,069 training documents, too few to learn a weight from. 0.7
#: so that both together halve the score (0.7 ** 2 = 0.49): one takes a score
#: at the high band's floor (0.70) to 0.49, medium; two take it to 0.34, low.
#: ``mostly_boilerplate`` has no factor: furniture already lowers
#: ``quality``, which multiplies the score. ``encoding_damage`` has one on
#: top of quality's damaged sentences: broken text must be repaired before
#: use, whatever it says (docs/quality.md).


def __getattr__(name: str) -> Any:
    # Derived from the registry on first use, so that importing this module
    # does not load every signal module.
    if name == "FLAG_RULES":  # (flag code, feature, threshold), as before
        return tuple((rule.code, feature, rule.threshold) for feature, rule in flag_rules())
    if name == "FLAG_FACTORS":
        return {rule.code: rule.factor for _, rule in flag_rules() if rule.factor != 1.0}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Any flag caps the band here: a page with a red flag is never "high".
FLAGGED_MAX_BAND = "medium"
#: Bands. "unscorable" is given when there is no honest score.
UNSCORABLE = "unscorable"


def headline_score(reliability: float, quality: float, flags: tuple[str, ...]) -> float:
    """The figure users filter on: ``reliability * quality * product of the
    flags' factors``. Quality multiplies because a page that is half
    furniture or half duplicated is, as a training or retrieval document,
    half an article; the flags multiply because they are evidence against
    the text that the model cannot weigh."""
    value = reliability * quality
    factors = {rule.code: rule.factor for _, rule in flag_rules()}
    for code in dict.fromkeys(flags):  # two rules of one code take its factor once
        value *= factors.get(code, 1.0)
    return value


@dataclass(frozen=True)
class Reason:
    feature: str
    contribution: float  # to the calibrated logit; positive raises reliability
    value: float
    text: str  # plain words, e.g. "3 unnamed source attributions, e.g. '...'"

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "contribution": self.contribution, "value": _finite(self.value),
                "text": self.text}


@dataclass(frozen=True)
class Flag:
    code: str  # "date_inconsistent", "suspicious_experts", ...
    feature: str
    value: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "feature": self.feature, "value": self.value, "text": self.text}


@dataclass(frozen=True)
class Score:
    reliability: float | None  # the model's calibrated probability; None when unscorable
    band: str  # "high", "medium", "low" (read from ``score``) or "unscorable"
    confidence: str  # "normal" or "low"
    base: float
    contributions: dict[str, float]
    reasons: tuple[Reason, ...]
    flags: tuple[Flag, ...]
    features: Features
    source_domain: str | None = None
    source_score: float | None = None
    combined: float | None = None
    model_id: str = ""
    version: str = __version__
    warnings: tuple[ResultWarning, ...] = field(default_factory=tuple)
    #: The headline figure: reliability lowered by page damage; None when unscorable.
    score: float | None = None
    #: How much of the input is an intact, usable article, in [0, 1].
    quality: float = 0.0
    #: Short codes for every decision about the page ("too_few_words", ...).
    reason_codes: tuple[str, ...] = field(default_factory=tuple)
    #: The quality facet's parts and one plain-words line per quality code.
    quality_detail: Quality | None = field(default=None, repr=False, compare=False)

    @property
    def scorable(self) -> bool:
        return self.band != UNSCORABLE
    #: Where the terms quoted by the vocabulary reason occur.
    vocabulary_spans: tuple[Span, ...] = field(default_factory=tuple)

    @property
    def spans(self) -> tuple[Span, ...]:
        if not self.vocabulary_spans:
            return self.features.spans
        return tuple(sorted(self.features.spans + self.vocabulary_spans,
                            key=lambda s: (s.start, s.end, s.signal, s.reason)))

    @property
    def language(self) -> str:
        return self.features.language

    def to_dict(self, *, features: bool = True, evidence: bool = True) -> dict[str, Any]:
        """A JSON-serialisable dict (``json.dumps(score.to_dict())`` works)."""
        out: dict[str, Any] = {
            "score": self.score,
            "quality": self.quality,
            "reason_codes": list(self.reason_codes),
            "reliability": self.reliability,
            "band": self.band,
            "confidence": self.confidence,
            "source_domain": self.source_domain,
            "source_score": self.source_score,
            "combined": self.combined,
            "language": self.features.language,
            "reasons": [r.to_dict() for r in self.reasons],
            "flags": [f.to_dict() for f in self.flags],
            "base": self.base,
            "contributions": self.contributions,
            "warnings": [str(w) for w in self.warnings],
            "quality_parts": dict(self.quality_detail.parts) if self.quality_detail else {},
            "model_id": self.model_id,
            "credscore_version": self.version,
        }
        if features:
            out["features"] = {k: _finite(v) for k, v in self.features.items()}
        if evidence:
            text_spans = [list(s) for s in self.spans]
            out["spans"] = text_spans
        return out


def _finite(value: float) -> float | None:
    return value if isinstance(value, float) and math.isfinite(value) else None


#: Terms quoted in the vocabulary reason.
TOP_TERMS = 4


def _vocabulary_reason(model: ReliabilityModel, features: Features, hits: TermHits, contribution: float
                       ) -> tuple[str, tuple[Span, ...]]:
    """Plain words for the vocabulary's contribution, naming the terms that
    pushed the way it went, and one evidence span per quoted term."""
    rows = model.vocabulary_evidence(hits, direction=1 if contribution > 0 else -1, limit=TOP_TERMS)
    direction = "raised" if contribution > 0 else "lowered"
    if not rows:
        return f"the words used, taken together, {direction} it", ()
    quoted = [f"'{term}'" + (f" x{count}" if count > 1 else "") for term, count, _ in rows]
    found = find_terms(features.text, [term for term, _, _ in rows])
    spans = [Span(at[0], at[1], "vocabulary", f"{direction}_it") for at in found if at is not None]
    return f"words that {direction} it: " + ", ".join(quoted), tuple(spans)


def _explain(model: ReliabilityModel, features: Features, hits: TermHits
             ) -> tuple[np.ndarray, float, np.ndarray, float, list[ResultWarning]]:
    """The model's input row, base, contributions, probability and warnings."""
    x = model.vectorise(features.feature_values, hits)
    base, contributions = model.explain(x)
    warnings = []
    main_words = features.main_words
    if main_words < MIN_WORDS:
        shrink = main_words / MIN_WORDS
        warnings.append(ResultWarning(
            "too_short", f"{int(main_words)} main-content words (< {MIN_WORDS}); "
            f"contributions shrunk by {shrink:.2f} towards the base"
        ))
        contributions = contributions * shrink
    z = base + float(contributions.sum())
    return x, base, contributions, sigmoid(z), warnings


def score(
    text: str | bytes,
    *,
    url: str | None = None,
    published: date | datetime | str | None = None,
    model: ReliabilityModel | None = None,
    config: ExtractConfig | None = None,
) -> Score:
    """Score one document's reliability in [0, 1], with reasons and evidence.

    ``model`` defaults to the shipped model (loaded once per process, lazily);
    ``config`` holds the signals' thresholds (see :func:`credscore.extract`).
    """
    model = model or shipped_model()
    features = extract(text, url=url, published=published, config=config)
    decoded = features.text
    hits = model.vocabulary_hits(features.terms)
    x, base, contributions, reliability, warnings = _explain(model, features, hits)
    names = model.feature_names
    flags: list[Flag] = []
    for name, rule in flag_rules():
        value = features.feature_values.get(name, math.nan)
        # One flag per code: mojibake and lost bytes are one kind of damage.
        if rule.fires(value) and all(f.code != rule.code for f in flags):
            flags.append(Flag(rule.code, name, value, reason_text(name, value, math.nan, decoded, features.spans)))
    quality = assess(features)
    codes = list(quality.codes)
    if features.text.strip() and not features.english:
        codes.append("not_english")
    codes.extend(f.code for f in flags if f.code not in codes)
    unscorable = quality.unscorable or "not_english" in codes
    reasons = []
    vocabulary_spans: tuple[Span, ...] = ()
    if not unscorable:  # the model's reasons explain a number that is not reported otherwise
        order = sorted(range(len(names)), key=lambda i: (-abs(contributions[i]), names[i]))
        for i in order[:TOP_REASONS]:
            if contributions[i] == 0.0:
                break
            if names[i] == VOCABULARY_FEATURE:
                text, vocabulary_spans = _vocabulary_reason(model, features, hits, float(contributions[i]))
                reasons.append(Reason(names[i], float(contributions[i]), float(x[i]), text))
                continue
            value = features.feature_values.get(names[i], math.nan)
            reasons.append(Reason(names[i], float(contributions[i]), value,
                                  reason_text(names[i], value, float(model.mean[i]), decoded, features.spans,
                                              float(contributions[i]), words=features.main_words)))
    all_warnings = list(features.warnings) + warnings
    if isinstance(url, str) and url.strip() and host_of(url) is None:
        all_warnings.append(ResultWarning(
            "bad_url", f"not looked up ({len(url):,} characters; not an RFC 3986 URL with a "
            f"valid host, or over {MAX_URL_CHARS:,} characters)"))
    low_confidence = bool(warnings) or not features.english or any(
        w.code in ("truncated", "internal_error") for w in features.warnings
    )
    domain, source_score = lookup(url)
    if unscorable:
        shown: float | None = None
        headline: float | None = None
        band = UNSCORABLE
    else:
        shown = reliability
        headline = headline_score(reliability, quality.value, tuple(f.code for f in flags))
        band = model.band(headline)
        if quality.value < QUALITY_LOW and band != "low":
            band = "low"  # under half an article is never medium or high
        elif flags and band == "high":
            band = FLAGGED_MAX_BAND
    return Score(
        reliability=shown,
        band=band,
        confidence="low" if low_confidence else "normal",
        base=base,
        contributions={n: float(c) for n, c in zip(names, contributions)},
        reasons=tuple(reasons),
        flags=tuple(flags),
        features=features,
        source_domain=domain,
        source_score=source_score,
        combined=combine(shown, source_score) if source_score is not None and shown is not None else None,
        model_id=model.model_id,
        warnings=tuple(all_warnings),
        score=headline,
        quality=quality.value,
        reason_codes=tuple(codes),
        quality_detail=quality,
        vocabulary_spans=vocabulary_spans,
    )
