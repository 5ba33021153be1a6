"""Embedded documents as ``TypedDict``s, and nested paths as typed filter keys.

For a collection, ``typed_documents`` names one ``TypedDict`` per embedded object schema
with declared properties (``wallets`` items -> ``UserCoreWalletsItem``), keyed by the
attribute names of the generated nested model (the models accept input by attribute
name, ``EmbeddedModel``'s ``validate_by_name``). It registers each name with the
``TypeWriter``, so every annotation of that schema -- repository signatures, the typed
filter, the typed update, named-query parameters -- prints ``<TypedDict> | EmbeddedModel``
instead of an untyped mapping: a misspelt nested key is a type error.

``nested_filter_paths`` lists the dotted paths into embedded documents (and array
elements, as MongoDB matches them) that the typed filter accepts as keys
(``{"wallets.address": ...}``), with the element field's type and the MongoDB path the
runtime sends (``api_keys.key_hash`` -> ``apiKeys.keyHash``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from noema_codegen.identifiers import IMPORTED_NAMES, REPOSITORY_SUFFIXES, attribute_name
from noema_codegen.ir.fields import MAP_SEGMENT
from noema_codegen.ir.model import Collection
from noema_codegen.render.python_types import TypeWriter, schema_key


@dataclass(frozen=True)
class DocumentKey:
    attr: str
    annotation: str
    required: bool


@dataclass(frozen=True)
class TypedDocumentView:
    """One generated ``TypedDict`` of an embedded document."""

    name: str
    path: str
    """The MongoDB path of the embedded document (``wallets``: its array's items)."""
    keys: tuple[DocumentKey, ...]
    items: bool
    """Whether the document is an element of the array at ``path``."""

    @property
    def described(self) -> str:
        return f"An element of ``{self.path}``" if self.items else f"``{self.path}``"


@dataclass(frozen=True)
class NestedPathView:
    """A dotted typed-filter key into embedded documents."""

    key: str
    """Attribute names joined by ``.`` (``api_keys.key_hash``)."""
    alias: str
    """The MongoDB path (``apiKeys.keyHash``)."""
    bson_types: tuple[str, ...]
    nullable: bool
    filter_type: str

    @property
    def spec_expression(self) -> str:
        return (
            f"FieldSpec({self.alias!r}, {self.bson_types!r}, required=False, "
            f"nullable={self.nullable})"
        )


def _object_schema(schema: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool] | None:
    """The object schema with declared properties at ``schema`` (or its array items)."""
    items = schema.get("items")
    if isinstance(items, Mapping) and isinstance(items.get("properties"), Mapping):
        return (items, True) if items["properties"] else None
    properties = schema.get("properties")
    if isinstance(properties, Mapping) and properties:
        return schema, False
    return None


def _pascal(path: str) -> str:
    words: list[str] = []
    for segment in path.split("."):
        text = "value" if segment == MAP_SEGMENT else attribute_name(segment)
        words += [w for w in text.split("_") if w]
    return "".join(w[:1].upper() + w[1:] for w in words)


def typed_documents(
    collection: Collection, writer: TypeWriter, taken: set[str]
) -> list[TypedDocumentView]:
    """Name a ``TypedDict`` for each embedded object schema of ``collection`` and register it
    with ``writer``; returns their definitions (nested ones refer to each other by name)."""
    model = collection.model_name
    reserved = {model + suffix for suffix in REPOSITORY_SUFFIXES} | {model} | set(IMPORTED_NAMES)
    found: list[tuple[str, str, Mapping[str, Any], bool]] = []
    for field in collection.fields:
        target = _object_schema(field.schema)
        if target is None:
            continue
        schema, is_items = target
        key = schema_key(schema)
        if key in writer.documents:
            continue
        name = model + _pascal(field.path) + ("Item" if is_items else "")
        while name in reserved or name in taken:
            name += "Doc"
        taken.add(name)
        writer.documents[key] = name
        found.append((name, field.path, schema, is_items))
    views = []
    for name, path, schema, is_items in found:
        required = schema.get("required")
        required_names = set(required) if isinstance(required, list) else set()
        keys = tuple(
            DocumentKey(
                attribute_name(prop),
                writer.annotation(sub),
                prop in required_names and "default" not in sub,
            )
            for prop, sub in schema["properties"].items()
            if isinstance(sub, Mapping)
        )
        views.append(TypedDocumentView(name, path, keys, is_items))
    return views


def nested_filter_paths(collection: Collection, writer: TypeWriter) -> list[NestedPathView]:
    """The dotted paths below the top level a typed filter accepts (no map segments)."""
    views = []
    for field in collection.fields:
        segments = field.path.split(".")
        if len(segments) < 2 or MAP_SEGMENT in segments:
            continue
        value_type = writer.annotation(field.schema)
        items = field.schema.get("items")
        if "array" in field.bson_types and isinstance(items, Mapping):
            # an array matches a query on one of its elements, as in MongoDB
            value_type = f"{writer.annotation(items)} | {value_type}"
        views.append(
            NestedPathView(
                key=".".join(attribute_name(s) for s in segments),
                alias=field.path,
                bson_types=field.bson_types,
                nullable="null" in field.bson_types,
                filter_type=f"{value_type} | Condition[{value_type}]",
            )
        )
    return views
