"""Readers: one file format each, bytes in, :class:`~credscore.records.Record` out.

``.jsonl`` and ``.csv`` are one record per line or row, ``.json`` an array
(or one object, or JSON Lines under the wrong suffix), ``.parquet`` one per
row in batches, ``.txt`` and ``.html`` one document per file. Each reader is a
generator that yields exactly one record per input record, in order, and
turns whatever goes wrong with one (bad JSON, a torn CSV quote, a line past
the size limit, a truncated gzip) into that record's ``error``.

Memory is bounded by the longest record, not the file: lines stream through
:func:`credscore.streams.text_lines`, and a record past
:data:`MAX_RECORD_CHARS` (:data:`MAX_CSV_RECORD_CHARS` for CSV) is read
through and dropped as one ``record_too_large`` row.

Python's ``csv`` module refuses fields past ``csv.field_size_limit()``, a
process-wide setting (128 KiB by default) that a library must not change for
its host. The CSV reader bounds a row itself, by the characters it feeds the
parser, so it raises the limit only while its own parser runs
(:func:`_csv_field_limit`, around each row) and restores it before the row is
handed on: the host's setting is in force whenever its own code runs. (The
csv module has no per-reader limit; a host thread parsing CSV during those
moments would see the raised one, never a lowered one.)
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections import deque
from collections.abc import Iterator, Sequence
from typing import IO, Any

from .extraction import detect_encoding
from .records import (
    FieldError,
    Fields,
    Record,
    html_to_text,
    listing,
    record_from_mapping,
)
from .rows import one_line
from .streams import (
    LINE_END,
    READ_ERRORS,
    TooLong,
    decode_all,
    open_text,
    read_up_to,
    text_lines,
)

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


@contextlib.contextmanager
def _csv_field_limit(chars: int) -> Iterator[None]:
    """``csv.field_size_limit`` at least ``chars`` inside the block, and as it
    was after it, even when the block raises."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, chars))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def sniff(head: bytes, fields: Fields) -> str:
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
    first = LINE_END.split(text, 1)[0]
    if not first:
        return "txt"
    with _csv_field_limit(len(first) + 1):  # a one-line text document may be longer than the default
        cells = next(csv.reader([first]), [])
    return "csv" if fields.text in cells else "txt"


def _duplicates(keys: Sequence[Any]) -> list[str]:
    seen: set[Any] = set()
    return sorted({str(k) for k in keys if k in seen or seen.add(k)})  # type: ignore[func-returns-value]


class _Object(dict):
    """A JSON object that had duplicate keys (``duplicates`` names them)."""

    duplicates: list[str]


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
        stream, codec = open_text(stream)
    lineno = 0
    for item in text_lines(stream, codec, MAX_RECORD_CHARS):
        if isinstance(item, Exception):
            yield Record(f"{name}:{lineno + 1}", name,
                         error=f"truncated_file: could not read past line {lineno}: {type(item).__name__}: {item}")
            return
        lineno += 1
        fallback = f"{name}:{lineno}"
        if isinstance(item, TooLong):
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
    stream, codec = open_text(stream)
    try:
        data = stream.read()
    except READ_ERRORS as exc:
        yield Record(f"{name}:1", name, error=f"truncated_file: {type(exc).__name__}: {exc}")
        return
    text = decode_all(data, codec)
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
    if codec is None:
        stream, codec = open_text(stream)
    limit = MAX_CSV_RECORD_CHARS
    lines = text_lines(stream, codec, limit)
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
                if isinstance(item, TooLong):
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
            # feed() never passes the parser more than ``limit`` characters
            # for a row, so no field can reach ``limit + 1``.
            with _csv_field_limit(limit + 1):
                cells = next(reader)
        except StopIteration:
            return
        except READ_ERRORS as exc:  # a truncated .csv.gz
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
                raise FieldError(f"{name}: the header row cannot be read ({error})") from None
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
                                 f"({listing(header)}); a CSV needs a header row naming its columns "
                                 "(use --text-field to name the text column)")
            continue
        if not cells:  # a blank line
            continue
        number += 1
        row = dict(zip(header, cells))
        if len(cells) > len(header):
            row[None] = cells[len(header):]  # type: ignore[index,assignment]
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
        yield Record(f"{path}:{number + 1}", path, error=f"bad_parquet: {type(exc).__name__}: {one_line(exc)}")


def read_document(stream: IO[bytes], name: str, kind: str) -> Iterator[Record]:
    """A ``.txt`` or ``.html`` file: one record, the whole file."""
    from .extraction import decode_bytes

    cap = MAX_RECORD_CHARS * 4  # at most 4 bytes a character
    try:
        data = read_up_to(stream, cap + 1)
        if len(data) > cap:
            yield Record(name, name, error=f"record_too_large: more than {cap:,} bytes; the limit is "
                         f"{MAX_RECORD_CHARS:,} characters")
            return
    except READ_ERRORS as exc:
        yield Record(name, name, error=f"truncated_file: {type(exc).__name__}: {exc}")
        return
    if kind == "html":
        text, extractor = html_to_text(data)
        if text is None:
            yield Record(name, name, error=f"no_main_text: {extractor} found no main text in the HTML",
                         extractor=extractor)
        else:
            yield Record(name, name, text, extractor=extractor)
        return
    codec, bom = detect_encoding(data[:4])
    if codec == "utf-8":  # UTF-8, else cp1252 with a warning, as credscore.score decodes bytes
        text, decoding = decode_bytes(data)
        del data
        yield Record(name, name, text, decoding=decoding)
    else:
        yield Record(name, name, data[bom:].decode(codec, "replace"))
