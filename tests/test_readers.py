"""Readers leave the host process as they found it: csv.field_size_limit is
process-wide, so the CSV reader may raise it only while its own parser runs."""

from __future__ import annotations

import csv
import io

import pytest

from credscore import readers
from credscore.inputs import read_inputs
from credscore.records import FieldError, Fields


@pytest.fixture
def host_limit():
    """A host that set its own limit, put back whatever a test does."""
    before = csv.field_size_limit()
    csv.field_size_limit(1_000)
    yield 1_000
    csv.field_size_limit(before)


def test_the_field_size_limit_is_restored_between_rows_and_after(tmp_path, host_limit):
    big = "word " * 60_000  # 300,000 characters: past csv's default limit and the host's
    path = tmp_path / "in.csv"
    path.write_text(f"id,text\na,{big}\nb,short\n", encoding="utf-8")
    records = read_inputs([str(path)])
    first = next(records)
    # Suspended between rows, the generator must not leave its own limit in force.
    assert csv.field_size_limit() == host_limit
    rest = list(records)
    assert first.text == big and [r.id for r in rest] == ["b"]
    assert csv.field_size_limit() == host_limit


def test_the_limit_is_restored_when_reading_fails(tmp_path, host_limit):
    path = tmp_path / "bad.csv"
    path.write_text('id,"text\nr1,x\n', encoding="utf-8")  # the header's quote never closes
    with pytest.raises(FieldError):
        list(read_inputs([str(path)]))
    assert csv.field_size_limit() == host_limit


def test_rows_past_the_reader_limit_are_still_refused_by_size(tmp_path, monkeypatch, host_limit):
    # The reader's own per-row check, not csv's limit, decides what is too large.
    monkeypatch.setattr(readers, "MAX_CSV_RECORD_CHARS", 5_000)
    path = tmp_path / "in.csv"
    path.write_text(f"id,text\na,{'x' * 4_000}\nb,{'x' * 6_000}\nc,ok\n", encoding="utf-8")
    records = list(read_inputs([str(path)]))
    assert records[0].error is None and len(records[0].text) == 4_000
    assert records[1].error.startswith("record_too_large")
    assert records[2].text == "ok"
    assert csv.field_size_limit() == host_limit


def test_stdin_holding_one_long_line_of_text_is_sniffed_as_text(host_limit):
    # On main this raised "_csv.Error: field larger than field limit" while
    # deciding whether stdin was CSV: a one-line document over 128 KiB crashed
    # `credscore score -`.
    text = "word " * 40_000
    [record] = read_inputs(["-"], Fields(), stdin=io.BytesIO(text.encode()))
    assert record.error is None and record.text == text
    assert csv.field_size_limit() == host_limit
