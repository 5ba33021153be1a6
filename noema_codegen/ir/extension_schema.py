"""The JSON Schema of the ``x-noema`` vendor key (the vocabulary of docs/schema-extensions.md).

Structure is checked against it by a compiled yes/no check (``ir.extension_check``) and,
for an extension that check refuses, by ``jsonschema`` (Draft 2020-12), whose messages lint
prints; meaning (fields exist,
an index serves each query, references resolve, the ledger names fields of the right
types) is checked by the IR builder (``ir/build.py``, ``ir/ledger.py``).
"""

from __future__ import annotations

from typing import Any

_IDENT = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_PARAM = {
    "type": "object",
    "properties": {"param": _IDENT, "optional": {"type": "boolean"}},
    "required": ["param"],
    "additionalProperties": False,
}
_SCALAR = {"type": ["string", "number", "boolean", "null"]}
_DIRECTION = {"enum": [1, -1]}
_VALUE = {"oneOf": [_SCALAR, _PARAM]}
_ELEM_MATCH = {
    "type": "object",
    "required": ["$elemMatch"],
    "additionalProperties": False,
    "properties": {"$elemMatch": {"type": "object", "minProperties": 1}},
}
_CONDITIONS = {
    "type": "object",
    "properties": {
        **{op: _VALUE for op in ("$gt", "$gte", "$lt", "$lte", "$ne")},
        "$exists": {"type": "boolean"},
    },
    "minProperties": 1,
    "additionalProperties": False,
}
_FILTER_VALUE = {"oneOf": [_SCALAR, _PARAM, _CONDITIONS, _ELEM_MATCH]}
_NOW = {
    "type": "object",
    "properties": {"now": {"const": True}},
    "required": ["now"],
    "additionalProperties": False,
}
_WRITE_VALUE = {"oneOf": [_SCALAR, _PARAM, _NOW]}
_WRITES = {"type": "object", "minProperties": 1, "additionalProperties": _WRITE_VALUE}
_VALUES = {"type": "object", "minProperties": 1, "additionalProperties": _VALUE}
_ELEMENT = {
    "type": "object",
    "required": ["element"],
    "additionalProperties": False,
    "properties": {
        "element": {"type": "object", "minProperties": 1, "additionalProperties": _WRITE_VALUE},
        "slice": {"type": "integer"},
        "sort": {"type": "object", "minProperties": 1, "additionalProperties": _DIRECTION},
    },
}
_MATCH = {
    "type": "object",
    "required": ["match"],
    "additionalProperties": False,
    "properties": {"match": {"type": "object", "minProperties": 1, "additionalProperties": _VALUE}},
}
_ARRAY_WRITES = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": {"oneOf": [_SCALAR, _PARAM, _ELEMENT]},
}
_FIELD_NAME = {"type": "string", "minLength": 1}
LEDGER_ENTRY_KEYS = (
    "account",
    "timestamp",
    "type",
    "description",
    "amount",
    "before",
    "after",
    "externalId",
    "relatedItems",
    "metadata",
)
"""Every field of a ledger entry the credit operation writes (all must be named)."""
_LEDGER = {
    "type": "object",
    "required": ["account", "balance", "changedAt", "entries", "entry"],
    "additionalProperties": False,
    "properties": {
        "account": _FIELD_NAME,
        "balance": _FIELD_NAME,
        "changedAt": _FIELD_NAME,
        "entries": {"type": "string", "minLength": 1},
        "entry": {
            "type": "object",
            "required": list(LEDGER_ENTRY_KEYS),
            "additionalProperties": False,
            "properties": {key: _FIELD_NAME for key in LEDGER_ENTRY_KEYS},
        },
    },
}

EXTENSION_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["model"],
    "additionalProperties": False,
    "properties": {
        "model": {"type": "string", "pattern": "^[A-Z][A-Za-z0-9]*$"},
        "module": _IDENT,
        "primaryKey": {"type": "string", "minLength": 1},
        "validationLevel": {"enum": ["off", "strict", "moderate"]},
        "validationAction": {"enum": ["error", "warn"]},
        "timestamps": {
            "type": "object",
            "properties": {"createdAt": {"type": "string"}, "updatedAt": {"type": "string"}},
            "additionalProperties": False,
        },
        "references": {
            "type": "object",
            "additionalProperties": {
                "type": "string",
                "pattern": r"^[A-Za-z0-9_]+\.[A-Za-z0-9_.]+$",
            },
        },
        "indexes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["keys"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "keys": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {
                            "enum": [1, -1, "text", "hashed", "2d", "2dsphere"]
                        },
                    },
                    "unique": {"type": "boolean"},
                    "sparse": {"type": "boolean"},
                    "partialFilterExpression": {"type": "object", "minProperties": 1},
                    "expireAfterSeconds": {"type": "integer", "minimum": 0, "maximum": 2147483647},
                    "collation": {
                        "type": "object",
                        "required": ["locale"],
                        "properties": {
                            "locale": {"type": "string"},
                            "caseLevel": {"type": "boolean"},
                            "caseFirst": {"enum": ["upper", "lower", "off"]},
                            "strength": {"enum": [1, 2, 3, 4, 5]},
                            "numericOrdering": {"type": "boolean"},
                            "alternate": {"enum": ["non-ignorable", "shifted"]},
                            "maxVariable": {"enum": ["punct", "space"]},
                            "backwards": {"type": "boolean"},
                            "normalization": {"type": "boolean"},
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
        "ledger": _LEDGER,
        "renamedFrom": {
            "type": "object",
            "additionalProperties": {"type": "string", "minLength": 1},
        },
        "appendOnly": {"type": "boolean"},
        "transitions": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "normalise": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["lowercaseWhen"],
                "additionalProperties": False,
                "properties": {
                    "lowercaseWhen": {
                        "type": "object",
                        "required": ["field", "in"],
                        "additionalProperties": False,
                        "properties": {
                            "field": _FIELD_NAME,
                            "in": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                        },
                    }
                },
            },
        },
        "queries": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
            "additionalProperties": {
                "type": "object",
                "required": ["op"],
                "additionalProperties": False,
                "properties": {
                    "op": {
                        "enum": [
                            "find_one",
                            "find_many",
                            "count",
                            "update_one",
                            "update_many",
                            "insert_one",
                        ]
                    },
                    "description": {"type": "string"},
                    "serves": {"type": "string", "minLength": 1, "maxLength": 200},
                    "filter": {"type": "object", "additionalProperties": _FILTER_VALUE},
                    "sort": {"type": "object", "additionalProperties": _DIRECTION},
                    "set": _WRITES,
                    "unset": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string"},
                        "uniqueItems": True,
                    },
                    "inc": _VALUES,
                    "min": _VALUES,
                    "max": _VALUES,
                    "set_on_insert": _WRITES,
                    "push": _ARRAY_WRITES,
                    "add_to_set": _ARRAY_WRITES,
                    "pull": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {"oneOf": [_SCALAR, _PARAM, _MATCH]},
                    },
                    "array_filters": {
                        "type": "object",
                        "minProperties": 1,
                        "propertyNames": {"pattern": "^[a-z][a-zA-Z0-9]*$"},
                        "additionalProperties": {
                            "type": "object",
                            "minProperties": 1,
                            "additionalProperties": _FILTER_VALUE,
                        },
                    },
                    "document": _WRITES,
                    "upsert": {"type": "boolean"},
                    "returning": {"enum": ["before", "after"]},
                },
            },
        },
    },
}
