"""The nested model classes the repositories name are the classes the models module defines;
where two embedded objects would share a class title the value is typed ``EmbeddedModel``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from noema_codegen.checked_project import load_project
from noema_codegen.render.models import render_models
from noema_codegen.render.repositories import render_repositories
from tests.schema_fixtures import NOEMA, minimal_schema

ROOT = Path(__file__).resolve().parents[2]


def _imported_model_classes(source: str, module: str) -> set[str]:
    found: set[str] = set()
    pattern = rf"from noema_db\.models\.{module} import \(?([\w,\s]+?)\)?\n"
    for match in re.finditer(pattern, source):
        found.update(n.strip() for n in match.group(1).split(",") if n.strip())
    return found


def test_named_nested_classes_exist_in_the_models_module() -> None:
    project = load_project(ROOT / "schemas", NOEMA)
    models = render_models(project)
    rendered = render_repositories(project)
    checked = 0
    for collection in project.collections:
        source = rendered[f"noema_db/repositories/{collection.module_name}.py"]
        model_code = models[f"noema_db/models/{collection.module_name}.py"]
        for name in _imported_model_classes(source, collection.module_name):
            assert re.search(rf"^class {name}\(EmbeddedModel\):", model_code, re.MULTILINE), name
            checked += 1
    assert checked >= 6  # Wallet, ApiKey, Award, Profile, RelatedItems, ArtifactUrl, ...


def test_a_shared_title_falls_back_to_embedded_model(tmp_path: Path) -> None:
    schema = minimal_schema()
    meta = {"bsonType": "object", "properties": {"source": {"bsonType": "string"}}}
    other_meta = {"bsonType": "object", "properties": {"origin": {"bsonType": "int"}}}
    schema["properties"]["meta"] = meta
    schema["properties"]["parts"] = {
        "bsonType": "array",
        "items": {"bsonType": "object", "properties": {"meta": other_meta}},
    }
    (tmp_path / "things.json").write_text(json.dumps(schema), encoding="utf-8")
    project = load_project(tmp_path, NOEMA)
    models = render_models(project)
    source = render_repositories(project)["noema_db/repositories/thing.py"]
    model_code = next(text for path, text in models.items() if path.endswith("/thing.py"))
    assert re.search(r"^class Part\(EmbeddedModel\):", model_code, re.MULTILINE)
    # both objects are titled "Meta": the generator numbers one, so neither is named
    assert "ThingMeta | EmbeddedModel" in source
    assert "ThingPartsMeta | EmbeddedModel" in source
    assert "ThingPartsItem | Part" in source
