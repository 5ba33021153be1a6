"""``RawBSONDocument`` inputs are decoded once, at the entry of ``is_valid``/``errors``.

A ``RawBSONDocument`` (pymongo's ``document_class=RawBSONDocument``) inflates its bytes on
every field lookup, so validating one in place costs about twice decoding it first. Its bytes
are decoded with bson's default codec options (nested documents as ``dict``): the options a
client may set (tz_aware, the UUID representation) change no value's BSON type, so the engine
judges the same BSON document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import bson
from bson.raw_bson import RawBSONDocument


def decoded(doc: Any) -> Any:
    """``doc``, or its decoded ``dict`` when it is a ``RawBSONDocument``."""
    if isinstance(doc, RawBSONDocument):
        return bson.decode(doc.raw)
    return doc


def decoding_raw(is_valid: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """``is_valid`` taking a ``RawBSONDocument`` as the decoded document (other values as they
    are: one type check in front of the generated function)."""

    def check(doc: Any) -> bool:
        if type(doc) is not dict and isinstance(doc, RawBSONDocument):
            return is_valid(decoded(doc))
        return is_valid(doc)

    return check
