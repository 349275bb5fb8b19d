"""page: is this text an article at all, or what a crawler saved instead?

Design
------
Three kinds of input look like documents to a pipeline and are not articles;
every measure here works on characters and line structure, so it applies in
any language:

- *Markup left in the text*: HTML tags, character entities (``&amp;``),
  script and style blocks, and code or data lines (a line holding ``{`` or
  ``}``: C4 drops a whole page for one curly bracket, Raffel et al. 2020,
  section 2.2, as datatrove's ``C4QualityFilter`` does; we count the line
  instead, so one stray brace costs one line, not the page). A JSON blob is
  all code lines, pretty-printed or not (a line opening with '"key":' is
  data too).
- *Notices in place of an article*: error, paywall, consent (cookie wall) and
  login pages, found with the phrases of ``page_notices.txt`` on short lines
  (a notice is a line of interface text; a phrase inside a long paragraph is
  an article talking about it).
- *Link and teaser lists*: lines the boilerplate classifier labelled as runs
  of short title-like lines, teasers, related-content blocks or repeated
  titles, plus lines that are a bare URL. A page of headlines is one long
  such run.

The scores that read these (``credscore.quality``) decide what is an
unscorable page; this module only measures and points at the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, count
from operator import not_, sub
from typing import TYPE_CHECKING

import numpy as np

from ..lexicon import load_phrases
from ..types import FeatureSpec, ReasonText, SignalResult, Span, capped_spans

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "page"
#: Where this family runs, and where its features appear in every output.
ORDER = 130



@dataclass(frozen=True)
class PageConfig:
    """Thresholds of the page signal."""

    #: A notice is interface text: a line of at most this many words. The
    #: notice paragraphs in tests/cases/junk.json run to 40 words (a login
    #: wall); the paragraph of news in tests/cases/page.json that mentions
    #: "page not found" has 70, and a sentence of news prose averages about
    #: 20 words. A cookie wall's long consent paragraph (62 words) is caught
    #: by its short button lines ("Accept all", "Manage settings") instead.
    notice_line_max_words: int = 40


CONFIG = PageConfig

#: Boilerplate reasons that mean "a list of links or teasers".
LINK_LIST_REASONS = frozenset({"short_line_run", "teaser", "related_content", "repeated_title"})

#: An HTML or XML tag (bounded attribute run keeps the scan linear).
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]{0,30}(?:\s[^<>\n]{0,400})?/?>|<!(?:DOCTYPE|doctype|--)[^<>\n]{0,400}>")
#: A named or numeric character entity.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,9}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_SCRIPT_OPEN = re.compile(r"<(?:script|style|noscript)\b", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</(?:script|style|noscript)\s{0,10}>", re.IGNORECASE)
#: A line that opens with a JSON key ('"body": ...'): pretty-printed data,
#: whose long string values would otherwise read as prose.
_JSON_KEY_LINE = re.compile(r'\s{0,40}"[^"\n]{1,100}"\s{0,5}:')
#: A line that is only a URL (a link list printed as text).
_URL_LINE = re.compile(r"(?:https?://|www\.)\S{1,2000}")
_URL_START = re.compile(r"https?://|www\.")
_BRACE = re.compile(r"[{}]")
#: Format characters that are not white space in ``text`` but fold to spaces
#: in ``norm`` (``document._FOLD``).
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2061", "\u2062", "\u2063", "\u2064")

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "page_markup_char_share",
        "Share of non-blank characters that are markup left in the text: HTML tags, character "
        "entities, script and style blocks, and code or data lines (a line with a curly bracket, "
        "C4's JavaScript rule applied per line).",
        0.0, 1.0, "higher_worse",
        reason=ReasonText("of the page is markup left in the text (tags, entities, scripts, code lines)",
                          ("page/tag", "page/entity", "page/script", "page/code_line"), "share"),
    ),
    FeatureSpec(
        "page_notice_count",
        "Short lines carrying an error, paywall, consent (cookie wall) or login notice "
        "(page_notices.txt).",
        0.0, 50.0, "higher_worse",
        reason=ReasonText("error, paywall, consent or login notices", ("page/notice_*",), "count",
                          "error, paywall, consent or login notice"),
    ),
    FeatureSpec(
        "page_notice_char_share",
        "Share of non-blank characters on notice lines.",
        0.0, 1.0, "higher_worse",
        reason=ReasonText("of the page is error, paywall, consent or login notices", ("page/notice_*",), "share"),
    ),
    FeatureSpec(
        "page_link_list_char_share",
        "Share of non-blank characters on lines that are links, headlines or teasers in a list "
        "(the boilerplate classifier's runs of short title-like lines, teasers, related-content "
        "blocks and repeated titles, and bare URL lines).",
        0.0, 1.0, "higher_worse",
        reason=ReasonText("of the page is link, headline or teaser lists", (), "share"),
    ),
)


def _markup_ranges(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of script/style blocks, tags and entities."""
    found: list[tuple[int, int, str]] = []
    at = 0
    while True:
        match = _SCRIPT_OPEN.search(text, at)
        if match is None:
            break
        close = _SCRIPT_CLOSE.search(text, match.end())
        if close is None:
            break  # an unclosed block: its tags still count below
        found.append((match.start(), close.end(), "script"))
        at = close.end()
    blocks = list(found)
    k = 0
    for regex, reason in ((_TAG, "tag"), (_ENTITY, "entity")):
        for m in regex.finditer(text):
            while k < len(blocks) and blocks[k][1] <= m.start():
                k += 1
            if k < len(blocks) and blocks[k][0] <= m.start():
                continue  # inside a script block, already counted
            found.append((m.start(), m.end(), reason))
        k = 0
    return found


def _lines_with(doc: Document, regex: re.Pattern[str], *needles: str) -> set[int]:
    """The lines on which ``regex`` matches somewhere in ``doc.text`` (none
    when the text holds none of the ``needles``, a check at memchr speed)."""
    if not any(needle in doc.text for needle in needles):
        return set()
    return set(doc.line_of([m.start() for m in regex.finditer(doc.text)]))


def _non_blank_lines(doc: Document) -> list[int]:
    """Lines with a character that is not white space in ``text``: the
    Document's content lines, plus a line of invisible format characters
    (a byte-order mark alone), which ``norm`` folds to spaces."""
    if not any(ch in doc.text for ch in _INVISIBLE):
        return doc.content_lines
    text = doc.text
    return [i for i, (s, e) in enumerate(zip(doc.line_start, doc.line_end)) if text[s:e].strip()]


def _code_lines(doc: Document, lines: list[int]) -> list[int]:
    """Lines holding a curly bracket or opening with a JSON key."""
    code = _lines_with(doc, _BRACE, "{", "}")
    text = doc.text
    # A JSON key line opens with a straight double quote past its white
    # space, in ``norm`` as in ``text`` (a superset, checked exactly).
    content = doc.content_lines
    firsts = map(doc.norm.__getitem__, map(doc.trim_start.__getitem__, content))
    quoted = compress(content, map('"'.__eq__, firsts))
    code.update(i for i in quoted if _JSON_KEY_LINE.match(text, doc.line_start[i], doc.line_end[i]))
    return sorted(code.intersection(lines))


def _notices(doc: Document, cfg: PageConfig) -> list[tuple[int, Span]]:
    """(line, span) of each short line with a notice phrase; only lines
    holding one of the phrases' anchor words can match."""
    table = load_phrases("page_notices")
    anchors = table.anchors
    starts, ends, lower = doc.line_tok_start, doc.line_tok_end, doc.tok_lower
    if anchors.isdisjoint(lower):
        return []
    # Only a short line's tokens are looked at, line by line in C: most of
    # a news page's tokens sit in paragraphs too long to be a notice.
    short = list(compress(count(), map(range(1, cfg.notice_line_max_words + 1).__contains__, map(sub, ends, starts))))
    tokens = map(lower.__getitem__, map(slice, map(starts.__getitem__, short), map(ends.__getitem__, short)))
    found = []
    for i in compress(short, map(not_, map(anchors.isdisjoint, tokens))):
        first, last = starts[i], ends[i]
        match = next(iter(table.finditer(lower[first:last])), None)
        if match is not None:
            found.append((i, Span(doc.tok_start[first + match.first], doc.tok_end[first + match.last], SIGNAL,
                                  f"notice_{match.tag}")))
    return found


def _link_lines(doc: Document, lines: list[int]) -> list[int]:
    """Lines the classifier put in a link or teaser list, and bare URL lines."""
    reasons = doc.line_boilerplate_reason
    found = {i for i in lines if reasons[i] in LINK_LIST_REASONS}
    text = doc.text
    for i in _lines_with(doc, _URL_START, "http", "www.") - found:
        if _URL_LINE.fullmatch(text[doc.line_start[i]:doc.line_end[i]].strip()):
            found.add(i)
    return sorted(found.intersection(lines))


def compute(doc: Document, config: PageConfig | None = None) -> SignalResult:
    cfg = config or PageConfig()
    text = doc.text
    spans: list[Span] = []
    lines = _non_blank_lines(doc)

    def chars(which: list[int]) -> int:
        return sum(map(sub, map(doc.line_end.__getitem__, which), map(doc.line_start.__getitem__, which)))

    total = chars(lines)

    # Markup: character ranges, merged with whole code lines.
    covered = bytearray(len(text)) if total else bytearray()
    for s, e, reason in _markup_ranges(text):
        covered[s:e] = b"\x01" * (e - s)
        spans.append(Span(s, e, SIGNAL, reason))
    for i in _code_lines(doc, lines):
        s, e = doc.line_start[i], doc.line_end[i]
        covered[s:e] = b"\x01" * (e - s)
        spans.append(Span(s, e, SIGNAL, "code_line"))
    notices = _notices(doc, cfg)
    spans.extend(span for _, span in notices)
    links = _link_lines(doc, lines)
    unbuilt: dict[tuple[str, str], int] = {}
    spans += capped_spans(links, lambda i: (doc.line_start[i], doc.line_end[i]), SIGNAL, "link_list", unbuilt)
    markup = 0
    if total and covered.find(1) >= 0:
        before = np.concatenate(([0], np.cumsum(np.frombuffer(bytes(covered), dtype=np.uint8), dtype=np.int64)))
        markup = int((before[np.asarray(doc.line_end)[lines]] - before[np.asarray(doc.line_start)[lines]]).sum())
    features = {
        "page_markup_char_share": markup / total if total else 0.0,
        "page_notice_count": float(len(notices)),
        "page_notice_char_share": chars([i for i, _ in notices]) / total if total else 0.0,
        "page_link_list_char_share": chars(links) / total if total else 0.0,
    }
    return SignalResult(features, spans, unbuilt=unbuilt)
