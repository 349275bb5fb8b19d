"""The ``credscore`` command.

``credscore score PATH...`` scores files, directories, globs or stdin: a
readable table in a terminal, else one JSONL (or CSV) row per record (see
:mod:`credscore.batch`); ``credscore explain FILE`` shows one document's
score, reasons and marked evidence;
``credscore signals FILE`` shows every feature and its evidence for one
(both take ``--id`` to pick one record of a JSONL/CSV file);
``credscore report PATH... -o page.html`` writes the HTML evidence report.

Exit statuses (docs/reliability.md): 0 every row scored; 1 some rows are
error rows; 2 the run was refused before scoring (a usage error, a bad model
file, a wrong field name, an unsupported input, an output that would
overwrite an input); 3 the output could not be written (disk full, not
writable), with ``OUT.partial`` kept for ``--resume``; 128 + N when stopped
by signal N (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP), also with
``OUT.partial`` kept.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._version import __version__


def _one_record(args: argparse.Namespace) -> Any:
    """The record ``explain``/``signals`` work on (see
    :func:`credscore.inputs.one_record`), with ``--url`` and ``--published``
    in place of its own; prints why and returns ``None`` when there is none."""
    import dataclasses

    from . import batch

    fields = batch.Fields(args.text_field, args.id_field or None, args.url_field or None, args.date_field or None)
    try:
        record = batch.one_record(args.file, fields, input_format=args.input_format, record_id=args.id)
    except batch.FieldError as exc:
        print(f"credscore: {exc}", file=sys.stderr)
        return None
    # --published takes any form credscore.published reads.
    published = args.published if args.published is not None else record.published
    return dataclasses.replace(record, url=args.url or record.url, published=published)


def _cmd_signals(args: argparse.Namespace) -> int:
    from .reasons import excerpt
    from .rows import extract_record

    record = _one_record(args)
    if record is None:
        return 2
    features = extract_record(record)
    data = features.to_dict()
    # Each span with its offsets and the words it covers, not bare offsets.
    data["spans"] = [{"start": s.start, "end": s.end, "signal": s.signal, "reason": s.reason,
                      "excerpt": excerpt(features.text, s, width=200)} for s in features.spans]
    data = {"id": record.id, **data}
    _print(json.dumps(data, indent=2, ensure_ascii=False))
    return 0


def _print(text: str) -> None:
    """Print to stdout; a reader that went away (``| head``) ends the output quietly."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None


#: Exit statuses beside 0 (all scored) and 1 (some error rows).
EXIT_REFUSED = 2
EXIT_OUTPUT_FAILED = 3


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled like Ctrl-C: the run stops where it is,
    keeping OUT.partial for --resume."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


def _stdout_is_utf8() -> bool:
    try:
        return codecs.lookup(sys.stdout.encoding or "ascii").name == "utf-8"
    except LookupError:
        return False


def _refuse(message: str) -> int:
    print(f"credscore: {message}", file=sys.stderr)
    return EXIT_REFUSED


def _jobs(value: str) -> int:
    """``--jobs``: a count, or as in joblib -1 for every core, -2 for all but one."""
    jobs = int(value)
    if jobs == 0:
        raise argparse.ArgumentTypeError("--jobs 0 means nothing; use 1 or more, or -1 for every core")
    return jobs if jobs > 0 else max(1, (os.cpu_count() or 1) + 1 + jobs)


def _cmd_score(args: argparse.Namespace) -> int:
    from . import batch

    skipped = batch.Skipped()
    paths = batch.expand_inputs(args.paths, skipped)
    if not paths:
        message = "no input files" + (f" (not read: {skipped.text()})" if skipped.counts else "")
        return _refuse(message)
    for path in paths:
        if not path.strip():
            return _refuse("an empty input path (an unset variable?); name a file, a folder or - for stdin")
        if path != "-" and Path(path).exists() and batch.input_kind(path, args.input_format) is None:
            return _refuse(str(batch.unsupported(path)))
    fmt = args.format
    if fmt == "auto":
        if args.output:
            fmt = "csv" if args.output.lower().endswith(".csv") else "jsonl"
        else:
            fmt = "table" if sys.stdout.isatty() else "jsonl"
    if fmt == "table" and args.output:
        return _refuse("--format table prints to the terminal; use jsonl or csv with -o")
    if args.min_score is None and args.dropped:
        return _refuse("--dropped needs --min-score (nothing is dropped without it)")
    if args.min_score is not None and args.resume:
        # --resume matches output rows to input records one for one.
        return _refuse("--resume cannot continue a --min-score run")
    if args.resume and not args.output:
        return _refuse("--resume needs -o FILE (it continues FILE.partial)")
    if args.output:
        problem = batch.output_problem(args.output, paths)
        if problem:
            return _refuse(problem)
    if args.resume and Path(args.output).exists() and not Path(args.output + ".partial").exists():
        print(f"credscore: {args.output} is already complete; nothing to resume", file=sys.stderr)
        return 0
    from .model import ModelError

    try:
        batch.load_model(args.model)  # refused here, before any worker or any output file
    except (ModelError, OSError) as exc:
        return _refuse(f"cannot use the model {args.model}: {' '.join(str(exc).split())[:300]}")
    return batch.score_files(args, paths, fmt, skipped, ascii_only=not _stdout_is_utf8() and not args.output)


def _cmd_explain(args: argparse.Namespace) -> int:
    from .reasons import reason_labels, span_matches
    from .rows import score_record

    record = _one_record(args)
    if record is None:
        return 2
    result = score_record(record)
    text = result.features.text
    def fmt(value: float | None) -> str:
        return "none" if value is None else f"{value:.3f}"

    out: list[str] = []
    if record.id != args.file:
        out.append(f"record {record.id}")
    out.append(f"score {fmt(result.score)}  band {result.band}  quality {result.quality:.3f}  "
               f"reliability {fmt(result.reliability)} (the model's)  confidence {result.confidence}  "
               f"language {result.language}")
    if result.reason_codes:
        out.append(f"reason codes: {', '.join(result.reason_codes)}")
        detail = result.quality_detail
        for code, line in zip(detail.codes, detail.texts) if detail else ():
            out.append(f"  {code}: {line}")
    if result.source_domain and result.combined is not None:
        out.append(f"source {result.source_domain}: {result.source_score:.2f} "
                   f"(combined with the text score: {result.combined:.3f})")
    out.append(f"model {result.model_id}, credscore {result.version}\n")
    out.append("reasons (contribution to the log-odds; + raises reliability):")
    out += [f"  {reason.contribution:+.2f}  {reason.text}" for reason in result.reasons]
    out += [f"  flag {flag.code}: {flag.text}" for flag in result.flags]
    out += [f"  warning: {warning}" for warning in result.warnings]
    # Evidence behind the reasons and flags first, in their order; the rest after.
    cited = [f.feature for f in result.flags] + [r.feature for r in result.reasons]
    labels = reason_labels()

    def order(span) -> tuple[int, int]:
        hits = [k for k, feature in enumerate(cited) if feature in labels and span_matches(span, labels[feature].codes)]
        return (hits[0] if hits else len(cited), span.start)

    spans = sorted(result.spans, key=order)
    out.append("\nevidence (behind the reasons and flags first; @start-end are character offsets):")
    for shown, span in enumerate(spans):
        if shown >= args.max_evidence:
            out.append(f"  ... {len(spans) - shown} more (credscore signals lists all)")
            break
        left = " ".join(text[max(0, span.start - 40):span.start].split())
        hit = " ".join(text[span.start:span.end].split())[:120]
        right = " ".join(text[span.end:span.end + 40].split())
        out.append(f"  [{span.signal}/{span.reason} @{span.start}-{span.end}] ...{left} >>{hit}<< {right}...")
    _print("\n".join(out))
    return 0


def _field_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-format", choices=("auto", "txt", "jsonl", "csv"), default="auto",
                        help="how to read the input (auto: by suffix)")
    parser.add_argument("--text-field", default="text", help="JSONL/CSV field with the text")
    parser.add_argument("--id-field", default="id", help="JSONL/CSV field with the record id")
    parser.add_argument("--url-field", default="url", help="JSONL/CSV field with the URL")
    parser.add_argument("--date-field", default="date",
                        help="JSONL/CSV field with the publication date")


def _one_document_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a text file, a JSONL/CSV file (with --id), or - for stdin")
    parser.add_argument("--id", default=None,
                        help="the record to explain, by its --id-field value (none: the file's only record)")
    _field_arguments(parser)
    parser.add_argument("--url", default=None, help="the page's URL (none: the record's url field)")
    parser.add_argument("--published", default=None,
                        help="publication date (none: the record's date field): ISO (2016-09-19), RFC 2822 "
                        "(Mon, 19 Sep 2016 14:30:00 +0000), 'September 19, 2016', day-first 19/09/2016, "
                        "or epoch seconds")


def _cmd_report(args: argparse.Namespace) -> int:
    from . import batch
    from .report import score_entries, summary_line, write_report

    paths = batch.expand_inputs(args.paths)
    if not paths:
        return _refuse("no input files")
    target = Path(args.output)
    if target.is_dir():
        return _refuse(f"{args.output} is a directory; give a file name for the page")
    if any(p != "-" and Path(p).resolve() == target.resolve() for p in paths):
        return _refuse(f"{args.output} is one of the inputs; refusing to overwrite it")
    fields = batch.Fields(args.text_field, args.id_field or None, args.url_field or None, args.date_field or None)
    records = batch.read_inputs(paths, fields, input_format=args.input_format)
    entries, total, errors = score_entries(records, args.max_docs)
    write_report(target, entries, title=args.title, total=total)
    print(summary_line(args.output, entries, total, errors), file=sys.stderr)
    return 1 if errors else 0


class _Formatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Every option's help ends with its default."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="credscore", description="Credibility and content-quality signals for scraped documents.",
        formatter_class=_Formatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"credscore {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    score = sub.add_parser(
        "score", help="score documents: a table in a terminal, else one JSONL/CSV row per record",
        formatter_class=_Formatter,
        description="Score .txt files (one document each), .jsonl / .ndjson / .json / .csv / .parquet files "
        "(one document per line or row; .gz too), .html pages (main text by trafilatura), directories "
        "(recursively, skipping dot-folders), globs, or - for stdin. Exactly one output row per input record, "
        "in input order; a record that cannot be scored gets a row with 'error' set. Exit status: 0 every row "
        "scored, 1 some rows have errors, 2 refused before scoring (usage, model, fields, inputs), 3 the "
        "output could not be written (OUT.partial kept for --resume), 128+N stopped by signal N.")
    score.add_argument("paths", nargs="+", help="files, directories, globs, or - for stdin")
    score.add_argument("-o", "--output", default=None,
                       help="write here (via OUTPUT.partial, renamed when complete; missing folders are "
                       "created) instead of stdout")
    score.add_argument("--format", choices=("auto", "jsonl", "csv", "table"), default="auto",
                       help="auto: a table when stdout is a terminal; csv when -o ends in .csv; else jsonl")
    score.add_argument("--input-format", choices=("auto", "txt", "jsonl", "json", "csv", "html", "parquet"),
                       default="auto", help="how to read stdin and files (auto: by suffix; stdin by its first "
                       "characters: '{' jsonl, '[' json, a header naming the text field csv, else txt)")
    score.add_argument("--text-field", default="text", help="JSONL/CSV field with the document text")
    score.add_argument("--id-field", default=None,
                       help="field with a unique id ('id' when present; without it: FILE:LINE); naming a field "
                       "that the records lack stops the run")
    score.add_argument("--url-field", default="url", help="field with the URL, used when present")
    score.add_argument("--date-field", default="date", help="field with the publication date, used when present")
    score.add_argument("--html-field", default="html",
                       help="field with raw HTML, used (through trafilatura) when the text field is absent")
    score.add_argument("--keep-fields", default=None, metavar="A,B",
                       help="input fields copied into each row under 'metadata' ('all' for every field)")
    score.add_argument("--features", action="store_true", help="add every feature value to each row")
    score.add_argument("--evidence", action="store_true", help="add the evidence spans to each row")
    score.add_argument("-j", "--jobs", type=_jobs, default=1,
                       help="worker processes, each loading the model once; -1 for every core, -2 all but one")
    score.add_argument("--resume", action="store_true",
                       help="continue an interrupted run: keep the rows in OUTPUT.partial and score the rest")
    score.add_argument("--model", default=None, help="a model JSON from credscore train (default: the shipped one)")
    score.add_argument("--min-score", type=float, default=None,
                       help="write only rows scored at least this headline score (unscorable and error rows "
                       "are dropped)")
    score.add_argument("--dropped", default=None,
                       help="with --min-score: write the dropped rows here with their reason codes "
                       "(JSONL, or CSV when the name ends in .csv)")
    score.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr")
    score.set_defaults(func=_cmd_score)

    explain = sub.add_parser(
        "explain", formatter_class=_Formatter, help="one document's score, reasons and marked evidence with offsets",
        description="Explain one document: a text file, stdin, or one record of a JSONL/CSV file chosen by --id.")
    _one_document_arguments(explain)
    explain.add_argument("--max-evidence", type=int, default=25, help="evidence lines shown")
    explain.set_defaults(func=_cmd_explain)

    signals = sub.add_parser(
        "signals", formatter_class=_Formatter,
        help="every feature and its evidence (offsets and excerpt) for one document, as JSON",
        description="Every feature value and every evidence span, with its offsets and the words it covers, "
        "for a text file, stdin, or one record of a JSONL/CSV file chosen by --id.")
    _one_document_arguments(signals)
    signals.set_defaults(func=_cmd_signals)

    report = sub.add_parser(
        "report", formatter_class=_Formatter,
        help="a self-contained HTML page: scores, reasons and highlighted evidence",
        description="Score documents (the inputs credscore score reads) and write one HTML page with no "
        "external assets: each document's score, band, quality and reasons, and its text with every evidence "
        "span highlighted; for several, a sortable table and a histogram of scores.")
    report.add_argument("paths", nargs="+", help="files, directories, globs, or - for stdin")
    report.add_argument("-o", "--output", required=True, help="the HTML file to write")
    _field_arguments(report)
    report.add_argument("--max-docs", type=int, default=500,
                        help="documents in the page, the first in input order")
    report.add_argument("--title", default="credscore evidence report", help="page title")
    report.set_defaults(func=_cmd_report)

    train = sub.add_parser("train", help="train a model on labelled corpora, optionally leave-one-corpus-out",
                           formatter_class=_Formatter)
    from .train_cli import add_arguments, run

    add_arguments(train)
    train.set_defaults(func=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        parser.print_help()
        return 0
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "score":
        args.id_field_given = args.id_field is not None
        if args.id_field is None:
            args.id_field = "id"
    # SIGTERM and SIGHUP stop a run as Ctrl-C does (OUT.partial kept), not mid-write.
    previous = {}
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            try:
                previous[signum] = signal.signal(signum, _stop)
            except ValueError:  # not the main thread (an embedding application)
                pass
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `credscore ... | head`: stop quietly, like other tools
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1
    except KeyboardInterrupt as exc:
        return 128 + (exc.signum if isinstance(exc, Stopped) else signal.SIGINT)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:  # explain/signals/train on a bad path
        return _refuse(f"cannot read {exc.filename}: {exc.strerror}")
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
