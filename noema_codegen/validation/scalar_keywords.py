"""Scalar keywords of the ``$jsonSchema`` parser: pattern, min/maxLength, multipleOf,
minimum/maximum and their exclusive flags (``translateScalarKeywords`` in
``src/mongo/db/matcher/schema/json_schema_parser.cpp``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from noema_codegen.diagnostics import pointer_join
from noema_codegen.validation import bson_types as bt
from noema_codegen.validation.equality import to_decimal
from noema_codegen.validation.model import Bound, Node, PatternRule
from noema_codegen.validation.schema_types import parse_integer_keyword

#: RegexMatchExpression::kMaxPatternSize (bytes).
MAX_PATTERN_BYTES: Final = 32764


class ScalarKeywords:
    """Mixin of the parser; ``fail`` and ``_regex`` come from the parser class."""

    def fail(self, pointer: str, keyword: str | None, message: str) -> None:
        raise NotImplementedError

    def _regex(self, source: str, pointer: str, keyword: str) -> PatternRule | None:
        raise NotImplementedError

    # -- scalar keywords -------------------------------------------------------------------
    def _scalar(self, kw: dict[str, Any], node: Node) -> None:
        p = node.pointer
        root = node.is_root
        if "pattern" in kw:
            value = kw["pattern"]
            if not isinstance(value, str) or bt.type_code(value) != bt.STRING:
                self.fail(
                    pointer_join(p, "pattern"),
                    "pattern",
                    "$jsonSchema keyword 'pattern' must be a string",
                )
            elif not root and len(value.encode("utf-8", "surrogatepass")) > MAX_PATTERN_BYTES:
                self.fail(pointer_join(p, "pattern"), "pattern", "Regular expression is too long")
            elif not root:
                node.pattern = self._regex(value, pointer_join(p, "pattern"), "pattern")
        self._integer_keywords(kw, node, {"maxLength": "max_length", "minLength": "min_length"})
        if "multipleOf" in kw:
            self._multiple_of(kw["multipleOf"], node)
        for bound, excl in (("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")):
            if bound in kw:
                exclusive = False
                if excl in kw:
                    flag = kw[excl]
                    if not isinstance(flag, bool):
                        self.fail(
                            pointer_join(p, excl),
                            excl,
                            f"$jsonSchema keyword '{excl}' must be a boolean",
                        )
                        continue
                    exclusive = flag
                value = kw[bound]
                code = bt.type_code(value)
                if code not in bt.NUMBER_CODES:
                    self.fail(
                        pointer_join(p, bound),
                        bound,
                        f"$jsonSchema keyword '{bound}' must be a number",
                    )
                elif not root:
                    setattr(node, bound, Bound(value, code, exclusive))
            elif excl in kw:
                self.fail(
                    pointer_join(p, excl),
                    excl,
                    f"$jsonSchema keyword '{bound}' must be a present if {excl} is present",
                )

    def _integer_keywords(
        self, kw: dict[str, Any], node: Node, attributes: Mapping[str, str]
    ) -> None:
        """Keywords whose value is a non-negative integer (``parseIntegerElementToNonNegativeLong``),
        kept as the ``attributes`` of ``node`` below the root (the root's are checked only)."""
        for name, attribute in attributes.items():
            if name in kw:
                number, message = parse_integer_keyword(kw[name])
                if message is not None:
                    self.fail(pointer_join(node.pointer, name), name, message)
                elif not node.is_root:
                    setattr(node, attribute, number)

    def _multiple_of(self, value: Any, node: Node) -> None:
        pointer = pointer_join(node.pointer, "multipleOf")
        code = bt.type_code(value)
        if code not in bt.NUMBER_CODES:
            self.fail(pointer, "multipleOf", "$jsonSchema keyword 'multipleOf' must be a number")
            return
        divisor = to_decimal(value, code)
        if divisor.is_signed() or divisor.is_zero():
            self.fail(
                pointer, "multipleOf", "$jsonSchema keyword 'multipleOf' must have a positive value"
            )
            return
        if node.is_root:
            return
        if divisor.is_nan():
            self.fail(pointer, "multipleOf", "divisor cannot be NaN")
        elif divisor.is_infinite():
            self.fail(pointer, "multipleOf", "divisor cannot be infinite")
        else:
            node.multiple_of = divisor
