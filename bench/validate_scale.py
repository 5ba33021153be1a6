"""Benchmark: ``validate`` on large JSON-lines files — throughput and peak memory as files grow.

    .venv/bin/python bench/validate_scale.py [--lines 10000 1000000] [--collection userCore]

Writes files of ADR-002 documents (relaxed Extended JSON, one per line, about 10 % invalid; the
generator of bench/validate.py, cycled), then, for each file and in a fresh subprocess each (so
that ``ru_maxrss`` is that run's peak):

* **validate**: the path ``noema-codegen validate COLLECTION FILE --format json`` takes, in
  process (``document_check.check_files`` reading the file record by record, each invalid record
  formatted as its JSON line and discarded);
* **jsonschema**: the same file read line by line with ``bson.json_util.loads`` and checked by
  the jsonschema Draft 4 baseline of bench/validate.py (a bsonType-aware type checker).

Prints documents per second and peak resident memory (``ru_maxrss``) of each run, the ratio of
the two, and the ratio of peak memory between the largest and the smallest file (target <= 1.5x).
``--baseline-max`` limits the lines the (slower) baseline reads of each file.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POOL = 5_000  # distinct generated documents, cycled to fill the files


def _schema(collection: str) -> dict[str, Any]:
    from noema_codegen.checked_project import load_project

    project = load_project(ROOT / "schemas")
    schema: dict[str, Any] = project.get(collection).validator_options["validator"]["$jsonSchema"]
    return schema


def write_file(path: Path, collection: str, lines: int) -> None:
    from bson import json_util

    from bench.documents import generate

    pool = [
        json_util.dumps(doc, json_options=json_util.RELAXED_JSON_OPTIONS)
        for _, doc, _ in generate({collection: _schema(collection)}, POOL)
    ]
    with path.open("w", encoding="utf-8") as out:
        for line in islice(cycle(pool), lines):
            out.write(line + "\n")


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def child(kind: str, collection: str, path: Path, limit: int | None) -> dict[str, Any]:
    """One measured run (in its own process); returns its figures."""
    if kind == "validate":
        from noema_codegen.document_check import check_files, load_validator
        from noema_codegen.document_report import outcome_json

        validator = load_validator(ROOT / "schemas", collection)
        before = _peak_kib()
        start = time.perf_counter()
        report = check_files(
            validator, collection, [path], on_outcome=lambda outcome: outcome_json(outcome) and None
        )
        seconds = time.perf_counter() - start
        count, invalid = report.checked + report.undecodable, report.invalid + report.undecodable
    else:
        from bson import json_util

        from bench.validate import baseline_validator

        baseline = baseline_validator(_schema(collection))
        before = _peak_kib()
        start = time.perf_counter()
        count = invalid = 0
        with path.open("rb") as lines:
            for line in islice(lines, limit):
                count += 1
                invalid += not baseline.is_valid(json_util.loads(line))
        seconds = time.perf_counter() - start
    return {
        "count": count,
        "invalid": invalid,
        "seconds": seconds,
        "peak_kib": _peak_kib(),
        "before_kib": before,
    }


def measure(kind: str, collection: str, path: Path, limit: int | None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", kind, str(path), "--collection", collection]
    if limit is not None:
        command += ["--baseline-max", str(limit)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--collection", default="userCore")
    parser.add_argument("--baseline-max", type=int, default=None)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, file = args.child
        print(json.dumps(child(kind, args.collection, Path(file), args.baseline_max)))
        return 0

    peaks: dict[int, int] = {}
    print(f"{'lines':>9} {'run':10} {'docs':>9} {'invalid':>8} {'docs/s':>9} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory(prefix="noema-validate-scale-") as tmp:
        for lines in sorted(args.lines):
            path = Path(tmp) / f"{args.collection}-{lines}.jsonl"
            write_file(path, args.collection, lines)
            rates: dict[str, float] = {}
            for kind in ("validate", "jsonschema"):
                f = measure(kind, args.collection, path, args.baseline_max)
                rates[kind] = f["count"] / f["seconds"]
                if kind == "validate":
                    peaks[lines] = f["peak_kib"]
                print(
                    f"{lines:9,} {kind:10} {f['count']:9,} {f['invalid']:8,} "
                    f"{rates[kind]:9,.0f} {f['peak_kib'] / 1024:9.1f}"
                )
            print(f"{'':9} validate / jsonschema: {rates['validate'] / rates['jsonschema']:.2f}x")
            path.unlink()
    small, large = min(peaks), max(peaks)
    ratio = peaks[large] / peaks[small]
    verdict = "met" if ratio <= 1.5 else "NOT met"
    print(
        f"peak memory of validate, {large:,} lines / {small:,} lines: {ratio:.2f}x "
        f"(target <= 1.5x: {verdict})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
