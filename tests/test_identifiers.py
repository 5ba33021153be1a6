"""The identifier policy (``noema_codegen.identifiers``): MongoDB names -> Python names, and name checks."""

from __future__ import annotations

import ast
import keyword
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from noema_codegen.bson_registry import RECORDS
from noema_codegen.identifiers import (
    IMPORTED_NAMES,
    attribute_name,
    class_name,
    class_name_problem,
    collection_name_problem,
    enum_alias_name,
    module_name_problem,
)
from noema_codegen.runtime.document_model import DocumentModel

BOUNDED = settings(max_examples=300, deadline=None, derandomize=True)
FIELD_NAMES = st.one_of(
    st.text(max_size=24),
    st.sampled_from(
        sorted({*keyword.kwlist, *keyword.softkwlist, *dir(BaseModel), "_id", "id", "self", "set"})
    ),
    st.from_regex(r"[0-9$_A-Za-z.\-]{1,12}", fullmatch=True),
)


@pytest.mark.parametrize(
    ("field", "attribute"),
    [
        ("_id", "id"),
        ("userAgent", "user_agent"),
        ("user_agent", "user_agent"),
        ("platformSpecificRunId", "platform_specific_run_id"),
        ("HTTPStatus", "http_status"),
        ("class", "class_"),
        ("first-name", "first_name"),
        ("1st", "field_1st"),
        ("$x", "x"),
        ("\U0001f642", "u1f642_"),
        ("model_config", "field_model_config"),
        ("modelConfig", "field_model_config"),
        ("copy", "copy_"),
        ("json", "json_"),
        ("fields", "fields_"),
        ("self", "self_"),
        ("list", "list_"),
        ("type", "type"),
        ("__init__", "init__"),
        ("", "field"),
        ("_", "field"),
    ],
)
def test_examples(field: str, attribute: str) -> None:
    assert attribute_name(field) == attribute


def _usable(name: str) -> bool:
    return (
        name.isidentifier()
        and name.isascii()
        and not keyword.iskeyword(name)
        and not name.startswith(("_", "model_"))
        and name not in {n for n in dir(DocumentModel) if not n.startswith("_")}
    )


@BOUNDED
@given(FIELD_NAMES)
def test_every_name_gets_a_usable_attribute(field: str) -> None:
    attribute = attribute_name(field)
    assert _usable(attribute), (field, attribute)


@BOUNDED
@given(FIELD_NAMES)
def test_the_policy_is_idempotent(field: str) -> None:
    """An attribute maps to itself: a property named like another's attribute collides
    with it (lint reports the pair) instead of silently taking a third name."""
    attribute = attribute_name(field)
    assert attribute_name(attribute) == attribute


@BOUNDED
@given(FIELD_NAMES)
def test_nested_class_names_never_shadow_imports(field: str) -> None:
    name = class_name(field)
    assert name.isidentifier() and name.isascii() and name[0].isupper()
    assert name not in IMPORTED_NAMES


def test_enum_alias_avoids_the_names_the_repository_module_defines() -> None:
    assert enum_alias_name("Thing", "endReason", set()) == "ThingEndReason"
    assert enum_alias_name("Thing", "field", set()) == "ThingFieldValues"
    assert enum_alias_name("Thing", "a_b", {"ThingAB"}) == "ThingABValues"


@pytest.mark.parametrize(
    "model",
    ["Field", "Annotated", "Foo\n", "A" * 261, "foo", "Foo-Bar", "Caf\u00e9", "SPEC"],
)
def test_model_names_the_package_cannot_hold(model: str) -> None:
    assert class_name_problem(model) is not None


def test_model_name_class_is_refused_through_its_module() -> None:
    """``Class`` is a valid class name but its module ``class`` is a keyword."""
    assert module_name_problem("class") is not None
    assert module_name_problem("user_session") is None
    assert class_name_problem("UserSession") is None


# MongoDB's rules: src/mongo/db/namespace_string.h / namespace_string.cpp
# (NamespaceString::validCollectionName: not empty, no '$', no NUL, not starting with '.';
# 'system.' collections are reserved) and the 255-byte namespace limit for FCV >= 4.4
# (docs: source/includes/fact-collection-namespace-limit.rst in mongodb/docs).
@pytest.mark.parametrize(
    "name", ["", "a$b", "$cmd", "a\x00b", "system.users", "system.js", ".a", "x" * 254]
)
def test_collection_names_mongodb_refuses(name: str) -> None:
    assert collection_name_problem(name) is not None


@pytest.mark.parametrize("name", ["users", "userSessions", "a.b", "x" * 253, "caf\u00e9"])
def test_collection_names_mongodb_accepts(name: str) -> None:
    assert collection_name_problem(name) is None


def test_namespace_limit_counts_utf8_bytes() -> None:
    assert collection_name_problem("\u00e9" * 126) is None  # 252 bytes
    assert collection_name_problem("\u00e9" * 127) is not None  # 254 bytes


def _imported_class_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        and node.module not in ("__future__",)
        and not str(node.module).startswith(("noema_db.models", "noema_db.repositories"))
        for alias in node.names
        if (alias.asname or alias.name)[:1].isupper()
    }


def test_imported_names_cover_what_generated_modules_import(root: Path) -> None:
    """A model class may take no name the generated modules import (checked on the
    committed output, and every runtime type a model can use)."""
    imported: set[str] = set()
    for package in ("models", "repositories"):
        for path in (root / "generated" / "noema_db" / package).glob("*.py"):
            imported |= _imported_class_names(path)
    assert imported, "no generated module found"
    assert imported <= IMPORTED_NAMES, sorted(imported - IMPORTED_NAMES)
    runtime_types = {r.runtime_type for r in RECORDS if r.runtime_type is not None}
    assert runtime_types <= IMPORTED_NAMES
