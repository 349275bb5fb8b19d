"""inputs.one_record: the one record `credscore explain` and `signals` work on.
Every way of not finding it is one line and exit 2, never a traceback."""

from __future__ import annotations

import json

import pytest

from credscore.cli import main
from credscore.inputs import one_record
from credscore.records import FieldError, Fields


@pytest.mark.parametrize("command", ["explain", "signals"])
def test_an_unsupported_file_is_one_line_and_exit_2(tmp_path, capsys, command):
    # Before, read_inputs' FieldError escaped explain/signals as a traceback.
    path = tmp_path / "table.tsv"
    path.write_text("a\tb\n", encoding="utf-8")
    assert main([command, str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"credscore: {path}: credscore does not read this kind of file")


def test_one_record_says_why_there_is_none(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": "t"}) + "\n" for i in range(7)), encoding="utf-8")
    with pytest.raises(FieldError, match=r"several records; choose one with --id \(the first ids: '0', .*, \.\.\.\)"):
        one_record(str(path), Fields())
    with pytest.raises(FieldError, match="no record with id '9'"):
        one_record(str(path), Fields(), record_id="9")
    with pytest.raises(FieldError, match="no such file"):
        one_record(str(tmp_path / "missing.txt"), Fields())
    assert one_record(str(path), Fields(), record_id="3").id == 3
