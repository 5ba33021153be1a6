"""Realistic documents of the 7 collections, exactly as pymongo decodes them.

pymongo 4 (default ``CodecOptions``) decodes: objectId -> ``ObjectId``; date -> naive
UTC ``datetime`` with millisecond precision; decimal -> ``Decimal128``; int -> ``int``;
long -> ``bson.Int64``; arrays -> ``list``; embedded documents -> ``dict``.

Every document here satisfies the collection's validator (``generated/validators``);
``document(name)`` returns a fresh deep copy so tests may mutate it. Reusable by other
test folders: ``from tests.models.documents import document, DOCUMENTS``.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from bson import Decimal128, Int64, ObjectId

USER_ID = ObjectId("65f1a2b3c4d5e6f708192a3b")
SESSION_ID = ObjectId("65f1a2b3c4d5e6f708192a3c")
EVENT_ID = ObjectId("65f1a2b3c4d5e6f708192a3d")
GENERATION_ID = ObjectId("65f1a2b3c4d5e6f708192a3e")

USER_CORE: dict[str, Any] = {
    "_id": USER_ID,
    "platformIdentities": {"telegram": "123456789", "discord": "987654321012345678"},
    "wallets": [
        {
            "address": "0x52908400098527886E0F7030069857D2E4169EE7",
            "isPrimary": True,
            "addedAt": datetime(2024, 3, 13, 9, 15, 2, 123000),
            "verified": True,
        },
        {
            "address": "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
            "addedAt": datetime(2024, 5, 2, 18, 0, 0),
            "verified": False,
        },
    ],
    "apiKeys": [
        {
            "keyHash": "sha256:4f2a9c0d1e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29",
            "label": "CI pipeline",
            "createdAt": datetime(2024, 4, 1, 12, 0, 0, 1000),
            "lastUsedAt": datetime(2025, 1, 20, 7, 45, 59, 999000),
            "scopes": ["generate", "read:history"],
            "isActive": True,
        },
        {
            "keyHash": "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "label": "old laptop",
            "createdAt": datetime(2023, 11, 5, 8, 30, 0),
        },
    ],
    "userCreationTimestamp": datetime(2023, 11, 5, 8, 29, 41, 512000),
    "updatedAt": datetime(2025, 1, 20, 7, 46, 0, 3000),
    "lastLoginTimestamp": datetime(2025, 1, 20, 7, 45, 58, 0),
    "lastSeenPlatform": "telegram",
    "awards": [
        {
            "awardId": "early_adopter",
            "achievedAt": datetime(2023, 11, 5, 8, 29, 41, 512000),
            "displayName": "Early Adopter",
            "description": "Joined during the first month.",
        },
        {"awardId": "century_creator", "achievedAt": datetime(2024, 8, 30, 22, 10, 5)},
    ],
    "profile": {"displayName": "Ada", "avatarUrl": "https://cdn.example.org/a/ada.png"},
    "status": "active",
}

USER_ECONOMY: dict[str, Any] = {
    "_id": ObjectId("65f1a2b3c4d5e6f708192a40"),
    "masterAccountId": USER_ID,
    "usdCredit": Decimal128("12.3450"),
    "exp": Int64(48213),
    "createdAt": datetime(2023, 11, 5, 8, 29, 41, 600000),
    "updatedAt": datetime(2025, 1, 20, 7, 46, 0, 3000),
}

USER_PREFERENCES: dict[str, Any] = {
    "_id": ObjectId("65f1a2b3c4d5e6f708192a41"),
    "masterAccountId": USER_ID,
    "preferences": {
        "globalSettings": {"language": "en", "notifications": True, "theme": "dark"},
        "workflowId_A": {"steps": 30, "cfgScale": 7.5, "sampler": "euler_a", "seed": None},
        "tool_imageEnhance": {"strength": Decimal128("0.35"), "models": ["esrgan", "gfpgan"]},
    },
    "createdAt": datetime(2023, 11, 5, 8, 29, 41, 700000),
    "updatedAt": datetime(2024, 12, 31, 23, 59, 59, 999000),
}

TRANSACTION: dict[str, Any] = {
    "_id": ObjectId("65f1a2b3c4d5e6f708192a42"),
    "masterAccountId": USER_ID,
    "timestamp": datetime(2025, 1, 20, 7, 47, 12, 250000),
    "type": "generation_cost",
    "description": "Image generation (comfyui-deploy, 4 images)",
    "amountUsd": Decimal128("-0.0400"),
    "balanceBeforeUsd": Decimal128("12.3850"),
    "balanceAfterUsd": Decimal128("12.3450"),
    "relatedItems": {
        "eventId": EVENT_ID,
        "generationId": GENERATION_ID,
        "commandName": "/make",
    },
    "externalTransactionId": "gen-65f1a2b3c4d5e6f708192a3e",
    "metadata": {"pricingVersion": 3, "units": 4},
}

USER_SESSION: dict[str, Any] = {
    "_id": ObjectId("65f1a2b3c4d5e6f708192a43"),
    "sessionId": SESSION_ID,
    "masterAccountId": USER_ID,
    "startTime": datetime(2025, 1, 20, 7, 45, 58, 0),
    "endTime": None,
    "endReason": None,
    "platform": "telegram",
    "isActive": True,
    "lastUserActivityTimestamp": datetime(2025, 1, 20, 7, 47, 12, 250000),
    "metadata": {"clientVersion": "2.4.1", "device": {"os": "android", "model": "Pixel 8"}},
}

ENDED_USER_SESSION: dict[str, Any] = {
    "_id": ObjectId("65f1a2b3c4d5e6f708192a44"),
    "sessionId": ObjectId("65f1a2b3c4d5e6f708192a45"),
    "masterAccountId": USER_ID,
    "startTime": datetime(2025, 1, 19, 20, 0, 0),
    "endTime": datetime(2025, 1, 19, 20, 31, 4, 77000),
    "endReason": "session_timeout_inactive",
    "platform": "web",
    "isActive": False,
    "lastUserActivityTimestamp": datetime(2025, 1, 19, 20, 1, 4, 77000),
    "userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
}

USER_EVENT: dict[str, Any] = {
    "_id": ObjectId("65f1a2b3c4d5e6f708192a46"),
    "eventId": EVENT_ID,
    "masterAccountId": USER_ID,
    "sessionId": SESSION_ID,
    "timestamp": datetime(2025, 1, 20, 7, 47, 11, 900000),
    "eventType": "command_invoked",
    "eventData": {"command": "/make", "args": ["a lighthouse at dusk"], "chatId": 123456789},
    "sourcePlatform": "telegram",
}

GENERATION_OUTPUT: dict[str, Any] = {
    "_id": ObjectId("65f1a2b3c4d5e6f708192a47"),
    "generationId": GENERATION_ID,
    "masterAccountId": USER_ID,
    "sessionId": SESSION_ID,
    "initiatingEventId": EVENT_ID,
    "serviceName": "comfyui-deploy",
    "platformSpecificRunId": "run_01HMZ8X7K2Q9",
    "requestTimestamp": datetime(2025, 1, 20, 7, 47, 12, 0),
    "responseTimestamp": datetime(2025, 1, 20, 7, 47, 41, 512000),
    "durationMs": Int64(29512),
    "status": "success",
    "costUsd": Decimal128("0.0400"),
    "requestPayload": {"prompt": "a lighthouse at dusk", "steps": 30, "batch": 4},
    "responsePayload": {"images": 4, "nsfw": [False, False, False, False]},
    "artifactUrls": [
        {"url": "https://cdn.example.org/g/65f1a2b3/0.png", "type": "image"},
        {"url": "https://cdn.example.org/g/65f1a2b3/1.png", "type": "image"},
    ],
    "metadata": {"gpu": "A10G", "queueMs": 812},
    "retryAttempt": 0,
}

FAILED_GENERATION_OUTPUT: dict[str, Any] = {
    "_id": ObjectId("65f1a2b3c4d5e6f708192a48"),
    "generationId": ObjectId("65f1a2b3c4d5e6f708192a49"),
    "masterAccountId": USER_ID,
    "sessionId": SESSION_ID,
    "initiatingEventId": EVENT_ID,
    "serviceName": "dalle3-service",
    "platformSpecificRunId": None,
    "requestTimestamp": datetime(2025, 1, 20, 7, 50, 0, 0),
    "responseTimestamp": None,
    "status": "failed",
    "costUsd": None,
    "errorDetails": {
        "errorCode": "RATE_LIMITED",
        "errorMessage": "429 Too Many Requests",
        "errorSource": "service_api",
        "additionalContext": {"retryAfterSeconds": 20},
    },
    "retryAttempt": 2,
}

DOCUMENTS: dict[str, dict[str, Any]] = {
    "userCore": USER_CORE,
    "userEconomy": USER_ECONOMY,
    "userPreferences": USER_PREFERENCES,
    "transactions": TRANSACTION,
    "userSessions": USER_SESSION,
    "userEvents": USER_EVENT,
    "generationOutputs": GENERATION_OUTPUT,
}
"""One realistic document per collection (keyed by collection name)."""

MORE_DOCUMENTS: dict[str, list[dict[str, Any]]] = {
    "userSessions": [ENDED_USER_SESSION],
    "generationOutputs": [FAILED_GENERATION_OUTPUT],
}
"""Further documents exercising other branches (nulls, enum members, error details)."""

LONG_FIELDS: dict[str, tuple[str, ...]] = {
    "userEconomy": ("exp",),
    "generationOutputs": ("durationMs",),
}
"""Top-level fields of bsonType ``long`` (must be stored as int64)."""


def document(collection: str) -> dict[str, Any]:
    """A fresh copy of the realistic document of ``collection``."""
    return copy.deepcopy(DOCUMENTS[collection])


def all_documents() -> list[tuple[str, dict[str, Any]]]:
    """``(collection, fresh document)`` for every document above."""
    pairs = [(name, doc) for name, doc in DOCUMENTS.items()]
    pairs += [(name, doc) for name, docs in MORE_DOCUMENTS.items() for doc in docs]
    return [(name, copy.deepcopy(doc)) for name, doc in pairs]
