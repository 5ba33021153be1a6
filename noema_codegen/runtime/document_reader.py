"""A fast stored document -> model reader for ``DocumentModel.from_document``.

``from_document`` validates field by field in pydantic (one Python validator call per
BSON-typed value, one after-validator per model and nested model), about 3x ``bson.decode``.
This reader builds, once per model class, a plan from the model's field annotations (key,
check and conversion per field) and constructs the models without pydantic validation.

It accepts only what the strict path accepts and produces the same model (same attribute
values and types, fields set, extras and stored flag; tests/models/test_document_reader.py
compares both on arbitrary documents). Whenever it cannot decide, it gives up and the
strict path runs, which then raises or accepts exactly as before:

* a value whose exact class is not the one pymongo decodes for the field (``str``, ``bool``,
  ``int``, ``float``, ``list``, ``dict``; the BSON types run the same validator functions
  as the strict path, see ``bson_types``), a missing required key, an unknown key in a model
  with ``extra="forbid"`` (or a key spelled as an attribute name), a missing generated key;
* a model class with an annotation or a constraint it does not know (``pattern``, bounds,
  lengths, unique items, validators of its own): such a class gets no plan (``reader_for``
  returns None) and always uses the strict path.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from bson import Decimal128, ObjectId
from pydantic import MISSING, AliasChoices, BaseModel
from pydantic_core import PydanticUndefined

from .decimal128_codec import decimal_from_decimal128
from .model_compiler import Unsupported as _Unsupported
from .model_compiler import cached, define

Check = Callable[[Any], Any]
"""Returns the attribute value for a stored value, or raises ``Fallback``."""
Reader = Callable[[dict[str, Any]], Any]
_STORED = "_noema_stored"
"""``document_model.STORED_FLAG`` (this module does not import document_model)."""
_UNIQUE_ITEMS = "x-noema-unique-items"
"""``document_model.UNIQUE_ITEMS_KEY``."""
_BASE_DECORATORS = frozenset({"_after_validation", "_omit_filled_defaults"})
"""The decorators of ``EmbeddedModel`` itself, which the reader reproduces."""


_IMMUTABLE = frozenset({str, int, float, bool, type(None)})
"""Defaults of these types are used as they are (pydantic copies only mutable defaults)."""
_SLOT_SETTERS: dict[str, Callable[[Any, Any], None]] = {
    name: BaseModel.__dict__[name].__set__
    for name in (
        "__dict__",
        "__pydantic_fields_set__",
        "__pydantic_extra__",
        "__pydantic_private__",
    )
}
"""The setters of the instance slots every pydantic model has."""


class Fallback(Exception):
    """The reader cannot decide this document: use the strict path."""


_FALLBACK = Fallback()


def _exact(cls: type) -> Check:
    def check(value: Any) -> Any:
        if type(value) is cls:
            return value
        raise _FALLBACK

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
            raise _FALLBACK from None

    return check


def _literal(values: tuple[Any, ...]) -> Check:
    allowed = {(type(v), v) for v in values}

    def check(value: Any) -> Any:
        if (type(value), value) in allowed:
            return value
        raise _FALLBACK

    return check


def _nullable(inner: Check) -> Check:
    return lambda value: None if value is None else inner(value)


def _each(inner: Check) -> Check:
    def check(values: Any) -> Any:
        if type(values) is not list:
            raise _FALLBACK
        return [inner(item) for item in values]

    return check


def _each_value(inner: Check | None) -> Check:
    def check(values: Any) -> Any:
        if type(values) is not dict:
            raise _FALLBACK
        result = {}
        for key, item in values.items():
            if type(key) is not str:
                raise _FALLBACK
            result[key] = item if inner is None else inner(item)
        return result

    return check


def _check(annotation: Any, plans: dict[type, Check]) -> Check | None:
    """None: any value, kept as it is (``Any``). Raises ``_Unsupported``."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        marker = _marker_check(tuple(metadata))
        if marker is not None and len(metadata) == 1:
            return marker
        if metadata:
            raise _Unsupported(annotation)  # a constraint (pattern, bounds, ...) beside it
        return _check(base, plans)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not MISSING]
        nullable = type(None) in members
        members = [a for a in members if a is not type(None)]
        if len(members) != 1:
            raise _Unsupported(annotation)
        inner = _check(members[0], plans)
        if inner is None:
            return None
        return _nullable(inner) if nullable else inner
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        inner = _check(item, plans)
        return _each(inner) if inner is not None else _exact(list)
    if origin is dict:
        key, value = get_args(annotation) or (str, Any)
        if key is not str:
            raise _Unsupported(annotation)
        return _each_value(_check(value, plans))
    if origin is Literal:
        return _literal(get_args(annotation))
    if annotation is Any:
        return None
    if annotation is type(None):
        return _literal((None,))
    if annotation in (str, bool, int, float):
        return _exact(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _plan(annotation, plans)
    raise _Unsupported(annotation)


def _key(name: str, info: Any) -> str:
    """The one MongoDB name ``from_document`` accepts for the field."""
    alias = info.validation_alias
    key: str = info.serialization_alias or name
    if alias is None and info.alias is None:
        return key
    if isinstance(alias, AliasChoices) and alias.choices == [key]:
        return key
    if alias == key or (alias is None and info.alias == key):
        return key
    raise _Unsupported(name)


def _emit(annotation: Any, plans: dict[type, Check], ns: dict[str, Any], pad: str) -> list[str]:
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
            return _emit_check(annotation, plans, name, pad)
        slow = name(_bson_check(validate))
        bson_type = metadata[0].bson_type
        if bson_type == "objectId":
            return [f"{pad}if type(x) is not _ObjectId:", f"{pad}    x = {slow}(x)"]
        if bson_type == "date":
            return [
                f"{pad}if type(x) is not _datetime or x.tzinfo is not None or x.microsecond % 1000:",
                f"{pad}    x = {slow}(x)",
            ]
        if bson_type == "decimal":
            return [f"{pad}x = _to_decimal(x) if type(x) is _Decimal128 else {slow}(x)"]
        return [f"{pad}x = {slow}(x)"]
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not MISSING]
        nullable = type(None) in members
        members = [a for a in members if a is not type(None)]
        if len(members) != 1:
            raise _Unsupported(annotation)
        if not nullable:
            return _emit(members[0], plans, ns, pad)
        inner = _emit(members[0], plans, ns, pad + "    ")
        return [f"{pad}if x is not None:", *inner] if inner else []
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        lines = [f"{pad}if type(x) is not list:", f"{pad}    raise _FALLBACK"]
        if item in (str, bool, int, float):
            each = name(item)
            return [
                *lines,
                f"{pad}for i in x:",
                f"{pad}    if type(i) is not {each}:",
                f"{pad}        raise _FALLBACK",
                f"{pad}x = list(x)",
            ]
        check = _check(item, plans)
        if check is None:
            return [*lines, f"{pad}x = list(x)"]
        return [*lines, f"{pad}x = [{name(check)}(i) for i in x]"]
    if origin is dict and get_args(annotation) in ((str, str), (str, Any)):
        lines = [f"{pad}if type(x) is not dict:", f"{pad}    raise _FALLBACK", f"{pad}for k in x:"]
        lines += [f"{pad}    if type(k) is not str:", f"{pad}        raise _FALLBACK"]
        if get_args(annotation)[1] is str:
            lines[-2] = f"{pad}    if type(k) is not str or type(x[k]) is not str:"
        return [*lines, f"{pad}x = dict(x)"]
    if origin is Literal:
        allowed = get_args(annotation)
        if all(type(v) is str for v in allowed):
            return [
                f"{pad}if type(x) is not str or x not in {name(frozenset(allowed))}:",
                f"{pad}    raise _FALLBACK",
            ]
        return _emit_check(annotation, plans, name, pad)
    if annotation is Any:
        return []
    if annotation in (str, bool, int, float):
        return [f"{pad}if type(x) is not {name(annotation)}:", f"{pad}    raise _FALLBACK"]
    return _emit_check(annotation, plans, name, pad)


def _emit_check(
    annotation: Any, plans: dict[type, Check], name: Callable[[Any], str], pad: str
) -> list[str]:
    check = _check(annotation, plans)
    return [] if check is None else [f"{pad}x = {name(check)}(x)"]


def _model_checks(model: type[BaseModel]) -> str | None:
    """``extra`` of ``model``; raises ``_Unsupported`` for what the reader does not reproduce."""
    decorators = model.__pydantic_decorators__
    own = {
        *decorators.model_validators,
        *decorators.field_validators,
        *decorators.validators,
        *decorators.root_validators,
        *decorators.model_serializers,
        *decorators.field_serializers,
    }
    if own - _BASE_DECORATORS or model.__pydantic_root_model__:
        raise _Unsupported(model)
    post_init = model.__dict__.get("model_post_init") or getattr(model, "model_post_init", None)
    if model.__pydantic_post_init__ is not None and not model.__private_attributes__:
        raise _Unsupported(model)  # a model_post_init of its own
    if (
        model.__private_attributes__
        and getattr(post_init, "__name__", "") != "init_private_attributes"
    ):
        raise _Unsupported(model)
    extra = model.model_config.get("extra")
    if extra not in ("allow", "forbid", "ignore", None):
        raise _Unsupported(model)
    return extra


def _private_defaults(model: type[BaseModel]) -> Callable[[], dict[str, Any]]:
    """pydantic's ``init_private_attributes`` (fresh defaults per instance), then the flag."""
    attributes = tuple(model.__private_attributes__.items())

    def private() -> dict[str, Any]:
        values = {}
        for name, attribute in attributes:
            default = attribute.get_default()
            if default is not PydanticUndefined:
                values[name] = default
        values[_STORED] = True
        return values

    return private


def _plan(model: type[BaseModel], plans: dict[type, Check]) -> Check:
    """Compile the reader of ``model``: straight-line Python source, one block per field."""
    known = plans.get(model)
    if known is not None:
        return known
    extra = _model_checks(model)
    compiled: list[Check] = []
    plans[model] = lambda document: compiled[0](document)  # recursive models
    ns: dict[str, Any] = {
        "_FALLBACK": _FALLBACK,
        "_MISSING": MISSING,
        "_ObjectId": ObjectId,
        "_datetime": datetime,
        "_Decimal128": Decimal128,
        "_to_decimal": decimal_from_decimal128,
        "_model": model,
        "_new": model.__new__,
        # the slots' own descriptors: what ``object.__setattr__`` finds, without the lookup
        "_set_dict": _SLOT_SETTERS["__dict__"],
        "_set_fields_set": _SLOT_SETTERS["__pydantic_fields_set__"],
        "_set_extra": _SLOT_SETTERS["__pydantic_extra__"],
        "_set_private": _SLOT_SETTERS["__pydantic_private__"],
        "_STORED": _STORED,
    }
    body = ["def read(d):", "    if type(d) is not dict:", "        raise _FALLBACK"]
    body += ["    g = d.get", "    v = {}", "    a = []"]  # a: the absent fields
    keys: list[str] = []
    names: list[str] = []
    for index, (name, info) in enumerate(model.model_fields.items()):
        if info.validate_default or info.frozen or info.exclude:
            raise _Unsupported(name)
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get(_UNIQUE_ITEMS):
            raise _Unsupported(name)
        key = _key(name, info)
        keys.append(key)
        if name != key:
            names.append(name)  # a key spelled as an attribute name: left to pydantic
        body.append(f"    x = g({key!r}, _MISSING)")
        body.append("    if x is _MISSING:")
        generated = info.default_factory is not None and key != "_id"
        if info.is_required() or generated:
            body.append("        raise _FALLBACK")  # a stored document holds its keys
        elif info.default is MISSING:
            body += [f"        v[{name!r}] = _MISSING", f"        a.append({name!r})"]
        elif type(info.default) in _IMMUTABLE and info.default_factory is None:
            ns[f"_f{index}"] = info.default
            body += [f"        v[{name!r}] = _f{index}", f"        a.append({name!r})"]
        else:
            ns[f"_f{index}"] = info
            body.append(
                f"        v[{name!r}] = _f{index}.get_default("
                "call_default_factory=True, validated_data=v)"
            )
            body.append(f"        a.append({name!r})")
        body.append("    else:")
        body += _emit(info.rebuild_annotation(), plans, ns, "        ")
        body.append(f"        v[{name!r}] = x")
    ns["_private"] = _private_defaults(model)
    ns["_keys"] = frozenset(keys)
    ns["_all"] = set(model.model_fields)  # copied or differenced, never changed
    ns["_n"] = len(keys)
    ns["_names"] = frozenset(names)
    body += ["    s = _all.difference(a) if a else set(_all)"]
    body += ["    e = None", "    if len(d) + len(a) != _n:", "        e = {}"]
    body += ["        for k, x in d.items():", "            if k not in _keys:"]
    if extra == "forbid":
        body.append("                raise _FALLBACK")
    else:
        body += ["                if k in _names or type(k) is not str:"]
        body += ["                    raise _FALLBACK", "                e[k] = x"]
        if extra in ("allow", None):
            body.append("        s.update(e)  # pydantic counts extras as set")
    keep = extra in ("allow", None)
    body += [
        "    o = _new(_model)",
        "    _set_dict(o, v)",
        "    _set_fields_set(o, s)",
        f"    _set_extra(o, {'e or {}' if keep else 'None'})",
        "    _set_private(o, _private())"
        if model.__private_attributes__
        else "    _set_private(o, {_STORED: True})",
        "    return o",
    ]
    read: Check = define(body, f"<reader of {model.__qualname__}>", ns, "read")
    compiled.append(read)
    plans[model] = read
    return read


_READERS: dict[type, Reader | None] = {}


def reader_for(model: type[Any]) -> Reader | None:
    """The fast stored-document reader of ``model``, or None when only the strict path fits."""
    return cached(_READERS, model, _plan)


__all__ = ["Fallback", "reader_for"]
