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

from noema_codegen.identifiers import (
    IMPORTED_NAMES,
    REPOSITORY_SUFFIXES,
    attribute_name,
    class_name,
    unshadowed,
)
from noema_codegen.ir.fields import MAP_SEGMENT
from noema_codegen.ir.model import Collection
from noema_codegen.render.model_schema import singular
from noema_codegen.render.python_types import TypeWriter, schema_key

REPOSITORY_MODULE_NAMES = frozenset(
    {
        *("Any", "Literal", "TypedDict", "Required", "Iterable", "Iterator", "AsyncIterator"),
        *("Sequence", "Mapping", "Repository", "AsyncRepository", "Condition", "Page"),
        *("CollectionSpec", "FieldSpec", "PageIndex", "SortDirection", "ValueCodec"),
        *("EmbeddedModel", "ObjectId", "Decimal", "ClientSession", "AsyncClientSession"),
        *("CreditResult", "LedgerSpec", "LedgerReport", "RepairReport", "SPEC", "LEDGER"),
    }
)
"""Names a repository module defines or imports besides the models: a nested model class
of one of these names is typed as ``EmbeddedModel`` rather than imported."""


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
    model_class: str | None = None
    """The generated nested model class (``Wallet``), or None when it is typed as
    ``EmbeddedModel`` (a class name that is not certain, see ``model_class_names``)."""

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


def _title(segments: list[str]) -> str:
    """The ``title`` ``render.model_schema`` gives the object at ``segments`` (a property:
    its name in PascalCase; a map value: the map's title made singular)."""
    if segments[-1] == MAP_SEGMENT:
        return unshadowed(singular(_title(segments[:-1]))) if len(segments) > 1 else ""
    return class_name(segments[-1])


def model_class_names(collection: Collection) -> dict[str, str]:
    """``{schema_key: nested model class}`` for the embedded objects whose class name is
    certain: the title ``render.model_schema`` gives them (which names the class
    datamodel-code-generator writes), kept only when no other embedded object of the
    collection gets the same title (the generator would number the second) and the name
    is free in the repository module."""
    titles: dict[str, list[str]] = {}
    for field in collection.fields:
        target = _object_schema(field.schema)
        if target is None:
            continue
        schema, is_items = target
        title = _title(field.path.split("."))
        if is_items:
            title = unshadowed(singular(title))
        titles.setdefault(title, []).append(schema_key(schema))
    model = collection.model_name
    reserved = {
        model,
        *(model + suffix for suffix in REPOSITORY_SUFFIXES),
        *REPOSITORY_MODULE_NAMES,
    }
    return {
        keys[0]: title
        for title, keys in titles.items()
        if len(keys) == 1 and title and title not in reserved
    }


def typed_documents(
    collection: Collection, writer: TypeWriter, taken: set[str]
) -> list[TypedDocumentView]:
    """Name a ``TypedDict`` for each embedded object schema of ``collection`` and register it
    with ``writer``; returns their definitions (nested ones refer to each other by name)."""
    model = collection.model_name
    reserved = {model + suffix for suffix in REPOSITORY_SUFFIXES} | {model} | set(IMPORTED_NAMES)
    classes = model_class_names(collection)
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
        model_class = classes.get(key)
        if model_class is not None and model_class not in taken:
            writer.document_models[key] = (model_class, collection.module_name)
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
        model_class = writer.document_models.get(schema_key(schema), (None, ""))[0]
        views.append(TypedDocumentView(name, path, keys, is_items, model_class))
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
