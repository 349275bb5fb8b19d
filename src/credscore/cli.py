"""The ``credscore`` command.

``credscore score PATH...`` prints a readable table for a few documents;
``credscore signals FILE`` shows every feature and its evidence for one.
"""

from __future__ import annotations

import argparse
import json
import math
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


def _fmt(value: float, digits: int = 2) -> str:
    return "nan" if math.isnan(value) else f"{value:.{digits}f}"


def _cmd_signals(args: argparse.Namespace) -> int:
    from .extract import extract

    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    features = extract(data, url=args.url, published=args.published)
    print(json.dumps(features.to_dict(), indent=2, ensure_ascii=False))
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from .extract import extract

    files = _iter_text_files(args.paths)
    if not files:
        print("credscore: no input files", file=sys.stderr)
        return 2
    columns = [
        ("boilerplate_line_share", "boiler"),
        ("encoding_damage_per_1k_chars", "enc/1k"),
        ("hedging_cues_per_1k_words", "hedge/1k"),
        ("attribution_unnamed_per_1k_words", "unnamed/1k"),
        ("attribution_suspicious_expert_count", "sus.exp"),
        ("dates_inconsistent", "date!"),
        ("style_ai_phrases_per_1k_words", "ai/1k"),
    ]
    header = f"{'document':<32} {'lang':<5} " + " ".join(f"{c[1]:>10}" for c in columns)
    print(header)
    print("-" * len(header))
    failed = 0
    for path in files:
        try:
            features = extract(path.read_bytes())
        except OSError as exc:
            failed += 1
            print(f"{path.name[:32]:<32} error: {exc}")
            continue
        cells = " ".join(
            f"{_fmt(features.feature_values.get(name, float('nan'))):>10}" for name, _ in columns
        )
        print(f"{path.name[:32]:<32} {features.language:<5} {cells}")
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="credscore", description="Credibility and content-quality signals for scraped documents."
    )
    parser.add_argument("--version", action="version", version=f"credscore {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="score documents and print a table")
    score.add_argument("paths", nargs="+", help="files or directories of .txt files")
    score.set_defaults(func=_cmd_score)

    signals = sub.add_parser("signals", help="every feature and its evidence for one document, as JSON")
    signals.add_argument("file", help="a text file, or - for stdin")
    signals.add_argument("--url", default=None)
    signals.add_argument("--published", default=None, help="publication date, YYYY-MM-DD")
    signals.set_defaults(func=_cmd_signals)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
