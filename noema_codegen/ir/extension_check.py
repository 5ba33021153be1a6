"""A compiled yes/no check of the ``x-noema`` extension against ``EXTENSION_SCHEMA``.

``jsonschema`` stays the authority for what is wrong and how it is said: its messages
are the ones lint prints. But its validation descends the schema anew for every file
(one evolved validator per keyword and level: about half of load + lint + IR at 100
collections), and importing it is the largest part of ``lint``'s start-up. This module
compiles the schema once into nested closures that answer only "valid?"; ``ir.build``
imports and runs ``jsonschema`` only for an extension this check refuses.

The closures implement Draft 2020-12 for exactly the keywords ``EXTENSION_SCHEMA`` uses
(``compile_schema`` refuses any other keyword, so the schema cannot outgrow the check
silently), with ``jsonschema``'s semantics: booleans are not numbers, ``1 == 1.0`` in
``enum``/``const``, a keyword other than ``type`` applies only to instances of its own
type, ``pattern`` is ``re.search``. A value of a type JSON cannot hold is refused, so
``jsonschema`` decides it. tests/ir/test_extension_check.py compares the verdict with
``jsonschema``'s on arbitrary instances.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]

IGNORED = frozenset({"$schema", "description"})
"""Annotations: they constrain nothing."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "number": _is_number,
    "integer": _is_integer,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def json_equal(one: Any, two: Any) -> bool:
    """``jsonschema``'s equality: booleans equal only booleans, ``1 == 1.0``, deep."""
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(map(json_equal, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(json_equal(one[k], two[k]) for k in one)
    if isinstance(one, list | dict) or isinstance(two, list | dict):
        return False
    return bool(one == two)


def _unique(items: list[Any]) -> bool:
    return all(not json_equal(items[i], items[j]) for i in range(len(items)) for j in range(i))


def _json_value(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)


def compile_schema(schema: Mapping[str, Any] | bool) -> Check:
    """A function answering whether an instance is valid against ``schema``."""
    if schema is True:
        return _json_value
    if schema is False:
        return lambda value: False
    unknown = set(schema) - set(_KEYWORDS) - IGNORED - {"properties", "additionalProperties"}
    if unknown:
        raise ValueError(f"extension_check cannot compile the keywords {sorted(unknown)}")
    compiled = (_KEYWORDS[key](value, schema) for key, value in schema.items() if key in _KEYWORDS)
    checks: list[Check] = [check for check in compiled if check is not None]
    if "properties" in schema or "additionalProperties" in schema:
        checks.append(_object_members(schema))

    def check(value: Any) -> bool:
        return _json_value(value) and all(each(value) for each in checks)

    return check


def _type(names: str | list[str], schema: Mapping[str, Any]) -> Check:
    tests = [TYPES[name] for name in ([names] if isinstance(names, str) else names)]
    return lambda value: any(test(value) for test in tests)


def _enum(members: list[Any], schema: Mapping[str, Any]) -> Check:
    return lambda value: any(json_equal(value, member) for member in members)


def _const(constant: Any, schema: Mapping[str, Any]) -> Check:
    return lambda value: json_equal(value, constant)


def _pattern(pattern: str, schema: Mapping[str, Any]) -> Check:
    search = re.compile(pattern).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _min_length(bound: int, schema: Mapping[str, Any]) -> Check:
    return lambda value: not isinstance(value, str) or len(value) >= bound


def _max_length(bound: int, schema: Mapping[str, Any]) -> Check:
    return lambda value: not isinstance(value, str) or len(value) <= bound


def _minimum(bound: float, schema: Mapping[str, Any]) -> Check:
    return lambda value: not _is_number(value) or value >= bound


def _maximum(bound: float, schema: Mapping[str, Any]) -> Check:
    return lambda value: not _is_number(value) or value <= bound


def _min_items(bound: int, schema: Mapping[str, Any]) -> Check:
    return lambda value: not isinstance(value, list) or len(value) >= bound


def _unique_items(flag: bool, schema: Mapping[str, Any]) -> Check | None:
    if not flag:
        return None
    return lambda value: not isinstance(value, list) or _unique(value)


def _items(items: Mapping[str, Any] | bool, schema: Mapping[str, Any]) -> Check:
    item = compile_schema(items)
    return lambda value: not isinstance(value, list) or all(map(item, value))


def _required(names: list[str], schema: Mapping[str, Any]) -> Check:
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _min_properties(bound: int, schema: Mapping[str, Any]) -> Check:
    return lambda value: not isinstance(value, dict) or len(value) >= bound


def _property_names(names: Mapping[str, Any] | bool, schema: Mapping[str, Any]) -> Check:
    name = compile_schema(names)
    return lambda value: not isinstance(value, dict) or all(map(name, value))


def _one_of(branches: list[Mapping[str, Any]], schema: Mapping[str, Any]) -> Check:
    compiled = [compile_schema(branch) for branch in branches]
    return lambda value: sum(1 for branch in compiled if branch(value)) == 1


def _object_members(schema: Mapping[str, Any]) -> Check:
    """``properties`` and ``additionalProperties`` together (the latter needs the former)."""
    properties = {k: compile_schema(v) for k, v in schema.get("properties", {}).items()}
    additional = schema.get("additionalProperties", True)
    extra = None if additional is True else compile_schema(additional)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, member in value.items():
            known = properties.get(key)
            if known is not None:
                if not known(member):
                    return False
            elif extra is not None and not extra(member):
                return False
        return True

    return check


_KEYWORDS: dict[str, Callable[[Any, Mapping[str, Any]], Check | None]] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minimum": _minimum,
    "maximum": _maximum,
    "minItems": _min_items,
    "uniqueItems": _unique_items,
    "items": _items,
    "required": _required,
    "minProperties": _min_properties,
    "propertyNames": _property_names,
    "oneOf": _one_of,
}
