"""Find orphaned references: documents whose ``x-noema.references`` field points at nothing.

Seed 004's migration had to delete 601 orphaned rows before a foreign key could
be added, and a type mismatch (varchar vs uuid) hid them. MongoDB has no
foreign keys, so orphans accumulate silently; this check finds them with one
``$lookup`` aggregation per declared reference. A value of the wrong BSON type
(e.g. a string where the target is an ObjectId) never matches, so it is reported
as an orphan too. The planning here is pure; ``check_references`` runs it
through any object with an ``aggregate(collection, pipeline)`` method.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from noema_codegen.ir.model import Project, Reference

JOINED = "__noema_target"


class Aggregator(Protocol):
    def aggregate(
        self, collection: str, pipeline: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class ReferenceCheck:
    collection: str
    reference: Reference
    pipeline: list[dict[str, Any]]

    @property
    def label(self) -> str:
        r = self.reference
        return f"{self.collection}.{r.field} -> {r.target_collection}.{r.target_field}"


@dataclass(frozen=True)
class OrphanReport:
    check: ReferenceCheck
    count: int
    sample: list[dict[str, Any]]


def orphan_pipeline(reference: Reference, sample_size: int) -> list[dict[str, Any]]:
    """Documents whose ``reference.field`` is set but matches no target document."""
    return [
        {"$match": {reference.field: {"$exists": True, "$ne": None}}},
        {
            "$lookup": {
                "from": reference.target_collection,
                "localField": reference.field,
                "foreignField": reference.target_field,
                "as": JOINED,
                "pipeline": [{"$project": {"_id": 1}}, {"$limit": 1}],
            }
        },
        {"$match": {JOINED: {"$size": 0}}},
        {
            "$facet": {
                "count": [{"$count": "n"}],
                "sample": [
                    {"$limit": sample_size},
                    {"$project": {"_id": 1, "value": f"${reference.field}"}},
                ],
            }
        },
    ]


def plan_reference_checks(project: Project, sample_size: int = 5) -> list[ReferenceCheck]:
    return [
        ReferenceCheck(collection.name, reference, orphan_pipeline(reference, sample_size))
        for collection in project.collections
        for reference in collection.references
    ]


def read_facet(reply: Sequence[Mapping[str, Any]]) -> tuple[int, list[dict[str, Any]]]:
    if not reply:
        return 0, []
    facet = reply[0]
    counts = facet.get("count") or []
    count = int(counts[0]["n"]) if counts else 0
    return count, [dict(doc) for doc in facet.get("sample") or []]


def check_references(checks: Sequence[ReferenceCheck], db: Aggregator) -> list[OrphanReport]:
    reports = []
    for check in checks:
        count, sample = read_facet(db.aggregate(check.collection, check.pipeline))
        reports.append(OrphanReport(check, count, sample))
    return reports
