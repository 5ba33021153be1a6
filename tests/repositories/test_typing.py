"""mypy --strict catches misuse of the generated repositories (wrong argument types, misspelt
fields, unsetting a required field, changing ``_id`` or the primary key) and accepts correct use."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = """
from datetime import datetime
from decimal import Decimal
from typing import Any
from bson import ObjectId
from pymongo import MongoClient
from noema_db.repositories import UserSessionRepository, UserEconomyRepository, gte

client: MongoClient[dict[str, Any]] = MongoClient()
db = client["noema"]
sessions = UserSessionRepository(db)
found = sessions.find_active_sessions_by_user_and_platform(ObjectId(), "telegram")
first = found[0].session_id
sessions.update(first, set={"platform": "web", "end_reason": None}, unset=["user_agent"])
sessions.find({"last_user_activity_timestamp": gte(datetime(2026, 1, 1))}, sort=[("start_time", -1)])
sessions.end_session(first, datetime(2026, 1, 1), "user_logout")
UserEconomyRepository(db).adjust_usd_credit(ObjectId(), Decimal("-1"), "debit", "x", None, "ext-1")
"""

BAD = {
    "wrong_argument_type": (
        'sessions.find_active_sessions_by_user_and_platform("not-an-objectid", "telegram")',
        r'Argument 1 to "find_active_sessions_by_user_and_platform" of "UserSessionRepository" has incompatible type "str"',
    ),
    "misspelt_update_field": (
        'sessions.update(ObjectId(), set={"platfrom": "web"})',
        r'Extra key "platfrom" for TypedDict "UserSessionUpdate"|"set" to "update" .* expected "UserSessionUpdate',
    ),
    "set_primary_key": (
        'sessions.update(ObjectId(), set={"session_id": ObjectId()})',
        r'Extra key "session_id" for TypedDict "UserSessionUpdate"|"set" to "update" .* expected "UserSessionUpdate',
    ),
    "set_id": (
        'sessions.update(ObjectId(), set={"id": ObjectId()})',
        r'Extra key "id" for TypedDict "UserSessionUpdate"|"set" to "update" .* expected "UserSessionUpdate',
    ),
    "set_primary_key_of_many": (
        'sessions.update_many({}, set={"session_id": ObjectId()})',
        r'Extra key "session_id" for TypedDict "UserSessionUpdate"|"set" to "update_many" .* expected "UserSessionUpdate',
    ),
    "unset_primary_key": (
        'sessions.update(ObjectId(), unset=["session_id"])',
        r'List item 0 has incompatible type "Literal\[\'session_id\'\]"',
    ),
    "unset_id": (
        'sessions.update(ObjectId(), unset=["id"])',
        r'List item 0 has incompatible type "Literal\[\'id\'\]"',
    ),
    "unset_required_field": (
        'sessions.update(ObjectId(), unset=["platform"])',
        r'List item 0 has incompatible type "Literal\[\'platform\'\]"',
    ),
    "wrong_condition_type": (
        'sessions.find({"start_time": gte("yesterday")})',
        r'"find" of "UserSessionRepository" has incompatible type .*Condition\[str\]',
    ),
    "wrong_enum_value": (
        'sessions.end_session(ObjectId(), None, "tired")',
        r'Argument 3 to "end_session"',
    ),
    "misspelt_sort_field": (
        'sessions.find(sort=[("start", 1)])',
        r"tuple\[Literal\['start'\], Literal\[1\]\]",
    ),
    "float_credit": (
        'UserEconomyRepository(db).adjust_usd_credit(ObjectId(), 1.5, "debit", "x")',
        r'Argument 2 to "adjust_usd_credit".*"float"',
    ),
}

HEADER = """
from typing import Any
from bson import ObjectId
from pymongo import MongoClient
from noema_db.repositories import UserSessionRepository, UserEconomyRepository, gte

client: MongoClient[dict[str, Any]] = MongoClient()
db = client["noema"]
sessions = UserSessionRepository(db)
"""


@pytest.mark.slow
def test_mypy_reports_misuse_and_accepts_correct_use(tmp_path: Path, generated_dir: Path) -> None:
    (tmp_path / "good.py").write_text(GOOD, encoding="utf-8")
    for name, (line, _) in BAD.items():
        (tmp_path / f"{name}.py").write_text(HEADER + line + "\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".cache"),
            *sorted(str(p.name) for p in tmp_path.glob("*.py")),
        ],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(generated_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    errors: dict[str, list[str]] = {}
    for line in output.splitlines():
        match = re.match(r"(\w+)\.py:\d+: error: (.*)", line)
        if match:
            errors.setdefault(match.group(1), []).append(match.group(2))
    assert "good" not in errors, output
    for name, (_, expected) in BAD.items():
        assert any(re.search(expected, message) for message in errors.get(name, [])), (name, output)
