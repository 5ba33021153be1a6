"""Object keywords of the ``$jsonSchema`` parser: required, properties, patternProperties,
additionalProperties, min/maxProperties and dependencies (``translateObjectKeywords``)."""

from __future__ import annotations

from typing import Any, Final

from noema_codegen.diagnostics import pointer_join
from noema_codegen.validation import bson_types as bt
from noema_codegen.validation.model import Node, PatternRule
from noema_codegen.validation.schema_types import parse_integer_keyword

# FieldRef (paths of required/dependencies names) rejects NUL since MongoDB 8 (code 9867600).
NUL_MESSAGE: Final = "field names cannot contain embedded null bytes"


class ObjectKeywords:
    """Mixin of the parser; ``fail``, ``parse`` and ``_regex`` come from the parser class."""

    def fail(self, pointer: str, keyword: str | None, message: str) -> None:
        raise NotImplementedError

    def parse(self, schema: Any, pointer: str, is_root: bool) -> Node:
        raise NotImplementedError

    def _regex(self, source: str, pointer: str, keyword: str) -> PatternRule | None:
        raise NotImplementedError

    # -- object keywords -------------------------------------------------------------------
    def _object(self, kw: dict[str, Any], node: Node) -> None:
        p = node.pointer
        if "required" in kw:
            node.required = self._required(kw["required"], pointer_join(p, "required"))
        if "properties" in kw:
            props = kw["properties"]
            pp = pointer_join(p, "properties")
            if bt.type_code(props) != bt.OBJECT:
                self.fail(pp, "properties", "$jsonSchema keyword 'properties' must be an object")
            else:
                for name, sub in bt.as_mapping(props).items():
                    sp = pointer_join(pp, str(name))
                    if not isinstance(name, str) or "\x00" in name:
                        self.fail(sp, "properties", f"key {name!r} cannot be encoded as BSON")
                        continue
                    if bt.type_code(sub) != bt.OBJECT:
                        self.fail(
                            sp,
                            "properties",
                            f"Nested schema for $jsonSchema property '{name}' must be an object",
                        )
                        continue
                    node.properties[str(name)] = self.parse(bt.as_mapping(sub), sp, False)
        if "patternProperties" in kw or "additionalProperties" in kw:
            self._allowed(kw, node)
            # additionalProperties: true and no patterns constrains nothing.
            node.check_allowed = (
                bool(node.pattern_properties) or node.additional_properties is not True
            )
        for name in ("minProperties", "maxProperties"):
            if name in kw:
                number, message = parse_integer_keyword(kw[name])
                if message is not None:
                    self.fail(pointer_join(p, name), name, message)
                else:
                    setattr(
                        node,
                        "min_properties" if name == "minProperties" else "max_properties",
                        number,
                    )
        if "dependencies" in kw:
            self._dependencies(kw["dependencies"], node)

    def _required(self, value: Any, pointer: str) -> list[str]:
        if bt.type_code(value) != bt.ARRAY:
            self.fail(
                pointer,
                "required",
                "$jsonSchema keyword 'required' must be an array, but "
                f"found an element of type {bt.type_name(bt.type_code(value))}",
            )
            return []
        names: list[str] = []
        for index, name in enumerate(value):
            if bt.type_code(name) != bt.STRING:
                self.fail(
                    pointer_join(pointer, index),
                    "required",
                    "$jsonSchema keyword 'required' must be an array of strings, but found "
                    f"an element of type: {bt.type_name(bt.type_code(name))}",
                )
                return []
            if name in names:
                self.fail(
                    pointer_join(pointer, index),
                    "required",
                    "$jsonSchema keyword 'required' array cannot contain duplicate values",
                )
                return []
            if "\x00" in name:
                self.fail(pointer_join(pointer, index), "required", NUL_MESSAGE)
                return []
            names.append(str(name))
        if not names:
            self.fail(
                pointer, "required", "$jsonSchema keyword 'required' cannot be an empty array"
            )
        return names

    def _allowed(self, kw: dict[str, Any], node: Node) -> None:
        p = node.pointer
        if "patternProperties" in kw:
            value = kw["patternProperties"]
            pp = pointer_join(p, "patternProperties")
            if bt.type_code(value) != bt.OBJECT:
                self.fail(
                    pp,
                    "patternProperties",
                    "$jsonSchema keyword 'patternProperties' must be an object",
                )
            else:
                for source, sub in bt.as_mapping(value).items():
                    sp = pointer_join(pp, str(source))
                    if bt.type_code(sub) != bt.OBJECT:
                        self.fail(
                            sp,
                            "patternProperties",
                            "$jsonSchema keyword 'patternProperties'"
                            f" has property '{source}' which is not an object",
                        )
                        continue
                    sub_node = self.parse(bt.as_mapping(sub), sp, False)
                    rule = self._regex(str(source), sp, "patternProperties")
                    if rule is not None:
                        node.pattern_properties.append((rule, sub_node))
        if "additionalProperties" in kw:
            value = kw["additionalProperties"]
            ap = pointer_join(p, "additionalProperties")
            if isinstance(value, bool):
                node.additional_properties = value
            elif bt.type_code(value) == bt.OBJECT:
                node.additional_properties = self.parse(bt.as_mapping(value), ap, False)
            else:
                self.fail(
                    ap,
                    "additionalProperties",
                    "$jsonSchema keyword 'additionalProperties' must be an object or a boolean",
                )

    def _dependencies(self, value: Any, node: Node) -> None:
        dp = pointer_join(node.pointer, "dependencies")
        if bt.type_code(value) != bt.OBJECT:
            self.fail(dp, "dependencies", "$jsonSchema keyword 'dependencies' must be an object")
            return
        for name, dep in bt.as_mapping(value).items():
            name = str(name)
            sp = pointer_join(dp, name)
            code = bt.type_code(dep)
            if code == bt.OBJECT:
                node.dependencies.append((name, self.parse(bt.as_mapping(dep), sp, node.is_root)))
            elif code == bt.ARRAY:
                names = self._property_dependency(name, dep, sp)
                if names is not None:
                    node.dependencies.append((name, names))
            elif code == bt.STRING and name in ("title", "description"):
                continue
            else:
                self.fail(
                    sp,
                    "dependencies",
                    f"property '{name}' in $jsonSchema keyword "
                    "'dependencies' must be either an object or an array",
                )

    def _property_dependency(self, name: str, dep: Any, pointer: str) -> list[str] | None:
        if len(dep) == 0:
            self.fail(
                pointer,
                "dependencies",
                f"property '{name}' in $jsonSchema keyword 'dependencies' cannot be an empty array",
            )
            return None
        names: list[str] = []
        for index, item in enumerate(dep):
            if bt.type_code(item) != bt.STRING:
                self.fail(
                    pointer_join(pointer, index),
                    "dependencies",
                    f"array '{name}' in $jsonSchema keyword 'dependencies' can only contain "
                    f"strings, but found element of type: {bt.type_name(bt.type_code(item))}",
                )
                return None
            if "\x00" in item:
                self.fail(pointer_join(pointer, index), "dependencies", NUL_MESSAGE)
                return None
            if item in names:
                self.fail(
                    pointer_join(pointer, index),
                    "dependencies",
                    f"array '{name}' in $jsonSchema keyword 'dependencies' contains "
                    f"duplicate element: {item}",
                )
                return None
            names.append(str(item))
        return names
