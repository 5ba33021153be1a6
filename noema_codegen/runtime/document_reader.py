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

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bson import Decimal128, Int64, ObjectId
from pydantic import MISSING, AliasChoices, BaseModel
from pydantic_core import PydanticUndefined

from .decimal128_codec import decimal_from_decimal128
from .model_compiler import Unsupported as _Unsupported
from .model_compiler import cached, define
from .reader_fields import FALLBACK, Check, Fallback, emit

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


class _FieldsSets(dict[int, tuple[set[str], int]]):
    """For a mask of absent fields (bit i: the i-th of ``optional``), the fields set of a
    model read without extras (copied for each model, never changed) and the number of keys
    of its document, made on first use (kept for the first 256 masks)."""

    def __init__(self, fields: tuple[str, ...], optional: tuple[str, ...]) -> None:
        super().__init__()
        self.fields = fields
        self.optional = optional

    def __missing__(self, mask: int) -> tuple[set[str], int]:
        absent = {name for bit, name in enumerate(self.optional) if mask >> bit & 1}
        entry = (set(self.fields).difference(absent), len(self.fields) - len(absent))
        if len(self) < 256:
            self[mask] = entry
        return entry


def _plan(model: type[BaseModel], plans: dict[type, Check]) -> Check:
    """Compile the reader of ``model``: straight-line Python source, one block per field."""
    known = plans.get(model)
    if known is not None:
        return known
    extra = _model_checks(model)
    compiled: list[Check] = []
    plans[model] = lambda document: compiled[0](document)  # recursive models

    def nested(inner: type[BaseModel]) -> Check:
        return _plan(inner, plans)

    ns: dict[str, Any] = {
        "FALLBACK": FALLBACK,
        "_MISSING": MISSING,
        "_ObjectId": ObjectId,
        "_datetime": datetime,
        "_Decimal128": Decimal128,
        "_Int64": Int64,
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
    body = ["def read(d):", "    if type(d) is not dict:", "        raise FALLBACK"]
    body += ["    m = 0"]  # m: a bit per absent field with a default
    optional: list[str] = []
    keys: list[str] = []
    names: list[str] = []
    # each value in a local (v0, v1, ...), the attribute dict made in one display at the end
    values: list[str] = []
    for index, (name, info) in enumerate(model.model_fields.items()):
        if info.validate_default or info.frozen or info.exclude:
            raise _Unsupported(name)
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get(_UNIQUE_ITEMS):
            raise _Unsupported(name)
        key = _key(name, info)
        keys.append(key)
        if name != key:
            names.append(name)  # a key spelled as an attribute name: left to pydantic
        so_far = "{" + ", ".join(values) + "}"
        local = f"v{index}"
        values.append(f"{name!r}: {local}")
        generated = info.default_factory is not None and key != "_id"
        if info.is_required() or generated:
            # a stored document holds its keys: a missing one raises KeyError (see below)
            body.append(f"    x = d[{key!r}]")
            body += emit(info.rebuild_annotation(), nested, ns, "    ")
            body.append(f"    {local} = x")
            continue
        # present first (the stored case); ``in`` and a subscript cost less than ``d.get``
        body += [f"    if {key!r} in d:", f"        x = d[{key!r}]"]
        body += emit(info.rebuild_annotation(), nested, ns, "        ")
        body += [f"        {local} = x", "    else:"]
        bit = f"        m |= {1 << len(optional)}"
        optional.append(name)
        if info.default is MISSING:
            body += [f"        {local} = _MISSING", bit]
        elif type(info.default) in _IMMUTABLE and info.default_factory is None:
            ns[f"_f{index}"] = info.default
            body += [f"        {local} = _f{index}", bit]
        else:
            ns[f"_f{index}"] = info
            body.append(
                f"        {local} = _f{index}.get_default("
                f"call_default_factory=True, validated_data={so_far})"
            )
            body.append(bit)
    body.append("    v = {" + ", ".join(values) + "}")
    ns["_private"] = _private_defaults(model)
    ns["_keys"] = frozenset(keys)
    ns["_sets"] = _FieldsSets(tuple(model.model_fields), tuple(optional))
    ns["_names"] = frozenset(names)
    body += ["    s, n = _sets[m]", "    s = s.copy()"]  # n: the keys a document without extras has
    body += ["    e = None", "    if len(d) != n:", "        e = {}"]
    body += ["        for k, x in d.items():", "            if k not in _keys:"]
    if extra == "forbid":
        body.append("                raise FALLBACK")
    else:
        body += ["                if k in _names or type(k) is not str:"]
        body += ["                    raise FALLBACK", "                e[k] = x"]
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
    # one ``try`` for the whole body: a missing required key (or any KeyError) is a fallback
    body = [*body[:3], "    try:", *("    " + line for line in body[3:])]
    body += ["    except KeyError:", "        raise FALLBACK from None"]
    read: Check = define(body, f"<reader of {model.__qualname__}>", ns, "read")
    compiled.append(read)
    plans[model] = read
    return read


READERS: dict[type, Reader | None] = {}
"""The readers ``reader_for`` made (None: the class has none); ``from_document`` looks here first."""


def reader_for(model: type[Any]) -> Reader | None:
    """The fast stored-document reader of ``model``, or None when only the strict path fits."""
    return cached(READERS, model, _plan)


__all__ = ["READERS", "Fallback", "reader_for"]
