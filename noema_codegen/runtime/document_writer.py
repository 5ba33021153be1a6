"""A fast model -> document writer for the repositories' insert path.

``model.to_document()`` (pydantic ``model_dump`` with the models' wrap serializer and one
Python serializer call per BSON-typed value) costs ~20 µs per ADR-002 document, which
would cap ``insert_one`` near 45,000 documents/s. This writer compiles, once per model
class, a straight-line function from the model's field annotations (alias, converter per
field; ``exec`` of source built from the field names only) that reads ``model.__dict__``
directly, with the ``Decimal128`` conversion of a decimal field written out in it
(``decimal128_codec.inline_source``: a call less per amount). Its output is exactly
``to_document()``'s (same keys, order, values and BSON types;
tests/repositories/test_document_writer.py compares the BSON bytes). It reproduces the
models' documented rules:

* MongoDB (serialization) names; an optional field holding ``MISSING`` is not written;
* a model read from the database does not write defaults it filled in;
* extra fields are written after the declared ones, as they are;
* decimal -> ``Decimal128``, long -> ``Int64``; every other BSON type dumps as itself.

A model class with an annotation it does not know gets no plan (``writer_for`` returns
None) and the repositories use ``to_document()`` for it.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from bson import Int64
from pydantic import MISSING, BaseModel

from .decimal128_codec import INLINE_NAMES, decimal128_from_decimal, inline_source
from .model_compiler import Unsupported as _Unsupported
from .model_compiler import cached, define

Converter = Callable[[Any], Any]
Writer = Callable[[Any], dict[str, Any]]
IDENTITY_BSON_TYPES = frozenset(
    {"objectId", "date", "int", "double", "binData", "timestamp", "regex", "javascript"}
    | {"minKey", "maxKey", "string", "bool", "object", "array", "null"}
)
_STORED = "_noema_stored"
"""``document_model.STORED_FLAG`` (the runtime modules do not import each other here)."""


decimal128 = decimal128_from_decimal
"""``Decimal128(value)``, fast for values of up to 33 digits (``decimal128_codec``)."""


def _number(value: Any) -> Any:
    return decimal128(value) if isinstance(value, Decimal) else value


BSON_CONVERTERS: dict[str, Converter] = {"decimal": decimal128, "long": Int64, "number": _number}


def _marker_type(metadata: tuple[Any, ...]) -> str | None:
    for item in metadata:
        bson_type = getattr(item, "bson_type", None)
        if isinstance(bson_type, str) and hasattr(item, "__get_pydantic_core_schema__"):
            return bson_type
    return None


def _converter(annotation: Any, plans: dict[type, Writer]) -> Converter | None:
    """None: the value dumps as itself. Raises ``_Unsupported`` for an unknown annotation."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        bson_type = _marker_type(tuple(metadata))
        if bson_type is None:
            return _converter(base, plans)
        if bson_type in BSON_CONVERTERS:
            return BSON_CONVERTERS[bson_type]
        if bson_type in IDENTITY_BSON_TYPES:
            return None
        raise _Unsupported(bson_type)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not MISSING and a is not type(None)]
        converters = [_converter(member, plans) for member in members]
        active: list[Converter] = [c for c in converters if c is not None]
        if not active:
            return None
        if len(active) > 1 or len(members) > 1:
            raise _Unsupported(annotation)
        only = active[0]
        return lambda value: None if value is None else only(value)
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        item_converter = _converter(item, plans)
        return None if item_converter is None else _each(item_converter)
    if origin is dict:
        _, value = get_args(annotation) or (str, Any)
        value_converter = _converter(value, plans)
        return None if value_converter is None else _each_value(value_converter)
    if origin is Literal or annotation in (str, bool, int, float, bytes, Any, type(None)):
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _plan(annotation, plans)
    raise _Unsupported(annotation)


def _each(convert: Converter) -> Converter:
    return lambda values: [convert(item) for item in values]


def _each_value(convert: Converter) -> Converter:
    return lambda values: {key: convert(item) for key, item in values.items()}


def _inline(annotation: Any, plans: dict[type, Writer], ns: dict[str, Any]) -> str | None:
    """An expression of ``x`` for the field's converter (None: written as it is)."""
    converter = _converter(annotation, plans)
    if converter is None:
        return None
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not MISSING]
        inner = [a for a in members if a is not type(None)]
        if len(inner) == 1:
            expression = _inline(inner[0], plans, ns)
            if expression is not None and len(members) == 1:
                return expression
            if expression is not None:
                return f"None if x is None else {expression}"
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        if _marker_type(tuple(metadata)) is None:
            return _inline(base, plans, ns)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        ns[f"_c{len(ns)}"] = _plan(annotation, plans)
        return f"_c{len(ns) - 1}(x)"
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        if isinstance(item, type) and issubclass(item, BaseModel):
            ns[f"_c{len(ns)}"] = _plan(item, plans)
            return f"[_c{len(ns) - 1}(i) for i in x]"
    if converter is decimal128:
        return "_decimal128(x)"
    ns[f"_c{len(ns)}"] = converter
    return f"_c{len(ns) - 1}(x)"


def _statements(expression: str, key: str, pad: str) -> list[str]:
    """``d[key] = expression`` at indent ``pad``; a ``Decimal128`` conversion inlined
    (``decimal128_codec.inline_source``) and a list of models in a loop (lists are short: a
    comprehension is a function call more)."""
    if expression == "_decimal128(x)":
        inline = inline_source(pad)
        if inline is not None:
            return [*inline, f"{pad}d[{key!r}] = x"]
    if expression.startswith("[") and expression.endswith(" for i in x]"):
        each = expression[1 : -len(" for i in x]")]
        return [
            f"{pad}y = []",
            f"{pad}for i in x:",
            f"{pad}    y.append({each})",
            f"{pad}d[{key!r}] = y",
        ]
    return [f"{pad}d[{key!r}] = {expression}"]


def _plan(model: type[BaseModel], plans: dict[type, Writer]) -> Writer:
    """Compile the writer of ``model``: straight-line Python source, one block per field
    (the stored variant skips the defaults a read filled in)."""
    known = plans.get(model)
    if known is not None:
        return known
    compiled: list[Writer] = []
    plans[model] = lambda instance: compiled[0](instance)  # recursive models
    ns: dict[str, Any] = {"_MISSING": MISSING, "_STORED": _STORED, "_decimal128": decimal128}
    ns.update(INLINE_NAMES)
    body = ["def write(o):", "    v = o.__dict__", "    p = o.__pydantic_private__"]
    body += ["    f = o.__pydantic_fields_set__ if p and p.get(_STORED) else None", "    d = {}"]
    for name, info in model.model_fields.items():
        if info.exclude:
            raise _Unsupported(name)
        key = info.serialization_alias or name
        expression = _inline(info.rebuild_annotation(), plans, ns)
        if info.is_required():
            # always set: a required field has no default and never holds MISSING
            if expression is None:
                body.append(f"    d[{key!r}] = v[{name!r}]")
            else:
                body.append(f"    x = v[{name!r}]")
                body += _statements(expression, key, "    ")
            continue
        body.append(f"    x = v[{name!r}]")
        body.append(f"    if x is not _MISSING and (f is None or {name!r} in f):")
        body += _statements(expression or "x", key, "        ")
    if model.model_config.get("extra") in ("allow", None):  # else pydantic keeps no extras
        body += ["    e = o.__pydantic_extra__", "    if e:", "        d.update(e)"]
    body.append("    return d")
    write: Writer = define(body, f"<writer of {model.__qualname__}>", ns, "write")
    compiled.append(write)
    plans[model] = write
    return write


_WRITERS: dict[type, Writer | None] = {}


def writer_for(model: type[Any]) -> Writer | None:
    """The fast writer of ``model``, or None when ``to_document()`` must be used."""
    return cached(_WRITERS, model, _plan)
