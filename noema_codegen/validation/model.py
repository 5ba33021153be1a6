"""The parsed form of a ``$jsonSchema``: one :class:`Node` per (sub)schema.

A node holds only what the server's parser keeps: keywords that are no-ops at the top level
(``minimum``, ``pattern``, ``items``...) are dropped there, ``number`` is expanded to the four
numeric types, ``additionalItems`` is kept only beside an ``items`` array, and so on.
"""

from __future__ import annotations

import decimal
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Bound:
    """``minimum``/``maximum`` with its exclusive flag; ``value`` keeps its BSON type code."""

    value: Any
    code: int
    exclusive: bool


@dataclass(frozen=True)
class PatternRule:
    source: str
    regex: re.Pattern[str]


@dataclass
class Node:
    pointer: str
    is_root: bool
    #: BSON type codes allowed by type/bsonType/encrypt (None: no type restriction).
    types: frozenset[int] | None = None
    type_keyword: str | None = None
    #: True at the root when the type excludes "object": MongoDB only stores objects.
    always_false: bool = False
    # string restrictions
    pattern: PatternRule | None = None
    min_length: int | None = None
    max_length: int | None = None
    # number restrictions
    multiple_of: decimal.Decimal | None = None
    minimum: Bound | None = None
    maximum: Bound | None = None
    # array restrictions
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    items: Node | None = None
    items_list: list[Node] | None = None
    #: Only when ``items`` is an array: a schema, or a boolean.
    additional_items: Node | bool | None = None
    # encryption: the value must be binData subtype 6 (and of this original type, if set)
    encrypt: bool = False
    encrypt_types: frozenset[int] | None = None
    # object restrictions
    required: list[str] = field(default_factory=list)
    properties: dict[str, Node] = field(default_factory=dict)
    pattern_properties: list[tuple[PatternRule, Node]] = field(default_factory=list)
    #: Present when patternProperties or additionalProperties is given.
    check_allowed: bool = False
    additional_properties: Node | bool = True
    min_properties: int | None = None
    max_properties: int | None = None
    dependencies: list[tuple[str, Node | list[str]]] = field(default_factory=list)
    # logical
    all_of: list[Node] = field(default_factory=list)
    any_of: list[Node] = field(default_factory=list)
    one_of: list[Node] = field(default_factory=list)
    not_: Node | None = None
    #: Enum values (at the root: only the object values; an empty list never matches).
    enum: list[Any] | None = None
    #: The (sub)schema as written: ``specifiedAs``, ``title`` and ``description`` of the
    #: server's error details quote it (see :mod:`noema_codegen.validation.details`).
    raw: Any = field(default=None, repr=False, compare=False)

    def has_string_rules(self) -> bool:
        return (
            self.pattern is not None or self.min_length is not None or self.max_length is not None
        )

    def has_number_rules(self) -> bool:
        return self.multiple_of is not None or self.minimum is not None or self.maximum is not None

    def has_array_rules(self) -> bool:
        return (
            self.min_items is not None
            or self.max_items is not None
            or self.unique_items
            or self.items is not None
            or self.items_list is not None
        )

    def has_object_rules(self) -> bool:
        return bool(
            self.required
            or self.properties
            or self.check_allowed
            or self.min_properties is not None
            or self.max_properties is not None
        )
