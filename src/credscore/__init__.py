"""credscore: how far can a pipeline trust a scraped web document?

- :func:`extract` measures interpretable credibility and content-quality
  signals, each with the character spans that triggered it;
- :func:`score` turns them into a calibrated reliability score in [0, 1]
  with its reasons;
- :class:`CredibilityFeatures` is the same signals as a scikit-learn
  transformer (imported lazily: ``import credscore`` does not load sklearn).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .batch import score_frame, score_records
from .config import ExtractConfig
from .extraction import Features, extract, feature_names
from .model import ModelError, ReliabilityModel
from .scoring import Flag, Reason, Score, score
from .types import ResultWarning, Span

if TYPE_CHECKING:
    from .transformer import CredibilityFeatures

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "CredibilityFeatures",
    "ExtractConfig",
    "Features",
    "Flag",
    "ModelError",
    "Reason",
    "ReliabilityModel",
    "ResultWarning",
    "Score",
    "Span",
    "__version__",
    "extract",
    "feature_names",
    "score",
    "score_frame",
    "score_records",
]


def __getattr__(name: str) -> Any:
    if name == "CredibilityFeatures":
        from .transformer import CredibilityFeatures

        return CredibilityFeatures
    raise AttributeError(f"module 'credscore' has no attribute {name!r}")
