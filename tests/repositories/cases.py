"""Per collection: how to build documents and what a typed update changes (tests only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from noema_db import repositories

from tests.repositories import factories


@dataclass(frozen=True)
class Case:
    collection: str
    model: str
    make: Callable[..., Any]
    sort_field: str
    """A date attribute each factory document gets from its number (``at(n)``)."""
    set_: dict[str, Any]
    unset: list[str] = field(default_factory=list)
    inc: dict[str, Any] = field(default_factory=dict)

    @property
    def repository(self) -> str:
        return f"{self.model}Repository"

    def __str__(self) -> str:
        return self.collection


CASES = [
    Case(
        "userCore",
        "UserCore",
        factories.user_core,
        "user_creation_timestamp",
        {"last_seen_platform": "web", "profile": {"display_name": "Ann"}},
        unset=["wallets"],
    ),
    Case(
        "userEconomy",
        "UserEconomy",
        factories.user_economy,
        "created_at",
        {"created_at": factories.at(2)},
        inc={"exp": 5},
    ),
    Case(
        "userPreferences",
        "UserPreferences",
        factories.user_preferences,
        "created_at",
        {"preferences": {"tool_x": {"level": 2}}},
    ),
    Case(
        "transactions",
        "Transaction",
        factories.transaction,
        "timestamp",
        {"description": "corrected"},
        unset=["metadata"],
    ),
    Case(
        "userSessions",
        "UserSession",
        factories.user_session,
        "start_time",
        {"platform": "web", "end_reason": None},
        unset=["user_agent"],
    ),
    Case(
        "userEvents",
        "UserEvent",
        factories.user_event,
        "timestamp",
        {"event_type": "login_success"},
        unset=["event_data"],
    ),
    Case(
        "generationOutputs",
        "GenerationOutput",
        factories.generation_output,
        "request_timestamp",
        {
            "status": "success",
            "cost_usd": Decimal("0.25"),
            "artifact_urls": [{"url": "https://x/1.png"}],
        },
        unset=["metadata"],
        inc={"retry_attempt": 1, "duration_ms": 10},
    ),
]


MUTABLE_CASES = [
    case for case in CASES if not getattr(repositories, case.repository).spec.append_only
]
"""Collections whose repositories update and delete (an append-only one has no such methods)."""
