"""Error types of the validation engine."""

from __future__ import annotations

from dataclasses import dataclass


class SchemaError(Exception):
    """A ``$jsonSchema`` that MongoDB's parser rejects.

    ``pointer`` is the JSON pointer of the offending keyword (or subschema) inside the schema,
    ``""`` for the root; ``keyword`` the keyword involved, when there is one.
    """

    def __init__(self, pointer: str, keyword: str | None, message: str) -> None:
        self.pointer = pointer
        self.keyword = keyword
        self.message = message
        where = pointer or "/"
        super().__init__(f"{where}: {message}")

    def __repr__(self) -> str:
        return f"SchemaError(pointer={self.pointer!r}, keyword={self.keyword!r}, message={self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SchemaError):
            return NotImplemented
        return (self.pointer, self.keyword, self.message) == (
            other.pointer,
            other.keyword,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.pointer, self.keyword, self.message))


class SchemaTooDeep(SchemaError):
    """A schema nested deeper than this engine compiles (its own limit, not the server's)."""


@dataclass(frozen=True)
class ValidationError:
    """Why a document fails: JSON pointer of the value in the document, keyword, message."""

    pointer: str
    keyword: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message} ({self.keyword})"
