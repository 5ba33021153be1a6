"""A plain strict Pydantic model of each generated model, as a read/write baseline.

Same fields, aliases and nesting, but the BSON types are plain ``isinstance`` checks of what
pymongo decodes (``Decimal128`` stays ``Decimal128``, ``Int64`` an ``int``, no date or
decimal conversion) and there is no stored-document bookkeeping: what a hand-written strict
model over pymongo's values costs, i.e. the floor of a validating typed read in Pydantic.
"""

from __future__ import annotations

import types
from datetime import datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from bson import Binary, Code, Decimal128, MaxKey, MinKey, ObjectId, Regex, Timestamp
from pydantic import MISSING, BaseModel, ConfigDict, Field, create_model

PLAIN_TYPES: dict[str, Any] = {
    "objectId": ObjectId,
    "date": datetime,
    "decimal": Decimal128,
    "long": int,
    "int": int,
    "double": float,
    "number": int | float | Decimal128,
    "binData": bytes | Binary,
    "timestamp": Timestamp,
    "regex": Regex,
    "javascript": Code,
    "minKey": MinKey,
    "maxKey": MaxKey,
}


class PlainModel(BaseModel):
    model_config = ConfigDict(
        strict=True, extra="allow", arbitrary_types_allowed=True, validate_by_alias=True
    )


def _plain(annotation: Any, cache: dict[type, type[BaseModel]]) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        for item in metadata:
            bson_type = getattr(item, "bson_type", None)
            if isinstance(bson_type, str):
                return PLAIN_TYPES[bson_type]
        return _plain(base, cache)
    if origin in (Union, types.UnionType):
        members = tuple(_plain(a, cache) for a in get_args(annotation) if a is not MISSING)
        optional = any(a is MISSING for a in get_args(annotation))
        plain = Union[members]  # noqa: UP007 - built from a tuple
        return plain | None if optional else plain
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        return list[_plain(item, cache)]  # type: ignore[misc]
    if origin is dict:
        key, value = get_args(annotation) or (str, Any)
        return dict[key, _plain(value, cache)]  # type: ignore[valid-type]
    if origin is Literal:
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return plain_model(annotation, cache)
    return annotation


def plain_model(model: type[BaseModel], cache: dict[type, type[BaseModel]] | None = None) -> type:
    """The plain strict counterpart of a generated model (nested models included)."""
    cache = {} if cache is None else cache
    if model in cache:
        return cache[model]
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        alias = info.serialization_alias or name
        annotation = _plain(info.rebuild_annotation(), cache)
        required = info.is_required()
        default = ... if required else None
        fields[name] = (annotation, Field(default, alias=alias))
    plain = create_model(f"Plain{model.__name__}", __base__=PlainModel, **fields)
    cache[model] = plain
    return plain
