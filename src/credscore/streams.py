"""Byte streams to decoded lines, with bounded memory and no lost errors.

The readers of :mod:`credscore.readers` read files, gzip members and stdin
through these pieces:

- :func:`open_text` finds the encoding (BOM, else the null-byte pattern of
  UTF-16/32, else UTF-8) by looking ahead, and hands back a stream that
  replays what was looked at, so nothing is read twice from the source.
- :func:`text_lines` decodes in fixed chunks and splits lines at ``\\n``,
  ``\\r\\n`` or a lone ``\\r``; a line longer than its limit is counted and
  dropped as it streams past (a :class:`TooLong`), never held whole.
- A read error (a truncated gzip) is not raised from the middle of a line:
  it arrives as the last item, after every complete line, so the reader can
  make it one error row and keep what came before.

UTF-8 is decoded with ``surrogateescape``: bytes that are not UTF-8 survive
as surrogates, for :func:`credscore.records.decode_text` to read as cp1252.
"""

from __future__ import annotations

import codecs
import io
import re
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

from .extraction import detect_encoding

#: Bytes read at a time from a file or stdin.
_READ_CHUNK = 1 << 20
#: A line ends at ``\n``, ``\r\n`` or a lone ``\r`` (old Mac files). JSON
#: never holds a raw CR or LF inside a string, so this cannot split a record.
LINE_END = re.compile(r"\r\n|\r|\n")
#: How far stdin is read to decide what it holds: past a BOM and blank lines
#: to the first character, and on to the end of the first line.
SNIFF_BYTES = 1 << 20
#: What a damaged stream raises when read.
READ_ERRORS = (EOFError, OSError, zlib.error)


class TooLong:
    """Stands for a line longer than the limit of :func:`text_lines` (not kept)."""

    def __init__(self, chars: int):
        self.chars = chars


def _decoder(codec: str) -> Any:
    # UTF-8 keeps bytes that are not UTF-8 as surrogates, to be restored and
    # decoded with score()'s cp1252 fallback; UTF-16/32 damage is replaced.
    return codecs.getincrementaldecoder(codec)("surrogateescape" if codec == "utf-8" else "replace")


def decode_all(data: bytes, codec: str) -> str:
    """``data`` decoded as :func:`text_lines` decodes it."""
    return data.decode(codec, "surrogateescape" if codec == "utf-8" else "replace")


def text_lines(stream: IO[bytes], codec: str, limit: int) -> Iterator[str | TooLong | Exception]:
    """Decoded lines of ``stream``, each with its line end, split at ``\\n``,
    ``\\r\\n`` or a lone ``\\r``. A line longer than ``limit`` comes as a
    :class:`TooLong` and is never held whole. A read error (a truncated gzip)
    ends the stream with the exception as the last item; the torn line before
    it is dropped, since it is not known to be complete."""
    decoder = _decoder(codec)
    pieces: list[str] = []  # the current line so far
    size = 0
    skipping = False
    carry = ""
    while True:
        try:
            chunk = stream.read(_READ_CHUNK)
        except READ_ERRORS as exc:
            yield exc
            return
        text = carry + decoder.decode(chunk, final=not chunk)
        carry = ""
        if chunk and text.endswith("\r"):  # maybe half of a \r\n
            text, carry = text[:-1], "\r"
        pos = 0
        for match in LINE_END.finditer(text):
            end = match.end()
            if skipping or size + end - pos > limit:
                line: str | TooLong = TooLong(size + end - pos)
            else:
                pieces.append(text[pos:end])
                line = "".join(pieces) if len(pieces) > 1 else pieces[0]
            # The pieces are dropped before the line is handed on: a huge
            # record is held once here, not twice.
            pieces, size, skipping, pos = [], 0, False, end
            yield line
            del line
        rest = len(text) - pos
        if rest:
            if skipping or size + rest > limit:
                pieces, skipping = [], True
            else:
                pieces.append(text[pos:])
            size += rest
        if not chunk:
            if skipping:
                yield TooLong(size)
            elif pieces:
                last = "".join(pieces)
                pieces = []
                yield last
            return


class Replay(io.RawIOBase):
    """``head`` then the rest of ``stream``: what was read to sniff a stream
    is read again."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self.head, self.stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = getattr(self.stream, "read1", self.stream.read)(len(buffer))
        buffer[:len(data)] = data
        return len(data)


class _Failing(io.RawIOBase):
    """A stream whose next read raises ``error`` (met while looking ahead)."""

    def __init__(self, error: BaseException):
        self.error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise self.error


def peek(stream: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The start of ``stream`` (up to the end of its first non-blank line, at
    least 4 bytes, at most :data:`SNIFF_BYTES`) and what reads on from there:
    ``stream`` itself, or, after a read error (a truncated or false gzip), a
    stream that raises it again where the reader will report it."""
    head = b""
    read = getattr(stream, "read1", stream.read)  # what is readable now, not lost to a later error
    try:
        while len(head) < SNIFF_BYTES:
            chunk = read(min(4096, SNIFF_BYTES - len(head)))
            if not chunk:
                break
            head += chunk
            stripped = head.lstrip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe")
            if len(head) >= 4 and stripped and (b"\n" in stripped or b"\r" in stripped):
                break
    except READ_ERRORS as exc:
        return head, _Failing(exc)  # type: ignore[return-value]
    return head, stream


def open_text(stream: IO[bytes]) -> tuple[IO[bytes], str]:
    """``stream`` past its BOM, and its codec. A read error while looking
    ahead (a truncated or false gzip) is raised again where the reader
    reads, which turns it into a ``truncated_file`` row."""
    head, rest = peek(stream)
    codec, bom = detect_encoding(head)
    return Replay(head[bom:], rest), codec  # type: ignore[return-value]


def read_up_to(stream: IO[bytes], limit: int) -> bytes:
    """Up to ``limit`` bytes, reading until the end (a raw stream's ``read``
    returns what one read gives)."""
    parts, size = [], 0
    while size < limit:
        chunk = stream.read(min(_READ_CHUNK, limit - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


class Counted(io.RawIOBase):
    """A file that reports how many bytes were read from it."""

    def __init__(self, handle: IO[bytes], on_read: Callable[[int], None]):
        self.handle, self.on_read = handle, on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self.on_read(n)
        return n
