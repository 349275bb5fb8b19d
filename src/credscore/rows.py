"""Rows: one record in, one output row out, never an exception.

A row is a plain dict with the keys of :data:`credscore.schema.ROW_KEYS` in
that order (then ``features``, ``spans`` and ``metadata`` when asked for),
built from :meth:`credscore.Score.to_dict` for a scored record, or with
``error`` set and every score field ``None`` for a record that could not be
read or scored. A bug inside scoring costs that one row (``internal_error``),
not the batch.

:func:`score_record` and :func:`extract_record` are what every command uses
to score one record, so the warning from decoding its bytes (see
:mod:`credscore.records`) is said in the same place as ``credscore.score``
says it for bytes: first among the score's warnings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .records import Record
from .schema import ROW_KEYS
from .types import ResultWarning

if TYPE_CHECKING:
    from .extraction import Features
    from .scoring import Score

#: Keys kept from each of a score's reasons and flags.
REASON_KEYS = ("feature", "contribution", "value", "text")
FLAG_KEYS = ("code", "text")


def one_line(message: Any, limit: int = 500) -> str:
    return " ".join(str(message).split())[:limit]


def score_record(record: Record, model: Any = None) -> Score:
    """:func:`credscore.score` of the record's text, URL and date."""
    from .scoring import score

    result = score(record.text, url=record.url, published=record.published, model=model)  # type: ignore[arg-type]
    if record.decoding is None:
        return result
    return dataclasses.replace(result, warnings=(ResultWarning(record.decoding), *result.warnings))


def extract_record(record: Record) -> Features:
    """:func:`credscore.extract` of the record's text, URL and date."""
    from .extraction import extract

    features = extract(record.text, url=record.url, published=record.published)  # type: ignore[arg-type]
    if record.decoding is None:
        return features
    return dataclasses.replace(features, warnings=(ResultWarning(record.decoding), *features.warnings))


def error_row(record_id: Any, source: str, error: str, *, features: bool = False,
              evidence: bool = False, notes: Sequence[str] = (), extractor: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(ROW_KEYS)
    row.update(id=record_id, source=source, reason_codes=[], reasons=[], flags=[], warnings=list(notes),
               error=one_line(error), extractor=extractor, credscore_version=__version__)
    if features:
        row["features"] = None
    if evidence:
        row["spans"] = None
    return row


def score_row(record: Record, *, features: bool = False, evidence: bool = False,
              model: Any = None) -> dict[str, Any]:
    """One output row for one record; never raises."""
    row = _score_row(record, features=features, evidence=evidence, model=model)
    if record.kept is not None:
        row["metadata"] = record.kept
    return row


def _score_row(record: Record, *, features: bool, evidence: bool, model: Any) -> dict[str, Any]:
    if record.error is not None:
        return error_row(record.id, record.source, record.error, features=features, evidence=evidence,
                         notes=record.notes, extractor=record.extractor)
    try:
        data = score_record(record, model).to_dict(features=features, evidence=evidence)
    except Exception as exc:
        return error_row(record.id, record.source, f"internal_error: {type(exc).__name__}: {exc}",
                         features=features, evidence=evidence, notes=record.notes, extractor=record.extractor)
    row = {"id": record.id, "source": record.source}
    for key in ROW_KEYS[2:]:
        row[key] = data.get(key)
    row["warnings"] = [*record.notes, *data.get("warnings", ())]
    row["extractor"] = record.extractor
    row["reasons"] = [{k: r[k] for k in REASON_KEYS} for r in data["reasons"]]
    row["flags"] = [{k: f[k] for k in FLAG_KEYS} for f in data["flags"]]
    if features:
        row["features"] = data["features"]
    if evidence:
        row["spans"] = data["spans"]
    return row
