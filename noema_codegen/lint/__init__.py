"""The linter: MongoDB dialect errors plus project rules (warnings), as diagnostics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from noema_codegen.diagnostics import Diagnostic, Severity
from noema_codegen.lint.dialect import dialect_findings, validator_size_findings
from noema_codegen.lint.names import project_findings, source_findings
from noema_codegen.lint.project_rules import RULES
from noema_codegen.load import SchemaSource
from noema_codegen.schema_views import walk_schemas


def _owner(pointer: str, subschemas: set[str]) -> str:
    """The innermost schema position holding ``pointer`` (the root, ``""``, holds everything)."""
    while pointer and pointer not in subschemas:
        pointer = pointer.rsplit("/", 1)[0]
    return pointer


def _positions_with_errors(errors: Iterable[Diagnostic], subschemas: set[str]) -> set[str]:
    return {_owner(error.pointer, subschemas) for error in errors}


def lint_source(source: SchemaSource) -> list[Diagnostic]:
    """Dialect errors, then project rules on every schema position the dialect check accepts.

    A position with a dialect error gets only that error: the project rules read keywords
    (``bsonType``, ``enum``, ``required``...) that are only meaningful once MongoDB accepts them.
    """
    found = [
        Diagnostic(source.display_path, pointer, Severity.ERROR, rule, message)
        for pointer, rule, message in validator_size_findings(source.schema)
    ]
    found += [
        Diagnostic(source.display_path, pointer, Severity.ERROR, rule, message)
        for pointer, rule, message in dialect_findings(source.schema)
    ]
    positions = list(walk_schemas(source.schema))
    rejected = _positions_with_errors(found, {pointer for pointer, _ in positions})
    for pointer, subschema in positions:
        if pointer in rejected:
            continue
        for rule_fn in RULES:
            for where, rule, message in rule_fn(pointer, subschema):
                found.append(
                    Diagnostic(source.display_path, where, Severity.WARNING, rule, message)
                )
    found.extend(source_findings(source))
    return found


def lint_sources(sources: Sequence[SchemaSource]) -> list[Diagnostic]:
    return [d for source in sources for d in lint_source(source)] + project_findings(sources)
