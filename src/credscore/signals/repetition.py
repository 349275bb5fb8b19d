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

Speed: the n-gram counts are staged so that each longer n-gram is counted
only where it can repeat (an n-gram occurs twice only if both of its
(n-1)-gram halves do), with ``itertools.compress`` doing the filtering in C.

Headings: a heading is a short main-content line without sentence-final
punctuation. A heading *repeats* an earlier one when it is the same text,
shares the label before a colon ("Conclusion: Looking Ahead" / "Conclusion:
The Road Ahead..."), or shares most of its content-word stems ("Historical
Context of Russian-North Korean Relations" / "Historic Background of
Russia-North Korea Relations"). Not English-only: the tests are on token
shapes, not on an English lexicon.
"""

from __future__ import annotations

from collections import Counter
from itertools import accumulate, compress
from typing import TYPE_CHECKING

from ..types import MAX_SPANS_PER_REASON, FeatureSpec, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "repetition"

#: Gopher's thresholds (Rae et al. 2021, Table A1), used here only to decide
#: when a top n-gram is worth showing as evidence; the features stay graded.
TOP_NGRAM_EVIDENCE_SHARE = {2: 0.20, 3: 0.18, 4: 0.16}
#: Most words analysed for n-grams: 100,000 words is 8 times ReCOVery's
#: longest article; past it the counts describe the first 100,000 words.
MAX_NGRAM_WORDS = 100_000
#: A heading has at most this many words and characters (seed 003's longest
#: section title, "Conclusion: The Road Ahead for Russo-North Korean
#: Relations", has 9 words).
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 120
#: Sentence-final punctuation that makes a line a sentence, not a heading.
#: "?" is allowed: question headings are common ("What are the historical
#: ties between Russia and North Korea?" in seed 003).
_NOT_HEADING_END = frozenset(".,;:!")
#: Near-duplicate headings: at least this Jaccard overlap of content-word
#: stems, each heading having at least HEADING_MIN_STEMS of them. Stems are
#: the first 5 characters of words of 4+ letters, so "historical"/"historic"
#: and "russian"/"russia" meet and "of"/"the" drop out without a stop list.
#: 0.6 was chosen by reading seed 003: its two history headings score 0.71,
#: its unrelated ones ("Key Features of the Mutual Defense Treaty" /
#: "Potential Benefits of the Treaty") 0.14.
HEADING_STEM_JACCARD = 0.6
HEADING_MIN_STEMS = 3
HEADING_STEM_CHARS = 5
HEADING_MIN_WORD_CHARS = 4
#: Near-duplicate matching is pairwise, so it stops after this many headings
#: (a page with 300 section headings is a listing, not an article).
MAX_FUZZY_HEADINGS = 300
#: The title is looked for among the first few non-blank lines.
TITLE_LOOKAHEAD_LINES = 3
#: ...and has at least 3 words, so that a "Menu" or "Home" link repeated in
#: the header and the footer is not taken for a repeated title.
TITLE_MIN_WORDS = 3

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
                reason=ReasonText("of characters are in repeated paragraphs", ("repetition/duplicate_paragraph",), "share"),
                why_not_in_model="page-level duplicate of repetition_main_dup_line_char_share"),
    FeatureSpec("repetition_main_dup_line_char_share",
                "Like repetition_dup_line_char_share, over main-content lines only (article quality).",
                0.0, 1.0, "higher_worse",
                reason=ReasonText("of the article's characters are in repeated lines", ("repetition/duplicate_line",), "share"),
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
                reason=ReasonText("of the text is in repeated 10-word passages", ("repetition/duplicated_passage",), "share"),
                in_model=True),
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


def compute(doc: Document) -> SignalResult:
    spans: list[Span] = []
    features: dict[str, float] = {}
    lines = [i for i in range(doc.n_lines) if not doc.is_blank_line(i)]
    line_texts = [doc.line_norm(i).strip() for i in lines]
    line_spans = [_stripped(doc, doc.line_start[i], doc.line_end[i]) for i in lines]

    share, char_share, dup_idx = _duplicates(line_texts)
    features["repetition_dup_line_share"] = share
    features["repetition_dup_line_char_share"] = char_share
    spans += [Span(*line_spans[k], SIGNAL, "duplicate_line") for k in dup_idx]

    para_texts = [doc.norm[s:e] for s, e in doc.paragraphs]
    share, char_share, dup_idx = _duplicates(para_texts)
    features["repetition_dup_paragraph_share"] = share
    features["repetition_dup_paragraph_char_share"] = char_share
    multi_line = [k for k in dup_idx if "\n" in para_texts[k]]  # one-line ones are already duplicate_line
    spans += [Span(*doc.paragraphs[k], SIGNAL, "duplicate_paragraph") for k in multi_line]

    main = [k for k, i in enumerate(lines) if not doc.line_boilerplate[i]]
    features["repetition_main_dup_line_char_share"] = _duplicates([line_texts[k] for k in main])[1]

    unbuilt: dict[tuple[str, str], int] = {}
    ngram_features, ngram_spans = _ngram_repetition(doc, unbuilt)
    features.update(ngram_features)
    spans += ngram_spans

    heading_count, heading_spans = _repeated_headings(doc, [lines[k] for k in main])
    features["repetition_repeated_heading_count"] = float(heading_count)
    spans += heading_spans

    title_span = _repeated_title(lines, line_texts, line_spans)
    features["repetition_title_repeated"] = 1.0 if title_span else 0.0
    if title_span:
        spans.append(Span(*title_span, SIGNAL, "repeated_title"))

    spans.sort()
    return SignalResult(features, spans, unbuilt=unbuilt)


def _stripped(doc: Document, start: int, end: int) -> tuple[int, int]:
    text = doc.norm[start:end]
    core = text.strip()
    if not core:
        return start, start
    left = start + len(text) - len(text.lstrip())
    return left, left + len(core)


def _duplicates(items: list[str]) -> tuple[float, float, list[int]]:
    """Share of items that repeat an earlier one, their character share, and
    the indices of those repeats (second and later copies)."""
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


# -- n-grams ---------------------------------------------------------------


def _repeated_positions(grams: list[tuple[str, ...]], where: list[int] | None) -> tuple[Counter, list[int]]:
    """Counts of ``grams`` and the (sorted) positions of those that occur at
    least twice; ``where`` gives each gram's position (None: the gram's index)."""
    counts = Counter(grams)
    if max(counts.values(), default=0) < 2:
        return counts, []
    repeated = map((1).__lt__, map(counts.__getitem__, grams))
    return counts, list(compress(range(len(grams)) if where is None else where, repeated))


def _top_share(counts: Counter, total_chars: int) -> tuple[float, tuple[str, ...] | None]:
    if not counts:
        return 0.0, None
    top = max(counts.values())
    if top < 2:
        return 0.0, None
    # Ties: the n-gram that occurs first in the text (Counter keeps insertion
    # order), as RedPajama's most_common(1) does; deterministic for a text.
    gram = next(compress(counts, map(top.__eq__, counts.values())))
    # Overlapping occurrences ("ha ha ha ha") can push count x length past
    # the text's length; the share is capped at 1.
    return min(1.0, top * sum(map(len, gram)) / total_chars), gram


def _covered_share(starts: list[int], n: int, prefix: list[int]) -> tuple[float, list[tuple[int, int]]]:
    """Share of word characters inside the n-grams starting at ``starts``
    (sorted), and the covered runs of word indices ``[first, last)``."""
    runs: list[tuple[int, int]] = []
    for i in starts:
        if runs and i <= runs[-1][1]:
            runs[-1] = (runs[-1][0], i + n)
        else:
            runs.append((i, i + n))
    covered = sum(prefix[b] - prefix[a] for a, b in runs)
    return covered / prefix[-1], runs


def _ngram_repetition(doc: Document, unbuilt: dict[tuple[str, str], int]) -> tuple[dict[str, float], list[Span]]:
    main = doc.main_tokens[:MAX_NGRAM_WORDS]
    words = doc.tok_lower[:MAX_NGRAM_WORDS] if len(main) == len(doc.tok_lower) else list(map(doc.tok_lower.__getitem__, main))
    total = sum(map(len, words))
    features = {f"repetition_top_{n}gram_char_share": 0.0 for n in (2, 3, 4)}
    features["repetition_dup_5gram_char_share"] = 0.0
    features["repetition_dup_10gram_char_share"] = 0.0
    spans: list[Span] = []
    if total == 0:
        return features, spans

    def add_spans(starts: list[int], n: int, reason: str) -> None:
        if len(starts) > MAX_SPANS_PER_REASON:  # past extract's cap, counted but not built
            unbuilt[SIGNAL, reason] = len(starts) - MAX_SPANS_PER_REASON
        spans.extend(
            Span(doc.tok_start[main[i]], doc.tok_end[main[i + n - 1]], SIGNAL, reason)
            for i in starts[:MAX_SPANS_PER_REASON]
        )

    # Every n-gram is counted for n = 2. For longer n, only where the n-gram
    # can repeat: both of its (n-1)-gram halves repeat, i.e. positions i and
    # i + 1 both start repeated (n-1)-grams. About 10 % of positions survive
    # for n = 3 and 3 % for n = 5 on ReCOVery, so the later passes are cheap.
    counts, repeated = _repeated_positions(list(zip(words, words[1:])), None)
    for n in (2, 3, 4, 5):
        if n > 2:
            counts, repeated = _extend(words, repeated, n, 1)
        if n < 5:
            share, gram = _top_share(counts, total)
            features[f"repetition_top_{n}gram_char_share"] = share
            if gram and share > TOP_NGRAM_EVIDENCE_SHARE[n]:
                add_spans([i for i in repeated if tuple(words[i:i + n]) == gram], n, f"top_{n}gram")
        if not repeated:  # nothing repeats at this length, so nothing longer does
            return features, spans
    prefix = list(accumulate(map(len, words), initial=0))
    features["repetition_dup_5gram_char_share"] = _covered_share(repeated, 5, prefix)[0]
    # A 10-gram repeats only if both of its 5-gram halves do.
    repeated10 = _extend(words, repeated, 10, 5)[1]
    if repeated10:
        share, runs = _covered_share(repeated10, 10, prefix)
        features["repetition_dup_10gram_char_share"] = share
        spans.extend(
            Span(doc.tok_start[main[a]], doc.tok_end[main[b - 1]], SIGNAL, "duplicated_passage")
            for a, b in runs
        )
    return features, spans


def _extend(words: list[str], shorter: list[int], n: int, offset: int) -> tuple[Counter, list[int]]:
    """Counts of the candidate n-grams and positions of the repeated ones, given the positions ``shorter`` of the
    repeated (n - offset)-grams: an n-gram at i can repeat only if the shorter
    grams at i and at i + offset both do."""
    starts = set(shorter)
    limit = len(words) - n
    candidates = [i for i in shorter if i + offset in starts and i <= limit]
    return _repeated_positions([tuple(words[i:i + n]) for i in candidates], candidates)


# -- headings ----------------------------------------------------------------


def _heading_words(doc: Document, line: int) -> list[str] | None:
    """The line's lower-cased words if it looks like a heading, else None."""
    start, end = _stripped(doc, doc.line_start[line], doc.line_end[line])
    if end - start > HEADING_MAX_CHARS or end == start:
        return None
    norm = doc.norm
    first, last = norm[start], norm[end - 1]
    if last in _NOT_HEADING_END or "|" in norm[start:end] or not (first.isupper() or first.isdigit()):
        return None
    a, b = doc.line_tok_start[line], doc.line_tok_end[line]
    if not 0 < b - a <= HEADING_MAX_WORDS:
        return None
    return doc.tok_lower[a:b]


def _stems(words: list[str]) -> frozenset[str]:
    parts = (p for w in words for p in w.split("-"))
    return frozenset(p[:HEADING_STEM_CHARS] for p in parts if len(p) >= HEADING_MIN_WORD_CHARS)


def _repeated_headings(doc: Document, main_lines: list[int]) -> tuple[int, list[Span]]:
    seen_text: set[str] = set()
    seen_label: set[str] = set()
    seen_stems: list[frozenset[str]] = []
    count = 0
    checked = 0
    spans: list[Span] = []
    for line in main_lines:
        words = _heading_words(doc, line)
        if words is None:
            continue
        checked += 1
        text = " ".join(words)
        start, end = _stripped(doc, doc.line_start[line], doc.line_end[line])
        head, colon, _ = doc.norm[start:end].partition(":")
        label = " ".join(head.lower().split()) if colon and 1 < len(head.strip()) and len(head.split()) <= 4 else ""
        stems = _stems(words)
        repeated = (
            text in seen_text
            or (label and label in seen_label)
            or (
                len(stems) >= HEADING_MIN_STEMS
                and checked <= MAX_FUZZY_HEADINGS
                and any(_jaccard(stems, s) >= HEADING_STEM_JACCARD for s in seen_stems)
            )
        )
        if repeated:
            count += 1
            spans.append(Span(start, end, SIGNAL, "repeated_heading"))
        seen_text.add(text)
        if label:
            seen_label.add(label)
        if len(stems) >= HEADING_MIN_STEMS and len(seen_stems) < MAX_FUZZY_HEADINGS:
            seen_stems.append(stems)
    return count, spans


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b)


def _repeated_title(lines: list[int], texts: list[str], spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The second copy of a title-like line among the first few lines, if any."""
    for k in range(min(TITLE_LOOKAHEAD_LINES, len(lines))):
        title = texts[k]
        if len(title.split()) < TITLE_MIN_WORDS or title[-1] in _NOT_HEADING_END or len(title) > HEADING_MAX_CHARS:
            continue
        for j in range(k + 1, len(texts)):
            if texts[j] == title:
                return spans[j]
    return None
