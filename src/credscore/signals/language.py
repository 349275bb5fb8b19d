"""Language: placeholder until detection lands (issue 3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..types import FeatureSpec, SignalResult

if TYPE_CHECKING:
    from ..document import Document

FEATURES: tuple[FeatureSpec, ...] = ()


@dataclass(frozen=True)
class LanguageInfo:
    code: str  # ISO 639-1 code as langdetect gives it, or "unknown"
    english: bool  # whether English lexical signals apply
    method: str  # how it was settled: "stopwords", "langdetect", "script", "empty"

    @classmethod
    def unknown(cls) -> LanguageInfo:
        return cls("unknown", False, "none")


def detect(doc: Document) -> LanguageInfo:
    return LanguageInfo("en", True, "placeholder")


def compute(doc: Document) -> SignalResult:
    return SignalResult({})
