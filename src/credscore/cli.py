"""The ``credscore`` command.

``credscore score PATH...`` scores files, directories, globs or stdin: a
readable table in a terminal, else one JSONL (or CSV) row per record (see
:mod:`credscore.batch`); ``credscore explain FILE`` shows one document's
score, reasons and marked evidence;
``credscore signals FILE`` shows every feature and its evidence for one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ._version import __version__


def _cmd_signals(args: argparse.Namespace) -> int:
    from .extract import extract

    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    features = extract(data, url=args.url, published=args.published)
    print(json.dumps(features.to_dict(), indent=2, ensure_ascii=False))
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from . import batch

    paths = batch.expand_inputs(args.paths)
    if not paths:
        print("credscore: no input files", file=sys.stderr)
        return 2
    fmt = args.format
    if fmt == "auto":
        if args.output:
            fmt = "csv" if args.output.lower().endswith(".csv") else "jsonl"
        else:
            all_txt = all(batch._kind(p, args.input_format) == "txt" and p != "-" for p in paths)
            fmt = "table" if all_txt and sys.stdout.isatty() else "jsonl"
    if fmt == "table" and args.output:
        print("credscore: --format table prints to the terminal; use jsonl or csv with -o", file=sys.stderr)
        return 2
    if args.min_score is None and args.dropped:
        print("credscore: --dropped needs --min-score (nothing is dropped without it)", file=sys.stderr)
        return 2
    if args.min_score is not None and args.resume:
        # --resume matches output rows to input records one for one.
        print("credscore: --resume cannot continue a --min-score run", file=sys.stderr)
        return 2
    if args.resume and not args.output:
        print("credscore: --resume needs -o FILE (it continues FILE.partial)", file=sys.stderr)
        return 2
    if args.resume and Path(args.output).exists() and not Path(args.output + ".partial").exists():
        print(f"credscore: {args.output} is already complete; nothing to resume", file=sys.stderr)
        return 0
    fields = batch.Fields(args.text_field, args.id_field or None, args.url_field or None, args.date_field or None)
    records = batch.read_inputs(paths, fields, input_format=args.input_format)
    width = max(12, min(40, max(len(Path(p).name) for p in paths)))
    progress = sys.stderr.isatty() and fmt != "table" and not args.quiet
    try:
        summary = batch.run(records, fmt=fmt, output=args.output, jobs=args.jobs, features=args.features,
                            evidence=args.evidence, resume=args.resume, model_path=args.model,
                            progress=progress, table_width=width, min_score=args.min_score,
                            dropped=args.dropped)
    except batch.ResumeError as exc:
        print(f"credscore: cannot resume: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `credscore score big.jsonl | head`: stop quietly, like other tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        if args.output:
            print(f"\ncredscore: interrupted; {args.output}.partial holds the rows so far: "
                  "run the same command with --resume to finish", file=sys.stderr)
        return 130
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
        for line in summary.tally.lines(filtered=args.min_score is not None):
            print(line, file=sys.stderr)
    return 1 if summary.errors else 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from .score import _reason_labels, score

    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    result = score(data, url=args.url, published=args.published)
    text = result.features.text
    def fmt(value: float | None) -> str:
        return "none" if value is None else f"{value:.3f}"

    print(f"score {fmt(result.score)}  band {result.band}  quality {result.quality:.3f}  "
          f"reliability {fmt(result.reliability)} (the model's)  confidence {result.confidence}  "
          f"language {result.language}")
    if result.reason_codes:
        print(f"reason codes: {', '.join(result.reason_codes)}")
        detail = result.quality_detail
        for code, why in zip(detail.codes, detail.texts) if detail else ():
            print(f"  {code}: {why}")
    if result.source_domain and result.combined is not None:
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


def _cmd_train(args: argparse.Namespace) -> int:
    from .train import format_report, read_jsonl, train, write_model

    data = read_jsonl(args.data, text_field=args.text_field, label_field=args.label_field,
                      group_field=args.group_field)
    spec, report = train(data, n_jobs=args.jobs, trained_on=args.trained_on,
                         with_baselines=not args.no_baselines)
    digest = write_model(spec, args.output)
    Path(str(args.output) + ".sha256").write_text(f"{digest}  {Path(args.output).name}\n", encoding="utf-8")
    print(format_report(report))
    print(f"\nwrote {args.output} ({spec['model_id']}, sha256 {digest[:16]}...)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="credscore", description="Credibility and content-quality signals for scraped documents."
    )
    parser.add_argument("--version", action="version", version=f"credscore {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser(
        "score", help="score documents: a table in a terminal, else one JSONL/CSV row per record",
        description="Score .txt files (one document each), .jsonl / .jsonl.gz / .csv files (one document "
        "per line or row), directories (recursively), globs, or - for stdin. Exactly one output row per "
        "input record, in input order; a record that cannot be scored gets a row with 'error' set. "
        "Exit status 0 when every row scored, 1 when any row has an error, 2 on a usage error.")
    score.add_argument("paths", nargs="+", help="files, directories, globs, or - for stdin")
    score.add_argument("-o", "--output", default=None,
                       help="write here (via OUTPUT.partial, renamed when complete) instead of stdout")
    score.add_argument("--format", choices=("auto", "jsonl", "csv", "table"), default="auto",
                       help="auto: a table when stdout is a terminal and the inputs are .txt files; "
                       "csv when -o ends in .csv; else jsonl")
    score.add_argument("--input-format", choices=("auto", "txt", "jsonl", "csv"), default="auto",
                       help="how to read stdin and files with other suffixes (auto: by suffix; stdin "
                       "starting with '{' is jsonl)")
    score.add_argument("--text-field", default="text", help="JSONL/CSV field with the document text")
    score.add_argument("--id-field", default="id",
                       help="field with a unique id (default id; without it: FILE:LINE)")
    score.add_argument("--url-field", default="url", help="field with the URL, used when present")
    score.add_argument("--date-field", default="date", help="field with the publication date, used when present")
    score.add_argument("--features", action="store_true", help="add every feature value to each row")
    score.add_argument("--evidence", action="store_true", help="add the evidence spans to each row")
    score.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (each loads the model once)")
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

    explain = sub.add_parser("explain", help="one document's score, reasons and marked evidence")
    explain.add_argument("file", help="a text file, or - for stdin")
    explain.add_argument("--url", default=None)
    explain.add_argument("--published", default=None, help="publication date, YYYY-MM-DD")
    explain.add_argument("--max-evidence", type=int, default=25)
    explain.set_defaults(func=_cmd_explain)

    signals = sub.add_parser("signals", help="every feature and its evidence for one document, as JSON")
    signals.add_argument("file", help="a text file, or - for stdin")
    signals.add_argument("--url", default=None)
    signals.add_argument("--published", default=None, help="publication date, YYYY-MM-DD")
    signals.set_defaults(func=_cmd_signals)
    train = sub.add_parser("train", help="train a model on labelled JSONL with publisher-grouped CV")
    train.add_argument("--data", required=True, help="JSONL(.gz) with text, label (1 = reliable) and group fields")
    train.add_argument("-o", "--output", required=True, help="where to write the model JSON")
    train.add_argument("--text-field", default="text")
    train.add_argument("--label-field", default="label")
    train.add_argument("--group-field", default="publisher", help="folds never split a group")
    train.add_argument("--jobs", type=int, default=1, help="worker processes (joblib)")
    train.add_argument("--trained-on", default=None, help="date recorded in provenance (default: today)")
    train.add_argument("--no-baselines", action="store_true", help="skip the TF-IDF and length baselines")
    train.set_defaults(func=_cmd_train)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
