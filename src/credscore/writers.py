"""Writers: rows out, one per line, the same bytes on every run.

:class:`JsonlWriter` writes each row as compact JSON in the row's key order;
:class:`CsvWriter` writes the header and cells of
:func:`credscore.schema.row_columns` (lists and objects as compact JSON,
floats to :data:`~credscore.schema.CSV_DECIMALS` places, line breaks inside a
cell escaped so that one row is one physical line, which ``--resume``'s
torn-line repair relies on); :class:`TableWriter` is the quick start's
readable table for a terminal. Each has ``write(row)`` and ``close()``, and
takes the same keyword options, so :data:`WRITERS` picks one by name.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from .schema import csv_header, dumps, row_columns, writable

#: Rows held back to size the table's id column.
TABLE_SIZING_ROWS = 50


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
        self.columns = row_columns(features=features, evidence=evidence, metadata=metadata)
        self.writer = csv.writer(out, lineterminator="\n")
        if header:
            self.writer.writerow(csv_header(features=features, evidence=evidence, metadata=metadata))

    def write(self, row: dict[str, Any]) -> None:
        self.writer.writerow([column.cell(column.value(row)) for column in self.columns])

    def close(self) -> None:
        pass


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
        return writable(name)

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
            self.out.write(f"{name:<{width}}  error: {writable(row['error'][:100])}\n")
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


WRITERS: dict[str, Callable[..., Any]] = {"jsonl": JsonlWriter, "csv": CsvWriter, "table": TableWriter}
