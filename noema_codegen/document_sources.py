"""Document files and standard input as a stream of decoded records, in constant memory.

:func:`iter_records` opens each source in turn (``-`` is standard input), cuts it into records
(``document_stream``) and decodes each one (``document_files``): the caller gets, in order, a
:class:`SourcedDocument` or an :class:`UndecodableRecord` per record and goes on after a bad
one. Only a source that cannot be opened or read at all is an :class:`InputError` (exit 2).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Final

from noema_codegen.document_files import (
    InputError,
    SourcedDocument,
    UndecodableRecord,
    decode_record,
)
from noema_codegen.document_stream import CHUNK_SIZE, NOT_CLOSED, split_records

STDIN: Final = "-"
STDIN_NAME: Final = "<stdin>"

Record = SourcedDocument | UndecodableRecord


def display_name(path: Path | str) -> str:
    return STDIN_NAME if str(path) == STDIN else str(path)


def source_sizes(paths: Iterable[Path | str]) -> int | None:
    """Total bytes of the sources (for a progress bar), or None when one has no known size."""
    total = 0
    for path in paths:
        if str(path) == STDIN:
            return None
        try:
            total += Path(path).stat().st_size
        except OSError:
            return None
    return total


def _cannot_read(name: str, exc: OSError) -> InputError:
    return InputError(
        f"{name}: cannot read file ({exc.strerror or type(exc).__name__}); check the path and "
        "its permissions"
    )


def _chunks(stream: BinaryIO, name: str, on_bytes: Callable[[int], None] | None) -> Iterator[bytes]:
    read = getattr(stream, "read1", stream.read)  # a pipe: whatever is there, up to a chunk
    while True:
        try:
            chunk = read(CHUNK_SIZE)
        except OSError as exc:
            raise _cannot_read(name, exc) from None
        if not chunk:
            return
        if on_bytes is not None:
            on_bytes(len(chunk))
        yield chunk


def _records_of(
    stream: BinaryIO, name: str, on_bytes: Callable[[int], None] | None
) -> Iterator[Record]:
    for raw in split_records(_chunks(stream, name, on_bytes)):
        if raw.problem == NOT_CLOSED and raw.data.strip():
            decoded = decode_record(raw.data, name, raw.line, raw.column, raw.index)
            if isinstance(decoded, UndecodableRecord):  # more precise: where the text stops
                yield decoded
                continue
        if raw.problem is not None:
            location = f"{name}[{raw.index}]" if raw.index is not None else f"{name}:{raw.line}"
            yield UndecodableRecord(
                location, name, raw.line, raw.column, raw.index, "", f"{raw.problem}; fix it"
            )
        else:
            yield decode_record(raw.data, name, raw.line, raw.column, raw.index)


def iter_records(
    paths: Iterable[Path | str],
    *,
    stdin: BinaryIO | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[Record]:
    """Every record of every source, in order; ``on_bytes(n)`` after each chunk read."""
    for path in paths:
        name = display_name(path)
        if str(path) == STDIN:
            yield from _records_of(stdin or sys.stdin.buffer, name, on_bytes)
            continue
        try:
            stream = Path(path).open("rb")  # noqa: SIM115 (closed by the with below)
        except OSError as exc:
            raise _cannot_read(name, exc) from None
        with stream:
            yield from _records_of(stream, name, on_bytes)


def read_extended_json(path: Path | str) -> Iterator[SourcedDocument]:
    """The documents of one file, strictly: the first undecodable record is an InputError."""
    for record in iter_records([path]):
        if isinstance(record, UndecodableRecord):
            raise InputError(record.message)
        yield record
