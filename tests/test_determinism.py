"""The same input gives byte-identical output, whatever the process.

Two fresh interpreters score the same documents with a different hash seed
(set and dict iteration order), time zone (date signals must not read the
clock or the local zone) and locale, and must print exactly the same JSON:
``json.dumps(credscore.score(text).to_dict(), sort_keys=True)``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RECOVERY = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"
#: ReCOVery documents taken, evenly spaced through the file.
N_RECOVERY = 36

ENVIRONMENTS = (
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    # UTC+14 against UTC: the same instant is another calendar day.
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "POSIX", "LANG": "tr_TR.UTF-8"},
)

_SCRIPT = """
import json, sys
import credscore
for record in json.load(open(sys.argv[1], encoding="utf-8")):
    result = credscore.score(record["text"], url=record.get("url"), published=record.get("published"))
    print(json.dumps(result.to_dict(), sort_keys=True, ensure_ascii=True))
"""


def _run(records: list[dict], env_overrides: dict[str, str], tmp_path: Path) -> str:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONHASHSEED", "TZ"))}
    env.update(env_overrides)
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(path)], capture_output=True, env=env, cwd=tmp_path,
                          timeout=600)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout.decode("ascii")


def _assert_same_everywhere(records: list[dict], tmp_path: Path) -> None:
    outputs = [_run(records, env, tmp_path) for env in ENVIRONMENTS]
    assert len(outputs[0].splitlines()) == len(records)
    for line_a, line_b, record in zip(outputs[0].splitlines(), outputs[1].splitlines(), records):
        assert line_a == line_b, f"output differs between environments for {record.get('id', record['text'][:60])!r}"
    assert outputs[0] == outputs[1]


def test_seeds_score_identically_across_processes(tmp_path):
    records = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]
    # The dates signal with a caller's date, and a non-English page.
    records.append({"id": "dated", "text": records[0]["text"], "published": "2019-01-09",
                    "url": "https://www.example.com/news"})
    records.append({"id": "russian", "text": "Президент России провёл переговоры. " * 20})
    _assert_same_everywhere(records, tmp_path)


def test_recovery_documents_score_identically_across_processes(tmp_path):
    if not RECOVERY.exists():
        pytest.skip(f"labelled data not found at {RECOVERY} (../shared/data beside the checkout)")
    lines = RECOVERY.read_text(encoding="utf-8").splitlines()
    step = len(lines) // N_RECOVERY
    records = []
    for line in lines[::step][:N_RECOVERY]:
        row = json.loads(line)
        records.append({"id": row["id"], "text": row["text"], "url": row.get("url"), "published": row.get("date")})
    _assert_same_everywhere(records, tmp_path)
