"""MongoDB's ``$jsonSchema`` parser, reproduced: which schemas the server accepts, and what they mean.

This follows ``src/mongo/db/matcher/schema/json_schema_parser.cpp`` keyword by keyword and in the
same order, so the first error collected is the one the server reports. Unlike the server, the
parser keeps going after an error, so :func:`parse` returns every problem it can find.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from noema_codegen.diagnostics import pointer_join
from noema_codegen.validation import bson_types as bt
from noema_codegen.validation.equality import safe_key
from noema_codegen.validation.errors import SchemaError, SchemaTooDeep
from noema_codegen.validation.limits import MAX_SCHEMA_DEPTH, first_too_deep
from noema_codegen.validation.model import Node, PatternRule
from noema_codegen.validation.object_keywords import ObjectKeywords
from noema_codegen.validation.pcre import InvalidPattern, UnsupportedPattern, compile_pcre
from noema_codegen.validation.scalar_keywords import ScalarKeywords
from noema_codegen.validation.schema_types import (
    ENCRYPT_METADATA_KEYWORD,
    parse_encrypt,
    parse_encrypt_metadata,
    parse_type_set,
)

KNOWN_KEYWORDS: Final = frozenset(
    {
        "additionalItems",
        "additionalProperties",
        "allOf",
        "anyOf",
        "bsonType",
        "dependencies",
        "description",
        "encrypt",
        "encryptMetadata",
        "enum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "items",
        "maxItems",
        "maxLength",
        "maxProperties",
        "maximum",
        "minItems",
        "minLength",
        "minProperties",
        "minimum",
        "multipleOf",
        "not",
        "oneOf",
        "pattern",
        "patternProperties",
        "properties",
        "required",
        "title",
        "type",
        "uniqueItems",
    }
)
UNSUPPORTED_KEYWORDS: Final = frozenset(
    {"$ref", "$schema", "default", "definitions", "format", "id"}
)


class _Parser(ScalarKeywords, ObjectKeywords):
    def __init__(self, allow_encrypt: bool) -> None:
        self.errors: list[SchemaError] = []
        self.unsupported: list[SchemaError] = []
        self.allow_encrypt = allow_encrypt

    def fail(self, pointer: str, keyword: str | None, message: str) -> None:
        self.errors.append(SchemaError(pointer, keyword, message))

    # -- entry -----------------------------------------------------------------------------
    def parse(self, schema: Any, pointer: str, is_root: bool) -> Node:
        node = Node(pointer=pointer, is_root=is_root)
        if not isinstance(schema, Mapping):
            self.fail(pointer, None, "$jsonSchema must be an object")
            return node
        kw: dict[str, Any] = {}
        for name, value in schema.items():
            if not isinstance(name, str) or "\x00" in name:
                self.fail(
                    pointer,
                    None,
                    f"key {name!r} cannot be encoded as BSON (pymongo refuses "
                    "non-string keys and keys containing NUL)",
                )
                continue
            if name in KNOWN_KEYWORDS:
                kw[name] = value
            elif name in UNSUPPORTED_KEYWORDS:
                self.fail(
                    pointer_join(pointer, name),
                    name,
                    f"$jsonSchema keyword '{name}' is not currently supported",
                )
            else:
                self.fail(pointer_join(pointer, name), name, f"Unknown $jsonSchema keyword: {name}")
        self._metadata(kw, pointer)
        self._types(kw, node)
        self._scalar(kw, node)
        self._array(kw, node)
        self._encryption(kw, node)
        self._object(kw, node)
        self._logical(kw, node)
        if is_root and node.types is not None and bt.OBJECT not in node.types:
            node.always_false = True
        node.raw = schema
        return node

    def _metadata(self, kw: dict[str, Any], pointer: str) -> None:
        for name in ("description", "title"):
            if name in kw and not isinstance(kw[name], str):
                self.fail(
                    pointer_join(pointer, name),
                    name,
                    f"$jsonSchema keyword '{name}' must be of type string",
                )

    def _types(self, kw: dict[str, Any], node: Node) -> None:
        p = node.pointer
        if "type" in kw and "bsonType" in kw:
            self.fail(
                p, "bsonType", "Cannot specify both $jsonSchema keywords 'type' and 'bsonType'"
            )
            return
        for other in ("type", "bsonType"):
            if other in kw and "encrypt" in kw:
                self.fail(
                    p,
                    "encrypt",
                    f"$jsonSchema keyword 'encrypt' cannot be used in "
                    f"conjunction with '{other}', 'encrypt' implies type 'bsonType::BinData'",
                )
                return
        for name, aliases in (("type", bt.JSON_TYPE_ALIASES), ("bsonType", bt.BSON_TYPE_ALIASES)):
            if name in kw:
                types, message = parse_type_set(kw[name], name, aliases)
                if message is not None:
                    self.fail(pointer_join(p, name), name, message)
                else:
                    node.types = types
                    node.type_keyword = name
                return
        if "encrypt" in kw:
            node.types = frozenset({bt.BINDATA})
            node.type_keyword = "encrypt"

    def _regex(self, source: str, pointer: str, keyword: str) -> PatternRule | None:
        try:
            return PatternRule(source, compile_pcre(source))
        except InvalidPattern as exc:
            self.fail(pointer, keyword, f"Invalid regular expression: {exc}")
        except UnsupportedPattern as exc:
            self.unsupported.append(
                SchemaError(pointer, keyword, f"unsupported PCRE syntax: {exc}")
            )
        return None

    # -- array keywords --------------------------------------------------------------------
    def _array(self, kw: dict[str, Any], node: Node) -> None:
        p = node.pointer
        root = node.is_root
        self._integer_keywords(kw, node, {"minItems": "min_items", "maxItems": "max_items"})
        if "uniqueItems" in kw:
            if not isinstance(kw["uniqueItems"], bool):
                self.fail(
                    pointer_join(p, "uniqueItems"),
                    "uniqueItems",
                    "$jsonSchema keyword 'uniqueItems' must be a boolean",
                )
            elif not root:
                node.unique_items = kw["uniqueItems"]
        items_is_list = False
        if "items" in kw:
            items = kw["items"]
            ip = pointer_join(p, "items")
            code = bt.type_code(items)
            if code == bt.ARRAY:
                items_is_list = True
                subs: list[Node] = []
                for index, sub in enumerate(items):
                    if bt.type_code(sub) != bt.OBJECT:
                        self.fail(
                            pointer_join(ip, index),
                            "items",
                            "$jsonSchema keyword 'items' requires that each element of the "
                            f"array is an object, but found a {bt.type_name(bt.type_code(sub))}",
                        )
                        continue
                    subs.append(self.parse(bt.as_mapping(sub), pointer_join(ip, index), False))
                if not root:
                    node.items_list = subs
            elif code == bt.OBJECT:
                sub_node = self.parse(bt.as_mapping(items), ip, False)
                if not root:
                    node.items = sub_node
            else:
                self.fail(
                    ip,
                    "items",
                    "$jsonSchema keyword 'items' must be an array or an object, "
                    f"not {bt.type_name(code)}",
                )
        if "additionalItems" in kw:
            value = kw["additionalItems"]
            ap = pointer_join(p, "additionalItems")
            parsed: Node | bool | None = None
            if isinstance(value, bool):
                parsed = value
            elif bt.type_code(value) == bt.OBJECT:
                parsed = self.parse(bt.as_mapping(value), ap, False)
            else:
                self.fail(
                    ap,
                    "additionalItems",
                    "$jsonSchema keyword 'additionalItems' must be "
                    f"either an object or a boolean, but got a {bt.type_name(bt.type_code(value))}",
                )
            if items_is_list and not root and parsed is not True:
                node.additional_items = parsed

    # -- encryption ------------------------------------------------------------------------
    def _encryption(self, kw: dict[str, Any], node: Node) -> None:
        p = node.pointer
        has_encrypt = "encrypt" in kw
        has_meta = ENCRYPT_METADATA_KEYWORD in kw
        if not (has_encrypt or has_meta):
            return
        if not self.allow_encrypt:
            self.fail(
                p,
                "encrypt" if has_encrypt else ENCRYPT_METADATA_KEYWORD,
                "Encryption-related validator keywords are not allowed in this context",
            )
            return
        if has_encrypt and has_meta:
            self.fail(
                p,
                "encrypt",
                "Cannot specify both $jsonSchema keywords 'encrypt' and 'encryptMetadata'",
            )
            return
        if has_meta:
            message = parse_encrypt_metadata(kw[ENCRYPT_METADATA_KEYWORD])
            if message is not None:
                self.fail(
                    pointer_join(p, ENCRYPT_METADATA_KEYWORD), ENCRYPT_METADATA_KEYWORD, message
                )
        if has_encrypt:
            types, message = parse_encrypt(kw["encrypt"])
            if message is not None:
                self.fail(pointer_join(p, "encrypt"), "encrypt", message)
            else:
                node.encrypt = True
                node.encrypt_types = types

    # -- logical keywords ------------------------------------------------------------------
    def _logical(self, kw: dict[str, Any], node: Node) -> None:
        p = node.pointer
        for name, target in (
            ("allOf", node.all_of),
            ("anyOf", node.any_of),
            ("oneOf", node.one_of),
        ):
            if name not in kw:
                continue
            value = kw[name]
            lp = pointer_join(p, name)
            if bt.type_code(value) != bt.ARRAY:
                self.fail(lp, name, f"$jsonSchema keyword '{name}' must be an array")
                continue
            if len(value) == 0:
                self.fail(lp, name, f"$jsonSchema keyword '{name}' must be a non-empty array")
                continue
            for index, sub in enumerate(value):
                code = bt.type_code(sub)
                if code != bt.OBJECT:
                    self.fail(
                        pointer_join(lp, index),
                        name,
                        f"$jsonSchema keyword '{name}' must be"
                        f" an array of objects, but found an element of type {bt.type_name(code)}",
                    )
                    continue
                target.append(self.parse(bt.as_mapping(sub), pointer_join(lp, index), node.is_root))
        if "not" in kw:
            value = kw["not"]
            code = bt.type_code(value)
            if code != bt.OBJECT:
                self.fail(
                    pointer_join(p, "not"),
                    "not",
                    "$jsonSchema keyword 'not' must be an "
                    f"object, but found an element of type {bt.type_name(code)}",
                )
            else:
                node.not_ = self.parse(bt.as_mapping(value), pointer_join(p, "not"), node.is_root)
        if "enum" in kw:
            self._enum(kw["enum"], node)

    def _enum(self, value: Any, node: Node) -> None:
        ep = pointer_join(node.pointer, "enum")
        code = bt.type_code(value)
        if code != bt.ARRAY:
            self.fail(
                ep,
                "enum",
                "$jsonSchema keyword 'enum' must be an array, but found an "
                f"element of type {bt.type_name(code)}",
            )
            return
        if len(value) == 0:
            self.fail(ep, "enum", "$jsonSchema keyword 'enum' cannot be an empty array")
            return
        seen: set[object] = set()
        for index, item in enumerate(value):
            if not bt.is_encodable(item):
                self.fail(
                    pointer_join(ep, index),
                    "enum",
                    f"{type(item).__name__} value cannot be encoded as BSON by pymongo",
                )
                return
            key = safe_key(item)
            if key in seen:
                self.fail(
                    pointer_join(ep, index),
                    "enum",
                    "$jsonSchema keyword 'enum' array cannot contain duplicate values.",
                )
                return
            seen.add(key)
        values = list(value)
        if node.is_root:
            values = [v for v in values if bt.type_code(v) == bt.OBJECT]
        node.enum = values


def parse(
    schema: Any, *, allow_encrypt: bool = True
) -> tuple[Node, list[SchemaError], list[SchemaError]]:
    """Parse a ``$jsonSchema``; returns (root node, server rejections, unsupported patterns).

    A schema nested deeper than :data:`~noema_codegen.validation.limits.MAX_SCHEMA_DEPTH` levels
    is refused as a whole (one error at the first level too deep), before anything else."""
    parser = _Parser(allow_encrypt)
    deep = first_too_deep(schema)
    if deep is not None:
        parser.errors.append(
            SchemaTooDeep(
                deep,
                None,
                f"the schema is nested more than {MAX_SCHEMA_DEPTH} levels deep (objects and "
                f"arrays) here; noema-codegen compiles at most {MAX_SCHEMA_DEPTH} levels: flatten "
                "this part of the schema",
            )
        )
        return Node(pointer="", is_root=True), parser.errors, parser.unsupported
    node = parser.parse(schema, "", True)
    return node, parser.errors, parser.unsupported
