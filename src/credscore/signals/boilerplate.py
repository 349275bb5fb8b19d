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
from typing import TYPE_CHECKING

from ..types import FeatureSpec, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "boilerplate"


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
    ),
    FeatureSpec(
        "boilerplate_char_share",
        "Share of the characters of non-blank lines that lie on furniture lines.",
        0.0, 1.0, "higher_worse",
    ),
    FeatureSpec(
        "boilerplate_longest_main_block_share",
        "Characters of the longest unbroken run of main-content lines (blank lines "
        "do not break a run, furniture does) over all non-blank characters: near 1 "
        "for one clean article, low when the text is fragments between furniture.",
        0.0, 1.0, "lower_worse",
    ),
)


def compute(doc: Document, config: BoilerplateConfig | None = None) -> SignalResult:
    boiler = doc.line_boilerplate
    why = doc.line_boilerplate_reason
    total = furniture = 0
    lines = furniture_lines = 0
    block = longest = 0
    spans: list[Span] = []
    open_start = open_end = -1
    open_reason = ""
    for i in doc.content_lines:
        s, e = doc.trimmed(i)
        chars = e - s
        lines += 1
        total += chars
        if boiler[i]:
            furniture_lines += 1
            furniture += chars
            block = 0
            # One span per run of lines with the same reason.
            if why[i] == open_reason:
                open_end = e
            else:
                if open_reason:
                    spans.append(Span(open_start, open_end, SIGNAL, open_reason))
                open_start, open_end, open_reason = s, e, why[i]
        else:
            block += chars
            longest = max(longest, block)
            if open_reason:
                spans.append(Span(open_start, open_end, SIGNAL, open_reason))
                open_reason = ""
    if open_reason:
        spans.append(Span(open_start, open_end, SIGNAL, open_reason))
    features = {
        "boilerplate_line_share": furniture_lines / lines if lines else 0.0,
        "boilerplate_char_share": furniture / total if total else 0.0,
        "boilerplate_longest_main_block_share": longest / total if total else 0.0,
    }
    return SignalResult(features, spans)
