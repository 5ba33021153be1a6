"""IR ``Collection`` -> the plain values the repository templates print.

Annotations and expressions are decided here and in ``query_views`` (one view per named
query kind) so the templates stay layout only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from noema_codegen.identifiers import attribute_name, enum_alias_name
from noema_codegen.ir.ledger import adjust_method_name
from noema_codegen.ir.model import Collection, Ledger
from noema_codegen.render.python_types import TypeWriter, is_numeric
from noema_codegen.render.query_views import QueryMethodView, query_view
from noema_codegen.render.typed_documents import (
    NestedPathView,
    TypedDocumentView,
    nested_filter_paths,
    typed_documents,
)


@dataclass(frozen=True)
class FieldView:
    attr: str
    alias: str
    bson_types: tuple[str, ...]
    required: bool
    nullable: bool
    value_type: str
    """What ``set`` accepts (``None`` included when the field is nullable)."""
    filter_type: str
    """What a filter compares with: the value type or a ``Condition`` on it."""


@dataclass(frozen=True)
class PageIndexView:
    name: str
    keys: tuple[tuple[str, int], ...]
    unique: bool
    partial_filter: str


@dataclass
class CollectionView:
    collection: Collection
    fields: list[FieldView]
    primary: FieldView
    set_fields: list[FieldView]
    unsettable: list[str]
    inc_fields: list[FieldView]
    page_indexes: list[PageIndexView]
    queries: list[QueryMethodView]
    imports: list[str] = field(default_factory=list)
    enum_aliases: list[tuple[str, str]] = field(default_factory=list)
    documents: list[TypedDocumentView] = field(default_factory=list)
    nested_paths: list[NestedPathView] = field(default_factory=list)

    @property
    def model(self) -> str:
        return self.collection.model_name


def build_view(collection: Collection) -> CollectionView:
    writer = TypeWriter()
    enum_aliases: list[tuple[str, str]] = []
    taken: set[str] = set()
    for found in collection.fields:
        if _top_level(found.path):
            name = enum_alias_name(collection.model_name, found.path, taken)
            text = writer.define_enum(name, found.schema)
            if text is not None:
                taken.add(name)
                enum_aliases.append((name, text))
    documents = typed_documents(collection, writer, taken)
    fields = [
        _field_view(collection, f.path, writer) for f in collection.fields if _top_level(f.path)
    ]
    by_alias = {f.alias: f for f in fields}
    primary = by_alias[collection.primary_key]
    fixed = {"_id", collection.primary_key, collection.timestamps.updated_at}
    view = CollectionView(
        collection=collection,
        fields=fields,
        primary=primary,
        set_fields=[f for f in fields if f.alias not in fixed],
        unsettable=[f.attr for f in fields if not f.required and f.alias not in fixed],
        inc_fields=[f for f in fields if is_numeric(f.bson_types) and f.alias not in fixed],
        page_indexes=_page_indexes(collection),
        queries=[query_view(q, writer) for q in collection.queries],
    )
    view.documents = documents
    view.nested_paths = nested_filter_paths(collection, writer)
    view.imports = sorted(writer.imports)
    view.enum_aliases = enum_aliases
    return view


def _top_level(path: str) -> bool:
    return "." not in path


def _field_view(collection: Collection, path: str, writer: TypeWriter) -> FieldView:
    found = collection.field_at(path)
    assert found is not None
    base = writer.annotation(found.schema, drop_null=True)
    nullable = found.nullable or (
        isinstance(found.schema.get("enum"), list) and None in found.schema["enum"]
    )
    value_type = f"{base} | None" if nullable else base
    return FieldView(
        attr=attribute_name(path),
        alias=path,
        bson_types=found.bson_types,
        required=found.required,
        nullable=nullable,
        value_type=value_type,
        filter_type=f"{value_type} | Condition[{value_type}]",
    )


def _page_indexes(collection: Collection) -> list[PageIndexView]:
    views = [PageIndexView("_id_", (("_id", 1),), True, "None")]
    for index in collection.indexes:
        if index.is_wildcard or index.collation is not None:
            continue
        keys: list[tuple[str, int]] = []
        for name, direction in index.keys:
            found = collection.field_at(name)
            if (
                found is None
                or found.in_array
                or "array" in found.bson_types
                or not isinstance(direction, int)
            ):
                break
            keys.append((name, direction))
        else:
            partial = (
                repr(dict(index.partial_filter)) if index.partial_filter is not None else "None"
            )
            views.append(PageIndexView(index.name, tuple(keys), index.unique, partial))
    return views


def spec_fields_literal(view: CollectionView) -> list[tuple[str, str]]:
    """``(attr, FieldSpec(...) expression)`` pairs for the generated ``CollectionSpec``."""
    return [
        (
            f.attr,
            f"FieldSpec({f.alias!r}, {f.bson_types!r}, required={f.required}, nullable={f.nullable})",
        )
        for f in view.fields
    ]


def template_values(view: CollectionView) -> dict[str, Any]:
    return {"view": view, "spec_fields": spec_fields_literal(view)}


# -- a declared ledger -------------------------------------------------------------


@dataclass(frozen=True)
class LedgerView:
    """What the credit methods of a balance collection's repositories print."""

    ledger: Ledger
    entries_model: str
    entries_module: str
    method: str
    """``adjust_<balance attribute>``."""
    account_param: str
    account_type: str
    external_param: str
    related_items_attr: str
    metadata_attr: str

    @property
    def spec_fields(self) -> list[tuple[str, str]]:
        """``(keyword, name)`` pairs of the rendered ``LedgerSpec``."""
        entry = self.ledger.entry
        return [
            ("balance_collection", self.ledger.balance_collection),
            ("entries_collection", self.ledger.entries),
            ("account", self.ledger.account),
            ("balance", self.ledger.balance),
            ("changed_at", self.ledger.changed_at),
            ("entry_account", entry.account),
            ("timestamp", entry.timestamp),
            ("type", entry.type),
            ("description", entry.description),
            ("amount", entry.amount),
            ("before", entry.before),
            ("after", entry.after),
            ("external_id", entry.external_id),
            ("related_items", entry.related_items),
            ("metadata", entry.metadata),
        ]


def ledger_view(view: CollectionView, entries: Collection) -> LedgerView | None:
    """The ledger declared on ``view``'s collection (``entries`` is its entries collection);
    leaves the balance and its ``changedAt`` field out of ``set``/``inc``."""
    ledger = view.collection.ledger
    if ledger is None:
        return None
    protected = set(ledger.protected)
    view.set_fields = [f for f in view.set_fields if f.alias not in protected]
    view.inc_fields = [f for f in view.inc_fields if f.alias not in protected]
    account = next(f for f in view.fields if f.alias == ledger.account)
    return LedgerView(
        ledger=ledger,
        entries_model=entries.model_name,
        entries_module=entries.module_name,
        method=adjust_method_name(ledger),
        account_param=account.attr,
        account_type=account.value_type.removesuffix(" | None"),
        external_param=attribute_name(ledger.entry.external_id),
        related_items_attr=attribute_name(ledger.entry.related_items),
        metadata_attr=attribute_name(ledger.entry.metadata),
    )
