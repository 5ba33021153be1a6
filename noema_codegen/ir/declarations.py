"""``x-noema.transitions`` and ``x-noema.normalise``: collection-wide rules named queries obey.

- ``transitions``: ``{"status": {"pending": ["processing", "failed"], ...}}`` -- from each
  state, the states it may become. An update that sets the field is guarded in its filter
  (``{status: {$in: [allowed predecessors]}}``), so a forbidden change matches nothing.
- ``normalise``: ``{"wallets.address": {"lowercaseWhen": {"field": "wallets.chain", "in": ["evm"]}}}``
  -- values of the field are lower-cased, at write and at lookup, when the other field is one
  of the listed values (EVM addresses are case-insensitive hex; Solana's base58 is not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from noema_codegen.diagnostics import pointer_join
from noema_codegen.ir.context import CollectionContext
from noema_codegen.ir.model import Normalisation, Timestamps, Transition

BASE = "/x-noema"


@dataclass(frozen=True)
class Declarations:
    """What a named query needs to know about its collection beyond its fields."""

    primary_key: str
    timestamps: Timestamps
    append_only: bool
    transitions: tuple[Transition, ...]
    normalisations: tuple[Normalisation, ...]

    def transition_of(self, path: str) -> Transition | None:
        return next((t for t in self.transitions if t.field == path), None)

    def normalisation_of(self, path: str) -> Normalisation | None:
        return next((n for n in self.normalisations if n.field == path), None)


def parse_transitions(
    raw: Mapping[str, Mapping[str, Any]], ctx: CollectionContext
) -> tuple[Transition, ...]:
    found: list[Transition] = []
    for path, graph in raw.items():
        pointer = pointer_join(BASE, "transitions", path)
        field = ctx.resolve(path)
        if field is None or "." in path:
            ctx.error(
                pointer,
                "transitions",
                f"transitions name {path!r}, which is not a top-level field of the schema",
            )
            continue
        enum = field.schema.get("enum")
        states = [s for s in enum if isinstance(s, str)] if isinstance(enum, list) else []
        if not states:
            ctx.error(
                pointer,
                "transitions",
                f"transitions need {path!r} to declare its states with an enum of strings",
            )
            continue
        predecessors: dict[str, list[str]] = {state: [] for state in states}
        for source, targets in graph.items():
            for state in [source, *targets]:
                if state not in predecessors:
                    ctx.error(
                        pointer_join(pointer, source),
                        "transitions",
                        f"{state!r} is not one of {path!r}'s enum values {states}",
                    )
            for target in targets:
                if target in predecessors and source not in predecessors[target]:
                    predecessors[target].append(source)
        found.append(
            Transition(
                path, tuple((state, tuple(before)) for state, before in predecessors.items())
            )
        )
    return tuple(found)


def parse_normalisations(
    raw: Mapping[str, Mapping[str, Any]], ctx: CollectionContext
) -> tuple[Normalisation, ...]:
    found: list[Normalisation] = []
    for path, rule in raw.items():
        pointer = pointer_join(BASE, "normalise", path)
        when = rule["lowercaseWhen"]
        field = ctx.resolve(path)
        other = ctx.resolve(str(when["field"]))
        if field is None or field.bson_types != ("string",):
            ctx.error(
                pointer, "normalise", f"normalise names {path!r}, which is not a string field"
            )
            continue
        if other is None or path.rsplit(".", 1)[:-1] != str(when["field"]).rsplit(".", 1)[:-1]:
            ctx.error(
                pointer_join(pointer, "lowercaseWhen", "field"),
                "normalise",
                f"{when['field']!r} must be a field beside {path!r} (same object or array element)",
            )
            continue
        found.append(Normalisation(path, str(when["field"]), tuple(str(v) for v in when["in"])))
    return tuple(found)
