"""Benchmark: per-document cost of the repositories' typed write and read paths next to raw pymongo.

    .venv/bin/python bench/repository.py [--count 14000] [--repeat 5]

Builds realistic valid ADR-002 documents for the seven collections (bench/documents.py),
then times, on the same documents, ``--repeat`` runs of each of:

* raw encode      ``bson.encode(dict)`` (what pymongo does with a plain dict)
* typed write     what ``XRepository.insert_one`` does before the network: the model's document
                  (the compiled writer of noema_codegen/runtime/document_writer.py),
                  createdAt/updatedAt stamping, ``bson.encode`` (model -> BSON bytes)
* plain write     a plain strict Pydantic model (bench/plain_models.py: same fields, no BSON
                  conversions) dumped by alias and encoded: the Pydantic baseline
* raw decode      ``bson.decode(bytes)`` (pymongo's read of a plain dict)
* typed read      ``bson.decode`` + ``Model.from_document`` (BSON bytes -> model, through the
                  compiled reader of noema_codegen/runtime/document_reader.py),
                  i.e. every document a ``find`` returns
* plain read      ``bson.decode`` + the plain strict model's ``model_validate``
* insert_one cpu  typed write + validating the returned stored model: the whole client-side
                  cost of ``insert_one`` without the server round trip

Times are CPU time of this process (``time.process_time``), rates the median of the runs. The ratios (typed write / raw encode, typed read / raw
decode, and the plain model's) are computed per run, on the same documents in the same run,
and printed as the median with the spread (min-max) over the runs. Targets (issue 14): typed
read <= 2.5x bson.decode and typed write <= 2x bson.encode for every collection. msgspec,
Beanie and ODMantic are measured only when installed (they are not in the lock).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
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
from noema_db._runtime.repository_core import new_document, round_trip, utc_now

from bench.documents import generate
from bench.plain_models import plain_model
from noema_codegen.checked_project import load_project


def run_times(work: Callable[[], int], repeat: int) -> list[float]:
    """CPU seconds of each of ``repeat`` runs of ``work`` (process time: on a loaded machine
    wall time mostly measures the other processes)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return times


def repository_classes() -> dict[str, Any]:
    classes = {}
    for name in repositories.__all__:
        value = getattr(repositories, name)
        if name.endswith("Repository") and not name.startswith("Async"):
            classes[value.spec.name] = value
    return classes


def measure(
    name: str, repo: Any, documents: Sequence[dict[str, Any]], repeat: int
) -> dict[str, list[float]]:
    """Seconds per run of each column, on the same documents."""
    model_class = repo.model
    plain_class = plain_model(model_class)
    stored = [round_trip(d, None) for d in documents]  # as pymongo decodes them
    models = [model_class.from_document(d) for d in stored]
    plains = [plain_class.model_validate(d) for d in stored]
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

    def plain_write() -> int:
        for plain in plains:
            bson.encode(plain.model_dump(by_alias=True, exclude_unset=True))
        return len(plains)

    def raw_decode() -> int:
        for data in raw_bytes:
            bson.decode(data)
        return len(raw_bytes)

    def typed_read() -> int:
        from_document = model_class.from_document
        for data in raw_bytes:
            from_document(bson.decode(data))
        return len(raw_bytes)

    def plain_read() -> int:
        validate = plain_class.model_validate
        for data in raw_bytes:
            validate(bson.decode(data))
        return len(raw_bytes)

    def insert_cpu() -> int:
        now = utc_now()
        from_document = model_class.from_document
        for model in models:
            document = new_document(model, spec, writer, now)
            bson.encode(document)
            from_document(document)
        return len(models)

    works = {
        "raw encode": raw_encode,
        "typed write": typed_write,
        "plain write": plain_write,
        "raw decode": raw_decode,
        "typed read": typed_read,
        "plain read": plain_read,
        "insert_one cpu": insert_cpu,
    }
    times: dict[str, list[float]] = {column: [] for column in works}
    for _ in range(repeat):  # interleaved, so a load spike hits every column of one run
        for column, work in works.items():
            times[column].extend(run_times(work, 1))
    return times


RATIOS = {
    "write/raw": ("typed write", "raw encode"),
    "plain w/raw": ("plain write", "raw encode"),
    "read/raw": ("typed read", "raw decode"),
    "plain r/raw": ("plain read", "raw decode"),
}
TARGETS = {"write/raw": 2.0, "read/raw": 2.5}


def ratio_cell(times: dict[str, list[float]], ratio: str) -> tuple[float, str]:
    over, under = RATIOS[ratio]
    per_run = [a / b for a, b in zip(times[over], times[under], strict=True)]
    middle = statistics.median(per_run)
    return middle, f"{middle:.2f}x [{min(per_run):.2f}-{max(per_run):.2f}]"


def optional_libraries() -> str:
    found = [n for n in ("msgspec", "beanie", "odmantic") if importlib.util.find_spec(n)]
    missing = [n for n in ("msgspec", "beanie", "odmantic") if n not in found]
    note = f"not installed (not in the lock): {', '.join(missing)}" if missing else ""
    if found:
        note += f"; installed but not wired into this run: {', '.join(found)}"
    return note


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--count", type=int, default=14_000, help="documents over the 7 collections"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per figure (the median is printed)"
    )
    args = parser.parse_args(argv)

    project = load_project(ROOT / "schemas")
    schemas = {c.name: dict(c.validator_schema) for c in project.collections}
    by_collection: dict[str, list[dict[str, Any]]] = {}
    for name, document, _ in generate(schemas, args.count, invalid_ratio=0.0):
        by_collection.setdefault(name, []).append(document)
    classes = repository_classes()

    print(
        f"median of {args.repeat} runs; {args.count} ADR-002 documents; python {sys.version.split()[0]}"
    )
    totals: dict[str, list[float]] = {}
    total_docs = 0
    rows: list[tuple[str, dict[str, list[float]], int]] = []
    for name in sorted(by_collection):
        documents = by_collection[name]
        times = measure(name, classes[name], documents, args.repeat)
        rows.append((name, times, len(documents)))
        for column, values in times.items():
            summed = totals.setdefault(column, [0.0] * args.repeat)
            for run, seconds in enumerate(values):
                summed[run] += seconds
        total_docs += len(documents)
    columns = list(rows[0][1])
    print("documents per second (median):")
    print(f"{'collection':18}" + "".join(f"{c:>15}" for c in columns))
    for name, times, count in [*rows, ("all (mix)", totals, total_docs)]:
        print(
            f"{name:18}"
            + "".join(f"{count / statistics.median(times[c]):>15,.0f}" for c in columns)
        )
    print("ratios, median [min-max] over the runs (time of the path / time of bson):")
    print(f"{'collection':18}" + "".join(f"{r:>22}" for r in RATIOS))
    missed: list[str] = []
    for name, times, _ in [*rows, ("all (mix)", totals, total_docs)]:
        cells = []
        for ratio in RATIOS:
            middle, cell = ratio_cell(times, ratio)
            if ratio in TARGETS and middle > TARGETS[ratio] and name != "all (mix)":
                missed.append(f"{name} {ratio} {middle:.2f}x > {TARGETS[ratio]}x")
                cell += "!"
            cells.append(cell)
        print(f"{name:18}" + "".join(f"{c:>22}" for c in cells))
    print(
        "targets: typed read <= 2.5x bson.decode, typed write <= 2x bson.encode per collection: "
        + ("met" if not missed else "NOT met: " + "; ".join(missed))
    )
    note = optional_libraries()
    if note:
        print(f"msgspec/Beanie/ODMantic: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
