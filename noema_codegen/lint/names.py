"""Errors: names the generated package cannot hold (identifier policy in ``noema_codegen.identifiers``).

* ``attribute-collision``: two properties of one object whose Python attributes would be
  equal (``userAgent`` and ``user_agent``); the model would otherwise merge or rename them.
* ``collection-name``: a collection name MongoDB refuses (file name of the schema).
* ``file-name-collision``: two collections whose generated files differ only by case or
  Unicode normalization (one would overwrite the other on a case-insensitive or
  normalization-insensitive filesystem, such as macOS's and Windows').
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from noema_codegen.diagnostics import Diagnostic, Severity, pointer_join
from noema_codegen.identifiers import attribute_name, collection_name_problem
from noema_codegen.load import SchemaSource
from noema_codegen.schema_views import walk_schemas

Finding = tuple[str, str, str]


def attribute_collisions(schema: Mapping[str, Any]) -> Iterator[Finding]:
    """Per object schema: properties whose attributes collide (the root's implicit ``_id`` too)."""
    for pointer, subschema in walk_schemas(schema):
        properties = subschema.get("properties")
        if not isinstance(properties, Mapping):
            continue
        names = [str(name) for name in properties]
        if pointer == "" and "_id" not in properties:
            names.insert(0, "_id")  # every document has one; the model adds it
        seen: dict[str, str] = {}
        for name in names:
            attribute = attribute_name(name)
            first = seen.setdefault(attribute, name)
            if first != name:
                yield (
                    pointer_join(pointer, "properties", name),
                    "attribute-collision",
                    (
                        f"properties {first!r} and {name!r} both become the Python attribute "
                        f"{attribute!r} (see docs/models.md, 'Attribute names'); rename one of "
                        "them so the model can keep both fields apart"
                    ),
                )


def source_findings(source: SchemaSource) -> list[Diagnostic]:
    return [
        Diagnostic(source.display_path, where, Severity.ERROR, rule, message)
        for where, rule, message in attribute_collisions(source.schema)
    ]


def project_findings(sources: Sequence[SchemaSource]) -> list[Diagnostic]:
    """Collection names: MongoDB's rules, and no two equal but for case."""
    found: list[Diagnostic] = []
    by_folded: dict[str, SchemaSource] = {}
    for source in sorted(sources, key=lambda s: s.collection):
        problem = collection_name_problem(source.collection)
        if problem is not None:
            found.append(
                Diagnostic(
                    source.display_path,
                    "",
                    Severity.ERROR,
                    "collection-name",
                    f"{problem}; the collection is named after the file: rename the file",
                )
            )
        folded = unicodedata.normalize("NFD", source.collection).casefold()
        other = by_folded.setdefault(folded, source)
        if other is not source:
            found.append(
                Diagnostic(
                    source.display_path,
                    "",
                    Severity.ERROR,
                    "file-name-collision",
                    f"collections {other.collection!r} ({other.display_path}) and "
                    f"{source.collection!r} differ only by case or Unicode normalization: their "
                    "generated files would overwrite each other on a case-insensitive filesystem "
                    "(macOS, Windows); rename one file",
                )
            )
    return found
