"""The interpreted validator: walks the parsed schema over one value and lists every failure.

It implements the same semantics as the generated code of :mod:`noema_codegen.validation.codegen`
(the tests check that both agree; ``bench/explain.py`` times it). ``validator.errors`` is not this
walk's list but the flat view of the server's details (:mod:`noema_codegen.validation.flat_errors`).
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any

from noema_codegen.diagnostics import pointer_join
from noema_codegen.validation import bson_types as bt
from noema_codegen.validation.equality import is_multiple, number_satisfies, safe_key
from noema_codegen.validation.errors import ValidationError
from noema_codegen.validation.model import Node
from noema_codegen.validation.runtime import (
    encrypted_type_ok,
    is_encrypted_bindata,
    path_pointer,
    reach,
)

_OPS = {
    ("minimum", False): "gte",
    ("minimum", True): "gt",
    ("maximum", False): "lte",
    ("maximum", True): "lt",
}


def _names(codes: frozenset[int]) -> str:
    if bt.NUMBER_CODES <= codes:
        rest = sorted(bt.type_name(c) for c in codes - bt.NUMBER_CODES)
        return ", ".join(["number", *rest])
    return ", ".join(sorted(bt.type_name(c) for c in codes))


class _Walker:
    def __init__(self) -> None:
        self.out: list[ValidationError] = []

    def add(self, pointer: str, keyword: str, message: str) -> None:
        self.out.append(ValidationError(pointer, keyword, message))

    def node(self, node: Node, value: Any, pointer: str) -> None:
        if node.is_root:
            self.root(node, value, pointer)
            return
        code = bt.type_code(value)
        if node.types is not None and code not in node.types:
            keyword = node.type_keyword or "bsonType"
            self.add(pointer, keyword, f"expected {_names(node.types)}, found {bt.type_name(code)}")
        if code == bt.STRING:
            self.string(node, value, pointer)
        elif code in bt.NUMBER_CODES:
            self.number(node, value, code, pointer)
        elif code == bt.ARRAY:
            self.array(node, value, pointer)
        if node.encrypt:
            self.encrypt(node, value, pointer)
        if code == bt.OBJECT:
            self.obj(node, bt.as_mapping(value), pointer)
        self.logical(node, value, pointer)

    def root(self, node: Node, doc: Mapping[str, Any], pointer: str) -> None:
        if node.always_false:
            self.add(
                pointer,
                node.type_keyword or "bsonType",
                "the top-level type must allow 'object': MongoDB only stores documents",
            )
        self.obj(node, doc, pointer)
        self.logical(node, doc, pointer)

    def string(self, node: Node, value: str, pointer: str) -> None:
        if node.pattern is not None and node.pattern.regex.search(value) is None:
            self.add(pointer, "pattern", f"does not match pattern {node.pattern.source!r}")
        length = len(value)
        if node.min_length is not None and length < node.min_length:
            self.add(pointer, "minLength", f"has {length} characters, fewer than {node.min_length}")
        if node.max_length is not None and length > node.max_length:
            self.add(pointer, "maxLength", f"has {length} characters, more than {node.max_length}")

    def number(self, node: Node, value: Any, code: int, pointer: str) -> None:
        if node.multiple_of is not None and not is_multiple(value, code, node.multiple_of):
            self.add(
                pointer, "multipleOf", f"{_short(value)} is not a multiple of {node.multiple_of}"
            )
        for name in ("maximum", "minimum"):
            bound = getattr(node, name)
            if bound is None:
                continue
            op = _OPS[(name, bound.exclusive)]
            if not number_satisfies(value, code, bound.value, bound.code, op):
                relation = {"gte": ">=", "gt": ">", "lte": "<=", "lt": "<"}[op]
                self.add(pointer, name, f"{_short(value)} is not {relation} {_short(bound.value)}")

    def array(self, node: Node, value: Any, pointer: str) -> None:
        size = len(value)
        if node.min_items is not None and size < node.min_items:
            self.add(pointer, "minItems", f"has {size} items, fewer than {node.min_items}")
        if node.max_items is not None and size > node.max_items:
            self.add(pointer, "maxItems", f"has {size} items, more than {node.max_items}")
        if node.unique_items:
            seen: set[object] = set()
            for index, item in enumerate(value):
                key = safe_key(item)
                if key in seen:
                    self.add(
                        pointer_join(pointer, index), "uniqueItems", "duplicates an earlier item"
                    )
                    break
                seen.add(key)
        if node.items is not None:
            for index, item in enumerate(value):
                self.node(node.items, item, pointer_join(pointer, index))
        if node.items_list is not None:
            for index, (sub, item) in enumerate(zip(node.items_list, value)):
                self.node(sub, item, pointer_join(pointer, index))
            extra = node.additional_items
            for index in range(len(node.items_list), size):
                item_pointer = pointer_join(pointer, index)
                if extra is False:
                    self.add(item_pointer, "additionalItems", "no additional items are allowed")
                elif isinstance(extra, Node):
                    self.node(extra, value[index], item_pointer)

    def encrypt(self, node: Node, value: Any, pointer: str) -> None:
        if not is_encrypted_bindata(value):
            self.add(pointer, "encrypt", "must be encrypted: binData of subtype 6")
        elif not encrypted_type_ok(value, node.encrypt_types):
            self.add(pointer, "encrypt", "the encrypted value has a type the schema does not allow")

    def obj(self, node: Node, obj: Mapping[str, Any], pointer: str) -> None:
        for name in node.required:
            if not reach(obj, name):
                self.add(
                    path_pointer(pointer, name), "required", f"required field {name!r} is missing"
                )
        for name, sub in node.properties.items():
            values = reach(obj, name)
            if len(values) == 1:
                self.node(sub, values[0], path_pointer(pointer, name))
            elif values and not any(_valid(sub, value) for value in values):
                self.add(
                    path_pointer(pointer, name),
                    "properties",
                    f"no value reached by the path {name!r} matches its schema",
                )
        if node.check_allowed:
            self.allowed(node, obj, pointer)
        count = len(obj)
        if node.min_properties is not None and count < node.min_properties:
            self.add(
                pointer, "minProperties", f"has {count} fields, fewer than {node.min_properties}"
            )
        if node.max_properties is not None and count > node.max_properties:
            self.add(
                pointer, "maxProperties", f"has {count} fields, more than {node.max_properties}"
            )
        for name, dep in node.dependencies:
            if not reach(obj, name):
                continue
            if isinstance(dep, Node):
                self.node(dep, obj, pointer)
            else:
                for other in dep:
                    if not reach(obj, other):
                        self.add(
                            path_pointer(pointer, other),
                            "dependencies",
                            f"field {other!r} is required when {name!r} is present",
                        )

    def allowed(self, node: Node, obj: Mapping[str, Any], pointer: str) -> None:
        for name, value in obj.items():
            field_pointer = pointer_join(pointer, name)
            matched = False
            for rule, sub in node.pattern_properties:
                if rule.regex.search(name) is not None:
                    matched = True
                    self.node(sub, value, field_pointer)
            if matched or name in node.properties:
                continue
            extra = node.additional_properties
            if extra is False:
                self.add(field_pointer, "additionalProperties", f"field {name!r} is not allowed")
            elif isinstance(extra, Node):
                self.node(extra, value, field_pointer)

    def logical(self, node: Node, value: Any, pointer: str) -> None:
        for sub in node.all_of:
            self.node(sub, value, pointer)
        if node.any_of and not any(_valid(sub, value) for sub in node.any_of):
            self.add(pointer, "anyOf", "matches none of the 'anyOf' schemas")
        if node.one_of:
            matches = sum(1 for sub in node.one_of if _valid(sub, value))
            if matches != 1:
                self.add(
                    pointer, "oneOf", f"matches {matches} of the 'oneOf' schemas, not exactly one"
                )
        if node.not_ is not None and _valid(node.not_, value):
            self.add(pointer, "not", "matches the 'not' schema")
        if node.enum is not None:
            key = safe_key(value)
            if not any(safe_key(option) == key for option in node.enum):
                self.add(pointer, "enum", f"{_short(value)} is not one of the 'enum' values")


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


def _short(value: Any) -> str:
    text = _REPR.repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def short_repr(value: Any) -> str:
    """``repr`` of a value bounded in depth and length (at most 80 characters)."""
    return _short(value)


def _valid(node: Node, value: Any) -> bool:
    walker = _Walker()
    walker.node(node, value, "")
    return not walker.out


def node_errors(node: Node, value: Any) -> list[ValidationError]:
    """All errors of ``value`` against ``node`` (the root node gets the whole document)."""
    walker = _Walker()
    walker.node(node, value, "")
    return walker.out
