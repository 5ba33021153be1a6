"""Benchmark: the cost of explaining an invalid document, ``explain`` against ``errors``.

    .venv/bin/python bench/explain.py [--count 20000] [--repeat 5]

Generates the same realistic ADR-002 documents as ``bench/validate.py`` (about 10 % invalid:
wrong type, missing required field, bad enum value, int32 in a long field, out-of-range int),
keeps the invalid ones and times, per invalid document, ``explain`` (the server's
``errInfo.details``), ``errors`` (its flat view: ``explain`` plus flattening) and ``is_valid``
(for scale). It checks first
that ``explain`` returns details for every invalid document and ``None`` for every valid one.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.documents import generate
from noema_codegen.checked_project import load_project
from noema_codegen.validation import compile_schema


def best_seconds(calls: Sequence[tuple[Callable[[Any], Any], Any]], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for fn, doc in calls:
            fn(doc)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    project = load_project(ROOT / "schemas")
    schemas = {c.name: c.validator_options["validator"]["$jsonSchema"] for c in project.collections}
    engines = {name: compile_schema(schema) for name, schema in schemas.items()}
    docs = generate(schemas, args.count)

    for name, doc, kind in docs:
        details = engines[name].explain(doc)
        assert (details is None) is (kind == "valid"), f"{name} {kind}: {details}"
    invalid = [(name, doc) for name, doc, kind in docs if kind != "valid"]
    kinds = Counter(kind for _, _, kind in docs if kind != "valid")
    print(
        f"{len(invalid)} invalid documents of {len(docs)} over {len(schemas)} collections; "
        + ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
    )

    contenders = {
        "explain (errInfo.details)": [(engines[n].explain, d) for n, d in invalid],
        "errors (flat view)": [(engines[n].errors, d) for n, d in invalid],
        "is_valid (for scale)": [(engines[n].is_valid, d) for n, d in invalid],
    }
    # Interleaved rounds, best round per contender: the machine is shared.
    seconds = dict.fromkeys(contenders, float("inf"))
    for _ in range(args.repeat):
        for label, calls in contenders.items():
            seconds[label] = min(seconds[label], best_seconds(calls, 1))
    base = seconds["is_valid (for scale)"]
    print(f"{'per invalid document':28} {'µs/doc':>10} {'x is_valid':>16}")
    for label, value in seconds.items():
        print(f"{label:28} {value / len(invalid) * 1e6:10.1f} {value / base:15.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
