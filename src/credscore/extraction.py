"""``extract``: from any input to every signal's values and evidence.

The contract is that this never raises on data: empty text, binary junk, a
10 MB page or a signal's own bug all give a :class:`Features` whose
``warnings`` say what happened, with NaN for what could not be measured.

Huge input
----------
Above ``MAX_CHARS`` characters the signals read a deterministic sample of at
most ``MAX_CHARS`` characters, so a document's working memory and time are
bounded whatever its size (see docs/reliability.md for the measurements):

1. the head: the first ``HEAD_CHARS`` characters, cut back to the last line
   break if one falls in their second half (headline, dateline and article
   body come first on a page);
2. ``SAMPLE_WINDOWS`` windows spread evenly over the rest: the rest is cut
   into that many equal strides and each window is the last
   ``(MAX_CHARS - HEAD_CHARS) / SAMPLE_WINDOWS`` characters of its stride (so
   windows never overlap and the last one holds the page's tail), its edges
   moved inward to line breaks when one falls in the window's outer half.

The pieces are joined with a blank line (they are not one paragraph), and
every evidence span is mapped back to offsets in the full input, clipped to
the piece it came from. The result carries a ``truncated`` warning saying how
much was read.

Evidence is bounded too: at most ``MAX_SPANS_PER_REASON`` spans are kept per
(signal, reason), the first in text order, with a ``spans_capped`` warning;
feature values are always computed on every match.
"""

from __future__ import annotations

import logging
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

import numpy as np

from .config import ExtractConfig
from .decode import as_text, decode_bytes, detect_encoding
from .document import Document
from .published import parse_published
from .registry import feature_names, feature_specs
from .signals import load_signal_modules
from .terms import TermCounts, main_terms
from .types import MAX_SPANS_PER_REASON, ResultWarning, SignalModule, SignalResult, Span

logger = logging.getLogger(__name__)

__all__ = ["MAX_CHARS", "MAX_SPANS_PER_REASON", "Features", "decode_bytes", "detect_encoding", "extract",
           "feature_matrix", "feature_names", "feature_specs", "featurise", "sample_pieces", "vectorise"]

#: Longest text analysed, in characters. Above it, the signals read a sample
#: of this size (see "Huge input" above) and the result carries a
#: ``truncated`` warning. One million characters is about 170,000 words, 60
#: times ReCOVery's longest article, and keeps a document's working memory
#: under about 200 MB.
MAX_CHARS = 1_000_000
#: Of those, the first characters of the page, read whole.
HEAD_CHARS = 500_000
#: The rest of the budget is this many windows spread over the remainder: ten
#: windows of 50,000 characters (about 8,000 words each) reach every tenth of
#: a long dump, each long enough to hold whole paragraphs.
SAMPLE_WINDOWS = 10
#: Joins the sampled pieces, so no paragraph or sentence spans two of them.
_PIECE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Features(Mapping[str, float]):
    """Every feature's value (a read-only mapping, in a fixed order), plus the
    evidence spans, the detected language and warnings."""

    feature_values: dict[str, float]
    spans: tuple[Span, ...]
    language: str
    english: bool
    warnings: tuple[ResultWarning, ...]
    text_length: int
    #: Word tokens on main-content (not boilerplate) lines.
    main_words: int = 0
    #: The text the spans index into: the input after decoding (and, past
    #: ``MAX_CHARS``, truncation). Not part of ``to_dict``.
    text: str = field(default="", repr=False, compare=False)
    #: Main-content words and word pairs with their counts
    #: (``credscore.terms``), which the model's vocabulary part weighs; empty
    #: when the text is not English. Not part of ``to_dict``.
    terms: TermCounts = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, key: str) -> float:
        return self.feature_values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.feature_values)

    def __len__(self) -> int:
        return len(self.feature_values)

    def to_dict(self) -> dict:
        """A JSON-serialisable dict (NaN becomes ``None``)."""
        return {
            "features": {k: (None if math.isnan(v) else v) for k, v in self.feature_values.items()},
            "spans": [list(s) for s in self.spans],
            "language": self.language,
            "english": self.english,
            "warnings": [str(w) for w in self.warnings],
            "text_length": self.text_length,
            "main_words": self.main_words,
        }


def vectorise(values: Mapping[str, float], names: Sequence[str]) -> list[float]:
    """``values`` in ``names`` order, NaN for a name it lacks: the one way a
    feature mapping becomes a row (the model's input, the transformer's and
    training's matrices)."""
    return [values.get(name, math.nan) for name in names]


def _coerce_date(published: object) -> tuple[date | None, str | None]:
    # The forms accepted, and the rule for 03/04/2016, are in credscore.published.
    return parse_published(published)


def extract(
    text: str | bytes,
    *,
    url: str | None = None,
    published: date | datetime | str | None = None,
    config: ExtractConfig | None = None,
) -> Features:
    """Measure every signal on ``text``.

    ``text`` may be ``str`` or ``bytes`` (see :func:`decode_bytes`). ``url``
    and ``published`` are optional context; ``published`` is a date, a
    datetime, epoch seconds, or a string in ISO 8601, RFC 2822 or another
    common form (see :mod:`credscore.published`). ``config`` holds the
    thresholds of the Document's steps and of any signal family
    (:class:`~credscore.config.ExtractConfig`); None is the defaults.
    """
    modules = load_signal_modules()
    if config is not None:
        config.check(cls for m in modules if (cls := getattr(m, "CONFIG", None)) is not None)
    warnings: list[str] = []
    text = as_text(text, warnings)
    full_text = text
    text_length = len(text)
    text, pieces = _sample(text, warnings)
    published_date, warning = _coerce_date(published)
    if warning:
        warnings.append(warning)
    if not isinstance(url, str):
        url = None

    try:
        doc = _document(text, url, published_date, config)
    except Exception as exc:  # never lose a record to a segmentation bug
        logger.exception("document model failed")
        warnings.append(f"internal_error: document: {type(exc).__name__}: {exc}")
        nan = float("nan")
        return Features({s.name: nan for s in feature_specs()}, (), "unknown", False,
                        tuple(map(ResultWarning, warnings)), text_length, 0, full_text)

    english = doc.language.english
    unbuilt: Counter[tuple[str, str]] = Counter()
    values, spans = _run_signals(doc, modules, config, warnings, unbuilt)
    if not english:
        warnings.append(
            f"not_english: main content detected as {doc.language.code!r}; "
            "English lexical features are NaN (not applicable)"
        )
    terms = _main_terms(doc, warnings) if english else {}
    if len(pieces) > 1:
        spans = _to_full_offsets(spans, pieces)
    spans.sort()  # a Span is the tuple (start, end, signal, reason): text order
    spans = _cap_spans(spans, warnings, unbuilt)
    return Features(values, tuple(spans), doc.language.code, english, tuple(map(ResultWarning, warnings)),
                    text_length, len(doc.main_tokens), full_text, terms)


def _sample(text: str, warnings: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text the signals read, and the pieces of the input it is made of:
    the whole of it, or past ``MAX_CHARS`` the sample (module docstring)."""
    if len(text) <= MAX_CHARS:
        return text, [(0, len(text))]
    pieces = sample_pieces(text)
    head = pieces[0][1]
    sampled = sum(b - a for a, b in pieces[1:])
    warnings.append(
        f"truncated: analysed the first {head:,} characters and {len(pieces) - 1} evenly spaced windows "
        f"({sampled:,} characters) of the remaining {len(text) - head:,}"
    )
    return _PIECE_SEPARATOR.join(text[a:b] for a, b in pieces), pieces


def _run_signals(doc: Document, modules: list[SignalModule], config: ExtractConfig | None,
                 warnings: list[str], unbuilt: Counter[tuple[str, str]]) -> tuple[dict[str, float], list[Span]]:
    """Every module's declared features (NaN where one does not apply or
    failed: a signal's bug never loses the record) and evidence."""
    english = doc.language.english
    values: dict[str, float] = {}
    spans: list[Span] = []
    nan = float("nan")
    for module in modules:
        specs = module.FEATURES
        if not english and specs and all(s.english_only for s in specs):
            values.update((spec.name, nan) for spec in specs)
            continue
        try:
            result = _compute(module, doc, config)
        except Exception as exc:
            logger.exception("signal %s failed", module.__name__)
            warnings.append(f"internal_error: {module.__name__}: {type(exc).__name__}: {exc}")
            values.update((spec.name, nan) for spec in specs)
            continue
        for spec in specs:
            value = result.features.get(spec.name, nan)
            values[spec.name] = nan if spec.english_only and not english else float(value)
        spans.extend(result.spans)
        warnings.extend(result.warnings)
        unbuilt.update(result.unbuilt)
    return values, spans


def _document(text: str, url: str | None, published: date | None, config: ExtractConfig | None) -> Document:
    if config is None or config.document is None:
        return Document.from_text(text, url=url, published=published)
    from_text: Any = Document.from_text  # takes config= once the Document has its own
    return from_text(text, url=url, published=published, config=config.document)


def _compute(module: SignalModule, doc: Document, config: ExtractConfig | None) -> SignalResult:
    """``module.compute(doc, its config)``, or ``compute(doc)`` for a module
    with no ``CONFIG`` (None in the config asks for the defaults)."""
    cls = getattr(module, "CONFIG", None)
    if cls is None:
        return module.compute(doc)
    return module.compute(doc, config.for_class(cls) if config is not None else None)


def featurise(texts: Sequence[str | bytes], names: Sequence[str], n_jobs: int = 1,
              config: ExtractConfig | None = None) -> tuple[np.ndarray, list[TermCounts], np.ndarray]:
    """``extract`` over many texts in ``n_jobs`` processes (joblib): the
    signal matrix in ``names`` order, each text's main-content terms, and its
    main-content word count."""
    if n_jobs == 1 or len(texts) < 64:
        return _featurise_chunk(texts, names, config)
    from joblib import Parallel, delayed

    size = math.ceil(len(texts) / (8 * max(n_jobs, 1)))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    parts = Parallel(n_jobs=n_jobs)(delayed(_featurise_chunk)(chunk, names, config) for chunk in chunks)
    return (np.vstack([p[0] for p in parts]), [t for p in parts for t in p[1]],
            np.concatenate([p[2] for p in parts]))


def _featurise_chunk(texts: Sequence[str | bytes], names: Sequence[str], config: ExtractConfig | None
                     ) -> tuple[np.ndarray, list[TermCounts], np.ndarray]:
    rows = np.empty((len(texts), len(names)))
    terms: list[TermCounts] = []
    main_words = np.empty(len(texts))
    for i, text in enumerate(texts):
        features = extract(text, config=config)
        rows[i] = vectorise(features.feature_values, names)
        terms.append(features.terms)
        main_words[i] = features.main_words
    return rows, terms, main_words


def feature_matrix(texts: Sequence[str | bytes], names: Sequence[str], n_jobs: int = 1,
                   config: ExtractConfig | None = None) -> np.ndarray:
    """The signal matrix alone (``names`` order) for ``texts``."""
    return featurise(texts, names, n_jobs=n_jobs, config=config)[0]


def _main_terms(doc: Document, warnings: list[str]) -> TermCounts:
    try:
        return main_terms(doc)
    except Exception as exc:  # as for a signal: never lose a record to a bug
        logger.exception("main_terms failed")
        warnings.append(f"internal_error: terms: {type(exc).__name__}: {exc}")
        return {}


def _cap_spans(spans: list[Span], warnings: list[str], unbuilt: Counter[tuple[str, str]] | None = None
               ) -> list[Span]:
    """At most ``MAX_SPANS_PER_REASON`` spans per (signal, reason), the first
    in text order (``spans`` is sorted); a warning names what was dropped,
    counting the spans signals found but did not build (``unbuilt``)."""
    counts = Counter(map(_SIGNAL_REASON, spans))
    if unbuilt:
        counts.update(unbuilt)
    over = sorted(key for key, n in counts.items() if n > MAX_SPANS_PER_REASON)
    if not over:
        return spans
    room = dict.fromkeys(over, MAX_SPANS_PER_REASON)
    capped = []
    for span in spans:
        key = _SIGNAL_REASON(span)
        left = room.get(key)
        if left is None:
            capped.append(span)
        elif left:
            room[key] = left - 1
            capped.append(span)
    for signal, reason in over:
        warnings.append(
            f"spans_capped: kept the first {MAX_SPANS_PER_REASON:,} of {counts[signal, reason]:,} "
            f"{signal}/{reason} spans"
        )
    return capped


#: A span's (signal, reason): the group its cap counts in.
_SIGNAL_REASON = itemgetter(2, 3)


def sample_pieces(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` pieces of ``text`` that are analysed when it is
    longer than ``MAX_CHARS``: the head, then ``SAMPLE_WINDOWS`` windows (see
    the module docstring). Pure arithmetic on ``text``'s length and line
    breaks, so the same text always gives the same pieces."""
    length = len(text)
    head = _line_end_before(text, 0, HEAD_CHARS)
    pieces = [(0, head)]
    width = (MAX_CHARS - HEAD_CHARS - SAMPLE_WINDOWS * len(_PIECE_SEPARATOR)) // SAMPLE_WINDOWS
    rest = length - head
    for k in range(SAMPLE_WINDOWS):
        stride_end = head + rest * (k + 1) // SAMPLE_WINDOWS
        start = max(stride_end - width, head)
        if start > 0 and text[start - 1] != "\n":
            newline = text.find("\n", start, start + width // 2)
            if newline != -1:
                start = newline + 1
        end = _line_end_before(text, start, stride_end)
        if end > start:
            pieces.append((start, end))
    return pieces


def _line_end_before(text: str, start: int, end: int) -> int:
    """``end``, moved back to a line break in the second half of
    ``text[start:end]`` when ``end`` is mid-line and there is one."""
    if end >= len(text) or text[end] == "\n":
        return end
    newline = text.rfind("\n", start + (end - start) // 2, end)
    return newline if newline != -1 else end


def _to_full_offsets(spans: list[Span], pieces: list[tuple[int, int]]) -> list[Span]:
    """Spans on the joined sample, moved to offsets in the full text; a span
    that runs past its piece (into a separator) is clipped to the piece."""
    piece_starts: list[int] = []  # where each piece starts in the sample
    at = 0
    for a, b in pieces:
        piece_starts.append(at)
        at += b - a + len(_PIECE_SEPARATOR)
    mapped = []
    for span in spans:
        k = max(bisect_right(piece_starts, span.start) - 1, 0)
        a, b = pieces[k]
        shift = a - piece_starts[k]
        start = min(span.start + shift, b)
        end = min(max(span.end + shift, start), b)
        mapped.append(Span(start, end, span.signal, span.reason))
    return mapped
