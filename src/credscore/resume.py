"""Resume: finish an interrupted ``credscore score -o OUT`` run.

A run writes to ``OUT.partial`` and records the inputs' size and modification
time in ``OUT.partial.inputs``. ``--resume`` refuses when those changed, cuts
a torn last line off the partial output, checks that its rows are the first
records of the input, id by id (ids compared as their rows write them, so an
id JSON cannot hold as is still matches), and skips those records, so the
finished file equals an uninterrupted run. Every mismatch is a
:class:`ResumeError` that says to rerun without ``--resume``; nothing is
guessed.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .records import Record
from .schema import ROW_KEYS, csv_cell, dumps, writable


class ResumeError(RuntimeError):
    pass


def repair_partial(path: Path) -> int:
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
    return csv_cell(record_id) if fmt == "csv" else dumps(record_id)


def done_ids(path: Path, fmt: str, count: int) -> Iterator[tuple[str, bool]]:
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
                    parsed = json.loads(row)  # type: ignore[arg-type]
                    yield dumps(parsed["id"]), bool(parsed["error"])
            except (ValueError, LookupError, TypeError) as exc:
                raise ResumeError(f"row {number} of the partial output is not a row of this command "
                                  f"({type(exc).__name__}); rerun without --resume") from None


def skip_done(records: Iterator[Record], done: Iterator[tuple[Any, bool]], fmt: str,
              stats: dict[str, int]) -> Iterator[Record]:
    """``records`` after those the partial output holds, checked id by id;
    counts them in ``stats["skipped"]`` and their error rows in ``stats["errors"]``."""
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


def fingerprint(paths: Sequence[str]) -> list[list[Any]]:
    """(path, size, modification time in ns) of each input file, for
    ``--resume`` to tell that the inputs did not change; stdin has none."""
    prints: list[list[Any]] = []
    for path in paths:
        try:
            info = os.stat(path) if path != "-" else None
        except OSError:
            info = None
        prints.append([writable(path), info.st_size, info.st_mtime_ns] if info else [writable(path), None, None])
    return prints


def check_fingerprint(sidecar: Path, paths: Sequence[str]) -> None:
    try:
        recorded = json.loads(sidecar.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return  # a partial output from an older credscore: the ids are still checked
    except (OSError, ValueError) as exc:
        raise ResumeError(f"cannot read {sidecar}: {exc}; rerun without --resume") from None
    now = fingerprint(paths)
    if recorded != now:
        changed = [p[0] for p, q in zip(now, recorded) if p != q] or ["the list of inputs"]
        raise ResumeError(f"the inputs changed since the interrupted run (size or modification time of "
                          f"{', '.join(map(str, changed[:3]))}); rerun without --resume")
