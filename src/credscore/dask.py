"""Score Dask collections: ``pip install "credscore[dask]"``.

Each Dask worker process scores its partitions with :func:`credscore.score_frame`
or :func:`credscore.score_records`, loading the model once per process (the
shipped model is cached on first use). The result's ``meta`` is declared, so
building the graph scores nothing.

>>> import dask.dataframe as dd, credscore.dask
>>> ddf = dd.read_json("corpus-*.jsonl", lines=True, blocksize="64MB")
>>> scores = credscore.dask.score_dataframe(ddf, text_field="text")
>>> ddf.join(scores).to_parquet("scored/")
"""

from __future__ import annotations

from typing import Any

from .batch import score_records
from .frames import UNSET, frame_fields, frame_from_rows, score_frame

__all__ = ["score_bag", "score_dataframe"]


def score_dataframe(ddf: Any, text_field: str = "text", *, url_field: str | None = "url",
                    date_field: str | None = "date", features: bool = False, evidence: bool = False,
                    model: Any = None, text_col: Any = UNSET, url_col: Any = UNSET, date_col: Any = UNSET) -> Any:
    """A Dask DataFrame with :func:`credscore.score_frame`'s columns, indexed
    and partitioned like ``ddf`` (so ``ddf.join(result)`` lines up).
    ``text_col``, ``url_col`` and ``date_col`` are the old, deprecated names."""
    import pandas as pd

    text_field, url_field, date_field = frame_fields(text_field, url_field, date_field, text_col, url_col,
                                                      date_col, ddf.columns)
    meta = frame_from_rows([], pd.RangeIndex(0), features=features, evidence=evidence)
    return ddf.map_partitions(score_frame, text_field, url_field=url_field, date_field=date_field,
                              features=features, evidence=evidence, model=model, meta=meta)


def _score_partition(records: Any, options: dict[str, Any]) -> list[dict[str, Any]]:
    return list(score_records(records, **options))


def score_bag(bag: Any, *, text_field: str = "text", id_field: str | None = "id", url_field: str | None = "url",
              date_field: str | None = "date", features: bool = False, evidence: bool = False,
              model: Any = None) -> Any:
    """A Dask Bag of row dicts, one per record dict of ``bag``, in order. Give
    records an ``id_field``: without it a row's id is its position within its
    partition, which is not unique across the bag."""
    options = {"text_field": text_field, "id_field": id_field, "url_field": url_field, "date_field": date_field,
               "features": features, "evidence": evidence, "model": model}
    return bag.map_partitions(_score_partition, options)
