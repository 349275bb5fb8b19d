"""The ``credscore`` command.

``credscore score PATH...`` prints a readable table for a few documents;
``credscore signals FILE`` shows every feature and its evidence for one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ._version import __version__


def _iter_text_files(paths: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        else:
            found.append(path)
    return found


def _cmd_signals(args: argparse.Namespace) -> int:
    from .extract import extract

    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    features = extract(data, url=args.url, published=args.published)
    print(json.dumps(features.to_dict(), indent=2, ensure_ascii=False))
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from .score import score

    files = _iter_text_files(args.paths)
    if not files:
        print("credscore: no input files", file=sys.stderr)
        return 2
    width = max(12, min(40, max(len(p.name) for p in files)))
    header = f"{'document':<{width}}  {'score':>5}  {'band':<6} {'lang':<4} {'conf':<6}  main reason"
    print(header)
    print("-" * max(len(header), 100))
    failed = 0
    for path in files:
        try:
            result = score(path.read_bytes())
        except OSError as exc:
            failed += 1
            print(f"{path.name[:width]:<{width}}  error: {exc}")
            continue
        negative = [r for r in result.reasons if r.contribution < 0]
        main = (negative or list(result.reasons) or [None])[0]
        why = f"{main.contribution:+.2f} {main.text}" if main else ""
        print(f"{path.name[:width]:<{width}}  {result.reliability:>5.2f}  {result.band:<6} "
              f"{result.language:<4} {result.confidence:<6}  {why[:100]}")
    return 1 if failed else 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from .score import score

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
    for warning in result.warnings:
        print(f"  warning: {warning}")
    print("\nevidence:")
    shown = 0
    for span in result.spans:
        if shown >= args.max_evidence:
            print(f"  ... {len(result.spans) - shown} more (credscore signals FILE lists all)")
            break
        left = " ".join(text[max(0, span.start - 40):span.start].split())
        hit = " ".join(text[span.start:span.end].split())[:120]
        right = " ".join(text[span.end:span.end + 40].split())
        print(f"  [{span.signal}/{span.reason}] ...{left} >>{hit}<< {right}...")
        shown += 1
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

    score = sub.add_parser("score", help="score documents and print a table")
    score.add_argument("paths", nargs="+", help="files or directories of .txt files")
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
