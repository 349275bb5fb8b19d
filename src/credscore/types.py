"""Small value types shared by the document model, the signals and the API.

Kept apart from the logic so that a signal module imports only what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Span(NamedTuple):
    """A stretch of the input that triggered a signal.

    ``start`` and ``end`` are character offsets into the text the caller gave
    (after bytes were decoded), so ``text[start:end]`` is the evidence.
    ``reason`` is a short, stable code (``unnamed_expert``, ``mojibake``...).
    """

    start: int
    end: int
    signal: str
    reason: str


@dataclass(frozen=True)
class FeatureSpec:
    """What a feature means, so docs and NaN handling come from one place.

    ``direction`` says which way is *worse* for credibility or quality:
    ``"higher_worse"``, ``"lower_worse"`` or ``"neutral"`` (context only).
    ``english_only`` features rest on English lexicons and are reported as NaN
    when the main content is not English.
    """

    name: str
    description: str
    low: float
    high: float
    direction: str
    english_only: bool = False


@dataclass
class SignalResult:
    """Named values and the evidence behind them, as one signal returns them."""

    features: dict[str, float]
    spans: list[Span] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
