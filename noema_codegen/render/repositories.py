"""Render ``noema_db.repositories`` (sync and async typed repositories) and their runtime.

``render_repositories(project)`` returns paths relative to ``generated/``:

- ``noema_db/repositories/__init__.py`` re-exporting every repository;
- ``noema_db/repositories/<module_name>.py`` per collection (``XRepository`` and
  ``AsyncXRepository``), from ``templates/repositories/module.py.j2``;
- ``noema_db/_runtime/<name>.py``: the hand-written runtime modules of
  ``noema_codegen/runtime`` with the generated-file header prepended: the generic ones
  (``RUNTIME_MODULES``) plus those of each declared feature (``FEATURE_RUNTIME_MODULES``;
  today the ``x-noema.ledger`` declaration's credit/ledger modules).

Output is deterministic and formatted by ruff's black-compatible formatter (line length 100).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

from noema_codegen.ir.model import Collection, Project
from noema_codegen.render.headers import python_header, runtime_copy
from noema_codegen.render.python_format import format_python_sources
from noema_codegen.render.repository_context import (
    CollectionView,
    LedgerView,
    build_view,
    ledger_view,
    template_values,
)

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"
RUNTIME_MODULES = (
    "conditions.py",
    "document_writer.py",
    "pagination.py",
    "repository_core.py",
    "repository_base.py",
    "async_repository_base.py",
)
"""The generic runtime every generated package holds."""
FEATURE_RUNTIME_MODULES: dict[str, tuple[str, ...]] = {
    "ledger": ("credit.py", "ledger.py", "async_credit.py"),
}
"""The runtime of each declared feature (``x-noema`` key), copied only when a schema declares it."""
STDLIB = ("collections", "datetime", "decimal", "typing")


def declared_features(project: Project) -> tuple[str, ...]:
    """The ``FEATURE_RUNTIME_MODULES`` keys the project's schemas declare."""
    return ("ledger",) if project.ledgers else ()


def runtime_modules(project: Project) -> tuple[str, ...]:
    """The runtime files copied into this project's package: generic plus declared features'."""
    modules = list(RUNTIME_MODULES)
    for feature in declared_features(project):
        modules.extend(FEATURE_RUNTIME_MODULES[feature])
    return tuple(modules)


def _environment() -> jinja2.Environment:
    if not (TEMPLATE_DIR / "repositories" / "module.py.j2").is_file():
        raise RuntimeError(
            f"repository templates not found in {TEMPLATE_DIR}: run noema-codegen from a checkout "
            "(or an editable install) of the project, which has templates/ next to noema_codegen/"
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["pyrepr"] = repr
    return env


def import_block(names: dict[str, set[str]]) -> str:
    """``from module import a, b`` lines grouped stdlib / third party / noema_db, sorted."""
    groups: list[list[str]] = [[], [], []]
    for module in sorted(names):
        group = 0 if module.split(".")[0] in STDLIB else 2 if module.startswith("noema_db") else 1
        groups[group].append(f"from {module} import {', '.join(sorted(names[module]))}")
    return "\n\n".join("\n".join(lines) for lines in groups if lines)


def _module_imports(view: CollectionView, credit: LedgerView | None) -> str:
    names: dict[str, set[str]] = {
        "collections.abc": {"Iterable", "Sequence"},
        "typing": {"Any", "Literal", "TypedDict"},
        "noema_db._runtime.async_repository_base": {"AsyncRepository"},
        "noema_db._runtime.repository_base": {"Repository"},
        "noema_db._runtime.conditions": {"Condition"},
        "noema_db._runtime.pagination": {"Page"},
        "noema_db._runtime.repository_core": {
            "CollectionSpec",
            "FieldSpec",
            "PageIndex",
            "SortDirection",
            "ValueCodec",
        },
        "noema_db.models": {view.model},
    }
    for line in view.imports:
        module, _, name = line.removeprefix("from ").partition(" import ")
        names.setdefault(module, set()).add(name)
    body = "\n".join(line for q in view.queries for line in q.body)
    for helper in ("path_segment", "to_bson"):
        if f"{helper}(" in body:
            names["noema_db._runtime.repository_core"].add(helper)
    if credit is not None:
        names.setdefault("collections.abc", set()).add("Mapping")
        names.setdefault("datetime", set()).add("timedelta")
        names.setdefault("decimal", set()).add("Decimal")
        names.setdefault("noema_db._runtime.document_model", set()).add("EmbeddedModel")
        names["pymongo.client_session"] = {"ClientSession"}
        names["pymongo.asynchronous.client_session"] = {"AsyncClientSession"}
        names["noema_db._runtime.async_credit"] = {
            "async_adjust_balance",
            "async_check_ledger",
            "async_repair_ledger",
        }
        names["noema_db._runtime.credit"] = {"CreditResult", "LedgerSpec", "adjust_balance"}
        names["noema_db._runtime.ledger"] = {
            "LedgerReport",
            "RepairReport",
            "check_ledger",
            "repair_ledger",
        }
        names["noema_db.models"].add(credit.entries_model)
        names[f"noema_db.repositories.{credit.entries_module}"] = {"SPEC as LEDGER_MODEL_SPEC"}
    return import_block(names)


def render_collection(collection: Collection, project: Project, env: jinja2.Environment) -> str:
    view = build_view(collection)
    ledger = collection.ledger
    credit = None if ledger is None else ledger_view(view, project.get(ledger.entries))
    header = python_header(
        [collection.source_file], f"Typed repositories for the {collection.name} collection."
    )
    text = env.get_template("repositories/module.py.j2").render(
        header=header,
        imports=_module_imports(view, credit),
        credit=credit,
        **template_values(view),
    )
    return text


def runtime_sources(project: Project) -> dict[str, str]:
    package = resources.files("noema_codegen.runtime")
    return {
        name: package.joinpath(name).read_text(encoding="utf-8")
        for name in runtime_modules(project)
    }


def render_repositories(project: Project) -> dict[str, str]:
    env = _environment()
    files: dict[str, str] = {}
    collections = sorted(project.collections, key=lambda c: c.module_name)
    for collection in collections:
        files[f"noema_db/repositories/{collection.module_name}.py"] = render_collection(
            collection, project, env
        )
    init_header = python_header(
        [c.source_file for c in collections], "Typed repositories for every collection."
    )
    init = env.get_template("repositories/__init__.py.j2").render(
        header=init_header, collections=collections, ledger="ledger" in declared_features(project)
    )
    files["noema_db/repositories/__init__.py"] = init
    files = format_python_sources(files)
    for name, source in runtime_sources(project).items():
        files[f"noema_db/_runtime/{name}"] = runtime_copy(name, source)
    return dict(sorted(files.items()))
