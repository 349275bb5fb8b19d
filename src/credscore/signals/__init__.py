"""One module per signal family.

Each module (:class:`~credscore.types.SignalModule`) exposes ``FEATURES`` (a
tuple of :class:`~credscore.types.FeatureSpec`, in output order: everything
about each feature is declared there), optionally ``CONFIG`` (its
``<Family>Config`` dataclass of thresholds), and ``compute(doc[, config]) ->
SignalResult``: a pure function of a :class:`~credscore.document.Document`
that returns exactly the features it declares, plus evidence spans.
``SIGNAL_MODULES`` fixes the order in which families run and in which their
features appear in every output.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..types import SignalModule

SIGNAL_MODULES: tuple[str, ...] = (
    "boilerplate",
    "encoding",
    "language",
    "readability",
    "repetition",
    "style",
    "machine",
    "hedging",
    "attribution",
    "tone",
    "specificity",
    "dates",
    "page",
)


def load_signal_modules() -> list[SignalModule]:
    return [cast("SignalModule", import_module(f"{__name__}.{name}")) for name in SIGNAL_MODULES]
