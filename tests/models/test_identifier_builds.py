"""What lint passes, build renders: names, the ``_id`` default and patterns, end to end.

Each case builds a throwaway project, writes the whole generated package and runs it in
a fresh interpreter (no ``noema_db`` left in this process's ``sys.modules``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.checked_project import check_schemas
from noema_codegen.cli import main
from noema_codegen.diagnostics import Severity
from noema_codegen.identifiers import attribute_name
from noema_codegen.ir.model import Project
from noema_codegen.pipeline import render_all
from noema_codegen.render.repository_context import build_view
from tests.models.conftest import write_package
from tests.models.test_render_models import run_mypy
from tests.schema_fixtures import NOEMA, SchemaDirFactory, minimal_schema


def _build(schema: dict[str, Any], tmp: Path) -> Path:
    schemas = tmp / "schemas"
    schemas.mkdir(parents=True, exist_ok=True)
    (schemas / "things.json").write_text(json.dumps(schema), encoding="utf-8")
    project, diagnostics = check_schemas(schemas, NOEMA)
    assert project is not None, [d.format() for d in diagnostics]
    return write_package(render_all(project), tmp / "out")


def _run(package: Path, script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=package,
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


ROUND_TRIP = """
    import json, sys
    from bson import ObjectId
    import noema_db.repositories
    from noema_db.models import Thing
    names = json.loads(sys.argv[1])
    doc = {"_id": ObjectId(), "name": "n", **{k: f"v{i}" for i, k in enumerate(names)}}
    model = Thing.model_validate(doc)
    assert model.to_document() == doc, model.to_document()
    attrs = [f for f in Thing.model_fields]
    assert len(set(attrs)) == len(attrs)
    assert all(a.isidentifier() and not a.startswith("_") for a in attrs)
    print(json.dumps({k: f.serialization_alias or k for k, f in Thing.model_fields.items()}))
"""


def _round_trip(package: Path, names: list[str]) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(ROUND_TRIP), json.dumps(names)],
        cwd=package,
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, str] = json.loads(done.stdout)
    return result


HARD_NAMES = ["class", "first-name", "1st", "$x", "\U0001f642", "model_config", "copy", "self"]


def test_property_names_lint_passes_render_import_and_round_trip(tmp_path: Path) -> None:
    schema = minimal_schema()
    for name in HARD_NAMES:
        schema["properties"][name] = {"bsonType": "string"}
    schema["properties"]["field"] = {
        "bsonType": "object",
        "properties": {"json": {"bsonType": "int"}},
    }
    package = _build(schema, tmp_path)
    aliases = _round_trip(package, HARD_NAMES)
    for name in HARD_NAMES:
        assert aliases[attribute_name(name)] == name
    usage = textwrap.dedent(
        """
        from noema_db.models import Thing
        from noema_db.repositories import ThingRepository

        thing = Thing(name="n", class_="c", first_name="f", field_1st="1", x="x", copy_="c")
        value: str = thing.field_model_config if isinstance(thing.field_model_config, str) else ""
        repository: type[ThingRepository] = ThingRepository
        """
    )
    done = run_mypy(package, usage)
    assert done.returncode == 0, done.stdout + done.stderr


def test_repository_uses_the_same_attributes(tmp_path: Path) -> None:
    schema = minimal_schema()
    schema["properties"]["class"] = {"bsonType": "string"}
    schema["properties"]["first-name"] = {"bsonType": "string"}
    package = _build(schema, tmp_path)
    out = _run(
        package,
        """
        import typing
        from noema_db.repositories.thing import SPEC, ThingFilter
        print(sorted(ThingFilter.__annotations__), sorted(SPEC.fields))
        """,
    )
    assert out.split() == [
        "['class_',", "'count',", "'first_name',", "'id',", "'name']",
        "['class_',", "'count',", "'first_name',", "'id',", "'name']",
    ]  # fmt: skip


def test_two_names_with_one_attribute_are_a_lint_error_naming_both(
    make_schema_dir: SchemaDirFactory,
) -> None:
    schema = minimal_schema()
    schema["properties"]["userAgent"] = {"bsonType": "string"}
    schema["properties"]["user_agent"] = {"bsonType": "string"}
    project = make_schema_dir(things=schema)
    result = CliRunner().invoke(
        main,
        ["build", "--schemas", str(project / "schemas"), "--out", str(project / "generated")],
    )
    assert result.exit_code == 2
    line = next(x for x in result.output.splitlines() if "attribute-collision" in x)
    assert "schemas/things.json#/properties/user_agent" in line
    assert "'userAgent'" in line and "'user_agent'" in line and "rename" in line
    assert not (project / "generated").exists()


@pytest.mark.parametrize(
    ("model", "rule"),
    [
        ("Class", "module-name"),
        ("Field", "model-name"),
        ("Annotated", "model-name"),
        ("Thing\n", "model-name"),
        ("T" * 261, "model-name"),
    ],
)
def test_model_names_build_cannot_render_are_exit_2(
    make_schema_dir: SchemaDirFactory, model: str, rule: str
) -> None:
    schema = minimal_schema()
    schema["x-noema"]["model"] = model
    result = CliRunner().invoke(
        main, ["lint", "--schemas", str(make_schema_dir(things=schema) / "schemas")]
    )
    assert result.exit_code == 2
    assert f"schemas/things.json#/x-noema/model: error[{rule}]" in result.output


def test_string_id_gets_no_object_id_default(tmp_path: Path) -> None:
    """A string ``_id`` must be given: an ObjectId default would fail the validator."""
    schema = minimal_schema()
    schema["properties"]["_id"] = {"bsonType": "string"}
    out = _run(
        _build(schema, tmp_path),
        """
        import pydantic
        from noema_db.models import Thing
        try:
            Thing(name="n")
        except pydantic.ValidationError:
            print("required")
        print(Thing(id="key", name="n").to_document())
        """,
    )
    assert out.splitlines() == ["required", "{'_id': 'key', 'name': 'n'}"]


def test_object_id_keeps_its_default(tmp_path: Path) -> None:
    out = _run(
        _build(minimal_schema(), tmp_path),
        """
        from bson import ObjectId
        from noema_db.models import Thing
        print(type(Thing(name="n").id) is ObjectId)
        """,
    )
    assert out.strip() == "True"


def test_named_group_pattern_imports_and_is_pcre(tmp_path: Path) -> None:
    """MongoDB's PCRE accepts named groups and back references; ``\\d`` is ASCII there
    (PCRE without UCP, as the server compiles $jsonSchema patterns)."""
    schema = minimal_schema()
    schema["properties"]["code"] = {"bsonType": "string", "pattern": "^(?<n>a)\\k<n>$"}
    schema["properties"]["digits"] = {"bsonType": "string", "pattern": "^\\d+$"}
    out = _run(
        _build(schema, tmp_path),
        """
        import pydantic
        from noema_db.models import Thing
        for values in ({"code": "aa"}, {"code": "ab"}, {"digits": "12"}, {"digits": "\\u0661"}):
            try:
                Thing(name="n", **values)
                print("ok")
            except pydantic.ValidationError:
                print("refused")
        """,
    )
    assert out.split() == ["ok", "refused", "ok", "refused"]


def test_pattern_the_engine_cannot_run_is_left_to_the_server_with_a_warning(
    tmp_path: Path,
) -> None:
    schema = minimal_schema()
    schema["properties"]["letters"] = {"bsonType": "string", "pattern": "^\\p{L}+$"}
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "things.json").write_text(json.dumps(schema), encoding="utf-8")
    _, diagnostics = check_schemas(schemas, NOEMA)
    assert [(d.pointer, d.rule, d.severity) for d in diagnostics] == [
        ("/properties/letters/pattern", "pattern-unenforced", Severity.WARNING)
    ]
    out = _run(
        _build(schema, tmp_path),
        """
        from noema_db.models import Thing
        print(Thing(name="n", letters="123").letters)
        """,
    )
    assert out.strip() == "123"


PROPERTY_NAMES = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="\x00."), min_size=1, max_size=12),
    st.sampled_from(["class", "match", "type", "copy", "model_dump", "1st", "$x", "self", "id"]),
).filter(lambda s: s != "_id")


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(PROPERTY_NAMES, min_size=1, max_size=4, unique=True))
def test_arbitrary_property_names_error_at_the_pointer_or_round_trip(
    tmp_path_factory: pytest.TempPathFactory, names: list[str]
) -> None:
    tmp = tmp_path_factory.mktemp("names")
    schema = minimal_schema()
    for name in names:
        schema["properties"][name] = {"bsonType": "string"}
    schemas = tmp / "schemas"
    schemas.mkdir()
    (schemas / "things.json").write_text(json.dumps(schema), encoding="utf-8")
    project, diagnostics = check_schemas(schemas, NOEMA)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        declared = ["_id", *schema["properties"]]
        for error in errors:
            assert error.rule == "attribute-collision", error.format()
            name = error.pointer.removeprefix("/properties/").replace("~1", "/").replace("~0", "~")
            others = [n for n in declared if n != name]
            assert attribute_name(name) in {attribute_name(n) for n in others}
        return
    assert project is not None
    package = write_package(render_all(project), tmp / "out")
    aliases = _round_trip(package, [n for n in names if n not in ("_id", "name", "count")])
    for name in names:
        assert aliases[attribute_name(name)] == name


def test_bundled_models_and_repositories_agree_on_attributes(
    models: ModuleType, project: Project
) -> None:
    """Every field of every bundled model (nested too) is named by the policy, and the
    repository of each collection uses the model's attribute for each MongoDB name."""
    checked = 0
    for name in models.__all__:
        model = getattr(models, name)
        for attribute, info in model.model_fields.items():
            assert attribute == attribute_name(info.serialization_alias or attribute)
            checked += 1
    assert checked > 50
    for collection in project.collections:
        fields = getattr(models, collection.model_name).model_fields
        for view in build_view(collection).fields:
            assert (fields[view.attr].serialization_alias or view.attr) == view.alias
