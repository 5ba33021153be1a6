"""What the sync and async repository bases share: field specs, value encoding,
filter/update building, cursor pagination and document decoding.

Nothing here talks to MongoDB, so the sync and async classes stay thin wrappers
around the same logic. This module is copied into ``<package>/_runtime/``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Generic, Literal, Protocol, Self, TypeVar

import bson
from bson import Decimal128, Int64
from bson.codec_options import DEFAULT_CODEC_OPTIONS, CodecOptions
from pydantic import BaseModel, TypeAdapter, ValidationError

from .conditions import Condition
from .document_writer import Writer

_LOG = logging.getLogger(f"{__name__.split('.')[0]}.repositories")
"""``<generated package>.repositories``: the package name is not written in the runtime."""

OnInvalid = Literal["raise", "skip"]
SortDirection = Literal[1, -1]


class DocumentModel(Protocol):
    """What a generated model offers the repositories."""

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Self: ...

    def to_document(self) -> dict[str, Any]: ...


M = TypeVar("M", bound=DocumentModel)


@dataclass(frozen=True)
class FieldSpec:
    """A top-level model attribute: its MongoDB name and what the schema admits."""

    alias: str
    bson_types: tuple[str, ...]
    required: bool
    nullable: bool


@dataclass(frozen=True)
class PageIndex:
    """An index cursor pagination can walk: its keys (MongoDB names) and options."""

    name: str
    keys: tuple[tuple[str, int], ...]
    unique: bool
    partial_filter: Mapping[str, Any] | None = None

    @property
    def sort(self) -> list[tuple[str, int]]:
        """The index order, made total by ``_id`` when the index is not unique."""
        keys = list(self.keys)
        if not self.unique and all(name != "_id" for name, _ in keys):
            keys.append(("_id", keys[-1][1] if keys else 1))
        return keys


@dataclass(frozen=True)
class CollectionSpec:
    """Everything a repository needs to know about its collection (generated per collection)."""

    name: str
    primary_key: str
    fields: Mapping[str, FieldSpec]
    created_at: str | None
    updated_at: str | None
    page_indexes: Mapping[str, PageIndex]
    paths: Mapping[str, FieldSpec] = dataclass_field(default_factory=dict)
    """Typed-filter keys below the top level (``"api_keys.key_hash"``), ``alias`` being the
    MongoDB path (``apiKeys.keyHash``); array elements are matched as MongoDB does."""
    append_only: bool = False
    """``x-noema.appendOnly``: the repositories refuse updates and deletes."""


class DocumentValidationError(ValueError):
    """A stored document does not match its model."""

    def __init__(self, collection: str, document_id: object, error: ValidationError) -> None:
        self.collection = collection
        self.document_id = document_id
        self.error = error
        super().__init__(
            f"{collection} document _id={document_id!r} does not match the model "
            f"({error.error_count()} error(s)):\n{error}"
        )


class IdentityChangeError(ValueError):
    """An update would change what identifies a document: ``_id`` or the primary key.

    Raised before anything is sent to the server. To give a document another key,
    insert a copy under the new key and delete the old one.
    """

    def __init__(self, collection: str, path: str, attribute: str | None = None) -> None:
        self.collection = collection
        self.path = path
        named = f"{collection}.{path}" + (f" (attribute {attribute!r})" if attribute else "")
        super().__init__(
            f"{named} identifies the document and an update cannot change or remove it; "
            "insert a document with the new key and delete the old one instead"
        )


def identity_fields(spec: CollectionSpec) -> frozenset[str]:
    """The MongoDB names no update may touch: ``_id`` and the primary key."""
    return frozenset({"_id", spec.primary_key})


def _touches(path: str, identity: frozenset[str]) -> bool:
    return path.split(".", 1)[0] in identity


def check_identity(update: Mapping[str, Any], spec: CollectionSpec) -> None:
    """Raise ``IdentityChangeError`` when ``update`` (MongoDB operator form) would change
    ``_id`` or the primary key. ``$setOnInsert`` may name them: it only shapes a new document.
    (The server itself refuses ``$set`` of ``_id`` with ``ImmutableField`` -- mongodb/mongo
    jstests/core/write/update/update3.js -- but nothing there protects a primary key that is
    an ordinary field.)"""
    identity = identity_fields(spec)
    for operator, operand in update.items():
        if operator == "$setOnInsert" or not isinstance(operand, Mapping):
            continue
        for path, value in operand.items():
            targets = [str(path)] + (
                [value] if operator == "$rename" and isinstance(value, str) else []
            )
            for target in targets:
                if _touches(target, identity):
                    raise IdentityChangeError(spec.name, target)


@dataclass(frozen=True)
class SkippedDocument:
    """A stored document a read skipped because it failed validation (``on_invalid="skip"``)."""

    collection: str
    document_id: object
    error: ValidationError


def utc_now() -> datetime:
    """The current time as pymongo reads it back: naive UTC, millisecond precision."""
    now = datetime.now(UTC).replace(tzinfo=None)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def path_segment(value: str) -> str:
    """A map key used inside a field path (``preferences.{key}``): non-empty, no ``.``, no leading ``$``."""
    if not value or "." in value or value.startswith("$") or "\x00" in value:
        raise ValueError(
            f"{value!r} cannot be used as a field name (empty, contains '.', or starts with '$')"
        )
    return value


def _int_decimal128(value: int) -> Decimal128:
    return Decimal128(Decimal(value))


INT_ENCODERS: tuple[tuple[str, Callable[[int], Any]], ...] = (
    ("long", Int64),
    ("int", int),
    ("decimal", _int_decimal128),
    ("double", float),
)
"""How a plain ``int`` is written for a field of these BSON types: the first the field
admits wins (exact before lossy). noema-codegen's tests check this table against its
BSON type registry."""


def to_bson(value: Any, bson_types: Sequence[str] = ()) -> Any:
    """Make a Python value BSON-encodable the way the schema wants it.

    Decimal -> Decimal128; int -> by ``INT_ENCODERS`` (``Int64`` where the field admits
    ``long``, unchanged where ``int``, ``Decimal128`` where ``decimal``, ``float`` where
    only ``double``); models -> their documents; containers recursively.
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return Decimal128(value)
    if isinstance(value, int) and not isinstance(value, Int64):
        for bson_type, encode in INT_ENCODERS:
            if bson_type in bson_types:
                return encode(value)
        return value
    if isinstance(value, BaseModel):
        to_document = getattr(value, "to_document", None)
        if callable(to_document):
            return to_document()
        return to_bson(value.model_dump(by_alias=True, exclude_unset=True))
    if isinstance(value, Mapping):
        return {str(key): to_bson(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_bson(item) for item in value]
    return value


class ValueCodec:
    """Validates values through the model's field types and encodes them for MongoDB."""

    def __init__(self, model: type[Any], spec: CollectionSpec) -> None:
        self.model = model
        self.spec = spec
        self._adapters: dict[str, TypeAdapter[Any]] = {}

    def field(self, name: str) -> FieldSpec:
        found = self.spec.fields.get(name) or self.spec.paths.get(name)
        if found is None:
            known = ", ".join(sorted([*self.spec.fields, *self.spec.paths]))
            raise KeyError(f"{self.spec.name}: no field {name!r} (known: {known})")
        return found

    def alias(self, name: str) -> str:
        return self.field(name).alias

    def _adapter(self, name: str) -> TypeAdapter[Any]:
        adapter = self._adapters.get(name)
        if adapter is None:
            info = self.model.model_fields[name]
            annotation = info.rebuild_annotation()
            adapter = TypeAdapter(annotation)
            self._adapters[name] = adapter
        return adapter

    def encode(self, name: str, value: Any) -> Any:
        """Validate ``value`` as field ``name`` and return its BSON form."""
        spec = self.field(name)
        if value is None:
            if not spec.nullable:
                raise ValueError(
                    f"{self.spec.name}.{spec.alias} cannot be null; remove the field with `unset` instead"
                )
            return None
        if name not in self.spec.fields:
            # a nested path (typed by the generated filter): encoded for its BSON types
            return to_bson(value, spec.bson_types)
        adapter = self._adapter(name)
        if isinstance(value, Mapping) and not isinstance(value, dict):
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        validated = adapter.validate_python(value, strict=True)
        return to_bson(
            adapter.dump_python(validated, mode="python", by_alias=True), spec.bson_types
        )

    def encode_filter(self, criteria: Mapping[str, Any] | None) -> dict[str, Any]:
        """A typed filter (snake_case attribute -> value or Condition) as a MongoDB filter."""
        result: dict[str, Any] = {}
        for name, value in (criteria or {}).items():
            alias = self.alias(name)
            if isinstance(value, Condition):
                result[alias] = {value.operator: self._encode_operand(name, value)}
            else:
                result[alias] = self._encode_comparable(name, value)
        return result

    def _encode_operand(self, name: str, condition: Condition[Any]) -> Any:
        if condition.operator == "$exists":
            return bool(condition.value)
        if condition.operator in ("$in", "$nin"):
            assert isinstance(condition.value, list)
            return [self._encode_comparable(name, item) for item in condition.value]
        return self._encode_comparable(name, condition.value)

    def _encode_comparable(self, name: str, value: Any) -> Any:
        if value is None:
            return None
        return self.encode(name, value)

    def encode_sort(self, sort: Sequence[tuple[str, int]] | None) -> list[tuple[str, int]] | None:
        if not sort:
            return None
        return [(self.alias(name), direction) for name, direction in sort]

    def build_update(
        self,
        set_: Mapping[str, Any] | None,
        unset: Iterable[str] | None,
        inc: Mapping[str, Any] | None,
        now: datetime,
    ) -> dict[str, Any]:
        """``$set``/``$unset``/``$inc`` from typed partial updates, ``updatedAt`` maintained."""
        unset = list(unset or ())
        identity = identity_fields(self.spec)
        for name in [*(set_ or {}), *unset, *(inc or {})]:
            if name not in self.spec.fields:
                known = ", ".join(sorted(self.spec.fields))
                raise KeyError(f"{self.spec.name}: no field {name!r} (known: {known})")
            alias = self.alias(name)
            if alias in identity:
                raise IdentityChangeError(self.spec.name, alias, name)
        update: dict[str, dict[str, Any]] = {}
        for name, value in (set_ or {}).items():
            update.setdefault("$set", {})[self.alias(name)] = self.encode(name, value)
        for name in unset:
            spec = self.spec.fields.get(name)
            if spec is not None and spec.required:
                raise ValueError(f"{self.spec.name}.{spec.alias} is required and cannot be unset")
            update.setdefault("$unset", {})[self.alias(name)] = ""
        for name, value in (inc or {}).items():
            update.setdefault("$inc", {})[self.alias(name)] = self.encode(name, value)
        if not update:
            raise ValueError(f"{self.spec.name}: an update needs at least one of set, unset, inc")
        return stamp_update(update, self.spec, now)


def stamp_update(
    update: dict[str, Any], spec: CollectionSpec, now: datetime, upsert: bool = False
) -> dict[str, Any]:
    """Add ``updatedAt`` (``$set``) and, for upserts, ``createdAt`` (``$setOnInsert``).

    Every update goes through here: one that would change ``_id`` or the primary key raises
    ``IdentityChangeError`` first."""
    check_identity(update, spec)
    touched = {path for op in update.values() if isinstance(op, Mapping) for path in op}
    if spec.updated_at and spec.updated_at not in touched:
        update.setdefault("$set", {})[spec.updated_at] = now
    if upsert and spec.created_at and spec.created_at not in touched:
        update.setdefault("$setOnInsert", {})[spec.created_at] = now
    return update


def new_document(
    model: DocumentModel, spec: CollectionSpec, writer: Writer | None, now: datetime
) -> dict[str, Any]:
    """The document ``insert_one`` sends: the model's document (fast writer when the model
    class has one, else ``to_document()``) with createdAt/updatedAt set where absent."""
    document = writer(model) if writer is not None else model.to_document()
    return stamp_new_document(document, spec, now)


def stamp_new_document(
    document: dict[str, Any], spec: CollectionSpec, now: datetime
) -> dict[str, Any]:
    """Set ``createdAt`` and ``updatedAt`` on a document about to be inserted, where absent."""
    created, updated = spec.created_at, spec.updated_at  # no loop: this runs per insert
    if created and document.get(created) is None:
        document[created] = now
    if updated and document.get(updated) is None:
        document[updated] = now
    return document


class Decoder(Generic[M]):
    """Turns stored documents into models, raising or skipping invalid ones."""

    def __init__(self, model: type[M], collection: str, on_invalid: OnInvalid) -> None:
        self.model = model
        self.collection = collection
        self.on_invalid = on_invalid
        self.skipped: list[SkippedDocument] = []

    def one(self, document: Mapping[str, Any] | None) -> M | None:
        if document is None:
            return None
        try:
            return self.model.from_document(dict(document))
        except ValidationError as error:
            document_id = document.get("_id")
            if self.on_invalid == "raise":
                raise DocumentValidationError(self.collection, document_id, error) from None
            self.skipped.append(SkippedDocument(self.collection, document_id, error))
            _LOG.warning(
                "skipped %s document _id=%r: %d validation error(s)",
                self.collection,
                document_id,
                error.error_count(),
            )
            return None

    def strict_one(self, document: Mapping[str, Any]) -> M:
        """Decode a document the caller just wrote: invalid is always an error."""
        try:
            return self.model.from_document(dict(document))
        except ValidationError as error:
            raise DocumentValidationError(self.collection, document.get("_id"), error) from None

    def many(self, documents: Iterable[Mapping[str, Any]]) -> list[M]:
        models = (self.one(document) for document in documents)
        return [model for model in models if model is not None]


def round_trip(document: Mapping[str, Any], codec_options: object) -> dict[str, Any]:
    """``document`` as the server returns it: through BSON, decoded with the collection's options."""
    options = codec_options if isinstance(codec_options, CodecOptions) else DEFAULT_CODEC_OPTIONS
    return dict(bson.decode(bson.encode(document), codec_options=options))


def primary_key_filter(spec: CollectionSpec, codec: ValueCodec, key: Any) -> dict[str, Any]:
    name = next((n for n, f in spec.fields.items() if f.alias == spec.primary_key), None)
    value = codec.encode(name, key) if name is not None else key
    return {spec.primary_key: value}
