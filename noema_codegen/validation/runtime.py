"""Helpers called by the generated validator code (and by the error walker)."""

from __future__ import annotations

from typing import Any, Final

from bson import ObjectId

from noema_codegen.diagnostics import pointer_join
from noema_codegen.validation import bson_types as bt

_FLE_SUBTYPE: Final = 6
_FLE1_BLOB_SUBTYPES: Final = frozenset({1, 2})  # deterministic, random
_FLE1_HEADER: Final = 18  # blob subtype, 16-byte key UUID, original BSON type
PLACEHOLDER_ID: Final = ObjectId("000000000000000000000000")


class Missing:
    """Sentinel for an absent field."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Final = Missing()


def is_encrypted_bindata(value: Any) -> bool:
    """``$_internalSchemaBinDataSubType: 6``."""
    return bt.type_code(value) == bt.BINDATA and bt.bindata_subtype(value) == _FLE_SUBTYPE


def encrypted_type_ok(value: Any, types: frozenset[int] | None) -> bool:
    """``$_internalSchemaBinDataEncryptedType``: a client-side-encryption (FLE1) payload whose
    original BSON type is in ``types`` (no check when ``types`` is None)."""
    if types is None:
        return True
    data = bt.bindata_bytes(value)
    if len(data) < _FLE1_HEADER or data[0] not in _FLE1_BLOB_SUBTYPES:
        return False
    return data[_FLE1_HEADER - 1] in types


def with_id(doc: Any) -> dict[str, Any]:
    """The document as the server validates an insert: with an ``_id`` first when it had none."""
    result: dict[str, Any] = {"_id": PLACEHOLDER_ID}
    result.update(doc.items())
    return result


def reach(obj: Any, name: str) -> list[Any]:
    """The values a (possibly dotted) property name designates, as the server's paths do.

    ``properties``/``required``/``dependencies`` names are match-expression paths: ``"a.b"``
    reaches into embedded documents (a field literally named ``"a.b"`` is not seen), through
    arrays of documents (every element) and by position (``"a.0"``). Empty when absent.
    """
    if "." not in name:
        value = obj.get(name, MISSING)
        return [] if value is MISSING else [value]
    return _reach(obj, name.split("."))


def _reach(value: Any, parts: list[str]) -> list[Any]:
    """Iterative (a path may have thousands of parts): a frontier of (value, next part index)."""
    found: list[Any] = []
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        current, at = stack.pop()
        if at == len(parts):
            found.append(current)
            continue
        head = parts[at]
        code = bt.type_code(current)
        if code == bt.OBJECT:
            mapping = bt.as_mapping(current)
            if head in mapping:
                stack.append((mapping[head], at + 1))
            continue
        if code != bt.ARRAY:
            continue
        # Pushed in reverse so values come out in document order: the positional match first,
        # then each element that is a document.
        for element in reversed(current):
            if bt.type_code(element) == bt.OBJECT:
                stack.append((element, at))
        index = array_index(head)
        if index is not None and index < len(current):
            stack.append((current[index], at + 1))
    return found


def array_index(part: str) -> int | None:
    """The array position a path part names, as the server reads it, or None.

    A part names a position only when it is ASCII digits spelling the element's own field name
    ("0", "1", ... "10"; not "01", not "²" or "١"): ``isAllDigits`` in
    ``src/mongo/db/matcher/path_internal.cpp`` tests bytes with ``isdigit`` (ASCII only), and
    ``ArrayIterationState::isArrayOffsetMatch`` (``src/mongo/db/matcher/path.cpp``) compares the
    part with the element's field name as a string.
    """
    if not part or len(part) > 19 or not (part.isascii() and part.isdigit()):
        return None
    if part != "0" and part.startswith("0"):
        return None
    return int(part)


def path_pointer(pointer: str, name: str) -> str:
    """JSON pointer of the value a (possibly dotted) property name designates."""
    return pointer_join(pointer, *name.split("."))
