"""The per-field part of the compiled stored-document reader (``document_reader``).

For one field annotation: ``check_for`` gives a function turning the stored value into the
attribute value, and ``emit`` the same as statements for the reader's source (the common
cases inline: exact-class tests; ``objectId``, ``date``, ``long`` and ``int`` values of the
class pymongo decodes checked in place, any other value through the BSON type's own
validator function; lists, maps, literals, nested models). Both raise ``Fallback`` for any
value they cannot decide (the strict path then runs) and ``Unsupported`` for an annotation
or constraint they do not know. Nested models are read by ``nested(model)``, the compiled
reader of that model class, which ``document_reader`` passes in.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import MISSING, BaseModel

from .model_compiler import Unsupported as _Unsupported

Check = Callable[[Any], Any]
"""Returns the attribute value for a stored value, or raises ``Fallback``."""
Nested = Callable[[type[BaseModel]], Check]
"""The compiled reader of a nested model class."""


class Fallback(Exception):
    """The reader cannot decide this document: use the strict path."""


FALLBACK = Fallback()


def _exact(cls: type) -> Check:
    def check(value: Any) -> Any:
        if type(value) is cls:
            return value
        raise FALLBACK

    return check


def _marker_validate(metadata: tuple[Any, ...]) -> Callable[[Any], Any] | None:
    """The validator function of the ``bson_types.BsonType`` marker among ``metadata``."""
    for item in metadata:
        validate = getattr(item, "_validate", None)
        if isinstance(getattr(item, "bson_type", None), str) and callable(validate):
            return validate  # type: ignore[no-any-return]
    return None


def _marker_check(metadata: tuple[Any, ...]) -> Check | None:
    validate = _marker_validate(metadata)
    return None if validate is None else _bson_check(validate)


def _bson_check(validate: Callable[[Any], Any]) -> Check:
    """The strict path's own validator function; any error means: let the strict path tell."""

    def check(value: Any) -> Any:
        try:
            return validate(value)
        except (ValueError, AssertionError):  # what pydantic reports as a validation error
            raise FALLBACK from None

    return check


def _literal(values: tuple[Any, ...]) -> Check:
    allowed = {(type(v), v) for v in values}

    def check(value: Any) -> Any:
        if (type(value), value) in allowed:
            return value
        raise FALLBACK

    return check


def _nullable(inner: Check) -> Check:
    return lambda value: None if value is None else inner(value)


def _each(inner: Check) -> Check:
    def check(values: Any) -> Any:
        if type(values) is not list:
            raise FALLBACK
        return [inner(item) for item in values]

    return check


def _each_value(inner: Check | None) -> Check:
    def check(values: Any) -> Any:
        if type(values) is not dict:
            raise FALLBACK
        result = {}
        for key, item in values.items():
            if type(key) is not str:
                raise FALLBACK
            result[key] = item if inner is None else inner(item)
        return result

    return check


def _optional_member(annotation: Any) -> tuple[Any, bool]:
    """The one type of a union besides ``None`` and ``MISSING``, and whether ``None`` is in it;
    ``_Unsupported`` for a union of more types."""
    members = [a for a in get_args(annotation) if a is not MISSING]
    nullable = type(None) in members
    members = [a for a in members if a is not type(None)]
    if len(members) != 1:
        raise _Unsupported(annotation)
    return members[0], nullable


def check_for(annotation: Any, nested: Nested) -> Check | None:
    """None: any value, kept as it is (``Any``). Raises ``_Unsupported``."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        marker = _marker_check(tuple(metadata))
        if marker is not None and len(metadata) == 1:
            return marker
        if metadata:
            raise _Unsupported(annotation)  # a constraint (pattern, bounds, ...) beside it
        return check_for(base, nested)
    if origin in (Union, types.UnionType):
        member, nullable = _optional_member(annotation)
        inner = check_for(member, nested)
        if inner is None:
            return None
        return _nullable(inner) if nullable else inner
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        inner = check_for(item, nested)
        return _each(inner) if inner is not None else _exact(list)
    if origin is dict:
        key, value = get_args(annotation) or (str, Any)
        if key is not str:
            raise _Unsupported(annotation)
        return _each_value(check_for(value, nested))
    if origin is Literal:
        return _literal(get_args(annotation))
    if annotation is Any:
        return None
    if annotation is type(None):
        return _literal((None,))
    if annotation in (str, bool, int, float):
        return _exact(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return nested(annotation)
    raise _Unsupported(annotation)


def emit(annotation: Any, nested: Nested, ns: dict[str, Any], pad: str) -> list[str]:
    """Statements at indent ``pad`` turning the stored value ``x`` into the attribute value
    (the common cases inline; the rest through a ``_check`` closure). Raises ``_Unsupported``."""

    def name(value: Any) -> str:
        key = f"_c{len(ns)}"
        ns[key] = value
        return key

    origin = get_origin(annotation)
    if origin is Annotated:
        _, *metadata = get_args(annotation)
        validate = _marker_validate(tuple(metadata))
        if validate is None or len(metadata) != 1:
            return _emit_check(annotation, nested, name, pad)
        slow = name(_bson_check(validate))
        bson_type = metadata[0].bson_type
        if bson_type == "objectId":
            return [f"{pad}if type(x) is not _ObjectId:", f"{pad}    x = {slow}(x)"]
        if bson_type == "date":
            return [
                f"{pad}if type(x) is not _datetime or x.tzinfo is not None or x.microsecond % 1000:",
                f"{pad}    x = {slow}(x)",
            ]
        if bson_type == "long":  # what the validator returns: int(x), the same int for an int
            within = f"-{2**63} <= x <= {2**63 - 1}"
            return [
                f"{pad}if type(x) is _Int64 and {within}:",
                f"{pad}    x = int(x)",
                f"{pad}elif type(x) is not int or not {within}:",
                f"{pad}    x = {slow}(x)",
            ]
        if bson_type == "int":
            return [f"{pad}if type(x) is not int or not -{2**31} <= x <= {2**31 - 1}:"] + [
                f"{pad}    x = {slow}(x)"
            ]
        if bson_type == "decimal":
            return [f"{pad}x = _to_decimal(x) if type(x) is _Decimal128 else {slow}(x)"]
        return [f"{pad}x = {slow}(x)"]
    if origin in (Union, types.UnionType):
        member, nullable = _optional_member(annotation)
        if not nullable:
            return emit(member, nested, ns, pad)
        inner = emit(member, nested, ns, pad + "    ")
        return [f"{pad}if x is not None:", *inner] if inner else []
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        lines = [f"{pad}if type(x) is not list:", f"{pad}    raise FALLBACK"]
        if item in (str, bool, int, float):
            each = name(item)
            return [
                *lines,
                f"{pad}for i in x:",
                f"{pad}    if type(i) is not {each}:",
                f"{pad}        raise FALLBACK",
                f"{pad}x = list(x)",
            ]
        check = check_for(item, nested)
        if check is None:
            return [*lines, f"{pad}x = list(x)"]
        # a loop, not a comprehension: lists are short, and a comprehension is a function call
        each = name(check)
        return [
            *lines,
            f"{pad}y = []",
            f"{pad}for i in x:",
            f"{pad}    y.append({each}(i))",
            f"{pad}x = y",
        ]
    if origin is dict and get_args(annotation) in ((str, str), (str, Any)):
        lines = [f"{pad}if type(x) is not dict:", f"{pad}    raise FALLBACK", f"{pad}for k in x:"]
        lines += [f"{pad}    if type(k) is not str:", f"{pad}        raise FALLBACK"]
        if get_args(annotation)[1] is str:
            lines[-2] = f"{pad}    if type(k) is not str or type(x[k]) is not str:"
        return [*lines, f"{pad}x = dict(x)"]
    if origin is Literal:
        allowed = get_args(annotation)
        if all(type(v) is str for v in allowed):
            return [
                f"{pad}if type(x) is not str or x not in {name(frozenset(allowed))}:",
                f"{pad}    raise FALLBACK",
            ]
        return _emit_check(annotation, nested, name, pad)
    if annotation is Any:
        return []
    if annotation in (str, bool, int, float):
        return [f"{pad}if type(x) is not {name(annotation)}:", f"{pad}    raise FALLBACK"]
    return _emit_check(annotation, nested, name, pad)


def _emit_check(annotation: Any, nested: Nested, name: Callable[[Any], str], pad: str) -> list[str]:
    check = check_for(annotation, nested)
    return [] if check is None else [f"{pad}x = {name(check)}(x)"]


__all__ = ["FALLBACK", "Check", "Fallback", "Nested", "check_for", "emit"]
