"""The roll-out order of a data-tightening change: warn -> migrations -> tighten."""

from __future__ import annotations

from evolution_pairs import owners, project, things

from noema_codegen.evolution.classify import diff_projects
from noema_codegen.evolution.rollout import rollout_steps


def test_a_tightened_collection_is_warned_migrated_then_tightened() -> None:
    new_schema = things()
    new_schema["required"].append("label")
    old = project(things=things(), owners=owners())
    new = project(things=new_schema, owners=owners())
    steps = rollout_steps(diff_projects(old, new), new, ["0001_label"])
    assert [(s.kind, s.collection) for s in steps] == [
        ("apply", "owners"),
        ("warn", "things"),
        ("migrate", None),
        ("tighten", "things"),
    ]
    warn, tighten = steps[1], steps[3]
    assert warn.coll_mod["validationAction"] == "warn"
    assert tighten.coll_mod["validationAction"] == "error"
    assert warn.coll_mod["validator"] == tighten.coll_mod["validator"]
    assert tighten.precondition == {"$nor": [{"$jsonSchema": new.get("things").validator_schema}]}
    assert steps[2].migrations == ("0001_label",)
    assert warn.reasons == ("now-required",)


def test_without_a_tightening_everything_applies_at_once() -> None:
    new = project(things=things(), owners=owners())
    steps = rollout_steps([], new, [])
    assert [(s.kind, s.collection) for s in steps] == [("apply", "owners"), ("apply", "things")]
    pending = rollout_steps([], new, ["0001_x"])
    assert [s.kind for s in pending] == ["apply", "apply", "migrate"]
