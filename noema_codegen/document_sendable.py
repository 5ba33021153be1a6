"""Whether pymongo can send a decoded document, and where it cannot (``document_files``).

:func:`unsendable` names the first value of a document that BSON cannot carry (a number or
constant JSON has but BSON does not, a lone surrogate, NUL in a key or regex pattern, an
integer beyond 64 bits, a value of no BSON type) with its JSON pointer and our message (never
the wording of ``bson``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import bson
import bson.errors
from bson.binary import UuidRepresentation
from bson.codec_options import CodecOptions

from noema_codegen.diagnostics import pointer_join
from noema_codegen.validation import bson_types as bt

_ENCODE_OPTIONS: Final[CodecOptions[Any]] = CodecOptions(
    uuid_representation=UuidRepresentation.STANDARD
)


class Refused(Exception):
    """A problem inside one value: its JSON pointer and our message."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.pointer = pointer
        self.message = message


@dataclass(frozen=True)
class Token:
    """A number or constant that has no BSON value (kept to be refused with its pointer)."""

    text: str
    message: str


def unsendable(doc: Any) -> Refused | None:
    """Why pymongo could not send ``doc`` (the first problem found), or None."""
    try:
        bson.encode(doc, codec_options=_ENCODE_OPTIONS)
        return None
    except (bson.errors.BSONError, ValueError, TypeError, OverflowError):
        pass  # found below, with its pointer
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        value, pointer = stack.pop()
        if isinstance(value, Token):
            return Refused(pointer, value.message)
        if isinstance(value, str):
            if _has_surrogate(value):
                return Refused(pointer, _surrogate_message("string", value))
            continue
        code = bt.type_code(value)
        if code == bt.OBJECT:
            for key, child in reversed(list(bt.as_mapping(value).items())):
                child_pointer = pointer_join(pointer, key)
                if _has_surrogate(key):
                    return Refused(child_pointer, _surrogate_message("key", key))
                if "\x00" in key:
                    return Refused(child_pointer, "a key cannot hold a NUL character (\\u0000)")
                stack.append((child, child_pointer))
        elif code == bt.ARRAY:
            for index in reversed(range(len(value))):
                stack.append((value[index], pointer_join(pointer, index)))
        elif code == bt.LONG and not -(2**63) <= value < 2**63:
            return Refused(
                pointer,
                f"the integer {str(int(value))[:40]} does not fit in 64 bits; write it as "
                '{"$numberDecimal": "..."}',
            )
        elif code == bt.UNENCODABLE:
            return Refused(pointer, "this value has no BSON type: fix it")
        elif code == bt.REGEX and "\x00" in str(value.pattern):
            return Refused(pointer, "a regex pattern cannot hold a NUL character (\\u0000)")
        elif code == bt.REGEX and _has_surrogate(str(value.pattern)):
            return Refused(pointer, _surrogate_message("regex pattern", str(value.pattern)))
    return Refused(
        "", "pymongo cannot encode this document as BSON: check its Extended JSON values"
    )


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _surrogate_message(what: str, text: str) -> str:
    bad = next(ch for ch in text if "\ud800" <= ch <= "\udfff")
    return (
        f"the {what} holds a lone surrogate (\\u{ord(bad):04x}), which is not Unicode text: "
        "MongoDB stores UTF-8 only; fix the \\u escape"
    )
