"""Render ``<package>.repositories`` (sync and async typed repositories) and their runtime.

``render_repositories(project)`` returns paths relative to ``generated/``:

- ``<package>/repositories/__init__.py`` re-exporting every repository;
- ``<package>/repositories/<module_name>.py`` per collection (``XRepository`` and
  ``AsyncXRepository``), from ``templates/repositories/module.py.j2``;
- ``<package>/_runtime/<name>.py``: the hand-written runtime modules of
  ``noema_codegen/runtime`` with the generated-file header prepended.

Output is deterministic and formatted by ruff's black-compatible formatter (``Config.line_length``);
``<package>`` is ``Config.package``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from noema_codegen.ir.model import Collection, Project
from noema_codegen.render.headers import python_header, runtime_copy
from noema_codegen.render.package_names import absolute, in_package
from noema_codegen.render.python_format import format_python_sources
from noema_codegen.render.repository_context import CollectionView, build_view, template_values

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"
RUNTIME_MODULES = (
    "conditions.py",
    "document_writer.py",
    "pagination.py",
    "repository_core.py",
    "repository_base.py",
    "async_repository_base.py",
    "credit.py",
    "ledger.py",
    "async_credit.py",
)
STDLIB = ("collections", "datetime", "decimal", "typing")


@dataclass(frozen=True)
class CreditBinding:
    """The economy collection gets ``adjust_usd_credit`` writing to ``ledger_collection``."""

    economy_collection: str
    ledger_collection: str
    ledger_model: str
    ledger_module: str


def find_credit_binding(project: Project) -> CreditBinding | None:
    """The ADR-002 pair (balance ``usdCredit``; ledger with amounts, balances and a unique
    ``externalTransactionId`` index), when the project has it."""
    economy = next(
        (c for c in project.collections if _has(c, "masterAccountId", "usdCredit", "updatedAt")),
        None,
    )
    ledger = next(
        (
            c
            for c in project.collections
            if _has(
                c,
                "masterAccountId",
                "timestamp",
                "amountUsd",
                "balanceBeforeUsd",
                "balanceAfterUsd",
            )
            and any(i.unique and i.fields == ("externalTransactionId",) for i in c.indexes)
        ),
        None,
    )
    if economy is None or ledger is None:
        return None
    balance = economy.field_at("usdCredit")
    if balance is None or balance.bson_types != ("decimal",):
        return None
    return CreditBinding(economy.name, ledger.name, ledger.model_name, ledger.module_name)


def _has(collection: Collection, *paths: str) -> bool:
    return all(collection.field_at(path) is not None for path in paths)


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


def import_block(names: dict[str, set[str]], package: str) -> str:
    """``from module import a, b`` lines grouped stdlib / third party / ``package``, sorted.

    A module starting with ``.`` is relative to ``package`` (``package_names.absolute``).
    """
    merged: dict[str, set[str]] = {}
    for module, imported in names.items():
        merged.setdefault(absolute(module, package), set()).update(imported)
    groups: list[list[str]] = [[], [], []]
    for module in sorted(merged):
        group = 0 if module.split(".")[0] in STDLIB else 2 if in_package(module, package) else 1
        groups[group].append(f"from {module} import {', '.join(sorted(merged[module]))}")
    return "\n\n".join("\n".join(lines) for lines in groups if lines)


def _module_imports(view: CollectionView, credit: CreditBinding | None, package: str) -> str:
    names: dict[str, set[str]] = {
        "collections.abc": {"Iterable", "Sequence"},
        "typing": {"Any", "Literal", "TypedDict"},
        "._runtime.async_repository_base": {"AsyncRepository"},
        "._runtime.repository_base": {"Repository"},
        "._runtime.conditions": {"Condition"},
        "._runtime.pagination": {"Page"},
        "._runtime.repository_core": {
            "CollectionSpec",
            "FieldSpec",
            "PageIndex",
            "SortDirection",
            "ValueCodec",
        },
        ".models": {view.model},
    }
    for line in view.imports:
        module, _, name = line.removeprefix("from ").partition(" import ")
        names.setdefault(module, set()).add(name)
    body = "\n".join(line for q in view.queries for line in q.body)
    for helper in ("path_segment", "to_bson"):
        if f"{helper}(" in body:
            names["._runtime.repository_core"].add(helper)
    if credit is not None:
        names.setdefault("collections.abc", set()).add("Mapping")
        names.setdefault("datetime", set()).add("timedelta")
        names.setdefault("decimal", set()).add("Decimal")
        names.setdefault("bson", set()).add("ObjectId")
        names.setdefault("._runtime.document_model", set()).add("EmbeddedModel")
        names["pymongo.client_session"] = {"ClientSession"}
        names["pymongo.asynchronous.client_session"] = {"AsyncClientSession"}
        names["._runtime.async_credit"] = {
            "async_adjust_usd_credit",
            "async_check_ledger",
            "async_repair_ledger",
        }
        names["._runtime.credit"] = {"CreditResult", "LedgerSpec", "adjust_usd_credit"}
        names["._runtime.ledger"] = {
            "LedgerReport",
            "RepairReport",
            "check_ledger",
            "repair_ledger",
        }
        names[".models"].add(credit.ledger_model)
        names[f".repositories.{credit.ledger_module}"] = {"SPEC as LEDGER_MODEL_SPEC"}
    return import_block(names, package)


def render_collection(
    collection: Collection, credit: CreditBinding | None, env: jinja2.Environment, package: str
) -> str:
    binding = (
        credit if credit is not None and credit.economy_collection == collection.name else None
    )
    view = build_view(collection)
    if binding is not None:
        # the balance changes only through adjust_usd_credit, which keeps the ledger
        view.set_fields = [f for f in view.set_fields if f.alias != "usdCredit"]
        view.inc_fields = [f for f in view.inc_fields if f.alias != "usdCredit"]
    header = python_header(
        [collection.source_file], f"Typed repositories for the {collection.name} collection."
    )
    text = env.get_template("repositories/module.py.j2").render(
        header=header,
        imports=_module_imports(view, binding, package),
        credit=binding,
        **template_values(view),
    )
    return text


def runtime_sources() -> dict[str, str]:
    package = resources.files("noema_codegen.runtime")
    return {name: package.joinpath(name).read_text(encoding="utf-8") for name in RUNTIME_MODULES}


def render_repositories(project: Project) -> dict[str, str]:
    env = _environment()
    package = project.config.package
    credit = find_credit_binding(project)
    files: dict[str, str] = {}
    collections = sorted(project.collections, key=lambda c: c.module_name)
    for collection in collections:
        files[f"{package}/repositories/{collection.module_name}.py"] = render_collection(
            collection, credit, env, package
        )
    init_header = python_header(
        [c.source_file for c in collections], "Typed repositories for every collection."
    )
    init = env.get_template("repositories/__init__.py.j2").render(
        header=init_header, collections=collections, package=package
    )
    files[f"{package}/repositories/__init__.py"] = init
    files = format_python_sources(files, project.config)
    for name, source in runtime_sources().items():
        files[f"{package}/_runtime/{name}"] = runtime_copy(name, source)
    return dict(sorted(files.items()))
