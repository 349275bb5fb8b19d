"""Input as text: bytes decoded by BOM, null-byte pattern or UTF-8 (cp1252
as the fallback), anything else refused, lone surrogates replaced; each
step that changes the input says so in a warning."""

from __future__ import annotations

import codecs
import re

__all__ = ["as_text", "decode_bytes", "detect_encoding"]

#: Byte order marks, longest first (UTF-32 LE starts with UTF-16 LE's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Without a BOM, RFC 4627 (section 3): the first two characters of JSON are
#: ASCII, so the nulls in the first four bytes give the encoding. CSV and text
#: files starting with ASCII follow the same pattern.
_NULL_PATTERNS: dict[tuple[int, ...], str] = {(1, 1, 1, 0): "utf-32-be", (0, 1, 1, 1): "utf-32-le",
                                               (1, 0, 1, 0): "utf-16-be", (0, 1, 0, 1): "utf-16-le"}


def detect_encoding(head: bytes) -> tuple[str, int]:
    """``(codec, BOM length)`` of a stream starting with ``head``: by its BOM,
    else by the null-byte pattern of UTF-16 and UTF-32, else UTF-8."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    if len(head) >= 4 and 0 in head[:4]:
        found = _NULL_PATTERNS.get(tuple(int(b == 0) for b in head[:4]))
        if found:
            return found, 0
    return "utf-8", 0


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode UTF-16 or UTF-32 when a BOM or the null-byte pattern says so
    (``detect_encoding``, as the batch readers do); else as UTF-8 (a BOM is
    dropped); failing that, as cp1252 with any byte cp1252 leaves undefined
    mapped to U+FFFD. Returns the text and a warning, or ``None`` when the
    bytes decoded cleanly.

    cp1252 is the fallback because it is the encoding most often mislabelled
    as Latin-1 on the web; every byte sequence decodes, so nothing is lost.
    """
    codec, bom = detect_encoding(data[:4])
    if codec != "utf-8":
        text = data[bom:].decode(codec, errors="replace")
        return text, (None if "\ufffd" not in text else f"bad_{codec}: undecodable bytes replaced by U+FFFD")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        return text, f"not_utf8: decoded as cp1252 (first bad byte at {exc.start})"


def as_text(text: object, warnings: list[str]) -> str:
    """The input as a str: bytes decoded, anything else refused (as empty
    text, with a warning), lone surrogates replaced."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        text, warning = decode_bytes(bytes(text))
        if warning:
            warnings.append(warning)
    elif not isinstance(text, str):
        warnings.append(f"bad_input: expected str or bytes, got {type(text).__name__}")
        text = ""
    assert isinstance(text, str)
    # Lone surrogates cannot be encoded anywhere downstream (JSON, files).
    # Replaced one-for-one, so offsets still index the caller's text.
    if _has_surrogates(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
        warnings.append("surrogates: lone surrogate code points replaced by '?'")
    return text


def _has_surrogates(text: str) -> bool:
    # A search, not an encode: no copy of a 100 MB input.
    return not text.isascii() and _SURROGATE.search(text) is not None


_SURROGATE = re.compile("[\ud800-\udfff]")
