"""Keep and drop on the headline score: ``--min-score``, ``--dropped``, the
run summary, and ``min_score=`` on ``score_records``."""

from __future__ import annotations

import json
from pathlib import Path

import credscore
from credscore.cli import main
from credscore.keep import BELOW_MIN_SCORE, Tally

ROOT = Path(__file__).resolve().parents[1]
JUNK = json.loads((ROOT / "tests" / "cases" / "junk.json").read_text(encoding="utf-8"))
GOOD = json.loads((ROOT / "tests" / "cases" / "scorable.json").read_text(encoding="utf-8"))
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _records() -> list[dict]:
    records = [{"id": p.name[:3], "text": p.read_text(encoding="utf-8")} for p in SEEDS]
    records += [{"id": c["label"], "text": c["text"]} for c in JUNK[:6] + GOOD[:3]]
    records.append({"id": "no-text"})  # an error row: no text field
    return records


def test_min_score_on_the_api_keeps_only_rows_at_or_above_it():
    dropped: list[dict] = []
    kept = list(credscore.score_records(_records(), min_score=0.3, on_drop=dropped.append))
    assert kept and all(r["score"] >= 0.3 and r["error"] is None for r in kept)
    # No record is lost: each is kept or handed back with a reason.
    assert sorted(r["id"] for r in kept + dropped) == sorted(r["id"] for r in _records())
    assert all(r["reason_codes"] for r in dropped)
    by_id = {r["id"]: r for r in dropped}
    assert "error" in by_id["no-text"]["reason_codes"]
    assert by_id["empty"]["reason_codes"][0] == "empty"  # unscorable: its own code
    # 003 is scored (0.03) but below the bar: the threshold decided.
    assert by_id["003"]["reason_codes"][-1] == BELOW_MIN_SCORE


def test_command_line_writes_kept_rows_and_dropped_rows_apart(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    out, dropped = tmp_path / "kept.jsonl", tmp_path / "dropped.jsonl"
    status = main(["score", str(source), "-o", str(out), "--min-score", "0.3", "--dropped", str(dropped)])
    assert status == 1  # one record had no text: an error row, as without filtering
    kept_rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    dropped_rows = [json.loads(line) for line in dropped.read_text(encoding="utf-8").splitlines()]
    assert all(r["score"] >= 0.3 for r in kept_rows)
    assert len(kept_rows) + len(dropped_rows) == len(_records())
    assert all(r["reason_codes"] for r in dropped_rows)
    err = capsys.readouterr().err
    # The summary counts bands, reason codes and warnings, and kept/dropped.
    assert "bands: " in err and "unscorable" in err and "reason codes: " in err and "too_few_words" in err
    assert "warnings: " in err and f"kept {len(kept_rows)}, dropped {len(dropped_rows)}" in err


def test_dropped_needs_min_score_and_resume_refuses_filtering(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "x"}) + "\n", encoding="utf-8")
    assert main(["score", str(source), "--dropped", str(tmp_path / "d.jsonl")]) == 2
    assert main(["score", str(source), "-o", str(tmp_path / "o.jsonl"), "--min-score", "0.5", "--resume"]) == 2


def test_tally_counts_codes_and_warning_kinds():
    tally = Tally()
    tally.add({"band": "unscorable", "reason_codes": ["too_few_words"], "warnings": ["too_short: 3 words"]},
              kept=False)
    tally.add({"band": "low", "reason_codes": [], "warnings": []})
    assert tally.bands == {"unscorable": 1, "low": 1} and tally.codes == {"too_few_words": 1}
    assert tally.warnings == {"too_short": 1} and (tally.kept, tally.dropped) == (1, 1)
