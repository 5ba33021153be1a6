"""The ``errInfo.details`` entries of one schema's own keywords for one value (no subschema).

``details.DetailsBuilder`` walks the subschemas; what it appends for a string (``pattern``,
``maxLength``, ``minLength``), a number (``multipleOf``, ``maximum``, ``minimum``), ``encrypt``,
``enum`` and a ``bsonType``/``type`` mismatch is built here, as are the pieces every entry
shares: the keyword as the schema states it (``specifiedAs``), the schema annotations, the
always-false node and the server's ``makeRestriction`` rule. Same server sources as
``details``; see docs/validation.md, "Server-exact error details".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from noema_codegen.validation import bson_types as bt
from noema_codegen.validation.equality import is_multiple, number_satisfies, safe_key
from noema_codegen.validation.model import Node
from noema_codegen.validation.runtime import encrypted_type_ok, is_encrypted_bindata

_OPS = {
    ("minimum", False): "gte",
    ("minimum", True): "gt",
    ("maximum", False): "lte",
    ("maximum", True): "lt",
}
_TYPE_REASON = "type did not match"

Entries = list[dict[str, Any]]


def raw(node: Node) -> Mapping[str, Any]:
    """The subschema as written (its keywords are quoted in ``specifiedAs``)."""
    return node.raw if isinstance(node.raw, Mapping) else {}


def annotate(node: Node, out: dict[str, Any]) -> None:
    """The server's ``SchemaAnnotations``: title, then description, when the schema sets them."""
    schema = raw(node)
    for key in ("title", "description"):
        if key in schema:
            out[key] = schema[key]


def always_false(node: Node) -> dict[str, Any]:
    """``_parse`` without a path and with a type excluding object: an AlwaysFalse expression."""
    return {
        "operatorName": "$jsonSchema",
        "specifiedAs": {"$jsonSchema": node.raw},
        "reason": "expression always evaluates to false",
    }


def applies(node: Node, codes: frozenset[int]) -> bool:
    """``makeRestriction``: a restriction is dropped when the schema states one other type."""
    types = node.types
    if types is None:
        return True
    single = len(types) == 1 or types == bt.NUMBER_CODES
    return not single or bool(types & codes)


def leaf(node: Node, keyword: str, reason: str, value: Any) -> dict[str, Any]:
    """The entry of a keyword that judged ``value`` itself."""
    return {
        "operatorName": keyword,
        "specifiedAs": {keyword: raw(node).get(keyword)},
        "reason": reason,
        "consideredValue": value,
    }


def string(node: Node, value: str, out: Entries) -> None:
    if node.pattern is not None and node.pattern.regex.search(value) is None:
        out.append(leaf(node, "pattern", "regular expression did not match", value))
    length = len(value)
    reason = "specified string length was not satisfied"
    if node.max_length is not None and length > node.max_length:
        out.append(leaf(node, "maxLength", reason, value))
    if node.min_length is not None and length < node.min_length:
        out.append(leaf(node, "minLength", reason, value))


def number(node: Node, value: Any, code: int, out: Entries) -> None:
    if node.multiple_of is not None and not is_multiple(value, code, node.multiple_of):
        reason = "considered value is not a multiple of the specified value"
        out.append(leaf(node, "multipleOf", reason, value))
    for name in ("maximum", "minimum"):
        bound = getattr(node, name)
        if bound is None:
            continue
        op = _OPS[(name, bound.exclusive)]
        if number_satisfies(value, code, bound.value, bound.code, op):
            continue
        specified: dict[str, Any] = {name: raw(node).get(name)}
        if bound.exclusive:
            specified["exclusiveMaximum" if name == "maximum" else "exclusiveMinimum"] = True
        out.append(
            {
                "operatorName": name,
                "specifiedAs": specified,
                "reason": "comparison failed",
                "consideredValue": value,
            }
        )


def encrypt(node: Node, value: Any, out: Entries) -> None:
    if not is_encrypted_bindata(value):
        out.append({"operatorName": "encrypt", "reason": "value was not encrypted"})
    elif not encrypted_type_ok(value, node.encrypt_types):
        out.append({"operatorName": "encrypt", "reason": "encrypted value has wrong type"})


def type_mismatch(node: Node, value: Any, code: int) -> dict[str, Any]:
    """The ``bsonType``/``type`` entry of a value of another type (listed last)."""
    keyword = node.type_keyword or "bsonType"
    return {
        "operatorName": keyword,
        "specifiedAs": {keyword: raw(node).get(keyword)},
        "reason": _TYPE_REASON,
        "consideredValue": value,
        "consideredType": bt.type_name(code),
    }


def enum(node: Node, value: Any, out: Entries) -> None:
    options = node.enum or []
    specified = {"enum": raw(node).get("enum")}
    if node.is_root and not options:
        # No object among the values: the parser makes the keyword an always-false node.
        out.append(
            {
                "operatorName": "enum",
                "specifiedAs": specified,
                "reason": "expression always evaluates to false",
            }
        )
        return
    key = safe_key(value)
    if not any(safe_key(option) == key for option in options):
        out.append(
            {
                "operatorName": "enum",
                "specifiedAs": specified,
                "reason": "value was not found in enum",
                "consideredValue": value,
            }
        )
