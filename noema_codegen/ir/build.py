"""Linted schema sources -> the ``Project`` IR (with the extension's meaning checked)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from noema_codegen.config import Config
from noema_codegen.diagnostics import Diagnostic, Severity, pointer_join
from noema_codegen.identifiers import (
    class_name_problem,
    module_name_of,
    module_name_problem,
    repository_class_names,
)
from noema_codegen.ir.context import CollectionContext
from noema_codegen.ir.declarations import Declarations, parse_normalisations, parse_transitions
from noema_codegen.ir.extension_check import compile_schema
from noema_codegen.ir.extension_schema import EXTENSION_SCHEMA
from noema_codegen.ir.fields import flatten_fields
from noema_codegen.ir.index_match import serving_index
from noema_codegen.ir.indexes import parse_indexes
from noema_codegen.ir.ledger import check_ledgers, parse_ledger
from noema_codegen.ir.model import (
    DEFAULT_VALIDATION_ACTION,
    DEFAULT_VALIDATION_LEVEL,
    Collection,
    NamedQuery,
    Project,
    Reference,
    Timestamps,
)
from noema_codegen.ir.queries import parse_queries
from noema_codegen.ir.renames import parse_renames
from noema_codegen.load import SchemaSource
from noema_codegen.schema_views import VENDOR_KEY, model_schema, validator_schema

if TYPE_CHECKING:
    import jsonschema

_EXTENSION_IS_VALID = compile_schema(EXTENSION_SCHEMA)
BASE = pointer_join("", VENDOR_KEY)


def build_project(
    sources: Sequence[SchemaSource], config: Config
) -> tuple[Project | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    collections: list[Collection] = []
    for source in sources:
        collection, found = build_collection(source, config)
        diagnostics.extend(found)
        if collection is not None:
            collections.append(collection)
    collections.sort(key=lambda c: c.name)
    diagnostics.extend(_check_project(collections))
    diagnostics.extend(check_ledgers(collections))
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    return Project(tuple(collections), config), diagnostics


@cache
def _extension_validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # only for an extension the compiled check refuses: lint's start-up

    return jsonschema.Draft202012Validator(EXTENSION_SCHEMA)


def _extension_errors(extension: Any, file: str) -> list[Diagnostic]:
    """``jsonschema``'s errors, asked only when the compiled check (``ir.extension_check``,
    the same verdict without the per-file descent) says the extension is not valid."""
    if _EXTENSION_IS_VALID(extension):
        return []
    found: list[Diagnostic] = []
    for error in sorted(
        _extension_validator().iter_errors(extension), key=lambda e: list(map(str, e.absolute_path))
    ):
        pointer = pointer_join(BASE, *error.absolute_path)
        found.append(
            Diagnostic(
                file,
                pointer,
                Severity.ERROR,
                "extension",
                f"{error.message} (see docs/schema-extensions.md for the {VENDOR_KEY} vocabulary)",
            )
        )
    return found


def build_collection(
    source: SchemaSource, config: Config
) -> tuple[Collection | None, list[Diagnostic]]:
    extension = source.schema.get(VENDOR_KEY)
    if extension is None:
        message = f'add a "{VENDOR_KEY}" object with at least "model" (the Pydantic class name)'
        return None, [Diagnostic(source.display_path, "", Severity.ERROR, "extension", message)]
    errors = _extension_errors(extension, source.display_path)
    if errors:
        return None, errors
    ctx = CollectionContext(
        source.collection,
        source.display_path,
        flatten_fields(source.schema),
        config.index_prefix,
    )
    indexes = parse_indexes(extension.get("indexes", []), ctx, pointer_join(BASE, "indexes"))
    primary_key = str(extension.get("primaryKey", "_id"))
    timestamps = _timestamps(extension.get("timestamps", {}), ctx)
    declared = Declarations(
        primary_key=primary_key,
        timestamps=timestamps,
        append_only=bool(extension.get("appendOnly", False)),
        transitions=parse_transitions(extension.get("transitions", {}), ctx),
        normalisations=parse_normalisations(extension.get("normalise", {}), ctx),
    )
    queries = parse_queries(
        extension.get("queries", {}), ctx, pointer_join(BASE, "queries"), declared
    )
    for query in queries:
        if query.op != "insert_one" and serving_index(query, indexes) is None:
            ctx.error(
                query.pointer,
                "query-index",
                f"no index serves query {query.name!r}: declare an index whose keys are its equality fields, "
                "then its sort fields, then its range fields (ESR), or whose partial filter the query implies",
            )
    _check_primary_key(primary_key, indexes, ctx)
    _check_identity_updates(queries, primary_key, ctx)
    references = _references(extension.get("references", {}), ctx)
    ledger = (
        parse_ledger(extension["ledger"], ctx, indexes, queries) if "ledger" in extension else None
    )
    renames = parse_renames(
        extension.get("renamedFrom", {}), ctx, pointer_join(BASE, "renamedFrom")
    )
    model = str(extension["model"])
    module = str(extension.get("module") or module_name_of(model))
    _check_names(model, module, "module" in extension, ctx)
    collection = Collection(
        name=source.collection,
        model_name=model,
        module_name=module,
        source_file=source.display_path,
        source_schema=source.schema,
        model_schema=model_schema(source.schema),
        validator_schema=validator_schema(source.schema),
        validation_level=str(extension.get("validationLevel", DEFAULT_VALIDATION_LEVEL)),
        validation_action=str(extension.get("validationAction", DEFAULT_VALIDATION_ACTION)),
        primary_key=primary_key,
        fields=ctx.fields,
        indexes=indexes,
        references=references,
        queries=queries,
        timestamps=timestamps,
        ledger=ledger,
        renames=renames,
        append_only=declared.append_only,
        transitions=declared.transitions,
        normalisations=declared.normalisations,
    )
    return collection, ctx.diagnostics


def _check_names(model: str, module: str, explicit_module: bool, ctx: CollectionContext) -> None:
    """Model and module names the generated package can hold (``noema_codegen.identifiers``)."""
    problem = class_name_problem(model)
    if problem is not None:
        ctx.error(pointer_join(BASE, "model"), "model-name", problem)
        return
    problem = module_name_problem(module)
    if problem is not None:
        where = "module" if explicit_module else "model"
        hint = "" if explicit_module else ' (derived from the model; set "module" to override)'
        ctx.error(pointer_join(BASE, where), "module-name", problem + hint)


_UPDATE_KEYS = {
    "$set": "set",
    "$unset": "unset",
    "$inc": "inc",
    "$min": "min",
    "$max": "max",
    "$setOnInsert": "set_on_insert",
    "$push": "push",
    "$addToSet": "add_to_set",
    "$pull": "pull",
}


def _check_identity_updates(
    queries: Sequence[NamedQuery], primary_key: str, ctx: CollectionContext
) -> None:
    """A named query may not update ``_id`` or the primary key: the generated method would refuse
    every call at run time (IdentityChangeError), and the server refuses ``_id`` changes."""
    identity = {"_id", primary_key}
    for query in queries:
        for term in query.update:
            head = term.path.split(".")[0]
            if head in identity:
                key = _UPDATE_KEYS.get(term.op, term.op)
                where = (key,) if term.op == "$unset" else (key, term.path)
                ctx.error(
                    pointer_join(query.pointer, *where),
                    "query-identity",
                    f"query {query.name!r} would change {head!r}, which identifies the document: "
                    "remove it from the update (to re-key a document, insert the new one and "
                    "delete the old)",
                )


def _check_primary_key(primary_key: str, indexes: Sequence[Any], ctx: CollectionContext) -> None:
    pointer = pointer_join(BASE, "primaryKey")
    field = ctx.resolve(primary_key)
    if field is None or "." in primary_key:
        ctx.error(
            pointer,
            "primary-key",
            f"primaryKey {primary_key!r} is not a top-level field of the schema",
        )
        return
    if primary_key == "_id":
        return
    if not field.required:
        ctx.error(pointer, "primary-key", f"primaryKey {primary_key!r} must be listed in required")
    if not any(
        i.unique and i.fields == (primary_key,) and i.partial_filter is None for i in indexes
    ):
        ctx.error(
            pointer,
            "primary-key",
            f"primaryKey {primary_key!r} needs a unique index on exactly that field (no partial filter): "
            f'add {{"keys": {{"{primary_key}": 1}}, "unique": true}} to indexes',
        )


def _timestamps(raw: Mapping[str, str], ctx: CollectionContext) -> Timestamps:
    for key, path in raw.items():
        field = ctx.resolve(path)
        pointer = pointer_join(BASE, "timestamps", key)
        if field is None or "." in path:
            ctx.error(
                pointer, "timestamps", f"{key} names {path!r}, which is not a top-level field"
            )
        elif field.bson_types != ("date",):
            ctx.error(pointer, "timestamps", f"{key} field {path!r} must have bsonType date")
    return Timestamps(created_at=raw.get("createdAt"), updated_at=raw.get("updatedAt"))


def _references(raw: Mapping[str, str], ctx: CollectionContext) -> tuple[Reference, ...]:
    references: list[Reference] = []
    for path, target in raw.items():
        if ctx.resolve(path) is None:
            ctx.error(
                pointer_join(BASE, "references", path),
                "reference",
                f"reference from {path!r}: no such field",
            )
            continue
        collection, _, field = target.partition(".")
        references.append(Reference(path, collection, field))
    return tuple(references)


def _check_project(collections: Sequence[Collection]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    by_name = {c.name: c for c in collections}
    seen_models: dict[str, str] = {}
    for collection in collections:
        for label, value in (("model", collection.model_name), ("module", collection.module_name)):
            key = f"{label}:{value}"
            if key in seen_models:
                found.append(
                    Diagnostic(
                        collection.source_file,
                        pointer_join(BASE, label),
                        Severity.ERROR,
                        "extension",
                        f"{label} {value!r} is also used by {seen_models[key]}",
                    )
                )
            seen_models[key] = collection.source_file
        for name in repository_class_names(collection.model_name):
            other = seen_models.setdefault(f"class:{name}", collection.source_file)
            if other != collection.source_file:
                found.append(
                    Diagnostic(
                        collection.source_file,
                        pointer_join(BASE, "model"),
                        Severity.ERROR,
                        "model-name",
                        f"model {collection.model_name!r} makes the class {name!r}, which the "
                        f"model of {other} also makes; rename one of the models",
                    )
                )
        for reference in collection.references:
            found.extend(_check_reference(collection, reference, by_name))
    return found


def _check_reference(
    collection: Collection, reference: Reference, by_name: Mapping[str, Collection]
) -> list[Diagnostic]:
    pointer = pointer_join(BASE, "references", reference.field)

    def diag(severity: Severity, message: str) -> Diagnostic:
        return Diagnostic(collection.source_file, pointer, severity, "reference", message)

    target = by_name.get(reference.target_collection)
    if target is None:
        return [
            diag(
                Severity.ERROR,
                f"reference to unknown collection {reference.target_collection!r} "
                f"(known: {', '.join(sorted(by_name))})",
            )
        ]
    target_field = target.field_at(reference.target_field)
    source_field = collection.field_at(reference.field)
    if target_field is None or source_field is None:
        return [
            diag(
                Severity.ERROR,
                f"{reference.target_collection} has no field {reference.target_field!r}",
            )
        ]
    source_types = set(source_field.bson_types) - {"null"}
    target_types = set(target_field.bson_types) - {"null"}
    if source_types and target_types and not source_types <= target_types:
        return [
            diag(
                Severity.ERROR,
                f"type mismatch: {reference.field} is {'/'.join(sorted(source_types))} but "
                f"{reference.target_collection}.{reference.target_field} is {'/'.join(sorted(target_types))}",
            )
        ]
    keyed = reference.target_field in ("_id", target.primary_key) or any(
        i.unique and i.fields == (reference.target_field,) for i in target.indexes
    )
    if not keyed:
        return [
            diag(
                Severity.WARNING,
                f"{reference.target_collection}.{reference.target_field} is not unique: "
                "a reference should point at a primary key or a unique field",
            )
        ]
    return []
