"""Small value types shared by the document model, the signals and the API.

Kept apart from the logic so that a signal module imports only what it returns.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, Self, TypeVar

if TYPE_CHECKING:
    from .document import Document

T = TypeVar("T")


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


class ResultWarning(str):
    """Something a reader of a result should know: a short, stable ``code``
    (``truncated``, ``not_english``...) and a plain-words ``message``.

    It is the string ``"code: message"`` that every output writes (so JSON,
    CSV and the batch layer see exactly what they saw before), with the two
    parts as attributes, so that code asks ``w.code == "truncated"`` rather
    than parsing the text. ``ResultWarning("code: message")`` splits at the
    first ': ' (as pickling does)."""

    __slots__ = ()

    def __new__(cls, code: str, message: str | None = None) -> Self:
        return super().__new__(cls, code if message is None else f"{code}: {message}")

    @property
    def code(self) -> str:
        return self.partition(": ")[0]

    @property
    def message(self) -> str:
        return self.partition(": ")[2]


#: How a reason reads a value (see :class:`ReasonText`).
REASON_KINDS = ("count", "per_1k_words", "per_1k_chars", "share", "value", "yes_no")


class ReasonText(NamedTuple):
    """How a feature's value reads in a reason (``credscore.reasons``).

    ``label`` is a plural noun phrase, the "of ..." of a share, or the text
    for yes; ``codes`` are the ``signal/reason`` codes of the evidence spans
    that show the feature (a trailing ``*`` matches any suffix; the first
    span found is quoted as an example). ``kind`` says how the value reads:

    - ``count``: the value is the count: "1 repeated heading", "3 repeated
      headings", "no repeated headings";
    - ``per_1k_words`` / ``per_1k_chars``: a rate per 1,000 main-content
      words (characters); the count is the rate times the words / 1,000;
    - ``share``: a share in [0, 1], as a percentage before the label:
      "35% of sentences are questions (usually 3%)";
    - ``value``: "<label>: <value> (usually <training mean>)";
    - ``yes_no``: 1 reads as ``label``, 0 as ``other``.

    ``other`` is the singular for counted kinds and the no-text for
    ``yes_no``; empty means the same as ``label``. A counted value below the
    training mean reads "fewer <label> than usual (<count>)", so too little of
    a good thing is not mistaken for evidence of it.
    """

    label: str
    codes: tuple[str, ...] = ()
    kind: str = "value"
    other: str = ""


#: How a flag rule compares a value with its threshold.
COMPARISONS = (">=", "<=")


@dataclass(frozen=True)
class FlagRule:
    """A red flag: evidence an editor would act on that the model cannot
    weigh (``credscore.score``). The feature's value flags the page when it
    compares with ``threshold`` as ``comparison`` says.

    ``text`` says why the threshold is where it is. ``factor`` multiplies
    the headline score when the flag fires (1.0: none; see
    ``score.headline_score``). ``order`` places the flag among the others in
    every output (lowest first)."""

    code: str
    threshold: float
    comparison: str = ">="
    text: str = ""
    factor: float = 1.0
    order: int = 0

    def __post_init__(self) -> None:
        if self.comparison not in COMPARISONS:
            raise ValueError(f"flag {self.code}: comparison must be one of {COMPARISONS}")

    def fires(self, value: float) -> bool:
        """Does ``value`` raise the flag? NaN never does."""
        if not math.isfinite(value):
            return False
        return value >= self.threshold if self.comparison == ">=" else value <= self.threshold


@dataclass(frozen=True)
class FeatureSpec:
    """Everything about a feature, declared once in its signal module: what
    it means (docs and NaN handling), how it reads in a reason, whether the
    reliability model may weigh it, and its red-flag rule.

    ``direction`` says which way is *worse* for credibility or quality:
    ``"higher_worse"``, ``"lower_worse"`` or ``"neutral"`` (context only).
    ``english_only`` features rest on English lexicons and are reported as NaN
    when the main content is not English.

    ``reason`` is how its value reads (None: the name in words, as a value).
    ``in_model`` is opt-in: a new feature is reported with its evidence from
    the day it is written and enters the model only once it is set here and
    the leave-one-corpus-out table says it helps; ``why_not_in_model`` says
    why a feature stays out. ``flag``: the feature's red flag, if any.
    """

    name: str
    description: str
    low: float
    high: float
    direction: str
    english_only: bool = False
    reason: ReasonText | None = None
    in_model: bool = False
    why_not_in_model: str = ""
    flag: FlagRule | None = None


#: The one cap on evidence: spans kept per (signal, reason), the first in
#: text order; ``extract`` applies it and says so in a ``spans_capped``
#: warning. The longest ReCOVery article's largest group is 302 spans (style
#: heading lines); 100 KB of a Braille-like symbol gave 50,000 spans before
#: this cap. Feature values are always computed on every match.
MAX_SPANS_PER_REASON = 1_000


def capped_spans(
    found: Sequence[T], bounds: Callable[[T], tuple[int, int]], signal: str, reason: str,
    unbuilt: dict[tuple[str, str], int],
) -> list[Span]:
    """Spans for the first ``MAX_SPANS_PER_REASON`` of ``found`` (in text
    order), all that ``extract`` keeps; the rest are only counted in
    ``unbuilt``, for its ``spans_capped`` warning. A page of 500,000 repeated
    lines would otherwise build 500,000 spans to drop them."""
    if len(found) > MAX_SPANS_PER_REASON:
        unbuilt[signal, reason] = unbuilt.get((signal, reason), 0) + len(found) - MAX_SPANS_PER_REASON
    return [Span(*bounds(item), signal, reason) for item in found[:MAX_SPANS_PER_REASON]]


@dataclass
class SignalResult:
    """Named values and the evidence behind them, as one signal returns them.

    ``unbuilt``: a signal that finds evidence in bulk (every position of a
    repeated phrase) may build only the first ``MAX_SPANS_PER_REASON`` spans
    of a (signal, reason), since ``extract`` keeps no more, and count here
    the ones it found but did not build, so that the ``spans_capped``
    warning still counts them all."""

    features: dict[str, float]
    spans: list[Span] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "code: message"; extract makes them ResultWarning
    unbuilt: dict[tuple[str, str], int] = field(default_factory=dict)


class SignalModule(Protocol):
    """What ``credscore.signals`` expects of a signal module.

    ``CONFIG`` is the module's config dataclass (``<Family>Config``), whose
    instance ``compute`` takes as its second argument; a module without
    tunable thresholds may leave it out, and then ``compute`` takes the
    document alone."""

    __name__: str
    FEATURES: tuple[FeatureSpec, ...]

    def compute(self, doc: Document, config: Any = None, /) -> SignalResult: ...
