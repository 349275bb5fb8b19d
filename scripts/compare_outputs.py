"""Check that a change leaves credscore's outputs byte-identical, or list what moved.

    python scripts/compare_outputs.py dump OUT.jsonl [--limit N] [--wide]
    python scripts/compare_outputs.py compare BEFORE.jsonl AFTER.jsonl

``dump`` writes ``score().to_dict()`` (every feature, span, reason and flag)
for the five seeds and ReCOVery's articles (``../shared/data/train/recovery.jsonl``,
with their URLs and dates) from the credscore on ``sys.path``: run it once on
the tree before a change (a ``git worktree`` of it, with ``PYTHONPATH`` at its
``src``) and once after. ``--wide`` adds the first 400 documents of each
other training corpus, every text of the case files under ``tests/cases/``
(named by a hash of the text, so a case file that gained cases still lines
up) and a few odd shapes (empty, blank, one-letter lines, one word
repeated, German, one quote repeated, shouting). ``compare`` prints how many documents differ per
output key and per feature, with the first two examples of each, or
"IDENTICAL".
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "train"
RECOVERY = TRAIN / "recovery.jsonl"
OTHER_CORPORA = ("gossipcop", "fakes", "hyperpartisan", "allsides_mbfc", "fakehealth_story")
ODD_SHAPES = {
    "empty": "", "blank": " \n\t " * 100, "one_letter_lines": "a\n" * 20_000, "one_word": "word " * 30_000,
    "german": "Die Regierung hat am Dienstag angekündigt, dass die Schulen wieder öffnen. " * 40,
    "one_quote": '"We will win," he said. ' * 2_000, "shouting": "BREAKING NEWS!!! YOU WON'T BELIEVE THIS. " * 300,
}


def _case_texts(value: object) -> list[str]:
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in ([v] if k == "text" and isinstance(v, str) else _case_texts(v))]
    if isinstance(value, list):
        return [t for v in value for t in _case_texts(v)]
    return []


def _wide_rows() -> list[tuple[str, str, str | None, str | None]]:
    rows: list[tuple[str, str, str | None, str | None]] = []
    for name in OTHER_CORPORA:
        with (TRAIN / f"{name}.jsonl").open(encoding="utf-8") as handle:
            for i, line in enumerate(itertools.islice(handle, 400)):
                record = json.loads(line)
                rows.append((f"{name}:{i}", record["text"], record.get("url"), record.get("date")))
    for path in sorted((ROOT / "tests" / "cases").rglob("*.json")):
        for text in _case_texts(json.loads(path.read_text(encoding="utf-8"))):
            rows.append((f"{path.stem}:{hashlib.sha1(text.encode()).hexdigest()[:16]}", text, None, None))
    rows += [(f"odd:{name}", text, None, None) for name, text in ODD_SHAPES.items()]
    return rows


def dump(out: Path, limit: int, wide: bool = False) -> None:
    import credscore

    rows = [(p.name, p.read_text(encoding="utf-8"), None, None) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    with RECOVERY.open(encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if limit and i >= limit:
                break
            record = json.loads(line)
            rows.append((str(record.get("id", i)), record["text"], record.get("url"), record.get("date")))
    if wide:
        rows += _wide_rows()
    with out.open("w", encoding="utf-8") as handle:
        for rid, text, url, published in rows:
            result = credscore.score(text, url=url, published=published).to_dict()
            handle.write(json.dumps({"id": rid, "score": result}, sort_keys=True, default=str) + "\n")


def compare(before: Path, after: Path) -> None:
    old = {r["id"]: r for r in map(json.loads, before.open(encoding="utf-8"))}
    new = {r["id"]: r for r in map(json.loads, after.open(encoding="utf-8"))}
    if old.keys() != new.keys():
        print(f"the documents differ ({len(old)} before, {len(new)} after): comparing the "
              f"{len(old.keys() & new.keys())} both hold (dump both with the same --limit and --wide)")
    moved: Counter[str] = Counter()
    examples: defaultdict[str, list[tuple[str, str, str]]] = defaultdict(list)

    def note(key: str, rid: str, a: object, b: object) -> None:
        moved[key] += 1
        if len(examples[key]) < 2:
            examples[key].append((rid, str(a)[:120], str(b)[:120]))

    for rid in [k for k in old if k in new]:
        x, y = old[rid], new[rid]
        a, b = x["score"], y["score"]
        for key in sorted(set(a) | set(b)):
            if key == "features" and isinstance(a.get(key), dict) and isinstance(b.get(key), dict):
                for name in sorted(set(a[key]) | set(b[key])):
                    if a[key].get(name) != b[key].get(name):
                        note(f"features.{name}", x["id"], a[key].get(name), b[key].get(name))
            elif a.get(key) != b.get(key):
                note(key, x["id"], a.get(key), b.get(key))
    if not moved:
        print(f"IDENTICAL on {len(old.keys() & new.keys())} documents")
    for key, count in moved.most_common():
        print(f"{count:6d}  {key}")
        for example in examples[key]:
            print("        ", example)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--limit", type=int, default=0)
    d.add_argument("--wide", action="store_true", help="add the other corpora, the case texts and odd shapes")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.limit, args.wide)
    else:
        compare(args.before, args.after)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
