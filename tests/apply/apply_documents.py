"""Documents for the real-server tests, valid for the project's schemas unless overridden."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bson import ObjectId


def session_doc(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    doc: dict[str, Any] = {
        "sessionId": ObjectId(),
        "masterAccountId": ObjectId(),
        "startTime": now,
        "platform": "web",
        "isActive": True,
        "lastUserActivityTimestamp": now,
    }
    doc.update(overrides)
    return doc


def user_doc(*addresses: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "_id": ObjectId(),
        "platformIdentities": {},
        "userCreationTimestamp": now,
        "updatedAt": now,
        "wallets": [{"address": a, "addedAt": now, "verified": False} for a in addresses],
    }
