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

This module walks the subschemas (arrays, objects, logical keywords); the entries of one
schema's own keywords for one value (string, number, ``encrypt``, ``enum``, the type mismatch)
and the pieces every entry shares are built in ``detail_entries``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bson.int64 import Int64

from noema_codegen.validation import bson_types as bt
from noema_codegen.validation import detail_entries
from noema_codegen.validation.detail_entries import always_false, annotate, applies, leaf, raw
from noema_codegen.validation.equality import safe_key
from noema_codegen.validation.model import Node
from noema_codegen.validation.runtime import reach

#: ``valid(node, value)``: whether ``value`` satisfies the subschema ``node``.
Valid = Callable[[Node, Any], bool]


class DetailsBuilder:
    """Builds the details of one document; ``valid`` decides which subschemas failed."""

    def __init__(self, valid: Valid) -> None:
        self.valid = valid

    def root(self, node: Node, doc: Mapping[str, Any]) -> dict[str, Any]:
        if node.always_false:
            return always_false(node)
        out: dict[str, Any] = {"operatorName": "$jsonSchema"}
        annotate(node, out)
        out["schemaRulesNotSatisfied"] = self.rules(node, doc)
        return out

    def _sub(self, node: Node, value: Any) -> Any:
        """A subschema's details: its failing rules, or the always-false node the parser makes of
        a top-level subschema (of ``allOf``, ``dependencies``...) whose type excludes object."""
        return always_false(node) if node.always_false else self.rules(node, value)

    def rules(self, node: Node, value: Any) -> list[dict[str, Any]]:
        """The failing rules of ``node`` for a present ``value``, in the server's order."""
        out: list[dict[str, Any]] = []
        if node.is_root:
            obj = bt.as_mapping(value)
            self.obj(node, obj, out)
            self.logical(node, value, out)
            return out
        code = bt.type_code(value)
        if code == bt.STRING and applies(node, frozenset({bt.STRING})):
            detail_entries.string(node, value, out)
        elif code in bt.NUMBER_CODES and applies(node, bt.NUMBER_CODES):
            detail_entries.number(node, value, code, out)
        elif code == bt.ARRAY and applies(node, frozenset({bt.ARRAY})):
            self.array(node, list(value), out)
        if node.encrypt:
            detail_entries.encrypt(node, value, out)
        if code == bt.OBJECT:
            # ``dependencies`` is the one object keyword not wrapped in ``makeRestriction``.
            self.obj(node, bt.as_mapping(value), out, applies(node, frozenset({bt.OBJECT})))
        self.logical(node, value, out)
        if node.types is not None and code not in node.types and node.type_keyword != "encrypt":
            out.append(detail_entries.type_mismatch(node, value, code))
        return out

    # -- arrays --------------------------------------------------------------------------------
    def array(self, node: Node, value: list[Any], out: list[dict[str, Any]]) -> None:
        size = len(value)
        for name, fails in (
            ("minItems", node.min_items is not None and size < node.min_items),
            ("maxItems", node.max_items is not None and size > node.max_items),
        ):
            if fails:
                entry = leaf(node, name, "array did not match specified length", value)
                entry["numberOfItems"] = size
                out.append(entry)
        if node.unique_items:
            seen: set[object] = set()
            for item in value:
                key = safe_key(item)
                if key in seen:
                    entry = leaf(node, "uniqueItems", "found a duplicate item", value)
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
                annotate(sub, entry)
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
                    "specifiedAs": {"required": raw(node).get("required")},
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
                    "specifiedAs": {name: raw(node).get(name)},
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
            annotate(sub, entry)
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
                    annotate(extra, entry)
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
                    annotate(sub, entry)
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
            stated = raw(node).get("dependencies")
            if isinstance(stated, Mapping):
                for key in ("title", "description"):
                    if isinstance(stated.get(key), str):
                        entry[key] = stated[key]
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
                annotate(sub, entry)
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
            detail_entries.enum(node, value, out)
