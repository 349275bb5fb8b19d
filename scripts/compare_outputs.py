"""Check that a change leaves credscore's outputs byte-identical, or list what moved.

    python scripts/compare_outputs.py dump OUT.jsonl [--limit N]
    python scripts/compare_outputs.py compare BEFORE.jsonl AFTER.jsonl

``dump`` writes ``score().to_dict()`` (every feature, span, reason and flag)
for the five seeds and ReCOVery's articles (``../shared/data/train/recovery.jsonl``,
with their URLs and dates) from the credscore on ``sys.path``: run it once on
the tree before a change (a ``git worktree`` of it, with ``PYTHONPATH`` at its
``src``) and once after. ``compare`` prints how many documents differ per
output key and per feature, with the first two examples of each, or
"IDENTICAL".
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECOVERY = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"


def dump(out: Path, limit: int) -> None:
    import credscore

    rows = [(p.name, p.read_text(encoding="utf-8"), None, None) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    with RECOVERY.open(encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if limit and i >= limit:
                break
            record = json.loads(line)
            rows.append((str(record.get("id", i)), record["text"], record.get("url"), record.get("date")))
    with out.open("w", encoding="utf-8") as handle:
        for rid, text, url, published in rows:
            result = credscore.score(text, url=url, published=published).to_dict()
            handle.write(json.dumps({"id": rid, "score": result}, sort_keys=True, default=str) + "\n")


def compare(before: Path, after: Path) -> None:
    old = [json.loads(line) for line in before.open(encoding="utf-8")]
    new = [json.loads(line) for line in after.open(encoding="utf-8")]
    if [r["id"] for r in old] != [r["id"] for r in new]:
        print(f"the documents differ ({len(old)} before, {len(new)} after): dump both with the same --limit")
        return
    moved: Counter[str] = Counter()
    examples: defaultdict[str, list[tuple[str, str, str]]] = defaultdict(list)

    def note(key: str, rid: str, a: object, b: object) -> None:
        moved[key] += 1
        if len(examples[key]) < 2:
            examples[key].append((rid, str(a)[:120], str(b)[:120]))

    for x, y in zip(old, new):
        a, b = x["score"], y["score"]
        for key in sorted(set(a) | set(b)):
            if key == "features" and isinstance(a.get(key), dict) and isinstance(b.get(key), dict):
                for name in sorted(set(a[key]) | set(b[key])):
                    if a[key].get(name) != b[key].get(name):
                        note(f"features.{name}", x["id"], a[key].get(name), b[key].get(name))
            elif a.get(key) != b.get(key):
                note(key, x["id"], a.get(key), b.get(key))
    if not moved:
        print(f"IDENTICAL on {len(old)} documents")
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
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.limit)
    else:
        compare(args.before, args.after)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
