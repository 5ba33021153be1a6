"""Round trips of `noema-codegen apply` as collections grow (issue 14 item 4).

Usage: .venv/bin/python bench/apply_round_trips.py [--runs 5] [--sizes 7,500]

For the bundled 7 schemas and for synthetic sets of collections (``synthetic_schemas`` of
bench/build.py: the bundled ones cycled under new names), it runs the real planner and
executor (``noema_codegen.apply.service.apply_with``, plan -> apply -> verify by planning
again) against the recording fake adapter of the tests (tests/apply/apply_fakes.py), twice:

  * **empty**: the database has nothing; the verifying read-back sees everything applied
    (``server_snapshot`` of tests/apply/apply_server_shape.py: the listCollections /
    listIndexes reply shapes of a server where the desired state was applied);
  * **in sync**: the database already holds the desired state; nothing to do.

It counts the adapter calls and prints, per size and state, collections, indexes,
createIndexes calls next to the baseline "one per index", the reads (listCollections,
listIndexes, server_info), every round trip together, and the CPU time
(``time.process_time``) of ``apply_with`` (planning + apply + verification), as the median
[min-max] of ``--runs`` (after one untimed run). A round trip is one server command as
pymongo_adapter.py sends it: one per adapter call, except ``server_info`` (hello + buildInfo:
two). Not modelled: getMore of a listCollections/listIndexes reply that outgrows its first
batch, and pymongo's own connection handshake. It then says whether round trips stay
O(collections): createIndexes == collections with indexes on an empty database (0 in sync),
and reads of at most one listCollections + one server_info per plan (the apply's and the
verification's) plus one listIndexes per collection and plan.

The fake adapter and the server shapes are imported from tests/apply/ through ``sys.path``
(the same way pytest imports them there): one source of truth for the call recording and
the reply shapes, and neither module imports pytest. No server is involved, so the CPU time
is what our planning and execution cost, without network or server time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "apply"))  # the fake adapter, see the docstring

from apply_fakes import RecordingAdapter
from apply_server_shape import empty_snapshot, server_snapshot

from bench.build import synthetic_schemas
from noema_codegen.apply.desired import DesiredCollection, load_desired
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.planner import PlanOptions
from noema_codegen.apply.service import apply_with

SHOWN = ("create_indexes", "list_collections", "list_indexes", "server_info", "create_collection")


@dataclass
class Row:
    size: int
    state: str
    collections: int
    with_indexes: int
    indexes: int
    calls: Counter[str]
    seconds: list[float]

    @property
    def round_trips(self) -> int:
        commands = sum(n for name, n in self.calls.items() if name != "close")
        return commands + self.calls["server_info"]  # hello + buildInfo


def run(
    desired: tuple[DesiredCollection, ...], states: list[dict[str, Any]], runs: int
) -> tuple[Counter[str], list[float]]:
    """The adapter calls of one apply (the same in every run) and the CPU seconds of each run."""
    counts: Counter[str] | None = None
    seconds: list[float] = []
    for n in range(runs + 1):  # the first run (lazy imports, caches) is not timed
        adapter = RecordingAdapter(list(states))
        start = time.process_time()
        report = apply_with(adapter, desired, PlanOptions(), ApplyOptions())
        if n:
            seconds.append(time.process_time() - start)
        if not report.ok:
            raise SystemExit(f"apply did not succeed: {report.error or report.refusals}")
        calls = Counter(str(call[0]) for call in adapter.calls)
        if counts is not None and calls != counts:
            raise SystemExit(f"the calls differ between runs: {counts} != {calls}")
        counts = calls
    assert counts is not None
    return counts, seconds


def measure(size: int, schema_dir: Path, runs: int) -> list[Row]:
    desired = load_desired(schema_dir)
    in_sync = server_snapshot(desired)
    with_indexes = sum(1 for d in desired if d.indexes)
    indexes = sum(len(d.indexes) for d in desired)
    rows = []
    for state, states in (("empty", [empty_snapshot(), in_sync]), ("in sync", [in_sync])):
        calls, seconds = run(desired, states, runs)
        rows.append(Row(size, state, len(desired), with_indexes, indexes, calls, seconds))
    return rows


def o_collections(row: Row) -> list[str]:
    """What breaks "round trips stay O(collections)" in this row (empty when it holds)."""
    problems = []
    expected = row.with_indexes if row.state == "empty" else 0
    if row.calls["create_indexes"] != expected:
        problems.append(f"{row.calls['create_indexes']} createIndexes, expected {expected}")
    plans = row.calls["list_collections"]  # one listCollections per plan (apply, verify)
    if plans > 2 or row.calls["server_info"] > plans:
        problems.append(f"{plans} listCollections, {row.calls['server_info']} server_info")
    if row.calls["list_indexes"] > row.collections * plans:
        problems.append(f"{row.calls['list_indexes']} listIndexes for {row.collections}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="7,500", help="collection counts (7 = bundled)")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(n) for n in args.sizes.split(",")):
            schemas = (
                ROOT / "schemas"
                if size == 7
                else synthetic_schemas(Path(tmp) / f"schemas{size}", size)
            )
            rows += measure(size, schemas, args.runs)
    print("adapter calls of one apply_with (recording fake adapter, no server); CPU time of")
    print(f"apply_with (plan + apply + verify): median [min-max] of {args.runs} runs")
    header = (
        f"{'collections':>11} {'state':<8} {'indexes':>7} {'createIndexes':>13} "
        f"{'one/index':>9} {'listColl':>8} {'listIdx':>7} {'serverInfo':>10} {'create':>6} "
        f"{'round trips':>11} {'per coll':>8}  CPU ms"
    )
    print(header)
    broken = []
    for row in rows:
        ms = [s * 1000 for s in row.seconds]
        print(
            f"{row.collections:>11} {row.state:<8} {row.indexes:>7} "
            f"{row.calls['create_indexes']:>13} {row.indexes:>9} "
            f"{row.calls['list_collections']:>8} {row.calls['list_indexes']:>7} "
            f"{row.calls['server_info']:>10} {row.calls['create_collection']:>6} "
            f"{row.round_trips:>11} {row.round_trips / row.collections:>8.2f}  "
            f"{statistics.median(ms):.1f} [{min(ms):.1f}-{max(ms):.1f}]"
        )
        broken += [f"{row.collections} {row.state}: {p}" for p in o_collections(row)]
    other = sorted({n for row in rows for n in row.calls} - {*SHOWN, "close"})
    if other:  # counted in "round trips", no column of their own
        print("other calls: " + ", ".join(other))
    print(
        "round trips stay O(collections) (createIndexes == collections with indexes, "
        "reads <= 2 x (server_info + listCollections + listIndexes per collection)): "
        + ("holds" if not broken else "does NOT hold (" + "; ".join(broken) + ")")
    )
    return 0 if not broken else 1


if __name__ == "__main__":
    raise SystemExit(main())
