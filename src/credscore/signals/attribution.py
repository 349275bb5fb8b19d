"""attribution: placeholder until the signal lands (issue 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..types import FeatureSpec, SignalResult

if TYPE_CHECKING:
    from ..document import Document

FEATURES: tuple[FeatureSpec, ...] = ()


def compute(doc: Document) -> SignalResult:
    return SignalResult({})
