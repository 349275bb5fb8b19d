"""The ``credscore`` command.

``credscore score PATH...`` scores files, directories, globs or stdin: a
readable table in a terminal, else one JSONL (or CSV) row per record (see
:mod:`credscore.batch`); ``credscore explain FILE`` shows one document's
score, reasons and marked evidence;
``credscore signals FILE`` shows every feature and its evidence for one.

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

from ._version import __version__


def _cmd_signals(args: argparse.Namespace) -> int:
    from .extract import extract

    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    features = extract(data, url=args.url, published=args.published)
    print(json.dumps(features.to_dict(), indent=2, ensure_ascii=not _stdout_is_utf8()))
    return 0


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


def _check_output(output: str, paths: Sequence[str]) -> str | None:
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
        if path != "-" and Path(path).exists() and batch._kind(path, args.input_format) is None:
            return _refuse(f"{path}: credscore does not read this kind of file (it reads "
                           f"{', '.join(s for s, k in batch.SUFFIX_KINDS.items() if k)}, each also .gz); "
                           "name the format with --input-format")
    fmt = args.format
    if fmt == "auto":
        if args.output:
            fmt = "csv" if args.output.lower().endswith(".csv") else "jsonl"
        else:
            fmt = "table" if sys.stdout.isatty() else "jsonl"
    if fmt == "table" and args.output:
        return _refuse("--format table prints to the terminal; use jsonl or csv with -o")
    if args.resume and not args.output:
        return _refuse("--resume needs -o FILE (it continues FILE.partial)")
    if args.output:
        problem = _check_output(args.output, paths)
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
    keep = tuple(f.strip() for f in args.keep_fields.split(",") if f.strip()) if args.keep_fields else ()
    if keep in (("all",), ("*",)):
        keep = ("*",)
    fields = batch.Fields(args.text_field, args.id_field or None, args.url_field or None, args.date_field or None,
                          args.html_field or None, keep)
    total = None
    if all(p != "-" and Path(p).is_file() for p in paths):
        total = sum(Path(p).stat().st_size for p in paths)
    progress = sys.stderr.isatty() and fmt != "table" and not args.quiet
    meter = batch.ReadMeter(total) if progress and total else None
    records = batch.read_inputs(paths, fields, input_format=args.input_format,
                                on_read=meter.add if meter else None)
    records = batch.check_fields(records, fields, id_named=args.id_field_given)
    try:
        summary = batch.run(records, fmt=fmt, output=args.output, jobs=args.jobs, features=args.features,
                            evidence=args.evidence, resume=args.resume, model_path=args.model,
                            progress=progress, table_width=None, inputs=paths, metadata=bool(keep),
                            ascii_only=not _stdout_is_utf8() and not args.output, meter=meter)
    except batch.ResumeError as exc:
        return _refuse(f"cannot resume: {exc}")
    except batch.FieldError as exc:
        return _refuse(str(exc))
    except batch.OutputError as exc:
        print(f"credscore: {exc}", file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    except KeyboardInterrupt as exc:
        if args.output:
            print(f"\ncredscore: interrupted; {args.output}.partial holds the rows so far: "
                  "run the same command with --resume to finish", file=sys.stderr)
        return 128 + (exc.signum if isinstance(exc, Stopped) else signal.SIGINT)
    summary.passed_over = skipped.text()
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return 1 if summary.errors else 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from .score import _reason_labels, score

    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    result = score(data, url=args.url, published=args.published)
    text = result.features.text
    print(f"reliability {result.reliability:.3f}  band {result.band}  confidence {result.confidence}  "
          f"language {result.language}")
    if result.source_domain:
        print(f"source {result.source_domain}: {result.source_score:.2f} "
              f"(combined with the text score: {result.combined:.3f})")
    print(f"model {result.model_id}, credscore {result.version}\n")
    print("reasons (contribution to the log-odds; + raises reliability):")
    for reason in result.reasons:
        print(f"  {reason.contribution:+.2f}  {reason.text}")
    for flag in result.flags:
        print(f"  flag {flag.code}: {flag.text}")
    for warning in result.warnings:
        print(f"  warning: {warning}")
    # Evidence behind the reasons and flags first, in their order; the rest after.
    cited = [f.feature for f in result.flags] + [r.feature for r in result.reasons]
    labels = _reason_labels()
    rank = {}
    for position, feature in enumerate(cited):
        for code in labels.get(feature, ("", ()))[1]:
            rank.setdefault(code, position)

    def order(span) -> tuple[int, int]:
        key = f"{span.signal}/{span.reason}"
        hits = [r for code, r in rank.items() if key == code or (code.endswith("*") and key.startswith(code[:-1]))]
        return (min(hits) if hits else len(cited), span.start)

    spans = sorted(result.spans, key=order)
    print("\nevidence (behind the reasons and flags first):")
    for shown, span in enumerate(spans):
        if shown >= args.max_evidence:
            print(f"  ... {len(spans) - shown} more (credscore signals FILE lists all)")
            break
        left = " ".join(text[max(0, span.start - 40):span.start].split())
        hit = " ".join(text[span.start:span.end].split())[:120]
        right = " ".join(text[span.end:span.end + 40].split())
        print(f"  [{span.signal}/{span.reason}] ...{left} >>{hit}<< {right}...")
    return 0


def _check_groups(path: str, group_field: str) -> str | None:
    """Why training cannot group by ``group_field``, or ``None``; warns on
    records without a group (they would be merged into one group)."""
    import gzip

    opener = gzip.open if path.endswith(".gz") else open
    records = missing = 0
    seen: dict[str, None] = {}
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for line in handle:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue  # train's reader reports it with its line number
            if not isinstance(record, dict):
                continue
            records += 1
            seen.update(dict.fromkeys(map(str, record)))
            if record.get(group_field) in (None, ""):
                missing += 1
    if records and missing == records:
        return (f"no record of {path} has a {group_field!r} field to group by; they have: "
                f"{', '.join(map(repr, list(seen)[:20]))} (choose one with --group-field)")
    if missing:
        print(f"credscore: warning: {missing} of {records} records have no {group_field!r}; each becomes its "
              "own group, which lets the cross-validation see a publisher in training and test", file=sys.stderr)
    return None


#: Grouped cross-validated ROC-AUC within this margin of 0.5 is called near
#: chance: with a few hundred records per class the AUC's standard error is
#: about 0.02-0.03 (Hanley and McNeil, 1982), so 0.05 is about two of them.
NEAR_CHANCE_AUC = 0.05


def _cmd_train(args: argparse.Namespace) -> int:
    from .train import format_report, read_jsonl, train, write_model

    if not Path(args.data).is_file():
        return _refuse(f"--data {args.data}: no such file")
    problem = _check_groups(args.data, args.group_field)
    if problem:
        return _refuse(problem)
    data = read_jsonl(args.data, text_field=args.text_field, label_field=args.label_field,
                      group_field=args.group_field)
    spec, report = train(data, n_jobs=args.jobs, trained_on=args.trained_on,
                         with_baselines=not args.no_baselines)
    digest = write_model(spec, args.output)
    Path(str(args.output) + ".sha256").write_text(f"{digest}  {Path(args.output).name}\n", encoding="utf-8")
    print(format_report(report))
    print(f"\nwrote {args.output} ({spec['model_id']}, sha256 {digest[:16]}...)")
    chosen = report.get("candidates", {}).get(report.get("chosen"), {}).get("roc_auc")
    if chosen is not None and abs(chosen - 0.5) <= NEAR_CHANCE_AUC:
        print(f"credscore: warning: the chosen model's grouped ROC-AUC is {chosen:.3f}, near chance (0.5): "
              "its scores say little about these labels", file=sys.stderr)
    beaten = [name for name, m in (report.get("baselines") or {}).items()
              if isinstance(m, dict) and chosen is not None and m.get("roc_auc", 0) > chosen]
    if beaten:
        print(f"credscore: warning: the baseline(s) {', '.join(beaten)} beat the chosen model's grouped ROC-AUC "
              f"({chosen:.3f})", file=sys.stderr)
    return 0


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
    score.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr")
    score.set_defaults(func=_cmd_score)

    explain = sub.add_parser("explain", help="one document's score, reasons and marked evidence",
                             formatter_class=_Formatter)
    explain.add_argument("file", help="a text file, or - for stdin")
    explain.add_argument("--url", default=None, help="the page's URL, for the source rating")
    explain.add_argument("--published", default=None, help="publication date, YYYY-MM-DD")
    explain.add_argument("--max-evidence", type=int, default=25, help="evidence lines shown at most")
    explain.set_defaults(func=_cmd_explain)

    signals = sub.add_parser("signals", help="every feature and its evidence for one document, as JSON",
                             formatter_class=_Formatter)
    signals.add_argument("file", help="a text file, or - for stdin")
    signals.add_argument("--url", default=None, help="the page's URL, for the source rating")
    signals.add_argument("--published", default=None, help="publication date, YYYY-MM-DD")
    signals.set_defaults(func=_cmd_signals)
    train = sub.add_parser("train", help="train a model on labelled JSONL with publisher-grouped CV",
                           formatter_class=_Formatter)
    train.add_argument("--data", required=True, help="JSONL(.gz) with text, label (1 = reliable) and group fields")
    train.add_argument("-o", "--output", required=True, help="where to write the model JSON")
    train.add_argument("--text-field", default="text", help="field with the document text")
    train.add_argument("--label-field", default="label", help="field with the label, 0 or 1")
    train.add_argument("--group-field", default="publisher",
                       help="folds never split a group; every record must have it")
    train.add_argument("--jobs", type=_jobs, default=1, help="worker processes (joblib); -1 for every core")
    train.add_argument("--trained-on", default=None, help="date recorded in provenance (default: today)")
    train.add_argument("--no-baselines", action="store_true", help="skip the TF-IDF and length baselines")
    train.set_defaults(func=_cmd_train)
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
