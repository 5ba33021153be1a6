"""Where the records are in a stream of bytes, read incrementally (memory stays flat).

A document file (or standard input) is a sequence of byte chunks; this module cuts it into
records, each with where it starts, without decoding anything (``document_files`` decodes each
record with the strict rules). Three layouts, chosen from the first bytes:

* **one top-level JSON array** (first non-blank byte ``[``): each element is a record, located
  by its index and the line and column where it starts;
* **one document per line** (JSON lines, as ``mongoexport`` writes): each non-blank line is a
  record;
* **documents spread over several lines** (``mongoexport --pretty``, or one pretty-printed
  document): chosen when the first non-blank line is an unfinished object and the next one is
  not a document on its own; each top-level value is a record located by its first line.

Why not a streaming JSON library: ijson (the usual choice) yields parse events without the
position of a value, and stops at the first syntax error. A record's place (its line) and
going on after a malformed record are what ``validate`` needs, so the array splitter is written
here, and kept small: it never parses values, it only follows strings (``"`` and ``\\``) and
bracket depth, which is enough to find where each element ends. UTF-8 never uses an ASCII byte
inside a multi-byte character, so scanning bytes for ``" \\ [ ] { } ,`` and newline is exact.
A malformed element whose brackets still balance ends at its comma and the elements after it are
read normally; an unbalanced one runs to the end of the array (one bad record). A raw newline
ends an unterminated string (JSON strings cannot hold one), so a missing quote does not hide
the brackets of the lines after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Final

#: Chunk size for reading files and standard input.
CHUNK_SIZE: Final = 1 << 16
#: A record larger than this is not kept in memory: it is reported as too large. The server's
#: largest document is 16 MiB of BSON (``BSONObjMaxUserSize``, src/mongo/bson/util/builder.h);
#: canonical Extended JSON of such a document can be a few times larger as text.
MAX_RECORD_BYTES: Final = 64 << 20

_BLANK: Final = b" \t\r\n"
_BOM: Final = b"\xef\xbb\xbf"
_OUTSIDE: Final = re.compile(rb'["\[\]{},\n]')
_INSIDE: Final = re.compile(rb'["\\\n]')


@dataclass(frozen=True)
class RawRecord:
    """The bytes of one record and where it starts (1-based line and column; ``index`` for an
    element of a top-level array). ``problem`` is set when the layout itself is broken here
    (the bytes are then only what was kept of the record, for the message)."""

    data: bytes
    line: int
    column: int = 1
    index: int | None = None
    problem: str | None = None


def split_records(chunks: Iterable[bytes]) -> Iterator[RawRecord]:
    """The records of a stream given as byte chunks of any size (see the module docstring)."""
    stream = iter(chunks)
    head = b""
    for chunk in stream:
        head += chunk
        if (len(head) >= len(_BOM) and head.removeprefix(_BOM).lstrip(_BLANK)) or len(
            head
        ) > CHUNK_SIZE:
            break
    head = head.removeprefix(_BOM)  # a UTF-8 byte order mark, as some editors write
    rest = chain([head], stream)
    if head.lstrip(_BLANK).startswith(b"["):
        yield from _Splitter(array=True).run(rest)
    else:
        yield from _lines_or_values(rest)


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Lines without their newline; a line longer than a chunk is joined once (not re-copied
    with every chunk)."""
    pending: list[bytes] = []
    for chunk in chunks:
        parts = chunk.split(b"\n")
        if len(parts) == 1:
            pending.append(chunk)
            continue
        yield b"".join([*pending, parts[0]])
        yield from parts[1:-1]
        pending = [parts[-1]] if parts[-1] else []
    if pending:
        yield b"".join(pending)


def _lines_or_values(chunks: Iterable[bytes]) -> Iterator[RawRecord]:
    lines = _lines(chunks)
    seen: list[bytes] = []
    for raw in lines:
        seen.append(raw)
        if raw.strip(_BLANK):
            break
    first = seen[-1] if seen else b""
    if _unfinished_object(first):
        for raw in lines:
            seen.append(raw)
            if raw.strip(_BLANK):
                break
        if not _looks_like_a_document(seen[-1]):
            yield from _Splitter(array=False).run(_rejoined(chain(seen, lines)))
            return
    for number, raw in enumerate(chain(seen, lines), 1):
        text = raw.rstrip(b"\r")
        if text.strip(_BLANK):
            yield RawRecord(text, number)


def _rejoined(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The bytes again, from lines cut at newlines."""
    for number, line in enumerate(lines):
        yield b"\n" + line if number else line


def _depth(line: bytes) -> int:
    """Bracket depth at the end of ``line`` (strings skipped)."""
    depth, position, in_string = 0, 0, False
    while True:
        found = (_INSIDE if in_string else _OUTSIDE).search(line, position)
        if found is None:
            return depth
        byte, position = found.group(), found.end()
        if in_string:
            if byte == b"\\":
                position += 1
            else:
                in_string = False
        elif byte == b'"':
            in_string = True
        elif byte in b"[{":
            depth += 1
        elif byte in b"]}":
            depth -= 1


def _unfinished_object(line: bytes) -> bool:
    return line.lstrip(_BLANK).startswith(b"{") and _depth(line) > 0


def _looks_like_a_document(line: bytes) -> bool:
    text = line.strip(_BLANK)
    return text.startswith(b"{") and text.endswith(b"}") and _depth(text) == 0


class _Splitter:
    """The elements of one top-level array (``array``), or top-level values separated by
    blanks; state carried across chunks."""

    def __init__(self, *, array: bool) -> None:
        self.array = array
        self.line = 1
        self.line_start = 0  # offset (in the whole stream) where the current line starts
        self.offset = 0  # offset of the current chunk
        self.opened = not array  # the array's "[" was seen
        self.closed = False  # the array's "]" was seen
        self.depth = 0
        self.in_string = False
        self.escaped = False
        self.parts: list[bytes] | None = None  # the current record's bytes, when in one
        self.size = 0
        self.start = (1, 1)
        self.index = 0
        self.scalar = False  # (values mode) the record is not an object or array
        self.expecting = False  # (array) a comma was read: an element must follow

    def run(self, chunks: Iterable[bytes]) -> Iterator[RawRecord]:
        for chunk in chunks:
            yield from self._chunk(chunk)
            self.offset += len(chunk)
        if self.parts is not None:
            problem: str | None = None
            if self.array:
                problem = _AFTER_ARRAY if self.closed else NOT_CLOSED
            yield self._emit(problem)  # an unfinished value: decoding says where it stops
        elif self.array and not self.closed:
            yield RawRecord(b"", self.line, self._column(self.offset), self.index, NOT_CLOSED)

    def _column(self, absolute: int) -> int:
        return absolute - self.line_start + 1

    def _begin(self, chunk: bytes, at: int) -> None:
        self.parts, self.size = [], 0
        self.start = (self.line, self._column(self.offset + at))
        self.scalar = chunk[at : at + 1] not in (b"{", b"[")

    def _keep(self, piece: bytes) -> None:
        assert self.parts is not None
        self.size += len(piece)
        if self.size <= MAX_RECORD_BYTES:
            self.parts.append(piece)

    def _emit(self, problem: str | None = None) -> RawRecord:
        assert self.parts is not None
        data = b"".join(self.parts)
        if self.size > MAX_RECORD_BYTES and problem is None:
            problem = f"the record is larger than {MAX_RECORD_BYTES >> 20} MiB of text"
        line, column = self.start
        record = RawRecord(data, line, column, self.index if self.array else None, problem)
        self.parts = None
        self.index += 1
        return record

    def _empty_element(self, column: int) -> RawRecord:
        self.expecting = False
        problem = "an empty element (two commas, or a comma before ] )"
        record = RawRecord(b"", self.line, column, self.index, problem)
        self.index += 1
        return record

    def _chunk(self, chunk: bytes) -> Iterator[RawRecord]:
        position, end = 0, len(chunk)
        if self.escaped and end:  # the byte after a backslash that ended the last chunk
            self.escaped, position = False, 1
            self._keep(chunk[:1])
            if chunk[:1] == b"\n":
                self.line, self.line_start = self.line + 1, self.offset + 1
        while position < end:
            if self.parts is None:
                # Between records: blanks, separators, the array's brackets, or a record's start.
                byte = chunk[position : position + 1]
                if byte in (b" ", b"\t", b"\r"):
                    position += 1
                elif byte == b"\n":
                    position += 1
                    self.line, self.line_start = self.line + 1, self.offset + position
                elif self.array and not self.opened and byte == b"[":
                    self.opened, position = True, position + 1
                elif self.array and byte == b"]" and not self.closed and not self.expecting:
                    self.closed, position = True, position + 1
                elif self.array and byte in b",]" and self.expecting and not self.closed:
                    yield self._empty_element(self._column(self.offset + position))
                    position += byte == b","
                elif self.array and byte == b"," and not self.closed:
                    self.expecting, position = True, position + 1
                else:
                    self.expecting = False
                    self._begin(chunk, position)
                    if self.array and self.closed:
                        self.opened = False  # text after the array: one record, refused
                continue
            searcher = _INSIDE if self.in_string else _OUTSIDE
            found = searcher.search(chunk, position)
            stop = found.start() if found else end
            if found is None:
                self._keep(chunk[position:end])
                return
            byte = found.group()
            if byte == b"\n":
                self._keep(chunk[position:stop])
                position = stop + 1
                self.line, self.line_start = self.line + 1, self.offset + position
                self.in_string = False
                if self.scalar and not self.array:
                    yield self._emit()
                else:
                    self._keep(b"\n")
                continue
            if self.in_string:
                if byte == b"\\":
                    self._keep(chunk[position : stop + 2])
                    position = stop + 2
                    if position > end:
                        self.escaped = True
                else:
                    self.in_string = False
                    self._keep(chunk[position : stop + 1])
                    position = stop + 1
                continue
            if byte == b'"':
                self.in_string = True
            elif byte in b"[{":
                self.depth += 1
            elif byte in b"]}" and self.depth > 0:
                self.depth -= 1
                if self.depth == 0 and not self.array and not self.scalar:
                    self._keep(chunk[position : stop + 1])
                    position = stop + 1
                    yield self._emit()
                    continue
            elif self.array and self.depth == 0 and byte in b",]":
                # The element ends before this separator; "]" also closes the array.
                self._keep(chunk[position:stop])
                position = stop
                yield self._emit(None if self.opened else _AFTER_ARRAY)
                continue
            self._keep(chunk[position : stop + 1])
            position = stop + 1


NOT_CLOSED: Final = "the array is not closed ( ] ) at the end of the input"
_AFTER_ARRAY: Final = "text after the end of the array ( ] ): a file holds one array"
