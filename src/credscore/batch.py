"""Batch scoring at scale: stream records in, score them, stream rows out.

The pieces, each usable alone:

- **readers** turn files, directories, globs and stdin into a lazy stream of
  :class:`Record` (``.txt`` is one document per file; ``.jsonl``,
  ``.jsonl.gz`` and ``.csv`` are one per line or row). A record that cannot be
  read (bad JSON, a missing or non-string text field, a truncated gzip) is
  still a record, carrying its ``error``, so every input gives exactly one
  output row and the row order is the input order.
- :func:`score_stream` scores records in this process or in ``jobs`` worker
  processes. The parallel path keeps at most ``jobs * IN_FLIGHT_PER_JOB``
  chunks in flight and yields their rows in submission order, so memory stays
  flat however long the input is (``multiprocessing.Pool.imap`` would drain
  the generator into its task queue from a feeder thread). A worker that dies
  is replaced and the records it may have taken down are retried one at a
  time, so a crash costs one error row, not the batch.
- **writers** serialise rows deterministically: JSONL with a fixed key order
  and floats as Python's shortest ``repr`` (what ``json.dumps`` does), CSV
  with nested values as compact JSON, or a readable table for a terminal.
- :func:`run` ties them together for ``credscore score``: output to a file
  goes to ``OUT.partial`` and is renamed when complete; ``resume=True``
  keeps the complete rows of ``OUT.partial`` (dropping a torn last line),
  checks that they are the first records of the input, id by id, and scores
  the rest, so the result equals an uninterrupted run.

Text is decoded explicitly: ``.txt`` files go to :func:`credscore.score` as
bytes (UTF-8, else cp1252 with a ``not_utf8`` warning in the row). JSONL and
CSV are decoded as UTF-8 with ``surrogateescape``; a text field holding bytes
that were not UTF-8 is turned back into those bytes, so it gets the same
cp1252 fallback and warning instead of being rejected.
"""

from __future__ import annotations

import codecs
import csv
import glob
import gzip
import io
import json
import logging
import math
import os
import re
import sys
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ._version import __version__
from .extract import detect_encoding

logger = logging.getLogger(__name__)

#: Records per task sent to a worker: one task costs ~1 ms of pickling and
#: queueing against ~5 ms of scoring per document, so 16 documents make the
#: overhead about 1 %.
CHUNK_RECORDS = 16
#: A task is closed early past this many characters, so that a few very large
#: records are not queued together (a 50 MB record travels alone).
CHUNK_CHARS = 4_000_000
#: Tasks queued per worker: two keep it busy while the main process writes;
#: more only holds more text in memory.
IN_FLIGHT_PER_JOB = 3
#: Rows between flushes of the output file, so an interrupted run leaves
#: nearly all its finished rows on disk for ``--resume``.
FLUSH_EVERY = 64

#: Row keys, in output order (features and spans follow when asked for).
ROW_KEYS = ("id", "source", "score", "quality", "reason_codes", "reliability", "band", "confidence", "language",
            "source_domain", "source_score", "combined", "reasons", "flags", "warnings", "error", "extractor",
            "model_id",
            "credscore_version")


@dataclass(frozen=True)
class Fields:
    """Which record fields hold what. ``id``, ``url`` and ``date`` are used
    when present; a record without an id gets its position instead."""

    text: str = "text"
    id: str | None = "id"
    url: str | None = "url"
    date: str | None = "date"
    #: Field with raw HTML, used when the text field is absent.
    html: str | None = "html"
    #: Input fields carried into each row under ``metadata``; ``("*",)`` for all.
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class Record:
    id: Any
    source: str
    text: str | bytes | None = None
    url: Any = None
    published: Any = None
    #: Set when the record could not be read; it is then not scored.
    error: str | None = None
    #: Said in the row's warnings (duplicate keys, an HTML extraction).
    notes: tuple[str, ...] = ()
    #: The record's field names, kept when a needed field was missing, so a
    #: run can stop early naming the fields the records do have.
    keys: tuple[str, ...] | None = None
    #: Which extractor made ``text`` from HTML, e.g. "trafilatura 2.3.1".
    extractor: str | None = None
    #: Input fields carried into the row (``--keep-fields``).
    kept: dict[str, Any] | None = None


# --------------------------------------------------------------------------- rows


def _one_line(message: str, limit: int = 500) -> str:
    return " ".join(str(message).split())[:limit]


def error_row(record_id: Any, source: str, error: str, *, features: bool = False,
              evidence: bool = False, notes: Sequence[str] = (), extractor: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(ROW_KEYS)
    row.update(id=record_id, source=source, reason_codes=[], reasons=[], flags=[], warnings=list(notes),
               error=_one_line(error), extractor=extractor, credscore_version=__version__)
    if features:
        row["features"] = None
    if evidence:
        row["spans"] = None
    return row


def score_row(record: Record, *, features: bool = False, evidence: bool = False,
              model: Any = None) -> dict[str, Any]:
    """One output row for one record; never raises."""
    row = _score_row(record, features=features, evidence=evidence, model=model)
    if record.kept is not None:
        row["metadata"] = record.kept
    return row


def _score_row(record: Record, *, features: bool, evidence: bool, model: Any) -> dict[str, Any]:
    if record.error is not None:
        return error_row(record.id, record.source, record.error, features=features, evidence=evidence,
                         notes=record.notes, extractor=record.extractor)
    try:
        from .score import score

        result = score(record.text, url=record.url, published=record.published, model=model)
        data = result.to_dict(features=features, evidence=evidence)
    except Exception as exc:  # a bug must cost one row, not the batch
        return error_row(record.id, record.source, f"internal_error: {type(exc).__name__}: {exc}",
                         features=features, evidence=evidence, notes=record.notes, extractor=record.extractor)
    row = {"id": record.id, "source": record.source}
    for key in ROW_KEYS[2:]:
        row[key] = data.get(key)
    row["warnings"] = [*record.notes, *data.get("warnings", ())]
    row["extractor"] = record.extractor
    row["reasons"] = [{k: r[k] for k in ("feature", "contribution", "value", "text")} for r in data["reasons"]]
    row["flags"] = [{k: f[k] for k in ("code", "text")} for f in data["flags"]]
    if features:
        row["features"] = data["features"]
    if evidence:
        row["spans"] = data["spans"]
    return row


def _finite_only(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite_only(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite_only(v) for v in value]
    return value


def _encodes_as_utf8(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _writable(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udce9`` escapes. They come
    from ids and file names that were not UTF-8 (decoded with
    ``surrogateescape``) or from JSON escapes such as ``"\\ud800"``, and UTF-8
    cannot encode them; inside a JSON string the escape reads back as the same
    string, so ``--resume`` still matches ids."""
    if _encodes_as_utf8(text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def dumps(value: Any) -> str:
    """Deterministic compact JSON (NaN and infinities become null), always
    encodable as UTF-8."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        text = json.dumps(_finite_only(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _writable(text)


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


#: Columns of :func:`score_frame` besides the feature columns, and their dtypes.
#: ``reasons``, ``flags`` and ``warnings`` hold lists (of dicts and strings);
#: ``band`` is a categorical of :data:`BANDS`.
FRAME_COLUMNS = {
    "score": "float64", "quality": "float64", "reason_codes": "object",
    "reliability": "float64", "band": "category", "confidence": "object", "language": "object",
    "source_domain": "object", "source_score": "float64", "combined": "float64", "reasons": "object",
    "flags": "object", "warnings": "object", "error": "object", "extractor": "object", "model_id": "object",
    "credscore_version": "object",
}
#: The bands, in order, as the categories of ``band``.
BANDS = ("high", "medium", "low", "unscorable")


def _missing(value: Any) -> bool:
    """None, NaN, pandas NA or NaT: an empty cell (no pandas import needed)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


#: Columns that hold lists (or ``spans``): flat tables get them as compact JSON.
NESTED_COLUMNS = ("reasons", "flags", "warnings", "spans")


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
    from .extract import feature_names

    columns = dict(FRAME_COLUMNS)
    if flat:
        columns["band"] = "object"
    columns.update({name: "float64" for name in (feature_names() if features else ())})
    if evidence:
        columns["spans"] = "object"
    return columns


def frame_from_rows(rows: list[dict[str, Any]], index: Any, *, features: bool = False,
                    evidence: bool = False) -> Any:
    import pandas as pd

    columns = frame_columns(features=features, evidence=evidence)
    data: dict[str, list[Any]] = {name: [] for name in columns}
    for row in rows:
        for name in FRAME_COLUMNS:
            data[name].append(row.get(name))
        values = row.get("features") or {}
        for name in columns:
            if name not in FRAME_COLUMNS and name != "spans":
                value = values.get(name)
                data[name].append(math.nan if value is None else value)
        if evidence:
            data["spans"].append(row.get("spans"))
    series = {}
    for name, values in data.items():
        dtype: Any = pd.CategoricalDtype(BANDS) if columns[name] == "category" else columns[name]
        series[name] = pd.Series(values, index=index, dtype=dtype)
    return pd.DataFrame(series, index=index)


def _frame_fields(text_field: str, url_field: str | None, date_field: str | None, text_col: Any, url_col: Any,
                  date_col: Any, columns: Any) -> tuple[str, str | None, str | None]:
    """The field names, the deprecated ``*_col`` names taking precedence
    with a warning; ``KeyError`` for a text column the frame lacks."""
    import warnings

    names = [text_field, url_field, date_field]
    for k, (old, value) in enumerate((("text_col", text_col), ("url_col", url_col), ("date_col", date_col))):
        if value is not _UNSET:
            warnings.warn(f"{old}= is deprecated; use {old[:-4]}_field= (one name per idea across credscore)",
                          DeprecationWarning, stacklevel=3)
            names[k] = value
    if names[0] not in columns:
        raise KeyError(names[0])
    return names[0], names[1], names[2]


_UNSET: Any = object()


def score_frame(df: Any, text_field: str = "text", *, url_field: str | None = "url", date_field: str | None = "date",
                features: bool = False, evidence: bool = False, model: Any = None, text_col: Any = _UNSET,
                url_col: Any = _UNSET, date_col: Any = _UNSET) -> Any:
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

    text_field, url_field, date_field = _frame_fields(text_field, url_field, date_field, text_col, url_col,
                                                      date_col, df.columns)

    def column(name: str | None) -> list[Any]:
        if name and name in df.columns:
            return [None if _missing(v) else v for v in df[name].tolist()]
        return [None] * len(df)

    fields = Fields(text_field, None, "url", "date")
    rows = [score_row(record_from_mapping({text_field: text, "url": url, "date": published}, fields, None, ""),
                      features=features, evidence=evidence, model=model)
            for text, url, published in zip(column(text_field), column(url_field), column(date_field))]
    return frame_from_rows(rows, df.index, features=features, evidence=evidence)


# --------------------------------------------------------------------------- readers


def _restore_bytes(text: str) -> str | bytes:
    """Text decoded with ``surrogateescape`` back to its original bytes when it
    was not valid UTF-8, so that :func:`credscore.score` applies its fallback."""
    if _encodes_as_utf8(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # lone surrogates from JSON escapes: score() replaces them
        return text


#: Deepest nesting of lists and objects accepted in an id. Deeper ids are
#: not identifiers, and one close to Python's recursion limit would make
#: ``json.dumps`` of its row raise when it is written.
MAX_ID_DEPTH = 32


def _nested_deeper_than(value: Any, limit: int) -> bool:
    level = [value]
    for _ in range(limit):  # level by level, not recursively: the depth is the danger
        level = [child for item in level if isinstance(item, (dict, list, tuple))
                 for child in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return True


def _kept_fields(obj: Mapping[Any, Any], fields: Fields) -> dict[str, Any] | None:
    if not fields.keep:
        return None
    if fields.keep == ("*",):
        return {str(k): v for k, v in obj.items() if isinstance(k, str)}
    return {name: obj.get(name) for name in fields.keep}


def record_from_mapping(obj: Any, fields: Fields, fallback_id: Any, source: str,
                        notes: tuple[str, ...] = ()) -> Record:
    if not isinstance(obj, Mapping):
        return Record(fallback_id, source, error=f"bad_record: expected an object, got {type(obj).__name__}",
                      notes=notes)
    record_id = obj.get(fields.id) if fields.id else None
    keys = None
    if fields.id and fields.id not in obj:
        keys = tuple(str(k) for k in obj)
    if record_id is None or (isinstance(record_id, str) and not record_id) or _missing(record_id):
        record_id = fallback_id if not isinstance(record_id, float) else record_id
    if isinstance(record_id, (dict, list, tuple)) and _nested_deeper_than(record_id, MAX_ID_DEPTH):
        return Record(fallback_id, source, error=f"bad_id: {fields.id!r} is nested deeper than {MAX_ID_DEPTH} levels",
                      notes=notes)
    kept = _kept_fields(obj, fields)
    extractor = None
    if fields.text in obj:
        text = obj[fields.text]
    elif fields.html and fields.html in obj:
        markup = obj[fields.html]
        if not isinstance(markup, (str, bytes)):
            return Record(record_id, source, error=f"bad_html_field: {fields.html!r} is {type(markup).__name__}, "
                          "not text", notes=notes, kept=kept)
        extracted, extractor = html_to_text(markup)
        if extracted is None:
            return Record(record_id, source, error=f"no_main_text: {extractor} found no main text in the HTML",
                          notes=notes, extractor=extractor, kept=kept)
        text = extracted
    else:
        return Record(record_id, source, error=f"missing_field: no {fields.text!r} field", notes=notes,
                      keys=tuple(str(k) for k in obj), kept=kept)
    if _missing(text):
        return Record(record_id, source, error=f"empty_text: the {fields.text!r} field is empty (null or NaN)",
                      notes=notes, keys=keys, kept=kept)
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text)  # score() decodes it: UTF-8, else cp1252 with a warning
    elif isinstance(text, str):
        text = _restore_bytes(text)
    else:
        return Record(record_id, source, error=f"bad_text_field: {fields.text!r} is {type(text).__name__}, not text",
                      notes=notes, keys=keys, kept=kept)
    url = obj.get(fields.url) if fields.url else None
    published = obj.get(fields.date) if fields.date else None
    if _missing(published):
        published = None
    return Record(record_id, source, text, url if isinstance(url, str) and url.strip() else None,
                  None if isinstance(published, str) and not published.strip() else published,
                  notes=notes, keys=keys, extractor=extractor, kept=kept)


#: How many records a run reads before it decides that a field name is wrong:
#: when none of the first records that are objects has the text field (or the
#: id field the user named), the run stops and names the fields they have.
FIELD_CHECK_RECORDS = 100


def check_fields(records: Iterable[Record], fields: Fields, *, id_named: bool = False) -> Iterator[Record]:
    """``records`` unchanged, once one of the first :data:`FIELD_CHECK_RECORDS`
    objects is seen to have the text field (and the id field, when
    ``id_named``); raises :class:`FieldError` naming the fields they do have
    otherwise. The records held meanwhile are error rows, so this costs no
    memory to speak of."""
    held: list[Record] = []
    seen: dict[str, None] = {}
    checked = 0
    text_ok = id_ok = False
    iterator = iter(records)
    for record in iterator:
        held.append(record)
        if record.error is None or record.error.startswith(("empty_text", "bad_text_field")):
            checked += 1
            text_ok = True
            id_ok = id_ok or record.keys is None
            seen.update(dict.fromkeys(record.keys or ()))
        elif record.keys is not None:
            checked += 1
            seen.update(dict.fromkeys(record.keys))
        # Lines that are not objects (bad JSON) do not count, but are not
        # held without end either.
        if (text_ok and (id_ok or not id_named)) or checked >= FIELD_CHECK_RECORDS \
                or len(held) >= 10 * FIELD_CHECK_RECORDS:
            break
    if not checked:
        yield from held
        yield from iterator
        return
    if not text_ok:
        raise FieldError(f"no {fields.text!r} field in the first {checked} records; they have: {_listing(seen)} "
                         "(choose one with --text-field)")
    if id_named and not id_ok:
        raise FieldError(f"no {fields.id!r} field in the first {checked} records; they have: {_listing(seen)} "
                         "(choose one with --id-field)")
    yield from held
    yield from iterator


def html_to_text(markup: str | bytes) -> tuple[str | None, str]:
    """The main text of an HTML page by trafilatura (``pip install
    ".[html]"``), and the extractor's name and version for the row."""
    try:
        import trafilatura
    except ImportError:
        raise FieldError('reading HTML needs trafilatura: pip install ".[html]"') from None
    name = f"trafilatura {getattr(trafilatura, '__version__', '?')}"
    try:
        text = trafilatura.extract(markup, include_comments=False, include_tables=False, favor_precision=True)
    except Exception as exc:  # a parser failure costs this record, not the run
        logger.debug("trafilatura failed: %s", exc)
        text = None
    return (text if text and text.strip() else None), name


#: Longest record read, in characters of decoded input. Past it a record is
#: not held in memory at all: its line (or CSV row) is read through and
#: dropped, and it becomes one ``record_too_large`` error row. credscore
#: analyses at most ``extract.MAX_CHARS`` (1,000,000) characters of a document
#: anyway (a documented sample), so 64 times that is a generous ceiling;
#: reading costs at most about 3 times the longest record (docs/reliability.md).
MAX_RECORD_CHARS = 64_000_000
#: The same for a CSV row. Python's csv module holds a field being read at 4
#: bytes a character and grows it by doubling, so reading a CSV row costs
#: about 9 times its size (measured, docs/reliability.md): a quarter of the
#: JSONL limit keeps the worst case near that of JSONL.
MAX_CSV_RECORD_CHARS = 16_000_000
#: Bytes read at a time from a file or stdin.
_READ_CHUNK = 1 << 20
#: A line ends at ``\n``, ``\r\n`` or a lone ``\r`` (old Mac files). JSON
#: never holds a raw CR or LF inside a string, so this cannot split a record.
_LINE_END = re.compile(r"\r\n|\r|\n")
class _TooLong:
    """Stands for a line longer than :data:`MAX_RECORD_CHARS` (not kept)."""

    def __init__(self, chars: int):
        self.chars = chars


def _decoder(codec: str) -> Any:
    # UTF-8 keeps bytes that are not UTF-8 as surrogates, to be restored and
    # scored with score()'s cp1252 fallback; UTF-16/32 damage is replaced.
    return codecs.getincrementaldecoder(codec)("surrogateescape" if codec == "utf-8" else "replace")


def _text_lines(stream: IO[bytes], codec: str, limit: int | None = None) -> Iterator[str | _TooLong | Exception]:
    """Decoded lines of ``stream``, each with its line end, split at ``\\n``,
    ``\\r\\n`` or a lone ``\\r``. A line longer than ``limit`` comes as a
    :class:`_TooLong` and is never held whole. A read error (a truncated gzip)
    ends the stream with the exception as the last item; the torn line before
    it is dropped, since it is not known to be complete."""
    limit = MAX_RECORD_CHARS if limit is None else limit
    decoder = _decoder(codec)
    pieces: list[str] = []  # the current line so far
    size = 0
    skipping = False
    carry = ""
    while True:
        try:
            chunk = stream.read(_READ_CHUNK)
        except (EOFError, OSError, zlib.error) as exc:
            yield exc
            return
        text = carry + decoder.decode(chunk, final=not chunk)
        carry = ""
        if chunk and text.endswith("\r"):  # maybe half of a \r\n
            text, carry = text[:-1], "\r"
        pos = 0
        for match in _LINE_END.finditer(text):
            end = match.end()
            if skipping or size + end - pos > limit:
                line: str | _TooLong = _TooLong(size + end - pos)
            else:
                pieces.append(text[pos:end])
                line = "".join(pieces) if len(pieces) > 1 else pieces[0]
            # The pieces are dropped before the line is handed on: a huge
            # record is held once here, not twice.
            pieces, size, skipping, pos = [], 0, False, end
            yield line
            del line
        rest = len(text) - pos
        if rest:
            if skipping or size + rest > limit:
                pieces, skipping = [], True
            else:
                pieces.append(text[pos:])
            size += rest
        if not chunk:
            if skipping:
                yield _TooLong(size)
            elif pieces:
                last = "".join(pieces)
                pieces = []
                yield last
            return


class _Replay(io.RawIOBase):
    """``head`` then the rest of ``stream``: what was read to sniff a stream
    is read again."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self.head, self.stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = getattr(self.stream, "read1", self.stream.read)(len(buffer))
        buffer[:len(data)] = data
        return len(data)


#: How far stdin is read to decide what it holds: past a BOM and blank lines
#: to the first character, and on to the end of the first line.
SNIFF_BYTES = 1 << 20


def _peek(stream: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The start of ``stream`` (up to the end of its first non-blank line, at
    least 4 bytes, at most :data:`SNIFF_BYTES`) and what reads on from there:
    ``stream`` itself, or, after a read error (a truncated or false gzip), a
    stream that raises it again where the reader will report it."""
    head = b""
    read = getattr(stream, "read1", stream.read)  # what is readable now, not lost to a later error
    try:
        while len(head) < SNIFF_BYTES:
            chunk = read(min(4096, SNIFF_BYTES - len(head)))
            if not chunk:
                break
            head += chunk
            stripped = head.lstrip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe")
            if len(head) >= 4 and stripped and (b"\n" in stripped or b"\r" in stripped):
                break
    except (EOFError, OSError, zlib.error) as exc:
        return head, _Failing(exc)  # type: ignore[return-value]
    return head, stream


class _Failing(io.RawIOBase):
    """A stream whose next read raises ``error`` (met while looking ahead)."""

    def __init__(self, error: BaseException):
        self.error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise self.error


def _sniff(head: bytes, fields: Fields) -> str:
    """What stdin holds: gzip by its magic, JSONL when the first character is
    ``{``, a JSON array for ``[``, CSV when the first line has a cell named
    like the text field, else one text document."""
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    codec, bom = detect_encoding(head)
    text = head[bom:].decode(codec, "replace").lstrip()
    if text[:1] == "{":
        return "jsonl"
    if text[:1] == "[":
        return "json"
    first = _LINE_END.split(text, 1)[0]
    if first and fields.text in next(csv.reader([first]), []):
        return "csv"
    return "txt"


def _open_text(stream: IO[bytes]) -> tuple[IO[bytes], str]:
    """``stream`` past its BOM, and its codec. A read error while looking
    ahead (a truncated or false gzip) is raised again where the reader
    reads, which turns it into a ``truncated_file`` row."""
    head, rest = _peek(stream)
    codec, bom = detect_encoding(head)
    return _Replay(head[bom:], rest), codec  # type: ignore[return-value]


def _duplicates(keys: Sequence[Any]) -> list[str]:
    seen: set[Any] = set()
    return sorted({str(k) for k in keys if k in seen or seen.add(k)})  # type: ignore[func-returns-value]


class _Object(dict):  # type: ignore[type-arg]
    """A JSON object that had duplicate keys (``duplicates`` names them)."""

    duplicates: list[str] = []


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        # RFC 8259 leaves duplicate names to the parser; Python's json and
        # JavaScript's JSON.parse keep the last. So does credscore, and says so.
        marked = _Object(obj)
        marked.duplicates = _duplicates([k for k, _ in pairs])
        return marked
    return obj


#: One decoder for every line (``json.loads`` with a hook builds one per call).
_JSON = json.JSONDecoder(object_pairs_hook=_object_pairs)


def _notes_of(obj: Any) -> tuple[str, ...]:
    return (_duplicate_note(obj.duplicates, "keys"),) if isinstance(obj, _Object) else ()


def _duplicate_note(names: list[str], what: str) -> str:
    listed = ", ".join(repr(n) for n in names)
    return f"duplicate_{what}: {listed} appear{'s' if len(names) == 1 else ''} more than once; the last one is used"


def read_jsonl(stream: IO[bytes], name: str, fields: Fields, codec: str | None = None) -> Iterator[Record]:
    if codec is None:
        stream, codec = _open_text(stream)
    lineno = 0
    for item in _text_lines(stream, codec):
        if isinstance(item, Exception):
            yield Record(f"{name}:{lineno + 1}", name,
                         error=f"truncated_file: could not read past line {lineno}: {type(item).__name__}: {item}")
            return
        lineno += 1
        fallback = f"{name}:{lineno}"
        if isinstance(item, _TooLong):
            yield Record(fallback, name, error=f"record_too_large: the line holds {item.chars:,} characters, "
                         f"more than the limit of {MAX_RECORD_CHARS:,}; not read")
            continue
        if not item.strip():
            continue
        try:
            obj = _JSON.decode(item)
        except ValueError as exc:
            yield Record(fallback, name, error=f"bad_json: {exc}")
            continue
        except RecursionError:  # "[[[[..." thousands deep
            yield Record(fallback, name, error="bad_json: nested too deeply")
            continue
        del item
        yield record_from_mapping(obj, fields, fallback, name, notes=_notes_of(obj))


def read_json(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Record]:
    """A ``.json`` file: an array of records, one object, or (as many
    ``.json`` files are) JSON Lines. Read whole: use JSONL for big inputs."""
    stream, codec = _open_text(stream)
    try:
        data = stream.read()
    except (EOFError, OSError, zlib.error) as exc:
        yield Record(f"{name}:1", name, error=f"truncated_file: {type(exc).__name__}: {exc}")
        return
    text = data.decode(codec, "surrogateescape" if codec == "utf-8" else "replace")
    del data
    try:
        value = _JSON.decode(text)
    except ValueError as exc:
        if "Extra data" in str(exc) and text.lstrip()[:1] == "{":  # JSON Lines in a .json file
            yield from read_jsonl(io.BytesIO(text.encode("utf-8", "surrogateescape")), name, fields, "utf-8")
        else:
            yield Record(f"{name}:1", name, error=f"bad_json: {exc}")
        return
    except RecursionError:
        yield Record(f"{name}:1", name, error="bad_json: nested too deeply")
        return
    for number, obj in enumerate(value if isinstance(value, list) else [value], 1):
        yield record_from_mapping(obj, fields, f"{name}:{number}", name, notes=_notes_of(obj))


class _RowTooLong(Exception):
    pass


def read_csv(stream: IO[bytes], name: str, fields: Fields, codec: str | None = None) -> Iterator[Record]:
    """One record per CSV row after the header; the fallback id is the row
    number (1 = first data row), since quoted fields may span lines.

    A quote left open would make Python's ``csv`` read the rest of the file
    into one field. A row that reaches the end of the file inside a quoted
    field, or spans lines and grows past :data:`MAX_CSV_RECORD_CHARS`, or
    fails to parse after spanning lines, is therefore taken back:
    its first line becomes a ``bad_csv`` error row and reading starts again
    at the next line. A row longer than :data:`MAX_CSV_RECORD_CHARS` on one
    line is one ``record_too_large`` row.
    """
    csv.field_size_limit(2**31 - 1)  # the size is checked here, per row
    if codec is None:
        stream, codec = _open_text(stream)
    limit = MAX_CSV_RECORD_CHARS
    lines = _text_lines(stream, codec, limit)
    replay: deque[str] = deque()
    taken: list[str] = []
    state = {"size": 0, "eof": False}

    def feed() -> Iterator[str]:
        while True:
            if replay:
                line = replay.popleft()
            else:
                item = next(lines, None)
                if item is None:
                    state["eof"] = True
                    return
                if isinstance(item, Exception):
                    raise item
                if isinstance(item, _TooLong):
                    raise _RowTooLong(item.chars)
                line = item
            taken.append(line)
            state["size"] += len(line)
            if state["size"] > limit:
                raise _RowTooLong(state["size"])
            yield line

    source = feed()
    reader = csv.reader(source, strict=True)
    header: list[str] | None = None
    notes: tuple[str, ...] = ()
    number = 0
    while True:
        taken.clear()
        state["size"] = 0
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (EOFError, OSError, zlib.error) as exc:  # a truncated .csv.gz
            yield Record(f"{name}:{number + 1}", name, error=f"truncated_file: {type(exc).__name__}: {exc}")
            return
        except (csv.Error, _RowTooLong) as exc:
            number += 1
            if len(taken) > 1:
                # An open quote took the lines after it: give them back.
                replay.extendleft(reversed(taken[1:]))
                what = (f"a quoted field runs past {limit:,} characters" if isinstance(exc, _RowTooLong)
                        else "a quoted field is never closed" if state["eof"] else f"{exc} in a quoted field")
                error = f"bad_csv: {what}; the row's first line is skipped and reading goes on at the next"
            elif isinstance(exc, _RowTooLong):
                error = f"record_too_large: the row holds more than {limit:,} characters; not read"
            else:
                error = f"bad_csv: {exc}"
            state["eof"] = False
            source = feed()
            reader = csv.reader(source, strict=True)
            if header is None:
                raise FieldError(f"{name}: the header row cannot be read ({error})")
            yield Record(f"{name}:{number}", name, error=error)
            continue
        if header is None:
            header = cells
            if header and header[0].startswith("\ufeff"):
                header[0] = header[0][1:]
            duplicated = _duplicates(header)
            notes = (_duplicate_note(duplicated, "columns"),) if duplicated else ()
            if fields.text not in header:
                raise FieldError(f"{name}: no {fields.text!r} column in the first row "
                                 f"({_listing(header)}); a CSV needs a header row naming its columns "
                                 "(use --text-field to name the text column)")
            continue
        if not cells:  # a blank line
            continue
        number += 1
        row = dict(zip(header, cells))
        if len(cells) > len(header):
            row[None] = cells[len(header):]  # type: ignore[index]
        yield record_from_mapping(row, fields, f"{name}:{number}", name, notes=notes)


def read_parquet(path: str, fields: Fields) -> Iterator[Record]:
    """A Parquet file through pyarrow (``pip install ".[parquet]"``), in
    batches, so memory follows the row groups, not the file."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise FieldError(f"{path}: reading Parquet needs pyarrow: pip install \".[parquet]\"") from None
    try:
        handle = pq.ParquetFile(path)
        number = 0
        for batch in handle.iter_batches(batch_size=256):
            for obj in batch.to_pylist():
                number += 1
                yield record_from_mapping(obj, fields, f"{path}:{number}", path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        yield Record(f"{path}:{number + 1}", path, error=f"bad_parquet: {type(exc).__name__}: {_one_line(exc)}")


class FieldError(ValueError):
    """The input cannot be read as asked (no such text field, an unsupported
    file): the run stops before scoring anything."""


def _listing(names: Iterable[Any], limit: int = 20) -> str:
    names = [str(n) for n in names]
    shown = ", ".join(repr(n) for n in names[:limit])
    return (shown + f", ... ({len(names)} in all)") if len(names) > limit else (shown or "none")


#: Readers by suffix, the same for a file named or found in a folder.
#: Compressed forms are read through gzip first.
SUFFIX_KINDS = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
                ".csv": "csv", ".tsv": None, ".parquet": "parquet", ".html": "html", ".htm": "html"}
#: File suffixes picked up inside directories (with ``.gz`` after any but Parquet).
INPUT_SUFFIXES = tuple(s for s, kind in SUFFIX_KINDS.items() if kind) + tuple(
    s + ".gz" for s, kind in SUFFIX_KINDS.items() if kind and kind != "parquet")


def _kind(path: str, input_format: str = "auto") -> str | None:
    """How ``path`` is read: by ``input_format`` when given, else by suffix;
    ``None`` for a suffix credscore does not read."""
    if input_format != "auto":
        return input_format
    lower = path.lower().removesuffix(".gz")
    for suffix, kind in SUFFIX_KINDS.items():
        if lower.endswith(suffix):
            return None if kind == "parquet" and path.lower().endswith(".gz") else kind
    return None


@dataclass
class Skipped:
    """What a directory scan passed over, for the summary."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, reason: str) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1

    def text(self) -> str:
        return ", ".join(f"{n} {reason}" for reason, n in sorted(self.counts.items()))


def _walk(root: Path, skipped: Skipped) -> Iterator[str]:
    """Input files under ``root``, sorted; skips dot-folders and dot-files,
    symlinked folders (they can loop), dangling symlinks, unreadable folders
    and unknown suffixes, counting each in ``skipped``."""
    def refused(error: OSError) -> None:
        skipped.add("unreadable folders")

    found = []
    for folder, dirs, files in os.walk(root, onerror=refused):
        kept = []
        for d in sorted(dirs):
            if d.startswith("."):
                skipped.add("hidden folders")
            elif os.path.islink(os.path.join(folder, d)):
                skipped.add("symlinked folders")
            else:
                kept.append(d)
        dirs[:] = kept
        for f in files:
            path = os.path.join(folder, f)
            if f.startswith("."):
                skipped.add("hidden files")
            elif not os.path.exists(path):
                skipped.add("dangling symlinks")
            elif _kind(path) is None:
                skipped.add("files of other types")
            elif os.path.isfile(path):
                found.append(path)
    return iter(sorted(found))


def expand_inputs(paths: Sequence[str], skipped: Skipped | None = None) -> list[str]:
    """Files named, files under directories (recursively, sorted, by suffix),
    and glob matches (sorted). A name that matches nothing is kept, so that
    it becomes an error row rather than silently nothing. What a directory
    scan passes over is counted in ``skipped``."""
    skipped = skipped if skipped is not None else Skipped()
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw == "-" or path.is_file():
            found.append(raw)
        elif not raw.strip():
            found.append(raw)  # Path("") is ".": an empty name must not scan the working folder
        elif path.is_dir():
            found.extend(_walk(path, skipped))
        elif glob.has_magic(raw):
            matches = sorted(m for m in glob.glob(raw, recursive=True) if Path(m).is_file())
            found.extend(matches or [raw])
        else:
            found.append(raw)
    return found


def _html_record(data: bytes, record_id: Any, source: str) -> Record:
    text, extractor = html_to_text(data)
    if text is None:
        return Record(record_id, source, error=f"no_main_text: {extractor} found no main text in the HTML",
                      extractor=extractor)
    return Record(record_id, source, text, extractor=extractor)


def _read_up_to(stream: IO[bytes], limit: int) -> bytes:
    """Up to ``limit`` bytes, reading until the end (a raw stream's ``read``
    returns what one read gives)."""
    parts, size = [], 0
    while size < limit:
        chunk = stream.read(min(_READ_CHUNK, limit - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _read_one(stream: IO[bytes], name: str, kind: str, fields: Fields) -> Iterator[Record]:
    if kind == "jsonl":
        yield from read_jsonl(stream, name, fields)
    elif kind == "json":
        yield from read_json(stream, name, fields)
    elif kind == "csv":
        yield from read_csv(stream, name, fields)
    else:
        cap = MAX_RECORD_CHARS * 4  # at most 4 bytes a character
        try:
            data = _read_up_to(stream, cap + 1)
            if len(data) > cap:
                yield Record(name, name, error=f"record_too_large: more than {cap:,} bytes; the limit is "
                             f"{MAX_RECORD_CHARS:,} characters")
                return
        except (EOFError, OSError, zlib.error) as exc:
            yield Record(name, name, error=f"truncated_file: {type(exc).__name__}: {exc}")
            return
        if kind == "html":
            yield _html_record(data, name, name)
            return
        codec, bom = detect_encoding(data[:4])
        if codec == "utf-8":  # score() decodes it: UTF-8, else cp1252 with a warning
            yield Record(name, name, data)
        else:
            yield Record(name, name, data[bom:].decode(codec, "replace"))


class _Counted(io.RawIOBase):
    """A file that reports how many bytes were read from it."""

    def __init__(self, handle: IO[bytes], on_read: Callable[[int], None]):
        self.handle, self.on_read = handle, on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self.on_read(n)
        return n


def read_inputs(paths: Sequence[str], fields: Fields = Fields(), *, input_format: str = "auto",
                stdin: IO[bytes] | None = None, on_read: Callable[[int], None] | None = None) -> Iterator[Record]:
    """Every record of every input, lazily, in order. Raises
    :class:`FieldError` for a file of a suffix credscore does not read."""
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            head, stream = _peek(stream)
            if head[:2] == b"\x1f\x8b":
                stream = gzip.GzipFile(fileobj=_Replay(head, stream))  # type: ignore[arg-type,assignment]
                head, stream = _peek(stream)
            kind = _sniff(head, fields) if input_format == "auto" else input_format
            yield from _read_one(_Replay(head, stream), "-", kind, fields)  # type: ignore[arg-type]
            continue
        kind = _kind(path, input_format)
        if kind is None:
            raise FieldError(f"{path}: credscore does not read this kind of file (it reads "
                             f"{', '.join(s for s, k in SUFFIX_KINDS.items() if k)}, each also .gz); "
                             "name the format with --input-format")
        if kind == "parquet":
            if not os.path.exists(path):
                yield Record(path, path, error="unreadable_input: FileNotFoundError: No such file or directory")
                continue
            yield from read_parquet(path, fields)
            continue
        try:
            handle: IO[bytes] = open(path, "rb")
        except OSError as exc:
            yield Record(path, path, error=f"unreadable_input: {type(exc).__name__}: {exc.strerror or exc}")
            continue
        with handle:
            if on_read is not None:
                handle = io.BufferedReader(_Counted(handle, on_read))  # type: ignore[assignment]
            if path.lower().endswith(".gz"):
                handle = gzip.GzipFile(fileobj=handle)  # type: ignore[assignment]
            yield from _read_one(handle, path, kind, fields)


# --------------------------------------------------------------------------- scoring


_WORKER_MODEL: Any = None
#: Set in a worker whose model failed to load: its records become error rows.
_WORKER_ERROR: str | None = None


def _exit_with(main_pid: int) -> None:
    """Exit this worker as soon as the main process ``main_pid`` is gone.

    The pool's parent is the forkserver, not the main process, and every
    worker holds both ends of the task queue and the forkserver's keep-alive
    pipe: a killed main process would leave them all blocked forever, holding
    stdout open. So each worker watches the main process itself, with a pidfd
    (Linux 5.3+) that becomes readable when it exits, else by polling."""
    import select

    try:
        fd = os.pidfd_open(main_pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
    else:
        while True:
            time.sleep(0.5)
            try:
                os.kill(main_pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:  # alive, another user's: cannot happen for our own parent
                continue
    os._exit(1)


def _init_worker(model_path: str | None, main_pid: int | None = None) -> None:
    """Load the model once per process, before its first task. The main
    process validated the file first (:func:`load_model`), so a failure here
    means it changed meanwhile: the worker's records become error rows."""
    global _WORKER_MODEL, _WORKER_ERROR
    from .model import ModelError, ReliabilityModel, shipped_model

    if main_pid is not None:
        import threading

        threading.Thread(target=_exit_with, args=(main_pid,), name="credscore-exit-with-main", daemon=True).start()
    try:
        _WORKER_MODEL = ReliabilityModel.load(model_path) if model_path else shipped_model()
    except (ModelError, OSError) as exc:
        if main_pid is None:
            raise
        _WORKER_ERROR = f"model_error: {_one_line(exc)}"


def load_model(model_path: str | None) -> Any:
    """The model, loaded and validated once in the main process before any
    worker starts; raises ``credscore.model.ModelError`` for a bad file."""
    from .model import ModelError, ReliabilityModel, shipped_model

    if not model_path:
        return shipped_model()
    try:
        return ReliabilityModel.load(model_path)
    except RecursionError:  # deep nesting, until model.py refuses it itself
        raise ModelError(f"{model_path}: nested too deeply") from None


def _score_chunk(chunk: list[Record], features: bool, evidence: bool) -> list[dict[str, Any]]:
    if _WORKER_ERROR is not None:
        return [error_row(r.id, r.source, _WORKER_ERROR, features=features, evidence=evidence) for r in chunk]
    return [score_row(r, features=features, evidence=evidence, model=_WORKER_MODEL) for r in chunk]


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    chars = 0
    for record in records:
        chunk.append(record)
        chars += len(record.text) if isinstance(record.text, (str, bytes)) else 0
        if len(chunk) >= CHUNK_RECORDS or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _new_pool(jobs: int, model_path: str | None) -> Any:
    # Imported here: `import credscore` stays free of multiprocessing's import cost.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers do not inherit the parent's threads (tqdm's monitor,
    # a test runner's) or its memory, and still start faster than spawn.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(model_path, os.getpid()))


def score_stream(records: Iterable[Record], *, jobs: int = 1, features: bool = False, evidence: bool = False,
                 model_path: str | None = None) -> Iterator[dict[str, Any]]:
    """Rows for ``records`` in input order, scored here (``jobs <= 1``) or in
    ``jobs`` worker processes that each load the model once. The model is
    loaded here first either way, so a bad file is refused before any
    worker starts or any row is written."""
    model = load_model(model_path)
    if jobs <= 1:
        for record in records:
            yield score_row(record, features=features, evidence=evidence, model=model)
        return
    yield from _score_parallel(_chunks(records), jobs, features, evidence, model_path)


def _score_parallel(chunks: Iterator[list[Record]], jobs: int, features: bool, evidence: bool,
                    model_path: str | None) -> Iterator[dict[str, Any]]:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    pool = _new_pool(jobs, model_path)
    pending: deque[tuple[list[Record], Any]] = deque()
    try:
        while True:
            while len(pending) < jobs * IN_FLIGHT_PER_JOB:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                try:
                    future = pool.submit(_score_chunk, chunk, features, evidence)
                except BrokenProcessPool as exc:  # a worker died while this process was writing
                    future = Future()
                    future.set_exception(exc)
                pending.append((chunk, future))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                rows = future.result()
            except Exception as exc:
                # A worker died (out of memory, a crash in C code) or the chunk
                # could not be sent. Retry what was in flight one record at a
                # time, so that only the culprit becomes an error row.
                suspects = list(chunk)
                if isinstance(exc, BrokenProcessPool):  # every chunk in flight is lost with it
                    suspects += [r for c, _ in pending for r in c]
                    pending.clear()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _new_pool(jobs, model_path)
                for record in suspects:
                    try:
                        rows = pool.submit(_score_chunk, [record], features, evidence).result()
                    except Exception as single:
                        if isinstance(single, BrokenProcessPool):
                            pool.shutdown(wait=False, cancel_futures=True)
                            pool = _new_pool(jobs, model_path)
                            reason = "worker_crashed: the worker process died scoring this record"
                        else:
                            reason = f"internal_error: {type(single).__name__}: {single}"
                        rows = [error_row(record.id, record.source, reason, features=features, evidence=evidence)]
                    yield from rows
                continue
            yield from rows
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------- writers


#: Decimal places of floats in CSV output: a probability to a millionth is
#: far finer than the model's calibration error (docs/model.md), and short
#: cells keep a spreadsheet readable. JSONL keeps every digit.
CSV_DECIMALS = 6


def _csv_cell(value: Any, decimals: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return repr(round(value, decimals) + 0.0) if decimals is not None else repr(value)
    if isinstance(value, (list, dict)):
        return dumps(value)
    # One row per physical line keeps --resume's torn-line repair simple.
    return _writable(str(value).replace("\r", "\\r").replace("\n", "\\n"))


class JsonlWriter:
    def __init__(self, out: IO[str], *, ascii_only: bool = False, **_: Any):
        self.out, self.ascii_only = out, ascii_only

    def write(self, row: dict[str, Any]) -> None:
        text = dumps(row)
        # A terminal or pipe that is not UTF-8: \u escapes read back the same.
        self.out.write((json.dumps(json.loads(text)) if self.ascii_only and not text.isascii() else text) + "\n")

    def close(self) -> None:
        pass


class CsvWriter:
    def __init__(self, out: IO[str], *, features: bool = False, evidence: bool = False, metadata: bool = False,
                 header: bool = True, **_: Any):
        from .extract import feature_names

        self.features = feature_names() if features else ()
        self.evidence, self.metadata = evidence, metadata
        self.writer = csv.writer(out, lineterminator="\n")
        if header:
            self.writer.writerow(csv_header(features=features, evidence=evidence, metadata=metadata))

    def write(self, row: dict[str, Any]) -> None:
        cells = [_csv_cell(row.get(k), None if k == "id" else CSV_DECIMALS) for k in ROW_KEYS]
        values = row.get("features") or {}
        cells.extend(_csv_cell(values.get(name), CSV_DECIMALS) for name in self.features)
        if self.evidence:
            cells.append(_csv_cell(row.get("spans")))
        if self.metadata:
            cells.append(_csv_cell(row.get("metadata")))
        self.writer.writerow(cells)

    def close(self) -> None:
        pass


def csv_header(*, features: bool, evidence: bool, metadata: bool = False) -> list[str]:
    from .extract import feature_names

    return [*ROW_KEYS, *(feature_names() if features else ()), *(["spans"] if evidence else []),
            *(["metadata"] if metadata else [])]


class TableWriter:
    """The quick start's readable table: one line per document. The first
    :data:`TABLE_SIZING_ROWS` rows are held to size the id column from
    their ids."""

    def __init__(self, out: IO[str], *, width: int | None = None, **_: Any):
        self.out, self.width = out, width
        self.held: list[dict[str, Any]] | None = []

    @staticmethod
    def _name(row: dict[str, Any]) -> str:
        name = str(row["id"])
        if row["source"] == row["id"] and name != "-":
            name = Path(name).name
        return _writable(name)

    def _start(self) -> None:
        held, self.held = self.held or [], None
        if self.width is None:
            self.width = max([12, *(len(self._name(r)) for r in held)][:TABLE_SIZING_ROWS + 1])
            self.width = min(self.width, 60)
        header = (f"{'document':<{self.width}}  {'score':>5}  {'band':<10} {'language':<8} {'confidence':<10}  "
                  "main reason")
        self.out.write(header + "\n" + "-" * max(len(header), 100) + "\n")
        for row in held:
            self._write(row)

    def write(self, row: dict[str, Any]) -> None:
        if self.held is not None:
            self.held.append(row)
            if len(self.held) >= TABLE_SIZING_ROWS:
                self._start()
            return
        self._write(row)

    def _write(self, row: dict[str, Any]) -> None:
        width = self.width or 12
        name = self._name(row)
        name = name if len(name) <= width else name[: width - 3] + "..."
        if row["error"]:
            self.out.write(f"{name:<{width}}  error: {_writable(row['error'][:100])}\n")
            return
        reasons = row["reasons"]
        main = ([r for r in reasons if r["contribution"] < 0] or reasons or [None])[0]
        why = f"{main['contribution']:+.2f} {main['text']}" if main else ""
        value = row["score"]
        if value is None:  # unscorable: the codes are the reason
            why = ", ".join(row.get("reason_codes") or [])
        shown = f"{value:>5.2f}" if isinstance(value, float) else f"{'-':>5}"
        self.out.write(f"{name:<{width}}  {shown}  {row['band'] or '':<10} "
                       f"{row['language'] or '':<8} {row['confidence'] or '':<10}  {why[:100]}\n")
        if row.get("flags"):
            flags = ", ".join(f["code"] for f in row["flags"])
            self.out.write(f"{'':<{width}}  {'':>5}  flags: {flags}\n")

    def close(self) -> None:
        if self.held is not None:
            self._start()


#: Rows held back to size the table's id column.
TABLE_SIZING_ROWS = 50


WRITERS: dict[str, Callable[..., Any]] = {"jsonl": JsonlWriter, "csv": CsvWriter, "table": TableWriter}


# --------------------------------------------------------------------------- resume


class ResumeError(RuntimeError):
    pass


def _repair_partial(path: Path) -> int:
    """Cut a torn last line off ``path``; return the number of complete lines."""
    with open(path, "rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        # Find the last newline by reading backwards in blocks.
        end = size
        while end > 0:
            start = max(0, end - 65536)
            handle.seek(start)
            block = handle.read(end - start)
            cut = block.rfind(b"\n")
            if cut >= 0:
                end = start + cut + 1
                break
            end = start
        if end != size:
            handle.truncate(end)
    with open(path, "rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))


def _id_as_written(record_id: Any, fmt: str) -> str:
    """The id as its row writes it: ids are compared in this form on resume,
    so that an id JSON cannot hold as is (NaN, 1e400) still matches."""
    return _csv_cell(record_id) if fmt == "csv" else dumps(record_id)


def _done_ids(path: Path, fmt: str, count: int) -> Iterator[tuple[str, bool]]:
    """(id as written, had error) of the first ``count`` rows of a partial output."""
    with open(path, encoding="utf-8", newline="") as handle:
        error_col = ROW_KEYS.index("error")
        rows = csv.reader(handle) if fmt == "csv" else handle
        if fmt == "csv":
            next(rows, None)
        for number, row in zip(range(1, count + 1), rows):
            try:
                if fmt == "csv":
                    yield row[0], bool(row[error_col])
                else:
                    parsed = json.loads(row)
                    yield dumps(parsed["id"]), bool(parsed["error"])
            except (ValueError, LookupError, TypeError) as exc:
                raise ResumeError(f"row {number} of the partial output is not a row of this command "
                                  f"({type(exc).__name__}); rerun without --resume") from None


def _skip_done(records: Iterator[Record], done: Iterator[tuple[Any, bool]], fmt: str,
               stats: dict[str, int]) -> Iterator[Record]:
    for record in records:
        previous = next(done, None)
        if previous is None:
            yield record
            break
        expected = _id_as_written(record.id, fmt)
        if previous[0] != expected:
            raise ResumeError(f"row {stats['skipped'] + 1} of the partial output has id {previous[0]} but "
                              f"the input's record there has id {expected}: the inputs changed; "
                              "rerun without --resume")
        stats["skipped"] += 1
        stats["errors"] += previous[1]
    if next(done, None) is not None:
        raise ResumeError("the partial output has more rows than the input has records; rerun without --resume")
    yield from records


# --------------------------------------------------------------------------- run


@dataclass
class Summary:
    rows: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    #: Bands, reason codes, warnings, kept and dropped (credscore.keep.Tally).
    tally: Any = None
    #: What the directory scan passed over (see :class:`Skipped`).
    passed_over: str = ""

    def line(self) -> str:
        scored = self.rows - self.skipped
        rate = scored / self.seconds if self.seconds > 0 else 0.0
        resumed = f" ({self.skipped} kept from the partial output)" if self.skipped else ""
        passed = f"; not read: {self.passed_over}" if self.passed_over else ""
        return (f"credscore: {self.rows} rows{resumed}, {self.errors} errors, "
                f"{rate:.1f} docs/s over {self.seconds:.1f} s{passed}")


class ReadMeter:
    """Bytes read from the input files, for a progress bar with an ETA (on
    ``--resume`` the records kept are read again, so the bar counts them)."""

    def __init__(self, total: int):
        self.total, self.bar = total, None

    def add(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)


class OutputError(OSError):
    """Writing the output failed (disk full, not writable): the run stops,
    keeping ``OUT.partial`` for ``--resume``."""


def _fingerprint(paths: Sequence[str]) -> list[list[Any]]:
    """(path, size, modification time in ns) of each input file, for
    ``--resume`` to tell that the inputs did not change; stdin has none."""
    prints: list[list[Any]] = []
    for path in paths:
        try:
            info = os.stat(path) if path != "-" else None
        except OSError:
            info = None
        prints.append([_writable(path), info.st_size, info.st_mtime_ns] if info else [_writable(path), None, None])
    return prints


def _check_fingerprint(sidecar: Path, paths: Sequence[str]) -> None:
    try:
        recorded = json.loads(sidecar.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return  # a partial output from an older credscore: the ids are still checked
    except (OSError, ValueError) as exc:
        raise ResumeError(f"cannot read {sidecar}: {exc}; rerun without --resume") from None
    now = _fingerprint(paths)
    if recorded != now:
        changed = [p[0] for p, q in zip(now, recorded) if p != q] or ["the list of inputs"]
        raise ResumeError(f"the inputs changed since the interrupted run (size or modification time of "
                          f"{', '.join(map(str, changed[:3]))}); rerun without --resume")


def run(records: Iterator[Record], *, fmt: str, output: str | None = None, jobs: int = 1,
        features: bool = False, evidence: bool = False, resume: bool = False, model_path: str | None = None,
        progress: bool = False, table_width: int = 28, stdout: IO[str] | None = None,
        inputs: Sequence[str] = (), metadata: bool = False, ascii_only: bool = False,
        meter: ReadMeter | None = None, min_score: float | None = None, dropped: str | None = None) -> Summary:
    """Score ``records`` and write the rows; see the module docstring.
    ``inputs`` are the paths read, fingerprinted for ``--resume`` in
    ``OUT.partial.inputs``. With ``min_score``, only kept rows are written;
    dropped rows go to the file ``dropped`` (JSONL, or CSV when it ends in
    .csv) with their reason codes. Raises :class:`OutputError` when the
    output cannot be written, :class:`ResumeError` and :class:`FieldError`
    before scoring when the run cannot go on."""
    from .keep import Tally, kept, with_drop_reason

    summary = Summary()
    summary.tally = tally = Tally()
    started = time.perf_counter()
    stats = {"skipped": 0, "errors": 0}
    partial = Path(output + ".partial") if output else None
    sidecar = Path(output + ".partial.inputs") if output else None
    header = True
    columns = dict(features=features, evidence=evidence, metadata=metadata)
    try:
        if partial is not None and resume and partial.exists():
            _check_fingerprint(sidecar, inputs)  # type: ignore[arg-type]
            count = _repair_partial(partial)
            if fmt == "csv" and count:
                with open(partial, encoding="utf-8", newline="") as handle:
                    if next(csv.reader(handle), None) != csv_header(**columns):
                        raise ResumeError("the partial output's CSV header differs from this run's columns")
                header, count = False, count - 1
            records = _skip_done(records, _done_ids(partial, fmt, count), fmt, stats)
            out: IO[str] = open(partial, "a", encoding="utf-8", newline="")  # noqa: SIM115
        elif partial is not None:
            partial.parent.mkdir(parents=True, exist_ok=True)
            out = open(partial, "w", encoding="utf-8", newline="")  # noqa: SIM115
            sidecar.write_text(dumps(_fingerprint(inputs)) + "\n", encoding="utf-8")  # type: ignore[union-attr]
        else:
            out = stdout if stdout is not None else sys.stdout
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
    bar = None
    if progress:
        from tqdm import tqdm

        # Bytes read against the inputs' size when known (an ETA), else documents.
        bar = (tqdm(total=meter.total, unit="B", unit_scale=True, file=sys.stderr, dynamic_ncols=True)
               if meter else tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True))
        if meter:
            meter.bar = bar
    def failed(exc: OSError) -> OutputError:
        where = f"{partial} keeps the rows so far: run again with --resume" if partial else "stopped"
        return OutputError(f"cannot write {output or 'to stdout'}: {exc.strerror or exc}; {where}")

    completed = False
    drop_out = open(dropped, "w", encoding="utf-8", newline="") if dropped else None  # noqa: SIM115
    try:
        try:
            writer = WRITERS[fmt](out, ascii_only=ascii_only, header=header, width=table_width, **columns)
            drop_writer = (WRITERS["csv" if dropped and dropped.lower().endswith(".csv") else "jsonl"](
                drop_out, ascii_only=ascii_only, header=True, width=table_width, **columns)
                if drop_out is not None else None)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise failed(exc) from None
        since_flush = 0
        for row in score_stream(records, jobs=jobs, features=features, evidence=evidence, model_path=model_path):
            keep = min_score is None or kept(row, min_score)
            tally.add(row, kept=keep)
            # Only writing is guarded: an error reading an input is a bug to see, not a full disk.
            try:
                if keep:
                    writer.write(row)
                elif drop_writer is not None:
                    drop_writer.write(with_drop_reason(row))
                since_flush += 1
                if since_flush >= FLUSH_EVERY:
                    out.flush()
                    since_flush = 0
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise failed(exc) from None
            summary.rows += 1
            summary.errors += row["error"] is not None
            if bar is not None and meter is None:
                bar.update(1)
        try:
            writer.close()
            out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise failed(exc) from None
        completed = True
    except FieldError:
        if partial is not None and not resume:  # nothing of this run is worth resuming
            out.close()
            partial.unlink(missing_ok=True)
            sidecar.unlink(missing_ok=True)  # type: ignore[union-attr]
        raise
    finally:
        if bar is not None:
            bar.close()
        if partial is not None:
            try:
                out.close()
            except OSError as exc:
                if completed:
                    raise failed(exc) from None
        if drop_out is not None:
            drop_out.close()
    if partial is not None and output is not None:
        os.replace(partial, output)
        sidecar.unlink(missing_ok=True)  # type: ignore[union-attr]
    summary.skipped = stats["skipped"]
    summary.rows += stats["skipped"]
    summary.errors += stats["errors"]
    summary.seconds = time.perf_counter() - started
    return summary
