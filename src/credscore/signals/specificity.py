"""specificity: concrete, checkable quantities.

Design
------
Reporting that can be checked gives figures: "34 to 45 percent", "$43
billion", "1.5 million doses". Template filler and opinion speak of
"significant improvements" and "growing concerns" without numbers. On
ReCOVery, quantities per 1,000 words rank the 57 publishers by reliability
with ROC-AUC 0.71 (``benchmarks/publisher_leakage.py``), while bare digits do
little (0.56: page numbers, dates and list markers are digits too).

A quantity is a number token (digits, optionally with separators) followed by
a unit of share or scale (``specificity_units.txt``: percent, million,
billion...) or by "%", or preceded by a currency sign. Counted on
main-content lines, per 1,000 main-content words. Numbers are script-neutral,
but the unit words are English, so the feature is English-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicon import load_words
from ..types import FeatureSpec, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "specificity"
#: Where this family runs, and where its features appear in every output.
ORDER = 110
#: Currency signs that make the number after them an amount.
CURRENCY = frozenset("$€£¥₹")


@dataclass(frozen=True)
class SpecificityConfig:
    """What makes a number a quantity."""

    #: Currency signs that make the number right after them an amount.
    currency: frozenset[str] = CURRENCY
    #: Most characters between a number and its unit word: "34 percent"
    #: has one space, and two allow a doubled one (chosen, not tuned).
    max_unit_gap: int = 2


CONFIG = SpecificityConfig

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "specificity_quantities_per_1k_words",
        "Numbers given with a unit of share or scale ('34 percent', '$43 billion', '2%') "
        "per 1,000 main-content words.",
        0.0, 1000.0, "lower_worse", english_only=True,
        reason=ReasonText("concrete quantities such as percentages, millions or sums of money",
                          ("specificity/quantity",), "per_1k_words",
                          "concrete quantity such as a percentage or a sum of money"),
        in_model=True,
    ),
)


def compute(doc: Document, config: SpecificityConfig | None = None) -> SignalResult:
    cfg = config or SpecificityConfig()
    currency = cfg.currency
    units = load_words("specificity_units")
    low, starts, ends, norm = doc.tok_lower, doc.tok_start, doc.tok_end, doc.norm
    n_tokens = len(low)
    spans = []
    for i in doc.main_tokens:
        if not low[i][0].isdigit():
            continue
        end = ends[i]
        after = norm[end:end + 2].lstrip(" ")
        unit_follows = i + 1 < n_tokens and low[i + 1] in units and starts[i + 1] - end <= cfg.max_unit_gap
        if unit_follows or after[:1] == "%" or (starts[i] > 0 and norm[starts[i] - 1] in currency):
            stop = ends[i + 1] if unit_follows else end + (1 if after[:1] == "%" else 0)
            spans.append(Span(starts[i] - (norm[starts[i] - 1] in currency if starts[i] else 0), stop,
                              SIGNAL, "quantity"))
    return SignalResult({"specificity_quantities_per_1k_words": doc.per_1k(len(spans))}, spans)
