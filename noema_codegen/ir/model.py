"""The intermediate representation: what every renderer, ``apply`` and ``validate`` consume.

The IR is built once from the linted schema sources (see ``noema_codegen.ir.build``)
and is immutable. It holds, per collection: the three views of the schema (source,
model, validator), the declared primary key, indexes, references, timestamps and
named queries, all resolved against the schema's fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from noema_codegen.config import Config

DEFAULT_VALIDATION_LEVEL = "strict"
DEFAULT_VALIDATION_ACTION = "error"

JsonObject = Mapping[str, Any]
QueryOp = Literal["find_one", "find_many", "count", "update_one", "update_many", "insert_one"]
RangeOp = Literal["$gt", "$gte", "$lt", "$lte", "$ne", "$exists"]
UpdateOp = Literal[
    "$set", "$unset", "$inc", "$min", "$max", "$setOnInsert", "$push", "$addToSet", "$pull"
]
ParamRole = Literal["filter", "range", "path", "update"]
Returning = Literal["before", "after"]


@dataclass(frozen=True)
class Field:
    """A schema position reachable by a dotted path (arrays are transparent, as in MongoDB queries).

    ``path`` uses ``{}`` for a segment matched by ``additionalProperties`` (a map key),
    e.g. ``preferences.{}``.
    """

    path: str
    schema: JsonObject
    bson_types: tuple[str, ...]
    required: bool
    in_array: bool
    """True when the path crosses an array (the field is multikey in an index)."""

    @property
    def nullable(self) -> bool:
        return "null" in self.bson_types


@dataclass(frozen=True)
class IndexSpec:
    """One index as ``createIndexes`` receives it."""

    name: str
    keys: tuple[tuple[str, int | str], ...]
    unique: bool = False
    sparse: bool = False
    partial_filter: JsonObject | None = None
    expire_after_seconds: int | None = None
    collation: JsonObject | None = None
    pointer: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.keys)

    @property
    def is_wildcard(self) -> bool:
        return any(name == "$**" or name.endswith(".$**") for name, _ in self.keys)

    def to_command_spec(self) -> dict[str, Any]:
        """The spec for the ``indexes`` array of ``createIndexes`` (only non-default options)."""
        spec: dict[str, Any] = {"key": dict(self.keys), "name": self.name}
        if self.unique:
            spec["unique"] = True
        if self.sparse:
            spec["sparse"] = True
        if self.partial_filter is not None:
            spec["partialFilterExpression"] = dict(self.partial_filter)
        if self.expire_after_seconds is not None:
            spec["expireAfterSeconds"] = self.expire_after_seconds
        if self.collation is not None:
            spec["collation"] = dict(self.collation)
        return spec


@dataclass(frozen=True)
class Reference:
    """``field`` of this collection holds values of ``target_collection.target_field``."""

    field: str
    target_collection: str
    target_field: str


@dataclass(frozen=True)
class QueryParam:
    """A parameter of a named query method.

    ``schema`` is the schema of the values it carries (for a path placeholder
    such as ``{key}`` in ``preferences.{key}``: ``{"bsonType": "string"}``).
    ``nullable`` is False for equality and range parameters even when the field
    admits null (a query parameter compares against a real value).
    """

    name: str
    schema: JsonObject
    bson_types: tuple[str, ...]
    optional: bool
    role: ParamRole


@dataclass(frozen=True)
class ValueRef:
    """Either a parameter name or a constant."""

    param: str | None = None
    constant: Any = None
    now: bool = False
    """``{"now": true}``: the time of the call (a ``date`` field the repository stamps)."""

    @property
    def is_param(self) -> bool:
        return self.param is not None


@dataclass(frozen=True)
class FilterTerm:
    """``path`` (may contain ``{param}`` placeholders) compared with ``op`` to ``value``."""

    path: str
    op: Literal["$eq", "$elemMatch"] | RangeOp
    value: ValueRef
    field: Field
    elements: tuple[FilterTerm, ...] = ()
    """For ``$elemMatch``: conditions on fields of one array element (paths relative to it)."""


@dataclass(frozen=True)
class ElementValue:
    """One field of an array element an update writes: ``path`` is relative to the element."""

    path: str
    value: ValueRef
    field: Field


@dataclass(frozen=True)
class UpdateTerm:
    """One operator entry of an update; ``path`` may hold ``{param}`` placeholders and
    ``$[identifier]`` positional segments (see ``NamedQuery.array_filters``).

    ``element`` is set when the value is an array element built from fields
    (``push``/``add_to_set``) or matched by fields (``pull``); ``modifiers`` holds
    ``$slice``/``$sort`` of a ``push``."""

    op: UpdateOp
    path: str
    value: ValueRef
    field: Field
    element: tuple[ElementValue, ...] | None = None
    modifiers: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class ArrayFilter:
    """``$[identifier]`` in an update path matches the array elements whose fields equal
    (or, with ``$ne``, differ from) the given values."""

    identifier: str
    array: str
    """The array field the identifier ranges over (MongoDB path, e.g. ``wallets``)."""
    conditions: tuple[FilterTerm, ...]


@dataclass(frozen=True)
class Transition:
    """Allowed state changes of a field: ``predecessors[state]`` may become ``state``."""

    field: str
    predecessors: tuple[tuple[str, tuple[str, ...]], ...]

    def allowed_from(self, state: str) -> tuple[str, ...]:
        return dict(self.predecessors).get(state, ())

    @property
    def reachable(self) -> tuple[str, ...]:
        return tuple(state for state, before in self.predecessors if before)


@dataclass(frozen=True)
class Normalisation:
    """``field`` is lower-cased where ``when_field`` is one of ``when_in`` (at write and lookup)."""

    field: str
    when_field: str
    when_in: tuple[str, ...]


@dataclass(frozen=True)
class NamedQuery:
    """A declared query pattern; the repository generator turns it into a typed method."""

    name: str
    op: QueryOp
    description: str
    filter: tuple[FilterTerm, ...]
    sort: tuple[tuple[str, int], ...]
    update: tuple[UpdateTerm, ...]
    upsert: bool
    params: tuple[QueryParam, ...]
    pointer: str
    array_filters: tuple[ArrayFilter, ...] = ()
    returning: Returning | None = None
    """``update_one`` only: return the document before/after the update (``findAndModify``)."""
    guards: tuple[tuple[Transition, ValueRef], ...] = ()
    """State transitions this update performs: the filter admits only allowed predecessors."""
    document: tuple[UpdateTerm, ...] = ()
    """``insert_one``: the fields the caller supplies (``$set`` terms on top-level paths)."""
    normalised: tuple[tuple[str, Normalisation, ValueRef], ...] = ()
    """``(param, rule, when-value)``: parameters lower-cased under a declared normalisation."""
    serves: str = ""
    """``x-noema.queries.<name>.serves``: the operation of the application's own vocabulary this
    method implements (documentation only: the method catalogue shows it)."""

    @property
    def is_update(self) -> bool:
        return self.op in ("update_one", "update_many")


@dataclass(frozen=True)
class Timestamps:
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class LedgerEntryFields:
    """The fields of the entries collection the credit operation writes (top-level names)."""

    account: str
    timestamp: str
    type: str
    description: str
    amount: str
    before: str
    after: str
    external_id: str
    related_items: str
    metadata: str


@dataclass(frozen=True)
class Ledger:
    """An ``x-noema.ledger`` declaration: a balance kept equal to the sum of its entries.

    Declared on the balance collection; ``entries`` names the collection of entries.
    """

    balance_collection: str
    account: str
    """The field identifying an account, in the balance collection (unique there)."""
    balance: str
    changed_at: str
    """The ``date`` field every balance change sets (the repair's grace period reads it)."""
    entries: str
    entry: LedgerEntryFields
    pointer: str

    @property
    def protected(self) -> tuple[str, str]:
        """Balance-collection fields only the credit operation may write."""
        return (self.balance, self.changed_at)


@dataclass(frozen=True)
class Collection:
    name: str
    """Collection name in MongoDB, e.g. ``userSessions``."""
    model_name: str
    """Pydantic model class name, e.g. ``UserSession``."""
    module_name: str
    """Python module name for this collection's generated code, e.g. ``user_session``."""
    source_file: str
    """Path of the schema source relative to the project root, e.g. ``schemas/userSessions.json``."""
    source_schema: JsonObject
    """The schema as written, vendor key and ``default`` included."""
    model_schema: JsonObject
    """The schema for model generation: vendor key removed, ``default`` kept."""
    validator_schema: JsonObject
    """The ``$jsonSchema`` MongoDB receives: vendor key and ``default`` removed."""
    validation_level: str
    validation_action: str
    primary_key: str
    fields: tuple[Field, ...]
    indexes: tuple[IndexSpec, ...]
    references: tuple[Reference, ...]
    queries: tuple[NamedQuery, ...]
    timestamps: Timestamps = field(default_factory=Timestamps)
    ledger: Ledger | None = None
    """The ledger declared on this (balance) collection, if any."""
    renames: tuple[tuple[str, str], ...] = ()
    """``x-noema.renamedFrom`` as ``(new field path, old field path)`` pairs (``ir/renames.py``)."""
    append_only: bool = False
    """``x-noema.appendOnly``: documents are inserted, never updated or deleted."""
    transitions: tuple[Transition, ...] = ()
    normalisations: tuple[Normalisation, ...] = ()

    @property
    def validator_options(self) -> dict[str, Any]:
        """The options of ``create``/``collMod``: exactly what the server receives."""
        return {
            "validator": {"$jsonSchema": self.validator_schema},
            "validationLevel": self.validation_level,
            "validationAction": self.validation_action,
        }

    @property
    def index_specs(self) -> list[dict[str, Any]]:
        """The ``indexes`` array of ``createIndexes``."""
        return [index.to_command_spec() for index in self.indexes]

    def field_at(self, path: str) -> Field | None:
        for candidate in self.fields:
            if candidate.path == path:
                return candidate
        return None


@dataclass(frozen=True)
class Project:
    collections: tuple[Collection, ...]
    config: Config = field(default_factory=Config)
    """The settings the project was built with (package name, owned-index prefix ...)."""

    def get(self, name: str) -> Collection:
        for collection in self.collections:
            if collection.name == name:
                return collection
        known = ", ".join(c.name for c in self.collections)
        raise KeyError(f"unknown collection {name!r} (known: {known})")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.collections)

    @property
    def ledgers(self) -> tuple[Ledger, ...]:
        """Every declared ledger, in collection order."""
        return tuple(c.ledger for c in self.collections if c.ledger is not None)
