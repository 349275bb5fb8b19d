"""style: how a page is written and laid out, apart from what it claims.

Design
------
Scraped pages written or spun by a chat-tuned language model share a house
style: stock phrases ("it is crucial", "a testament to", "navigate the complex
landscape", "only time will tell"), listicle layout ("- Label: sentence" items,
pipe tables, Title-Case and question headings), and, on content farms that
re-type or re-case the output, typographic damage: names left in lower case
("Vladimir putin" on a page that elsewhere writes "Putin") and sentences glued
together ("stability.Emphasizing", "sanctions,including"). None proves anything
alone; each is an interpretable count with its evidence.

- **AI-template phrasing** is matched on tokens with the phrase lexicon
  ``style_ai_phrases`` (see its header for how every entry was chosen and
  measured), counted on main-content tokens only.
- **Lower-cased proper nouns** ("Vladimir putin" on a page that writes
  "Putin" mid-sentence): ``credscore.signals.style_names``.
- **Missing space** after ``, ; : ! ?`` before a letter, or after ``.`` before a
  capitalised word, with two letters before the mark, so that initialisms
  ("U.S.", "e.g.", "a.m."), numbers ("3.5", "1,362") and domains ("example.com")
  do not fire; URLs, e-mail addresses and HTML entities are skipped.
- **Layout shares** over all non-blank lines: list items, "Label: text" lines,
  pipe-table rows, headings (heading-shaped lines by the Document's one rule,
  ``Document.is_heading``, that are also short and in Title Case); and the
  number of question headings ("What are the historical ties between Russia
  and North Korea?" alone on a line), a staple of SEO and LLM article
  templates. Only lines that can be one of these are read: a line opening
  with a lower-case letter (other than an "a)" list mark) and holding no pipe
  is none of them.

The phrase, name and spacing features read main content only (furniture lines,
``doc.line_boilerplate``, are skipped). The layout features describe the whole
page: the line classifier itself calls runs of short lines furniture, and a
listicle or a table is exactly such a run.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicon import load_phrases
from ..types import FeatureSpec, ReasonText, SignalResult, Span
from .style_names import lowercased_proper_nouns

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "style"
#: Where this family runs, and where its features appear in every output.
ORDER = 60

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "style_ai_phrases_per_1k_words",
        "AI-template stock phrases (style_ai_phrases lexicon) per 1,000 main-content words",
        0.0, 1000.0, "higher_worse", english_only=True,
        reason=ReasonText("AI-template phrases", ("style/ai_phrase",), "per_1k_words", "AI-template phrase"),
        in_model=True,
    ),
    FeatureSpec(
        "style_ai_phrase_count",
        "Number of AI-template stock phrases in the main content (grows with length: read it beside the rate)",
        0.0, math.inf, "higher_worse", english_only=True,
        reason=ReasonText("AI-template phrases", ("style/ai_phrase",), "count", "AI-template phrase"),
        why_not_in_model="a count that grows with length; the per-1,000-word rate enters",
    ),
    FeatureSpec(
        "style_lowercased_proper_nouns_per_1k_words",
        "Mid-sentence lower-case uses of words the page otherwise capitalises as names "
        "('Vladimir putin'), per 1,000 main-content words",
        0.0, 1000.0, "higher_worse", english_only=True,
        reason=ReasonText("names written in lower case after appearing capitalised",
                          ("style/lowercased_proper_noun",), "per_1k_words",
                          "name written in lower case after appearing capitalised"),
        in_model=True,
    ),
    FeatureSpec(
        "style_missing_space_per_1k_words",
        "Sentence or clause punctuation glued to the next word ('stability.Emphasizing', "
        "'sanctions,including') per 1,000 main-content words",
        0.0, 1000.0, "higher_worse",
        reason=ReasonText("missing spaces after punctuation", ("style/missing_space",), "per_1k_words",
                          "missing space after punctuation"),
        in_model=True,
    ),
    FeatureSpec(
        "style_list_line_share",
        "Share of non-blank lines that are list items ('- ', '1. ', '• ')",
        0.0, 1.0, "neutral",
        reason=ReasonText("of lines are list items", ("style/list_line",), "share"),
        why_not_in_model="layout: lists are neither more nor less credible (an editor would not cite them)",
    ),
    FeatureSpec(
        "style_label_line_share",
        "Share of non-blank lines shaped 'Short Label: sentence', the bold-label list item of LLM templates",
        0.0, 1.0, "higher_worse",
        reason=ReasonText("of lines are 'Label: text' template lines", ("style/label_line",), "share"),
        in_model=True,
    ),
    FeatureSpec(
        "style_table_line_share",
        "Share of non-blank lines that are pipe-table rows ('a | b |')",
        0.0, 1.0, "neutral",
        reason=ReasonText("of lines are table rows", ("style/table_line",), "share"),
        why_not_in_model="layout: tables are neither more nor less credible",
    ),
    FeatureSpec(
        "style_heading_line_share",
        "Share of non-blank lines that are short Title-Case headings",
        0.0, 1.0, "neutral",
        reason=ReasonText("of lines are headings", ("style/heading_line",), "share"),
        why_not_in_model="layout, and on ReCOVery a publisher template marker (publisher NMI 0.096, the highest)",
    ),
    FeatureSpec(
        "style_question_heading_count",
        "Number of lines that are a lone question used as a heading",
        0.0, math.inf, "higher_worse",
        reason=ReasonText("question headings", ("style/question_heading",), "count", "question heading"),
        in_model=True,
    ),
)


@dataclass(frozen=True)
class StyleConfig:
    """Thresholds of the style signal."""

    #: Longest heading, in tokens. News and LLM section heads run 2 to 10
    #: words (seed 000's longest is 8; tuned on the seed documents); a longer
    #: line without end punctuation is prose.
    heading_max_tokens: int = 12
    #: Longest question heading, in tokens ("What are the historical ties
    #: between Russia and North Korea?" is 11; FAQ heads rarely pass 15).
    question_heading_max_tokens: int = 20
    #: Longer lines are never question headings (20 tokens of ten
    #: characters), so they are not tokenised for the heading tests.
    heading_max_chars: int = 200
    #: A line is Title Case when at least this share of its words of four or
    #: more letters (after the first) are capitalised. Four letters skips the
    #: function words that headline style leaves lower case ("of", "the",
    #: "and", "in").
    title_case_min_share: float = 0.75
    #: A list label ("- Economic Viability: ...") has at most this many
    #: words; a longer run before a colon is a sentence that happens to
    #: contain one.
    label_max_words: int = 6
    #: After a label's colon, a run longer than this, in tokens, is a
    #: sentence without checking its case (a Title-Case subtitle is never
    #: that long).
    prose_min_tokens: int = 30


CONFIG = StyleConfig

#: Questions open with these in headings ("What are...", "How will...").
QUESTION_WORDS = frozenset(
    ["what", "why", "how", "who", "whom", "whose", "when", "where", "which", "is", "are", "was", "were", "can", "could",
     "should", "would", "will", "do", "does", "did", "has", "have"]
)

_LIST_ITEM = re.compile(r"(?:[-*\u2022\u25cf\u25aa\u25e6\u2023\u00b7]|\d{1,3}[.)]|[a-z]\))\s+\S")
_LABEL = re.compile(r"(?:(?:[-*\u2022\u25cf\u25aa\u25e6\u2023\u00b7]|\d{1,3}[.)])\s+)?([A-Z][^:!?|\n]{0,60}):\s+\S")
#: On a line opening with a capital, a label's colon comes before this offset (see ``_LABEL``).
_LABEL_COLON_BY = 62
#: The marks of "Missing space" above. Two letters must precede the mark
#: (checked in code: a lookbehind tried at every character costs 0.04 s per
#: MB). One opening character class lets the engine skip to the marks in C.
_MISSING_SPACE = re.compile(r"[,;:!?.](?:(?<=[,;:!?])(?=[^\W\d_])|(?<=\.)(?=[A-Z][a-z]))")
#: Inside these, glued punctuation is syntax, not a typo.
_URLISH = ("/", "@", "&", "=", "#", "www")
_QUOTES = "\"'"


def _words(doc: Document, first: int, last: int) -> list[str]:
    return [doc.norm[doc.tok_start[j]:doc.tok_end[j]] for j in range(first, last)]


def _is_title_case(words: list[str], cfg: StyleConfig) -> bool:
    long_words = [w for w in words[1:] if len(w) >= 4 and w[0].isalpha()]
    if not long_words:
        return bool(words) and words[0][0].isupper()
    return sum(w[0].isupper() for w in long_words) >= cfg.title_case_min_share * len(long_words)


#: The same characters as ``str.isspace`` (both use Python's Unicode table).
_SPACE = re.compile(r"\s").search
_PIPE = re.compile(r"\|")
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _chunk_is_urlish(norm: str, pos: int) -> bool:
    """Whether the whitespace-free run around ``pos`` (80 chars each way at
    most, so adversarial input stays linear) looks like a URL or markup."""
    low = max(pos - 80, 0)
    start = max(norm.rfind(" ", low, pos), norm.rfind("\n", low, pos), low - 1) + 1
    limit = min(pos + 80, len(norm))
    space = _SPACE(norm, pos, limit)  # in C: a Python loop here ran 0.07 MB/s on "Ab." * n
    end = space.start() if space else limit
    chunk = norm[start:end].lower()
    return any(mark in chunk for mark in _URLISH)


class _Layout:
    """Counts of the layout sub-signal, and what the name test must skip."""

    def __init__(self) -> None:
        self.lists = self.labels = self.tables = self.headings = self.questions = 0
        self.not_prose: set[int] = set()  # heading and table lines: Title Case there is decoration
        self.label_colon: dict[int, int] = {}  # line -> offset of the label's colon
        self.spans: list[Span] = []


def _layout_lines(doc: Document, cfg: StyleConfig) -> list[int]:
    """The non-blank lines that may be a table row, list item, label or
    heading: all but those opening with a lower-case ASCII letter not
    followed by ")", and those opening with a capital that are too long for
    a heading with no colon where a label's would be (most paragraphs),
    unless they hold two pipes."""
    norm, trim_start, trim_end = doc.norm, doc.trim_start, doc.trim_end
    lower, upper, longest = _ASCII_LOWER, _ASCII_UPPER, cfg.heading_max_chars
    maybe = [i for i in doc.content_lines
             if (norm[trim_start[i]] not in lower or norm[trim_start[i] + 1:trim_start[i] + 2] == ")")
             and (trim_end[i] - trim_start[i] <= longest or norm[trim_start[i]] not in upper
                  or norm.find(":", trim_start[i], trim_start[i] + _LABEL_COLON_BY) >= 0)]
    pipes = Counter(doc.line_of([m.start() for m in _PIPE.finditer(norm)]))
    tables = [i for i, n in pipes.items() if n >= 2]
    return sorted(set(maybe).union(tables)) if tables else maybe


def _layout(doc: Document, cfg: StyleConfig) -> _Layout:
    """List items, labels, table rows, headings and question headings."""
    norm = doc.norm
    out = _Layout()
    spans = out.spans
    for line in _layout_lines(doc, cfg):
        start, end = doc.trimmed(line)
        stripped = norm[start:end]
        if stripped.count("|") >= 2:
            out.tables += 1
            out.not_prose.add(line)
            spans.append(Span(start, end, SIGNAL, "table_line"))
            continue
        is_list = _LIST_ITEM.match(stripped) is not None
        if is_list:
            out.lists += 1
            spans.append(Span(start, end, SIGNAL, "list_line"))
        if _label(doc, cfg, line, start, stripped, out):
            continue
        if is_list or len(stripped) > cfg.heading_max_chars or not stripped[0].isupper():
            continue
        first_tok, last_tok = doc.line_tok_start[line], doc.line_tok_end[line]
        if not 0 < last_tok - first_tok <= cfg.question_heading_max_tokens or any(q in stripped for q in _QUOTES):
            continue
        words = _words(doc, first_tok, last_tok)
        if stripped[-1] == "?":
            one_sentence = bisect_right(doc.sent_line, line) - bisect_right(doc.sent_line, line - 1) == 1
            if one_sentence and (words[0].lower() in QUESTION_WORDS or _is_title_case(words, cfg)):
                out.questions += 1
                out.headings += 1
                out.not_prose.add(line)
                spans.append(Span(start, end, SIGNAL, "question_heading"))
        elif stripped[-1] not in ".,;:!" and doc.is_heading(line) and last_tok - first_tok <= cfg.heading_max_tokens \
                and _is_title_case(words, cfg):
            out.headings += 1
            out.not_prose.add(line)
            spans.append(Span(start, end, SIGNAL, "heading_line"))
    return out


def _label(doc: Document, cfg: StyleConfig, line: int, start: int, stripped: str, out: _Layout) -> bool:
    """Count a "Short Label: sentence" line; whether it was one."""
    label = _LABEL.match(stripped)
    if not label or len(label.group(1).split()) > cfg.label_max_words or ". " in label.group(1):
        return False
    colon = start + label.end(1)
    rest_first = bisect_right(doc.tok_start, colon)
    rest_last = doc.line_tok_end[line]
    rest = _words(doc, rest_first, rest_last) if rest_last - rest_first <= cfg.prose_min_tokens else []
    if rest_last - rest_first < 3 or (rest and _is_title_case(rest, cfg)):
        return False
    out.labels += 1
    out.label_colon[line] = colon
    out.spans.append(Span(start + label.start(1), colon, SIGNAL, "label_line"))
    return True


def _missing_space(doc: Document) -> list[Span]:
    """Punctuation glued to the next word, on main-content lines."""
    norm, boiler, line_start, tok_start = doc.norm, doc.line_boilerplate, doc.line_start, doc.tok_start
    spans: list[Span] = []
    for m in _MISSING_SPACE.finditer(norm):
        pos = m.start()
        if not (norm[pos - 2:pos].isalpha() and pos >= 2) or boiler[bisect_right(line_start, pos) - 1] \
                or _chunk_is_urlish(norm, pos):
            continue
        before = bisect_right(tok_start, pos) - 1
        spans.append(Span(tok_start[before], doc.tok_end[before + 1], SIGNAL, "missing_space"))
    return spans


def _ai_phrases(doc: Document) -> list[Span]:
    """AI-template phrases on main-content lines. A phrase never leaves its
    sentence, nor so its line: matching the whole page and dropping matches
    on furniture lines equals matching main content."""
    if not doc.main_tokens:
        return []
    boiler, tok_line = doc.line_boilerplate, doc.tok_line
    return [Span(doc.tok_start[match.first], doc.tok_end[match.last], SIGNAL, "ai_phrase")
            for match in load_phrases("style_ai_phrases").finditer(doc.tok_lower, doc.tok_sent)
            if not boiler[tok_line[match.first]]]


def compute(doc: Document, config: StyleConfig | None = None) -> SignalResult:
    cfg = config or StyleConfig()
    layout = _layout(doc, cfg)
    missing = _missing_space(doc)
    lowercased = lowercased_proper_nouns(doc, layout.not_prose, layout.label_colon, cfg.title_case_min_share)
    phrases = _ai_phrases(doc)
    n_lines = len(doc.content_lines)
    share = (lambda k: k / n_lines) if n_lines else (lambda k: 0.0)
    spans = sorted([*layout.spans, *missing, *lowercased, *phrases])
    return SignalResult(
        {
            "style_ai_phrases_per_1k_words": doc.per_1k(len(phrases)),
            "style_ai_phrase_count": float(len(phrases)),
            "style_lowercased_proper_nouns_per_1k_words": doc.per_1k(len(lowercased)),
            "style_missing_space_per_1k_words": doc.per_1k(len(missing)),
            "style_list_line_share": share(layout.lists),
            "style_label_line_share": share(layout.labels),
            "style_table_line_share": share(layout.tables),
            "style_heading_line_share": share(layout.headings),
            "style_question_heading_count": float(layout.questions),
        },
        spans,
    )
