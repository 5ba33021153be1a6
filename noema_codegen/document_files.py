"""Decoding one record of a document file, totally: :func:`decode_record` returns the document
or an :class:`UndecodableRecord` that names the place (``file:line`` or ``file:line:column`` for
a record on its own line, ``file[index] (line N)`` for an array element, plus the JSON pointer
inside the document) and the next step. ``document_stream`` finds the records in the file,
``document_sources`` opens files and standard input.

A file holds a JSON array of documents, one document per line (relaxed or canonical Extended
JSON), or pretty-printed documents. Refused, each with our own message (never the wording of
``json`` or ``bson``):

* text that is not UTF-8 or not JSON (line and column); ``NaN``/``Infinity`` tokens (JSON has
  none: ``{"$numberDouble": "NaN"}``); numbers beyond a double's range or integers beyond 64 bits;
* a top-level value or array element that is not an object;
* malformed Extended JSON (``{"$oid": "zz"}``, ``{"$numberDecimal": "abc"}``, regex options other
  than ``i l m s u x``...), with the pointer of the offending object;
* text pymongo cannot send (a lone surrogate in a key or string, NUL in a key);
* documents nested deeper than MongoDB stores: :data:`MAX_DOCUMENT_DEPTH` levels.

Dates beyond what Python's ``datetime`` holds (before year 1 or after 9999, which MongoDB stores
as ordinary BSON dates) are read as ``bson.DatetimeMS`` and validated like any date.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import bson
import bson.errors
from bson import DatetimeConversion, DBRef, json_util

from noema_codegen.diagnostics import UserFacingError, pointer_join
from noema_codegen.document_sendable import Refused, Token, unsendable
from noema_codegen.validation import bson_types as bt

#: ``BSONDepth::getMaxDepthForUserStorage()``: ``kDefaultMaxAllowableDepth`` (200) minus
#: ``kExtraSystemDepthLevels`` (20), ``src/mongo/bson/bson_depth.h``. The document is level 1;
#: an empty object or array adds no level (jstests/noPassthrough/max_bson_depth_parameter.js).
MAX_DOCUMENT_DEPTH: Final = 180
EXTENDED_JSON_DOCS: Final = "https://www.mongodb.com/docs/manual/reference/mongodb-extended-json/"
FORMATS: Final = "a file holds a JSON array of documents, or one document per line"
_OPTIONS: Final = json_util.DEFAULT_JSON_OPTIONS.with_options(
    datetime_conversion=DatetimeConversion.DATETIME_AUTO
)
_REGEX_OPTIONS: Final = frozenset("ilmsux")
#: What each Extended JSON wrapper must hold (shown when it does not).
_SHAPES: Final[dict[str, str]] = {
    "$oid": '{"$oid": "<24 hexadecimal digits>"}',
    "$numberDecimal": '{"$numberDecimal": "<decimal number>"}, e.g. "1.50", "NaN", "-Infinity"',
    "$numberLong": '{"$numberLong": "<integer>"} within -9223372036854775808..9223372036854775807',
    "$numberInt": '{"$numberInt": "<integer>"} within -2147483648..2147483647',
    "$numberDouble": '{"$numberDouble": "<number>"}, or "NaN", "Infinity", "-Infinity"',
    "$date": '{"$date": "<ISO-8601 date-time>"} or {"$date": {"$numberLong": "<milliseconds>"}}',
    "$binary": '{"$binary": {"base64": "<base64>", "subType": "<hex byte>"}}',
    "$uuid": '{"$uuid": "<32 hexadecimal digits, with or without dashes>"}',
    "$regularExpression": '{"$regularExpression": {"pattern": "...", "options": "<ilmsux>"}}',
    "$regex": '{"$regex": "<pattern>", "$options": "<letters among i l m s u x>"}',
    "$timestamp": '{"$timestamp": {"t": <seconds>, "i": <increment>}}',
    "$minKey": '{"$minKey": 1}',
    "$maxKey": '{"$maxKey": 1}',
    "$code": '{"$code": "<javascript>"} or {"$code": "...", "$scope": {...}}',
    "$ref": '{"$ref": "<collection>", "$id": <id>} (DBRef)',
}


class InputError(UserFacingError):
    """Bad input for the validate command (unreadable file, malformed JSON, bad URI...)."""


@dataclass(frozen=True)
class SourcedDocument:
    """A document and where it came from (``file.json:12``, ``file.json[3]`` or
    ``db.collection``); for a file, its name (``source``), the line where the document starts
    and its ``index`` in a top-level array."""

    location: str
    document: Any
    line: int | None = None
    source: str | None = None
    index: int | None = None


@dataclass(frozen=True)
class UndecodableRecord:
    """A record that is not a document MongoDB could store: where (the record's ``location``;
    the ``source`` file, the ``line`` and ``column`` of the problem, the array ``index``, the
    JSON pointer inside the record) and why (``reason``, our message with the next step)."""

    location: str
    source: str
    line: int | None
    column: int | None
    index: int | None
    pointer: str
    reason: str

    @property
    def message(self) -> str:
        if self.index is not None:
            column = f", column {self.column}" if self.column is not None else ""
            where = f"{self.source}[{self.index}] (line {self.line}{column})"
        else:
            where = f"{self.source}:{self.line}"
            where += f":{self.column}" if self.column is not None else ""
        if self.pointer:
            where += f" at {self.pointer}"
        # A pointer may hold a lone surrogate: escape it so the message can always be printed.
        text = f"{where}: {self.reason}"
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as parsed (key order and every key kept), converted afterwards."""


def _parse_float(text: str) -> Any:
    value = float(text)
    if math.isinf(value):
        return Token(
            text,
            f"the number {text[:40]} is beyond the range of a double; write "
            'it as {"$numberDecimal": "..."}',
        )
    return value


def _parse_int(text: str) -> Any:
    if len(text.lstrip("-")) > 19 or not -(2**63) <= int(text) < 2**63:
        return Token(
            text,
            f"the integer {text[:40]} does not fit in 64 bits; write it as "
            '{"$numberDecimal": "..."}',
        )
    return int(text)


def _parse_constant(text: str) -> Any:
    return Token(text, f'{text} is not JSON; write {{"$numberDouble": "{text}"}}')


def _parse(text: str) -> Any:
    """``text`` as plain JSON, objects as :class:`_Pairs`; :class:`json.JSONDecodeError` and
    :class:`RecursionError` are the caller's to place."""
    return json.loads(
        text,
        object_pairs_hook=_Pairs,
        parse_float=_parse_float,
        parse_int=_parse_int,
        parse_constant=_parse_constant,
    )


#: Where a value is, as a chain (parent, token) built cheaply on the way down; turned into a
#: JSON pointer only for a message.
_Path = tuple[Any, "str | int"] | None


def _pointer(path: _Path) -> str:
    tokens: list[str | int] = []
    while path is not None:
        path, token = path
        tokens.append(token)
    pointer = ""
    for token in reversed(tokens):
        pointer = pointer_join(pointer, token)
    return pointer


def _convert(raw: Any) -> Any:
    """Plain JSON to the values pymongo would decode, bottom-up as ``json_util.loads`` does;
    iterative, and checks nesting against :data:`MAX_DOCUMENT_DEPTH` on the way down."""
    results: list[Any] = []
    stack: list[tuple[Any, _Path, int, bool]] = [(raw, None, 1, False)]
    while stack:
        node, path, depth, expanded = stack.pop()
        if not isinstance(node, list):
            results.append(node)
            continue
        if not expanded:
            if node and depth > MAX_DOCUMENT_DEPTH:
                raise Refused(
                    _pointer(path),
                    f"nested more than {MAX_DOCUMENT_DEPTH} levels deep, more than MongoDB "
                    "stores in a document: flatten it",
                )
            stack.append((node, path, depth, True))
            items = node if isinstance(node, _Pairs) else enumerate(node)
            for token, child in reversed(list(items)):
                stack.append((child, (path, token), depth + 1, False))
            continue
        cut = len(results) - len(node)
        values = results[cut:]
        del results[cut:]
        if isinstance(node, _Pairs):
            pairs = [(key, value) for (key, _), value in zip(node, values, strict=True)]
            results.append(_extended(pairs, path))
        else:
            results.append(values)
    return results[0]


def _extended(pairs: list[tuple[str, Any]], path: _Path) -> Any:
    """One object through ``json_util.object_pairs_hook``; its failures become our message."""
    wrapper = next((key for key, _ in pairs if key.startswith("$")), None)
    if wrapper is None:  # every Extended JSON wrapper has a "$" key (json_util._PARSERS)
        return dict(pairs)
    if wrapper == "$date" and len(pairs) == 1:
        quick = _utc_date(pairs[0][1])
        if quick is not None:
            return quick
    fields = dict(pairs)
    options = fields.get("$options")
    if "$regularExpression" in fields and isinstance(fields["$regularExpression"], dict):
        options = fields["$regularExpression"].get("options")
    if isinstance(options, str) and not set(options) <= _REGEX_OPTIONS:
        raise Refused(
            _pointer(path), f"regex options {options!r} are not among i, l, m, s, u, x: fix them"
        )
    if wrapper == "$numberInt" and not _int32_text(fields[wrapper]):
        raise Refused(
            _pointer(path), f"$numberInt must be an int32; the form is {_SHAPES[wrapper]}"
        )
    try:
        return json_util.object_pairs_hook(pairs, _OPTIONS)
    except (ValueError, TypeError, LookupError, ArithmeticError, bson.errors.BSONError):
        shape = _SHAPES.get(wrapper, None)
        expected = f"; the form is {shape}" if shape else ""
        raise Refused(
            _pointer(path),
            f'{{"{wrapper}": ...}} is not valid Extended JSON{expected} (see {EXTENDED_JSON_DOCS})',
        ) from None


_UTC_DATE: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,6})?Z", re.ASCII
)


def _utc_date(value: Any) -> datetime | None:
    """``{"$date": "2025-05-09T03:43:12.860Z"}`` (what mongoexport writes) as
    ``json_util._parse_canonical_datetime`` decodes it (a naive UTC datetime, the fraction
    computed the same way), without its ``strptime``; None for any other form or an
    impossible date (json_util then decides)."""
    if not isinstance(value, str) or (found := _UTC_DATE.fullmatch(value)) is None:
        return None
    year, month, day, hour, minute, second, fraction = found.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int(float(fraction) * 1000000) if fraction else 0,
        )
    except ValueError:
        return None


def _int32_text(value: Any) -> bool:
    if not isinstance(value, str) or not 0 < len(value.lstrip("-")) <= 10:
        return False
    try:
        return -(2**31) <= int(value) < 2**31
    except ValueError:
        return False


def _fast_decode(data: bytes, text: str) -> Any:
    """The common case in one pass of json's C parser, converting each object as it closes
    (bottom-up, as :func:`_convert` does): the same values, or None when anything is unusual
    (then the slow path, which keeps every pointer, finds the problem and says where). Only a
    record with fewer brackets than :data:`MAX_DOCUMENT_DEPTH` can skip the depth check."""
    if data.count(b"{") + data.count(b"[") > MAX_DOCUMENT_DEPTH:
        return None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_fast_object,
            parse_float=_parse_float,
            parse_int=_parse_int,
            parse_constant=_parse_constant,
        )
    except Exception:  # noqa: BLE001 (any failure: the slow path reports it with its place)
        return None
    return value if isinstance(value, dict | DBRef) else None


def _fast_object(pairs: list[tuple[str, Any]]) -> Any:
    return _extended(pairs, None)


def record_location(source: str, line: int, index: int | None) -> str:
    """``file:line`` for a record on its own line(s), ``file[index]`` for an array element."""
    return f"{source}[{index}]" if index is not None else f"{source}:{line}"


def decode_record(
    data: bytes, source: str, line: int, column: int = 1, index: int | None = None
) -> SourcedDocument | UndecodableRecord:
    """One record's bytes (starting at ``line``:``column`` of ``source``; ``index`` for an
    element of a top-level array) as the document pymongo would send, or why it cannot be one.
    Never raises for any bytes."""
    location = record_location(source, line, index)

    def refused(
        reason: str, pointer: str = "", at: tuple[int, int | None] | None = None
    ) -> UndecodableRecord:
        where_line, where_column = at if at is not None else (line, None)
        return UndecodableRecord(location, source, where_line, where_column, index, pointer, reason)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return refused(f"byte {exc.start} of the record is not UTF-8; save the file as UTF-8")
    fast = _fast_decode(data, text)
    try:
        raw = fast if fast is not None else _parse(text)
    except json.JSONDecodeError as exc:
        at_column = exc.colno + (column - 1 if exc.lineno == 1 else 0)
        return refused(
            f"not valid JSON here; fix the syntax ({FORMATS})",
            at=(line + exc.lineno - 1, at_column),
        )
    except RecursionError:
        # json's parser recurses once per level; the limit is far above what MongoDB stores.
        return refused(
            f"nested too deeply to read; MongoDB stores documents nested at most "
            f"{MAX_DOCUMENT_DEPTH} levels: flatten the data"
        )
    if fast is None and not isinstance(raw, _Pairs):
        kind = "an array" if isinstance(raw, list) else "a scalar value"
        return refused(f"expected a document (a JSON object), found {kind}; {FORMATS}")
    try:
        doc = fast if fast is not None else _convert(raw)
        if isinstance(doc, DBRef):  # {"$ref": ..., "$id": ...} is stored as these fields
            doc = doc.as_doc()
        if bt.type_code(doc) != bt.OBJECT:
            raise Refused(
                "",
                f"this object is an Extended JSON {bt.type_name(bt.type_code(doc))} value, not a "
                "document: wrap it in a field",
            )
        problem = unsendable(doc)
    except Refused as exc:
        problem = exc
    if problem is not None:
        return refused(problem.message, problem.pointer)
    return SourcedDocument(location, doc, line, source, index)
