"""Pre-flight checks run against stored data before a change (queries built here, pure).

* ``violation_filter``: documents a validator would reject, ``{"$nor": [validator]}``
  (MongoDB does not re-check stored documents when a validator changes; the next update of
  such a document fails in production).
* ``duplicate_pipeline``: groups of documents that would collide in a unique index.
  It follows the index's semantics: only documents matching ``partialFilterExpression`` are
  considered; with ``sparse`` only documents having at least one key field; a missing field
  counts as ``null``; every prefix of every key path is ``$unwind``-ed (``$unwind`` treats a
  non-array as a one-element array), so a multikey path such as ``wallets.address`` yields one
  entry per array element and a value repeated inside one document is not a duplicate (the
  group collects distinct ``_id``s). The index collation is passed to ``aggregate`` by the
  executor so case-insensitive uniqueness is checked the same way.
  Limitation: arrays nested directly inside arrays (``[[...]]``) are unwound one level only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SAMPLE_LIMIT = 5


def violation_filter(validator: Mapping[str, Any]) -> dict[str, Any]:
    """Filter matching every document that ``validator`` would reject."""
    return {"$nor": [dict(validator)]}


def _prefixes(fields: list[str]) -> list[str]:
    seen: list[str] = []
    for field in fields:
        parts = field.split(".")
        for end in range(1, len(parts) + 1):
            prefix = ".".join(parts[:end])
            if prefix not in seen:
                seen.append(prefix)
    return seen


def duplicate_pipeline(spec: Mapping[str, Any], limit: int = SAMPLE_LIMIT) -> list[dict[str, Any]]:
    """Aggregation returning ``[{"total": [{"n": N}], "samples": [{"key", "ids"}...]}]``."""
    fields = [str(f) for f in spec["key"]]
    pipeline: list[dict[str, Any]] = []
    partial = spec.get("partialFilterExpression")
    if partial:
        pipeline.append({"$match": dict(partial)})
    if spec.get("sparse"):
        pipeline.append({"$match": {"$or": [{f: {"$exists": True}} for f in fields]}})
    for prefix in _prefixes(fields):
        pipeline.append({"$unwind": {"path": f"${prefix}", "preserveNullAndEmptyArrays": True}})
    group_key = {f"k{i}": {"$ifNull": [f"${f}", None]} for i, f in enumerate(fields)}
    pipeline.append({"$group": {"_id": group_key, "ids": {"$addToSet": "$_id"}}})
    pipeline.append({"$match": {"ids.1": {"$exists": True}}})
    pipeline.append(
        {
            "$facet": {
                "total": [{"$count": "n"}],
                "samples": [
                    {"$limit": limit},
                    {"$project": {"_id": 0, "key": "$_id", "ids": {"$slice": ["$ids", limit]}}},
                ],
            }
        }
    )
    return pipeline


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one pre-flight check on one action."""

    check: str  # "violations" or "duplicates"
    target: str  # "collection" or "collection.index"
    count: int
    samples: tuple[Any, ...] = ()

    @property
    def found(self) -> bool:
        return self.count > 0

    def describe(self) -> str:
        if self.check == "violations":
            what = f"{self.count} stored document(s) in {self.target} violate the new validator"
            return what + (
                f"; e.g. _id {', '.join(map(str, self.samples))}" if self.samples else ""
            )
        what = f"{self.count} duplicate key group(s) would break unique index {self.target}"
        if self.samples:
            what += "; e.g. " + "; ".join(str(s) for s in self.samples)
        return what


def parse_duplicates(target: str, reply: list[dict[str, Any]], fields: list[str]) -> CheckResult:
    """Turn the ``duplicate_pipeline`` reply into a ``CheckResult``."""
    if not reply:
        return CheckResult("duplicates", target, 0)
    facet = reply[0]
    total = facet.get("total") or [{"n": 0}]
    samples = []
    for sample in facet.get("samples", []):
        key = sample.get("key", {})
        values = {f: key.get(f"k{i}") for i, f in enumerate(fields)}
        samples.append(f"{values} in _id {list(sample.get('ids', []))}")
    return CheckResult("duplicates", target, int(total[0].get("n", 0)), tuple(samples))
