"""A small desired state used by the planner tests, independent of the project's schemas.

The fixtures ``fixtures/mongodb-{6.0,7.0,8.0}.json`` are what MongoDB 6.0, 7.0 and 8.0 return
for a database where exactly this state was applied (by different clients, hence the
different number types), plus foreign objects that must be left alone.
"""

from __future__ import annotations

from typing import Any

from noema_codegen.apply.desired import DesiredCollection

SESSIONS_SCHEMA: dict[str, Any] = {
    "bsonType": "object",
    "required": ["sessionId", "masterAccountId", "platform", "isActive"],
    "properties": {
        "sessionId": {"bsonType": "objectId"},
        "masterAccountId": {"bsonType": "objectId"},
        "platform": {"bsonType": "string", "enum": ["telegram", "discord", "web", "api"]},
        "isActive": {"bsonType": "bool"},
        "endTime": {"bsonType": "date"},
        "metadata": {"bsonType": "object", "minProperties": 0, "additionalProperties": True},
    },
}

CORE_SCHEMA: dict[str, Any] = {
    "bsonType": "object",
    "required": ["_id", "platformIdentities"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "platformIdentities": {
            "bsonType": "object",
            "additionalProperties": {"bsonType": "string"},
            "minProperties": 0,
        },
        "wallets": {
            "bsonType": "array",
            "items": {
                "bsonType": "object",
                "required": ["address"],
                "properties": {"address": {"bsonType": "string"}},
            },
        },
    },
}


def options(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "validator": {"$jsonSchema": schema},
        "validationLevel": "strict",
        "validationAction": "error",
    }


SESSIONS_INDEXES: list[dict[str, Any]] = [
    {"key": {"sessionId": 1}, "name": "noema_session_id", "unique": True},
    {
        "key": {"masterAccountId": 1, "isActive": -1},
        "name": "noema_account_active",
        "partialFilterExpression": {"isActive": {"$eq": True}},
    },
    {"key": {"endTime": 1}, "name": "noema_end_time_ttl", "expireAfterSeconds": 2592000},
    {
        "key": {"platform": 1},
        "name": "noema_platform_ci",
        "collation": {"locale": "en", "strength": 2},
    },
]

CORE_INDEXES: list[dict[str, Any]] = [
    {"key": {"platformIdentities.$**": 1}, "name": "noema_platform_identities"},
    {
        "key": {"wallets.address": 1},
        "name": "noema_wallet_address",
        "unique": True,
        "partialFilterExpression": {"wallets.address": {"$exists": True}},
    },
]


def sample_desired() -> tuple[DesiredCollection, ...]:
    return (
        DesiredCollection("userCore", options(CORE_SCHEMA), tuple(CORE_INDEXES)),
        DesiredCollection("userSessions", options(SESSIONS_SCHEMA), tuple(SESSIONS_INDEXES)),
    )
