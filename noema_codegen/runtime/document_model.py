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
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .document_reader import READERS, Fallback, reader_for
from .field_markers import UNIQUE_ITEMS_KEY

STORED_CONTEXT_KEY = "noema_stored_document"
"""Validation context key marking input read from the database."""

STORED_FLAG = "_noema_stored"
"""Key in a model's ``__pydantic_private__`` set on models read from the database."""


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

    _noema_unique_fields: ClassVar[tuple[str, ...]] = ()
    _noema_generated_keys: ClassVar[tuple[tuple[str, str], ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._noema_unique_fields = tuple(
            name
            for name, field in cls.model_fields.items()
            if isinstance(field.json_schema_extra, dict)
            and field.json_schema_extra.get(UNIQUE_ITEMS_KEY) is True
        )
        cls._noema_generated_keys = _generated_keys(cls)

    @model_validator(mode="after")
    def _after_validation(self, info: ValidationInfo) -> Self:
        """Unique array items; then, for a document read from the database, its keys and the
        stored flag (kept in ``__pydantic_private__``, not a private attribute: pydantic would
        set private attributes up for every instance, a third of a typed read)."""
        if self._noema_unique_fields:
            _check_unique_items(self)
        context = info.context
        if (
            context is not None
            and (type(context) is dict or isinstance(context, Mapping))
            and context.get(STORED_CONTEXT_KEY)
        ):
            if self._noema_generated_keys:
                _require_generated_keys(self)
            private = self.__pydantic_private__
            if private is None:
                object.__setattr__(self, "__pydantic_private__", {STORED_FLAG: True})
            else:
                private[STORED_FLAG] = True
        return self

    @model_serializer(mode="wrap")
    def _omit_filled_defaults(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        data = handler(self)
        if _is_stored(self) and isinstance(data, dict):
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


def _is_stored(model: BaseModel) -> bool:
    """Whether ``model`` was validated from a stored document (``from_document``)."""
    private = model.__pydantic_private__
    return private is not None and private.get(STORED_FLAG) is True


def _check_unique_items(model: EmbeddedModel) -> None:
    for name in model._noema_unique_fields:
        value = getattr(model, name)
        if isinstance(value, list) and len({_bson_key(item) for item in value}) < len(value):
            raise PydanticCustomError(
                "unique_items", "{field}: array items must be unique", {"field": name}
            )


def _generated_keys(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """``(attribute, MongoDB name)`` of the keys ``model`` generates (a ``default_factory``)
    that a stored document must hold: every one but ``_id`` (MongoDB adds it before
    validating an insert)."""
    return tuple(
        (name, field.serialization_alias or name)
        for name, field in model.model_fields.items()
        if field.default_factory is not None and (field.serialization_alias or name) != "_id"
    )


def _require_generated_keys(model: EmbeddedModel) -> None:
    """A stored document must hold its keys: a key the model would generate is not filled in.

    Keys with a ``default_factory`` (the objectId primary keys) are required by the
    schema; only ``_id`` may be absent (MongoDB adds it before validating an insert).
    """
    fields_set = model.model_fields_set
    missing = [key for name, key in model._noema_generated_keys if name not in fields_set]
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
        """Validate a document as pymongo decodes it (strict, MongoDB field names only).

        A document the fast reader (``document_reader``) can decide is constructed without
        pydantic's field-by-field validation, into the same model the strict path builds;
        anything else is validated by pydantic, which raises or accepts as before.
        """
        data = document if isinstance(document, dict) else dict(document)
        try:
            reader = READERS[cls]  # one lookup per document: a read is a few microseconds
        except KeyError:
            reader = reader_for(cls)
        if reader is not None:
            try:
                model: Self = reader(data)
            except Fallback:
                pass
            else:
                return model
        return cls.model_validate(
            data, strict=True, by_alias=True, by_name=False, context={STORED_CONTEXT_KEY: True}
        )

    def to_document(self) -> dict[str, Any]:
        """The BSON-ready document: MongoDB names, ``ObjectId``, ``Decimal128``, ``Int64``."""
        return self.model_dump(mode="python", by_alias=True)


__all__ = [
    "STORED_CONTEXT_KEY",
    "STORED_FLAG",
    "UNIQUE_ITEMS_KEY",
    "DocumentModel",
    "EmbeddedModel",
]
