"""Tests for credscore.signals.dates: case file, seeds, and direct checks that
do not depend on the boilerplate classifier's current output."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from credscore.document import Document
from credscore.signals import dates
from tests.conftest import seed_text


def test_features_match_declaration():
    result = dates.compute(Document.from_text("Published 2019-01-09. Nothing else."))
    assert list(result.features) == [spec.name for spec in dates.FEATURES]


def test_seed_002_is_flagged():
    # Dateline 2019/01/09, sidebar (twice) mentions June 2024: five years later;
    # its "Friday, February 23" (twice) fits 2024 among the page's years, not
    # 2019 (issue 11's weekday inference), so it is later evidence too.
    doc = Document.from_text(seed_text("002"))
    result = dates.compute(doc)
    f = result.features
    assert f["dates_has_publication_date"] == 1
    assert f["dates_inconsistent"] == 1
    assert f["dates_max_years_after_published"] == 5
    assert f["dates_consistency_score"] < 0.5
    evidence = [doc.text[s.start:s.end] for s in result.spans if s.reason.endswith("later_than_published")]
    assert evidence == ["Friday, February 23", "June 2024", "Friday, February 23", "June 2024"]


def _with_boilerplate(text: str, boiler_lines: set[int], published: date | None) -> Document:
    doc = Document.from_text(text, published=published)
    doc.line_boilerplate = [i in boiler_lines for i in range(doc.n_lines)]
    doc.main_tokens = [i for i, ln in enumerate(doc.tok_line) if ln not in boiler_lines]
    return doc


def test_boilerplate_mentions_are_kept_apart():
    # The sidebar (line 2) is newer than the article: page-level evidence,
    # not an article-level later mention.
    text = "The talks stalled in 2018.\nLATEST CONTENT\nIran stays on the blacklist, FATF said in June 2024."
    doc = _with_boilerplate(text, {1, 2}, date(2019, 1, 9))
    result = dates.compute(doc)
    f = result.features
    assert f["dates_later_than_published_count"] == 0
    assert f["dates_later_than_published_share"] == 0
    assert f["dates_boilerplate_later_share"] == 1
    assert f["dates_inconsistent"] == 1
    assert f["dates_consistency_score"] == pytest.approx(0.5)
    assert [s.reason for s in result.spans] == ["boilerplate_later_than_published"]


def test_dateline_on_boilerplate_line_is_found():
    # Seed 002's dateline is page furniture; it still dates the page. (A later
    # bare year counts only beside a past-tense verb, issue 11: "rose".)
    doc = _with_boilerplate("Title\n2019/01/09 | Economy\nPrices rose in 2024.", {1}, None)
    f = dates.compute(doc).features
    assert f["dates_has_publication_date"] == 1
    assert f["dates_later_than_published_count"] == 1


def test_caller_date_wins_over_dateline():
    doc = Document.from_text("2019-01-09\n\nThe treaty was signed in 2024.", published=date(2025, 1, 1))
    f = dates.compute(doc).features
    assert f["dates_inconsistent"] == 0


def test_deterministic_and_no_clock():
    text = seed_text("002")
    first = dates.compute(Document.from_text(text))
    second = dates.compute(Document.from_text(text))
    assert first == second
    for module in ("dates", "date_mentions", "datelines", "date_conflicts"):
        source = (Path(dates.__file__).parent / f"{module}.py").read_text(encoding="utf-8")
        assert "today(" not in source and "now(" not in source, module


@pytest.mark.parametrize("text", ["2019/13/45 and 31/02/2019", "9999-99-99", "February 30, 2019", "1/2/", "2019-",
                                  "/2019/"])
def test_impossible_dates_do_not_raise(text):
    result = dates.compute(Document.from_text(text))
    assert result.features["dates_has_publication_date"] == 0


def _sentence_cases() -> list:
    path = Path(__file__).resolve().parents[1] / "cases" / "dates_sentences.json"
    return [pytest.param(c, id=c["label"]) for c in json.loads(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", _sentence_cases())
def test_sentence_conflict_or_not(case):
    """tests/cases/dates_sentences.json: each sentence's label was set by
    reading it (a plan, a forecast or an anniversary is no conflict; a past-
    tense report of a later date is one), not from the code's output."""
    doc = Document.from_text(case["text"], published=date.fromisoformat(case["published"]))
    fired = dates.compute(doc).features["dates_inconsistent"] == 1.0
    assert fired == case["conflict"], case["comment"]


def test_config_grace_moves_the_cutoff():
    """A mention 40 days after the publication date is past the default
    month of grace, but not past a grace of 60 days."""
    doc = Document.from_text("The vote took place on March 12, 2019, officials said.", published=date(2019, 2, 1))
    assert dates.compute(doc).features["dates_inconsistent"] == 1.0
    assert dates.compute(doc, dates.DatesConfig(later_grace_days=60)).features["dates_inconsistent"] == 0.0
