"""``ExtractConfig``: every tunable threshold of one ``extract`` call.

Each signal family keeps its thresholds in one frozen dataclass in its own
module (``<Family>Config``, exposed as the module's ``CONFIG``), with the
current values as defaults and their sources beside them; the Document's
own steps do the same with ``DocumentConfig``. ``ExtractConfig`` gathers
one optional config per family, found by type, plus the document's::

    config = ExtractConfig(HedgingConfig(...), DatesConfig(...), document=DocumentConfig(...))
    credscore.extract(text, config=config)

A family with no config given runs on its defaults, so ``ExtractConfig()``
(or ``config=None``) is the shipped behaviour.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["ExtractConfig"]


class ExtractConfig:
    """One optional config per signal family, plus the Document's.

    ``families`` are instances of signal modules' ``CONFIG`` classes, at
    most one of each class; ``document`` is a ``DocumentConfig`` or None.
    Immutable (hashable when its configs are), so it can be a scikit-learn
    parameter.
    """

    __slots__ = ("_by_type", "document", "families")
    families: tuple[Any, ...]
    document: Any
    _by_type: dict[type, Any]

    def __init__(self, *families: Any, document: Any = None):
        by_type: dict[type, Any] = {}
        for item in families:
            if item is None:
                continue
            kind = type(item)
            if kind in by_type:
                raise ValueError(f"ExtractConfig: two {kind.__name__} given")
            by_type[kind] = item
        object.__setattr__(self, "families", tuple(by_type.values()))
        object.__setattr__(self, "document", document)
        object.__setattr__(self, "_by_type", by_type)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("ExtractConfig is immutable")

    def for_class(self, cls: type | None) -> Any:
        """The config of type ``cls`` (a module's ``CONFIG``), or None."""
        return None if cls is None else self._by_type.get(cls)

    def check(self, known: Iterable[type]) -> None:
        """Refuse a config no signal module reads (a typo would otherwise be
        ignored without a word)."""
        unread = [type(c).__name__ for c in self.families if type(c) not in set(known)]
        if unread:
            raise ValueError(f"ExtractConfig: no signal module reads {', '.join(unread)}")

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, ExtractConfig) and self.document == other.document
                and self._by_type == other._by_type)

    def __hash__(self) -> int:
        return hash((self.document, self.families))

    def __repr__(self) -> str:
        parts = [repr(c) for c in self.families]
        if self.document is not None:
            parts.append(f"document={self.document!r}")
        return f"ExtractConfig({', '.join(parts)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.families, self.document))


def _rebuild(families: tuple[Any, ...], document: Any) -> ExtractConfig:
    return ExtractConfig(*families, document=document)
