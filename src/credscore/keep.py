"""Keep and drop: filtering scored rows on the headline score, and counting
what a run saw.

A corpus builder filters on one number. ``kept(row, min_score)`` is that
decision for one output row of :func:`credscore.score_records` or
``credscore score``: a row is kept when it was scored (no ``error``, not
``unscorable``) and its headline ``score`` is at least ``min_score``. A
dropped row keeps every field and says why in ``reason_codes`` (as
datatrove's exclusion writer keeps each excluded document with the filter
that dropped it): the page's own codes, ``error`` for a record that could
not be scored, and ``below_min_score`` when the score alone decided.

:class:`Tally` counts bands, reason codes and warnings over a run, for the
end-of-run summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["BELOW_MIN_SCORE", "Tally", "filter_rows", "kept", "with_drop_reason"]

BELOW_MIN_SCORE = "below_min_score"


def kept(row: dict[str, Any], min_score: float) -> bool:
    """Whether a row passes ``--min-score``: scored, and ``score >= min_score``."""
    score = row.get("score")
    return row.get("error") is None and isinstance(score, float) and score >= min_score


def with_drop_reason(row: dict[str, Any]) -> dict[str, Any]:
    """The row as a dropped-rows file writes it: its reason codes, plus
    ``error`` or ``below_min_score`` when those decided."""
    codes = list(row.get("reason_codes") or [])
    if row.get("error") is not None:
        codes.append("error")
    elif row.get("score") is not None:
        codes.append(BELOW_MIN_SCORE)
    return {**row, "reason_codes": codes}


def filter_rows(rows: Iterable[dict[str, Any]], min_score: float | None,
                on_drop: Callable[[dict[str, Any]], None] | None = None) -> Iterator[dict[str, Any]]:
    """The kept rows, lazily; each dropped row goes to ``on_drop`` (with its
    drop reason) when given. ``min_score=None`` keeps every row."""
    for row in rows:
        if min_score is None or kept(row, min_score):
            yield row
        elif on_drop is not None:
            on_drop(with_drop_reason(row))


class Tally:
    """Counts over the rows of a run: bands, reason codes, warning kinds,
    kept and dropped."""

    def __init__(self) -> None:
        self.bands: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()
        self.kept = 0
        self.dropped = 0

    def add(self, row: dict[str, Any], *, kept: bool = True) -> None:
        self.bands[row.get("band") or "error"] += 1
        self.codes.update(row.get("reason_codes") or ())
        # "too_short: 12 main-content words ..." counts as "too_short".
        self.warnings.update(str(w).split(":", 1)[0] for w in row.get("warnings") or ())
        if kept:
            self.kept += 1
        else:
            self.dropped += 1

    def lines(self, *, filtered: bool = False) -> list[str]:
        def most(counter: Counter[str]) -> str:
            return ", ".join(f"{name} {n}" for name, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))

        out = [f"credscore: bands: {most(self.bands) or 'none'}"]
        if self.codes:
            out.append(f"credscore: reason codes: {most(self.codes)}")
        if self.warnings:
            out.append(f"credscore: warnings: {most(self.warnings)}")
        if filtered:
            out.append(f"credscore: kept {self.kept}, dropped {self.dropped}")
        return out
