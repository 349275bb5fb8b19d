"""One module per signal family, found by looking, not by a list.

A family is any module of this package that declares ``FEATURES`` (a tuple
of :class:`~credscore.types.FeatureSpec`, in output order: everything about
each feature is declared there), optionally ``CONFIG`` (its
``<Family>Config`` dataclass of thresholds) and ``ORDER`` (an int: where the
family runs and where its features appear in every output; families without
one come last, by name), and ``compute(doc[, config]) -> SignalResult``: a
pure function of a :class:`~credscore.document.Document` that returns
exactly the features it declares, plus evidence spans
(:class:`~credscore.types.SignalModule`). Modules without ``FEATURES``
(``attribution_grammar``, ``date_mentions``...) are a family's helpers.

So adding a family is adding its module (plus its lexicon and case file):
nothing else lists it.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pkgutil import iter_modules
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..types import SignalModule

#: Where a family without ``ORDER`` runs: after every family that has one.
LAST = 10_000


@cache
def signal_module_names() -> tuple[str, ...]:
    """The families' module names, in run and output order."""
    found = []
    for info in iter_modules(__path__):
        module = import_module(f"{__name__}.{info.name}")
        if hasattr(module, "FEATURES"):
            found.append((getattr(module, "ORDER", LAST), info.name))
    return tuple(name for _, name in sorted(found))


def load_signal_modules() -> list[SignalModule]:
    return list(_signal_modules())


@cache
def _signal_modules() -> tuple[SignalModule, ...]:
    # Once per process: ``extract`` asks on every call, and fifteen
    # import_module lookups cost more than the rest of its own bookkeeping.
    return tuple(cast("SignalModule", import_module(f"{__name__}.{name}")) for name in signal_module_names())
