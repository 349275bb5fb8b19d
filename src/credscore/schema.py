"""The output row's columns, declared once, and how their values are written.

Every output of the io layer is the same row: JSONL objects have its keys in
order, CSV files its header and cells, :func:`credscore.score_frame` its
columns and dtypes. :data:`COLUMNS` is the one ordered table they all read,
so the three cannot drift apart: each :class:`Column` says its name, its
pandas dtype, whether it holds lists (written as compact JSON in CSV cells and
flat frames) and how many decimals its floats keep in CSV. The optional
columns (one per feature, ``spans``, ``metadata``) come after it in that
order, from :func:`row_columns`.

Writing is deterministic: :func:`dumps` is compact JSON with floats as
Python's shortest ``repr`` (what ``json.dumps`` does), NaN and infinities as
null, and lone surrogates escaped so that any row encodes as UTF-8.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Decimal places of floats in CSV output: a probability to a millionth is
#: far finer than the model's calibration error (docs/model.md), and short
#: cells keep a spreadsheet readable. JSONL keeps every digit.
CSV_DECIMALS = 6

#: The bands, in order, as the categories of the ``band`` column.
BANDS = ("high", "medium", "low", "unscorable")


@dataclass(frozen=True)
class Column:
    """One column of the output row."""

    name: str
    #: Its dtype in :func:`credscore.score_frame` ("category" is :data:`BANDS`).
    dtype: str = "object"
    #: Holds lists: compact JSON in CSV cells and in :func:`credscore.frames.flat_frame`.
    nested: bool = False
    #: Decimals its floats keep in CSV; ``None`` keeps every digit.
    decimals: int | None = CSV_DECIMALS
    #: A column of :func:`credscore.score_frame` (``id`` and ``source`` are not:
    #: the frame keeps its input's index).
    in_frame: bool = True
    #: A feature value, read from the row's ``features`` mapping.
    feature: bool = False

    def value(self, row: Mapping[str, Any]) -> Any:
        if self.feature:
            return (row.get("features") or {}).get(self.name)
        return row.get(self.name)

    def cell(self, value: Any) -> str:
        """The value as a CSV cell."""
        return csv_cell(value, self.decimals)


#: The row, in output order. ``id`` keeps every digit: ``--resume`` compares
#: ids as written.
COLUMNS = (
    Column("id", decimals=None, in_frame=False),
    Column("source", in_frame=False),
    Column("score", "float64"),
    Column("quality", "float64"),
    Column("reason_codes", nested=True),
    Column("reliability", "float64"),
    Column("band", "category"),
    Column("confidence"),
    Column("language"),
    Column("source_domain"),
    Column("source_score", "float64"),
    Column("combined", "float64"),
    Column("reasons", nested=True),
    Column("flags", nested=True),
    Column("warnings", nested=True),
    Column("error"),
    Column("extractor"),
    Column("model_id"),
    Column("credscore_version"),
)
#: Evidence spans (``evidence=True``): lists of [start, end, signal, reason].
SPANS = Column("spans", nested=True, decimals=None)
#: Input fields carried into the row (``--keep-fields``); CSV and JSONL only.
METADATA = Column("metadata", decimals=None, in_frame=False)

#: Row keys, in output order (features and spans follow when asked for).
ROW_KEYS = tuple(c.name for c in COLUMNS)


def row_columns(*, features: bool = False, evidence: bool = False, metadata: bool = False) -> tuple[Column, ...]:
    """Every column of a row with these options, in output order."""
    from .extraction import feature_names

    extra = tuple(Column(name, "float64", feature=True) for name in (feature_names() if features else ()))
    return (*COLUMNS, *extra, *((SPANS,) if evidence else ()), *((METADATA,) if metadata else ()))


def csv_header(*, features: bool, evidence: bool, metadata: bool = False) -> list[str]:
    return [c.name for c in row_columns(features=features, evidence=evidence, metadata=metadata)]


def _finite_only(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite_only(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite_only(v) for v in value]
    return value


def encodes_as_utf8(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def writable(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udce9`` escapes. They come
    from ids and file names that were not UTF-8 (decoded with
    ``surrogateescape``) or from JSON escapes such as ``"\\ud800"``, and UTF-8
    cannot encode them; inside a JSON string the escape reads back as the same
    string, so ``--resume`` still matches ids."""
    if encodes_as_utf8(text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def dumps(value: Any) -> str:
    """Deterministic compact JSON (NaN and infinities become null), always
    encodable as UTF-8."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        text = json.dumps(_finite_only(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return writable(text)


def csv_cell(value: Any, decimals: int | None = None) -> str:
    """A CSV cell: empty for None and non-finite floats, floats rounded to
    ``decimals`` (all digits for ``None``), lists and objects as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return repr(round(value, decimals) + 0.0) if decimals is not None else repr(value)
    if isinstance(value, (list, dict)):
        return dumps(value)
    # One row per physical line keeps --resume's torn-line repair simple.
    return writable(str(value).replace("\r", "\\r").replace("\n", "\\n"))
