"""Saved plans: ``plan --out FILE`` writes one, ``apply-validators --plan FILE`` runs it.

A saved plan is the plan document (``plan_json``, docs/plan.schema.json) with its ``inputs``:
the fingerprints of the live and the desired state it was computed from and the options used.
Before running it, apply re-reads the live state and refuses (``BadInput``, exit 2) with the
difference when a fingerprint no longer matches, or when re-planning from the same inputs does
not give exactly the saved actions (a plan edited by hand, or a different noema-codegen).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from noema_codegen.apply.actions import Plan, PlanInputs
from noema_codegen.apply.adapter import LEDGER_COLLECTION
from noema_codegen.apply.desired import Overrides
from noema_codegen.apply.errors import BadInput
from noema_codegen.apply.plan_json import FORMAT, VERSION, dumps_plan
from noema_codegen.apply.plan_schema import PLAN_SCHEMA
from noema_codegen.apply.planner import PlanOptions
from noema_codegen.apply.render import describe
from noema_codegen.atomic_write import write_text_atomically

_REPLAN = "Next: run `noema-codegen plan --out FILE` again and review the new plan."


def save_plan(path: Path, plan: Plan) -> None:
    """Write the plan document to ``path`` atomically (``BadInput`` if it cannot be written)."""
    try:
        write_text_atomically(path, dumps_plan(plan))
    except OSError as exc:
        raise BadInput(
            f"{path}: cannot write the plan ({exc.strerror}). Next: check the path."
        ) from None


@dataclass(frozen=True)
class SavedPlan:
    source: str
    document: Mapping[str, Any]
    inputs: PlanInputs

    @property
    def database(self) -> str:
        return str(self.document["database"])

    def plan_options(self, server_version: str | None = None) -> PlanOptions:
        """The options the plan was computed with (``--prune-indexes`` and the overrides)."""
        prune = self.inputs.prune
        return PlanOptions(
            prune="drop" if prune == "drop" else "hide" if prune == "hide" else None,
            overrides=Overrides(self.inputs.validation_level, self.inputs.validation_action),
            owned_prefix=self.inputs.owned_prefix,
            server_version=server_version,
        )


def _pointer(path: Any) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def loads_saved_plan(text: str, source: str) -> SavedPlan:
    """Parse and check a saved plan (``BadInput`` naming the line or JSON pointer)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{source}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}). Next: pass a file "
            "written by `noema-codegen plan --out FILE`."
        ) from None
    except RecursionError:
        raise BadInput(
            f"{source}: nested too deeply to be a plan. Next: pass a file written by "
            "`noema-codegen plan --out FILE`."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadInput(
            f'{source}: not a noema plan (no "format": "{FORMAT}"). Next: pass a file written '
            "by `noema-codegen plan --out FILE`."
        )
    if document.get("version") != VERSION:
        raise BadInput(
            f"{source}: plan format version {document.get('version')!r}; this noema-codegen "
            f"reads version {VERSION}. {_REPLAN}"
        )
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(PLAN_SCHEMA).iter_errors(document)
    )
    if error is not None:
        raise BadInput(
            f"{source}: {_pointer(error.absolute_path)}: does not match the plan format "
            f"(docs/plan.schema.json). {_REPLAN}"
        )
    raw = document["inputs"]
    if raw is None:
        raise BadInput(
            f"{source}: /inputs is null: this plan records no fingerprints, so it cannot be "
            f"checked against the database. {_REPLAN}"
        )
    options = raw["options"]
    inputs = PlanInputs(
        live=raw["live_sha256"],
        desired=raw["desired_sha256"],
        collections=dict(raw["collections_sha256"]),
        server_version=raw["server_version"],
        prune=options["prune_indexes"],
        validation_level=options["validation_level"],
        validation_action=options["validation_action"],
        owned_prefix=options["owned_prefix"],
    )
    return SavedPlan(source, document, inputs)


def read_saved_plan(path: Path) -> SavedPlan:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise BadInput(f"{path}: cannot read the plan ({reason}). Next: check the path.") from None
    return loads_saved_plan(text, str(path))


def live_differences(saved: PlanInputs, now: PlanInputs) -> list[str]:
    """What changed in the live state since the plan, one line per collection (and version)."""
    lines: list[str] = []
    if saved.server_version != now.server_version:
        was, now_is = saved.server_version or "unknown", now.server_version or "unknown"
        lines.append(f"server version: {was} -> {now_is}")
    for name in sorted(set(saved.collections) | set(now.collections)):
        before, after = saved.collections.get(name), now.collections.get(name)
        if before is None:
            lines.append(f"+ {name}: created since the plan")
        elif after is None:
            lines.append(f"- {name}: dropped since the plan")
        elif before != after and name == LEDGER_COLLECTION:
            lines.append(f"~ {name}: migrations ran since the plan (or its options changed)")
        elif before != after:
            lines.append(f"~ {name}: options or indexes changed since the plan")
    return lines


def check_still_holds(saved: SavedPlan, current: Plan) -> None:
    """Refuse (``BadInput``) unless ``current`` — re-planned now — is the saved plan."""
    now = current.inputs
    if now is None:  # pragma: no cover - the service always computes inputs
        raise BadInput(f"{saved.source}: the current plan has no inputs to compare")
    if saved.database != current.database:
        raise BadInput(
            f"{saved.source}: the plan is for database {saved.database}, not "
            f"{current.database}. Next: pass --db {saved.database}, or plan for this database."
        )
    if saved.inputs.desired != now.desired:
        raise BadInput(
            f"{saved.source}: the schemas (or the options the plan was made with) changed since "
            f"the plan was made; nothing was changed. {_REPLAN}"
        )
    if saved.inputs.live != now.live:
        details = live_differences(saved.inputs, now) or ["(the database's state differs)"]
        raise BadInput(
            f"{saved.source}: the database changed since the plan was made; nothing was "
            "changed:\n" + "\n".join(f"  {line}" for line in details) + f"\n{_REPLAN}"
        )
    document = json.loads(dumps_plan(current))
    if document["actions"] != saved.document["actions"]:
        lines = [line for action in current.actions for line in describe(action)[:1]]
        raise BadInput(
            f"{saved.source}: its actions are not what this noema-codegen plans from the same "
            "inputs (edited by hand, or written by another version); nothing was changed. "
            "Planned now:\n"
            + "\n".join(f"  {line}" for line in lines or ["(nothing)"])
            + f"\n{_REPLAN}"
        )
