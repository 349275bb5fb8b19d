"""credscore: how far can a pipeline trust a scraped web document?

``extract`` measures interpretable credibility and content-quality signals,
each with the character spans that triggered it.
"""

from __future__ import annotations

import logging

from ._version import __version__
from .extract import Features, extract, feature_names
from .types import Span

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Features",
    "Span",
    "__version__",
    "extract",
    "feature_names",
]
