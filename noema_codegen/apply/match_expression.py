"""Partial filter expressions compared by meaning, the way the server compares them.

The server decides whether two ``partialFilterExpression`` documents are the same index
signature by parsing both into MatchExpression trees, optimising and sorting them
(``MatchExpressionParser::parseAndNormalize``) and calling ``MatchExpression::equivalent``
(mongodb/mongo ``src/mongo/db/index/index_descriptor.cpp``, ``compareIndexOptions``). This
module ports the part of that which partial filters can use, into a hashable tree:

* ``{a: 5}`` and ``{a: {$eq: 5}}`` are the same equality node; ``{a: {$in: [5]}}`` too
  (an ``$in`` of one equality is optimised to the equality, of one regex to the regex);
* comparison values compare as BSON values: ``1``, ``1.0``, ``Int64(1)`` and
  ``Decimal128("1")`` are equal, ``True`` is not ``1``; embedded documents keep field order;
* ``$in`` is a set (order and duplicates do not matter);
* ``$type`` is a set of BSON types: ``2``, ``2.0``, ``"string"`` and ``["string"]`` are
  equal; ``"number"`` stays its own flag and is NOT the same as ``[1, 16, 18, 19]``
  (``MatcherTypeSet`` compares ``allNumbers`` and the type set separately);
* ``$and`` / ``$or`` nested in their own kind are flattened, a one-child list is its child,
  and children are stable-sorted by (operator, path, children): ``{a: {$gt: 0, $lt: 10}, b: 1}``
  equals ``{$and: [{b: 1}, {a: {$lt: 10}}, {a: {$gt: 0}}]}``. Two children with the same
  operator and path keep their written order, exactly as in the server, so
  ``{$and: [{a: {$type: 1}}, {a: {$type: 2}}]}`` and its reverse are DIFFERENT
  (jstests/core/index/index_signature.js, SERVER-47661);
* collation is not taken into account (``{b: "blah"}`` vs ``{b: "BLAH"}`` differ even under a
  case-insensitive collation; SERVER-47664, same jstest).

Not ported: newer servers may also rewrite an ``$or`` of equalities on one path into an ``$in``;
here those stay different, so such a pair is planned as a create that the server refuses (85)
at apply time, never as a silent no-op.

Anything this module does not model (``$expr``, geo, ``$elemMatch``...) becomes an opaque
node compared by exact BSON value, so two spellings of it are only equal when identical.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import cmp_to_key
from typing import Any

from bson.regex import Regex

from noema_codegen.bson_registry import ALIAS_CODES
from noema_codegen.validation.equality import Unencodable, value_key

Node = tuple[Any, ...]

# BSON type aliases accepted by $type (src/mongo/bson/bsontypes.cpp, findBSONTypeAlias): the
# one registry of BSON types.
TYPE_ALIASES: Mapping[str, int] = ALIAS_CODES
VALID_TYPE_CODES = frozenset(TYPE_ALIASES.values())

# MatchExpression::MatchType order (src/mongo/db/matcher/expression.h); only the grouping
# matters for equivalence, but keeping the server's order keeps the trees readable.
_ORDER = (
    "and",
    "or",
    "elemMatchObject",
    "elemMatchValue",
    "size",
    "eq",
    "lte",
    "lt",
    "gt",
    "gte",
    "regex",
    "mod",
    "exists",
    "in",
    "not",
    "nor",
    "type",
    "opaque",
)
_RANK = {kind: i for i, kind in enumerate(_ORDER)}
_COMPARISONS = {"$eq": "eq", "$lt": "lt", "$lte": "lte", "$gt": "gt", "$gte": "gte"}
_LISTS = {"$and": "and", "$or": "or", "$nor": "nor"}


class NotAFilter(ValueError):
    """The document is not a match expression the server would accept."""


def ordered_value_key(value: Any) -> Any:
    """BSON value equality with field order kept inside documents (``BSONElementComparator``)."""
    if isinstance(value, Mapping):
        return ("doc", tuple((str(k), ordered_value_key(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("arr", tuple(ordered_value_key(v) for v in value))
    if isinstance(value, re.Pattern):
        return ("regex", value.pattern, _flags(value))
    try:
        return value_key(value)
    except Unencodable:
        return ("unencodable", repr(value))


def _flags(pattern: re.Pattern[str] | Regex[Any]) -> str:
    """The regex options as sorted letters (``i``, ``m``, ``s``, ``x``)."""
    flags = pattern.flags
    if isinstance(flags, str):
        return "".join(sorted(set(flags) & set("imsx")))
    return "".join(
        sorted(
            letter
            for letter, flag in (
                ("i", re.IGNORECASE),
                ("m", re.MULTILINE),
                ("s", re.DOTALL),
                ("x", re.VERBOSE),
            )
            if int(flags) & flag
        )
    )


def normalise_filter(filter_doc: Mapping[str, Any]) -> Node:
    """The optimised, sorted tree of ``filter_doc``; raises ``NotAFilter`` when it is not one."""
    if not isinstance(filter_doc, Mapping):
        raise NotAFilter("a filter is a document")
    return _optimise(("and", tuple(_parse_top(filter_doc))))


def equivalent(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """True when the server treats both partial filters as the same (absent == absent only)."""
    if a is None or b is None:
        return a is None and b is None
    try:
        return normalise_filter(a) == normalise_filter(b)
    except NotAFilter:
        return bool(ordered_value_key(a) == ordered_value_key(b))


def _parse_top(doc: Mapping[str, Any]) -> list[Node]:
    nodes: list[Node] = []
    for field, value in doc.items():
        name = str(field)
        if name in _LISTS:
            if not isinstance(value, (list, tuple)) or not value:
                raise NotAFilter(f"{name} needs a non-empty array")
            children = []
            for child in value:
                if not isinstance(child, Mapping):
                    raise NotAFilter(f"{name} entries must be documents")
                children.append(("and", tuple(_parse_top(child))))
            nodes.append((_LISTS[name], tuple(children)))
        elif name.startswith("$"):
            nodes.append(("opaque", "", name, ordered_value_key(value)))
        else:
            nodes.extend(_parse_field(name, value))
    return nodes


def _is_operator_doc(value: Any) -> bool:
    if not isinstance(value, Mapping) or not value:
        return False
    return str(next(iter(value))).startswith("$")


def _parse_field(path: str, value: Any) -> list[Node]:
    if isinstance(value, (re.Pattern, Regex)):
        return [("regex", path, str(value.pattern), _flags(value))]
    if not _is_operator_doc(value):
        return [("eq", path, ordered_value_key(value))]
    if "$options" in value and "$regex" not in value:
        raise NotAFilter("$options needs a $regex")
    return [
        _parse_operator(path, str(op), arg, value) for op, arg in value.items() if op != "$options"
    ]


def _parse_operator(path: str, op: str, arg: Any, whole: Mapping[str, Any]) -> Node:
    if op in _COMPARISONS:
        if op == "$eq" and isinstance(arg, (re.Pattern, Regex)):
            return ("opaque", path, op, ordered_value_key(arg))
        return (_COMPARISONS[op], path, ordered_value_key(arg))
    if op == "$exists":
        exists: Node = ("exists", path)
        return exists if _true_value(arg) else ("not", (exists,))
    if op == "$type":
        return _type_node(path, arg)
    if op == "$in":
        if not isinstance(arg, (list, tuple)):
            raise NotAFilter("$in needs an array")
        return ("in", path, frozenset(_in_entry(v) for v in arg))
    if op == "$ne":
        return ("not", (("eq", path, ordered_value_key(arg)),))
    if op == "$regex":
        options = str(whole.get("$options", ""))
        return ("regex", path, str(arg), "".join(sorted(set(options) & set("imsx"))))
    return ("opaque", path, op, ordered_value_key(arg))


def _in_entry(value: Any) -> Any:
    """An ``$in`` entry: a regex stays a regex (pattern, options), anything else a BSON value."""
    if isinstance(value, (re.Pattern, Regex)):
        return ("regex", str(value.pattern), _flags(value))
    return ordered_value_key(value)


def _true_value(arg: Any) -> bool:
    """``BSONElement::trueValue``: false, 0 and null are false; everything else is true."""
    if arg is None or arg is False:
        return False
    if isinstance(arg, (int, float)) and not isinstance(arg, bool):
        return arg != 0
    return True


def _type_node(path: str, arg: Any) -> Node:
    entries = list(arg) if isinstance(arg, (list, tuple)) else [arg]
    if not entries:
        raise NotAFilter("$type needs at least one type")
    all_numbers = False
    codes: set[int] = set()
    for entry in entries:
        if isinstance(entry, str):
            if entry == "number":
                all_numbers = True
            elif entry in TYPE_ALIASES:
                codes.add(TYPE_ALIASES[entry])
            else:
                raise NotAFilter(f"unknown $type alias {entry!r}")
        elif isinstance(entry, (int, float)) and not isinstance(entry, bool):
            if (
                not math.isfinite(entry)
                or entry != int(entry)
                or int(entry) not in VALID_TYPE_CODES
            ):
                raise NotAFilter(f"invalid $type code {entry!r}")
            codes.add(int(entry))
        else:
            code = _decimal_code(entry)
            if code is None:
                raise NotAFilter(f"invalid $type value {entry!r}")
            codes.add(code)
    return ("type", path, all_numbers, frozenset(codes))


def _decimal_code(entry: Any) -> int | None:
    to_decimal = getattr(entry, "to_decimal", None)
    if to_decimal is None:
        return None
    number = to_decimal()
    if not number.is_finite() or number != number.to_integral_value():
        return None
    if int(number) not in VALID_TYPE_CODES:
        return None
    return int(number)


def _optimise(node: Node) -> Node:
    kind = node[0]
    if kind == "not":
        return ("not", (_optimise(node[1][0]),))
    if kind == "in" and len(node[2]) == 1:
        # "IN of 1 equality is the equality", "IN of 1 regex is the regex" (the $in optimiser)
        (only,) = tuple(node[2])
        if isinstance(only, tuple) and only and only[0] == "regex":
            return ("regex", node[1], only[1], only[2])
        return ("eq", node[1], only)
    if kind not in ("and", "or", "nor"):
        return node
    children: list[Node] = []
    for child in node[1]:
        optimised = _optimise(child)
        if kind != "nor" and optimised[0] == kind:
            children.extend(optimised[1])
        else:
            children.append(optimised)
    if kind != "nor" and len(children) == 1:
        return children[0]
    ordered = sorted(children, key=cmp_to_key(_compare))
    return (kind, tuple(ordered))


def _path(node: Node) -> str:
    if node[0] in ("and", "or", "nor", "not"):
        return ""
    return str(node[1])


def _children(node: Node) -> Sequence[Node]:
    if node[0] in ("and", "or", "nor", "not"):
        children: Sequence[Node] = node[1]
        return children
    return ()


def _compare(left: Node, right: Node) -> int:
    """``matchExpressionComparator`` (src/mongo/db/matcher/expression.cpp): operator, path,
    children pairwise, number of children. Leaf VALUES are not compared (SERVER-47661)."""
    if left[0] != right[0]:
        return -1 if _RANK[left[0]] < _RANK[right[0]] else 1
    lpath, rpath = _path(left), _path(right)
    if lpath != rpath:
        return -1 if lpath.encode() < rpath.encode() else 1
    lkids, rkids = _children(left), _children(right)
    for lkid, rkid in zip(lkids, rkids, strict=False):
        result = _compare(lkid, rkid)
        if result:
            return result
    if len(lkids) != len(rkids):
        return -1 if len(lkids) < len(rkids) else 1
    return 0
