"""bench/apply_round_trips.py keeps running and its O(collections) verdict can say "no"."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

from noema_codegen.apply.desired import load_desired

ROOT = Path(__file__).resolve().parents[1]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_apply_round_trips", ROOT / "bench" / "apply_round_trips.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_apply_round_trips"] = bench
    spec.loader.exec_module(bench)
    return bench


def test_a_synthetic_set_takes_one_create_indexes_per_collection(tmp_path: Path) -> None:
    bench = _bench()
    schemas = bench.synthetic_schemas(tmp_path / "schemas", 14)
    desired = load_desired(schemas)
    empty, in_sync = bench.measure(14, schemas, 1)
    assert empty.collections == in_sync.collections == len(desired) == 14
    assert empty.calls["create_indexes"] == sum(1 for d in desired if d.indexes)
    assert empty.calls["create_collection"] == 14
    assert empty.indexes == sum(len(d.indexes) for d in desired) > empty.calls["create_indexes"]
    writes = {"create_collection", "coll_mod", "create_indexes", "drop_index"}
    assert not writes & set(in_sync.calls)
    assert bench.o_collections(empty) == [] and bench.o_collections(in_sync) == []
    assert len(empty.seconds) == 1


def test_one_create_indexes_per_index_breaks_the_verdict() -> None:
    bench = _bench()
    calls = Counter(
        {"server_info": 2, "list_collections": 2, "list_indexes": 7, "create_indexes": 17}
    )
    row = bench.Row(7, "empty", 7, 7, 17, calls, [0.0])
    assert row.round_trips == 2 * 2 + 2 + 7 + 17
    assert any("createIndexes" in problem for problem in bench.o_collections(row))
    reads = bench.Row(7, "in sync", 7, 7, 17, Counter({"list_collections": 3}), [0.0])
    assert bench.o_collections(reads)
