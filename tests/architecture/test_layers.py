"""The import graph of ``noema_codegen`` points one way: no module imports from a layer above it.

The layers are those of docs/architecture.md (lowest first); the test reads every module's
imports (also the ones inside functions) with ``ast`` and names each import that climbs.
A new top-level module or package must be given a layer here and in the doc.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "noema_codegen"

LAYERS: tuple[tuple[str, ...], ...] = (
    # 0 foundation: pure, no project knowledge (the runtime is copied into generated packages)
    (
        "__init__",
        "diagnostics",
        "bson_registry",
        "identifiers",
        "strict_json",
        "atomic_write",
        "validation",
        "runtime",
    ),
    # 1 settings
    ("config",),
    # 2 source and the outside world: reading schemas and documents, opening connections
    (
        "load",
        "schema_views",
        "document_stream",
        "document_sendable",
        "document_files",
        "document_sources",
        "connection",
    ),
    # 3 checks on sources
    ("lint",),
    # 4 the intermediate representation
    ("ir",),
    # 5 the front end every command shares: load -> lint -> IR
    ("checked_project",),
    # 6 consumers of the IR: rendering, and the commands' engines that read a database
    (
        "render",
        "apply",
        "integrity",
        "document_check",
        "document_report",
        "document_progress",
        "live_scan",
        "live_check",
        "evolution",
        "migrations",
    ),
    # 7 output
    ("output_tree", "write"),
    # 8 the build pipeline: render + write
    ("pipeline",),
    # 9 presentation: diagnostics as text/JSON, click commands, the entry point
    ("diagnostic_output", "commands", "cli", "__main__"),
)
LAYER_OF = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _unit(module: str) -> str:
    """``noema_codegen.render.models`` -> ``render``; ``noema_codegen`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported ``noema_codegen`` unit) for every import in the file."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "noema_codegen":
                found += [(node.lineno, alias.name) for alias in node.names]
            elif node.module.startswith("noema_codegen."):
                found.append((node.lineno, _unit(node.module)))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, _unit(alias.name))
                for alias in node.names
                if alias.name.startswith("noema_codegen.")
            ]
    return found


def _modules() -> list[tuple[Path, str]]:
    return [
        (path, _unit(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def test_every_module_has_a_layer() -> None:
    missing = sorted({unit for _, unit in _modules() if unit not in LAYER_OF})
    assert not missing, f"give these a layer in LAYERS and docs/architecture.md: {missing}"


def test_no_module_imports_from_a_layer_above_it() -> None:
    climbing = []
    for path, unit in _modules():
        for line, target in _imports(path):
            if target in LAYER_OF and LAYER_OF[target] > LAYER_OF.get(unit, -1):
                climbing.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not climbing, "\n".join(climbing)


def test_the_runtime_imports_nothing_of_the_tool() -> None:
    """The runtime is copied into generated packages, which must not need noema-codegen."""
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path, unit in _modules()
        if unit == "runtime"
        for line, _ in _imports(path)
    ]
    assert not offenders


def test_the_layers_in_the_doc_are_the_layers_tested() -> None:
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for rank, names in enumerate(LAYERS):
        for name in names:
            assert f"`{name}`" in doc, f"docs/architecture.md does not place {name} (layer {rank})"
