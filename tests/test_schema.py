"""The output row is declared once (credscore.schema.COLUMNS): the JSONL keys,
the CSV header and the DataFrame columns must all be that table, in order, and
must be what the writers and score_frame really produce."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

import credscore
from credscore import schema
from credscore.frames import FRAME_COLUMNS, frame_columns
from credscore.records import Record
from credscore.rows import error_row, score_row
from credscore.writers import CsvWriter, JsonlWriter

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "seeds").glob("*.txt"))]
OPTIONS = [{"features": f, "evidence": e} for f in (False, True) for e in (False, True)]


def _rows(**options) -> list[dict]:
    scored = score_row(Record("s", "mem", SEED_TEXTS[0], url="https://www.bbc.co.uk/news/x"), **options)
    failed = error_row("e", "mem", "bad_json: nothing", **options)
    return [scored, failed]


def _written(writer_class, rows, **options) -> str:
    out = io.StringIO()
    writer = writer_class(out, **options)
    for row in rows:
        writer.write(row)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("options", OPTIONS)
def test_jsonl_keys_csv_header_and_frame_columns_are_one_list(options):
    rows = _rows(**options)
    header = next(csv.reader(io.StringIO(_written(CsvWriter, rows, **options))))
    assert header == schema.csv_header(**options)
    names = [c.name for c in schema.row_columns(**options)]
    assert header == names
    # JSONL nests features under one key; flattened, its keys are the header.
    for line in _written(JsonlWriter, rows, **options).splitlines():
        data = json.loads(line)
        flat = [k for k in data if k != "features"]
        if options["features"]:
            flat[len(schema.ROW_KEYS):len(schema.ROW_KEYS)] = list(credscore.feature_names())
        assert flat == names
    # The frame is the row without the index columns (id, source).
    assert list(frame_columns(**options)) == [n for n in names if n not in ("id", "source")]


def test_the_declared_keys_are_what_score_and_the_io_layer_provide():
    # Every row key is either one the io layer sets itself or one of
    # Score.to_dict's: a key renamed in scoring.py must fail here, not give a
    # column of None.
    own = {"id", "source", "error", "extractor"}
    given = set(credscore.score(SEED_TEXTS[0]).to_dict())
    assert set(schema.ROW_KEYS) - own <= given
    assert schema.ROW_KEYS[:2] == ("id", "source")


def test_frame_dtypes_follow_the_values_a_row_holds():
    [row, _] = _rows()
    for name, dtype in FRAME_COLUMNS.items():
        value = row[name]
        if dtype == "float64":
            assert value is None or isinstance(value, float), name
        elif dtype == "category":
            assert value in schema.BANDS
        elif isinstance(value, list):
            assert schema.COLUMNS[schema.ROW_KEYS.index(name)].nested, f"{name} holds lists but is not nested"


def test_csv_cells_round_floats_but_keep_ids_whole():
    id_column, score_column = schema.COLUMNS[0], schema.COLUMNS[schema.ROW_KEYS.index("score")]
    assert id_column.cell(0.1234567891) == "0.1234567891"  # ids compare exactly on --resume
    assert score_column.cell(0.1234567891) == repr(round(0.1234567891, schema.CSV_DECIMALS))
    assert score_column.cell(math.nan) == "" and score_column.cell(None) == ""
    assert score_column.cell(["a", {"b": 1}]) == '["a",{"b":1}]'
    assert schema.COLUMNS[schema.ROW_KEYS.index("error")].cell("two\nlines") == "two\\nlines"


def test_a_flat_frame_fits_the_flat_schema_spark_and_arrow_declare():
    # docs/scale.md's Ray recipe declares frame_columns(flat=True) as an Arrow
    # schema; every object column must then hold strings or None. reason_codes
    # was left a list, and pa.Table.from_pandas refused every batch.
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    from credscore.frames import flat_frame

    frame = pd.DataFrame({"text": [SEED_TEXTS[0], "Too short.", None]})
    flat = flat_frame(credscore.score_frame(frame, evidence=True))
    columns = frame_columns(evidence=True, flat=True)
    assert list(flat.columns) == list(columns)
    for name, dtype in columns.items():
        for value in flat[name].tolist():
            # Missing is None or NaN (pandas 3 stores a column of strings as str, missing as NaN).
            assert pd.isna(value) or isinstance(value, float if dtype == "float64" else str), (name, value)
    arrow = {"float64": pa.float64(), "object": pa.string()}
    table = pa.Table.from_pandas(flat, schema=pa.schema([(n, arrow[d]) for n, d in columns.items()]),
                                 preserve_index=False)
    assert table.num_rows == 3
    short = credscore.score("Too short.").to_dict()["reason_codes"]
    assert json.loads(table.column("reason_codes")[1].as_py()) == short
