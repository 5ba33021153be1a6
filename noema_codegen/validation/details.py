"""``errInfo.details`` exactly as the MongoDB server builds it for a ``$jsonSchema`` validator.

A port of the server's error generator (``src/mongo/db/matcher/doc_validation/
doc_validation_error.cpp``) over the tree its parser builds
(``src/mongo/db/query/compiler/parsers/matcher/schema/json_schema_parser.cpp``):

* the rules of one (sub)schema are the children of an AND in the parser's order (``pattern``,
  ``maxLength``, ``minLength``, ``multipleOf``, ``maximum``, ``minimum``, ``minItems``,
  ``maxItems``, ``uniqueItems``, ``items``, ``additionalItems``, ``encrypt``, ``properties``,
  ``additionalProperties``/``patternProperties``, ``required``, ``minProperties``,
  ``maxProperties``, ``dependencies``, ``allOf``, ``anyOf``, ``oneOf``, ``not``, ``enum``, then
  ``type``/``bsonType`` below the top level); an AND reports only its failing children;
* a keyword reports only a present value of its own type
  (``getValueForKeywordExpressionIfShouldGenerateError``), and is dropped when the schema states
  a single other type (``makeRestriction``; ``dependencies`` is never wrapped);
* single-schema ``items``/``additionalItems`` and schema-valued ``additionalProperties`` report
  their first failure, each ``patternProperties`` pattern its first failing property;
* ``title``/``description`` are carried where the server appends schema annotations.

Values are quoted as they are, so their BSON number types survive; counts are int32 as the
server's ``int``/``appendNumber`` makes them, an ``items``-array ``itemIndex`` int64 (the
parser's ``long long``). See docs/validation.md, "Server-exact error details".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bson.int64 import Int64

from noema_codegen.validation import bson_types as bt
from noema_codegen.validation.equality import is_multiple, number_satisfies, safe_key
from noema_codegen.validation.model import Node
from noema_codegen.validation.runtime import encrypted_type_ok, is_encrypted_bindata, reach

#: ``valid(node, value)``: whether ``value`` satisfies the subschema ``node``.
Valid = Callable[[Node, Any], bool]

_OPS = {
    ("minimum", False): "gte",
    ("minimum", True): "gt",
    ("maximum", False): "lte",
    ("maximum", True): "lt",
}
_TYPE_REASON = "type did not match"


def _raw(node: Node) -> Mapping[str, Any]:
    return node.raw if isinstance(node.raw, Mapping) else {}


def _annotate(node: Node, out: dict[str, Any]) -> None:
    """The server's ``SchemaAnnotations``: title, then description, when the schema sets them."""
    raw = _raw(node)
    for key in ("title", "description"):
        if key in raw:
            out[key] = raw[key]


def _always_false(node: Node) -> dict[str, Any]:
    """``_parse`` without a path and with a type excluding object: an AlwaysFalse expression."""
    return {
        "operatorName": "$jsonSchema",
        "specifiedAs": {"$jsonSchema": node.raw},
        "reason": "expression always evaluates to false",
    }


def _applies(node: Node, codes: frozenset[int]) -> bool:
    """``makeRestriction``: a restriction is dropped when the schema states one other type."""
    types = node.types
    if types is None:
        return True
    single = len(types) == 1 or types == bt.NUMBER_CODES
    return not single or bool(types & codes)


class DetailsBuilder:
    """Builds the details of one document; ``valid`` decides which subschemas failed."""

    def __init__(self, valid: Valid) -> None:
        self.valid = valid

    def root(self, node: Node, doc: Mapping[str, Any]) -> dict[str, Any]:
        if node.always_false:
            return _always_false(node)
        out: dict[str, Any] = {"operatorName": "$jsonSchema"}
        _annotate(node, out)
        out["schemaRulesNotSatisfied"] = self.rules(node, doc)
        return out

    def _sub(self, node: Node, value: Any) -> Any:
        """A subschema's details: its failing rules, or the always-false node the parser makes of
        a top-level subschema (of ``allOf``, ``dependencies``...) whose type excludes object."""
        return _always_false(node) if node.always_false else self.rules(node, value)

    def rules(self, node: Node, value: Any) -> list[dict[str, Any]]:
        """The failing rules of ``node`` for a present ``value``, in the server's order."""
        out: list[dict[str, Any]] = []
        if node.is_root:
            obj = bt.as_mapping(value)
            self.obj(node, obj, out)
            self.logical(node, value, out)
            return out
        code = bt.type_code(value)
        if code == bt.STRING and _applies(node, frozenset({bt.STRING})):
            self.string(node, value, out)
        elif code in bt.NUMBER_CODES and _applies(node, bt.NUMBER_CODES):
            self.number(node, value, code, out)
        elif code == bt.ARRAY and _applies(node, frozenset({bt.ARRAY})):
            self.array(node, list(value), out)
        if node.encrypt:
            self.encrypt(node, value, out)
        if code == bt.OBJECT:
            # ``dependencies`` is the one object keyword not wrapped in ``makeRestriction``.
            self.obj(node, bt.as_mapping(value), out, _applies(node, frozenset({bt.OBJECT})))
        self.logical(node, value, out)
        if node.types is not None and code not in node.types and node.type_keyword != "encrypt":
            keyword = node.type_keyword or "bsonType"
            out.append(
                {
                    "operatorName": keyword,
                    "specifiedAs": {keyword: _raw(node).get(keyword)},
                    "reason": _TYPE_REASON,
                    "consideredValue": value,
                    "consideredType": bt.type_name(code),
                }
            )
        return out

    # -- scalars -------------------------------------------------------------------------------
    @staticmethod
    def _leaf(node: Node, keyword: str, reason: str, value: Any) -> dict[str, Any]:
        return {
            "operatorName": keyword,
            "specifiedAs": {keyword: _raw(node).get(keyword)},
            "reason": reason,
            "consideredValue": value,
        }

    def string(self, node: Node, value: str, out: list[dict[str, Any]]) -> None:
        if node.pattern is not None and node.pattern.regex.search(value) is None:
            out.append(self._leaf(node, "pattern", "regular expression did not match", value))
        length = len(value)
        reason = "specified string length was not satisfied"
        if node.max_length is not None and length > node.max_length:
            out.append(self._leaf(node, "maxLength", reason, value))
        if node.min_length is not None and length < node.min_length:
            out.append(self._leaf(node, "minLength", reason, value))

    def number(self, node: Node, value: Any, code: int, out: list[dict[str, Any]]) -> None:
        if node.multiple_of is not None and not is_multiple(value, code, node.multiple_of):
            reason = "considered value is not a multiple of the specified value"
            out.append(self._leaf(node, "multipleOf", reason, value))
        for name in ("maximum", "minimum"):
            bound = getattr(node, name)
            if bound is None:
                continue
            op = _OPS[(name, bound.exclusive)]
            if number_satisfies(value, code, bound.value, bound.code, op):
                continue
            specified: dict[str, Any] = {name: _raw(node).get(name)}
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

    # -- arrays --------------------------------------------------------------------------------
    def array(self, node: Node, value: list[Any], out: list[dict[str, Any]]) -> None:
        size = len(value)
        for name, fails in (
            ("minItems", node.min_items is not None and size < node.min_items),
            ("maxItems", node.max_items is not None and size > node.max_items),
        ):
            if fails:
                entry = self._leaf(node, name, "array did not match specified length", value)
                entry["numberOfItems"] = size
                out.append(entry)
        if node.unique_items:
            seen: set[object] = set()
            for item in value:
                key = safe_key(item)
                if key in seen:
                    entry = self._leaf(node, "uniqueItems", "found a duplicate item", value)
                    entry["duplicatedValue"] = item
                    out.append(entry)
                    break
                seen.add(key)
        if node.items is not None:
            reason = "At least one item did not match the sub-schema"
            self._first_failing(node.items, "items", reason, value, 0, out)
        if node.items_list is not None:
            self._items_list(node.items_list, value, out)
            extra = node.additional_items
            start = len(node.items_list)
            if extra is False and size > start:
                out.append(
                    {
                        "operatorName": "additionalItems",
                        "specifiedAs": {"additionalItems": False},
                        "reason": "found additional items",
                        "additionalItems": value[start:],
                    }
                )
            elif isinstance(extra, Node):
                reason = "At least one additional item did not match the sub-schema"
                self._first_failing(extra, "additionalItems", reason, value, start, out)

    def _first_failing(
        self,
        sub: Node,
        keyword: str,
        reason: str,
        value: list[Any],
        start: int,
        out: list[dict[str, Any]],
    ) -> None:
        for index in range(start, len(value)):
            if not self.valid(sub, value[index]):
                entry: dict[str, Any] = {"operatorName": keyword}
                _annotate(sub, entry)
                entry["reason"] = reason
                entry["itemIndex"] = index
                entry["details"] = self.rules(sub, value[index])
                out.append(entry)
                return

    def _items_list(self, subs: list[Node], value: list[Any], out: list[dict[str, Any]]) -> None:
        failing = [
            {"itemIndex": Int64(index), "details": self.rules(sub, item)}
            for index, (sub, item) in enumerate(zip(subs, value))
            if not self.valid(sub, item)
        ]
        if failing:
            out.append({"operatorName": "items", "details": failing})

    def encrypt(self, node: Node, value: Any, out: list[dict[str, Any]]) -> None:
        if not is_encrypted_bindata(value):
            out.append({"operatorName": "encrypt", "reason": "value was not encrypted"})
        elif not encrypted_type_ok(value, node.encrypt_types):
            out.append({"operatorName": "encrypt", "reason": "encrypted value has wrong type"})

    # -- objects -------------------------------------------------------------------------------
    def obj(
        self, node: Node, obj: Mapping[str, Any], out: list[dict[str, Any]], restricted: bool = True
    ) -> None:
        if not restricted:
            self.dependencies(node, obj, out)
            return
        self.properties(node, obj, out)
        if node.check_allowed:
            self.allowed(node, obj, out)
        missing = [name for name in sorted(node.required) if not reach(obj, name)]
        if missing:
            out.append(
                {
                    "operatorName": "required",
                    "specifiedAs": {"required": _raw(node).get("required")},
                    "missingProperties": missing,
                }
            )
        count = len(obj)
        reason = "specified number of properties was not satisfied"
        for name, fails in (
            ("minProperties", node.min_properties is not None and count < node.min_properties),
            ("maxProperties", node.max_properties is not None and count > node.max_properties),
        ):
            if fails:
                entry: dict[str, Any] = {
                    "operatorName": name,
                    "specifiedAs": {name: _raw(node).get(name)},
                    "reason": reason,
                    "numberOfProperties": count,
                }
                out.append(entry)
        self.dependencies(node, obj, out)

    def properties(self, node: Node, obj: Mapping[str, Any], out: list[dict[str, Any]]) -> None:
        failing: list[dict[str, Any]] = []
        for name, sub in node.properties.items():
            values = [value for value in reach(obj, name) if not self.valid(sub, value)]
            if not values:
                continue  # absent (required reports it) or valid
            details = self.rules(sub, values[0])
            if not details:
                continue
            entry: dict[str, Any] = {"propertyName": name}
            _annotate(sub, entry)
            entry["details"] = details
            failing.append(entry)
        if failing:
            out.append({"operatorName": "properties", "propertiesNotSatisfied": failing})

    def allowed(self, node: Node, obj: Mapping[str, Any], out: list[dict[str, Any]]) -> None:
        patterns = node.pattern_properties
        additional = [
            name
            for name in obj
            if name not in node.properties
            and not any(rule.regex.search(name) is not None for rule, _ in patterns)
        ]
        extra = node.additional_properties
        if extra is False and additional:
            out.append(
                {
                    "operatorName": "additionalProperties",
                    "specifiedAs": {"additionalProperties": False},
                    "additionalProperties": additional,
                }
            )
        elif isinstance(extra, Node):
            for name in additional:
                if not self.valid(extra, obj[name]):
                    entry: dict[str, Any] = {"operatorName": "additionalProperties"}
                    _annotate(extra, entry)
                    entry["reason"] = "at least one additional property did not match the subschema"
                    entry["failingProperty"] = name
                    entry["details"] = self.rules(extra, obj[name])
                    out.append(entry)
                    break
        matched: list[dict[str, Any]] = []
        for rule, sub in patterns:
            for name, value in obj.items():
                if rule.regex.search(name) is not None and not self.valid(sub, value):
                    entry = {"propertyName": name}
                    _annotate(sub, entry)
                    entry["regexMatched"] = rule.source
                    entry["details"] = self.rules(sub, value)
                    matched.append(entry)
                    break
        if matched:
            out.append({"operatorName": "patternProperties", "details": matched})

    def dependencies(self, node: Node, obj: Mapping[str, Any], out: list[dict[str, Any]]) -> None:
        failing: list[dict[str, Any]] = []
        for name, dep in node.dependencies:
            if not reach(obj, name):
                continue
            if isinstance(dep, Node):
                if not self.valid(dep, obj):
                    failing.append({"conditionalProperty": name, "details": self._sub(dep, obj)})
            else:
                missing = [other for other in dep if not reach(obj, other)]
                if missing:
                    failing.append({"conditionalProperty": name, "missingProperties": missing})
        if failing:
            entry: dict[str, Any] = {"operatorName": "dependencies"}
            raw = _raw(node).get("dependencies")
            if isinstance(raw, Mapping):
                for key in ("title", "description"):
                    if isinstance(raw.get(key), str):
                        entry[key] = raw[key]
            entry["failingDependencies"] = failing
            out.append(entry)

    # -- logical -------------------------------------------------------------------------------
    def _entries(self, subs: list[Node], value: Any, only_failing: bool) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        for index, sub in enumerate(subs):
            if only_failing and self.valid(sub, value):
                continue
            entry: dict[str, Any] = {"index": index}
            if not sub.always_false:  # the always-false node carries no schema annotations
                _annotate(sub, entry)
            entry["details"] = self._sub(sub, value)
            entries.append(entry)
        return entries

    def logical(self, node: Node, value: Any, out: list[dict[str, Any]]) -> None:
        if node.all_of:
            failing = self._entries(node.all_of, value, only_failing=True)
            if failing:
                out.append({"operatorName": "allOf", "schemasNotSatisfied": failing})
        if node.any_of and not any(self.valid(sub, value) for sub in node.any_of):
            entries = self._entries(node.any_of, value, only_failing=False)
            out.append({"operatorName": "anyOf", "schemasNotSatisfied": entries})
        if node.one_of:
            matching = [i for i, sub in enumerate(node.one_of) if self.valid(sub, value)]
            if len(matching) > 1:
                out.append(
                    {
                        "operatorName": "oneOf",
                        "reason": "more than one subschema matched",
                        "matchingSchemaIndexes": matching,
                    }
                )
            elif not matching:
                entries = self._entries(node.one_of, value, only_failing=False)
                out.append({"operatorName": "oneOf", "schemasNotSatisfied": entries})
        if node.not_ is not None and self.valid(node.not_, value):
            out.append({"operatorName": "not", "reason": "child expression matched"})
        if node.enum is not None:
            self.enum(node, value, out)

    def enum(self, node: Node, value: Any, out: list[dict[str, Any]]) -> None:
        options = node.enum or []
        specified = {"enum": _raw(node).get("enum")}
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
