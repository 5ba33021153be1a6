"""mypy --strict rejects misuse of the seed write operations and accepts their correct use.

Each bad use is the last line of its own file; the test asks only whether mypy reports an
error on that line (not its wording).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HEADER = """
from datetime import datetime
from decimal import Decimal
from typing import Any
from bson import ObjectId
from pymongo import MongoClient
from noema_db.models import GenerationOutput, UserCore
from noema_db.repositories import (
    GenerationOutputRepository,
    TransactionRepository,
    UserCoreRepository,
    UserPreferencesRepository,
    UserSessionRepository,
)

client: MongoClient[dict[str, Any]] = MongoClient()
db = client["noema"]
users = UserCoreRepository(db)
outputs = GenerationOutputRepository(db)
user = ObjectId()
"""

GOOD = """
session = UserSessionRepository(db).create_session(user, "telegram")
created: GenerationOutput = outputs.create_generation_output(user, session.session_id, ObjectId(), "comfy")
retry = outputs.create_generation_output(user, session.session_id, ObjectId(), "comfy", retry_of=created.generation_id)
retries: list[GenerationOutput] = outputs.find_retries_of(created.generation_id)
done: bool = outputs.finalize_generation_output(created.generation_id, "failed", datetime(2026, 1, 1), 5, Decimal("0"))
added: bool = users.add_wallet(user, "0xAB", "evm", True)
users.set_primary_wallet(user, "evm", "0xab")
users.remove_wallet(user, "solana", "So1")
users.add_api_key(user, "hash", "main", ["read"])
owner: UserCore | None = users.touch_api_key("hash")
UserPreferencesRepository(db).update_preference_by_key(user, "tool", "size", 512)
"""

BAD = {
    # an initial state is no transition target: the status parameter's type leaves it out
    "initial_state": 'outputs.finalize_generation_output(ObjectId(), "pending", None, 1, None)',
    "unknown_state": 'outputs.finalize_generation_output(ObjectId(), "done", None, 1, None)',
    "unknown_chain": 'users.add_wallet(user, "0xAB", "bitcoin", True)',
    "ledger_update": "TransactionRepository(db).update(ObjectId(), set={})",
    "ledger_delete": "TransactionRepository(db).delete(ObjectId())",
    "touch_returns_optional": 'found: UserCore = users.touch_api_key("hash")',
    "create_needs_its_fields": "UserSessionRepository(db).create_session(user)",
}


@pytest.mark.slow
def test_mypy_rejects_misuse_of_writes(tmp_path: Path, generated_dir: Path) -> None:
    (tmp_path / "good.py").write_text(HEADER + GOOD, encoding="utf-8")
    lines: dict[str, int] = {}
    for name, line in BAD.items():
        text = HEADER + line + "\n"
        (tmp_path / f"{name}.py").write_text(text, encoding="utf-8")
        lines[name] = text.count("\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".cache"),
            *sorted(p.name for p in tmp_path.glob("*.py")),
        ],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(generated_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    flagged: dict[str, set[int]] = {}
    for message in output.splitlines():
        match = re.match(r"(\w+)\.py:(\d+): error:", message)
        if match:
            flagged.setdefault(match.group(1), set()).add(int(match.group(2)))
    assert "good" not in flagged, output
    for name, line in lines.items():
        assert flagged.get(name) == {line}, (name, output)
