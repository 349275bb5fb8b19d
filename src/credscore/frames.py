"""DataFrames: :func:`score_frame` scores a pandas frame's text column.

The result keeps the input's index (so ``df.join(result)`` lines up, and
Dask partitions map one to one) and has the columns of
:data:`credscore.schema.COLUMNS` that belong in a frame, typed by the same
table: floats as ``float64``, ``band`` as a categorical of the bands, lists
(``reason_codes``, ``reasons``, ``flags``, ``warnings``) as Python lists. :func:`frame_columns`
is that schema without scoring anything (Dask's ``meta``, Spark and Arrow
schemas), and :func:`flat_frame` turns the lists into compact JSON strings for
tables that want flat columns. pandas is imported only when a frame is made.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from .records import Fields, missing, record_from_mapping
from .rows import score_row
from .schema import BANDS, COLUMNS, SPANS, dumps, row_columns

#: Columns of :func:`score_frame` besides the feature columns, and their dtypes.
#: ``reason_codes``, ``reasons``, ``flags`` and ``warnings`` hold lists;
#: ``band`` is a categorical of :data:`BANDS`.
FRAME_COLUMNS = {c.name: c.dtype for c in COLUMNS if c.in_frame}
#: Columns that hold lists (or ``spans``): flat tables get them as compact JSON.
NESTED_COLUMNS = tuple(c.name for c in (*COLUMNS, SPANS) if c.nested)

__all__ = ["BANDS", "FRAME_COLUMNS", "NESTED_COLUMNS", "flat_frame", "frame_columns", "frame_from_rows",
           "score_frame"]


def flat_frame(frame: Any) -> Any:
    """``frame`` (from :func:`score_frame`) with the list columns as compact
    JSON strings and ``band`` as plain strings: the flat, typed columns that
    Spark and Arrow schemas declare (see :func:`frame_columns` with
    ``flat=True``)."""
    out = frame.copy()
    for name in NESTED_COLUMNS:
        if name in out.columns:
            out[name] = [None if v is None else dumps(v) for v in out[name].tolist()]
    out["band"] = out["band"].astype(object).where(out["band"].notna(), None)
    return out


def frame_columns(*, features: bool = False, evidence: bool = False, flat: bool = False) -> dict[str, str]:
    """Column name -> dtype of :func:`score_frame`'s result (Dask's
    ``meta``); with ``flat=True``, of :func:`flat_frame`'s (every column
    float64 or object holding strings)."""
    columns = {c.name: c.dtype for c in row_columns(features=features, evidence=evidence) if c.in_frame}
    if flat:
        columns["band"] = "object"
    return columns


def frame_from_rows(rows: list[dict[str, Any]], index: Any, *, features: bool = False,
                    evidence: bool = False) -> Any:
    import pandas as pd

    columns = [c for c in row_columns(features=features, evidence=evidence) if c.in_frame]
    data: dict[str, list[Any]] = {c.name: [] for c in columns}
    for row in rows:
        for column in columns:
            value = column.value(row)
            data[column.name].append(math.nan if column.feature and value is None else value)
    series = {}
    for column in columns:
        dtype: Any = pd.CategoricalDtype(BANDS) if column.dtype == "category" else column.dtype
        series[column.name] = pd.Series(data[column.name], index=index, dtype=dtype)
    return pd.DataFrame(series, index=index)


#: The default of the deprecated ``*_col`` arguments: "not given".
UNSET: Any = object()


def frame_fields(text_field: str, url_field: str | None, date_field: str | None, text_col: Any, url_col: Any,
                 date_col: Any, columns: Any) -> tuple[str, str | None, str | None]:
    """The field names, the deprecated ``*_col`` names taking precedence
    with a warning; ``KeyError`` for a text column the frame lacks."""
    names = [text_field, url_field, date_field]
    for k, (old, value) in enumerate((("text_col", text_col), ("url_col", url_col), ("date_col", date_col))):
        if value is not UNSET:
            warnings.warn(f"{old}= is deprecated; use {old[:-4]}_field= (one name per idea across credscore)",
                          DeprecationWarning, stacklevel=3)
            names[k] = value
    text = names[0]
    if text is None or text not in columns:
        raise KeyError(text)
    return text, names[1], names[2]


def score_frame(df: Any, text_field: str = "text", *, url_field: str | None = "url", date_field: str | None = "date",
                features: bool = False, evidence: bool = False, model: Any = None, text_col: Any = UNSET,
                url_col: Any = UNSET, date_col: Any = UNSET) -> Any:
    """Score a pandas DataFrame's ``text_field`` column: a new frame with the
    same index and the columns of :data:`FRAME_COLUMNS` (plus one float
    column per feature with ``features=True``, and ``spans`` with
    ``evidence=True``). ``url_field`` and ``date_field`` are used when
    present. A missing text column raises ``KeyError`` as pandas does; an
    empty (NaN) text cell gives an ``empty_text`` error row. pandas is
    imported only here (``pip install ".[pandas]"``). ``text_col``,
    ``url_col`` and ``date_col`` are the old, deprecated names.
    """
    import pandas as pd  # noqa: F401  (fail early with the real ImportError)

    text_field, url_field, date_field = frame_fields(text_field, url_field, date_field, text_col, url_col,
                                                     date_col, df.columns)

    def column(name: str | None) -> list[Any]:
        if name and name in df.columns:
            return [None if missing(v) else v for v in df[name].tolist()]
        return [None] * len(df)

    fields = Fields(text_field, None, "url", "date")
    rows = [score_row(record_from_mapping({text_field: text, "url": url, "date": published}, fields, None, ""),
                      features=features, evidence=evidence, model=model)
            for text, url, published in zip(column(text_field), column(url_field), column(date_field))]
    return frame_from_rows(rows, df.index, features=features, evidence=evidence)
