"""A ``credscore score`` run: records in, rows written, a summary out.

:func:`run` ties the pieces together. Output to a file goes to
``OUT.partial`` (flushed every :data:`FLUSH_EVERY` rows, so an interrupted
run leaves nearly all its finished rows on disk) and is renamed to ``OUT``
only when complete; ``resume=True`` continues a partial output (see
:mod:`credscore.resume`). With ``min_score`` only kept rows are written and
the dropped ones may go to a second file. Only writing is guarded: a failed
write is an :class:`OutputError` (the command's exit status 3, with
``OUT.partial`` kept), while an error reading an input is a bug to see, not
a full disk. :func:`output_problem` is what the command checks before it
starts, so an output that would overwrite an input is refused up front.
"""

from __future__ import annotations

import csv
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .records import FieldError, Record
from .resume import (
    ResumeError,
    check_fingerprint,
    done_ids,
    fingerprint,
    repair_partial,
    skip_done,
)
from .schema import csv_header, dumps
from .workers import score_stream
from .writers import WRITERS

#: Rows between flushes of the output file, so an interrupted run leaves
#: nearly all its finished rows on disk for ``--resume``.
FLUSH_EVERY = 64


@dataclass
class Summary:
    rows: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    #: Bands, reason codes, warnings, kept and dropped (credscore.keep.Tally).
    tally: Any = None
    #: What the directory scan passed over (see :class:`credscore.inputs.Skipped`).
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


def output_problem(output: str, paths: Sequence[str]) -> str | None:
    """Why ``output`` cannot be written to, or ``None``."""
    target = Path(output)
    if target.is_dir() or output.endswith(os.sep):
        return f"-o {output} is a directory; name a file, e.g. -o {Path(output) / 'scores.jsonl'}"
    inputs = [Path(p) for p in paths if p != "-"]
    for candidate in (target, Path(output + ".partial")):
        # The same path, or the same file under another name (a link).
        if any(candidate.resolve() == p.resolve() or (candidate.exists() and p.exists() and
                                                      os.path.samefile(candidate, p)) for p in inputs):
            return f"-o {output} would overwrite the input {candidate}; choose another output file"
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"-o {output}: {parent} is not a directory"
    return None


def run(records: Iterator[Record], *, fmt: str, output: str | None = None, jobs: int = 1,
        features: bool = False, evidence: bool = False, resume: bool = False, model_path: str | None = None,
        progress: bool = False, table_width: int | None = 28, stdout: IO[str] | None = None,
        inputs: Sequence[str] = (), metadata: bool = False, ascii_only: bool = False,
        meter: ReadMeter | None = None, min_score: float | None = None, dropped: str | None = None) -> Summary:
    """Score ``records`` and write the rows.
    ``inputs`` are the paths read, fingerprinted for ``--resume`` in
    ``OUT.partial.inputs``. With ``min_score``, only kept rows are written;
    dropped rows go to the file ``dropped`` (JSONL, or CSV when it ends in
    .csv) with their reason codes. Raises :class:`OutputError` when the
    output cannot be written, :class:`ResumeError` and :class:`FieldError`
    before scoring when the run cannot go on (see the module docstring)."""
    from .keep import Tally, kept, with_drop_reason

    summary = Summary()
    summary.tally = tally = Tally()
    started = time.perf_counter()
    stats = {"skipped": 0, "errors": 0}
    partial = Path(output + ".partial") if output else None
    sidecar = Path(output + ".partial.inputs") if output else None
    header = True
    columns = {"features": features, "evidence": evidence, "metadata": metadata}
    try:
        if partial is not None and resume and partial.exists():
            check_fingerprint(sidecar, inputs)  # type: ignore[arg-type]
            count = repair_partial(partial)
            if fmt == "csv" and count:
                with open(partial, encoding="utf-8", newline="") as handle:
                    if next(csv.reader(handle), None) != csv_header(**columns):
                        raise ResumeError("the partial output's CSV header differs from this run's columns")
                header, count = False, count - 1
            records = skip_done(records, done_ids(partial, fmt, count), fmt, stats)
            out: IO[str] = open(partial, "a", encoding="utf-8", newline="")  # noqa: SIM115
        elif partial is not None:
            partial.parent.mkdir(parents=True, exist_ok=True)
            out = open(partial, "w", encoding="utf-8", newline="")  # noqa: SIM115
            sidecar.write_text(dumps(fingerprint(inputs)) + "\n", encoding="utf-8")  # type: ignore[union-attr]
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


def score_files(args: Any, paths: list[str], fmt: str, skipped: Any, *, ascii_only: bool = False) -> int:
    """``credscore score`` once its options are checked: read ``paths``,
    :func:`run`, print the summary, and return the exit status."""
    from . import inputs
    from . import records as checks
    from .cli import EXIT_OUTPUT_FAILED, EXIT_REFUSED

    keep = tuple(f.strip() for f in args.keep_fields.split(",") if f.strip()) if args.keep_fields else ()
    if keep in (("all",), ("*",)):
        keep = ("*",)
    fields = inputs.Fields(args.text_field, args.id_field or None, args.url_field or None,
                           args.date_field or None, args.html_field or None, keep)
    total = None
    if all(p != "-" and Path(p).is_file() for p in paths):
        total = sum(Path(p).stat().st_size for p in paths)
    progress = sys.stderr.isatty() and fmt != "table" and not args.quiet
    meter = ReadMeter(total) if progress and total else None
    records = inputs.read_inputs(paths, fields, input_format=args.input_format,
                                 on_read=meter.add if meter else None)
    records = checks.check_fields(records, fields, id_named=args.id_field_given)
    try:
        summary = run(records, fmt=fmt, output=args.output, jobs=args.jobs, features=args.features,
                      evidence=args.evidence, resume=args.resume, model_path=args.model, progress=progress,
                      table_width=None, inputs=paths, metadata=bool(keep), ascii_only=ascii_only, meter=meter,
                      min_score=args.min_score, dropped=args.dropped)
    except ResumeError as exc:
        print(f"credscore: cannot resume: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except FieldError as exc:
        print(f"credscore: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except OutputError as exc:
        print(f"credscore: {exc}", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    except KeyboardInterrupt as exc:
        if args.output:
            print(f"\ncredscore: interrupted; {args.output}.partial holds the rows so far: "
                  "run the same command with --resume to finish", file=sys.stderr)
        return 128 + getattr(exc, "signum", signal.SIGINT)
    summary.passed_over = skipped.text()
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
        for line in summary.tally.lines(filtered=args.min_score is not None):
            print(line, file=sys.stderr)
    return 1 if summary.errors else 0
