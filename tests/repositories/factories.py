"""Valid ADR-002 models for every collection, built by attribute name (tests only)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from bson import ObjectId
from noema_db.models import (
    GenerationOutput,
    Transaction,
    UserCore,
    UserEconomy,
    UserEvent,
    UserPreferences,
    UserSession,
)

BASE_TIME = datetime(2026, 1, 1, 12, 0, 0)


def at(minutes: int) -> datetime:
    return BASE_TIME + timedelta(minutes=minutes)


def user_core(n: int, **changes: Any) -> UserCore:
    values: dict[str, Any] = {
        "platform_identities": {"telegram": f"tg-{n}"},
        "user_creation_timestamp": at(n),
        "updated_at": at(n),
        "wallets": [
            {"chain": "evm", "address": f"0xwallet{n:04d}", "added_at": at(n), "verified": True}
        ],
        "api_keys": [{"key_hash": f"hash-{n}", "label": "main", "created_at": at(n)}],
        "status": "active",
    }
    values.update(changes)
    return UserCore(**values)


def user_economy(n: int, **changes: Any) -> UserEconomy:
    values: dict[str, Any] = {
        "master_account_id": ObjectId(),
        "usd_credit": Decimal(0),
        "exp": n,
        "created_at": at(n),
        "updated_at": at(n),
    }
    values.update(changes)
    return UserEconomy(**values)


def user_preferences(n: int, **changes: Any) -> UserPreferences:
    values: dict[str, Any] = {
        "master_account_id": ObjectId(),
        "preferences": {"globalSettings": {"theme": "dark", "n": n}},
        "created_at": at(n),
        "updated_at": at(n),
    }
    values.update(changes)
    return UserPreferences(**values)


def transaction(n: int, **changes: Any) -> Transaction:
    values: dict[str, Any] = {
        "master_account_id": ObjectId(),
        "timestamp": at(n),
        "type": "credit",
        "description": f"test transaction {n}",
        "amount_usd": Decimal("1.25"),
        "balance_before_usd": Decimal(n),
        "balance_after_usd": Decimal(n) + Decimal("1.25"),
        "metadata": {"source": "test"},
    }
    values.update(changes)
    return Transaction(**values)


def user_session(n: int, **changes: Any) -> UserSession:
    values: dict[str, Any] = {
        "master_account_id": ObjectId(),
        "start_time": at(n),
        "platform": "telegram",
        "is_active": True,
        "last_user_activity_timestamp": at(n),
        "user_agent": "pytest",
    }
    values.update(changes)
    return UserSession(**values)


def user_event(n: int, **changes: Any) -> UserEvent:
    values: dict[str, Any] = {
        "master_account_id": ObjectId(),
        "session_id": ObjectId(),
        "timestamp": at(n),
        "event_type": "command_executed",
        "source_platform": "telegram",
        "event_data": {"command": "/make", "n": n},
    }
    values.update(changes)
    return UserEvent(**values)


def generation_output(n: int, **changes: Any) -> GenerationOutput:
    values: dict[str, Any] = {
        "master_account_id": ObjectId(),
        "session_id": ObjectId(),
        "initiating_event_id": ObjectId(),
        "service_name": "comfyui-deploy",
        "request_timestamp": at(n),
        "status": "pending",
        "request_payload": {"prompt": f"cat {n}"},
        "retry_attempt": 0,
        "platform_specific_run_id": f"run-{n}" if n % 2 == 0 else None,
        "duration_ms": 1000 + n,
    }
    values.update(changes)
    return GenerationOutput(**values)
