"""Render ``<package>.repositories`` (sync and async typed repositories).

``render_repositories(project)`` returns paths relative to ``generated/``:

- ``<package>/repositories/__init__.py`` re-exporting every repository;
- ``<package>/repositories/<module_name>.py`` per collection (``XRepository`` and
  ``AsyncXRepository``), from ``noema_codegen/templates/repositories/module.py.j2``
  (loaded from the installed package with jinja2's ``PackageLoader``).

The runtime these modules import (``<package>._runtime``) is copied by ``render.package``.

Output is deterministic and formatted by ruff's black-compatible formatter (``Config.line_length``);
``<package>`` is ``Config.package``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jinja2

from noema_codegen.ir.model import Collection, Project
from noema_codegen.render.headers import python_header
from noema_codegen.render.package import declared_features
from noema_codegen.render.package_names import absolute
from noema_codegen.render.python_format import format_python_sources
from noema_codegen.render.render_cache import template_cache
from noema_codegen.render.repository_context import (
    CollectionView,
    LedgerView,
    build_view,
    ledger_view,
    template_values,
)


def _environment(cache_dir: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("noema_codegen", "templates"),
        bytecode_cache=template_cache(cache_dir),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["pyrepr"] = repr
    return env


def import_block(names: dict[str, set[str]], package: str) -> str:
    """One ``from module import a, b`` line per module; ruff sorts and groups them when the
    module is formatted (``python_format``).

    A module starting with ``.`` is relative to ``package`` (``package_names.absolute``).
    """
    merged: dict[str, set[str]] = {}
    for module, imported in names.items():
        merged.setdefault(absolute(module, package), set()).update(imported)
    return "\n".join(
        f"from {module} import {', '.join(sorted(merged[module]))}" for module in merged
    )


def _module_imports(
    view: CollectionView,
    credit: LedgerView | None,
    package: str,
    extra: dict[str, set[str]] | None = None,
) -> str:
    names: dict[str, set[str]] = {
        "collections.abc": {"AsyncIterator", "Iterable", "Iterator", "Sequence"},
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
    if any(k.required for d in view.documents for k in d.keys):
        names["typing"].add("Required")
    for line in view.imports:
        module, _, name = line.removeprefix("from ").partition(" import ")
        names.setdefault(module, set()).add(name)
    for query in view.queries:
        for module, name in query.imports:
            names.setdefault(module, set()).add(name)
    if credit is not None:
        names.setdefault("collections.abc", set()).add("Mapping")
        names.setdefault("datetime", set()).add("timedelta")
        names.setdefault("decimal", set()).add("Decimal")
        if not extra:  # related items typed as any embedded model
            names.setdefault("._runtime.document_model", set()).add("EmbeddedModel")
        names["pymongo.client_session"] = {"ClientSession"}
        names["pymongo.asynchronous.client_session"] = {"AsyncClientSession"}
        names["._runtime.async_credit"] = {
            "async_adjust_balance",
            "async_check_ledger",
            "async_repair_ledger",
        }
        names["._runtime.credit"] = {"CreditResult", "LedgerSpec", "adjust_balance"}
        names["._runtime.ledger"] = {
            "LedgerReport",
            "RepairReport",
            "check_ledger",
            "repair_ledger",
        }
        names[".models"].add(credit.entries_model)
        names[f".repositories.{credit.entries_module}"] = {"SPEC as LEDGER_MODEL_SPEC"}
    for module, imported in (extra or {}).items():
        names.setdefault(module, set()).update(imported)
    return import_block(names, package)


def _related_items_type(entries: Collection, related_items: str) -> tuple[str, dict[str, set[str]]]:
    """The annotation of a ledger entry's related items, as the entries collection's
    repository types it (its TypedDict and nested model), and the imports it needs."""
    entries_view = build_view(entries)
    found = next((f for f in entries_view.fields if f.alias == related_items), None)
    document = next((d for d in entries_view.documents if d.path == related_items), None)
    if found is None or document is None:
        return "Mapping[str, Any] | EmbeddedModel", {}
    imports = {f".repositories.{entries.module_name}": {document.name}}
    if document.model_class is not None:
        imports[f".models.{entries.module_name}"] = {document.model_class}
    return found.value_type.removesuffix(" | None"), imports


def render_collection(collection: Collection, project: Project, env: jinja2.Environment) -> str:
    view = build_view(collection)
    ledger = collection.ledger
    credit = None if ledger is None else ledger_view(view, project.get(ledger.entries))
    related_type, related_imports = (
        ("", {})
        if ledger is None
        else _related_items_type(project.get(ledger.entries), ledger.entry.related_items)
    )
    header = python_header(
        [collection.source_file], f"Typed repositories for the {collection.name} collection."
    )
    text = env.get_template("repositories/module.py.j2").render(
        header=header,
        imports=_module_imports(view, credit, project.config.package, related_imports),
        credit=credit,
        related_items_type=related_type,
        **template_values(view),
    )
    return text


def module_exports(source: str) -> list[str]:
    """The names in the ``__all__`` of a rendered repository module, sorted: the package
    ``__init__`` re-exports them all (repositories, typed filters/updates, TypedDicts of
    embedded documents, ``Literal`` aliases).

    Only the text before ``__all__`` (header, docstring, imports) and the ``__all__ = [...]``
    statement are parsed: parsing whole modules was a third of rendering the repositories.
    The part before must parse (so the statement is not inside a string) and assign no
    ``__all__``, the list must end its line at its first ``]``; otherwise the whole module.
    """
    found = _ALL_STATEMENT.search(source)
    if found is not None:
        end = source.find("]", found.end())
        line_end = source.find("\n", end) if end >= 0 else -1
        if end >= 0 and not source[end + 1 : None if line_end < 0 else line_end].strip():
            try:
                before = ast.parse(source[: found.start()])
                names = _all_names(ast.parse(source[found.start() : end + 1]))
            except SyntaxError:
                names = None
            else:
                names = None if _all_names(before) is not None else names
            if names is not None:
                return names
    return _all_names(ast.parse(source)) or []


_ALL_STATEMENT = re.compile(r"^__all__ = \[", re.MULTILINE)


def _all_names(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List)
        ):
            return sorted(
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            )
    return None


def render_repositories(project: Project) -> dict[str, str]:
    env = _environment(project.config.cache_dir)
    package = project.config.package
    files: dict[str, str] = {}
    collections = sorted(project.collections, key=lambda c: c.module_name)
    for collection in collections:
        files[f"{package}/repositories/{collection.module_name}.py"] = render_collection(
            collection, project, env
        )
    init_header = python_header(
        [c.source_file for c in collections], "Typed repositories for every collection."
    )
    init = env.get_template("repositories/__init__.py.j2").render(
        header=init_header,
        collections=collections,
        exports={
            c.module_name: module_exports(files[f"{package}/repositories/{c.module_name}.py"])
            for c in collections
        },
        ledger="ledger" in declared_features(project),
        package=package,
    )
    files[f"{package}/repositories/__init__.py"] = init
    return dict(sorted(format_python_sources(files, project.config).items()))
