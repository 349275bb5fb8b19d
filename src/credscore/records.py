"""Records: one input document, however it was read, before it is scored.

Every reader (files, stdin, dicts given to :func:`credscore.score_records`, a
DataFrame's rows) ends in :func:`record_from_mapping`, so a field name means
the same everywhere. A record that cannot be scored (a missing or non-text
field, an id nested absurdly deep) is still a :class:`Record`, carrying its
``error``, so every input gives exactly one output row.

Text is decoded once, here or in the reader: a record's ``text`` is always
``str``. Bytes (a ``.txt`` file, a bytes field) are decoded as
:func:`credscore.score` decodes bytes (UTF-8, else cp1252), and a text field
read from JSONL or CSV with ``surrogateescape`` because it was not UTF-8 gets
that same fallback, not a refusal. What decoding found is kept in
``decoding`` and said first among the row's score warnings, where
``credscore.score`` would have said it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .extraction import decode_bytes
from .schema import encodes_as_utf8

logger = logging.getLogger(__name__)

#: Deepest nesting of lists and objects accepted in an id. Deeper ids are
#: not identifiers, and one close to Python's recursion limit would make
#: ``json.dumps`` of its row raise when it is written.
MAX_ID_DEPTH = 32
#: How many records a run reads before it decides that a field name is wrong:
#: when none of the first records that are objects has the text field (or the
#: id field the user named), the run stops and names the fields they have.
FIELD_CHECK_RECORDS = 100


@dataclass(frozen=True)
class Fields:
    """Which record fields hold what. ``id``, ``url`` and ``date`` are used
    when present; a record without an id gets its position instead."""

    text: str = "text"
    id: str | None = "id"
    url: str | None = "url"
    date: str | None = "date"
    #: Field with raw HTML, used when the text field is absent.
    html: str | None = "html"
    #: Input fields carried into each row under ``metadata``; ``("*",)`` for all.
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class Record:
    id: Any
    source: str
    text: str | None = None
    url: Any = None
    published: Any = None
    #: Set when the record could not be read; it is then not scored.
    error: str | None = None
    #: Said in the row's warnings (duplicate keys, an HTML extraction).
    notes: tuple[str, ...] = ()
    #: The record's field names, kept when a needed field was missing, so a
    #: run can stop early naming the fields the records do have.
    keys: tuple[str, ...] | None = None
    #: Which extractor made ``text`` from HTML, e.g. "trafilatura 2.3.1".
    extractor: str | None = None
    #: Input fields carried into the row (``--keep-fields``).
    kept: dict[str, Any] | None = None
    #: What decoding the text's bytes found ("not_utf8: ..."), if anything.
    decoding: str | None = None


class FieldError(ValueError):
    """The input cannot be read as asked (no such text field, an unsupported
    file): the run stops before scoring anything."""


def listing(names: Iterable[Any], limit: int = 20) -> str:
    """Names for a message: quoted, the first ``limit`` and a count."""
    names = [str(n) for n in names]
    shown = ", ".join(repr(n) for n in names[:limit])
    return (shown + f", ... ({len(names)} in all)") if len(names) > limit else (shown or "none")


def missing(value: Any) -> bool:
    """None, NaN, pandas NA or NaT: an empty cell (no pandas import needed)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def decode_text(text: str | bytes) -> tuple[str, str | None]:
    """``text`` as ``str`` and what decoding it found. Bytes go through
    :func:`credscore.extraction.decode_bytes`. A ``str`` read with
    ``surrogateescape`` that holds bytes which were not UTF-8 needs those
    bytes back to be read as cp1252, the same fallback; any other ``str`` is
    returned as it is (lone surrogates from JSON escapes included:
    ``credscore.score`` replaces them)."""
    if isinstance(text, bytes):
        return decode_bytes(text)
    if encodes_as_utf8(text):
        return text, None
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text, None
    return decode_bytes(data)


def _nested_deeper_than(value: Any, limit: int) -> bool:
    level = [value]
    for _ in range(limit):  # level by level, not recursively: the depth is the danger
        level = [child for item in level if isinstance(item, (dict, list, tuple))
                 for child in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return True


def _kept_fields(obj: Mapping[Any, Any], fields: Fields) -> dict[str, Any] | None:
    if not fields.keep:
        return None
    if fields.keep == ("*",):
        return {str(k): v for k, v in obj.items() if isinstance(k, str)}
    return {name: obj.get(name) for name in fields.keep}


def record_from_mapping(obj: Any, fields: Fields, fallback_id: Any, source: str,
                        notes: tuple[str, ...] = ()) -> Record:
    if not isinstance(obj, Mapping):
        return Record(fallback_id, source, error=f"bad_record: expected an object, got {type(obj).__name__}",
                      notes=notes)
    record_id = obj.get(fields.id) if fields.id else None
    keys = None
    if fields.id and fields.id not in obj:
        keys = tuple(str(k) for k in obj)
    if record_id is None or (isinstance(record_id, str) and not record_id) or missing(record_id):
        record_id = fallback_id if not isinstance(record_id, float) else record_id
    if isinstance(record_id, (dict, list, tuple)) and _nested_deeper_than(record_id, MAX_ID_DEPTH):
        return Record(fallback_id, source, error=f"bad_id: {fields.id!r} is nested deeper than {MAX_ID_DEPTH} levels",
                      notes=notes)
    kept = _kept_fields(obj, fields)
    extractor = None
    if fields.text in obj:
        text = obj[fields.text]
    elif fields.html and fields.html in obj:
        markup = obj[fields.html]
        if not isinstance(markup, (str, bytes)):
            return Record(record_id, source, error=f"bad_html_field: {fields.html!r} is {type(markup).__name__}, "
                          "not text", notes=notes, kept=kept)
        extracted, extractor = html_to_text(markup)
        if extracted is None:
            return Record(record_id, source, error=f"no_main_text: {extractor} found no main text in the HTML",
                          notes=notes, extractor=extractor, kept=kept)
        text = extracted
    else:
        return Record(record_id, source, error=f"missing_field: no {fields.text!r} field", notes=notes,
                      keys=tuple(str(k) for k in obj), kept=kept)
    if missing(text):
        return Record(record_id, source, error=f"empty_text: the {fields.text!r} field is empty (null or NaN)",
                      notes=notes, keys=keys, kept=kept)
    if not isinstance(text, (str, bytes, bytearray)):
        return Record(record_id, source, error=f"bad_text_field: {fields.text!r} is {type(text).__name__}, not text",
                      notes=notes, keys=keys, kept=kept)
    text, decoding = decode_text(bytes(text) if isinstance(text, bytearray) else text)
    url = obj.get(fields.url) if fields.url else None
    published = obj.get(fields.date) if fields.date else None
    if missing(published):
        published = None
    return Record(record_id, source, text, url if isinstance(url, str) and url.strip() else None,
                  None if isinstance(published, str) and not published.strip() else published,
                  notes=notes, keys=keys, extractor=extractor, kept=kept, decoding=decoding)


def check_fields(records: Iterable[Record], fields: Fields, *, id_named: bool = False) -> Iterator[Record]:
    """``records`` unchanged, once one of the first :data:`FIELD_CHECK_RECORDS`
    objects is seen to have the text field (and the id field, when
    ``id_named``); raises :class:`FieldError` naming the fields they do have
    otherwise. The records held meanwhile are error rows, so this costs no
    memory to speak of."""
    held: list[Record] = []
    seen: dict[str, None] = {}
    checked = 0
    text_ok = id_ok = False
    iterator = iter(records)
    for record in iterator:
        held.append(record)
        if record.error is None or record.error.startswith(("empty_text", "bad_text_field")):
            checked += 1
            text_ok = True
            id_ok = id_ok or record.keys is None
            seen.update(dict.fromkeys(record.keys or ()))
        elif record.keys is not None:
            checked += 1
            seen.update(dict.fromkeys(record.keys))
        # Lines that are not objects (bad JSON) do not count, but are not
        # held without end either.
        if (text_ok and (id_ok or not id_named)) or checked >= FIELD_CHECK_RECORDS \
                or len(held) >= 10 * FIELD_CHECK_RECORDS:
            break
    if not checked:
        yield from held
        yield from iterator
        return
    if not text_ok:
        raise FieldError(f"no {fields.text!r} field in the first {checked} records; they have: {listing(seen)} "
                         "(choose one with --text-field)")
    if id_named and not id_ok:
        raise FieldError(f"no {fields.id!r} field in the first {checked} records; they have: {listing(seen)} "
                         "(choose one with --id-field)")
    yield from held
    yield from iterator


def html_to_text(markup: str | bytes) -> tuple[str | None, str]:
    """The main text of an HTML page by trafilatura (``pip install
    ".[html]"``), and the extractor's name and version for the row."""
    try:
        import trafilatura
    except ImportError:
        raise FieldError('reading HTML needs trafilatura: pip install ".[html]"') from None
    name = f"trafilatura {getattr(trafilatura, '__version__', '?')}"
    try:
        text = trafilatura.extract(markup, include_comments=False, include_tables=False, favor_precision=True)
    except Exception as exc:
        logger.debug("trafilatura failed: %s", exc)
        text = None
    return (text if text and text.strip() else None), name
