"""Load schema sources: ``schemas/<collection>.json`` -> ``SchemaSource`` values.

Loading never raises for bad input: unreadable files and invalid JSON become
error diagnostics (file + line/column), so the linter can report every file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from noema_codegen.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class SchemaSource:
    """One parsed schema file. ``collection`` is the file name without ``.json``."""

    collection: str
    path: Path
    display_path: str
    schema: Mapping[str, Any]


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def load_sources(
    schema_dir: Path, root: Path | None = None
) -> tuple[list[SchemaSource], list[Diagnostic]]:
    """Parse every ``*.json`` in ``schema_dir`` (sorted by name).

    ``root`` is what displayed paths are relative to (default: the schema
    directory's parent, i.e. the project root for ``schemas/``).
    """
    root = root if root is not None else schema_dir.parent
    sources: list[SchemaSource] = []
    diagnostics: list[Diagnostic] = []
    if not schema_dir.is_dir():
        diagnostics.append(
            Diagnostic(
                _display(schema_dir, root),
                "",
                Severity.ERROR,
                "schema-dir",
                "schema directory not found: pass --schemas DIR or run from the project root",
            )
        )
        return sources, diagnostics
    paths = sorted(schema_dir.glob("*.json"))
    if not paths:
        diagnostics.append(
            Diagnostic(
                _display(schema_dir, root),
                "",
                Severity.ERROR,
                "schema-dir",
                "no *.json schema files in this directory",
            )
        )
    for path in paths:
        shown = _display(path, root)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            diagnostics.append(
                Diagnostic(shown, "", Severity.ERROR, "read", f"cannot read file: {exc}")
            )
            continue
        try:
            data = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
        except json.JSONDecodeError as exc:
            diagnostics.append(
                Diagnostic(
                    shown,
                    "",
                    Severity.ERROR,
                    "json",
                    f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                )
            )
            continue
        except ValueError as exc:
            diagnostics.append(
                Diagnostic(
                    shown,
                    "",
                    Severity.ERROR,
                    "json",
                    f"invalid JSON: {exc} (JSON objects must have unique keys)",
                )
            )
            continue
        if not isinstance(data, dict):
            diagnostics.append(
                Diagnostic(
                    shown, "", Severity.ERROR, "json", "a schema file must hold one JSON object"
                )
            )
            continue
        sources.append(SchemaSource(path.stem, path, shown, data))
    return sources, diagnostics
