"""repetition: duplicated lines, paragraphs, n-grams and headings.

Design
------
Repetition is the cheapest tell of a page that was assembled rather than
written: sidebars that list the same teasers twice (seed 002's "LATEST
CONTENT" and "Últimas publicaciones"), a title printed twice (seed 004),
generated articles that restart with a second "Conclusion" (seed 003), spun
text that reuses the same phrases. The measures follow Gopher's repetition
filter (Rae et al. 2021, "Scaling Language Models: Methods, Analysis &
Insights from Training Gopher", Appendix A, Table A1), as RedPajama-V2's
quality signals define them on words (``rps_doc_frac_chars_top_2gram``,
``rps_doc_frac_chars_dupe_5grams``...), re-implemented here on our tokens:

- *duplicate line/paragraph share*: second and later copies of a non-blank
  line (paragraph), by count and by characters. Computed over the whole page
  (page quality: furniture repeated by the template counts), plus one
  main-content-only variant (article quality: repetition in what the author
  wrote).
- *top n-gram character share* (n = 2, 3, 4): characters of the most frequent
  word n-gram times its count, over all word characters; 0 when no n-gram
  occurs twice (as RedPajama does; a lone n-gram is not repetition).
- *duplicate n-gram character share* (n = 5, 10): characters of the words
  covered by any n-gram that occurs at least twice (every occurrence,
  overlaps counted once), over all word characters.

Words are the main-content tokens (``doc.main_tokens``), lower-cased; the
denominators count word characters only, not spaces or punctuation.

Only n = 5 and n = 10 are kept of Gopher's 5..10: coverage by duplicated
n-grams is monotone in n (every word covered by a duplicated 10-gram is
covered by a duplicated 5-gram), so 6..9 lie between the two and add little
for a model, while each costs another pass.

Speed: each word gets a dense integer id, and each n-gram the dense id of
the pair (its (n-1)-gram's id, its last word's id), so one ``np.unique``
per length counts every n-gram exactly (no hashing, no collisions); a
10-gram is the pair of its two 5-gram halves. Python tuples and a Counter
per length cost about four times as much.

Headings: a heading is a short main-content line without sentence-final
punctuation. A heading *repeats* an earlier one when it is the same text,
shares the label before a colon ("Conclusion: Looking Ahead" / "Conclusion:
The Road Ahead..."), or shares most of its content-word stems ("Historical
Context of Russian-North Korean Relations" / "Historic Background of
Russia-North Korea Relations"). Not English-only: the tests are on token
shapes, not on an English lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING

from ..types import FeatureSpec, ReasonText, SignalResult, Span, capped_spans
from .ngrams import ngram_repetition

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "repetition"
#: Where this family runs, and where its features appear in every output.
ORDER = 50


@dataclass(frozen=True)
class RepetitionConfig:
    """The family's thresholds; each default says where it comes from."""

    #: Gopher's thresholds (Rae et al. 2021, Table A1), used here only to
    #: decide when a top n-gram is worth showing as evidence; the features
    #: stay graded.
    #: For n = 2, 3 and 4.
    top_ngram_evidence_share: tuple[float, float, float] = (0.20, 0.18, 0.16)
    #: Most words analysed for n-grams: 100,000 words is 8 times ReCOVery's
    #: longest article; past it the counts describe the first 100,000 words.
    max_ngram_words: int = 100_000
    #: A heading (``Document.is_heading``) counts here when it has at most
    #: this many words (seed 003's longest section title, "Conclusion: The
    #: Road Ahead for Russo-North Korean Relations", has 9 words).
    heading_max_words: int = 12
    #: Near-duplicate headings: at least this Jaccard overlap of content-word
    #: stems, each heading having at least ``heading_min_stems`` of them.
    #: Stems are the first 5 characters of words of 4+ letters, so
    #: "historical"/"historic" and "russian"/"russia" meet and "of"/"the" drop
    #: out without a stop list. 0.6 was chosen by reading seed 003: its two
    #: history headings score 0.71, its unrelated ones ("Key Features of the
    #: Mutual Defense Treaty" / "Potential Benefits of the Treaty") 0.14.
    heading_stem_jaccard: float = 0.6
    heading_min_stems: int = 3
    heading_stem_chars: int = 5
    heading_min_word_chars: int = 4
    #: Near-duplicate matching is pairwise, so it stops after this many
    #: headings (a page with 300 section headings is a listing, not an article).
    max_fuzzy_headings: int = 300
    #: The title is looked for among the first few non-blank lines...
    title_lookahead_lines: int = 3
    #: ...and has at least 3 words, so that a "Menu" or "Home" link repeated
    #: in the header and the footer is not taken for a repeated title.
    title_min_words: int = 3


CONFIG = RepetitionConfig

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec("repetition_dup_line_share",
                "Share of non-blank lines (whole page) that repeat an earlier line exactly (Gopher).",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of lines repeat an earlier line", ("repetition/duplicate_line",), "share"),
                why_not_in_model="page-level duplicate of repetition_main_dup_line_char_share"),
    FeatureSpec("repetition_dup_line_char_share",
                "Characters in repeated lines over characters in all non-blank lines (whole page, Gopher).",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of characters are in repeated lines", ("repetition/duplicate_line",), "share"),
                why_not_in_model="page-level duplicate of repetition_main_dup_line_char_share"),
    FeatureSpec("repetition_dup_paragraph_share",
                "Share of paragraphs (whole page) that repeat an earlier paragraph exactly (Gopher).",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of paragraphs repeat an earlier one", ("repetition/duplicate_paragraph",), "share"),
                why_not_in_model="page-level duplicate of repetition_main_dup_line_char_share"),
    FeatureSpec("repetition_dup_paragraph_char_share",
                "Characters in repeated paragraphs over characters in all paragraphs (whole page, Gopher).",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of characters are in repeated paragraphs",
                                  ("repetition/duplicate_paragraph",), "share"),
                why_not_in_model="page-level duplicate of repetition_main_dup_line_char_share"),
    FeatureSpec("repetition_main_dup_line_char_share",
                "Like repetition_dup_line_char_share, over main-content lines only (article quality).",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of the article's characters are in repeated lines",
                                  ("repetition/duplicate_line",), "share"),
                in_model=True),
    FeatureSpec("repetition_top_2gram_char_share",
                "Characters of the most frequent repeated word 2-gram times its count, over word characters.",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of the text is its most frequent word pair", ("repetition/top_2gram",), "share"),
                why_not_in_model="the 4-gram share carries the same idea with fewer false alarms"),
    FeatureSpec("repetition_top_3gram_char_share",
                "Characters of the most frequent repeated word 3-gram times its count, over word characters.",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of the text is its most frequent 3-word phrase", ("repetition/top_3gram",), "share"),
                why_not_in_model="the 4-gram share carries the same idea with fewer false alarms"),
    FeatureSpec("repetition_top_4gram_char_share",
                "Characters of the most frequent repeated word 4-gram times its count, over word characters.",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of the text is its most frequent 4-word phrase", ("repetition/top_4gram",), "share"),
                in_model=True),
    FeatureSpec("repetition_dup_5gram_char_share",
                "Share of word characters covered by word 5-grams that occur at least twice.",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of the text is in repeated 5-word passages", (), "share"),
                why_not_in_model="the 10-gram share carries the same idea (copied passages)"),
    FeatureSpec("repetition_dup_10gram_char_share",
                "Share of word characters covered by word 10-grams that occur at least twice (copied passages).",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of the text is in repeated 10-word passages",
                                  ("repetition/duplicated_passage",), "share"),
                in_model=True),
    FeatureSpec("repetition_redundant_10gram_char_share",
                "Share of word characters in the second and later copies of repeated word 10-grams: what the "
                "text would lose if each copied passage were kept once (Gopher's duplicate n-gram fraction).",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of the text repeats passages it already holds",
                                  ("repetition/duplicated_passage",), "share"),
                why_not_in_model="read by the quality facet; the model has the 10-gram coverage share"),
    FeatureSpec("repetition_repeated_heading_count",
                "Main-content headings that repeat an earlier heading (same text, same label before a colon, "
                "or mostly the same words).",
                # A count: ReCOVery's largest is 45, and a page can repeat more.
                0.0, float("inf"), "higher_worse",
                reason=ReasonText("repeated headings", ("repetition/repeated_heading",), "count", "repeated heading"),
                in_model=True),
    FeatureSpec("repetition_title_repeated",
                "1 if one of the first non-blank, title-like lines occurs again verbatim later on the page.",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("the title is repeated further down the page", ("repetition/repeated_title",),
                                  "yes_no", "the title is not repeated"),
                in_model=True),
)


def compute(doc: Document, config: RepetitionConfig | None = None) -> SignalResult:
    cfg = config or RepetitionConfig()
    spans: list[Span] = []
    features: dict[str, float] = {}
    lines, line_texts, line_spans = _non_blank_lines(doc)

    share, char_share, dup_idx = _duplicates(line_texts)
    features["repetition_dup_line_share"] = share
    features["repetition_dup_line_char_share"] = char_share
    unbuilt: dict[tuple[str, str], int] = {}
    spans += capped_spans(dup_idx, line_spans.__getitem__, SIGNAL, "duplicate_line", unbuilt)

    para_texts = [doc.norm[s:e] for s, e in doc.paragraphs]
    share, char_share, dup_idx = _duplicates(para_texts)
    features["repetition_dup_paragraph_share"] = share
    features["repetition_dup_paragraph_char_share"] = char_share
    multi_line = [k for k in dup_idx if "\n" in para_texts[k]]  # one-line ones are already duplicate_line
    spans += capped_spans(multi_line, doc.paragraphs.__getitem__, SIGNAL, "duplicate_paragraph", unbuilt)

    boiler = doc.line_boilerplate
    main = [k for k, i in enumerate(lines) if not boiler[i]]
    features["repetition_main_dup_line_char_share"] = _duplicates([line_texts[k] for k in main])[1]

    ngram_features, ngram_spans = _ngram_repetition(doc, cfg, unbuilt)
    features.update(ngram_features)
    spans += ngram_spans

    heading_count, heading_spans = _repeated_headings(doc, [(lines[k], line_spans[k]) for k in main], cfg)
    features["repetition_repeated_heading_count"] = float(heading_count)
    spans += heading_spans

    title_span = _repeated_title(doc, lines, line_texts, line_spans, cfg)
    features["repetition_title_repeated"] = 1.0 if title_span else 0.0
    if title_span:
        spans.append(Span(*title_span, SIGNAL, "repeated_title"))

    spans.sort()
    return SignalResult(features, spans, unbuilt=unbuilt)


def _non_blank_lines(doc: Document) -> tuple[list[int], list[str], list[tuple[int, int]]]:
    """Each non-blank line's index, trimmed text and trimmed span."""
    lines = doc.content_lines
    spans = list(zip(map(doc.trim_start.__getitem__, lines), map(doc.trim_end.__getitem__, lines)))
    norm = doc.norm
    return lines, [norm[a:b] for a, b in spans], spans


def _duplicates(items: list[str]) -> tuple[float, float, list[int]]:
    """Share of items that repeat an earlier one, their character share, and
    the indices of those repeats (second and later copies)."""
    if len(set(items)) == len(items):  # nothing repeats (most lists): no Python step per item
        return 0.0, 0.0, []
    seen: set[str] = set()
    repeats: list[int] = []
    for k, item in enumerate(items):
        if item in seen:
            repeats.append(k)
        else:
            seen.add(item)
    total_chars = sum(map(len, items))
    if not items or not total_chars:
        return 0.0, 0.0, []
    dup_chars = sum(len(items[k]) for k in repeats)
    return len(repeats) / len(items), dup_chars / total_chars, repeats


def _ngram_repetition(
    doc: Document, config: RepetitionConfig | None, unbuilt: dict[tuple[str, str], int]
) -> tuple[dict[str, float], list[Span]]:
    cfg = config or RepetitionConfig()
    return ngram_repetition(doc, cfg.max_ngram_words, cfg.top_ngram_evidence_share, unbuilt)


# -- headings ----------------------------------------------------------------


def _heading_words(doc: Document, line: int, start: int, end: int, cfg: RepetitionConfig) -> list[str] | None:
    """The line's lower-cased words if it is a heading (``Document.is_heading``)
    that opens with a capital or a digit and is not a "|"-separated strip of
    links, else None (``start``, ``end``: the line's trimmed span)."""
    if not doc.is_heading(line) or end == start:
        return None
    first = doc.norm[start]
    if "|" in doc.norm[start:end] or not (first.isupper() or first.isdigit()):
        return None
    a, b = doc.line_tok_start[line], doc.line_tok_end[line]
    if not 0 < b - a <= cfg.heading_max_words:
        return None
    return doc.tok_lower[a:b]


def _stems(words: list[str], cfg: RepetitionConfig) -> frozenset[str]:
    parts = (p for w in words for p in w.split("-"))
    return frozenset(p[:cfg.heading_stem_chars] for p in parts if len(p) >= cfg.heading_min_word_chars)


def _repeated_headings(
    doc: Document, main_lines: list[tuple[int, tuple[int, int]]], cfg: RepetitionConfig
) -> tuple[int, list[Span]]:
    seen_text: set[str] = set()
    seen_label: set[str] = set()
    seen_stems: list[frozenset[str]] = []
    repeats = 0
    checked = 0
    spans: list[Span] = []
    heading = doc.line_heading
    for line, (start, end) in compress(main_lines, map(heading.__getitem__, map(itemgetter(0), main_lines))):
        words = _heading_words(doc, line, start, end, cfg)
        if words is None:
            continue
        checked += 1
        text = " ".join(words)
        head, colon, _ = doc.norm[start:end].partition(":")
        label = " ".join(head.lower().split()) if colon and len(head.strip()) > 1 and len(head.split()) <= 4 else ""
        stems = _stems(words, cfg)
        repeated = (
            text in seen_text
            or (label and label in seen_label)
            or (
                len(stems) >= cfg.heading_min_stems
                and checked <= cfg.max_fuzzy_headings
                and any(_jaccard(stems, s) >= cfg.heading_stem_jaccard for s in seen_stems)
            )
        )
        if repeated:
            repeats += 1
            spans.append(Span(start, end, SIGNAL, "repeated_heading"))
        seen_text.add(text)
        if label:
            seen_label.add(label)
        if len(stems) >= cfg.heading_min_stems and len(seen_stems) < cfg.max_fuzzy_headings:
            seen_stems.append(stems)
    return repeats, spans


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b)


def _repeated_title(
    doc: Document, lines: list[int], texts: list[str], spans: list[tuple[int, int]], cfg: RepetitionConfig
) -> tuple[int, int] | None:
    """The second copy of a heading among the first few lines, if any."""
    for k in range(min(cfg.title_lookahead_lines, len(texts))):
        title = texts[k]
        if len(title.split()) < cfg.title_min_words or not doc.is_heading(lines[k]):
            continue
        for j in range(k + 1, len(texts)):
            if texts[j] == title:
                return spans[j]
    return None
