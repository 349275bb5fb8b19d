"""``extract``: from any input to every signal's values and evidence.

The contract is that this never raises on data: empty text, binary junk, a
10 MB page or a signal's own bug all give a :class:`Features` whose
``warnings`` say what happened, with NaN for what could not be measured.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from .document import Document
from .signals import load_signal_modules
from .types import FeatureSpec, Span

logger = logging.getLogger(__name__)

#: Longest text analysed, in characters. Above it, the signals read the first
#: ``MAX_CHARS`` characters and the result carries a ``truncated`` warning.
#: One million characters is about 170,000 words, 60 times ReCOVery's longest
#: article, and keeps a document's working memory under about 200 MB.
MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Features(Mapping[str, float]):
    """Every feature's value (a read-only mapping, in a fixed order), plus the
    evidence spans, the detected language and warnings."""

    feature_values: dict[str, float]
    spans: tuple[Span, ...]
    language: str
    english: bool
    warnings: tuple[str, ...]
    text_length: int
    #: Word tokens on main-content (not boilerplate) lines.
    main_words: int = 0
    #: The text the spans index into: the input after decoding (and, past
    #: ``MAX_CHARS``, truncation). Not part of ``to_dict``.
    text: str = field(default="", repr=False, compare=False)

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
            "warnings": list(self.warnings),
            "text_length": self.text_length,
            "main_words": self.main_words,
        }


@lru_cache(maxsize=1)
def feature_specs() -> tuple[FeatureSpec, ...]:
    """Every feature, in output order."""
    specs: list[FeatureSpec] = []
    for module in load_signal_modules():
        specs.extend(module.FEATURES)
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise RuntimeError("duplicate feature names across signal modules")
    return tuple(specs)


def feature_names() -> tuple[str, ...]:
    return tuple(s.name for s in feature_specs())


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode as UTF-8 (a BOM is dropped); failing that, as cp1252 with any
    byte cp1252 leaves undefined mapped to U+FFFD. Returns the text and a
    warning, or ``None`` when UTF-8 decoded cleanly.

    cp1252 is the fallback because it is the encoding most often mislabelled
    as Latin-1 on the web; every byte sequence decodes, so nothing is lost.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        return text, f"not_utf8: decoded as cp1252 (first bad byte at {exc.start})"


def _coerce_date(published: date | datetime | str | None) -> tuple[date | None, str | None]:
    if published is None or published == "":
        return None, None
    if isinstance(published, datetime):
        return published.date(), None
    if isinstance(published, date):
        return published, None
    if isinstance(published, str):
        try:
            return date.fromisoformat(published.strip()[:10]), None
        except ValueError:
            return None, f"bad_published: could not read {published[:40]!r} as an ISO date"
    return None, f"bad_published: unsupported type {type(published).__name__}"


def extract(
    text: str | bytes,
    *,
    url: str | None = None,
    published: date | datetime | str | None = None,
) -> Features:
    """Measure every signal on ``text``.

    ``text`` may be ``str`` or ``bytes`` (see :func:`decode_bytes`). ``url``
    and ``published`` (a date, datetime or ISO string) are optional context.
    """
    warnings: list[str] = []
    if isinstance(text, (bytes, bytearray, memoryview)):
        text, warning = decode_bytes(bytes(text))
        if warning:
            warnings.append(warning)
    elif not isinstance(text, str):
        warnings.append(f"bad_input: expected str or bytes, got {type(text).__name__}")
        text = ""
    # Lone surrogates cannot be encoded anywhere downstream (JSON, files).
    if _has_surrogates(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
        warnings.append("surrogates: lone surrogate code points replaced by '?'")
    text_length = len(text)
    if text_length > MAX_CHARS:
        text = text[:MAX_CHARS]
        warnings.append(f"truncated: analysed the first {MAX_CHARS:,} of {text_length:,} characters")
    published_date, warning = _coerce_date(published)
    if warning:
        warnings.append(warning)
    if not isinstance(url, str):
        url = None

    values: dict[str, float] = {}
    spans: list[Span] = []
    try:
        doc = Document.from_text(text, url=url, published=published_date)
    except Exception as exc:  # never lose a record to a segmentation bug
        logger.exception("document model failed")
        warnings.append(f"internal_error: document: {type(exc).__name__}: {exc}")
        nan = float("nan")
        return Features(
            {s.name: nan for s in feature_specs()}, (), "unknown", False, tuple(warnings), text_length, 0, text
        )

    english = doc.language.english
    for module in load_signal_modules():
        specs = module.FEATURES
        if not english and specs and all(s.english_only for s in specs):
            for spec in specs:
                values[spec.name] = float("nan")
            continue
        try:
            result = module.compute(doc)
        except Exception as exc:
            logger.exception("signal %s failed", module.__name__)
            warnings.append(f"internal_error: {module.__name__}: {type(exc).__name__}: {exc}")
            for spec in specs:
                values[spec.name] = float("nan")
            continue
        for spec in specs:
            value = result.features.get(spec.name, float("nan"))
            if spec.english_only and not english:
                value = float("nan")
            values[spec.name] = float(value)
        spans.extend(result.spans)
        warnings.extend(result.warnings)
    if not english:
        warnings.append(
            f"not_english: main content detected as {doc.language.code!r}; "
            "English lexical features are NaN (not applicable)"
        )
    spans.sort(key=lambda s: (s.start, s.end, s.signal, s.reason))
    return Features(values, tuple(spans), doc.language.code, english, tuple(warnings), text_length,
                    len(doc.main_tokens), text)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
