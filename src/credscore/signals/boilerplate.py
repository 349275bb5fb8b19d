"""Boilerplate: how much of a scraped page is furniture, not article.

Design
------
Which lines are furniture (menus, share buttons, captions, bylines, comment
forms, "related posts" lists) is decided once, by the document model's line
classification (``credscore.lines``, after jusText), so that every content
signal reads only the article. This module turns that labelling into quality
features: a page that is mostly furniture is a poor training document
whatever its article says. Each run of furniture lines with one reason is one
evidence span.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate, compress, groupby
from operator import sub
from typing import TYPE_CHECKING

from ..types import FeatureSpec, FlagRule, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "boilerplate"
#: Where this family runs, and where its features appear in every output.
ORDER = 10


@dataclass(frozen=True)
class BoilerplateConfig:
    """No thresholds of its own: the classification's are
    ``credscore.lines.LineConfig``, in ``DocumentConfig.lines``."""


CONFIG = BoilerplateConfig

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "boilerplate_line_share",
        "Share of non-blank lines that are page furniture (menus, share buttons, "
        "captions, bylines, comment forms, related-post lists).",
        0.0, 1.0, "higher_worse",
        reason=ReasonText("of lines are page furniture", ("boilerplate/*",), "share"),
        in_model=True,
    ),
    FeatureSpec(
        "boilerplate_char_share",
        "Share of the characters of non-blank lines that lie on furniture lines.",
        0.0, 1.0, "higher_worse",
        reason=ReasonText("of characters are on page-furniture lines", ("boilerplate/*",), "share"),
        why_not_in_model="near-duplicate of boilerplate_line_share",
        flag=FlagRule("mostly_boilerplate", 0.5,
                      text="half the page's characters in furniture: the text is mostly not the article",
                      order=3),
    ),
    FeatureSpec(
        "boilerplate_longest_main_block_share",
        "Characters of the longest unbroken run of main-content lines (blank lines "
        "do not break a run, furniture does) over all non-blank characters: near 1 "
        "for one clean article, low when the text is fragments between furniture.",
        0.0, 1.0, "lower_worse",
        reason=ReasonText("of the page is its longest unbroken run of article text", (), "share"),
        in_model=True,
    ),
)


def compute(doc: Document, config: BoilerplateConfig | None = None) -> SignalResult:
    lines = doc.content_lines
    starts = list(map(doc.trim_start.__getitem__, lines))
    ends = list(map(doc.trim_end.__getitem__, lines))
    chars = list(map(sub, ends, starts))
    reasons = list(map(doc.line_boilerplate_reason.__getitem__, lines))
    furniture = list(map(bool, reasons))
    total = sum(chars)
    # The longest run of content: blank lines do not break it, furniture does.
    blocks = accumulate(zip(chars, furniture), lambda run, line: 0 if line[1] else run + line[0], initial=0)
    features = {
        "boilerplate_line_share": sum(furniture) / len(lines) if lines else 0.0,
        "boilerplate_char_share": sum(compress(chars, furniture)) / total if total else 0.0,
        "boilerplate_longest_main_block_share": max(blocks) / total if total else 0.0,
    }
    # One span per run of furniture lines with the same reason.
    spans = []
    k = 0
    for reason, run in groupby(reasons):
        n = len(list(run))
        if reason:
            spans.append(Span(starts[k], ends[k + n - 1], SIGNAL, reason))
        k += n
    return SignalResult(features, spans)
