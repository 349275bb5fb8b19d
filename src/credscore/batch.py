"""Batch scoring at scale: the public entry to the io layer.

:func:`score_records` scores an iterable of dicts lazily and
:func:`score_frame` a pandas DataFrame; both are re-exported by ``credscore``.
The rest of the layer lives in one module per job, and the names the command
line and users reach for are re-exported here:

- :mod:`credscore.schema`: the output row's columns, declared once (JSONL
  keys, CSV header and cells, frame dtypes), and deterministic JSON;
- :mod:`credscore.records`: :class:`Record` and :class:`Fields`, one record
  from one mapping, text decoded once;
- :mod:`credscore.streams`, :mod:`credscore.readers` and
  :mod:`credscore.inputs`: paths and stdin to a lazy stream of records, with
  bounded memory, one record per input record;
- :mod:`credscore.rows`: one row per record, never an exception;
- :mod:`credscore.workers`: the worker pool, in order, with flat memory;
- :mod:`credscore.writers`: JSONL, CSV and the terminal table;
- :mod:`credscore.resume` and :mod:`credscore.runner`: ``credscore score``'s
  run, via ``OUT.partial``, and ``--resume``;
- :mod:`credscore.frames`: pandas frames and their schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .extraction import detect_encoding
from .frames import (
    FRAME_COLUMNS,
    NESTED_COLUMNS,
    flat_frame,
    frame_columns,
    frame_from_rows,
    score_frame,
)
from .inputs import (
    INPUT_SUFFIXES,
    SUFFIX_KINDS,
    Skipped,
    expand_inputs,
    input_kind,
    one_record,
    read_inputs,
    unsupported,
)
from .readers import (
    MAX_CSV_RECORD_CHARS,
    MAX_RECORD_CHARS,
    read_csv,
    read_json,
    read_jsonl,
    read_parquet,
)
from .records import (
    FIELD_CHECK_RECORDS,
    MAX_ID_DEPTH,
    FieldError,
    Fields,
    Record,
    check_fields,
    html_to_text,
    record_from_mapping,
)
from .resume import ResumeError
from .rows import error_row, score_record, score_row
from .runner import (
    FLUSH_EVERY,
    OutputError,
    ReadMeter,
    Summary,
    output_problem,
    run,
    score_files,
)
from .schema import (
    BANDS,
    COLUMNS,
    CSV_DECIMALS,
    ROW_KEYS,
    Column,
    csv_header,
    dumps,
    row_columns,
)
from .workers import (
    CHUNK_CHARS,
    CHUNK_RECORDS,
    IN_FLIGHT_PER_JOB,
    load_model,
    score_stream,
)
from .writers import WRITERS, CsvWriter, JsonlWriter, TableWriter

__all__ = [
    "BANDS",
    "CHUNK_CHARS",
    "CHUNK_RECORDS",
    "COLUMNS",
    "CSV_DECIMALS",
    "FIELD_CHECK_RECORDS",
    "FLUSH_EVERY",
    "FRAME_COLUMNS",
    "INPUT_SUFFIXES",
    "IN_FLIGHT_PER_JOB",
    "MAX_CSV_RECORD_CHARS",
    "MAX_ID_DEPTH",
    "MAX_RECORD_CHARS",
    "NESTED_COLUMNS",
    "ROW_KEYS",
    "SUFFIX_KINDS",
    "WRITERS",
    "Column",
    "CsvWriter",
    "FieldError",
    "Fields",
    "JsonlWriter",
    "OutputError",
    "ReadMeter",
    "Record",
    "ResumeError",
    "Skipped",
    "Summary",
    "TableWriter",
    "check_fields",
    "csv_header",
    "detect_encoding",
    "dumps",
    "error_row",
    "expand_inputs",
    "flat_frame",
    "frame_columns",
    "frame_from_rows",
    "html_to_text",
    "input_kind",
    "load_model",
    "one_record",
    "output_problem",
    "read_csv",
    "read_inputs",
    "read_json",
    "read_jsonl",
    "read_parquet",
    "record_from_mapping",
    "row_columns",
    "run",
    "score_files",
    "score_frame",
    "score_record",
    "score_records",
    "score_row",
    "score_stream",
    "unsupported",
]


def score_records(records: Iterable[Any], *, text_field: str = "text", id_field: str | None = "id",
                  url_field: str | None = "url", date_field: str | None = "date", features: bool = False,
                  evidence: bool = False, model: Any = None, source: str = "", min_score: float | None = None,
                  on_drop: Callable[[dict[str, Any]], None] | None = None) -> Iterator[dict[str, Any]]:
    """Score an iterable of dict records lazily: one row dict out per record in.

    A row carries ``id`` (the record's ``id_field``, else its 0-based
    position), ``score`` (the headline figure), ``quality``, ``reason_codes``,
    ``reliability`` (the model's), ``band``, ``reasons``, ``warnings``, ``error``
    (``None`` unless the record could not be scored) and the versions;
    ``features`` / ``evidence`` add every feature value / the evidence spans.
    With ``min_score``, only kept rows are yielded (see :mod:`credscore.keep`);
    each dropped row, with its drop reason, goes to ``on_drop`` if given.
    """
    from .keep import filter_rows

    fields = Fields(text_field, id_field, url_field, date_field)
    rows = (score_row(record_from_mapping(obj, fields, position, source), features=features,
                      evidence=evidence, model=model) for position, obj in enumerate(records))
    yield from filter_rows(rows, min_score, on_drop)
