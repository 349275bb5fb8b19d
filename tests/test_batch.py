"""Batch scoring in the library: readers, rows, the worker pool.

Nothing here depends on the shipped model's numbers (it is retrained as
signals land): tests check the shape and the bookkeeping of rows, and compare
batch results with :func:`credscore.score` on the same text.
"""

from __future__ import annotations

import gzip
import json
import math
import os
from pathlib import Path

import pytest

import credscore
from credscore import batch, readers, streams

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def _records(path: Path, **kwargs) -> list[batch.Record]:
    return list(batch.read_inputs([str(path)], batch.Fields(**kwargs)))


def test_score_records_one_row_per_record_in_order_with_errors_in_place():
    records = [
        {"id": "seed0", "text": SEED_TEXTS[0], "url": "https://www.reuters.com/x", "date": "2019-04-25"},
        {"id": "no-text"},                      # missing field: an error row, the batch goes on
        {"id": "number", "text": 42},           # not a string: an error row, not str(42) scored
        "not a dict",                           # not a record at all
        {"text": SEED_TEXTS[1]},                # no id: its position stands in
        {"id": "", "text": SEED_TEXTS[2]},      # an empty id is no id
    ]
    rows = list(credscore.score_records(records))
    assert [r["id"] for r in rows] == ["seed0", "no-text", "number", 3, 4, 5]
    assert [r["error"] is None for r in rows] == [True, False, False, False, True, True]
    assert "missing_field" in rows[1]["error"] and "'text'" in rows[1]["error"]
    assert rows[2]["error"].startswith("bad_text_field") and "int" in rows[2]["error"]
    assert rows[3]["error"].startswith("bad_record")
    for row in rows:
        assert tuple(row) == batch.ROW_KEYS
        assert row["credscore_version"] == credscore.__version__
    for row in (rows[1], rows[2], rows[3]):  # an error row claims no score
        assert row["reliability"] is None and row["band"] is None and row["model_id"] is None
    # The batch row is exactly what score() says for the same input.
    expected = credscore.score(SEED_TEXTS[0], url="https://www.reuters.com/x", published="2019-04-25")
    assert rows[0]["reliability"] == expected.reliability and rows[0]["band"] == expected.band
    assert rows[0]["source_domain"] == "reuters.com" and rows[0]["source_score"] == expected.source_score
    assert [r["feature"] for r in rows[0]["reasons"]] == [r.feature for r in expected.reasons]


def test_score_records_is_lazy():
    """A generator in, rows out one at a time: a pipeline can stream millions."""
    consumed = []

    def source():
        for i, text in enumerate(SEED_TEXTS):
            consumed.append(i)
            yield {"id": i, "text": text}

    rows = credscore.score_records(source())
    assert consumed == []
    next(rows)
    assert consumed == [0]


def test_features_and_evidence_are_added_only_when_asked():
    plain, full = (next(credscore.score_records([{"text": SEED_TEXTS[3]}], features=f, evidence=f))
                   for f in (False, True))
    assert "features" not in plain and "spans" not in plain
    assert list(full["features"]) == list(credscore.feature_names())
    text = SEED_TEXTS[3]
    assert full["spans"], "seed 003 is full of mojibake: there must be evidence"
    for start, end, signal, reason in full["spans"]:
        assert 0 <= start < end <= len(text) and signal and reason
    json.dumps(full, allow_nan=False)  # NaN features are null, so strict JSON holds


def test_jsonl_reader_keeps_going_past_bad_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "A first document."}\n'
        b'{"id": "b", "text": \n'          # torn JSON in the middle of a file
        b"\n"                               # a blank line is not a record
        b'{"text": "No id, so the line number is the id."}\n'
        b'{"id": "d", "text": "caf\xe9 in cp1252, not UTF-8"}\n'
        b'{"id": "e", "text": "no newline at the very end"}'
    )
    records = _records(path)
    assert [r.id for r in records] == ["a", f"{path}:2", f"{path}:4", "d", "e"]
    assert records[1].error.startswith("bad_json")
    assert all(r.error is None for r in records if r.id != f"{path}:2")
    assert all(r.source == str(path) for r in records)
    # The invalid byte is read as cp1252, as score() reads bytes, once, and the
    # record says so; the row carries the warning as score(bytes) would.
    assert records[3].text == "caf\xe9 in cp1252, not UTF-8"
    assert records[3].decoding.startswith("not_utf8")
    row = batch.score_row(records[3])
    assert row["error"] is None and any(w.startswith("not_utf8") for w in row["warnings"])


def test_custom_field_names(tmp_path):
    path = tmp_path / "custom.jsonl"
    path.write_text(json.dumps({"doc": "d1", "body": SEED_TEXTS[1], "link": "https://apnews.com/a",
                                "text": "ignored"}) + "\n", encoding="utf-8")
    [record] = _records(path, text="body", id="doc", url="link", date=None)
    assert record.id == "d1" and record.text == SEED_TEXTS[1] and record.url == "https://apnews.com/a"


def test_truncated_gzip_scores_what_was_readable_then_one_error(tmp_path):
    lines = [json.dumps({"id": i, "text": f"Document number {i} says little."}) for i in range(4000)]
    whole = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    records = _records(path)
    *good, last = records
    assert good, "half the file decompresses: those records must be read"
    assert len(good) < 4000
    assert [r.id for r in good] == list(range(len(good)))  # in order, none torn or skipped
    assert all(r.error is None for r in good)
    assert last.error.startswith("truncated_file")
    # A whole gzip file reads completely.
    path.write_bytes(whole)
    assert len(_records(path)) == 4000


def test_empty_files(tmp_path):
    """No records, no rows, for JSONL and CSV; an empty .txt file is one empty document."""
    (tmp_path / "a.jsonl").write_bytes(b"")
    (tmp_path / "b.csv").write_bytes(b"id,text\n")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress(b""))
    records = list(batch.read_inputs(batch.expand_inputs([str(tmp_path)])))
    assert [r.id for r in records] == [str(tmp_path / "c.txt")]
    row = batch.score_row(records[0])
    assert row["error"] is None and row["confidence"] == "low"


def test_csv_reader(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_bytes(
        "\ufeffid,text,url\n".encode()                      # a BOM must not rename the first column
        + b'x1,"Line one.\nLine two, with a comma.",https://bbc.co.uk/n\n'
        + b',"caf\xe9",\n'                                  # not UTF-8, no id, empty url
    )
    records = _records(path)
    assert [r.id for r in records] == ["x1", f"{path}:2"]
    assert records[0].text == "Line one.\nLine two, with a comma." and records[0].url == "https://bbc.co.uk/n"
    # Decoded once, as score() decodes bytes: cp1252, and the record says so.
    assert records[1].text == "caf\xe9" and records[1].decoding.startswith("not_utf8")
    assert records[1].url is None


def test_expand_inputs_directories_globs_and_missing(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.jsonl", "sub/c.csv", "sub/d.jsonl.gz", "notes.md"):
        (tmp_path / name).write_bytes(b"")
    found = batch.expand_inputs([str(tmp_path), str(tmp_path / "*.txt"), str(tmp_path / "nothing*.jsonl")])
    assert found == [str(tmp_path / n) for n in ("a.jsonl", "b.txt", "sub/c.csv", "sub/d.jsonl.gz", "b.txt")] + [
        str(tmp_path / "nothing*.jsonl")]
    [missing] = list(batch.read_inputs([str(tmp_path / "nothing*.jsonl")]))
    assert missing.error.startswith("unreadable_input")


def test_huge_record_is_scored_truncated():
    """A 50 MB record: score() reads the first million characters and says so."""
    text = ("The ministry said on Tuesday that the talks would resume. " * 900_000)[:50_000_000]
    [row] = credscore.score_records([{"id": "huge", "text": text}])
    assert row["error"] is None and math.isfinite(row["reliability"])
    assert any(w.startswith("truncated") for w in row["warnings"])


def test_an_exception_while_scoring_becomes_an_error_row(monkeypatch):

    from credscore import scoring as score_module
    real = score_module.score

    def flaky(text, **kwargs):
        if "EXPLODE" in text:
            raise RuntimeError("boom")
        return real(text, **kwargs)

    monkeypatch.setattr(score_module, "score", flaky)
    rows = list(credscore.score_records([{"text": "fine text"}, {"text": "EXPLODE"}, {"text": "more"}]))
    assert [r["error"] for r in rows] == [None, "internal_error: RuntimeError: boom", None]


class _KillsTheWorker:
    """Unpickling this in a worker ends the worker process at once, like an
    out-of-memory kill or a crash in C code."""

    def __reduce__(self):
        return (os._exit, (3,))


class _Unpicklable:
    def __reduce__(self):
        raise TypeError("cannot pickle this record")


def test_worker_crash_costs_one_row_not_the_batch():
    records = [batch.Record(f"r{i}", "mem", SEED_TEXTS[i % 5][:2000]) for i in range(40)]
    records[7] = batch.Record("crash", "mem", _KillsTheWorker())
    records[29] = batch.Record("unsendable", "mem", _Unpicklable())
    rows = list(batch.score_stream(iter(records), jobs=2))
    assert [r["id"] for r in rows] == [r.id for r in records]
    errors = {r["id"]: r["error"] for r in rows if r["error"]}
    assert set(errors) == {"crash", "unsendable"}
    assert errors["crash"].startswith("worker_crashed")
    # Every other row is what a single process gives.
    alone = {r["id"]: r for r in batch.score_stream(iter(records[:7] + records[8:29] + records[30:]), jobs=1)}
    assert all(row == alone[row["id"]] for row in rows if row["id"] in alone)


def test_parallel_reading_is_bounded():
    """The pool never pulls more than its in-flight window ahead of the output."""
    pulled = 0

    def source():
        nonlocal pulled
        for i in range(400):
            pulled += 1
            yield batch.Record(i, "mem", "A short text.")

    rows = batch.score_stream(source(), jobs=2)
    next(rows)
    # 2 workers x 3 chunks x 16 records in flight, plus the chunk being built:
    # a fixed figure, not one read back from the module, so a looser window fails.
    assert 0 < pulled <= 2 * 3 * 16 + 16
    rows.close()


def test_score_frame_matches_score_records():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": SEED_TEXTS + [None], "url": ["https://apnews.com/x"] + [None] * 5,
                       "date": ["2019-04-25"] * 6}, index=[f"d{i}" for i in range(6)])
    out = credscore.score_frame(df, features=True)
    assert list(out.index) == list(df.index)
    assert list(out.columns[: len(batch.FRAME_COLUMNS)]) == list(batch.FRAME_COLUMNS)
    assert list(out.columns[len(batch.FRAME_COLUMNS):]) == list(credscore.feature_names())
    rows = list(credscore.score_records(df.to_dict("records"), features=True))
    assert out["reliability"].iloc[:5].tolist() == [r["reliability"] for r in rows[:5]]
    assert out["source_domain"].iloc[0] == "apnews.com"
    # A NaN cell is an empty text, not a missing column.
    assert out["error"].iloc[5].startswith("empty_text") and math.isnan(out["reliability"].iloc[5])
    # Nested values are Python lists, as score_records gives them, not JSON strings.
    assert out["reasons"].iloc[0] == rows[0]["reasons"] and isinstance(out["flags"].iloc[0], list)
    assert out["warnings"].iloc[5] == []
    assert str(out["reliability"].dtype) == "float64"
    assert list(out["band"].cat.categories) == list(batch.BANDS)


def test_score_frame_missing_column_is_a_key_error_and_old_names_still_work():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"body": SEED_TEXTS[:1]})
    with pytest.raises(KeyError, match="text"):
        credscore.score_frame(df)
    with pytest.warns(DeprecationWarning, match="text_field"):
        old = credscore.score_frame(df, text_col="body")
    assert old["reliability"].tolist() == credscore.score_frame(df, text_field="body")["reliability"].tolist()


def test_importing_credscore_loads_no_heavy_optional_module():
    import subprocess
    import sys

    code = ("import sys, credscore; heavy = [m for m in ('pandas', 'dask', 'sklearn', 'tqdm', 'multiprocessing')"
            " if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_dumps_is_deterministic_and_strict():
    assert batch.dumps({"b": 0.1, "a": [float("nan"), 1e-300]}) == '{"b":0.1,"a":[null,1e-300]}'
    assert batch.dumps({"t": "é"}) == '{"t":"é"}'


def test_score_records_accepts_bytes_text_like_score():
    # score() decodes bytes (UTF-8, else cp1252 with a warning); score_records
    # must not refuse what score accepts.
    rows = list(credscore.score_records([{"id": 1, "text": b"Officials said it."},
                                         {"id": 2, "text": b"caf\xe9 owners said it"}]))
    assert [r["error"] for r in rows] == [None, None]
    assert any(w.startswith("not_utf8") for w in rows[1]["warnings"])


def _read_peak(path) -> tuple[float, list]:
    import tracemalloc

    tracemalloc.start()
    try:
        ids = [(r.id, r.error) for r in batch.read_inputs([str(path)])]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, ids


def test_reading_a_huge_jsonl_record_holds_it_about_twice_not_five_times(tmp_path):
    # The line and the text parsed out of it: 2 copies is the floor for a
    # parser that reads whole lines; it was 4.8 before (pieces, bytes, text).
    size = 8_000_000
    path = tmp_path / "big.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{"id": "big", "text": "' + "a" * size + '"}\n', encoding="utf-8")
    peak, ids = _read_peak(path)
    assert ids == [("a", None), ("big", None)]
    # Plus the fixed read buffers: a chunk of bytes and its decoded text.
    assert peak <= 2 * size + 3 * streams._READ_CHUNK, peak / size


def test_records_past_the_limit_are_one_error_row_each_and_never_held(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_RECORD_CHARS", 1_000)
    monkeypatch.setattr(streams, "_READ_CHUNK", 256)  # the long line arrives in pieces, as a real one does
    path = tmp_path / "in.jsonl"
    big = '{"id": "big", "text": "' + "a" * 50_000 + '"}'
    path.write_text('{"id": "a", "text": "x"}\n' + big + '\n{"id": "c", "text": "y"}\n', encoding="utf-8")
    peak, ids = _read_peak(path)
    assert [i for i, _ in ids] == ["a", f"{path}:2", "c"]
    assert ids[1][1].startswith("record_too_large: the line holds 50,0")
    assert peak < 50_000  # the 50 KB line was read through, never kept
    txt = tmp_path / "big.txt"
    txt.write_text("a" * 5_000, encoding="utf-8")
    [(_, error)] = _read_peak(txt)[1]
    assert error.startswith("record_too_large")


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_ends_split_across_read_chunks(tmp_path, monkeypatch, ending):
    # A "\r\n" cut between two reads must stay one line end, not add a line.
    monkeypatch.setattr(streams, "_READ_CHUNK", 7)
    path = tmp_path / "in.jsonl"
    path.write_bytes("".join(json.dumps({"id": i, "text": "t"}) + ending for i in range(20)).encode())
    assert [r.id for r in batch.read_inputs([str(path)])] == list(range(20))


@pytest.mark.parametrize("head, codec", [
    (b"\xff\xfe\x00\x00{\x00\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff\x00\x00\x00{", "utf-32-be"),
    (b"\xff\xfe{\x00", "utf-16-le"), (b"\xfe\xff\x00{", "utf-16-be"), (b"\xef\xbb\xbf{", "utf-8"),
    (b"{\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00{", "utf-32-be"), (b"{\x00\"\x00", "utf-16-le"),
    (b"\x00{\x00\"", "utf-16-be"), (b'{"id', "utf-8"), (b"", "utf-8"), (b"a\x00", "utf-8"),
])
def test_encoding_by_bom_then_by_rfc_4627_null_pattern(head, codec):
    assert batch.detect_encoding(head)[0] == codec


def test_the_progress_meter_counts_every_byte_of_the_inputs(tmp_path):
    # The bar's total is the inputs' size; reading must reach exactly it, so
    # the ETA is honest and the bar ends full (gzip counts compressed bytes).
    import gzip

    plain, packed = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    lines = "".join(json.dumps({"id": i, "text": "x" * i}) + "\n" for i in range(3000))
    plain.write_text(lines, encoding="utf-8")
    packed.write_bytes(gzip.compress(lines.encode()))
    seen = []
    records = list(batch.read_inputs([str(plain), str(packed)], on_read=seen.append))
    assert len(records) == 6000
    assert sum(seen) == plain.stat().st_size + packed.stat().st_size
    assert len(seen) > 2  # counted as it goes, not once at the end
