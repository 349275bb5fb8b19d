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
from typing import TYPE_CHECKING

from ..lexicon import load_phrases
from ..types import FeatureSpec, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "page"

#: A notice is interface text: a line of at most this many words. The
#: notice paragraphs in tests/cases/junk.json run to 40 words (a login
#: wall); the paragraph of news in tests/cases/page.json that mentions "page
#: not found" has 70, and a sentence of news prose averages about 20 words.
#: A cookie wall's long consent paragraph (62 words) is caught by its short
#: button lines ("Accept all", "Manage settings") instead.
NOTICE_LINE_MAX_WORDS = 40
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


def compute(doc: Document) -> SignalResult:
    text = doc.text
    spans: list[Span] = []
    lines = [(i, s, e) for i, (s, e) in enumerate(zip(doc.line_start, doc.line_end)) if text[s:e].strip()]
    total = sum(e - s for _, s, e in lines)

    # Markup: character ranges, merged with whole code lines.
    covered = bytearray(len(text)) if total else bytearray()
    for start, end, reason in _markup_ranges(text):
        covered[start:end] = b"\x01" * (end - start)
        spans.append(Span(start, end, SIGNAL, reason))
    notices = notice_chars = link_chars = 0
    table = load_phrases("page_notices")
    for i, s, e in lines:
        segment = text[s:e]
        if "{" in segment or "}" in segment or _JSON_KEY_LINE.match(segment):
            covered[s:e] = b"\x01" * (e - s)
            spans.append(Span(s, e, SIGNAL, "code_line"))
        first, last = doc.line_tok_start[i], doc.line_tok_end[i]
        if 0 < last - first <= NOTICE_LINE_MAX_WORDS:
            match = next(iter(table.finditer(doc.tok_lower[first:last])), None)
            if match is not None:
                notices += 1
                notice_chars += e - s
                spans.append(Span(doc.tok_start[first + match.first], doc.tok_end[first + match.last], SIGNAL,
                                  f"notice_{match.tag}"))
        if doc.line_boilerplate_reason[i] in LINK_LIST_REASONS or _URL_LINE.fullmatch(segment.strip()):
            link_chars += e - s
            spans.append(Span(s, e, SIGNAL, "link_list"))
    markup = sum(covered[s:e].count(1) for _, s, e in lines) if total else 0
    features = {
        "page_markup_char_share": markup / total if total else 0.0,
        "page_notice_count": float(notices),
        "page_notice_char_share": notice_chars / total if total else 0.0,
        "page_link_list_char_share": link_chars / total if total else 0.0,
    }
    return SignalResult(features, spans)
