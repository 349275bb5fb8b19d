"""Boilerplate: placeholder until the line classifier lands (issue 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..types import FeatureSpec, SignalResult

if TYPE_CHECKING:
    from ..document import Document

FEATURES: tuple[FeatureSpec, ...] = ()


def classify_lines(doc: Document) -> list[str]:
    return ["" for _ in range(doc.n_lines)]


def compute(doc: Document) -> SignalResult:
    return SignalResult({})
