"""Inputs: the paths a command is given, to one lazy stream of records.

:func:`expand_inputs` turns files, directories (recursively, sorted),
globs and ``-`` into a list of files, counting what a directory scan passes
over; :func:`read_inputs` opens each in turn (through gzip for ``.gz``) and
hands it to the reader its suffix names (:data:`SUFFIX_KINDS`), or, for
stdin, the one its first bytes name. A name that matches nothing, or a file
that cannot be opened, becomes an error record rather than silently nothing,
so the run still gives one row per thing it was asked to read.
"""

from __future__ import annotations

import glob
import gzip
import io
import itertools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .readers import read_csv, read_document, read_json, read_jsonl, read_parquet, sniff
from .records import FieldError, Fields, Record
from .streams import Counted, Replay, peek

#: Readers by suffix, the same for a file named or found in a folder.
#: Compressed forms are read through gzip first.
SUFFIX_KINDS = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
                ".csv": "csv", ".tsv": None, ".parquet": "parquet", ".html": "html", ".htm": "html"}
#: File suffixes picked up inside directories (with ``.gz`` after any but Parquet).
INPUT_SUFFIXES = tuple(s for s, kind in SUFFIX_KINDS.items() if kind) + tuple(
    s + ".gz" for s, kind in SUFFIX_KINDS.items() if kind and kind != "parquet")


def input_kind(path: str, input_format: str = "auto") -> str | None:
    """How ``path`` is read: by ``input_format`` when given, else by suffix;
    ``None`` for a suffix credscore does not read."""
    if input_format != "auto":
        return input_format
    lower = path.lower().removesuffix(".gz")
    for suffix, kind in SUFFIX_KINDS.items():
        if lower.endswith(suffix):
            return None if kind == "parquet" and path.lower().endswith(".gz") else kind
    return None


def unsupported(path: str) -> FieldError:
    """The error for a file of a kind credscore does not read."""
    return FieldError(f"{path}: credscore does not read this kind of file (it reads "
                      f"{', '.join(s for s, k in SUFFIX_KINDS.items() if k)}, each also .gz); "
                      "name the format with --input-format")


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
            elif input_kind(path) is None:
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


def _read_one(stream: IO[bytes], name: str, kind: str, fields: Fields) -> Iterator[Record]:
    if kind == "jsonl":
        yield from read_jsonl(stream, name, fields)
    elif kind == "json":
        yield from read_json(stream, name, fields)
    elif kind == "csv":
        yield from read_csv(stream, name, fields)
    else:
        yield from read_document(stream, name, kind)


#: The field names when none are given.
DEFAULT_FIELDS = Fields()


def read_inputs(paths: Sequence[str], fields: Fields = DEFAULT_FIELDS, *, input_format: str = "auto",
                stdin: IO[bytes] | None = None, on_read: Callable[[int], None] | None = None) -> Iterator[Record]:
    """Every record of every input, lazily, in order. Raises
    :class:`FieldError` for a file of a suffix credscore does not read."""
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            head, stream = peek(stream)
            if head[:2] == b"\x1f\x8b":
                stream = gzip.GzipFile(fileobj=Replay(head, stream))
                head, stream = peek(stream)  # type: ignore[arg-type]
            kind = sniff(head, fields) if input_format == "auto" else input_format
            yield from _read_one(Replay(head, stream), "-", kind, fields)  # type: ignore[arg-type]
            continue
        found = input_kind(path, input_format)
        if found is None:
            raise unsupported(path)
        kind = found
        if kind == "parquet":
            if not os.path.exists(path):
                yield Record(path, path, error="unreadable_input: FileNotFoundError: No such file or directory")
                continue
            yield from read_parquet(path, fields)
            continue
        try:
            handle: IO[bytes] = open(path, "rb")  # noqa: SIM115  (closed by the with below; a failure is a row)
        except OSError as exc:
            yield Record(path, path, error=f"unreadable_input: {type(exc).__name__}: {exc.strerror or exc}")
            continue
        with handle:
            if on_read is not None:
                handle = io.BufferedReader(Counted(handle, on_read))
            if path.lower().endswith(".gz"):
                handle = gzip.GzipFile(fileobj=handle)  # type: ignore[assignment]
            yield from _read_one(handle, path, kind, fields)


def one_record(path: str, fields: Fields, *, input_format: str = "auto", record_id: str | None = None) -> Record:
    """The record ``credscore explain`` and ``signals`` work on: the file
    itself when it is text, else the record of a JSONL/CSV file whose id is
    ``record_id`` (or its only record). Raises :class:`FieldError` saying why
    there is none."""
    if path != "-" and not Path(path).is_file():
        raise FieldError(f"cannot read {path}: no such file")
    records = read_inputs([path], fields, input_format=input_format)
    if record_id is not None:
        record = next((r for r in records if str(r.id) == record_id), None)
        if record is None:
            raise FieldError(f"no record with {fields.id or 'id'} {record_id!r} in {path}")
    else:
        first = list(itertools.islice(records, 6))
        if not first:
            raise FieldError(f"{path} has no records")
        if len(first) > 1:
            ids = ", ".join(repr(str(r.id)) for r in first[:5])
            raise FieldError(f"{path} holds several records; choose one with --id (the first ids: {ids}"
                             f"{', ...' if len(first) > 5 else ''})")
        record = first[0]
    if record.error is not None:
        raise FieldError(f"record {record.id!r}: {record.error}")
    return record
