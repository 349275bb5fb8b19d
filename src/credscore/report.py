"""An HTML evidence report: one self-contained page for a person to read.

``credscore report FILE... -o report.html`` (or :func:`render`) writes a
single file with everything inline: styles, a small sorting script and an
SVG histogram. It loads nothing (a Content-Security-Policy forbids every
fetch), so it opens the same offline, from a mail attachment or a CI
artifact. All text from the documents is HTML-escaped.

For each document: its score, band, quality and reasons, then its text with
every evidence span highlighted in its signal's colour and labelled with the
signal's name; hovering over a span shows its reason code and, when the
feature it is evidence for is among the document's reasons or flags, that
reason's text. Overlapping spans are cut at every span boundary, so each
piece of text is wrapped once and lists every span covering it. A batch also
gets a table (click a column to sort) and a histogram of scores.

The page is deterministic: the same results give the same bytes (no
timestamps, spans in a fixed order).
"""

from __future__ import annotations

import html
import itertools
import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .reasons import reason_labels, span_matches

__all__ = ["Entry", "render", "score_entries", "summary_line", "write_report"]

#: Characters of each document shown. Past this the text is cut and the page
#: says so: a 1 MB dump would make the page unusable in a browser.
MAX_TEXT_CHARS = 100_000
#: Histogram bins over [0, 1].
BINS = 10
#: One colour per signal family (colour-blind-safe Okabe-Ito hues, lightened
#: to sit behind text); other signals get grey.
SIGNAL_COLOURS = {
    "attribution": "#b3d9f2", "boilerplate": "#d9d9d9", "dates": "#c8e6a0", "encoding": "#f7b7a3",
    "hedging": "#f9e79f", "language": "#c9b3e6", "readability": "#cfe8cf", "repetition": "#f5c6de",
    "specificity": "#9fdfd0", "style": "#ffbf80", "tone": "#f4a6a6",
}


@dataclass(frozen=True)
class Entry:
    """One document of a report: its id, and its :class:`~credscore.Score`
    (or ``None`` with ``error`` set when it could not be scored)."""

    id: str
    result: Any = None
    error: str | None = None


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.{digits}f}"


def _headline(result: Any) -> float | None:
    """The score users filter on: ``score`` when the result has it, else reliability."""
    value = getattr(result, "score", None)
    if value is None:
        value = getattr(result, "reliability", None)
    return value if isinstance(value, (int, float)) and math.isfinite(value) else None


def _span_notes(result: Any) -> dict[tuple[str, str], str]:
    """signal/reason -> what it is evidence for, in words, with the document's
    reason or flag text when that feature is one of them."""
    labels = reason_labels()
    cited = {r.feature: f"reason {r.contribution:+.2f}: {r.text}" for r in result.reasons}
    for flag in result.flags:
        cited.setdefault(flag.feature, f"flag {flag.code}: {flag.text}")
    notes: dict[tuple[str, str], str] = {}
    for span in result.spans:
        key = (span.signal, span.reason)
        if key in notes:
            continue
        found = [(name, entry) for name, entry in labels.items() if entry.codes and span_matches(span, entry.codes)]
        said = [cited[name] for name, _ in found if name in cited]
        if said:
            notes[key] = said[0]
        elif found:
            notes[key] = f"evidence of {found[0][1].label}"
        else:
            notes[key] = ""
    return notes


def highlight(text: str, spans: Sequence[Any], notes: dict[tuple[str, str], str]) -> str:
    """``text`` as HTML, each stretch covered by spans wrapped in one
    ``<mark>`` that lists them all (``data-spans``: ``signal/reason@start-end``
    separated by spaces) and shows their reasons on hover."""
    cut = len(text)
    # Each distinct span once (a duplicate would only repeat itself in the list).
    spans = sorted({s for s in spans if s.start < cut and s.end > s.start},
                   key=lambda s: (s.start, s.end, s.signal, s.reason))
    bounds = sorted({0, cut, *(s.start for s in spans), *(min(s.end, cut) for s in spans)})
    out: list[str] = []
    active: list[Any] = []
    nxt = 0
    for a, b in itertools.pairwise(bounds):
        active = [s for s in active if s.end > a]
        while nxt < len(spans) and spans[nxt].start == a:
            active.append(spans[nxt])
            nxt += 1
        piece = _esc(text[a:b])
        if not active:
            out.append(piece)
            continue
        first = active[0]
        starts = [s for s in active if s.start == a]
        codes = " ".join(f"{s.signal}/{s.reason}@{s.start}-{s.end}" for s in active)
        tips = []
        for s in active:
            note = notes.get((s.signal, s.reason), "")
            tips.append(f"{s.signal}/{s.reason} [{s.start}-{s.end}]" + (f" — {note}" if note else ""))
        label = " + ".join(dict.fromkeys(s.signal for s in starts))
        classes = ["ev", f"sig-{first.signal}"] + (["overlap"] if len(active) > 1 else []) + (
            ["start"] if starts else [])
        out.append(
            f'<mark class="{" ".join(classes)}" data-signal="{_esc(first.signal)}" data-spans="{_esc(codes)}"'
            + (f' data-label="{_esc(label)}"' if label else "")
            + f' title="{_esc(chr(10).join(tips))}">{piece}</mark>'
        )
    return "".join(out)


def _histogram(scores: list[float]) -> str:
    counts = [0] * BINS
    for value in scores:
        counts[min(int(value * BINS), BINS - 1)] += 1
    top = max(counts) or 1
    width, height, pad = 420, 160, 24
    bar = (width - 2 * pad) / BINS
    parts = [(f'<svg id="histogram" width="{width}" '
              f'height="{height + 2 * pad}" role="img" aria-label="histogram of scores">')]
    for k, n in enumerate(counts):
        h = (height - pad) * n / top
        x, y = pad + k * bar, pad + (height - pad) - h
        lo, hi = k / BINS, (k + 1) / BINS
        parts.append(f'<rect class="bin" data-count="{n}" x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" '
                     f'height="{h:.1f}"><title>{lo:.1f}–{hi:.1f}: {n} document{"s" if n != 1 else ""}</title></rect>')
        if n:
            parts.append(f'<text x="{x + bar / 2 - 1:.1f}" y="{y - 3:.1f}" text-anchor="middle">{n}</text>')
    for k in range(0, BINS + 1, 2):
        parts.append(f'<text x="{pad + k * bar:.1f}" y="{height + pad - 6}" text-anchor="middle">{k / BINS:.1f}</text>')
    parts.append(f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#555"/>')
    parts.append("</svg>")
    return "".join(parts)


def _row(k: int, entry: Entry) -> str:
    r = entry.result
    if r is None:
        cells = [("id", entry.id, entry.id), ("score", "", "—")] + [(c, "", "") for c in
                                                                    ("rel", "band", "quality", "words", "flags")]
        cells.append(("top", entry.error or "", f"error: {entry.error}"))
    else:
        headline, quality = _headline(r), getattr(r, "quality", None)
        flags = ", ".join(f.code for f in r.flags)
        top = r.reasons[0].text if r.reasons else ""
        cells = [("id", entry.id, entry.id), ("score", _fmt(headline), _fmt(headline)),
                 ("rel", _fmt(r.reliability), _fmt(r.reliability)), ("band", r.band, r.band),
                 ("quality", _fmt(quality, 2), _fmt(quality, 2)),
                 ("words", r.features.main_words, f"{r.features.main_words:,}"), ("flags", flags, flags),
                 ("top", top, top)]
    tds = []
    for name, sort_key, shown in cells:
        inner = f'<a href="#doc-{k}">{_esc(shown)}</a>' if name == "id" else _esc(shown)
        tds.append(f'<td class="c-{name}" data-v="{_esc(sort_key)}">{inner}</td>')
    return f'<tr id="row-{k}">{"".join(tds)}</tr>'


def _document(k: int, entry: Entry) -> str:
    head = f'<section class="doc" id="doc-{k}" data-id="{_esc(entry.id)}"><h2>{_esc(entry.id)}</h2>'
    r = entry.result
    if r is None:
        return head + f'<p class="error">could not be scored: {_esc(entry.error)}</p></section>'
    facts = [f"score <b>{_fmt(_headline(r))}</b>", f"band <b>{_esc(r.band)}</b>"]
    quality = getattr(r, "quality", None)
    if quality is not None:
        facts.append(f"quality <b>{_fmt(quality, 2)}</b>")
    facts += [f"reliability {_fmt(r.reliability)}", f"confidence {_esc(r.confidence)}",
              f"language {_esc(r.language)}", f"{r.features.main_words:,} main-content words"]
    if r.source_domain:
        facts.append(f"source {_esc(r.source_domain)} {_fmt(r.source_score, 2)}")
    parts = [head, f'<p class="facts">{" · ".join(facts)}</p>']
    codes = getattr(r, "reason_codes", ()) or ()
    if codes:
        parts.append('<p class="codes">' + " ".join(f"<code>{_esc(c)}</code>" for c in codes) + "</p>")
    items = [f'<li class="reason {"up" if x.contribution > 0 else "down"}"><span class="contrib">'
             f'{x.contribution:+.2f}</span> {_esc(x.text)}</li>' for x in r.reasons]
    items += [f'<li class="flag"><span class="contrib">flag</span> <b>{_esc(f.code)}</b>: {_esc(f.text)}</li>'
              for f in r.flags]
    items += [f'<li class="warning"><span class="contrib">note</span> {_esc(w)}</li>' for w in r.warnings]
    if items:
        parts.append('<ul class="reasons">' + "".join(items) + "</ul>")
    text = r.features.text
    shown = text[:MAX_TEXT_CHARS]
    parts.append(f'<div class="text">{highlight(shown, r.spans, _span_notes(r))}</div>')
    if len(text) > len(shown):
        parts.append(f'<p class="cut">text cut at {MAX_TEXT_CHARS:,} of {len(text):,} characters</p>')
    parts.append("</section>")
    return "".join(parts)


_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:62em;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin:0 0 .3em;word-break:break-all}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border-bottom:1px solid #ddd;padding:.25em .5em;
text-align:left;vertical-align:top}th{cursor:pointer;background:#f4f4f4;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.c-score,td.c-rel,td.c-quality,td.c-words{text-align:right;font-variant-numeric:tabular-nums}
.doc{border-top:2px solid #888;margin-top:2em;padding-top:1em}.facts{color:#444}
.reasons{padding-left:1.2em}.contrib{display:inline-block;min-width:3.2em;font-family:monospace}
.reason.down .contrib{color:#a00}.reason.up .contrib{color:#070}.flag .contrib{color:#a50}.warning{color:#666}
.text{white-space:pre-wrap;font-family:Georgia,serif;background:#fcfcfa;border:1px solid #eee;padding:1em;
overflow-wrap:anywhere}
mark.ev{border-radius:2px;padding:0 1px;cursor:help}mark.overlap{box-shadow:inset 0 -2px 0 #333}
mark.start::before{content:attr(data-label);font:bold 9px/1 system-ui,sans-serif;vertical-align:super;
margin-right:2px;color:#333;text-transform:uppercase;letter-spacing:.03em}
.legend span{display:inline-block;margin:0 .4em .3em 0;padding:0 .4em;border-radius:2px;font-size:.85em}
#histogram text{font:11px system-ui,sans-serif;fill:#333}#histogram .bin{fill:#4a7fb5}
.error{color:#a00}.cut{color:#666;font-style:italic}
"""

_SCRIPT = """
document.querySelectorAll('table.sortable th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0];
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var num = th.dataset.type === 'num';
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v, d;
      if (num) {
        x = x === '' || x === '—' ? NaN : parseFloat(x); y = y === '' || y === '—' ? NaN : parseFloat(y);
        if (isNaN(x) || isNaN(y)) { return isNaN(x) - isNaN(y); }  /* blanks last either way */
        d = x - y;
      } else { d = x.localeCompare(y); }
      return (asc ? d : -d) || (a.id < b.id ? -1 : 1);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
/* A link can carry a sort: report.html#sort=score or #sort=score,desc */
(function () {
  var m = /sort=([a-z-]+)(,desc)?/.exec(location.hash);
  var th = m && document.querySelector('table.sortable th[data-col="' + m[1] + '"]');
  if (th) { th.click(); if (m[2]) { th.click(); } }
})();
"""

_COLUMNS = (("id", ""), ("score", "num"), ("reliability", "num"), ("band", ""), ("quality", "num"),
            ("words", "num"), ("flags", ""), ("top reason", ""))


def render(entries: Iterable[Entry], *, title: str = "credscore evidence report", total: int | None = None) -> str:
    """The whole page as a string. ``total``: how many documents there were,
    when ``entries`` holds only the first of them."""
    entries = list(entries)
    from ._version import __version__

    scores = [s for s in (_headline(e.result) for e in entries if e.result is not None) if s is not None]
    models = sorted({e.result.model_id for e in entries if e.result is not None})
    # Grey for a signal without a colour, then one rule per signal (later rules win).
    colours = ".ev{background:#e0e0e0}" + "".join(
        f".sig-{name}{{background:{colour}}}" for name, colour in SIGNAL_COLOURS.items())
    csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{_STYLE}{colours}</style></head><body>",
        f"<h1>{_esc(title)}</h1>",
        f'<p class="meta">{len(entries):,} document{"s" if len(entries) != 1 else ""}'
        + (f" shown of {total:,}" if total is not None and total > len(entries) else "")
        + f"; credscore {_esc(__version__)}; model {_esc(', '.join(models) or '—')}. "
        "Hover over highlighted text for the signal and the reason it supports.</p>",
        '<p class="legend">' + "".join(f'<span class="sig-{n}">{n}</span>' for n in SIGNAL_COLOURS) + "</p>",
    ]
    if len(entries) > 1:
        bands: dict[str, int] = {}
        for e in entries:
            band = e.result.band if e.result is not None else "error"
            bands[band] = bands.get(band, 0) + 1
        parts.append("<h2>Scores</h2>" + _histogram(scores))
        order = {b: k for k, b in enumerate(("high", "medium", "low", "unscorable", "error"))}
        shown = sorted(bands.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        parts.append('<p class="bands">' + ", ".join(f"{_esc(b)}: {n}" for b, n in shown) + "</p>")
        head = "".join(f'<th data-col="{_esc(name.split()[-1])}" data-type="{t}" scope="col">{_esc(name)}</th>'
                       for name, t in _COLUMNS)
        parts.append(f'<table class="sortable" id="documents"><thead><tr>{head}</tr></thead><tbody>'
                     + "".join(_row(k, e) for k, e in enumerate(entries)) + "</tbody></table>")
    parts += [_document(k, e) for k, e in enumerate(entries)]
    parts.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "\n".join(parts)


def score_entries(records: Iterable[Any], max_docs: int) -> tuple[list[Entry], int, int]:
    """Entries for the first ``max_docs`` of ``records`` (each a
    :class:`credscore.records.Record`), the number of records, and the number
    of errors among the entries. A bug costs one document, not the page."""
    from .rows import score_record

    entries: list[Entry] = []
    total = errors = 0
    for record in records:
        total += 1
        if len(entries) >= max_docs:
            continue
        if record.error is not None:
            entries.append(Entry(str(record.id), error=record.error))
            errors += 1
            continue
        try:
            entries.append(Entry(str(record.id), score_record(record)))
        except Exception as exc:
            entries.append(Entry(str(record.id), error=f"internal_error: {type(exc).__name__}: {exc}"))
            errors += 1
    return entries, total, errors


def write_report(target: Path, entries: list[Entry], *, title: str, total: int) -> None:
    """The page, written through ``TARGET.partial`` so that a reader never
    sees half a page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(render(entries, title=title, total=total), encoding="utf-8")
    os.replace(partial, target)


def summary_line(output: str, entries: list[Entry], total: int, errors: int) -> str:
    shown = f"{len(entries)} of {total}" if total > len(entries) else f"{total}"
    # Warnings counted by code (bad_published, too_short...), not one line per document.
    codes = Counter(w.split(":", 1)[0] for e in entries if e.result is not None for w in e.result.warnings)
    counted = "".join(f", {n} {code}" for code, n in sorted(codes.items()))
    return f"credscore: wrote {output} ({shown} documents, {errors} errors{counted})"
