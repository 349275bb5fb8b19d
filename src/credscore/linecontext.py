"""Line classification's context steps (``credscore.lines``), in two forms.

jusText's context-free classes, its revision by neighbours and headings, and
the article block that decides teasers are left-to-right passes over the
non-blank lines. Two forms compute each of them, and the tests hold them to
the same results: plain loops (for pages of up to ``ARRAY_MIN_LINES`` lines,
where a loop costs less than the fixed cost of array operations) and numpy
array operations (for longer pages, where a Python step per line would cost
about a microsecond per line per pass: on "a\\n" * 500,000 the loops took
about 1 s under the profiler).
Measured by us (taskset on one core, the first 400 ReCOVery articles,
best of five): the whole classification took about 270 microseconds a page
with the loops and about 530 with the arrays, whose fixed cost is some fifty
numpy calls; on "a\\n" * 500,000 the arrays' context steps took 0.13 s. The
threshold, 1,000 lines, is a round number between the two regimes, not a
measured crossing point.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .document import Document
    from .linecues import LineTable
    from .lines import LineConfig

#: Pages with at least this many non-blank lines take the array form.
ARRAY_MIN_LINES = 1000

_NUMBERED = re.compile(r"\d{1,2}[.)] ")
GOOD, NEAR, SHORT, BAD = 0, 1, 2, 3
_GOOD, _NEAR, _SHORT, _BAD = GOOD, NEAR, SHORT, BAD


def context_free_classes(t: LineTable, fixed: list[str], cfg: LineConfig) -> np.ndarray:
    """jusText's context-free class of each line; furniture cues are bad."""
    if len(t) >= ARRAY_MIN_LINES:
        return _context_free_arrays(t, fixed, cfg)
    return np.asarray(_context_free_loop(t, fixed, cfg))


def revise(doc: Document, t: LineTable, fixed: list[str], cf: np.ndarray, cfg: LineConfig) -> np.ndarray:
    """jusText's revision of the classes by context (see ``_revise_arrays``)."""
    if len(t) >= ARRAY_MIN_LINES:
        return _revise_arrays(doc, t, fixed, cf, cfg)
    return np.asarray(_revise_loop(doc, t, fixed, cf.tolist(), cfg))


def mark_teasers(t: LineTable, reasons: np.ndarray, cfg: LineConfig) -> None:
    """Teasers outside the article block (see ``_teasers_arrays``)."""
    if len(t) >= ARRAY_MIN_LINES:
        _teasers_arrays(t, reasons, cfg)
    else:
        reasons[:] = _teasers_loop(t, reasons.tolist(), cfg)


# -- loops --------------------------------------------------------------------


def _context_free_loop(t: LineTable, fixed: list[str], cfg: LineConfig) -> list[int]:
    words = stops = 0
    for w, s in zip(t.words, t.stops):
        if w >= 5:
            words += w
            stops += s
    english = words > 0 and stops / words >= cfg.english_stopword_share
    cls = [_BAD if reason else _context_free_one(t, k, english, cfg) for k, reason in enumerate(fixed)]
    if _GOOD not in cls:
        for k in range(len(t)):
            if cls[k] != _BAD and t.terminal[k] and not t.heading[k] and t.words[k] >= cfg.snippet_min_words:
                cls[k] = _GOOD
    return cls


def _context_free_one(t: LineTable, k: int, english: bool, cfg: LineConfig) -> int:
    chars, terminal = t.chars[k], t.terminal[k]
    if chars < cfg.length_low or t.heading[k]:
        return _SHORT
    if english:
        density = t.stops[k] / t.words[k] if t.words[k] else 0.0
        if (terminal or chars > cfg.length_high) and density >= cfg.terse_stopwords:
            density = max(density, cfg.stopwords_low)
    else:
        density = cfg.stopwords_high if terminal else cfg.stopwords_low
    if density >= cfg.stopwords_high:
        return _GOOD if chars > cfg.length_high else _NEAR
    if density >= cfg.stopwords_low:
        return _NEAR
    return _BAD


def _revise_loop(doc: Document, t: LineTable, fixed: list[str], cf: list[int], cfg: LineConfig) -> list[int]:
    n = len(t)
    cls = list(cf)
    heading = [not reason and h for reason, h in zip(fixed, t.heading)]
    norm = doc.norm
    short_title = [h and c < cfg.length_low and not _NUMBERED.match(norm, s)
                   for h, c, s in zip(heading, t.chars, t.start)]
    for k in range(n):
        if short_title[k] and ((k > 0 and short_title[k - 1]) or (k + 1 < n and short_title[k + 1])):
            heading[k] = False
    _promote_loop(t.chars, cls, [h and c == _SHORT for h, c in zip(heading, cls)], _NEAR, cfg)
    revised = list(cls)
    prev_strict, prev_loose = _neighbours_loop(cls, range(n))
    next_strict, next_loose = _neighbours_loop(cls, range(n - 1, -1, -1))
    for k in range(n):
        if cls[k] == _SHORT:
            p, q = prev_strict[k], next_strict[k]
            if p == q:
                revised[k] = p
            elif (p == _BAD and prev_loose[k] == _NEAR) or (q == _BAD and next_loose[k] == _NEAR):
                revised[k] = _GOOD
            else:
                revised[k] = _BAD
        elif cls[k] == _NEAR:
            revised[k] = _BAD if prev_strict[k] == next_strict[k] == _BAD else _GOOD
    eligible = [h and r == _BAD and c != _BAD for h, r, c in zip(heading, revised, cf)]
    _promote_loop(t.chars, revised, eligible, _GOOD, cfg)
    return revised


def _neighbours_loop(cls: list[int], order: range) -> tuple[list[int], list[int]]:
    strict = [_BAD] * len(cls)
    loose = [_BAD] * len(cls)
    last_strict = last_loose = _BAD
    for k in order:
        strict[k], loose[k] = last_strict, last_loose
        if cls[k] in (_GOOD, _BAD):
            last_strict = cls[k]
        if cls[k] != _SHORT:
            last_loose = cls[k]
    return strict, loose


def _promote_loop(chars: list[int], cls: list[int], eligible: list[bool], to: int, cfg: LineConfig) -> None:
    n = len(cls)
    next_good = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        next_good[k] = k if cls[k] == _GOOD else next_good[k + 1]
    chars_before = [0] * (n + 1)
    for k, c in enumerate(chars):
        chars_before[k + 1] = chars_before[k] + c
    for k in range(n):
        if eligible[k]:
            j = next_good[k + 1]
            if j < n and chars_before[j] - chars_before[k + 1] <= cfg.max_heading_distance:
                cls[k] = to


def _teasers_loop(t: LineTable, reasons: list[str], cfg: LineConfig) -> list[str]:
    best = run = 0
    best_span = (0, -1)
    start = 0
    for k, chars in enumerate(t.chars):
        gain = -cfg.furniture_line_cost if reasons[k] else chars
        if run <= 0:
            run, start = gain, k
        else:
            run += gain
        if run > best:
            best, best_span = run, (start, k)
    lo, hi = best_span
    for k in range(1, len(t) - 1):
        if lo <= k <= hi or reasons[k] or t.heading[k]:
            continue  # a title outside the article is not a teaser summary
        if reasons[k - 1] and reasons[k + 1]:
            reasons[k] = "teaser"
    return reasons


# -- arrays -------------------------------------------------------------------


def _context_free_arrays(t: LineTable, fixed: list[str], cfg: LineConfig) -> np.ndarray:
    """jusText's context-free class of each line; furniture cues are bad."""
    words, stops, chars = t.array("words"), t.array("stops"), t.array("chars")
    terminal, heading = t.array("terminal"), t.array("heading")
    # Is this English prose? Measured on longer lines, where menus weigh little.
    longer = words >= 5
    total = int(words[longer].sum())
    english = total > 0 and int(stops[longer].sum()) / total >= cfg.english_stopword_share
    if english:
        density = np.divide(stops, words, out=np.zeros(len(words)), where=words > 0)
        # Terse list items ("- Economic Viability: Sanctions create meaningful
        # economic hardships ...") are prose with few function words. A line
        # past length_high is sentence-length whether or not it kept its
        # final stop: stripping every line's punctuation must not turn terse
        # prose into furniture (seed 000 lost 8 % of its words that way).
        terse = (terminal | (chars > cfg.length_high)) & (density >= cfg.terse_stopwords)
        density = np.where(terse, np.maximum(density, cfg.stopwords_low), density)
    else:  # structure only: finished sentences stand in for prose words
        density = np.where(terminal, cfg.stopwords_high, cfg.stopwords_low)
    cls = np.where(density >= cfg.stopwords_high, np.where(chars > cfg.length_high, _GOOD, _NEAR),
                   np.where(density >= cfg.stopwords_low, _NEAR, _BAD))
    # Title-like lines are judged by context whatever their length: a long
    # title has few stop words, yet it heads the article.
    cls[(chars < cfg.length_low) | heading] = _SHORT
    cls[[k for k, reason in enumerate(fixed) if reason]] = _BAD
    if not (cls == _GOOD).any():
        # Nothing long enough to anchor the context (a snippet, a tweet, a
        # list of short sentences): finished sentences are the prose.
        cls[(cls != _BAD) & terminal & ~heading & (words >= cfg.snippet_min_words)] = _GOOD
    return cls


def _revise_arrays(doc: Document, t: LineTable, fixed: list[str], cf: np.ndarray, cfg: LineConfig) -> np.ndarray:
    """jusText's revision: headings near prose, then short and near-good
    lines. A heading stands alone; a short capitalised title-like line next
    to another is part of a menu or a link list, and only its context may
    keep it. Numbered steps ("1. Define early retirement") are headings."""
    norm = doc.norm
    heading = np.asarray([not reason and h for reason, h in zip(fixed, t.heading)], dtype=bool)
    short_title = np.asarray([h and c < cfg.length_low and not _NUMBERED.match(norm, s)
                              for h, c, s in zip(heading, t.chars, t.start)], dtype=bool)
    beside = np.zeros(len(t), dtype=bool)
    beside[1:] |= short_title[:-1]
    beside[:-1] |= short_title[1:]
    heading &= ~(short_title & beside)
    chars = t.array("chars")
    cls = cf.copy()
    _promote_headings(chars, cls, heading & (cls == _SHORT), _NEAR, cfg)
    prev_strict, prev_loose = _neighbours(cls)
    next_strict, next_loose = (a[::-1] for a in _neighbours(cls[::-1]))
    revised = cls.copy()
    short = cls == _SHORT
    rescued = ((prev_strict == _BAD) & (prev_loose == _NEAR)) | ((next_strict == _BAD) & (next_loose == _NEAR))
    revised[short] = np.where(prev_strict == next_strict, prev_strict, np.where(rescued, _GOOD, _BAD))[short]
    near = cls == _NEAR
    revised[near] = np.where((prev_strict == _BAD) & (next_strict == _BAD), _BAD, _GOOD)[near]
    _promote_headings(chars, revised, heading & (revised == _BAD) & (cf != _BAD), _GOOD, cfg)
    return revised


def _neighbours(cls: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each line, the class of the nearest line before it that is decided
    (good or bad), and of the nearest that is not short; the page edge
    counts as bad."""
    k = np.arange(len(cls))
    out = []
    for mask in ((cls == _GOOD) | (cls == _BAD), cls != _SHORT):
        last = np.maximum.accumulate(np.where(mask, k, -1))
        before = np.concatenate(([-1], last[:-1]))
        out.append(np.where(before >= 0, cls[np.maximum(before, 0)], _BAD))
    return out[0], out[1]


def _promote_headings(chars: np.ndarray, cls: np.ndarray, eligible: np.ndarray, to: int, cfg: LineConfig) -> None:
    """Give ``to`` to eligible heading lines followed by good prose within
    ``max_heading_distance`` characters (the lines in between are counted)."""
    n = len(cls)
    k = np.arange(n)
    first_good_from = np.minimum.accumulate(np.where(cls == _GOOD, k, n)[::-1])[::-1]
    j = np.append(first_good_from, n)[1:]  # the first good line after k
    chars_before = np.concatenate(([0], np.cumsum(chars)))
    close = chars_before[np.minimum(j, n)] - chars_before[k + 1] <= cfg.max_heading_distance
    cls[eligible & (j < n) & close] = to


def _teasers_arrays(t: LineTable, reasons: np.ndarray, cfg: LineConfig) -> None:
    """Outside the article, a lone paragraph between furniture lines is a
    teaser (title, author, summary, repeated). The article is the run of lines
    that maximises kept characters minus ``furniture_line_cost`` per
    furniture line (Kadane's maximum subarray, as in Finn et al.'s Body Text
    Extraction, on lines instead of HTML tags): with prefix sums ``P``, the
    best run ending at line k gains ``P[k+1] - min(P[:k+1])`` and starts at
    the last line where that minimum is reached."""
    n = len(t)
    furniture = reasons.astype(bool)
    gains = np.where(furniture, -cfg.furniture_line_cost, t.array("chars"))
    before = np.concatenate(([0], np.cumsum(gains)))
    low = np.minimum.accumulate(before[:-1])
    run = before[1:] - low
    lo, hi = 0, -1
    if run.max() > 0:
        hi = int(np.argmax(run))
        lo = int(np.flatnonzero(before[:hi + 1] == low[hi])[-1])
    if n < 3:
        return
    inside = np.zeros(n, dtype=bool)
    inside[lo:hi + 1] = True
    lone = ~inside & ~furniture & ~t.array("heading")  # a title outside the article is no teaser
    lone[1:-1] &= furniture[:-2] & furniture[2:]
    lone[[0, -1]] = False
    reasons[lone] = "teaser"
