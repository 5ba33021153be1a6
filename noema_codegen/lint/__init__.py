"""The linter: MongoDB dialect errors plus project rules (warnings), as diagnostics."""

from __future__ import annotations

from collections.abc import Sequence

from noema_codegen.diagnostics import Diagnostic, Severity
from noema_codegen.lint.dialect import dialect_findings
from noema_codegen.lint.names import project_findings, source_findings
from noema_codegen.lint.project_rules import RULES
from noema_codegen.load import SchemaSource
from noema_codegen.schema_views import walk_schemas


def lint_source(source: SchemaSource) -> list[Diagnostic]:
    found = [
        Diagnostic(source.display_path, pointer, Severity.ERROR, rule, message)
        for pointer, rule, message in dialect_findings(source.schema)
    ]
    for pointer, subschema in walk_schemas(source.schema):
        for rule_fn in RULES:
            for where, rule, message in rule_fn(pointer, subschema):
                found.append(
                    Diagnostic(source.display_path, where, Severity.WARNING, rule, message)
                )
    found.extend(source_findings(source))
    return found


def lint_sources(sources: Sequence[SchemaSource]) -> list[Diagnostic]:
    return [d for source in sources for d in lint_source(source)] + project_findings(sources)
