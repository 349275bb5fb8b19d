"""Property and fault tests of the batch layer: ``score_records`` and ``credscore score``.

What counts as a record (each gives exactly one output row, in input order):

- ``score_records``: each item of the iterable, whatever it is;
- ``.jsonl`` / ``.jsonl.gz``: each line (split at ``\\n``) holding a byte other
  than ASCII white space, after a UTF-8 BOM at the start of the file; a
  truncated gzip file gives its complete readable lines, then one
  ``truncated_file`` row (the torn last line is not a record);
- ``.csv``: each row after the header, as Python's ``csv`` module reads it
  (quoted fields may span lines);
- ``.txt``: the file; a path that cannot be opened: one ``unreadable_input`` row.

Every row has a ``reliability`` in [0, 1] and ``error`` None, or ``error`` set
(a one-line ``code: message``) and no score. A record that is a mapping with a
string (or, through ``score_records``, bytes) text field always scores. The output is strict JSON per line (UTF-8,
even for ids that were not UTF-8) or CSV whose rows all have the header's
width, and the exit status is 0 exactly when no row has an error.

The examples come from the Hypothesis profile (tests/conftest.py): 60 per
property by default (30 for resume, which runs the command twice), 4,000 under
``ci-long`` (2,000 for resume).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import credscore
from credscore import batch, workers
from credscore.cli import main
from tests.test_properties import any_char, dates, piece, urls

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def share_of_profile(share: float) -> settings:
    """``share`` of the loaded profile's examples (60 by default, 4,000 under ci-long)."""
    return settings(max_examples=max(5, round(settings.default.max_examples * share)))


# --------------------------------------------------------------------------- strategies

# Real strings, lone surrogates included: json.dumps escapes them, so they reach ids.
short_text = st.text(any_char, max_size=10)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), short_text)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
# Duplicates are likely from the sampled names; NaN and infinities turn into null.
ids = st.one_of(json_values, st.sampled_from(["dup", "dup", "", "0"]), st.floats())
texts = st.lists(piece, max_size=4).map("".join)
text_values = st.one_of(texts, texts, st.none(), st.integers(), st.floats(), st.binary(max_size=50), json_values)
record_fields = st.fixed_dictionaries({}, optional={"id": ids, "text": text_values, "url": urls, "date": dates,
                                                    "title": json_values})
records = st.one_of(
    record_fields,
    st.tuples(record_fields, st.dictionaries(st.text(max_size=6), json_values, max_size=3)).map(
        lambda pair: {**pair[1], **pair[0]}),  # unknown keys beside the known ones
    json_values,  # not an object at all
)

#: Marker for an id the file's reader makes up: ``FILE:LINE`` or ``FILE:ROW``.
FALLBACK = object()


@dataclass(frozen=True)
class Expect:
    """What one record's row must say; ``None`` where the test cannot know."""

    id: Any = FALLBACK
    scorable: bool | None = False
    not_utf8: bool = False


UNKNOWN = Expect(id=None, scorable=None)


def _json_record(obj: dict, ascii_only: bool) -> bytes:
    try:
        return json.dumps(obj, ensure_ascii=ascii_only).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only its escape can be written
        return json.dumps(obj).encode("utf-8")


def _given_id(obj: Any) -> Any:
    value = obj.get("id") if isinstance(obj, dict) else None
    return FALLBACK if value is None or (isinstance(value, str) and not value) else value


json_record_fields = st.fixed_dictionaries({}, optional={
    "id": st.one_of(json_values, st.sampled_from(["dup", "dup", ""])), "text": st.one_of(texts, texts, json_values),
    "url": st.one_of(st.none(), short_text), "date": json_values, "extra": json_values})


@st.composite
def jsonl_line(draw) -> tuple[bytes, Expect | str | None]:
    """A line (without its newline) and what its row must say: an Expect, None
    for a blank line, or "garbage" for random bytes judged once the line
    number is known."""
    kind = draw(st.sampled_from(["record", "record", "record", "torn", "blank", "garbage", "not_utf8_text",
                                 "not_utf8_id", "nan_id", "deep"]))
    if kind in ("record", "torn"):
        obj = draw(json_record_fields)
        line = _json_record(obj, draw(st.booleans()))
        if kind == "torn":  # any proper prefix of an object is invalid JSON, and not blank
            return line[: draw(st.integers(1, len(line) - 1))], Expect()
        return line, Expect(_given_id(obj), isinstance(obj.get("text"), str))
    if kind == "blank":
        return draw(st.sampled_from([b"", b" ", b"\t", b"\r", b" \t\r\x0b\x0c "])), None
    if kind == "garbage":
        # A CR is a line end too; NUL bytes at the start of a file would read
        # as UTF-16 or UTF-32 (the encodings have their own generator).
        garbage = draw(st.binary(min_size=1, max_size=40))
        return garbage.replace(b"\n", b" ").replace(b"\r", b" ").replace(b"\x00", b"\x01"), "garbage"
    if kind == "not_utf8_text":  # cp1252 bytes in the text: scored through the fallback, with a warning
        return b'{"text": "The caf\xe9 reopened on Monday \x93quietly\x94."}', Expect(FALLBACK, True, True)
    if kind == "not_utf8_id":  # the id comes back as the same string, its bad bytes escaped
        return b'{"id": "caf\xe9-\xff", "text": "Some text."}', Expect("caf\udce9-\udcff", True)
    if kind == "nan_id":  # Python's json reads NaN; the row writes null, and --resume must still match
        return b'{"id": NaN, "text": "Some text."}', Expect(float("nan"), True)
    depth = draw(st.sampled_from([batch.MAX_ID_DEPTH + 1, 100, 5_000]))  # 5,000: past the recursion limit
    return b'{"id": ' + b"[" * depth + b"]" * depth + b', "text": "x"}', Expect()


def _judge_garbage(line: bytes) -> Expect | None:
    if not line.strip():
        return None
    try:
        obj = json.loads(line.decode("utf-8", "surrogateescape"))
    except (ValueError, RecursionError):
        return Expect()
    return UNKNOWN if isinstance(obj, dict) else Expect()


@dataclass
class InputFile:
    suffix: str
    data: bytes
    #: (line or row number, what the row must say), in order.
    expected: list[tuple[int, Expect]]
    #: Named on the command line but never written: one unreadable_input row.
    missing: bool = False


@st.composite
def jsonl_files(draw) -> InputFile:
    lines = draw(st.lists(jsonl_line(), max_size=7))
    bom = draw(st.integers(0, 9)) == 0
    ending = draw(st.sampled_from([b"\n", b"\n", b""]))
    data = (codecs.BOM_UTF8 if bom else b"") + b"\n".join(line for line, _ in lines) + (ending if lines else b"")
    expected = []
    number = 0
    for line, expect in lines:
        # A lone CR ends a line too (in the blank lines drawn here), so it
        # moves the numbers that fallback ids carry.
        number += 1 + len(re.findall(rb"\r(?!\n)", line + b"\n"))
        if expect == "garbage":
            expect = _judge_garbage(line.removeprefix(codecs.BOM_UTF8 if number == 1 and not bom else b""))
        if expect is not None:
            expected.append((number, expect))
    packing = draw(st.sampled_from(["plain", "plain", "gzip", "truncated_gzip"]))
    if packing == "plain":
        return InputFile(".jsonl", data, expected)
    packed = gzip.compress(data, mtime=0)
    if packing == "gzip":
        return InputFile(".jsonl.gz", packed, expected)
    cut = packed[: draw(st.integers(1, len(packed) - 1))]
    readable = zlib.decompressobj(wbits=31).decompress(cut)
    # The torn last line is not a record; a CR at the very end may be half of a CRLF.
    complete_lines = len(re.findall(rb"\r\n|\r(?!$)|\n", readable))
    kept = [(number, expect) for number, expect in expected if number <= complete_lines]
    return InputFile(".jsonl.gz", cut, [*kept, (complete_lines + 1, Expect())])


CSV_COLUMNS = ("id", "text", "url", "date", "note")
#: Stands for bytes that are not UTF-8 in a cell (csv.writer cannot write bytes).
NOT_UTF8 = "\ue000"
csv_cells = st.text(st.one_of(st.sampled_from('",;\n\r \t\'\\' + NOT_UTF8), st.characters(exclude_categories=("Cs",))),
                    max_size=12)
#: Lines the csv module reads leniently, each as one record.
MALFORMED_CSV = ['x,"never closed', 'a"b,c', '"a"b,c', 'p,"q"r"s"', '","', '"']


@st.composite
def csv_files(draw) -> InputFile:
    # A header without the text column stops the run (test_cli.py tests that).
    header = draw(st.lists(st.sampled_from(CSV_COLUMNS), min_size=1, max_size=5, unique=True).filter(
        lambda names: "text" in names))
    width = len(header)
    rows = draw(st.lists(st.integers(max(1, width - 1), width + 1).flatmap(
        lambda n: st.lists(csv_cells, min_size=n, max_size=n)), max_size=6))
    out = io.StringIO(newline="")
    # Only characters of the line terminator make csv.writer quote a field: with
    # "\n" alone it would write a bare "\r", which every reader takes as a row end.
    ending = draw(st.sampled_from(["\r\n", "\n"]))
    quoting = csv.QUOTE_ALL if ending == "\n" else draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer = csv.writer(out, quoting=quoting, lineterminator=ending)
    writer.writerow(header)
    writer.writerows(rows)
    expected = []
    for number, row in enumerate(rows, 1):
        cells = dict(zip(header, row))
        given = cells.get("id")
        expected.append((number, Expect(given.replace(NOT_UTF8, "\udce9\udcff") if given else FALLBACK,
                                        "text" in cells)))
    text = out.getvalue()
    tail = draw(st.sampled_from([None, *MALFORMED_CSV]))
    if tail is not None:
        text += tail + draw(st.sampled_from(["\n", ""]))
        expected.append((len(rows) + 1, UNKNOWN))
    return InputFile(".csv", text.encode("utf-8").replace(NOT_UTF8.encode("utf-8"), b"\xe9\xff"), expected)


#: Encodings a crawler's files come in: with a BOM (utf-16, utf-32, utf-8-sig)
#: or without one (found by the null-byte pattern of ASCII first characters).
ENCODINGS = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig")


@st.composite
def encoded_files(draw) -> InputFile:
    """A JSONL or CSV file of well-formed records in UTF-16 or UTF-32: one row per record, as in UTF-8."""
    encoding = draw(st.sampled_from(ENCODINGS))
    texts_ = draw(st.lists(st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30),
                           min_size=1, max_size=4))
    if draw(st.booleans()):
        data = "".join(json.dumps({"id": f"e{i}", "text": t}) + "\n" for i, t in enumerate(texts_))
        suffix = ".jsonl"
    else:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["id", "text"])
        writer.writerows([f"e{i}", t] for i, t in enumerate(texts_))
        data, suffix = out.getvalue(), ".csv"
    return InputFile(suffix, data.encode(encoding), [(i, Expect(f"e{i - 1}", True)) for i in range(1, len(texts_) + 1)])


@st.composite
def unclosed_csv_files(draw) -> InputFile:
    """A CSV with a quote opened and never closed on one line among plain
    rows: that line is one error row and every later row is still a record."""
    cells = st.text(st.sampled_from("abc xyz.123"), min_size=1, max_size=12)
    rows = draw(st.lists(st.tuples(cells, cells), min_size=1, max_size=6))
    at = draw(st.integers(0, len(rows)))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [f"{a},{b}" for a, b in rows]
    lines.insert(at, 'bad,"He said hi')
    data = ending.join(["id,text", *lines]) + ending
    expected = [(number, UNKNOWN if number == at + 1 else Expect(lines[number - 1].split(",")[0], True))
                for number in range(1, len(lines) + 1)]
    expected[at] = (at + 1, Expect())
    return InputFile(".csv", data.encode(), expected)


@st.composite
def crlf_files(draw) -> InputFile:
    """JSONL with CR, CRLF or mixed line ends: each ends a line."""
    n = draw(st.integers(1, 5))
    ends = draw(st.lists(st.sampled_from(["\r", "\r\n", "\n"]), min_size=n, max_size=n))
    data = "".join(json.dumps({"id": f"c{i}", "text": f"Line {i}."}) + end for i, end in enumerate(ends))
    return InputFile(".jsonl", data.encode(), [(i, Expect(f"c{i - 1}", True)) for i in range(1, n + 1)])


txt_files = st.one_of(
    st.binary(max_size=300),
    texts.map(lambda t: t.encode("utf-8", "replace")),
    texts.map(lambda t: t.encode("cp1252", "replace")),
    texts.map(lambda t: t.encode("utf-16", "surrogatepass")),
).map(lambda data: InputFile(".txt", data, [(1, Expect(FALLBACK, True))]))
missing_files = st.just(InputFile(".jsonl", b"", [(1, Expect())], missing=True))
#: A first record with a text field: a run whose first records all lack it
#: stops with exit status 2 (test_cli.py), which is not what these tests probe.
ANCHOR = InputFile(".jsonl", b'{"id": "anchor", "text": "A first record."}\n', [(1, Expect("anchor", True))])
input_files = st.lists(st.one_of(jsonl_files(), jsonl_files(), csv_files(), txt_files, missing_files, encoded_files(),
                                 crlf_files(), unclosed_csv_files()),
                       min_size=1, max_size=3).map(lambda files: [ANCHOR, *files])
output_modes = st.sampled_from(["out.jsonl", "out.csv", "stdout-jsonl", "stdout-csv"])


# --------------------------------------------------------------------------- checks

_ERROR = re.compile(r"[a-z][a-z_]*: \S")


def _reject_constant(name: str) -> None:
    raise AssertionError(f"{name} in the output is not JSON")


def as_written(value: Any) -> Any:
    """A value as a JSON row carries it (NaN as null, tuples as lists)."""
    return json.loads(batch.dumps(value))


def check_row(row: dict[str, Any], *, scorable: bool | None, features: bool) -> None:
    """A scored row or an error row, never half of each."""
    if scorable:
        assert row["error"] is None, row["error"]
    if row["error"] is None:
        assert scorable is not False, row
        # Unscorable rows (too short, not English, not an article) carry no
        # reliability or score, and say why; the rest carry both, the
        # headline score never above the model's probability.
        if row["band"] == "unscorable":
            assert row["reliability"] is None and row["score"] is None and row["reason_codes"], row
        else:
            assert isinstance(row["reliability"], float) and 0.0 <= row["reliability"] <= 1.0, row["reliability"]
            assert isinstance(row["score"], float) and 0.0 <= row["score"] <= row["reliability"], row["score"]
        assert isinstance(row["quality"], float) and 0.0 <= row["quality"] <= 1.0, row["quality"]
        assert row["band"] in ("low", "medium", "high", "unscorable") and row["confidence"] in ("normal", "low")
        assert row["model_id"] and isinstance(row["reasons"], list)
        if features:
            assert list(row["features"]) == list(credscore.feature_names())
    else:
        assert isinstance(row["error"], str) and _ERROR.match(row["error"]) and "\n" not in row["error"], row
        assert row["reliability"] is None and row["band"] is None and row["model_id"] is None
    assert row["credscore_version"] == credscore.__version__


@dataclass
class Run:
    status: int
    rows: list[dict[str, Any]]
    #: CSV output's raw cells, for checks of the column count.
    table: list[list[str]] | None
    raw: bytes


def run_cli(paths: list[str], mode: str, workdir: Path, *extra: str) -> Run:
    fmt = "csv" if mode.endswith("csv") else "jsonl"
    if mode.startswith("stdout"):
        # A real UTF-8 stream, so a row that cannot be encoded fails as it would in a shell.
        buffer = io.BytesIO()
        stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="strict", newline="", write_through=True)
        with redirect_stdout(stream):
            status = main(["score", *paths, "--format", fmt, "-q", *extra])
        stream.flush()
        raw = buffer.getvalue()
    else:
        out = workdir / mode
        status = main(["score", *paths, "-o", str(out), "-q", *extra])
        raw = out.read_bytes()
    # Only OUT is left beside the inputs: no OUT.partial, no other file.
    assert sorted(os.listdir(workdir)) == sorted(["in", *([] if mode.startswith("stdout") else [mode])])
    text = raw.decode("utf-8")  # strict: every byte written is UTF-8
    if fmt == "jsonl":
        assert text == "" or text.endswith("\n")
        rows = [json.loads(line, parse_constant=_reject_constant) for line in text.split("\n")[:-1]]
        return Run(status, rows, None, raw)
    table = list(csv.reader(io.StringIO(text, newline="")))
    header = table[0]
    assert header == batch.csv_header(features="--features" in extra, evidence=False)
    assert all(len(cells) == len(header) for cells in table), "every CSV row has the header's width"
    rows = []
    for cells in table[1:]:
        row = dict(zip(header, cells))
        for key in ("reliability", "score", "quality"):
            row[key] = float(row[key]) if row[key] else None
        row["reason_codes"] = json.loads(row["reason_codes"]) if row["reason_codes"] else []
        for key in ("band", "model_id", "error"):
            row[key] = row[key] or None
        row["reasons"] = json.loads(row["reasons"])
        rows.append(row)
    return Run(status, rows, table, raw)


def write_inputs(files: list[InputFile], folder: Path) -> tuple[list[str], list[tuple[str, Any, Expect]]]:
    """The files on disk and, per expected row, (source, id, Expect)."""
    folder.mkdir()
    paths, expected = [], []
    for index, item in enumerate(files):
        path = folder / f"f{index}{item.suffix}"
        if not item.missing:
            path.write_bytes(item.data)
        name = str(path)
        paths.append(name)
        for number, expect in item.expected:
            fallback = name if item.suffix == ".txt" or item.missing else f"{name}:{number}"
            expected.append((name, fallback if expect.id is FALLBACK else expect.id, expect))
    return paths, expected


# --------------------------------------------------------------------------- score_records


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        value = list(value.values())
    return 1 + max(map(_depth, value), default=0) if isinstance(value, (list, tuple)) else 0


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


@share_of_profile(1.0)
@given(st.lists(records, max_size=6), st.booleans())
@example([{"id": "x", "text": "A" * 3_000_000}, {"id": "x", "text": b"bytes"}, {"text": "\ud800"}], False)
@example([{"id": _nested(batch.MAX_ID_DEPTH + 1), "text": "x"}, {"id": _nested(batch.MAX_ID_DEPTH), "text": "x"}],
         True)
def test_score_records_gives_one_sane_row_per_record_in_order(items, with_features):
    rows = list(credscore.score_records(items, features=with_features, evidence=with_features))
    assert len(rows) == len(items)
    extra = ("features", "spans") if with_features else ()
    for position, (item, row) in enumerate(zip(items, rows)):
        assert tuple(row) == (*batch.ROW_KEYS, *extra)
        given_id = _given_id(item)
        too_deep = given_id is not FALLBACK and _depth(given_id) > batch.MAX_ID_DEPTH
        if given_id is FALLBACK or too_deep:
            assert row["id"] == position
        else:
            assert row["id"] is given_id  # the caller's own object, not a copy or a string of it
        if too_deep:
            assert row["error"].startswith("bad_id")
        check_row(row, scorable=isinstance(item, dict) and isinstance(item.get("text"), (str, bytes)) and not too_deep,
                  features=with_features)
        # Whatever the caller's ids hold, the row is strict JSON that UTF-8 can carry.
        batch.dumps(row).encode("utf-8")
        json.loads(batch.dumps(row), parse_constant=_reject_constant)


# --------------------------------------------------------------------------- the command line


def _check_run(run: Run, expected: list[tuple[str, Any, Expect]], *, json_ids: bool, features: bool) -> None:
    assert len(run.rows) == len(expected), (len(run.rows), len(expected))
    for row, (source, given_id, expect) in zip(run.rows, expected):
        assert row["source"] == source  # rows follow the inputs' order
        if json_ids and given_id is not None:
            assert row["id"] == as_written(given_id), (row["id"], given_id)
        check_row(row, scorable=expect.scorable, features=features and json_ids)
        if expect.not_utf8 and json_ids:
            assert any(w.startswith("not_utf8") for w in row["warnings"]), row["warnings"]
    assert run.status == (1 if any(row["error"] for row in run.rows) else 0)


@share_of_profile(1.0)
@given(input_files, output_modes, st.booleans())
def test_command_line_gives_one_sane_row_per_record_in_order(files, mode, with_features):
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths, expected = write_inputs(files, work / "in")
        run = run_cli(paths, mode, work, *(["--features"] if with_features else []))
        _check_run(run, expected, json_ids=mode.endswith("jsonl"), features=with_features)


#: Ids that once broke --resume: NaN (written as null), bytes that are not UTF-8, duplicates.
AWKWARD_IDS = InputFile(".jsonl", b'{"id": NaN, "text": "x"}\n{"id": "caf\xe9", "text": "y"}\n'
                        b'{"id": "dup", "text": "z"}\n{"id": "dup"}\n{"id": 1e400, "text": "w"}\n', [])


@share_of_profile(0.5)
@given(input_files, st.sampled_from(["out.jsonl", "out.csv"]), st.floats(0, 1))
@example([AWKWARD_IDS], "out.jsonl", 0.9)
@example([AWKWARD_IDS], "out.csv", 0.9)
def test_resume_from_any_cut_gives_the_bytes_of_an_uninterrupted_run(files, mode, where):
    """A run killed at any byte leaves OUT.partial; --resume completes it exactly,
    whatever the ids are (duplicates, NaN, not UTF-8, numbers, objects)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths, _ = write_inputs(files, work / "in")
        full = run_cli(paths, mode, work)
        out = work / mode
        partial = Path(f"{out}.partial")
        out.rename(partial)
        partial.write_bytes(full.raw[: round(len(full.raw) * where)])
        assert main(["score", *paths, "-o", str(out), "-q", "--resume"]) == full.status
        assert out.read_bytes() == full.raw and not partial.exists()


# --------------------------------------------------------------------------- faults


def _bad_jsonl(path: Path) -> list[Any]:
    """Good, corrupt and fieldless lines; returns the ids the rows must carry."""
    path.write_bytes(b'{"id": "a", "text": "A first document."}\n{"id": "b", "te\n{"id": "c"}\n'
                     b'{"id": "d", "text": "The last one."}\n')
    return ["a", f"{path}:2", "c", "d"]


def test_a_50_mb_record_travels_alone_through_the_workers(tmp_path):
    """The CLI reads a 50 MB JSONL line, scores it in a worker (sampled, with a
    warning) between small records, and keeps the order."""
    path = tmp_path / "big.jsonl"
    huge = ("The ministry said on Tuesday that the talks would resume. " * 900_000)[:50_000_000]
    with open(path, "w", encoding="utf-8") as handle:
        for record_id, text in (("before", SEED_TEXTS[0]), ("huge", huge), ("after", SEED_TEXTS[1])):
            handle.write(json.dumps({"id": record_id, "text": text}) + "\n")
    del huge
    out = tmp_path / "out.jsonl"
    assert main(["score", str(path), "-o", str(out), "--jobs", "2", "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["before", "huge", "after"]
    assert all(r["error"] is None for r in rows)
    assert any(w.startswith("truncated") for w in rows[1]["warnings"])


class _DiesOnArrival:
    """Unpickling this in a worker ends the worker process at once."""

    def __reduce__(self):
        return (os._exit, (3,))


def test_a_worker_dying_while_rows_are_written_costs_one_row(monkeypatch):
    """The pool breaks while this process is busy (here: reading the input)
    rather than waiting on a result, so the next submit is refused. Before the
    fix that refusal escaped and ended the batch."""
    pools = []
    new_pool = workers._new_pool
    monkeypatch.setattr(workers, "_new_pool", lambda *args: pools.append(new_pool(*args)) or pools[-1])

    def source():
        for i in range(3 * batch.CHUNK_RECORDS):
            if i == 2:
                yield batch.Record("dies", "mem", _DiesOnArrival())
                continue
            if i == batch.CHUNK_RECORDS + 1:  # the first chunk is out; wait until its worker has died
                while not pools[0]._broken:  # the executor's own flag; no time limit
                    time.sleep(0.01)
            yield batch.Record(f"r{i}", "mem", SEED_TEXTS[i % 5][:500])

    rows = list(batch.score_stream(source(), jobs=2))
    assert [r["id"] for r in rows] == [("dies" if i == 2 else f"r{i}") for i in range(3 * batch.CHUNK_RECORDS)]
    assert [r["id"] for r in rows if r["error"]] == ["dies"]
    assert rows[2]["error"].startswith("worker_crashed")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # the field after the name is the parent
                found.append(int(entry.name))
    return found


def _corpus(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"doc-{i}", "text": SEED_TEXTS[i % 5][: 600 + 37 * i]}) + "\n")
    return path


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes through /proc")
def test_a_worker_killed_from_outside_costs_nothing(tmp_path):
    """SIGKILL one worker of a running ``--jobs 2`` run (as the OOM killer
    would): its records are scored again, so the output is the bytes of an
    undisturbed run and the exit status 0."""
    corpus = _corpus(tmp_path / "in.jsonl", 300)
    reference = tmp_path / "reference.jsonl"
    assert main(["score", str(corpus), "-o", str(reference), "-q"]) == 0
    out = tmp_path / "out.jsonl"
    partial = Path(f"{out}.partial")
    process = subprocess.Popen([sys.executable, "-m", "credscore", "score", str(corpus), "-o", str(out),
                                "--jobs", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killed = None
    try:
        while process.poll() is None and killed is None:
            # Workers are the forkserver's children: the run's grandchildren.
            grandchildren = [p for c in _children(process.pid) for p in _children(c)]
            if grandchildren and partial.exists() and partial.stat().st_size > 20_000:
                killed = grandchildren[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.02)
        _, stderr = process.communicate()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert killed is not None, "the run finished before a worker could be killed"
    assert process.returncode == 0, stderr.decode(errors="replace")[-2000:]
    assert out.read_bytes() == reference.read_bytes()


def test_corrupt_line_missing_field_and_truncated_gzip_in_one_run(tmp_path):
    """One run over every kind of damaged input file: one row per readable
    record, errors in place, exit status 1, and OUT complete (no .partial)."""
    ids = _bad_jsonl(tmp_path / "a.jsonl")
    whole = gzip.compress(b"".join(json.dumps({"id": f"z{i}", "text": f"Document {i}."}).encode() + b"\n"
                                   for i in range(2000)))
    (tmp_path / "b.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "out.jsonl"
    assert main(["score", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl.gz"), "-o", str(out), "-q"]) == 1
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows[:4]] == ids
    assert [bool(r["error"]) for r in rows[:4]] == [False, True, True, False]
    gz_rows = rows[4:]
    assert [r["id"] for r in gz_rows[:-1]] == [f"z{i}" for i in range(len(gz_rows) - 1)]
    assert gz_rows[-1]["error"].startswith("truncated_file") and 0 < len(gz_rows) - 1 < 2000
    assert not Path(f"{out}.partial").exists()


# --------------------------------------------------------------------------- processes


def _clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PYTHONHASHSEED"))}
    env.update(overrides)
    return env


def _weird_corpus(path: Path) -> Path:
    """Records that reach set- and dict-driven code: seeds, languages, mojibake, bad lines."""
    _corpus(path, 30)
    with open(path, "ab") as out:
        out.write(json.dumps({"id": "ru", "text": "Путин встретился с Кимом во Владивостоке."},
                             ensure_ascii=False).encode("utf-8") + b"\n")
        out.write(b'{"id": "cp1252", "text": "caf\xe9 \x93quoted\x94"}\n{broken\n{"id": NaN, "text": "x"}\n')
    return path


def test_command_line_output_is_identical_across_hash_seeds_and_jobs(tmp_path):
    corpus = _weird_corpus(tmp_path / "in.jsonl")
    outputs = []
    for seed, jobs, name in (("0", "1", "a.csv"), ("4242", "2", "b.csv"), ("0", "1", "a.jsonl"),
                             ("777", "2", "b.jsonl")):
        done = subprocess.run([sys.executable, "-m", "credscore", "score", str(corpus), str(ROOT / "seeds"),
                               "--features", "--evidence", "--jobs", jobs, "-o", str(tmp_path / name), "-q"],
                              env=_clean_env(PYTHONHASHSEED=seed), capture_output=True, timeout=900)
        assert done.returncode == 1, done.stderr.decode(errors="replace")[-2000:]  # the broken line
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[2] == outputs[3]


def test_command_line_writes_only_its_output(tmp_path):
    """cwd, HOME and TMPDIR are empty directories, the inputs in a fourth.
    After ``--jobs 2`` (forkserver, workers) only OUT exists anywhere."""
    cwd, home, scratch, inputs, outdir = (tmp_path / n for n in ("cwd", "home", "tmp", "in", "out"))
    for folder in (cwd, home, scratch, inputs, outdir):
        folder.mkdir()
    _weird_corpus(inputs / "in.jsonl")
    (inputs / "latin.txt").write_bytes("Le caf\u00e9 a rouvert.".encode("cp1252"))
    env = _clean_env(HOME=str(home), USERPROFILE=str(home), TMPDIR=str(scratch), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-m", "credscore", "score", str(inputs), "-o", str(outdir / "OUT.csv"),
                           "--jobs", "2"], cwd=cwd, env=env, capture_output=True, timeout=900)
    assert done.returncode == 1, done.stderr.decode(errors="replace")[-2000:]
    assert b"35 rows, 1 errors" in done.stderr
    assert [p.name for p in outdir.iterdir()] == ["OUT.csv"]
    assert sorted(p.name for p in inputs.iterdir()) == ["in.jsonl", "latin.txt"]
    for folder in (cwd, home, scratch):  # the forkserver's socket directory is removed at exit
        assert list(folder.rglob("*")) == [], folder


# --------------------------------------------------------------------------- model files

SHIPPED_MODEL = (ROOT / "src" / "credscore" / "data" / "model.json").read_bytes()
model_files = st.one_of(
    st.binary(max_size=200),
    # Every cut before the closing brace is invalid JSON (a cut of only the
    # trailing newline is the whole model).
    st.integers(0, len(SHIPPED_MODEL.rstrip()) - 1).map(lambda n: SHIPPED_MODEL[:n]),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n),
    st.sampled_from([b"", b"{}", b"null", b'{"format": 1}', "\ufeff{}".encode()]),
)


@share_of_profile(0.25)
@given(model_files, st.sampled_from(["1", "2"]))
def test_a_bad_model_file_is_refused_in_one_line_before_anything_is_written(data, jobs):
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "model.json").write_bytes(data)
        (work / "in.jsonl").write_text('{"id": 1, "text": "Some text."}\n', encoding="utf-8")
        err = io.StringIO()
        from contextlib import redirect_stderr

        with redirect_stderr(err):
            status = main(["score", str(work / "in.jsonl"), "-o", str(work / "out" / "x.jsonl"), "--jobs", jobs,
                           "--model", str(work / "model.json")])
        assert status == 2, err.getvalue()
        assert err.getvalue().startswith("credscore: cannot use the model") and err.getvalue().count("\n") == 1
        assert sorted(os.listdir(work)) == ["in.jsonl", "model.json"]  # no output, no folder, no .partial
