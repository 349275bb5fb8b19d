"""The HTML evidence report: self-contained, escaped, every span highlighted.

Two layers: a pure-Python DOM check (html.parser) that always runs, and a
real browser (headless Chromium) that opens the page, runs its script, takes
a screenshot and dumps the DOM; that one skips when chromium is absent.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import credscore
from credscore.report import BINS, Entry, highlight, render
from credscore.types import Span

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
HOSTILE = ('Officials said "the <b>bridge</b> & the <script>alert(1)</script> reopened" on Monday. '
           "BREAKING!!! They may possibly reopen it. " * 6)


class _Dom(HTMLParser):
    """The parts of the page the tests check: elements by tag, each
    document's text with the marks' offsets in it, and every URL attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.docs: list[dict] = []  # {"id", "text", "marks": [(start, end, attrs)]}
        self.urls: list[str] = []
        self._stack: list[str] = []
        self._in_text = 0
        self._mark: dict | None = None
        self._mark_start = 0
        self.scripts: list[str] = []
        self._in_script = False
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        for key in ("src", "href", "xlink:href", "action", "data", "poster"):
            if key in a:
                self.urls.append(a[key])
        if tag == "section" and "doc" in a.get("class", ""):
            self.docs.append({"id": a.get("data-id"), "text": "", "marks": []})
        if tag == "div" and a.get("class") == "text":
            self._in_text = 1
        elif self._in_text and tag == "div":
            self._in_text += 1
        if tag == "mark" and self._in_text:
            self._mark, self._mark_start = a, len(self.docs[-1]["text"])
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "tr" and self._row is None:
            self._row = []
        if tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "div" and self._in_text:
            self._in_text -= 1
        if tag == "mark" and self._mark is not None:
            self.docs[-1]["marks"].append((self._mark_start, len(self.docs[-1]["text"]), self._mark))
            self._mark = None
        if tag == "script":
            self._in_script = False
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        if tag == "tr" and self._row is not None:
            if self._row:
                self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_text:
            self.docs[-1]["text"] += data
        if self._in_script:
            self.scripts[-1] += data
        if self._cell is not None:
            self._cell.append(data)


def _parse(page: str) -> _Dom:
    dom = _Dom()
    dom.feed(page)
    dom.close()
    return dom


def _check_highlights(dom: _Dom, results: list) -> None:
    """Each document's text survives intact, and each evidence span is exactly
    the text of the marks that list it."""
    assert len(dom.docs) == len(results)
    for doc, result in zip(dom.docs, results):
        text = result.features.text
        assert doc["text"] == text  # highlighting adds no characters and loses none
        covered: dict[str, list[tuple[int, int]]] = {}
        for start, end, attrs in doc["marks"]:
            for code in attrs["data-spans"].split():
                covered.setdefault(code, []).append((start, end))
                assert code.split("@")[0] in attrs["title"]  # hovering names every span here
        assert len(covered) == len({(s.start, s.end, s.signal, s.reason) for s in result.spans if s.end > s.start})
        for span in result.spans:
            if span.end <= span.start:
                continue
            pieces = sorted(covered[f"{span.signal}/{span.reason}@{span.start}-{span.end}"])
            # Contiguous pieces that together are exactly the span.
            assert pieces[0][0] == span.start and pieces[-1][1] == span.end
            assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))


def test_page_is_self_contained_escaped_and_highlights_every_span():
    results = [credscore.score(p.read_bytes()) for p in SEEDS] + [credscore.score(HOSTILE)]
    ids = [p.name for p in SEEDS] + ['<img src="x" onerror="alert(1)">']
    page = render([Entry(i, r) for i, r in zip(ids, results)])
    dom = _parse(page)
    # Nothing to fetch: no URL but in-page anchors, and a policy that forbids fetching.
    assert all(u.startswith("#") for u in dom.urls), [u for u in dom.urls if not u.startswith("#")]
    policy = [a["content"] for t, a in dom.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert policy and policy[0].startswith("default-src 'none'")
    assert not [t for t, a in dom.tags if t in ("link", "img", "iframe", "object", "embed")]
    # The hostile text and id stay text: one script (ours), no <b> or <img> from the input.
    assert len(dom.scripts) == 1 and "alert" not in dom.scripts[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not [t for t, a in dom.tags if "onerror" in a or t == "img"]
    assert [d["id"] for d in dom.docs][-1] == ids[-1]
    _check_highlights(dom, results)
    # Batch furniture: one table row per document, a histogram bin per tenth.
    assert len(dom.rows) == len(results)
    bins = [a for t, a in dom.tags if t == "rect" and a.get("class") == "bin"]
    assert len(bins) == BINS and sum(int(a["data-count"]) for a in bins) == len(results)
    # Each document shows its score, band and reasons.
    for result in results:
        assert f"{result.reliability:.3f}" in page and result.band in page
        for reason in result.reasons:
            assert html.escape(reason.text, quote=True) in page  # escaped: the hostile reason quotes <script>


def test_page_is_deterministic():
    result = credscore.score(SEEDS[2].read_bytes())
    assert render([Entry("a", result)]) == render([Entry("a", credscore.score(SEEDS[2].read_bytes()))])


def test_overlapping_spans_are_cut_at_every_boundary():
    text = "abcdefghij"
    spans = [Span(1, 6, "style", "x"), Span(3, 8, "tone", "y"), Span(3, 4, "hedging", "z"), Span(9, 9, "tone", "e")]
    dom = _parse(f'<section class="doc" data-id="t"><div class="text">{highlight(text, spans, {})}</div></section>')
    marks = [(a, b, attrs["data-spans"]) for a, b, attrs in dom.docs[0]["marks"]]
    # Read by hand: b-c under style; d under all three; e-f under style and tone; g-h under tone;
    # the empty span at 9 marks nothing. Spans are listed by start, then end.
    assert marks == [
        (1, 3, "style/x@1-6"),
        (3, 4, "style/x@1-6 hedging/z@3-4 tone/y@3-8"),
        (4, 6, "style/x@1-6 tone/y@3-8"),
        (6, 8, "tone/y@3-8"),
    ]
    labels = [attrs.get("data-label") for _, _, attrs in dom.docs[0]["marks"]]
    assert labels == ["style", "hedging + tone", None, None]  # a label where each span starts
    assert dom.docs[0]["text"] == text


def test_unscorable_record_gets_an_error_section():
    page = render([Entry("bad", error="missing_field: no 'text' field"), Entry("ok", credscore.score(HOSTILE))])
    dom = _parse(page)
    assert len(dom.docs) == 2 and "missing_field" in page
    assert dom.rows[0][0] == "bad"


def _credscore(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "credscore", *args], check=False, capture_output=True, timeout=600)


def test_report_command_reads_jsonl_and_refuses_to_overwrite_an_input(tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps({"id": f"doc-{k}", "text": p.read_text(encoding="utf-8", errors="replace"),
                                        "date": "19 September" if k else "September 19, 2016"})
                            + "\n" for k, p in enumerate(SEEDS[:3])) + '{"id": "empty"}\n', encoding="utf-8")
    out = tmp_path / "sub" / "report.html"
    done = _credscore("report", str(data), "-o", str(out))
    assert done.returncode == 1, done.stderr.decode()  # the record without text is an error row
    # Two dates without a year are counted once in the summary, not reported per row.
    assert b"4 documents, 1 errors, 2 bad_published)" in done.stderr
    dom = _parse(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in dom.docs] == ["doc-0", "doc-1", "doc-2", "empty"]
    assert not (tmp_path / "sub" / "report.html.partial").exists()
    before = data.read_bytes()
    done = _credscore("report", str(data), "-o", str(data))
    assert done.returncode == 2 and b"is one of the inputs" in done.stderr
    assert data.read_bytes() == before
    done = _credscore("report", str(data), "-o", str(tmp_path))
    assert done.returncode == 2 and b"is a directory" in done.stderr


# --------------------------------------------------------------------------- a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage",
                  # Belt and braces beside the page's own policy: no name resolves, so nothing is fetched.
                  "--host-resolver-rules=MAP * ~NOTFOUND"]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    env = {**os.environ, "HOME": str(tmp_path)}
    return subprocess.run([CHROMIUM, *_BROWSER_FLAGS, f"--user-data-dir={profile}", *args], check=False,
                          capture_output=True, timeout=300, env=env)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_report_in_a_real_browser(tmp_path):
    results = [credscore.score(p.read_bytes()) for p in SEEDS] + [credscore.score(HOSTILE)]
    page = tmp_path / "report.html"
    page.write_text(render([Entry(p.name, r) for p, r in zip(SEEDS, results)] + [Entry("hostile", results[-1])]),
                    encoding="utf-8")
    shot = tmp_path / "shot.png"
    done = _chromium(tmp_path, "--window-size=1200,1800", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), done.stderr.decode(errors="replace")[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000  # a real rendering, not a blank page
    # The DOM after the page's script ran, sorted by score through the link.
    done = _chromium(tmp_path, "--dump-dom", page.as_uri() + "#sort=score")
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    dom = _parse(done.stdout.decode("utf-8"))
    _check_highlights(dom, results)
    assert not [t for t, a in dom.tags if t == "img"]  # the hostile text did not become markup
    shown = [float(row[1]) for row in dom.rows]
    assert shown == sorted(shown) and len(shown) == len(results)
    assert any(a.get("aria-sort") == "ascending" and a.get("data-col") == "score" for t, a in dom.tags if t == "th")


try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is in the test extra
    given = None

if given is not None:
    _SIGNALS = st.sampled_from(["style", "tone", "dates", "other"])

    @st.composite
    def _text_and_spans(draw):
        text = draw(st.text(alphabet=st.sampled_from(list("ab <&>\"'\n\u00e9")), max_size=40))
        n = len(text)
        spans = draw(st.lists(st.tuples(st.integers(0, n + 3), st.integers(0, n + 3), _SIGNALS,
                                        st.sampled_from(["x", "y"])), max_size=8))
        return text, [Span(min(a, b), max(a, b), sig, why) for a, b, sig, why in spans]

    @given(_text_and_spans())
    def test_highlight_keeps_text_and_covers_each_span_exactly(case):
        # Any text, any spans (overlapping, nested, empty, past the end): the
        # text comes back unchanged and each span's marks cover exactly it.
        text, spans = case
        dom = _parse(f'<section class="doc" data-id="t"><div class="text">{highlight(text, spans, {})}</div>'
                     "</section>")
        assert dom.docs[0]["text"] == text
        covered: dict[str, list[tuple[int, int]]] = {}
        for start, end, attrs in dom.docs[0]["marks"]:
            for code in attrs["data-spans"].split():
                covered.setdefault(code, []).append((start, end))
        for s in spans:
            end = min(s.end, len(text))
            key = f"{s.signal}/{s.reason}@{s.start}-{s.end}"
            if s.start >= end:
                assert key not in covered
                continue
            pieces = sorted(covered[key])
            assert pieces[0][0] == s.start and pieces[-1][1] == end
            assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
