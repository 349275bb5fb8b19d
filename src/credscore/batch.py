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
import math
import os
import sys
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ._version import __version__

#: File suffixes picked up inside directories.
INPUT_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".csv")
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
            "source_domain", "source_score", "combined", "reasons", "flags", "warnings", "error", "model_id",
            "credscore_version")


@dataclass(frozen=True)
class Fields:
    """Which record fields hold what. ``id``, ``url`` and ``date`` are used
    when present; a record without an id gets its position instead."""

    text: str = "text"
    id: str | None = "id"
    url: str | None = "url"
    date: str | None = "date"


@dataclass(frozen=True)
class Record:
    id: Any
    source: str
    text: str | bytes | None = None
    url: Any = None
    published: Any = None
    #: Set when the record could not be read; it is then not scored.
    error: str | None = None


# --------------------------------------------------------------------------- rows


def _one_line(message: str, limit: int = 500) -> str:
    return " ".join(str(message).split())[:limit]


def error_row(record_id: Any, source: str, error: str, *, features: bool = False,
              evidence: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(ROW_KEYS)
    row.update(id=record_id, source=source, reason_codes=[], reasons=[], flags=[], warnings=[],
               error=_one_line(error),
               credscore_version=__version__)
    if features:
        row["features"] = None
    if evidence:
        row["spans"] = None
    return row


def score_row(record: Record, *, features: bool = False, evidence: bool = False,
              model: Any = None) -> dict[str, Any]:
    """One output row for one record; never raises."""
    if record.error is not None:
        return error_row(record.id, record.source, record.error, features=features, evidence=evidence)
    try:
        from .score import score

        result = score(record.text, url=record.url, published=record.published, model=model)
        data = result.to_dict(features=features, evidence=evidence)
    except Exception as exc:  # a bug must cost one row, not the batch
        return error_row(record.id, record.source, f"internal_error: {type(exc).__name__}: {exc}",
                         features=features, evidence=evidence)
    row = {"id": record.id, "source": record.source}
    for key in ROW_KEYS[2:]:
        row[key] = data.get(key)
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
#: Nested values (reasons, warnings, spans) are compact JSON strings so that
#: the frame has flat, typed columns that Dask, Spark and Arrow carry as is.
FRAME_COLUMNS = {
    "score": "float64", "quality": "float64", "reason_codes": "object",
    "reliability": "float64", "band": "object", "confidence": "object", "language": "object",
    "source_domain": "object", "source_score": "float64", "combined": "float64", "reasons": "object",
    "flags": "object", "warnings": "object", "error": "object", "model_id": "object", "credscore_version": "object",
}


def _missing(value: Any) -> bool:
    """None, NaN, pandas NA or NaT: an empty cell (no pandas import needed)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def frame_columns(*, features: bool = False, evidence: bool = False) -> dict[str, str]:
    """Column name -> dtype of :func:`score_frame`'s result (Dask's ``meta``)."""
    from .extract import feature_names

    columns = dict(FRAME_COLUMNS)
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
            value = row.get(name)
            data[name].append(dumps(value) if name in ("reason_codes", "reasons", "flags", "warnings") else value)
        values = row.get("features") or {}
        for name in columns:
            if name not in FRAME_COLUMNS and name != "spans":
                value = values.get(name)
                data[name].append(math.nan if value is None else value)
        if evidence:
            data["spans"].append(None if row.get("spans") is None else dumps(row["spans"]))
    return pd.DataFrame({name: pd.Series(values, index=index, dtype=columns[name])
                         for name, values in data.items()}, index=index)


def score_frame(df: Any, text_col: str = "text", *, url_col: str | None = "url", date_col: str | None = "date",
                features: bool = False, evidence: bool = False, model: Any = None) -> Any:
    """Score a pandas DataFrame's ``text_col``: a new frame with the same index
    and the columns of :data:`FRAME_COLUMNS` (plus one float column per
    feature with ``features=True``, and ``spans`` as JSON with
    ``evidence=True``). ``url_col`` and ``date_col`` are used when present.
    pandas is imported only here (``pip install credscore[pandas]``).
    """
    import pandas as pd  # noqa: F401  (fail early with the real ImportError)

    def column(name: str | None) -> list[Any]:
        if name and name in df.columns:
            return [None if _missing(v) else v for v in df[name].tolist()]
        return [None] * len(df)

    fields = Fields(text_col, None, "url", "date")
    rows = [score_row(record_from_mapping({text_col: text, "url": url, "date": published}, fields, None, ""),
                      features=features, evidence=evidence, model=model)
            for text, url, published in zip(column(text_col), column(url_col), column(date_col))]
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


def record_from_mapping(obj: Any, fields: Fields, fallback_id: Any, source: str) -> Record:
    if not isinstance(obj, Mapping):
        return Record(fallback_id, source, error=f"bad_record: expected an object, got {type(obj).__name__}")
    record_id = obj.get(fields.id) if fields.id else None
    if record_id is None or (isinstance(record_id, str) and not record_id):
        record_id = fallback_id
    if isinstance(record_id, (dict, list, tuple)) and _nested_deeper_than(record_id, MAX_ID_DEPTH):
        return Record(fallback_id, source, error=f"bad_id: {fields.id!r} is nested deeper than {MAX_ID_DEPTH} levels")
    text = obj.get(fields.text)
    if text is None:
        return Record(record_id, source, error=f"missing_field: no {fields.text!r} field")
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text)  # score() decodes it: UTF-8, else cp1252 with a warning
    elif isinstance(text, str):
        text = _restore_bytes(text)
    else:
        return Record(record_id, source,
                      error=f"bad_text_field: {fields.text!r} is {type(text).__name__}, not text")
    url = obj.get(fields.url) if fields.url else None
    published = obj.get(fields.date) if fields.date else None
    return Record(record_id, source, text, url if isinstance(url, str) and url.strip() else None,
                  None if isinstance(published, str) and not published.strip() else published)


def _lines_with_truncation(stream: IO[bytes]) -> Iterator[bytes | Exception]:
    """Lines of a (possibly gzip) byte stream; a read error ends the stream
    with the exception as the last item. A last line without a newline is held
    back until the stream is known to have ended cleanly, so the torn tail of
    a truncated file is not parsed as a record."""
    held: bytes | None = None
    try:
        for line in stream:
            if held is not None:
                yield held
            held = line
        if held is not None:
            yield held
    except (EOFError, OSError, zlib.error) as exc:
        if held is not None and held.endswith(b"\n"):
            yield held
        yield exc


def read_jsonl(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Record]:
    lineno = 0
    for item in _lines_with_truncation(stream):
        if isinstance(item, Exception):
            yield Record(f"{name}:{lineno + 1}", name,
                         error=f"truncated_file: could not read past line {lineno}: {type(item).__name__}: {item}")
            return
        lineno += 1
        if lineno == 1:  # files saved by some Windows tools start with a BOM
            item = item.removeprefix(codecs.BOM_UTF8)
        if not item.strip():
            continue
        fallback = f"{name}:{lineno}"
        try:
            obj = json.loads(item.decode("utf-8", "surrogateescape"))
        except ValueError as exc:
            yield Record(fallback, name, error=f"bad_json: {exc}")
            continue
        except RecursionError:  # "[[[[..." thousands deep
            yield Record(fallback, name, error="bad_json: nested too deeply")
            continue
        yield record_from_mapping(obj, fields, fallback, name)


def read_csv(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Record]:
    """One record per CSV row after the header; the fallback id is the row
    number (1 = first data row), since quoted fields may span lines."""
    csv.field_size_limit(2**31 - 1)  # records of tens of megabytes are legal input
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.DictReader(text)
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except (EOFError, OSError, zlib.error) as exc:  # a truncated .csv.gz read with --input-format csv
            yield Record(f"{name}:{number}", name, error=f"truncated_file: {type(exc).__name__}: {exc}")
            return
        except csv.Error as exc:
            yield Record(f"{name}:{number}", name, error=f"bad_csv: {exc}")
            continue
        yield record_from_mapping(row, fields, f"{name}:{number}", name)


def _kind(path: str, input_format: str) -> str:
    if input_format != "auto":
        return input_format
    lower = path.lower()
    if lower.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    if lower.endswith(".csv"):
        return "csv"
    return "txt"


def expand_inputs(paths: Sequence[str]) -> list[str]:
    """Files named, files under directories (recursively, sorted, by suffix),
    and glob matches (sorted). A name that matches nothing is kept, so that
    it becomes an error row rather than silently nothing."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw == "-" or path.is_file():
            found.append(raw)
        elif path.is_dir():
            found.extend(sorted(str(p) for p in path.rglob("*")
                                if p.is_file() and p.name.lower().endswith(INPUT_SUFFIXES)))
        elif glob.has_magic(raw):
            matches = sorted(m for m in glob.glob(raw, recursive=True) if Path(m).is_file())
            found.extend(matches or [raw])
        else:
            found.append(raw)
    return found


def _sniff_stdin(stream: IO[bytes]) -> str:
    head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    if head[:2] == b"\x1f\x8b" or head.lstrip()[:1] == b"{":
        return "jsonl"
    return "txt"


def read_inputs(paths: Sequence[str], fields: Fields = Fields(), *, input_format: str = "auto",
                stdin: IO[bytes] | None = None) -> Iterator[Record]:
    """Every record of every input, lazily, in order."""
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            if not hasattr(stream, "peek"):
                stream = io.BufferedReader(stream)  # type: ignore[arg-type]
            kind = _sniff_stdin(stream) if input_format == "auto" else input_format
            if stream.peek(2)[:2] == b"\x1f\x8b":
                stream = gzip.GzipFile(fileobj=stream)  # type: ignore[assignment]
            yield from _read_one(stream, "-", kind, fields)
            continue
        try:
            handle: IO[bytes] = open(path, "rb")
        except OSError as exc:
            yield Record(path, path, error=f"unreadable_input: {type(exc).__name__}: {exc.strerror or exc}")
            continue
        with handle:
            if path.lower().endswith(".gz"):
                handle = gzip.GzipFile(fileobj=handle)  # type: ignore[assignment]
            yield from _read_one(handle, path, _kind(path, input_format), fields)


def _read_one(stream: IO[bytes], name: str, kind: str, fields: Fields) -> Iterator[Record]:
    if kind == "jsonl":
        yield from read_jsonl(stream, name, fields)
    elif kind == "csv":
        yield from read_csv(stream, name, fields)
    else:
        try:
            yield Record(name, name, stream.read())
        except (EOFError, OSError, zlib.error) as exc:
            yield Record(name, name, error=f"truncated_file: {type(exc).__name__}: {exc}")


# --------------------------------------------------------------------------- scoring


_WORKER_MODEL: Any = None


def _init_worker(model_path: str | None) -> None:
    """Load the model once per worker process, before its first task."""
    global _WORKER_MODEL
    from .model import ReliabilityModel, shipped_model

    _WORKER_MODEL = ReliabilityModel.load(model_path) if model_path else shipped_model()


def _score_chunk(chunk: list[Record], features: bool, evidence: bool) -> list[dict[str, Any]]:
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
                               initializer=_init_worker, initargs=(model_path,))


def score_stream(records: Iterable[Record], *, jobs: int = 1, features: bool = False, evidence: bool = False,
                 model_path: str | None = None) -> Iterator[dict[str, Any]]:
    """Rows for ``records`` in input order, scored here (``jobs <= 1``) or in
    ``jobs`` worker processes that each load the model once."""
    if jobs <= 1:
        _init_worker(model_path)
        for record in records:
            yield score_row(record, features=features, evidence=evidence, model=_WORKER_MODEL)
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


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, (list, dict)):
        return dumps(value)
    # One row per physical line keeps --resume's torn-line repair simple.
    return _writable(str(value).replace("\r", "\\r").replace("\n", "\\n"))


class JsonlWriter:
    def __init__(self, out: IO[str], **_: Any):
        self.out = out

    def write(self, row: dict[str, Any]) -> None:
        self.out.write(dumps(row) + "\n")

    def close(self) -> None:
        pass


class CsvWriter:
    def __init__(self, out: IO[str], *, features: bool = False, evidence: bool = False, header: bool = True,
                 **_: Any):
        from .extract import feature_names

        self.features = feature_names() if features else ()
        self.evidence = evidence
        self.writer = csv.writer(out, lineterminator="\n")
        if header:
            self.writer.writerow(csv_header(features=features, evidence=evidence))

    def write(self, row: dict[str, Any]) -> None:
        cells = [_csv_cell(row.get(k)) for k in ROW_KEYS]
        values = row.get("features") or {}
        cells.extend(_csv_cell(values.get(name)) for name in self.features)
        if self.evidence:
            cells.append(_csv_cell(row.get("spans")))
        self.writer.writerow(cells)

    def close(self) -> None:
        pass


def csv_header(*, features: bool, evidence: bool) -> list[str]:
    from .extract import feature_names

    return [*ROW_KEYS, *(feature_names() if features else ()), *(["spans"] if evidence else [])]


class TableWriter:
    """The quick start's readable table: one line per document."""

    def __init__(self, out: IO[str], *, width: int = 28, **_: Any):
        self.out, self.width = out, width
        header = f"{'document':<{width}}  {'score':>5}  {'band':<10} {'lang':<4} {'conf':<6}  main reason"
        out.write(header + "\n" + "-" * max(len(header), 100) + "\n")

    def write(self, row: dict[str, Any]) -> None:
        name = str(row["id"])
        if row["source"] == row["id"] and name != "-":
            name = Path(name).name
        name = _writable(name[: self.width])
        if row["error"]:
            self.out.write(f"{name:<{self.width}}  error: {_writable(row['error'][:100])}\n")
            return
        reasons = row["reasons"]
        main = ([r for r in reasons if r["contribution"] < 0] or reasons or [None])[0]
        why = f"{main['contribution']:+.2f} {main['text']}" if main else ""
        if row["score"] is None:  # unscorable: the codes are the reason
            why = ", ".join(row.get("reason_codes") or [])
        shown = "  -  " if row["score"] is None else f"{row['score']:>5.2f}"
        self.out.write(f"{name:<{self.width}}  {shown}  {row['band']:<10} "
                       f"{row['language']:<4} {row['confidence']:<6}  {why[:100]}\n")
        if row.get("flags"):
            flags = ", ".join(f["code"] for f in row["flags"])
            self.out.write(f"{'':<{self.width}}  {'':>5}  flags: {flags}\n")

    def close(self) -> None:
        pass


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

    def line(self) -> str:
        scored = self.rows - self.skipped
        rate = scored / self.seconds if self.seconds > 0 else 0.0
        resumed = f" ({self.skipped} kept from the partial output)" if self.skipped else ""
        return (f"credscore: {self.rows} rows{resumed}, {self.errors} errors, "
                f"{rate:.1f} docs/s over {self.seconds:.1f} s")


def run(records: Iterator[Record], *, fmt: str, output: str | None = None, jobs: int = 1,
        features: bool = False, evidence: bool = False, resume: bool = False, model_path: str | None = None,
        progress: bool = False, table_width: int = 28, stdout: IO[str] | None = None,
        min_score: float | None = None, dropped: str | None = None) -> Summary:
    """Score ``records`` and write the rows; see the module docstring. With
    ``min_score``, only kept rows are written; dropped rows go to the file
    ``dropped`` (JSONL, or CSV when it ends in .csv) with their reason codes."""
    from .keep import Tally, kept, with_drop_reason

    summary = Summary()
    summary.tally = tally = Tally()
    started = time.perf_counter()
    stats = {"skipped": 0, "errors": 0}
    partial = Path(output + ".partial") if output else None
    header = True
    if partial is not None and resume and partial.exists():
        count = _repair_partial(partial)
        if fmt == "csv" and count:
            with open(partial, encoding="utf-8", newline="") as handle:
                if next(csv.reader(handle), None) != csv_header(features=features, evidence=evidence):
                    raise ResumeError("the partial output's CSV header differs from this run's columns")
            header, count = False, count - 1
        records = _skip_done(records, _done_ids(partial, fmt, count), fmt, stats)
        out: IO[str] = open(partial, "a", encoding="utf-8", newline="")
    elif partial is not None:
        out = open(partial, "w", encoding="utf-8", newline="")
    else:
        out = stdout if stdout is not None else sys.stdout
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)
    drop_out = open(dropped, "w", encoding="utf-8", newline="") if dropped else None
    try:
        writer = WRITERS[fmt](out, features=features, evidence=evidence, header=header, width=table_width)
        drop_writer = (WRITERS["csv" if dropped and dropped.lower().endswith(".csv") else "jsonl"](
            drop_out, features=features, evidence=evidence) if drop_out is not None else None)
        since_flush = 0
        for row in score_stream(records, jobs=jobs, features=features, evidence=evidence, model_path=model_path):
            keep = min_score is None or kept(row, min_score)
            tally.add(row, kept=keep)
            if keep:
                writer.write(row)
            elif drop_writer is not None:
                drop_writer.write(with_drop_reason(row))
            summary.rows += 1
            summary.errors += row["error"] is not None
            since_flush += 1
            if since_flush >= FLUSH_EVERY:
                out.flush()
                since_flush = 0
            if bar is not None:
                bar.update(1)
        writer.close()
        out.flush()
    finally:
        if bar is not None:
            bar.close()
        if partial is not None:
            out.close()
        if drop_out is not None:
            drop_out.close()
    if partial is not None and output is not None:
        os.replace(partial, output)
    summary.skipped = stats["skipped"]
    summary.rows += stats["skipped"]
    summary.errors += stats["errors"]
    summary.seconds = time.perf_counter() - started
    return summary
