"""A value as error messages quote it: ``repr`` bounded in depth and length."""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any

from noema_codegen.validation import bson_types as bt


class _ShortRepr(reprlib.Repr):
    """``repr`` bounded in depth and length: a value as deep as a document can hold never
    exhausts the recursion limit; other mappings (SON, DBRef, RawBSONDocument) print as dicts."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 4
        self.maxstring = 60
        self.maxother = 60

    def repr1(self, x: Any, level: int) -> str:
        if isinstance(x, Mapping) and not isinstance(x, dict):
            return self.repr_dict(dict(bt.as_mapping(x)), level)
        return super().repr1(x, level)


_REPR = _ShortRepr()


def short_repr(value: Any) -> str:
    """``repr`` of a value bounded in depth and length (at most 80 characters)."""
    text = _REPR.repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
