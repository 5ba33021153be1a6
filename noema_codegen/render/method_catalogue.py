"""A Markdown catalogue of every public method of the generated repositories.

It is read from the rendered Python itself (``ast``), not restated: what the table lists is
what the package defines. The operation a named query serves in the application's own
vocabulary comes from its ``x-noema.queries.<name>.serves`` (docs/schema-extensions.md).
docs/repositories.md embeds the catalogue of the bundled schemas between two markers, and
``tests/repositories/test_method_catalogue.py`` fails when it is stale
(``NOEMA_REGENERATE=1`` rewrites it).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from noema_codegen.ir.model import Project

BEGIN = "<!-- BEGIN method catalogue (generated: NOEMA_REGENERATE=1 pytest tests/repositories/test_method_catalogue.py) -->"
END = "<!-- END method catalogue -->"


def _call(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """``name(a, b, c=…, *, d=…)``: parameter names, ``=…`` where there is a default."""
    args = function.args
    positional = [a.arg for a in args.args if a.arg != "self"]
    with_default = len(args.defaults)
    shown = [
        f"{name}=…" if i >= len(positional) - with_default else name
        for i, name in enumerate(positional)
    ]
    if args.kwonlyargs:
        shown.append("*")
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            shown.append(arg.arg if default is None else f"{arg.arg}=…")
    return f"{function.name}({', '.join(shown)})"


def _summary(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    doc = ast.get_docstring(function) or ""
    first = " ".join(doc.split("\n\n")[0].split())
    return first.replace("|", "\\|")


def repository_methods(source: str, class_name: str) -> list[tuple[str, str, str]]:
    """``(name, call, summary)`` of each public method of ``class_name`` in ``source``."""
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return [
                (item.name, _call(item), _summary(item))
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                and not item.name.startswith("_")
            ]
    raise LookupError(f"no class {class_name} in the rendered module")


def method_catalogue(project: Project, modules: Mapping[str, str]) -> str:
    """The catalogue of ``project``'s repositories; ``modules`` maps each collection's module
    name to its rendered ``repositories/<module>.py`` source."""
    lines = [
        "| collection | method | serves | what it does |",
        "|---|---|---|---|",
    ]
    for collection in sorted(project.collections, key=lambda c: c.name):
        serves = {q.name: q.serves for q in collection.queries if q.serves}
        for query in collection.queries:
            if query.serves and query.op == "find_many":
                serves[f"{query.name}_page"] = query.serves
        class_name = f"{collection.model_name}Repository"
        for name, call, summary in repository_methods(modules[collection.module_name], class_name):
            lines.append(f"| {collection.name} | `{call}` | {serves.get(name, '')} | {summary} |")
    return "\n".join(lines) + "\n"


def embed(document: str, catalogue: str) -> str:
    """``document`` with the text between the markers replaced by ``catalogue``."""
    start = document.index(BEGIN) + len(BEGIN)
    stop = document.index(END, start)
    return document[:start] + "\n\n" + catalogue + "\n" + document[stop:]
