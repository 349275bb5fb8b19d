"""The ``credscore`` command: ``score`` in every format, resume, jobs; ``explain`` and ``signals``.

Most tests call :func:`credscore.cli.main` in-process; only the tests that
need real processes (killing a run half way, ``--jobs 2``) use subprocess.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import credscore
from credscore import batch
from credscore.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def _corpus(path: Path, n: int, *, bad_every: int = 0) -> Path:
    """``n`` records from the seeds (each cut differently, so rows differ), with
    a corrupt line every ``bad_every`` lines."""
    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            if bad_every and i % bad_every == bad_every - 1:
                out.write('{"id": "broken", "text": \n')
                continue
            text = texts[i % 5][: 600 + 37 * i]
            out.write(json.dumps({"id": f"doc-{i}", "text": text, "url": "https://www.bbc.co.uk/news/x"}) + "\n")
    return path


def test_table_for_the_quick_start(capsys):
    assert main(["score", str(SEEDS), "--format", "table"]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0].split()[:4] == ["document", "score", "band", "lang"]
    rows = [line for line in lines[2:] if not line.lstrip().startswith("flags:")]
    assert [line.split()[0] for line in rows] == [p.name for p in SEED_FILES]
    for line in rows:
        assert 0.0 <= float(line.split()[1]) <= 1.0
    # Flags sit under their document: 002's date conflict, 003's invented experts.
    flags = {lines[i - 1].split()[0][:3]: line for i, line in enumerate(lines) if "flags:" in line}
    assert "date_inconsistent" in flags["002"] and "suspicious_experts" in flags["003"]
    assert "5 rows, 0 errors" in out.err


def test_the_quick_start_command_prints_the_table_in_a_terminal(monkeypatch, capsys):
    """The README promises a readable table for `credscore score seeds/`."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["score", str(SEEDS)]) == 0
    assert capsys.readouterr().out.startswith("document ")


def test_jsonl_is_the_default_off_a_terminal(capsys):
    assert main(["score", str(SEEDS)]) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [str(p) for p in SEED_FILES]
    for row, path in zip(rows, SEED_FILES):
        assert tuple(row) == batch.ROW_KEYS
        assert row["error"] is None and row["source"] == str(path)
        assert row["reliability"] == credscore.score(path.read_bytes()).reliability
        assert row["model_id"] and row["credscore_version"] == credscore.__version__


def test_csv_to_a_file_via_a_partial_name(tmp_path, capsys):
    out = tmp_path / "scores.csv"
    assert main(["score", str(SEEDS), "-o", str(out), "--features"]) == 0
    assert not (tmp_path / "scores.csv.partial").exists()
    with open(out, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == [*batch.ROW_KEYS, *credscore.feature_names()]
    assert len(table) == 6 and all(len(row) == len(table[0]) for row in table)
    assert capsys.readouterr().out == ""


def test_features_and_evidence_in_jsonl(capsys):
    assert main(["score", str(SEED_FILES[3]), "--features", "--evidence", "--format", "jsonl"]) == 0
    [row] = _jsonl(capsys.readouterr().out)
    assert list(row)[-2:] == ["features", "spans"]
    assert list(row["features"]) == list(credscore.feature_names())
    assert any(signal_name == "encoding" for _, _, signal_name, _ in row["spans"])


def test_bad_records_give_error_rows_and_exit_status_1(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": 1, "text": "Fine."}\n{oops\n{"id": 3, "title": "no text"}\n{"id": 4, "text": "Fine."}\n')
    assert main(["score", str(path)]) == 1
    out = capsys.readouterr()
    rows = _jsonl(out.out)
    assert [r["id"] for r in rows] == [1, f"{path}:2", 3, 4]
    assert [bool(r["error"]) for r in rows] == [False, True, True, False]
    assert "4 rows, 2 errors" in out.err


def test_stdin_jsonl_and_text(monkeypatch, capsys):
    class Stdin:
        def __init__(self, data: bytes):
            self.buffer = io.BufferedReader(io.BytesIO(data))

    monkeypatch.setattr(sys, "stdin", Stdin(b'{"text": "From a pipe."}\n{"text": "Another."}\n'))
    assert main(["score", "-"]) == 0
    assert [r["id"] for r in _jsonl(capsys.readouterr().out)] == ["-:1", "-:2"]
    monkeypatch.setattr(sys, "stdin", Stdin(SEED_FILES[0].read_bytes()))
    assert main(["score", "-"]) == 0
    [row] = _jsonl(capsys.readouterr().out)
    assert row["id"] == "-" and row["reliability"] == credscore.score(SEED_FILES[0].read_bytes()).reliability


def test_text_that_is_not_utf8_is_scored_and_says_so(tmp_path, capsys):
    path = tmp_path / "latin.txt"
    path.write_bytes("The café reopened on Monday, the mayor’s office said.".encode("cp1252"))
    assert main(["score", str(path)]) == 0
    [row] = _jsonl(capsys.readouterr().out)
    assert row["error"] is None and any(w.startswith("not_utf8") for w in row["warnings"])


def test_usage_errors(tmp_path, capsys):
    assert main(["score", str(SEEDS), "--resume"]) == 2  # nowhere to resume into
    assert main(["score", str(SEEDS), "--format", "table", "-o", str(tmp_path / "x.jsonl")]) == 2
    assert "--resume needs -o" in capsys.readouterr().err


def test_resume_repairs_a_torn_line_and_equals_an_uninterrupted_run(tmp_path, capsys):
    corpus = _corpus(tmp_path / "in.jsonl", 12, bad_every=5)
    full = tmp_path / "full.jsonl"
    assert main(["score", str(corpus), "-o", str(full)]) == 1  # two corrupt lines
    lines = full.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    # An interrupted run: five rows written, the sixth torn mid-line.
    Path(str(out) + ".partial").write_bytes(b"".join(lines[:5]) + lines[5][:40])
    assert main(["score", str(corpus), "-o", str(out), "--resume"]) == 1  # the kept rows' errors still count
    assert out.read_bytes() == full.read_bytes()
    assert "12 rows (5 kept from the partial output), 2 errors" in capsys.readouterr().err
    # Resuming a finished file does nothing.
    assert main(["score", str(corpus), "-o", str(out), "--resume"]) == 0


def test_resume_refuses_other_inputs(tmp_path, capsys):
    corpus = _corpus(tmp_path / "in.jsonl", 6)
    other = _corpus(tmp_path / "other.jsonl", 3)
    out = tmp_path / "out.jsonl"
    main(["score", str(other), "-o", str(out)])
    os.replace(out, str(out) + ".partial")
    Path(str(out) + ".partial").write_text(
        Path(str(out) + ".partial").read_text().replace('"doc-1"', '"doc-999"'), encoding="utf-8")
    assert main(["score", str(corpus), "-o", str(out), "--resume"]) == 2
    assert "cannot resume" in capsys.readouterr().err


def test_resume_csv(tmp_path, capsys):
    corpus = _corpus(tmp_path / "in.jsonl", 8)
    full, out = tmp_path / "full.csv", tmp_path / "out.csv"
    assert main(["score", str(corpus), "-o", str(full)]) == 0
    lines = full.read_bytes().splitlines(keepends=True)
    Path(str(out) + ".partial").write_bytes(b"".join(lines[:4]))  # header and three rows
    assert main(["score", str(corpus), "-o", str(out), "--resume"]) == 0
    assert out.read_bytes() == full.read_bytes()


def _credscore(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "credscore", *args], capture_output=True, **kwargs)


def test_jobs_2_is_byte_identical_to_jobs_1(tmp_path):
    corpus = _corpus(tmp_path / "in.jsonl", 80, bad_every=17)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        done = _credscore("score", str(corpus), str(SEEDS), "--features", "--evidence", "--jobs", jobs,
                          "-o", str(out))
        assert done.returncode == 1, done.stderr  # the corrupt lines
        assert b"85 rows, 4 errors" in done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_killed_run_resumes_to_the_same_bytes(tmp_path):
    corpus = _corpus(tmp_path / "in.jsonl", 300)
    reference = tmp_path / "reference.jsonl"
    assert main(["score", str(corpus), "-o", str(reference), "-q"]) == 0
    out = tmp_path / "out.jsonl"
    partial = Path(str(out) + ".partial")
    process = subprocess.Popen([sys.executable, "-m", "credscore", "score", str(corpus), "-o", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Wait until some rows are on disk (no time limit: a slow machine only waits longer).
        while process.poll() is None and (not partial.exists() or partial.stat().st_size < 20_000):
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert partial.exists() and not out.exists()
    kept = partial.read_bytes().count(b"\n")
    assert 0 < kept < 300
    done = _credscore("score", str(corpus), "-o", str(out), "--resume")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert not partial.exists()


def test_explain_and_signals_still_work(capsys):
    assert main(["explain", str(SEED_FILES[3]), "--max-evidence", "3"]) == 0
    out = capsys.readouterr().out
    # The headline first (what users filter on), the model's own probability beside it.
    assert out.startswith("score ") and "reliability 0." in out and "reasons" in out and ">>" in out
    assert ">><<" not in out  # every piece of evidence shows its text
    assert main(["signals", str(SEED_FILES[0])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data["features"]) == list(credscore.feature_names())


@pytest.mark.parametrize("argv", [["--version"], ["score", "--help"]])
def test_help_and_version(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
