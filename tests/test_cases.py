"""Every case file under tests/cases/, run by one test, as ftfy runs its
test cases: a new case file is picked up with no test code written.

A file of signal cases (each with ``text`` and ``expect``, ``spans`` or
``no_spans``; the format is in tests/casefile.py) is checked here, case by
case, against ``credscore.extract``. A file in another format is run by the
test module named in ``OTHER_FORMATS``; a file in neither is an error, so no
case file is ever silently not run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.casefile import CASES_DIR, check_case

ROOT = Path(__file__).resolve().parents[1]
#: Case files in their own formats, and the test module that runs each.
OTHER_FORMATS = {
    "junk.json": "tests/test_quality.py",
    "scorable.json": "tests/test_quality.py",
    "published.json": "tests/test_published.py",
    "reasons.json": "tests/test_reasons.py",
    "dates_sentences.json": "tests/signals/test_dates.py",
    "encoding_accidents.json": "tests/signals/test_encoding_eval.py",
}
SIGNAL_KEYS = {"expect", "spans", "no_spans"}


def _is_signal_file(cases: list) -> bool:
    return bool(cases) and all(isinstance(c, dict) and "text" in c and SIGNAL_KEYS & set(c) for c in cases)


def _signal_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        if path.name in OTHER_FORMATS:
            continue
        cases = json.loads(path.read_text(encoding="utf-8"))
        if not _is_signal_file(cases):
            params.append(pytest.param({"file": path.name, "bad_format": True}, id=f"{path.stem}-format"))
            continue
        labels = [c["label"] for c in cases]
        duplicates = sorted({label for label in labels if labels.count(label) > 1})
        if duplicates:
            params.append(pytest.param({"file": path.name, "duplicates": duplicates}, id=f"{path.stem}-labels"))
        params += [pytest.param(dict(c, file=path.name), id=f"{path.stem}-{c['label']}") for c in cases]
    return params


@pytest.mark.parametrize("case", _signal_cases())
def test_case(case):
    assert not case.get("bad_format"), (f"{case['file']} is not a file of signal cases: give it the signal "
                                        "format or name the test that runs it in OTHER_FORMATS")
    assert not case.get("duplicates"), f"duplicate labels in {case['file']}: {case.get('duplicates')}"
    check_case(case)


@pytest.mark.parametrize("name, runner", sorted(OTHER_FORMATS.items()))
def test_other_formats_are_run(name, runner):
    assert (CASES_DIR / name).is_file(), f"{name} is listed but absent"
    source = (ROOT / runner).read_text(encoding="utf-8")
    assert Path(name).stem in source, f"{runner} does not read {name}"
