"""Render ``<package>.models`` (Pydantic v2) with datamodel-code-generator's Python API.

One ``generate()`` call per collection, in this process, unless the build cache
(``render.render_cache``, ``cache-dir``) holds that very call's output: then
datamodel-code-generator is neither run nor imported past its version. The options are explicit
(see docs/models.md for why each one is there). datamodel-code-generator formats
nothing; ruff sorts the imports and formats every module in one process
(``render.python_format``, as the repositories), so the result
depends on no configuration file and holds no timestamp. The hand-written runtime the
models import (``<package>._runtime``) is copied by ``render.package``.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Mapping
from typing import Any

from noema_codegen.bson_registry import bson_types_of
from noema_codegen.config import Config, python_version
from noema_codegen.identifiers import attribute_name
from noema_codegen.ir.model import Collection, Project
from noema_codegen.render.headers import python_header
from noema_codegen.render.model_schema import translate_collection
from noema_codegen.render.package_names import absolute
from noema_codegen.render.python_format import format_python_sources
from noema_codegen.render.render_cache import RenderCache, entry_key
from noema_codegen.runtime.field_markers import UNIQUE_ITEMS_KEY

DOCUMENT_BASE = "._runtime.document_model.DocumentModel"
EMBEDDED_BASE = "._runtime.document_model.EmbeddedModel"
PK_DEFAULT = " = Field(default_factory=ObjectId)"
OBJECT_ID_IMPORT = "from bson import ObjectId\n"


class ModelRenderError(RuntimeError):
    """datamodel-code-generator's output is not what the renderer expects (a bug here)."""


def render_models(project: Project) -> dict[str, str]:
    """``{path relative to generated/: content}`` for the ``<package>.models`` package."""
    config = project.config
    files: dict[str, str] = {}
    exports: dict[str, list[str]] = {}
    cache = RenderCache(config.cache_dir, "models")
    for collection in project.collections:
        code, class_names = _render_collection(collection, config, cache)
        files[f"{config.package}/models/{collection.module_name}.py"] = code
        exports[collection.module_name] = class_names
    files[f"{config.package}/models/__init__.py"] = _render_init(project, exports)
    files = format_python_sources(files, config)  # one formatter for all generated Python (ruff)
    return dict(sorted(files.items()))


def object_id_keys(collection: Collection) -> tuple[str, ...]:
    """``_id`` and the primary key when their declared type is objectId (or ``_id`` is not
    declared): these get ``Field(default_factory=ObjectId)``; any other ``_id`` is required."""
    properties = collection.model_schema.get("properties", {})
    keys: list[str] = []
    for key in dict.fromkeys(("_id", collection.primary_key)):
        declared = properties.get(key)
        if (key == "_id" and declared is None) or (
            isinstance(declared, Mapping) and bson_types_of(declared) == ("objectId",)
        ):
            keys.append(key)
    return tuple(keys)


def render_collection_module(collection: Collection, config: Config) -> str:
    """The model module of one collection (before ruff formats it; no cache)."""
    return _render_collection(collection, config, RenderCache(None, "models"))[0]


def _render_collection(
    collection: Collection, config: Config, cache: RenderCache
) -> tuple[str, list[str]]:
    """The module and the names of its classes."""
    keys = object_id_keys(collection)
    translated = translate_collection(collection.model_schema, collection.model_name, keys)
    schema_text = json.dumps(_qualified_types(translated.schema, config.package))
    header = python_header(
        [collection.source_file], f"Pydantic model of the {collection.name} collection."
    )
    generated = _generated(
        schema_text,
        _generator_options(collection, config, translated.property_names, header),
        cache,
        collection.module_name,
    )
    if not isinstance(generated, str):
        raise ModelRenderError(
            f"{collection.source_file}: expected one module, got {type(generated)}"
        )
    # one syntax tree for every edit (each parse of a module costs about what ruff's does)
    tree = ast.parse(generated)
    edits = _attribute_name_edits(tree, collection.source_file)
    edits += _id_default_edits(tree, collection.model_name, keys)
    code = _with_object_id_import(_apply_edits(generated, edits), collection.model_name)
    return code, [node.name for node in tree.body if isinstance(node, ast.ClassDef)]


def _generator_options(
    collection: Collection, config: Config, property_names: Iterable[str], header: str
) -> dict[str, Any]:
    """The keyword arguments of ``generate()`` besides the schema (docs/models.md says why)."""
    from datamodel_code_generator.enums import (
        DataModelType,
        InputFileType,
        TargetPydanticVersion,
    )
    from datamodel_code_generator.format import PythonVersion

    return {
        "input_file_type": InputFileType.JsonSchema,
        "output_model_type": DataModelType.PydanticV2BaseModel,
        "target_python_version": PythonVersion(python_version(config.target_version)),
        "target_pydantic_version": TargetPydanticVersion.V2_14,
        "class_name": collection.model_name,
        "base_class": absolute(EMBEDDED_BASE, config.package),
        "base_class_map": {collection.model_name: absolute(DOCUMENT_BASE, config.package)},
        # a string: LiteralType lives in a private module of datamodel-code-generator
        "enum_field_as_literal": "all",
        "use_annotated": True,
        "field_constraints": True,
        "strict_nullable": True,
        "use_missing_sentinel": True,
        "use_standard_collections": True,
        "use_union_operator": True,
        "snake_case_field": True,
        "remove_special_field_name_prefix": True,
        "use_serialization_alias": True,
        "aliases": {name: [name] for name in sorted(property_names)},
        "use_field_description": False,
        "field_extra_keys": {UNIQUE_ITEMS_KEY},
        "disable_timestamp": True,
        "custom_file_header": header.rstrip("\n"),
        "formatters": [],  # ruff formats every generated module afterwards, in one process
    }


def _generated(
    schema_text: str, options: dict[str, Any], cache: RenderCache, module: str
) -> object:
    """datamodel-code-generator's output for ``schema_text``: from ``cache`` when it holds
    this very call (input, options, generator version), else ``generate()``."""
    from datamodel_code_generator import generate, get_version

    if cache.directory is None:
        return generate(schema_text, **options)
    key = entry_key(schema_text, options, get_version())
    cached = cache.lookup(module, key)
    if cached is not None:
        return cached
    generated = generate(schema_text, **options)
    if isinstance(generated, str):
        cache.store(module, key, generated)
    return generated


def _qualified_types(schema: Any, package: str) -> Any:
    """``schema`` with every package-relative ``customTypePath`` made absolute."""
    if isinstance(schema, Mapping):
        return {
            key: absolute(value, package)
            if key == "customTypePath" and isinstance(value, str)
            else _qualified_types(value, package)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_qualified_types(item, package) for item in schema]
    return schema


Edit = tuple[int, int, int, bytes]
"""(line, start, end, replacement): columns are UTF-8 byte offsets, as ``ast`` gives them."""


def _apply_edits(code: str, edits: list[Edit]) -> str:
    """``code`` with every edit made (they do not overlap; made from the last to the first)."""
    lines = [line.encode("utf-8") for line in code.splitlines(keepends=True)]
    for line_no, start, end, text in sorted(edits, reverse=True):
        line = lines[line_no - 1]
        lines[line_no - 1] = line[:start] + text + line[end:]
    return b"".join(lines).decode("utf-8")


def _id_default_edits(tree: ast.Module, class_name: str, aliases: tuple[str, ...]) -> list[Edit]:
    """Give the objectId keys of ``class_name`` ``Field(default_factory=ObjectId)``.

    datamodel-code-generator cannot express a default factory from a schema, so the
    required fields (see ``translate_collection``) are found by their alias in the
    syntax tree and the default is inserted after their annotation.
    """
    targets = _alias_assignments(tree, class_name)
    edits: list[Edit] = []
    for alias in aliases:
        node = targets.get(alias)
        if node is None or node.value is not None:
            raise ModelRenderError(f"{class_name}: no required field with alias {alias!r}")
        line, col = node.annotation.end_lineno or 0, node.annotation.end_col_offset or 0
        edits.append((line, col, col, PK_DEFAULT.encode()))
    return edits


def _with_object_id_import(code: str, class_name: str) -> str:
    future = "from __future__ import annotations\n"
    if future not in code:
        raise ModelRenderError(f"{class_name}: no __future__ import to anchor the bson import")
    return code.replace(future, future + OBJECT_ID_IMPORT, 1)


def _attribute_name_edits(tree: ast.Module, source: str) -> list[Edit]:
    """Name every field by the identifier policy (``identifiers.attribute_name``).

    datamodel-code-generator names fields by its own rules; each field is found by its
    MongoDB name (the first ``AliasChoices`` argument) and renamed to the policy's
    attribute, with ``serialization_alias`` added where the names now differ. Lint has
    refused schemas in which two fields of one class would get the same attribute.
    """
    edits: list[Edit] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        seen: set[str] = set()
        for statement in node.body:
            if not isinstance(statement, ast.AnnAssign) or not isinstance(
                statement.target, ast.Name
            ):
                continue
            call, alias = _field_alias(statement)
            if call is None or alias is None:
                continue
            wanted = attribute_name(alias)
            if wanted in seen:
                raise ModelRenderError(f"{source}: two fields of {node.name} are {wanted!r}")
            seen.add(wanted)
            target = statement.target
            if target.id != wanted:
                start, end = target.col_offset, target.end_col_offset or target.col_offset
                edits.append((target.lineno, start, end, wanted.encode()))
            if wanted != alias and not any(k.arg == "serialization_alias" for k in call.keywords):
                first = call.keywords[0].value if call.keywords else None
                if first is None or first.lineno != call.keywords[0].lineno:
                    raise ModelRenderError(f"{source}: unexpected Field() layout in {node.name}")
                position = call.keywords[0].col_offset
                text = f"serialization_alias={alias!r}, ".encode()
                edits.append((call.keywords[0].lineno, position, position, text))
    return edits


def _field_alias(statement: ast.AnnAssign) -> tuple[ast.Call | None, str | None]:
    """The ``Field(...)`` call holding ``AliasChoices`` and its first (MongoDB) name."""
    for call in ast.walk(statement.annotation):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
            continue
        if call.func.id != "Field":
            continue
        for keyword in call.keywords:
            value = keyword.value
            if (
                keyword.arg == "validation_alias"
                and isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id == "AliasChoices"
                and value.args
                and isinstance(value.args[0], ast.Constant)
                and isinstance(value.args[0].value, str)
            ):
                return call, value.args[0].value
    return None, None


def _alias_assignments(tree: ast.Module, class_name: str) -> dict[str, ast.AnnAssign]:
    """``{MongoDB name: field assignment}`` of one class (names read from ``AliasChoices``)."""
    found: dict[str, ast.AnnAssign] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign):
                    for call in ast.walk(statement.annotation):
                        if (
                            isinstance(call, ast.Call)
                            and isinstance(call.func, ast.Name)
                            and call.func.id == "AliasChoices"
                            and call.args
                            and isinstance(call.args[0], ast.Constant)
                        ):
                            found[str(call.args[0].value)] = statement
    return found


def _render_init(project: Project, exports: dict[str, list[str]]) -> str:
    """Re-export every class; a nested class whose name another module also uses (or a
    collection's model has) is left to its module."""
    counts: dict[str, int] = {}
    for names in exports.values():
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    top_level = {c.module_name: c.model_name for c in project.collections}
    lines: list[str] = []
    exported: list[str] = []
    for module in sorted(exports):
        names = sorted(
            n
            for n in exports[module]
            if n == top_level[module] or (counts[n] == 1 and n not in top_level.values())
        )
        if names:
            lines.append(
                f"from {project.config.package}.models.{module} import {', '.join(names)}\n"
            )
            exported.extend(names)
    header = python_header(
        [c.source_file for c in project.collections], "Pydantic models of every collection."
    )
    body = '"""Pydantic models of the noema collections (one module per collection)."""\n\n'
    body += "".join(lines) + "\n"
    body += "__all__ = [\n" + "".join(f"    {json.dumps(n)},\n" for n in sorted(exported)) + "]\n"
    return header + "\n" + body
