"""Base classes of the generated models: strict validation, BSON-ready dumps.

* ``EmbeddedModel`` is the base of every generated model (embedded documents too);
  ``DocumentModel`` adds ``from_document``/``to_document`` for a collection's
  top-level documents.
* Strict: values are validated as pymongo decodes them (see ``bson_types``), no
  coercion; a model constructed in code validates the same way.
* Attributes follow noema-codegen's identifier policy (snake_case, see docs/models.md
  "Attribute names"); documents use the MongoDB (camelCase) names. Input is
  accepted by attribute name (code) or by MongoDB name; ``from_document`` accepts only
  MongoDB names, dumps always use them.
* An optional field the document does not have holds ``pydantic.MISSING`` and is
  never written (no ``null``). ``None`` is written only for a nullable field that was
  explicitly set to ``None``.
* ``pattern`` constraints hold MongoDB's PCRE translated to Python ``re`` (flags inline)
  and run with pydantic's ``python-re`` engine, a search as the server's.
* Schema defaults: a model read with ``from_document`` does not write back the
  defaults it filled in for fields the stored document did not have; a model
  constructed in code writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar, Self

from bson import Decimal128
from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

STORED_CONTEXT_KEY = "noema_stored_document"
"""Validation context key marking input read from the database."""

UNIQUE_ITEMS_KEY = "x-noema-unique-items"
"""``Field(json_schema_extra={UNIQUE_ITEMS_KEY: True})`` marks an array field with ``uniqueItems``."""


class EmbeddedModel(BaseModel):
    """Base of every generated model."""

    model_config = ConfigDict(
        strict=True,
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        validate_assignment=True,
        arbitrary_types_allowed=True,
        # ``pattern`` holds MongoDB's PCRE translated to Python ``re`` (with its flags inline)
        regex_engine="python-re",
    )

    _noema_stored: bool = PrivateAttr(default=False)
    _noema_unique_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._noema_unique_fields = tuple(
            name
            for name, field in cls.model_fields.items()
            if isinstance(field.json_schema_extra, dict)
            and field.json_schema_extra.get(UNIQUE_ITEMS_KEY) is True
        )

    @model_validator(mode="after")
    def _check_unique_items(self) -> Self:
        for name in self._noema_unique_fields:
            value = getattr(self, name)
            if isinstance(value, list) and len({_bson_key(item) for item in value}) < len(value):
                raise PydanticCustomError(
                    "unique_items", "{field}: array items must be unique", {"field": name}
                )
        return self

    @model_validator(mode="after")
    def _remember_stored(self, info: ValidationInfo) -> Self:
        context = info.context
        if isinstance(context, Mapping) and context.get(STORED_CONTEXT_KEY):
            self._noema_stored = True
            _require_generated_keys(self)
        return self

    @model_serializer(mode="wrap")
    def _omit_filled_defaults(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        data = handler(self)
        if self._noema_stored and isinstance(data, dict):
            fields_set = self.model_fields_set
            for name, field in type(self).model_fields.items():
                if name not in fields_set:
                    data.pop(field.serialization_alias or name, None)
                    data.pop(name, None)
        return data

    def __eq__(self, other: object) -> bool:
        """Equal field values and extras (whether read from the database does not matter)."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        return (
            type(self) is type(other)
            and self.__dict__ == other.__dict__
            and self.__pydantic_extra__ == other.__pydantic_extra__
        )


def _bson_key(value: Any) -> object:
    """A hashable key under which values MongoDB's ``uniqueItems`` finds equal coincide:
    numbers by value across types, bool apart from numbers, objects ignoring key order."""
    if isinstance(value, BaseModel):
        return _bson_key(value.model_dump(mode="python", by_alias=True))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, Decimal128):
        return ("number", value.to_decimal())
    if isinstance(value, int | float | Decimal):
        return ("number", value)
    if isinstance(value, Mapping):
        return ("object", frozenset((str(k), _bson_key(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("array", tuple(_bson_key(v) for v in value))
    try:
        hash(value)
    except TypeError:
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)


def _require_generated_keys(model: EmbeddedModel) -> None:
    """A stored document must hold its keys: a key the model would generate is not filled in.

    Keys with a ``default_factory`` (the objectId primary keys) are required by the
    schema; only ``_id`` may be absent (MongoDB adds it before validating an insert).
    """
    missing = [
        field.serialization_alias or name
        for name, field in type(model).model_fields.items()
        if field.default_factory is not None
        and name not in model.model_fields_set
        and (field.serialization_alias or name) != "_id"
    ]
    if missing:
        raise PydanticCustomError(
            "missing_key",
            "stored document lacks its key field(s) {fields}",
            {"fields": ", ".join(missing)},
        )


class DocumentModel(EmbeddedModel):
    """Base of the generated top-level model of each collection."""

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Self:
        """Validate a document as pymongo decodes it (strict, MongoDB field names only)."""
        data = document if isinstance(document, dict) else dict(document)
        return cls.model_validate(
            data, strict=True, by_alias=True, by_name=False, context={STORED_CONTEXT_KEY: True}
        )

    def to_document(self) -> dict[str, Any]:
        """The BSON-ready document: MongoDB names, ``ObjectId``, ``Decimal128``, ``Int64``."""
        return self.model_dump(mode="python", by_alias=True)


__all__ = ["STORED_CONTEXT_KEY", "UNIQUE_ITEMS_KEY", "DocumentModel", "EmbeddedModel"]
