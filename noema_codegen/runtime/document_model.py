"""Base classes of the generated models: strict validation, BSON-ready dumps.

* ``EmbeddedModel`` is the base of every generated model (embedded documents too);
  ``DocumentModel`` adds ``from_document``/``to_document`` for a collection's
  top-level documents.
* Strict: values are validated as pymongo decodes them (see ``bson_types``), no
  coercion; a model constructed in code validates the same way.
* Attributes are snake_case; documents use the MongoDB (camelCase) names. Input is
  accepted by attribute name (code) or by MongoDB name; ``from_document`` accepts only
  MongoDB names, dumps always use them.
* An optional field the document does not have holds ``pydantic.MISSING`` and is
  never written (no ``null``). ``None`` is written only for a nullable field that was
  explicitly set to ``None``.
* Schema defaults: a model read with ``from_document`` does not write back the
  defaults it filled in for fields the stored document did not have; a model
  constructed in code writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

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
    )

    _noema_stored: bool = PrivateAttr(default=False)

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


__all__ = ["STORED_CONTEXT_KEY", "DocumentModel", "EmbeddedModel"]
