"""The friendly flat view of a failure: ``errors(doc)`` read off the server's ``details``.

Each unsatisfied rule of the details tree (:mod:`noema_codegen.validation.details`) becomes a
:class:`ValidationError` with the JSON pointer of the value the server names, so the flat view
and ``explain`` cannot disagree and the pointers follow the server's choices: the first failing
element of a single-schema ``items`` (``itemIndex``), the first failing property of a
schema-valued ``additionalProperties`` (``failingProperty``), the array itself for
``uniqueItems`` and ``additionalItems: false``, the missing field for ``required`` and property
``dependencies``. ``anyOf``/``oneOf``/``not``/``enum`` give one error at the value they judge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from noema_codegen.diagnostics import pointer_join
from noema_codegen.validation.errors import ValidationError
from noema_codegen.validation.runtime import path_pointer
from noema_codegen.validation.short_repr import short_repr

_RELATIONS = {
    ("minimum", False): ">=",
    ("minimum", True): ">",
    ("maximum", False): "<=",
    ("maximum", True): "<",
}


def flat_errors(details: Mapping[str, Any]) -> list[ValidationError]:
    """The errors of a ``$jsonSchema`` details document (as ``explain`` returns it)."""
    out: list[ValidationError] = []
    _details(details, "", out)
    if not out:
        out.append(ValidationError("", "$jsonSchema", "the document does not satisfy the schema"))
    return out


def _details(details: Any, pointer: str, out: list[ValidationError]) -> None:
    """A subschema's details: a list of rules, or a ``$jsonSchema`` node (the top level, or a
    top-level subschema whose type excludes object: always false)."""
    if not isinstance(details, Mapping):
        _rules(details, pointer, out)
    elif "schemaRulesNotSatisfied" in details:
        _rules(details["schemaRulesNotSatisfied"], pointer, out)
    else:
        specified = details.get("specifiedAs", {}).get("$jsonSchema")
        keyword = "type" if isinstance(specified, Mapping) and "type" in specified else "bsonType"
        message = "the top-level type must allow 'object': MongoDB only stores documents"
        out.append(ValidationError(pointer, keyword, message))


def _names(spec: Any) -> str:
    if isinstance(spec, str):
        return spec
    return ", ".join(sorted(str(name) for name in spec))


def _rules(rules: Sequence[Mapping[str, Any]], pointer: str, out: list[ValidationError]) -> None:
    for rule in rules:
        _rule(rule, pointer, out)


def _rule(rule: Mapping[str, Any], pointer: str, out: list[ValidationError]) -> None:
    op = rule.get("operatorName", "")
    spec = rule.get("specifiedAs", {})
    value: Any = rule.get("consideredValue")

    def add(message: str, at: str = pointer, keyword: str = op) -> None:
        out.append(ValidationError(at, keyword, message))

    if op == "properties":
        for entry in rule["propertiesNotSatisfied"]:
            _rules(entry["details"], path_pointer(pointer, entry["propertyName"]), out)
    elif op in ("type", "bsonType"):
        add(f"expected {_names(spec.get(op))}, found {rule.get('consideredType')}")
    elif op == "required":
        for name in rule["missingProperties"]:
            add(f"required field {name!r} is missing", path_pointer(pointer, name))
    elif op in ("minLength", "maxLength"):
        fewer = "fewer" if op == "minLength" else "more"
        add(f"has {len(value)} characters, {fewer} than {spec.get(op)}")
    elif op == "pattern":
        add(f"does not match pattern {spec.get(op)!r}")
    elif op == "multipleOf":
        add(f"{short_repr(value)} is not a multiple of {spec.get(op)}")
    elif op in ("minimum", "maximum"):
        exclusive = bool(spec.get("exclusiveMinimum") or spec.get("exclusiveMaximum"))
        relation = _RELATIONS[(op, exclusive)]
        add(f"{short_repr(value)} is not {relation} {short_repr(spec.get(op))}")
    elif op in ("minItems", "maxItems"):
        fewer = "fewer" if op == "minItems" else "more"
        add(f"has {rule.get('numberOfItems')} items, {fewer} than {spec.get(op)}")
    elif op == "uniqueItems":
        add(f"has a duplicate item: {short_repr(rule.get('duplicatedValue'))}")
    elif op in ("items", "additionalItems") and "itemIndex" in rule:
        _rules(rule["details"], pointer_join(pointer, rule["itemIndex"]), out)
    elif op == "items":
        for entry in rule["details"]:
            _rules(entry["details"], pointer_join(pointer, int(entry["itemIndex"])), out)
    elif op == "additionalItems":
        add(f"has {len(rule['additionalItems'])} additional items; none are allowed")
    elif op == "encrypt":
        if rule.get("reason") == "encrypted value has wrong type":
            add("the encrypted value has a type the schema does not allow")
        else:
            add("must be encrypted: binData of subtype 6")
    elif op == "additionalProperties" and "failingProperty" in rule:
        _rules(rule["details"], pointer_join(pointer, rule["failingProperty"]), out)
    elif op == "additionalProperties":
        for name in rule["additionalProperties"]:
            add(f"field {name!r} is not allowed", pointer_join(pointer, name))
    elif op == "patternProperties":
        for entry in rule["details"]:
            _rules(entry["details"], pointer_join(pointer, entry["propertyName"]), out)
    elif op in ("minProperties", "maxProperties"):
        fewer = "fewer" if op == "minProperties" else "more"
        add(f"has {rule.get('numberOfProperties')} fields, {fewer} than {spec.get(op)}")
    elif op == "dependencies":
        _dependencies(rule, pointer, out)
    elif op == "allOf":
        for entry in rule["schemasNotSatisfied"]:
            before = len(out)
            _details(entry["details"], pointer, out)
            if len(out) == before:
                add(f"does not match the 'allOf' schema at index {entry['index']}")
    elif op == "anyOf":
        add("matches none of the 'anyOf' schemas")
    elif op == "oneOf":
        matches = len(rule.get("matchingSchemaIndexes", []))
        add(f"matches {matches} of the 'oneOf' schemas, not exactly one")
    elif op == "not":
        add("matches the 'not' schema")
    elif op == "enum":
        if "consideredValue" in rule:
            add(f"{short_repr(value)} is not one of the 'enum' values")
        else:
            add("no value can match: the top-level 'enum' has no object")
    else:  # pragma: no cover - every operator the details builder emits is handled above
        add(str(rule.get("reason", "is not valid")))


def _dependencies(rule: Mapping[str, Any], pointer: str, out: list[ValidationError]) -> None:
    for entry in rule["failingDependencies"]:
        name = entry["conditionalProperty"]
        if "missingProperties" in entry:
            for other in entry["missingProperties"]:
                out.append(
                    ValidationError(
                        path_pointer(pointer, other),
                        "dependencies",
                        f"field {other!r} is required when {name!r} is present",
                    )
                )
        else:
            _details(entry["details"], pointer, out)
