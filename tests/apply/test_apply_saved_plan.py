"""Apply what was reviewed (issue 10 item 6): a saved plan runs only while its inputs hold.

Service level with the recording fake adapter (``apply_fakes``; live states from
``fixtures/mongodb-7.0.json``), reading saved plans from text, and the confirmation rule.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from apply_fakes import RecordingAdapter
from apply_sample import sample_desired
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.apply.actions import Plan
from noema_codegen.apply.adapter import ServerInfo
from noema_codegen.apply.desired import DesiredCollection
from noema_codegen.apply.errors import BadInput
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.plan_json import dumps_plan
from noema_codegen.apply.planner import PlanOptions
from noema_codegen.apply.saved_plan import SavedPlan, loads_saved_plan, save_plan
from noema_codegen.apply.service import ApplyCancelled, plan_of_snapshot, run_apply
from noema_codegen.apply.snapshot import read_snapshot

FIXTURES = Path(__file__).parent / "fixtures"
SERVER = ServerInfo("7.0.12", "replicaSet")


def in_sync() -> dict[str, Any]:
    return read_snapshot(FIXTURES / "mongodb-7.0.json")


def drifted() -> dict[str, Any]:
    snap = in_sync()
    snap["indexes"]["userSessions"] = [
        i for i in snap["indexes"]["userSessions"] if i["name"] != "noema_platform_ci"
    ]
    snap["indexes"]["userSessions"].append({"v": 2, "key": {"old": 1}, "name": "noema_old"})
    return snap


def saved(
    snapshot: dict[str, Any],
    options: PlanOptions | None = None,
    desired: tuple[DesiredCollection, ...] | None = None,
) -> SavedPlan:
    opts = options or PlanOptions(server_version=SERVER.version)
    result = plan_of_snapshot(snapshot, desired or sample_desired(), opts)
    return loads_saved_plan(dumps_plan(result), "plan.json")


def run(adapter: RecordingAdapter, plan: SavedPlan | None = None, **kwargs: Any) -> Any:
    return run_apply(
        adapter, SERVER, sample_desired(), PlanOptions(), ApplyOptions(), saved=plan, **kwargs
    )


def test_a_saved_plan_runs_when_nothing_changed_and_uses_its_own_options() -> None:
    plan = saved(drifted(), PlanOptions(prune="drop", server_version=SERVER.version))
    adapter = RecordingAdapter([drifted(), in_sync()])
    report = run(adapter, plan)  # the command line gave no --prune-indexes: the plan's is used
    assert report.ok, (report.error, report.refusals)
    assert [c[:3] for c in adapter.writes()] == [
        ("drop_index", "userSessions", "noema_old"),
        ("create_indexes", "userSessions", ["noema_platform_ci"]),
    ]


def test_refused_with_the_difference_when_a_collection_changed_since() -> None:
    plan = saved(drifted())
    now = drifted()
    now["indexes"]["userSessions"].append({"v": 2, "key": {"dba": 1}, "name": "dba_1"})
    adapter = RecordingAdapter([now])
    with pytest.raises(BadInput) as caught:
        run(adapter, plan)
    message = str(caught.value)
    assert "the database changed since the plan was made; nothing was changed" in message
    assert "~ userSessions: options or indexes changed since the plan" in message
    assert "userCore" not in message
    assert "plan --out" in message
    assert adapter.writes() == []


def test_created_and_dropped_collections_are_named() -> None:
    plan = saved(drifted())
    now = drifted()
    now["collections"] = [c for c in now["collections"] if c["name"] != "userCore"]
    now["collections"].append({"name": "audit", "type": "collection", "options": {}})
    with pytest.raises(BadInput) as caught:
        run(RecordingAdapter([now]), plan)
    assert "+ audit: created since the plan" in str(caught.value)
    assert "- userCore: dropped since the plan" in str(caught.value)


def test_a_server_upgrade_since_the_plan_is_a_difference() -> None:
    plan = saved(drifted(), PlanOptions(server_version="6.0.3"))
    with pytest.raises(BadInput, match=r"server version: 6\.0\.3 -> 7\.0\.12"):
        run(RecordingAdapter([drifted()]), plan)


def test_a_plan_from_a_snapshot_without_version_is_refused_against_a_known_server() -> None:
    # older snapshots record no server version: the plan took no version-dependent shortcut,
    # and the live server now offers some, so the plan is not what would run
    plan = saved(drifted(), PlanOptions())
    with pytest.raises(BadInput, match=r"server version: unknown -> 7\.0\.12"):
        run(RecordingAdapter([drifted()]), plan)


def test_refused_when_the_schemas_changed_since() -> None:
    desired = list(sample_desired())
    desired[0] = DesiredCollection(desired[0].name, desired[0].options, desired[0].indexes[:1])
    plan = saved(drifted(), desired=tuple(desired))
    adapter = RecordingAdapter([drifted()])
    with pytest.raises(BadInput, match="the schemas .* changed since the plan was made"):
        run(adapter, plan)
    assert adapter.writes() == []


def test_refused_when_the_actions_were_edited() -> None:
    plan = saved(drifted(), PlanOptions(prune="drop", server_version=SERVER.version))
    document = copy.deepcopy(dict(plan.document))
    document["actions"] = document["actions"][1:]  # the drop_index removed by hand
    edited = loads_saved_plan(json.dumps(document), "plan.json")
    adapter = RecordingAdapter([drifted()])
    with pytest.raises(BadInput, match="its actions are not what this noema-codegen plans"):
        run(adapter, edited)
    assert adapter.writes() == []


def test_refused_for_another_database() -> None:
    plan = saved(drifted())
    with pytest.raises(BadInput, match="pass --db noema"):
        run(RecordingAdapter([drifted()], database="staging"), plan)


def test_declined_confirmation_changes_nothing() -> None:
    shown: list[Plan] = []

    def decline(plan: Plan) -> bool:
        shown.append(plan)
        return False

    adapter = RecordingAdapter([drifted()])
    with pytest.raises(ApplyCancelled):
        run(adapter, confirm=decline)
    assert adapter.writes() == []
    assert [a.kind for a in shown[0].actions] == ["create_index"]


def test_confirmation_is_not_asked_when_there_is_nothing_to_do_or_on_a_dry_run() -> None:
    def fail(plan: Plan) -> bool:
        raise AssertionError("asked")

    assert run(RecordingAdapter([in_sync()]), confirm=fail).ok
    report = run_apply(
        RecordingAdapter([drifted()]),
        SERVER,
        sample_desired(),
        PlanOptions(),
        ApplyOptions(dry_run=True),
        confirm=fail,
    )
    assert report.dry_run and not report.applied


def test_accepted_confirmation_applies() -> None:
    adapter = RecordingAdapter([drifted(), in_sync()])
    assert run(adapter, confirm=lambda plan: True).ok
    assert [c[0] for c in adapter.writes()] == ["create_indexes"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "noema-plan",\n "version": 1,,}', r"plan\.json:2:15: not JSON"),
        ("[]", "not a noema plan"),
        ('{"format": "noema-plan", "version": 2}', "plan format version 2"),
        ('{"format": "noema-plan", "version": 1}', "plan.json: /: does not match"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_unreadable_saved_plans_are_bad_input_with_a_location(text: str, expected: str) -> None:
    with pytest.raises(BadInput, match=expected):
        loads_saved_plan(text, "plan.json")


def test_a_saved_plan_whose_action_is_malformed_names_the_pointer() -> None:
    document = json.loads(dumps_plan(plan_of_snapshot(drifted(), sample_desired(), PlanOptions())))
    document["actions"][0]["index"] = {"name": "x"}
    with pytest.raises(BadInput, match=r"plan\.json: /actions/0"):
        loads_saved_plan(json.dumps(document), "plan.json")


def test_a_plan_without_inputs_cannot_be_applied() -> None:
    document = json.loads(dumps_plan(plan_of_snapshot(drifted(), sample_desired(), PlanOptions())))
    document["inputs"] = None
    with pytest.raises(BadInput, match="/inputs is null"):
        loads_saved_plan(json.dumps(document), "plan.json")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    st.fixed_dictionaries(
        {"format": st.sampled_from(["noema-plan", "x"]), "version": st.sampled_from([1, 2, "1"])},
        optional={
            "database": JSON,
            "in_sync": JSON,
            "inputs": JSON,
            "actions": JSON,
            "blockers": JSON,
            "notes": JSON,
        },
    )
)
def test_any_json_is_a_saved_plan_or_bad_input(document: dict[str, Any]) -> None:
    try:
        loaded = loads_saved_plan(json.dumps(document), "plan.json")
    except BadInput as exc:
        assert str(exc).startswith("plan.json")
    else:
        assert loaded.database == document["database"]


def test_save_plan_is_atomic_and_reports_unwritable_paths(tmp_path: Path) -> None:
    result = plan_of_snapshot(drifted(), sample_desired(), PlanOptions())
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")
    save_plan(target, result)
    assert loads_saved_plan(target.read_text(encoding="utf-8"), "x").database == "noema"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
    with pytest.raises(BadInput, match="cannot write the plan"):
        save_plan(tmp_path / "missing" / "plan.json", result)
