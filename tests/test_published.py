"""Publication dates in the forms people have (credscore.published).

The parse cases are data (tests/cases/published.json), each with the date a
reader would write down and why. Then the same dates through the API, the
`explain` command and a batch file, where they must reach the date signals.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import credscore
from credscore.published import parse_published

ROOT = Path(__file__).resolve().parents[1]
CASES = json.loads((ROOT / "tests" / "cases" / "published.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in CASES])
def test_parse_published(case):
    got, warning = parse_published(case["input"], dayfirst=case.get("dayfirst", True))
    if case["expect"] == "bad":
        assert got is None and warning and warning.startswith("bad_published: "), case["comment"]
    elif case["expect"] is None:
        assert (got, warning) == (None, None), case["comment"]
    else:
        assert (got, warning) == (date.fromisoformat(case["expect"]), None), case["comment"]


def test_case_labels_are_unique():
    labels = [c["label"] for c in CASES]
    assert len(labels) == len(set(labels))


def test_objects_and_missing_markers():
    assert parse_published(date(2016, 9, 19)) == (date(2016, 9, 19), None)
    # A datetime's own calendar day, not converted to UTC.
    eastern = datetime(2016, 9, 19, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert parse_published(eastern) == (date(2016, 9, 19), None)
    assert parse_published(float("nan")) == (None, None)
    assert parse_published(b"2016-09-19") == (date(2016, 9, 19), None)
    assert parse_published(object())[1].startswith("bad_published: unsupported type")


def test_pandas_missing_markers_are_no_date():
    pd = pytest.importorskip("pandas")
    assert parse_published(pd.NaT) == (None, None)
    assert parse_published(pd.NA) == (None, None)
    assert parse_published(pd.Timestamp("2016-09-19 14:30")) == (date(2016, 9, 19), None)


LATER = "The council met on Monday. It said a report is due. A ruling came in March 2019. " * 6


@pytest.mark.parametrize("published", ["2016-09-19", "Mon, 19 Sep 2016 14:30:00 +0000", "September 19, 2016",
                                       "19/09/2016", 1474295400, "1474295400"])
def test_every_form_reaches_the_date_signals(published):
    # March 2019 is long after September 2016, whichever form the date came in.
    features = credscore.extract(LATER, published=published)
    assert not any(w.startswith("bad_published") for w in features.warnings)
    assert features["dates_has_publication_date"] == 1.0
    assert features["dates_later_than_published_count"] >= 1
    assert credscore.score(LATER, published=published).features["dates_inconsistent"] == 1.0


def test_unreadable_date_warns_once_and_scores():
    features = credscore.extract(LATER, published="19 September")
    assert [w for w in features.warnings if w.startswith("bad_published")] == [
        "bad_published: could not read '19 September' as a date"]
    assert features["dates_has_publication_date"] == 0.0


def _credscore(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "credscore", *args], check=False, input=stdin, capture_output=True,
                          timeout=300)


def test_explain_published_accepts_rss_dates(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(LATER, encoding="utf-8")
    done = _credscore("explain", str(page), "--published", "Mon, 19 Sep 2016 14:30:00 +0000")
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert "bad_published" not in out
    assert "date_inconsistent" in out  # the flag needs the date to have been read


def test_batch_reads_common_date_forms(tmp_path):
    rows = [{"id": i, "text": LATER, "date": d} for i, d in
            enumerate(["Mon, 19 Sep 2016 14:30:00 +0000", "September 19, 2016", 1474295400, "19/09/2016"])]
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    done = _credscore("score", str(data), "--format", "jsonl", "--features", "-q")
    assert done.returncode == 0, done.stderr.decode()
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == 4
    for row in out:
        assert not any(w.startswith("bad_published") for w in row["warnings"]), row["warnings"]
        assert row["features"]["dates_has_publication_date"] == 1.0
