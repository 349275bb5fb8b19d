"""Text is decoded once, by the reader: a record's text is always str, and
scoring it gives exactly what credscore.score gives for the original bytes
(the same text, the same warnings, in the same order)."""

from __future__ import annotations

import json

import pytest

import credscore
from credscore.inputs import read_inputs
from credscore.records import Fields, decode_text, record_from_mapping
from credscore.rows import extract_record, score_record, score_row

CP1252 = "Officials said the caf\xe9 would reopen on Monday, the mayor\u2019s office said. ".encode("cp1252") * 8


@pytest.mark.parametrize("data", [
    CP1252,                                              # not UTF-8: cp1252 with not_utf8
    "Officials said the café would reopen.".encode(),     # UTF-8
    "\ufeffOfficials said it.".encode(),                  # a UTF-8 BOM is dropped
    "Officials said it.".encode("utf-16"),                # UTF-16 by its BOM
    b"\x00\x00",                                          # nulls
])
def test_decode_text_of_bytes_is_what_score_decodes(data):
    text, warning = decode_text(data)
    assert isinstance(text, str)
    features = credscore.extract(data)
    assert text == features.text
    if warning:  # score() says what decoding found first
        assert features.warnings[0] == warning
    else:
        assert not any(w.startswith(("not_utf8", "bad_utf")) for w in features.warnings)


def test_every_reader_gives_str_and_the_score_of_the_original_bytes(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_bytes(CP1252)
    jsonl = tmp_path / "b.jsonl"
    # A JSONL line whose text field holds the same non-UTF-8 bytes, and a duplicate key.
    jsonl.write_bytes(b'{"id": "x", "id": "b", "text": "' + CP1252 + b'"}\n')
    csv_file = tmp_path / "c.csv"
    csv_file.write_bytes(b'id,text\nc,"' + CP1252 + b'"\n')
    expected = credscore.score(CP1252).to_dict()
    for record in read_inputs([str(txt), str(jsonl), str(csv_file)]):
        assert isinstance(record.text, str) and record.decoding.startswith("not_utf8")
        row = score_row(record)
        assert row["warnings"] == [*record.notes, *expected["warnings"]]
        assert row["reliability"] == expected["reliability"] and row["score"] == expected["score"]
        assert score_record(record).to_dict() == expected
        assert list(extract_record(record).warnings) == list(credscore.extract(CP1252).warnings)


def test_a_bytes_field_and_a_json_escape_surrogate():
    fields = Fields()
    record = record_from_mapping({"text": CP1252}, fields, 0, "")
    assert record.text == CP1252.decode("cp1252") and record.decoding.startswith("not_utf8")
    # A lone surrogate from a JSON escape is not a stray byte: it stays, and
    # score() replaces it and says so, as it does for the same str.
    text = json.loads('"Officials said \\ud800 it."')
    record = record_from_mapping({"text": text}, fields, 0, "")
    assert record.text == text and record.decoding is None
    assert score_row(record)["warnings"] == credscore.score(text).to_dict()["warnings"]
