"""Translate a collection's ``$jsonSchema`` (``bsonType``) into standard JSON Schema for
datamodel-code-generator.

datamodel-code-generator ignores ``bsonType``. Each BSON type becomes, by its record in
``noema_codegen.bson_registry``, either the standard JSON Schema type pydantic validates
strictly by itself (string, bool, null, object, array) or a ``customTypePath`` naming an
annotated type of the generated runtime (``._runtime.bson_types``, relative to the generated
package). Keywords that cannot be expressed are
recorded in ``TranslatedSchema.unenforced`` (JSON pointers) so the documentation of
deviations stays honest; see docs/models.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from noema_codegen.bson_registry import BY_ALIAS, BsonTypeRecord, declared_aliases
from noema_codegen.diagnostics import pointer_join
from noema_codegen.identifiers import class_name, unshadowed
from noema_codegen.runtime.field_markers import UNIQUE_ITEMS_KEY
from noema_codegen.validation.pcre import InvalidPattern, UnsupportedPattern, compile_pcre

RUNTIME_TYPES_MODULE = "._runtime.bson_types"
"""Relative to the generated package (``render.package_names.absolute``)."""
_UNKNOWN_TYPE = BsonTypeRecord("", None)
"""A name that is no BSON type alias: the model types it ``Any``."""

STRING_KEYWORDS = ("minLength", "maxLength", "pattern")
ARRAY_KEYWORDS = ("minItems", "maxItems")
OBJECT_KEYWORDS = ("minProperties", "maxProperties")
UNENFORCED_KEYWORDS = (
    "patternProperties",
    "dependencies",
    "allOf",
    "not",
    "additionalItems",
)
"""Keywords the generated models do not check (the server still does)."""


@dataclass
class TranslatedSchema:
    schema: dict[str, Any]
    """Standard JSON Schema with ``customTypePath`` extensions."""
    property_names: set[str] = field(default_factory=set)
    """Every property name anywhere in the schema (they become validation aliases)."""
    unenforced: list[str] = field(default_factory=list)
    """``<json pointer>: <reason>`` for each constraint the model does not enforce."""


def model_pattern(pattern: str) -> str | None:
    """MongoDB's PCRE ``pattern`` as the Python ``re`` pattern the model checks (flags
    inline; the models use pydantic's ``python-re`` engine, which searches like MongoDB),
    or None when the translator cannot run it (the model then leaves it to the server)."""
    try:
        compiled = compile_pcre(pattern)
    except (UnsupportedPattern, InvalidPattern):
        return None
    text = ("(?a)" if compiled.flags & re.ASCII else "") + compiled.pattern
    try:
        same = re.compile(text).flags == compiled.flags
    except re.error:
        return None
    return text if same else None


def singular(name: str) -> str:
    """``apiKeys`` -> ``apiKey``, ``artifactUrls`` -> ``artifactUrl`` (naive, for class names)."""
    if name.endswith("ies") and len(name) > 3:
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss") and len(name) > 1:
        return name[:-1]
    return name


def translate_collection(
    schema: Mapping[str, Any], model_name: str, object_id_keys: tuple[str, ...]
) -> TranslatedSchema:
    """The JSON Schema of a collection's top-level model titled ``model_name``.

    ``_id`` and ``object_id_keys`` (the keys whose declared type is objectId) are made
    required in the model schema: the renderer gives the objectId keys a
    ``default_factory``, so they are never absent from a model; an ``_id`` of another
    type must be given at construction (every stored document has one, and MongoDB
    would otherwise generate an ObjectId the validator refuses). ``_id`` is added as an
    objectId when the schema does not list it.
    """
    result = TranslatedSchema(schema={})
    root = dict(schema)
    properties = dict(root.get("properties", {}))
    if "_id" not in properties:
        properties = {"_id": {"bsonType": "objectId"}, **properties}
        root["properties"] = properties
    translated = _translate(root, "", model_name, result)
    required = list(translated.get("required", []))
    for key in ("_id", *object_id_keys):
        if key not in required:
            required.append(key)
    translated["required"] = required
    translated["title"] = model_name
    result.schema = translated
    return result


def _translate(
    schema: Mapping[str, Any],
    pointer: str,
    title: str,
    result: TranslatedSchema,
    field_level: bool = False,
) -> dict[str, Any]:
    for keyword in UNENFORCED_KEYWORDS:
        if keyword in schema:
            result.unenforced.append(f"{pointer}/{keyword}: not checked by the model")
    types = declared_aliases(schema)
    out: dict[str, Any] = {}
    if isinstance(schema.get("description"), str):
        out["description"] = schema["description"]
    if "default" in schema:
        out["default"] = schema["default"]
    non_null = [t for t in types if t != "null"]
    if len(non_null) == 1 and len(types) == 2:
        # [T, "null"]: T's keywords stay on T (``Field(le=...)`` applies inside the union)
        out.update(_alternative(non_null[0], schema, pointer, title, result, field_level))
        if out:
            out["nullable"] = True
        return out
    if not types:
        alternatives = _untyped_alternatives(schema, pointer, title, result)
    else:
        alternatives = [
            _alternative(t, schema, pointer, title, result, field_level and len(types) == 1)
            for t in types
        ]
    if len(alternatives) == 1:
        out.update(alternatives[0])
    elif alternatives:
        out["anyOf"] = alternatives
    return out


def _untyped_alternatives(
    schema: Mapping[str, Any], pointer: str, title: str, result: TranslatedSchema
) -> list[dict[str, Any]]:
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            if keyword == "oneOf":
                result.unenforced.append(f"{pointer}/oneOf: checked as anyOf (not exclusive)")
            return [
                _translate(member, f"{pointer}/{keyword}/{index}", title, result)
                for index, member in enumerate(schema[keyword])
            ]
    if "properties" in schema or "required" in schema:
        return [_alternative("object", schema, pointer, title, result)]
    if "enum" in schema:
        result.unenforced.append(f"{pointer}/enum: enum without a type is not checked")
    return []


def _enum_members(
    schema: Mapping[str, Any], kind: type, pointer: str, result: TranslatedSchema
) -> list[Any] | None:
    """The members of ``enum`` of Python type ``kind`` (the others are excluded by the type)."""
    if "enum" not in schema:
        return None
    members = [m for m in schema["enum"] if type(m) is kind]
    if not members:
        result.unenforced.append(f"{pointer}/enum: no member of this type; not checked")
        return None
    return members


def _alternative(
    bson_type: str,
    schema: Mapping[str, Any],
    pointer: str,
    title: str,
    result: TranslatedSchema,
    field_level: bool = False,
) -> dict[str, Any]:
    record = BY_ALIAS.get(bson_type, _UNKNOWN_TYPE)
    if record.json_type == "null":
        return {"type": "null"}
    if record.json_type == "string":
        out: dict[str, Any] = {"type": "string"}
        out.update({k: schema[k] for k in STRING_KEYWORDS if k in schema and k != "pattern"})
        if isinstance(schema.get("pattern"), str):
            python_pattern = model_pattern(schema["pattern"])
            if python_pattern is None:
                result.unenforced.append(
                    f"{pointer}/pattern: not checked by the model (Python's re cannot run it)"
                )
            else:
                out["pattern"] = python_pattern
        members = _enum_members(schema, str, pointer, result)
        if members is not None:
            out["enum"] = members
        return out
    if record.json_type == "boolean":
        members = _enum_members(schema, bool, pointer, result)
        return {"type": "boolean", **({"enum": members} if members is not None else {})}
    if record.json_type == "object":
        return _object(schema, pointer, title, result)
    if record.json_type == "array":
        return _array(schema, pointer, title, result, field_level)
    if record.runtime_type is not None:
        out = {"customTypePath": f"{RUNTIME_TYPES_MODULE}.{record.runtime_type}"}
        if record.numeric:
            out.update(_number_bounds(schema))
            if "multipleOf" in schema and bson_type in ("double", "number"):
                result.unenforced.append(
                    f"{pointer}/multipleOf: checked with Python float arithmetic for doubles"
                )
        if "enum" in schema:
            result.unenforced.append(f"{pointer}/enum: not checked for bsonType {bson_type}")
        return out
    result.unenforced.append(f"{pointer}/bsonType: {bson_type!r} is typed Any in the model")
    return {}


def _number_bounds(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``minimum``/``maximum`` (with draft 4's boolean ``exclusive*``) and ``multipleOf``,
    in the draft 6 form datamodel-code-generator turns into ``ge``/``gt``/``le``/``lt``."""
    out: dict[str, Any] = {}
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if bound in schema:
            out[exclusive if schema.get(exclusive) is True else bound] = schema[bound]
    if "multipleOf" in schema:
        out["multipleOf"] = schema["multipleOf"]
    return out


def _object(
    schema: Mapping[str, Any], pointer: str, title: str, result: TranslatedSchema
) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    for keyword in OBJECT_KEYWORDS:
        if keyword in schema:
            result.unenforced.append(f"{pointer}/{keyword}: not checked by the model")
    properties = schema.get("properties")
    additional = schema.get("additionalProperties")
    if isinstance(properties, Mapping) and properties:
        out["title"] = title
        out["properties"] = {}
        for name, sub in properties.items():
            result.property_names.add(name)
            out["properties"][name] = _translate(
                sub, pointer_join(pointer, "properties", name), class_name(name), result, True
            )
        if schema.get("required"):
            out["required"] = [n for n in schema["required"] if n in properties]
            missing = [n for n in schema["required"] if n not in properties]
            if missing:
                result.unenforced.append(
                    f"{pointer}/required: {missing} are not properties; the model does not"
                    " require them"
                )
        if additional is False:
            out["additionalProperties"] = False
        elif isinstance(additional, Mapping):
            result.unenforced.append(
                f"{pointer}/additionalProperties: extra keys beside properties are not checked"
            )
        return out
    if isinstance(additional, Mapping):
        out["additionalProperties"] = _translate(
            additional, f"{pointer}/additionalProperties", unshadowed(singular(title)), result
        )
    elif additional is False:
        out["additionalProperties"] = False
    else:
        out["additionalProperties"] = True
    return out


def _array(
    schema: Mapping[str, Any],
    pointer: str,
    title: str,
    result: TranslatedSchema,
    field_level: bool = False,
) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array"}
    out.update({k: schema[k] for k in ARRAY_KEYWORDS if k in schema})
    if schema.get("uniqueItems") is True:
        if field_level:
            out[UNIQUE_ITEMS_KEY] = True
        else:
            result.unenforced.append(
                f"{pointer}/uniqueItems: checked only for an array that is a field"
            )
    items = schema.get("items")
    if isinstance(items, Mapping):
        out["items"] = _translate(items, f"{pointer}/items", unshadowed(singular(title)), result)
    elif isinstance(items, list):
        result.unenforced.append(f"{pointer}/items: positional items are not checked")
    return out
