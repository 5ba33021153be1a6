"""Each classification of docs/evolution.md with a schema pair (one change each, then mixed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from evolution_pairs import base, owners, project, things

from noema_codegen.evolution.changes import Change, Kind
from noema_codegen.evolution.classify import diff_projects, field_pointer

Edit = Callable[[dict[str, Any]], None]


def _changes(edit: Edit) -> list[Change]:
    new = things()
    edit(new)
    return diff_projects(base(), project(things=new, owners=owners()))


def _only(edit: Edit) -> Change:
    changes = [c for c in _changes(edit) if c.rule != "documentation"]
    assert len(changes) == 1, [c.as_text() for c in changes]
    return changes[0]


def test_a_project_compared_with_itself_has_no_change() -> None:
    assert diff_projects(base(), base()) == []


def _new_optional(s: dict[str, Any]) -> None:
    s["properties"]["note"] = {"bsonType": "string"}


def _new_required(s: dict[str, Any]) -> None:
    s["properties"]["note"] = {"bsonType": "string"}
    s["required"].append("note")


def _now_required(s: dict[str, Any]) -> None:
    s["required"].append("label")


def _now_optional(s: dict[str, Any]) -> None:
    s["required"].remove("ownerId")
    del s["x-noema"]["references"]


def _narrowed(s: dict[str, Any]) -> None:
    s["properties"]["count"]["bsonType"] = "int"


def _widened(s: dict[str, Any]) -> None:
    s["properties"]["label"]["bsonType"] = ["string", "null"]


def _changed(s: dict[str, Any]) -> None:
    s["properties"]["label"]["bsonType"] = "date"


def _enum_removed(s: dict[str, Any]) -> None:
    s["properties"]["color"]["enum"] = ["red", "green"]


def _enum_added(s: dict[str, Any]) -> None:
    s["properties"]["color"]["enum"] = ["red", "green", "blue", "black"]


def _max_lowered(s: dict[str, Any]) -> None:
    s["properties"]["name"]["maxLength"] = 20


def _max_raised(s: dict[str, Any]) -> None:
    s["properties"]["name"]["maxLength"] = 80


def _minimum_raised(s: dict[str, Any]) -> None:
    s["properties"]["count"]["minimum"] = 1


def _pattern_added(s: dict[str, Any]) -> None:
    s["properties"]["label"]["pattern"] = "^[a-z]+$"


def _closed(s: dict[str, Any]) -> None:
    s["properties"]["size"]["additionalProperties"] = False


def _unique_index(s: dict[str, Any]) -> None:
    s["x-noema"]["indexes"].append({"keys": {"label": 1}, "unique": True})


def _plain_index(s: dict[str, Any]) -> None:
    s["x-noema"]["indexes"].append({"keys": {"label": 1}})


def _new_reference(s: dict[str, Any]) -> None:
    s["properties"]["parentId"] = {"bsonType": "objectId"}
    s["x-noema"]["references"]["parentId"] = "owners._id"


def _removed_field(s: dict[str, Any]) -> None:
    del s["properties"]["label"]


def _removed_query(s: dict[str, Any]) -> None:
    del s["x-noema"]["queries"]


def _query_param_changed(s: dict[str, Any]) -> None:
    s["x-noema"]["queries"]["find_by_name"]["filter"] = {"name": {"param": "title"}}


def _model_renamed(s: dict[str, Any]) -> None:
    s["x-noema"]["model"] = "Item"


def _description(s: dict[str, Any]) -> None:
    s["properties"]["name"]["description"] = "What people call it."


CASES: list[tuple[Edit, str, tuple[Kind, ...], str]] = [
    (_new_optional, "new-optional-field", (Kind.SAFE,), "/properties/note"),
    (_new_required, "new-required-field", (Kind.DATA,), "/properties/note"),
    (_now_required, "now-required", (Kind.DATA,), "/properties/label"),
    (_narrowed, "type-narrowed", (Kind.DATA,), "/properties/count/bsonType"),
    (_widened, "type-widened", (Kind.SAFE,), "/properties/label/bsonType"),
    (_changed, "type-changed", (Kind.DATA, Kind.CODE), "/properties/label/bsonType"),
    (_enum_removed, "enum-narrowed", (Kind.DATA,), "/properties/color/enum"),
    (_enum_added, "enum-widened", (Kind.SAFE,), "/properties/color/enum"),
    (_max_lowered, "bound-stricter", (Kind.DATA,), "/properties/name/maxLength"),
    (_max_raised, "bound-relaxed", (Kind.SAFE,), "/properties/name/maxLength"),
    (_minimum_raised, "bound-stricter", (Kind.DATA,), "/properties/count/minimum"),
    (_pattern_added, "pattern-changed", (Kind.DATA,), "/properties/label/pattern"),
    (
        _closed,
        "additional-properties-closed",
        (Kind.DATA,),
        "/properties/size/additionalProperties",
    ),
    (_unique_index, "new-unique-index", (Kind.DATA,), "/x-noema/indexes/1"),
    (_plain_index, "new-index", (Kind.SAFE,), "/x-noema/indexes/1"),
    (_removed_field, "field-removed", (Kind.CODE,), "/properties/label"),
    (_removed_query, "query-removed", (Kind.CODE,), "/x-noema/queries/find_by_name"),
    (
        _query_param_changed,
        "query-signature-changed",
        (Kind.CODE,),
        "/x-noema/queries/find_by_name",
    ),
    (_model_renamed, "model-renamed", (Kind.CODE,), "/x-noema/model"),
    (_description, "documentation", (Kind.SAFE,), "/properties/name/description"),
]


@pytest.mark.parametrize(
    ("edit", "rule", "kinds", "pointer"), CASES, ids=[c[1] + "-" + c[0].__name__ for c in CASES]
)
def test_one_change_is_classified_at_its_pointer(
    edit: Edit, rule: str, kinds: tuple[Kind, ...], pointer: str
) -> None:
    changes = _changes(edit)
    if rule != "documentation":
        changes = [c for c in changes if c.rule != "documentation"]
    assert len(changes) == 1, [c.as_text() for c in changes]
    change = changes[0]
    assert (change.rule, change.kinds, change.pointer) == (rule, kinds, pointer)
    assert change.collection == "things"
    assert change.file == "schemas/things.json"


def test_a_required_field_made_optional_is_code_breaking() -> None:
    change = [c for c in _changes(_now_optional) if c.rule == "now-optional"]
    assert [(c.kinds, c.path) for c in change] == [((Kind.CODE,), "ownerId")]


def test_a_new_reference_is_data_tightening_and_its_field_safe() -> None:
    rules = {(c.rule, c.kinds) for c in _changes(_new_reference)}
    assert rules == {("new-reference", (Kind.DATA,)), ("new-optional-field", (Kind.SAFE,))}


def test_a_declared_rename_is_a_rename_not_a_removal_plus_an_addition() -> None:
    def rename(s: dict[str, Any]) -> None:
        s["properties"]["title"] = s["properties"].pop("label")
        s["x-noema"]["renamedFrom"] = {"title": "label"}

    changes = _changes(rename)
    assert [(c.rule, c.kinds, c.old, c.new) for c in changes] == [
        ("field-renamed", (Kind.DATA, Kind.CODE), "label", "title")
    ]


def test_an_undeclared_rename_is_a_removal_and_an_addition() -> None:
    def rename(s: dict[str, Any]) -> None:
        s["properties"]["title"] = s["properties"].pop("label")

    assert sorted(c.rule for c in _changes(rename)) == ["field-removed", "new-optional-field"]


def test_a_removed_object_is_reported_once_not_per_nested_field() -> None:
    def remove(s: dict[str, Any]) -> None:
        del s["properties"]["size"]

    assert [(c.rule, c.path) for c in _changes(remove)] == [("field-removed", "size")]


def test_collections_added_and_removed() -> None:
    old = base()
    new = project(owners=owners())
    assert [(c.rule, c.kinds, c.collection) for c in diff_projects(old, new)] == [
        ("collection-removed", (Kind.CODE,), "things")
    ]
    assert [(c.rule, c.kinds) for c in diff_projects(new, old)] == [
        ("collection-added", (Kind.SAFE,))
    ]


def test_mixed_changes_are_each_reported() -> None:
    def many(s: dict[str, Any]) -> None:
        _new_required(s)
        _changed(s)
        _enum_removed(s)
        _plain_index(s)
        _removed_query(s)

    found = {(c.rule, c.path) for c in _changes(many)}
    assert found == {
        ("new-required-field", "note"),
        ("type-changed", "label"),
        ("enum-narrowed", "color"),
        ("new-index", ""),
        ("query-removed", ""),
    }


def test_a_stricter_validation_action_is_data_tightening() -> None:
    old, new = things(), things()
    old["x-noema"]["validationAction"] = "warn"
    changes = diff_projects(
        project(things=old, owners=owners()), project(things=new, owners=owners())
    )
    assert [(c.rule, c.pointer) for c in changes] == [
        ("validation-stricter", "/x-noema/validationAction")
    ]


def test_field_pointer_crosses_arrays_and_maps() -> None:
    schema = {
        "properties": {
            "tags": {"bsonType": "array", "items": {"properties": {"a/b": {}}}},
            "prefs": {"additionalProperties": {"properties": {"x": {}}}},
        }
    }
    assert field_pointer(schema, "tags.a/b") == "/properties/tags/items/properties/a~1b"
    assert (
        field_pointer(schema, "prefs.{}.x") == "/properties/prefs/additionalProperties/properties/x"
    )


def test_fields_under_a_renamed_object_are_compared_with_their_old_names() -> None:
    def rename(s: dict[str, Any]) -> None:
        size = s["properties"].pop("size")
        size["properties"]["width"]["bsonType"] = "long"
        size["properties"]["depth"] = {"bsonType": "int"}
        s["properties"]["dimensions"] = size
        s["x-noema"]["renamedFrom"] = {"dimensions": "size"}

    found = {(c.rule, c.path) for c in _changes(rename)}
    assert found == {
        ("field-renamed", "dimensions"),
        ("type-changed", "dimensions.width"),
        ("new-optional-field", "dimensions.depth"),
    }
