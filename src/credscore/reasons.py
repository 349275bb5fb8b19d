"""Plain-English reasons: one feature's value, and its evidence, in words.

The wording is each feature's :class:`~credscore.types.ReasonText`, declared
with the feature in its signal module (``FeatureSpec.reason``). What a reason
says follows from the value, never from counting evidence spans: spans are
capped (``extract.MAX_SPANS_PER_REASON``), feature values are not.

Rules, so that every reason reads right:

- counts agree in number: "1 named source", "3 named sources", "no named
  sources";
- a share reads as a percentage of what it is a share of: "6% of sentences
  are questions", never "6 share of sentences";
- a counted value below the training mean reads "fewer named quotes than
  usual (1)", with no example: quoting the one quote found would read as if
  that quote were the problem;
- an example of the evidence is quoted only when the value is at or above
  what is usual (or nothing is known about what is usual, as for flags).
"""

from __future__ import annotations

import math
from functools import lru_cache

from .types import REASON_KINDS, ReasonText, Span

__all__ = ["KINDS", "Label", "ReasonText", "excerpt", "reason_labels", "reason_text", "span_matches"]

KINDS = REASON_KINDS
#: Longest example quoted in a reason, in characters.
EXCERPT_WIDTH = 90
#: Kept for callers of the older name: a feature's :class:`ReasonText`.
Label = ReasonText
#: Reasons for the model's inputs that no signal module declares.
_MODEL_INPUTS = {
    "vocabulary_logit": ReasonText("the words used, as the vocabulary part of the model weighs them"),
}


@lru_cache(maxsize=1)
def reason_labels() -> dict[str, ReasonText]:
    """feature -> its :class:`ReasonText`, from the signal modules'
    ``FEATURES`` (``other`` filled in: the label when it was left empty)."""
    from .registry import feature_specs

    table: dict[str, ReasonText] = {}
    for spec in feature_specs():
        entry = spec.reason or ReasonText(spec.name.replace("_", " "))
        if entry.kind not in KINDS:
            raise ValueError(f"{spec.name}: unknown reason kind {entry.kind!r} (one of {', '.join(KINDS)})")
        table[spec.name] = entry._replace(other=entry.other or entry.label)
    for name, entry in _MODEL_INPUTS.items():
        table[name] = entry._replace(other=entry.other or entry.label)
    return table


def span_matches(span: Span, codes: tuple[str, ...]) -> bool:
    """Is ``span`` one of ``codes`` (``signal/reason``; a trailing ``*``
    matches any suffix)?"""
    key = f"{span.signal}/{span.reason}"
    return any(key == code or (code.endswith("*") and key.startswith(code[:-1])) for code in codes)


def excerpt(text: str, span: Span, width: int = EXCERPT_WIDTH) -> str:
    """The words ``span`` covers, on one line, cut to ``width`` characters."""
    piece = " ".join(text[span.start:span.end].split())
    return piece if len(piece) <= width else piece[: width - 1] + "…"



def _number(x: float) -> str:
    """Three significant figures, without exponents or a trailing '.0'."""
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def _percent(share: float) -> str:
    """A share as a percentage with two significant figures: 35%, 3.7%, 0.38%."""
    pct = 100.0 * share
    if pct == 0 or pct >= 10:
        return f"{pct:.0f}%"
    return f"{pct:.2g}%"


def _below_usual(value: float, mean: float, contribution: float | None, direction: str) -> bool:
    """Is this less of the thing than usual? Against the training mean when it
    is known; otherwise from the contribution's sign and the feature's
    direction (a lower-is-worse feature that lowers the score has too little)."""
    if math.isfinite(mean):
        return value < mean
    if contribution is None or contribution == 0:
        return False
    return (contribution < 0) == (direction == "lower_worse") and direction != "neutral"


def _max_chars() -> int:
    from .extraction import MAX_CHARS

    return MAX_CHARS


@lru_cache(maxsize=1)
def _directions() -> dict[str, str]:
    from .registry import feature_specs

    return {s.name: s.direction for s in feature_specs()}


def reason_text(name: str, value: float, mean: float, text: str, spans: tuple[Span, ...],
                contribution: float | None = None, *, words: int | None = None) -> str:
    """``name``'s value in plain words, with an example of its evidence.

    ``mean`` is the training mean (NaN when unknown), ``text`` the text the
    ``spans`` index into, ``contribution`` the feature's signed contribution
    to the score (None when there is none, as for flags), and ``words`` the
    main-content word count that per-1,000-word rates were taken over (None:
    the rate is reported instead of a count).
    """
    entry = reason_labels().get(name) or ReasonText(name.replace("_", " "))
    if math.isnan(value):
        return f"{name.replace('_', ' ')}: not applicable"
    example = ""
    first = next((s for s in spans if span_matches(s, entry.codes)), None) if entry.codes else None
    if first is not None:
        example = f", e.g. '{excerpt(text, first)}'"
    usual = math.isfinite(mean)
    below = _below_usual(value, mean, contribution, _directions().get(name, "neutral"))

    if entry.kind == "yes_no":
        return entry.label + example if value >= 0.5 else entry.other
    if entry.kind == "share":
        typical = f" (usually {_percent(mean)})" if usual else ""
        return f"{_percent(value)} {entry.label}{typical}" + ("" if below else example)
    if entry.kind == "value":
        typical = f" (usually {_number(mean)})" if usual else ""
        return f"{entry.label}: {_number(value)}{typical}" + ("" if below else example)

    # Counted kinds: the count comes from the value, never from the spans.
    rate = unit = ""
    count: float | None = value
    approximate = False
    if entry.kind != "count":
        unit = "words" if entry.kind == "per_1k_words" else "characters"
        size = words if entry.kind == "per_1k_words" else len(text)
        count = value * size / 1000.0 if size is not None else None
        # Past MAX_CHARS the rate was measured on a sample: the count is extrapolated.
        approximate = entry.kind == "per_1k_chars" and len(text) > _max_chars()
        rate = f"{_number(value)} per 1,000 {unit}" + (f", usually {_number(mean)}" if usual else "")
    if count is None:  # a rate whose denominator is unknown
        if below:
            return f"fewer {entry.label} than usual ({rate})"
        return f"{entry.label}: {rate}" + example
    n = round(count)
    if n == 0:
        return f"no {entry.label}" + (f" (usually {_number(mean)} per 1,000 {unit})" if unit and usual else "")
    shown = f"about {n:,}" if approximate else f"{n:,}"
    if below:
        return f"fewer {entry.label} than usual ({shown}" + (f"; {rate})" if rate else ")")
    noun = entry.other if n == 1 else entry.label
    return f"{shown} {noun}" + (f" ({rate})" if rate else "") + example


_reason_text = reason_text
