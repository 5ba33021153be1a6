"""Benchmark: per-document cost of the repositories' typed write and read paths next to raw pymongo.

    .venv/bin/python bench/repository.py [--count 14000] [--repeat 5]

Builds realistic valid ADR-002 documents for the seven collections (bench/documents.py),
then times, on the same documents:

* raw encode      ``bson.encode(dict)`` (what pymongo does with a plain dict)
* typed write     what ``XRepository.insert_one`` does before the network: the model's document
                  (the fast plan-based writer of noema_codegen/runtime/document_writer.py),
                  createdAt/updatedAt stamping, ``bson.encode`` (model -> BSON bytes)
* to_document     the same with the model's own ``to_document()`` (pydantic ``model_dump``),
                  for comparison: the writer's output is byte-identical
* raw decode      ``bson.decode(bytes)`` (pymongo's read of a plain dict)
* typed read      ``bson.decode`` + ``Model.from_document`` (BSON bytes -> validated model),
                  i.e. every document a ``find`` returns
* insert_one cpu  typed write + validating the returned stored model: the whole client-side
                  cost of ``insert_one`` without the server round trip

Figures are the best of ``--repeat`` runs, per collection and over the mix. The target for
the typed write path is 100,000 documents per second.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import bson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "generated"))

from noema_db import repositories
from noema_db._runtime.document_writer import writer_for
from noema_db._runtime.repository_core import new_document, round_trip, stamp_new_document, utc_now

from bench.documents import generate
from noema_codegen.checked_project import load_project

TARGET_WRITE = 100_000


def best_rate(work: Callable[[], int], repeat: int) -> float:
    """Documents per second of the fastest of ``repeat`` runs of ``work`` (returns its count)."""
    best = float("inf")
    count = 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = work()
        best = min(best, time.perf_counter() - start)
    return count / best


def repository_classes() -> dict[str, Any]:
    classes = {}
    for name in repositories.__all__:
        value = getattr(repositories, name)
        if name.endswith("Repository") and not name.startswith("Async"):
            classes[value.spec.name] = value
    return classes


def measure(
    name: str, repo: Any, documents: Sequence[dict[str, Any]], repeat: int
) -> dict[str, float]:
    model_class = repo.model
    stored = [round_trip(d, None) for d in documents]  # as pymongo decodes them
    models = [model_class.from_document(d) for d in stored]
    raw_bytes = [bson.encode(d) for d in stored]
    spec = repo.spec

    def raw_encode() -> int:
        for document in stored:
            bson.encode(document)
        return len(stored)

    writer = writer_for(model_class)
    assert writer is not None, f"{name}: no fast writer"

    def typed_write() -> int:
        now = utc_now()
        for model in models:
            bson.encode(new_document(model, spec, writer, now))
        return len(models)

    def to_document_write() -> int:
        now = utc_now()
        for model in models:
            bson.encode(stamp_new_document(model.to_document(), spec, now))
        return len(models)

    def raw_decode() -> int:
        for data in raw_bytes:
            bson.decode(data)
        return len(raw_bytes)

    def typed_read() -> int:
        from_document = model_class.from_document
        for data in raw_bytes:
            from_document(bson.decode(data))
        return len(raw_bytes)

    def insert_cpu() -> int:
        now = utc_now()
        from_document = model_class.from_document
        for model in models:
            document = new_document(model, spec, writer, now)
            bson.encode(document)
            from_document(document)
        return len(models)

    return {
        "raw encode": best_rate(raw_encode, repeat),
        "typed write": best_rate(typed_write, repeat),
        "to_document": best_rate(to_document_write, repeat),
        "raw decode": best_rate(raw_decode, repeat),
        "typed read": best_rate(typed_read, repeat),
        "insert_one cpu": best_rate(insert_cpu, repeat),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--count", type=int, default=14_000, help="documents over the 7 collections"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (best is kept)")
    args = parser.parse_args(argv)

    project = load_project(ROOT / "schemas")
    schemas = {c.name: dict(c.validator_schema) for c in project.collections}
    by_collection: dict[str, list[dict[str, Any]]] = {}
    for name, document, _ in generate(schemas, args.count, invalid_ratio=0.0):
        by_collection.setdefault(name, []).append(document)
    classes = repository_classes()

    columns = [
        "raw encode",
        "typed write",
        "to_document",
        "raw decode",
        "typed read",
        "insert_one cpu",
    ]
    print(
        f"documents per second (best of {args.repeat}); {args.count} ADR-002 documents; python {sys.version.split()[0]}"
    )
    print(
        f"{'collection':18}"
        + "".join(f"{c:>15}" for c in columns)
        + f"{'write/raw':>11}{'read/raw':>10}"
    )
    totals = {c: 0.0 for c in columns}
    total_docs = 0
    for name in sorted(by_collection):
        documents = by_collection[name]
        rates = measure(name, classes[name], documents, args.repeat)
        for column in columns:
            totals[column] += len(documents) / rates[column]  # seconds for this collection
        total_docs += len(documents)
        print(
            f"{name:18}"
            + "".join(f"{rates[c]:>15,.0f}" for c in columns)
            + f"{rates['raw encode'] / rates['typed write']:>10.1f}x{rates['raw decode'] / rates['typed read']:>9.1f}x"
        )
    mix = {c: total_docs / totals[c] for c in columns}
    print(
        f"{'all (mix)':18}"
        + "".join(f"{mix[c]:>15,.0f}" for c in columns)
        + f"{mix['raw encode'] / mix['typed write']:>10.1f}x{mix['raw decode'] / mix['typed read']:>9.1f}x"
    )
    print("per document (µs): " + ", ".join(f"{c} {1e6 / mix[c]:.1f}" for c in columns))
    verdict = "meets" if mix["typed write"] >= TARGET_WRITE else "MISSES"
    print(
        f"typed write path: {mix['typed write']:,.0f} docs/s {verdict} the {TARGET_WRITE:,} docs/s target"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
