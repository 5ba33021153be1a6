"""Realistic ADR-002 documents for benchmarks, driven by each collection's validator schema.

``valid_document`` walks a collection's ``$jsonSchema`` and fills every required field and most
optional ones with plausible values of the right BSON type (enum members, platform names, nested
payloads). ``corrupt`` turns a valid document into an invalid one of a given kind.
"""

from __future__ import annotations

import copy
import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from bson import Decimal128, Int64, ObjectId

PLATFORMS = ["telegram", "discord", "web", "api"]
WORDS = [
    "alpha",
    "render",
    "upscale",
    "credit",
    "bonus",
    "refund",
    "comfyui",
    "dalle3",
    "session",
    "workflow",
    "image",
    "video",
    "prompt",
    "seed",
    "style",
    "quality",
]
BASE_TIME = datetime.datetime(2025, 5, 7, tzinfo=datetime.UTC)

KINDS = ("wrong-type", "missing-required", "bad-enum", "int32-in-long", "out-of-range-int")


def _string(rng: random.Random, name: str) -> str:
    lowered = name.lower()
    if "platform" in lowered:
        return rng.choice(PLATFORMS)
    if "url" in lowered:
        return f"https://cdn.example.com/{rng.choice(WORDS)}/{rng.randrange(10**6)}.png"
    if "address" in lowered:
        return "0x" + "".join(rng.choice("0123456789abcdef") for _ in range(40))
    if "hash" in lowered:
        return "".join(rng.choice("0123456789abcdef") for _ in range(64))
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))


def _payload(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(WORDS)
        roll = rng.random()
        if roll < 0.3:
            payload[key] = rng.choice(WORDS)
        elif roll < 0.5:
            payload[key] = rng.randint(0, 4096)
        elif roll < 0.65:
            payload[key] = rng.random()
        elif roll < 0.8 and depth < 2:
            payload[key] = _payload(rng, depth + 1)
        else:
            payload[key] = [rng.choice(WORDS) for _ in range(rng.randint(0, 3))]
    return payload


def _value(rng: random.Random, name: str, schema: dict[str, Any]) -> Any:
    if "enum" in schema:
        choices = [v for v in schema["enum"] if v is not None] or schema["enum"]
        return rng.choice(choices)
    types = schema.get("bsonType", "object")
    if isinstance(types, list):
        non_null = [t for t in types if t != "null"]
        types = rng.choice(non_null) if non_null and rng.random() < 0.9 else "null"
    makers: dict[str, Callable[[], Any]] = {
        "objectId": ObjectId,
        "string": lambda: _string(rng, name),
        "date": lambda: BASE_TIME + datetime.timedelta(milliseconds=rng.randrange(10**10)),
        "bool": lambda: rng.random() < 0.5,
        "long": lambda: Int64(rng.randrange(2**40)),
        "int": lambda: rng.randrange(5),
        "double": rng.random,
        "decimal": lambda: Decimal128(Decimal(rng.randrange(-(10**6), 10**6)) / 100),
        "null": lambda: None,
    }
    if types in makers:
        return makers[types]()
    if types == "array":
        items = schema.get("items", {"bsonType": "string"})
        return [_value(rng, name, items) for _ in range(rng.randint(0, 3))]
    return _object(rng, schema)


def _object(rng: random.Random, schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    if not properties:
        extra = schema.get("additionalProperties", True)
        if isinstance(extra, dict):
            return {
                rng.choice(PLATFORMS): _value(rng, "platform", extra)
                for _ in range(rng.randint(1, 3))
            }
        return _payload(rng)
    doc: dict[str, Any] = {}
    for name, sub in properties.items():
        if name in required or name == "_id" or rng.random() < 0.7:
            doc[name] = _value(rng, name, sub)
    return doc


def valid_document(rng: random.Random, schema: dict[str, Any]) -> dict[str, Any]:
    return _object(rng, schema)


def _fields(
    schema: dict[str, Any], doc: dict[str, Any], want: Callable[[dict[str, Any]], bool]
) -> list[str]:
    return [n for n, s in schema.get("properties", {}).items() if n in doc and want(s)]


def _type_is(name: str) -> Callable[[dict[str, Any]], bool]:
    return lambda s: s.get("bsonType") == name


def corrupt(
    rng: random.Random, schema: dict[str, Any], doc: dict[str, Any], kind: str
) -> dict[str, Any] | None:
    """An invalid copy of ``doc`` (None when this kind does not apply to the collection)."""
    bad = copy.copy(doc)
    if kind == "wrong-type":
        name = rng.choice(_fields(schema, doc, lambda s: "bsonType" in s))
        bad[name] = 12345 if not isinstance(doc[name], int) else "12345"
        return bad
    if kind == "missing-required":
        names = [n for n in schema.get("required", []) if n in doc and n != "_id"]
        del bad[rng.choice(names)]
        return bad
    if kind == "bad-enum":
        names = _fields(schema, doc, lambda s: "enum" in s)
        if not names:
            return None
        bad[rng.choice(names)] = "not_a_member"
        return bad
    if kind == "int32-in-long":
        names = _fields(schema, doc, _type_is("long"))
        if not names:
            return None
        bad[rng.choice(names)] = rng.randrange(1000)
        return bad
    if kind == "out-of-range-int":
        names = _fields(schema, doc, _type_is("int"))
        if not names:
            return None
        bad[rng.choice(names)] = 2**31 + rng.randrange(1000)
        return bad
    raise ValueError(kind)


def generate(
    schemas: dict[str, dict[str, Any]], count: int, invalid_ratio: float = 0.1, seed: int = 2025
) -> list[tuple[str, dict[str, Any], str]]:
    """``count`` (collection, document, kind) triples; kind is "valid" or one of KINDS."""
    rng = random.Random(seed)
    names = sorted(schemas)
    out: list[tuple[str, dict[str, Any], str]] = []
    while len(out) < count:
        name = names[len(out) % len(names)]
        schema = schemas[name]
        doc = valid_document(rng, schema)
        if rng.random() < invalid_ratio:
            kinds = list(KINDS)
            rng.shuffle(kinds)
            for kind in kinds:
                bad = corrupt(rng, schema, doc, kind)
                if bad is not None:
                    out.append((name, bad, kind))
                    break
        else:
            out.append((name, doc, "valid"))
    return out
