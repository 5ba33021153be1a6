"""``render_models``: files, headers, determinism, typing of the generated package."""

from __future__ import annotations

import hashlib
import importlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from noema_codegen.checked_project import load_project
from noema_codegen.ir.model import Project
from noema_codegen.render.headers import python_header
from noema_codegen.render.model_schema import translate_collection
from noema_codegen.render.models import render_models
from noema_codegen.validation import compile_schema
from tests.models.conftest import ROOT, write_package
from tests.models.test_validator_agreement import CANDIDATES, variant
from tests.schema_fixtures import NOEMA, SchemaDirFactory

TOP_LEVEL = (
    "GenerationOutput",
    "Transaction",
    "UserCore",
    "UserEconomy",
    "UserEvent",
    "UserPreferences",
    "UserSession",
)
NESTED = ("ApiKey", "ArtifactUrl", "Award", "ErrorDetails", "Profile", "RelatedItems", "Wallet")


def test_files_are_the_models_package(rendered: dict[str, str], project: Project) -> None:
    expected = {f"noema_db/models/{c.module_name}.py" for c in project.collections}
    expected |= {"noema_db/models/__init__.py"}
    assert set(rendered) == expected  # the runtime copy is render.package's (tests/packaging)


def test_each_module_names_its_source_schema_and_says_it_is_generated(
    rendered: dict[str, str], project: Project
) -> None:
    for collection in project.collections:
        text = rendered[f"noema_db/models/{collection.module_name}.py"]
        assert text.startswith(python_header([collection.source_file], text.splitlines()[1][2:]))
        assert f"# Source schema: {collection.source_file}\n" in text
        assert "DO NOT EDIT" in text.splitlines()[0]
        assert "datamodel-codegen" not in text and "filename:" not in text
        assert f"class {collection.model_name}(DocumentModel):" in text


def test_two_renders_are_byte_identical(rendered: dict[str, str], project: Project) -> None:
    assert render_models(project) == rendered


def test_a_fresh_process_renders_the_same_bytes(rendered: dict[str, str]) -> None:
    script = textwrap.dedent(
        """
        import hashlib, json, sys
        from pathlib import Path
        from noema_codegen.config import load_config
        from noema_codegen.checked_project import load_project
        from noema_codegen.render.models import render_models
        config = load_config(Path(sys.argv[1]).parent)
        files = render_models(load_project(Path(sys.argv[1]), config))
        print(json.dumps({k: hashlib.sha256(v.encode()).hexdigest() for k, v in files.items()}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "schemas")],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    expected = {k: hashlib.sha256(v.encode()).hexdigest() for k, v in rendered.items()}
    assert json.loads(done.stdout) == expected


def test_init_re_exports_every_model(models: Any) -> None:
    for name in TOP_LEVEL + NESTED:
        assert name in models.__all__
        assert getattr(models, name).__name__ == name
    assert models.UserCore.__mro__[1].__name__ == "DocumentModel"
    assert models.Wallet.__mro__[1].__name__ == "EmbeddedModel"


USAGE = """
from datetime import datetime
from decimal import Decimal

from bson import ObjectId
from pydantic import MISSING

from noema_db.models import ApiKey, UserCore, UserEconomy, UserSession

now = datetime(2025, 1, 1)
session = UserSession(
    master_account_id=ObjectId(),
    start_time=now,
    platform="web",
    is_active=True,
    last_user_activity_timestamp=now,
)
session_id: ObjectId = session.session_id
end: datetime | None = None if session.end_time is MISSING else session.end_time
user = UserCore(
    platform_identities={"web": "ada"},
    user_creation_timestamp=now,
    updated_at=now,
    api_keys=[ApiKey(key_hash="h", label="l", created_at=now)],
)
economy = UserEconomy(
    master_account_id=user.id, usd_credit=Decimal("1.5"), exp=3, created_at=now, updated_at=now
)
credit: Decimal = economy.usd_credit
document: dict[str, object] = economy.to_document()
again: UserEconomy = UserEconomy.from_document(document)
"""

BAD_USAGE = """
from datetime import datetime
from noema_db.models import UserSession

UserSession(masterAccountId=1, start_time="x", platform="web", is_active=True,
            last_user_activity_timestamp=datetime(2025, 1, 1))
"""


def run_mypy(package_dir: Path, usage: str) -> subprocess.CompletedProcess[str]:
    (package_dir / "usage.py").write_text(usage, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--config-file=",
            "noema_db",
            "usage.py",
        ],
        cwd=package_dir,
        capture_output=True,
        text=True,
        check=False,
    )


def test_generated_package_passes_mypy_strict_with_construction_by_attribute_name(
    rendered: dict[str, str], tmp_path: Path
) -> None:
    package = write_package(rendered, tmp_path)
    done = run_mypy(package, USAGE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_catches_wrong_names_and_types(rendered: dict[str, str], tmp_path: Path) -> None:
    package = write_package(rendered, tmp_path)
    done = run_mypy(package, BAD_USAGE)
    assert done.returncode == 1
    assert 'Unexpected keyword argument "masterAccountId"' in done.stdout
    assert '"start_time"' in done.stdout


def test_translation_reports_what_the_model_does_not_check() -> None:
    schema = {
        "bsonType": "object",
        "properties": {
            "tags": {"bsonType": "array", "uniqueItems": True, "items": {"bsonType": "string"}},
            "grid": {
                "bsonType": "array",
                "items": {"bsonType": "array", "uniqueItems": True},
            },
            "code": {"bsonType": "string", "pattern": "^[A-Z]+$"},
            "letters": {"bsonType": "string", "pattern": "^\\p{L}+$"},
            "score": {"bsonType": "int", "minimum": 0},
        },
    }
    translated = translate_collection(schema, "Thing", ("_id",))
    assert "_id" in translated.schema["properties"]  # added: every document has one
    assert translated.schema["required"] == ["_id"]
    notes = "\n".join(translated.unenforced)
    assert "/properties/grid/items/uniqueItems" in notes  # not a field: not checked
    assert "tags" not in notes  # a field array: checked by EmbeddedModel
    assert "code" not in notes  # PCRE translated to Python re, checked
    assert translated.schema["properties"]["code"]["pattern"] == "(?a)^[A-Z]+$"
    assert "/properties/letters/pattern" in notes  # \p{L}: only the server runs it
    assert "score" not in notes  # numeric bounds are checked (ge=0)


SYNTHETIC: dict[str, Any] = {
    "bsonType": "object",
    "required": ["_id", "ratio", "kind"],
    "additionalProperties": False,
    "properties": {
        "_id": {"bsonType": "objectId"},
        "ratio": {"bsonType": "double"},
        "amount": {"bsonType": "number"},
        "blob": {"bsonType": "binData"},
        "seen": {"bsonType": "timestamp"},
        "kind": {"bsonType": ["string", "null"], "enum": ["a", "b", None]},
        "name": {"bsonType": "string", "minLength": 2, "maxLength": 5},
        "counts": {"bsonType": "array", "items": {"bsonType": "int"}, "maxItems": 2},
        "labels": {"bsonType": "object", "additionalProperties": {"bsonType": "long"}},
        "score": {"bsonType": "int", "minimum": 0, "maximum": 10, "exclusiveMaximum": True},
        "price": {"bsonType": ["decimal", "null"], "minimum": 0, "exclusiveMinimum": True},
        "code": {"bsonType": ["string", "null"], "maxLength": 3},
        "when": {"bsonType": ["date", "null"]},
        "tags": {
            "bsonType": "array",
            "uniqueItems": True,
            "items": {"bsonType": ["int", "double", "bool", "object"]},
        },
    },
    "x-noema": {"model": "Gadget"},
}


def test_other_bson_types_and_constraints(
    make_schema_dir: SchemaDirFactory, tmp_path: Path
) -> None:
    from datetime import datetime

    from bson import Binary, Decimal128, Int64, ObjectId, Timestamp
    from pydantic import ValidationError

    project = load_project(make_schema_dir(gadgets=SYNTHETIC) / "schemas", NOEMA)
    files = render_models(project)
    package = write_package(files, tmp_path / "out")
    assert run_mypy(package, "from noema_db.models import Gadget\n").returncode == 0
    saved = {k: v for k, v in sys.modules.items() if k.startswith("noema_db")}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(package))
    try:
        gadget_cls = importlib.import_module("noema_db.models").Gadget
        doc = {
            "_id": ObjectId(),
            "ratio": 0.5,
            "amount": 3,
            "blob": b"\x00",
            "seen": Timestamp(1, 1),
            "kind": None,
            "name": "abc",
            "counts": [1, 2],
            "labels": {"x": Int64(1)},
            "score": 9,
            "price": Decimal128("0.01"),
            "code": None,
            "when": datetime(2025, 1, 1),
            "tags": [1, 2.5, True, {"a": 1, "b": 2}],
        }
        gadget = gadget_cls.from_document(doc)
        assert gadget.to_document() == doc
        assert type(gadget.to_document()["labels"]["x"]) is Int64
        for bad in (
            {"ratio": 1},
            {"kind": "c"},
            {"name": "a"},
            {"name": "abcdef"},
            {"counts": [1, 2, 3]},
            {"counts": [2**31]},
            {"blob": "00"},
            {"extra": 1},
            {"score": 10},
            {"score": -1},
            {"price": Decimal128("0")},
            {"code": "abcd"},
        ):
            with pytest.raises(ValidationError):
                gadget_cls.from_document(doc | bad)
        assert gadget_cls.from_document(doc | {"blob": Binary(b"\x01", 4)}).blob.subtype == 4
        validator = compile_schema(project.get("gadgets").validator_schema)
        disagreements = []
        for key in doc:
            for value in CANDIDATES:
                candidate = variant(doc, (key,), value)
                try:
                    gadget_cls.from_document(candidate)
                    model_accepts = True
                except ValidationError:
                    model_accepts = False
                if model_accepts != validator.is_valid(candidate):
                    disagreements.append((key, value))
        for tags in (
            [1, 1.0],
            [True, 1],
            [False, 0, 0.5],
            [{"a": 1, "b": 2}, {"b": 2, "a": 1}],
            [{"a": 1}, {"a": 1.0}],
            [{"a": True}, {"a": 1}],
        ):
            candidate = doc | {"tags": tags}
            try:
                gadget_cls.from_document(candidate)
                model_accepts = True
            except ValidationError:
                model_accepts = False
            assert model_accepts == validator.is_valid(candidate), tags
        # the documented exception: a plain int (stored int32) read into a long (map value)
        assert disagreements == [("labels", {"a": 1})]
    finally:
        sys.path.remove(str(package))
        for name in [k for k in sys.modules if k.startswith("noema_db")]:
            del sys.modules[name]
        sys.modules.update(saved)


def test_nested_names_shared_by_two_modules_are_left_to_their_modules(
    make_schema_dir: SchemaDirFactory,
) -> None:
    def with_profile(model: str) -> dict[str, Any]:
        return {
            "bsonType": "object",
            "properties": {
                "_id": {"bsonType": "objectId"},
                "profile": {"bsonType": "object", "properties": {"bio": {"bsonType": "string"}}},
                "address": {"bsonType": "object", "properties": {"city": {"bsonType": "string"}}},
            },
            "x-noema": {"model": model},
        }

    one, two = with_profile("Person"), with_profile("Pet")
    del two["properties"]["address"]
    project = load_project(make_schema_dir(people=one, pets=two) / "schemas", NOEMA)
    init = render_models(project)["noema_db/models/__init__.py"]
    people, pets = project.get("people").module_name, project.get("pets").module_name
    assert f"from noema_db.models.{people} import Address, Person\n" in init
    assert f"from noema_db.models.{pets} import Pet\n" in init
    assert '"Profile"' not in init
