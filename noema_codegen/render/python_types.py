"""Schema (``bsonType``) -> Python annotation text, as the generated repositories use it.

The annotations name the attribute types of the generated models (``ObjectId``,
``datetime``, ``Decimal``, ``int``, ...; each BSON type's is its record's ``annotation`` in
``noema_codegen.bson_registry``); the values are validated at run time
through the model's own field types, so these only need to be what a caller
may pass. ``imports`` collects what the annotation text needs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from noema_codegen import bson_registry
from noema_codegen.bson_registry import BY_ALIAS, bson_types_of

ANY_IMPORT = "from typing import Any"
LITERAL_IMPORT = "from typing import Literal"
MAPPING_IMPORT = "from collections.abc import Mapping"
SEQUENCE_IMPORT = "from collections.abc import Sequence"
EMBEDDED_IMPORT = "from ._runtime.document_model import EmbeddedModel"  # package-relative


@dataclass
class TypeWriter:
    """Writes annotations and remembers the imports they need."""

    imports: set[str] = field(default_factory=set)
    enum_aliases: dict[tuple[str, ...], str] = field(default_factory=dict)
    """``Literal`` aliases by their values: an enum with these values prints as the alias."""
    documents: dict[str, str] = field(default_factory=dict)
    """``TypedDict`` names of embedded object schemas by ``schema_key`` (``typed_documents``):
    such a schema prints as ``<name> | EmbeddedModel``."""
    document_models: dict[str, tuple[str, str]] = field(default_factory=dict)
    """``(nested model class, models module)`` by ``schema_key``, where the class is known:
    the schema prints as ``<TypedDict> | <class>`` instead of ``| EmbeddedModel``."""

    def define_enum(self, name: str, schema: Mapping[str, Any]) -> str | None:
        """Register ``name`` as the alias of ``schema``'s string enum; returns the alias text."""
        values = _enum_values(schema)
        if values is None:
            return None
        self.enum_aliases.setdefault(values, name)
        self.imports.add(LITERAL_IMPORT)
        return "Literal[" + ", ".join(repr(v) for v in values) + "]"

    def annotation(
        self, schema: Mapping[str, Any], *, drop_null: bool = False, input_side: bool = True
    ) -> str:
        """The annotation of values of ``schema``.

        ``input_side``: containers are read-only views (``Mapping``/``Sequence``), so
        callers may pass any mapping or sequence; nested objects with declared
        properties accept a mapping keyed by their MongoDB names or the model.
        """
        types = [t for t in bson_types_of(schema) if not (drop_null and t == "null")]
        values = _enum_values(schema)
        if values is not None:
            alias = self.enum_aliases.get(values)
            if alias is None:
                self.imports.add(LITERAL_IMPORT)
                alias = "Literal[" + ", ".join(repr(v) for v in values) + "]"
            enum = schema["enum"]
            return f"{alias} | None" if None in enum and not drop_null else alias
        if not types:
            self.imports.add(ANY_IMPORT)
            return "Any"
        parts = []
        for bson_type in types:
            parts.append(self._one(bson_type, schema, input_side))
        unique = list(dict.fromkeys(parts))
        if "None" in unique:
            unique = [p for p in unique if p != "None"] + ["None"]
        return " | ".join(unique)

    def _one(self, bson_type: str, schema: Mapping[str, Any], input_side: bool) -> str:
        record = BY_ALIAS.get(bson_type)
        if record is not None and record.annotation is not None:
            if record.annotation.import_line:
                self.imports.add(record.annotation.import_line)
            return record.annotation.text
        if bson_type == "array":
            items = schema.get("items")
            inner = (
                self.annotation(items, input_side=input_side)
                if isinstance(items, Mapping)
                else self._any()
            )
            if input_side:
                self.imports.add(SEQUENCE_IMPORT)
                return f"Sequence[{inner}]"
            return f"list[{inner}]"
        if bson_type == "object":
            additional = schema.get("additionalProperties")
            if isinstance(schema.get("properties"), Mapping) and schema["properties"]:
                typed = self.documents.get(schema_key(schema))
                if typed is not None:
                    # the generated model, or a TypedDict of its attributes
                    known = self.document_models.get(schema_key(schema))
                    if known is not None:
                        self.imports.add(f"from .models.{known[1]} import {known[0]}")
                        return f"{typed} | {known[0]}"
                    self.imports.add(EMBEDDED_IMPORT)
                    return f"{typed} | EmbeddedModel"
                # an embedded model: pass it, or a mapping it validates (at run time)
                self.imports.update({MAPPING_IMPORT, EMBEDDED_IMPORT, ANY_IMPORT})
                return "Mapping[str, Any] | EmbeddedModel"
            if isinstance(additional, Mapping):
                inner = self.annotation(additional, input_side=input_side)
            else:
                inner = self._any()
            if input_side:
                self.imports.add(MAPPING_IMPORT)
                return f"Mapping[str, {inner}]"
            return f"dict[str, {inner}]"
        return self._any()

    def _any(self) -> str:
        self.imports.add(ANY_IMPORT)
        return "Any"


def schema_key(schema: Mapping[str, Any]) -> str:
    """A key equal for equal schemas (``TypeWriter.documents``)."""
    return json.dumps(schema, sort_keys=True, default=repr)


def _enum_values(schema: Mapping[str, Any]) -> tuple[str, ...] | None:
    enum = schema.get("enum")
    if not isinstance(enum, list) or not all(isinstance(v, str | type(None)) for v in enum):
        return None
    values = tuple(v for v in enum if v is not None)
    return values or None


def is_numeric(bson_types: tuple[str, ...]) -> bool:
    """Whether a field of these types may hold a number (``$inc`` applies)."""
    return any(bson_registry.is_numeric(bson_type) for bson_type in bson_types)
