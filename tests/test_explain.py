"""``credscore explain`` and ``credscore signals`` on one record of a JSONL or
CSV file (``--id``), with span offsets and excerpts, and quiet on a closed pipe."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _credscore(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "credscore", *args], check=False, capture_output=True,
                          timeout=300, **kwargs)


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    rows = [{"doc_id": f"d{k}", "body": p.read_text(encoding="utf-8", errors="replace"),
             "published": "Mon, 19 Sep 2016 14:30:00 +0000"} for k, p in enumerate(SEEDS)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_explain_one_jsonl_record_by_id_matches_the_text_file(tmp_path):
    data = _jsonl(tmp_path)
    by_id = _credscore("explain", str(data), "--id", "d3", "--id-field", "doc_id", "--text-field", "body",
                       "--date-field", "")
    assert by_id.returncode == 0, by_id.stderr.decode()
    seed = SEEDS[3].read_text(encoding="utf-8", errors="replace")
    direct = tmp_path / "d3.txt"
    direct.write_text(seed, encoding="utf-8")
    alone = _credscore("explain", str(direct))
    lines = by_id.stdout.decode().splitlines()
    assert lines[0] == "record d3"
    # The same document, so the same explanation below the record line.
    assert lines[1:] == alone.stdout.decode().splitlines()


def test_explain_takes_the_records_date_and_shows_offsets(tmp_path):
    data = _jsonl(tmp_path)
    done = _credscore("explain", str(data), "--id", "d2", "--id-field", "doc_id", "--text-field", "body",
                      "--date-field", "published", "--max-evidence", "400")
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "bad_published" not in out
    # Offsets index the record's text: each shown excerpt starts with the text at that offset.
    text = SEEDS[2].read_text(encoding="utf-8", errors="replace")
    shown = [line for line in out.splitlines() if line.startswith("  [") and " @" in line]
    assert shown
    for line in shown:
        where = line.split(" @", 1)[1].split("]", 1)[0]
        start, end = (int(x) for x in where.split("-"))
        marked = line.split(">>", 1)[1].split("<<", 1)[0]
        assert " ".join(text[start:end].split())[:120] == marked


def test_explain_csv_record_by_id(tmp_path):
    path = tmp_path / "docs.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerow(["a", "Officials said the bridge reopened on Monday."])
        writer.writerow(["b", SEEDS[1].read_text(encoding="utf-8", errors="replace")])
    done = _credscore("explain", str(path), "--id", "b")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().startswith("record b\nscore ")


def test_explain_without_id_on_a_batch_names_the_ids(tmp_path):
    data = _jsonl(tmp_path)
    done = _credscore("explain", str(data), "--id-field", "doc_id", "--text-field", "body")
    assert done.returncode == 2
    assert b"choose one with --id" in done.stderr and b"'d0'" in done.stderr
    missing = _credscore("explain", str(data), "--id", "nope", "--id-field", "doc_id", "--text-field", "body")
    assert missing.returncode == 2 and b"no record with doc_id 'nope'" in missing.stderr
    wrong_field = _credscore("explain", str(data), "--id", "d1", "--id-field", "doc_id")
    assert wrong_field.returncode == 2 and b"missing_field" in wrong_field.stderr


def test_signals_gives_each_spans_offsets_and_excerpt(tmp_path):
    data = _jsonl(tmp_path)
    done = _credscore("signals", str(data), "--id", "d3", "--id-field", "doc_id", "--text-field", "body")
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    assert result["id"] == "d3"
    text = SEEDS[3].read_text(encoding="utf-8", errors="replace")
    assert result["spans"]
    for span in result["spans"]:
        assert set(span) == {"start", "end", "signal", "reason", "excerpt"}
        piece = " ".join(text[span["start"]:span["end"]].split())
        assert span["excerpt"] == (piece if len(piece) <= 200 else piece[:199] + "…")


def test_closed_pipe_ends_quietly(tmp_path):
    # Enough evidence that the output is far past a pipe's buffer.
    page = tmp_path / "many.txt"
    page.write_text("Good text here. " * 10 + "⣠a " * 3000, encoding="utf-8")
    for command in ("signals", "explain"):
        extra = "--max-evidence 5000" if command == "explain" else ""
        done = subprocess.run(f"{sys.executable} -m credscore {command} {page} {extra} | head -n 2",
                              shell=True, check=False, capture_output=True, timeout=300)
        assert done.stdout.decode().count("\n") == 2
        assert b"Traceback" not in done.stderr and b"BrokenPipe" not in done.stderr, done.stderr.decode()
