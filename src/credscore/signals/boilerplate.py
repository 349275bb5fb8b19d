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

import numpy as np

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
    lines = doc.content_lines
    features = dict.fromkeys((spec.name for spec in FEATURES), 0.0)
    if not lines:
        return SignalResult(features)
    start = np.asarray(doc.trim_start)[lines]
    end = np.asarray(doc.trim_end)[lines]
    chars = end - start
    reasons = np.asarray(doc.line_boilerplate_reason, dtype=object)[lines]
    furniture = reasons.astype(bool)
    total = int(chars.sum())
    # The longest run of content: blank lines do not break it, furniture does.
    content_before = np.cumsum(np.where(furniture, 0, chars))
    k = np.arange(len(lines))
    last_furniture = np.maximum.accumulate(np.where(furniture, k, -1))
    block = content_before - np.where(last_furniture >= 0, content_before[np.maximum(last_furniture, 0)], 0)
    features["boilerplate_line_share"] = int(furniture.sum()) / len(lines)
    features["boilerplate_char_share"] = int(chars[furniture].sum()) / total if total else 0.0
    features["boilerplate_longest_main_block_share"] = int(block.max()) / total if total else 0.0
    # One span per run of furniture lines with the same reason.
    first_of_run = np.flatnonzero(np.concatenate(([True], reasons[1:] != reasons[:-1])))
    last_of_run = np.concatenate((first_of_run[1:] - 1, [len(lines) - 1]))
    spans = [Span(int(start[a]), int(end[b]), SIGNAL, reasons[a])
             for a, b in zip(first_of_run.tolist(), last_of_run.tolist()) if reasons[a]]
    return SignalResult(features, spans)
