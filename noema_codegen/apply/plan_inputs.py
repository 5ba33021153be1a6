"""Fingerprints of what a plan is computed from: the live state and the desired state.

A digest is the sha256 of a canonical form: canonical Extended JSON v2 (BSON types exact),
keys in the order they come (the server's order for live replies, which is meaningful in index
keys; the IR's for desired specs). ``apply-validators --plan`` recomputes them and refuses to
run a plan whose inputs no longer hold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from bson import json_util

from noema_codegen.apply.actions import PlanInputs
from noema_codegen.apply.adapter import LEDGER_COLLECTION
from noema_codegen.apply.desired import DesiredCollection
from noema_codegen.apply.index_change import parse_version
from noema_codegen.apply.planner import PlanOptions

_OPTIONS = json_util.CANONICAL_JSON_OPTIONS


def digest(value: Any) -> str:
    """sha256 (hex) of ``value`` in canonical Extended JSON."""
    text = json_util.dumps(value, json_options=_OPTIONS, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot_server_version(snapshot: Mapping[str, Any]) -> str | None:
    """The server version a snapshot records as written (``server.version``, snapshot format 2;
    older snapshots do not record it)."""
    server = snapshot.get("server")
    if isinstance(server, Mapping) and isinstance(server.get("version"), str):
        return str(server["version"])
    return None


def collection_digests(snapshot: Mapping[str, Any]) -> dict[str, str]:
    """Digest of each collection: its listCollections entry and its listIndexes entries (and,
    for the migrations ledger, the entries the snapshot recorded: a migration that ran since
    changes what is pending, so a saved plan no longer holds)."""
    indexes = snapshot.get("indexes", {})
    out: dict[str, str] = {}
    for entry in snapshot.get("collections", []):
        name = str(entry.get("name", ""))
        state: dict[str, Any] = {"collection": entry, "indexes": indexes.get(name, [])}
        if name == LEDGER_COLLECTION and "ledger" in snapshot:
            state["ledger"] = snapshot["ledger"]
        out[name] = digest(state)
    return dict(sorted(out.items()))


def live_digest(database: str, collections: Mapping[str, str], server_version: str | None) -> str:
    """Digest of the whole live state (the server's major.minor version included: it decides
    which changes can be made in place)."""
    version = parse_version(server_version)
    return digest({"database": database, "server": version, "collections": dict(collections)})


def desired_digest(desired: Iterable[DesiredCollection], options: PlanOptions) -> str:
    """Digest of the desired state and of the options that change the plan."""
    return digest(
        {
            "collections": [
                {"name": d.name, "options": d.options, "indexes": list(d.indexes)}
                for d in sorted(desired, key=lambda d: d.name)
            ],
            "prune": options.prune,
            "validationLevel": options.overrides.validation_level,
            "validationAction": options.overrides.validation_action,
            "ownedPrefix": options.owned_prefix,
        }
    )


def plan_inputs(
    snapshot: Mapping[str, Any],
    desired: Iterable[DesiredCollection],
    options: PlanOptions,
) -> PlanInputs:
    """The ``PlanInputs`` of a plan computed from ``snapshot``, ``desired`` and ``options``."""
    collections = collection_digests(snapshot)
    version = options.server_version or snapshot_server_version(snapshot)
    return PlanInputs(
        live=live_digest(str(snapshot.get("database", "")), collections, version),
        desired=desired_digest(desired, options),
        collections=collections,
        server_version=version,
        prune=options.prune,
        validation_level=options.overrides.validation_level,
        validation_action=options.overrides.validation_action,
        owned_prefix=options.owned_prefix,
    )
