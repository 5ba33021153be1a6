"""Compile a parsed schema into specialised Python source for ``is_valid``.

Each subschema becomes straight-line code that returns ``False`` at the first failure: type
checks are a set lookup on the value's exact class (with a slow path for ints, ``Code`` and
subclasses), restrictions are guarded by the value's BSON type only when the stated type does not
already decide it, and ``properties``/``items`` loops are inlined. Subschemas that need a boolean
result (``anyOf``, ``oneOf``, ``not``, ``patternProperties``) become separate functions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Final

from noema_codegen.validation import bson_types as bt
from noema_codegen.validation.equality import is_multiple, number_satisfies, safe_key
from noema_codegen.validation.model import Bound, Node
from noema_codegen.validation.runtime import (
    MISSING,
    encrypted_type_ok,
    is_encrypted_bindata,
    reach,
    with_id,
)

_MAX_INLINE_DEPTH: Final = 12
_OPS: Final = {
    ("minimum", False): ("gte", ">="),
    ("minimum", True): ("gt", ">"),
    ("maximum", False): ("lte", "<="),
    ("maximum", True): ("lt", "<"),
}
_PLAIN_NUMBERS: Final = frozenset({bt.INT, bt.LONG, bt.DOUBLE})
_NAME: Final = re.compile(r"\b_[A-Za-z]\w*")


def _unique(values: Any) -> bool:
    keys = [safe_key(v) for v in values]
    return len(set(keys)) == len(keys)


def _absent(o: str, name: str) -> str:
    """Expression: the property is absent (dotted names are paths, see runtime.reach)."""
    return f"not _reach({o}, {name!r})" if "." in name else f"{name!r} not in {o}"


class _Gen:
    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "_M": MISSING,
            "_F": bt.FIXED_CODES.get,
            "_tc": bt.type_code,
            "_asmap": bt.as_mapping,
            "_key": safe_key,
            "_mult": is_multiple,
            "_ns": number_satisfies,
            "_uniq": _unique,
            "_enc": is_encrypted_bindata,
            "_enct": encrypted_type_ok,
            "_reach": reach,
        }
        self.functions: list[str] = []
        self.counter = 0
        self.const_ids: dict[object, str] = {}
        self.keep: list[Any] = []  # keeps id()-keyed constants alive while generating

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def const(self, value: Any) -> str:
        key: object = value if isinstance(value, frozenset) else id(value)
        if key in self.const_ids:
            return self.const_ids[key]
        name = self.fresh("_c")
        self.namespace[name] = value
        self.const_ids[key] = name
        self.keep.append(value)
        return name

    # -- functions -------------------------------------------------------------------------
    def function(self, node: Node) -> str:
        """A function ``f(value) -> bool`` for ``node``."""
        name = self.fresh("_f")
        arg = self.fresh("v")
        body: list[str] = []
        self.emit(node, arg, body, 1)
        body.append("    return True")
        self.functions.append(self.define(name, arg, body))
        return name

    def define(self, name: str, arg: str, body: list[str]) -> str:
        """Source of a function; the constants it uses become default arguments (fast locals)."""
        text = "\n".join(body)
        used = sorted(set(_NAME.findall(text)) & set(self.namespace))
        params = "".join(f", {n}={n}" for n in used)
        return f"def {name}({arg}{params}):\n{text}"

    # -- nodes -----------------------------------------------------------------------------
    def emit(self, node: Node, v: str, out: list[str], depth: int) -> None:
        if depth > _MAX_INLINE_DEPTH:
            fn = self.function(node)
            out.append(f"{'    ' * depth}if not {fn}({v}): return False")
            return
        if node.is_root:
            self.emit_root(node, v, out, depth)
            return
        pad = "    " * depth
        types = node.types
        groups = self._groups(node)
        if types is not None:
            fast = frozenset(cls for cls, code in bt.FIXED_CODES.items() if code in types)
            out.append(
                f"{pad}if type({v}) not in {self.const(fast)} and _tc({v}) not in "
                f"{self.const(types)}: return False"
            )
        if groups:
            needs_t = bt.NUMBER_CODES in groups or any(
                types is None or not types <= codes for codes in groups
            )
            t = self.fresh("t")
            if needs_t:
                out.append(f"{pad}{t} = _F(type({v})) or _tc({v})")
            self.emit_restrictions(node, v, t, out, depth)
        if node.encrypt:
            out.append(
                f"{pad}if not _enc({v}) or not _enct({v}, {self.const(node.encrypt_types)}):"
                " return False"
            )
        self.emit_logical(node, v, out, depth)

    @staticmethod
    def _groups(node: Node) -> list[frozenset[int]]:
        """The type groups whose restrictions this node has and its type allows."""
        wanted = [
            (frozenset({bt.STRING}), node.has_string_rules()),
            (bt.NUMBER_CODES, node.has_number_rules()),
            (frozenset({bt.ARRAY}), node.has_array_rules()),
            (frozenset({bt.OBJECT}), node.has_object_rules() or bool(node.dependencies)),
        ]
        return [
            codes
            for codes, present in wanted
            if present and (node.types is None or node.types & codes)
        ]

    def _guard(self, node: Node, t: str, codes: frozenset[int], out: list[str], depth: int) -> int:
        """Open ``if t in codes:`` unless the stated type already implies it; returns depth."""
        if node.types is not None and node.types <= codes:
            return depth
        if len(codes) == 1:
            out.append(f"{'    ' * depth}if {t} == {next(iter(codes))}:")
        else:
            out.append(f"{'    ' * depth}if {t} in {self.const(codes)}:")
        return depth + 1

    def emit_restrictions(self, node: Node, v: str, t: str, out: list[str], depth: int) -> None:
        types = node.types
        if node.has_string_rules() and (types is None or bt.STRING in types):
            d = self._guard(node, t, frozenset({bt.STRING}), out, depth)
            self.emit_string(node, v, out, d)
        if node.has_number_rules() and (types is None or types & bt.NUMBER_CODES):
            d = self._guard(node, t, bt.NUMBER_CODES, out, depth)
            self.emit_number(node, v, t, out, d)
        if node.has_array_rules() and (types is None or bt.ARRAY in types):
            d = self._guard(node, t, frozenset({bt.ARRAY}), out, depth)
            self.emit_array(node, v, out, d)
        if (node.has_object_rules() or node.dependencies) and (types is None or bt.OBJECT in types):
            d = self._guard(node, t, frozenset({bt.OBJECT}), out, depth)
            o = self.fresh("o")
            out.append(f"{'    ' * d}{o} = {v} if type({v}) is dict else _asmap({v})")
            self.emit_object(node, o, v, out, d)

    def emit_string(self, node: Node, v: str, out: list[str], depth: int) -> None:
        pad = "    " * depth
        if node.pattern is not None:
            search = self.const(node.pattern.regex.search)
            out.append(f"{pad}if {search}({v}) is None: return False")
        if node.min_length is not None:
            out.append(f"{pad}if len({v}) < {node.min_length}: return False")
        if node.max_length is not None:
            out.append(f"{pad}if len({v}) > {node.max_length}: return False")
        out.append(f"{pad}pass")

    def emit_number(self, node: Node, v: str, t: str, out: list[str], depth: int) -> None:
        pad = "    " * depth
        if node.multiple_of is not None:
            out.append(f"{pad}if not _mult({v}, {t}, {self.const(node.multiple_of)}): return False")
        for name in ("maximum", "minimum"):
            bound: Bound | None = getattr(node, name)
            if bound is None:
                continue
            op, symbol = _OPS[(name, bound.exclusive)]
            b = self.const(bound.value)
            slow = f"_ns({v}, {t}, {b}, {bound.code}, {op!r})"
            plain_bound = bound.code in _PLAIN_NUMBERS and not math.isnan(bound.value)
            if plain_bound:
                out.append(
                    f"{pad}if not ({slow} if {t} == {bt.DECIMAL} else {v} {symbol} {b}):"
                    " return False"
                )
            else:
                out.append(f"{pad}if not {slow}: return False")
        out.append(f"{pad}pass")

    def emit_array(self, node: Node, v: str, out: list[str], depth: int) -> None:
        pad = "    " * depth
        if node.min_items is not None:
            out.append(f"{pad}if len({v}) < {node.min_items}: return False")
        if node.max_items is not None:
            out.append(f"{pad}if len({v}) > {node.max_items}: return False")
        if node.unique_items:
            out.append(f"{pad}if not _uniq({v}): return False")
        if node.items is not None:
            e = self.fresh("e")
            body: list[str] = []
            self.emit(node.items, e, body, depth + 1)
            if body:
                out.append(f"{pad}for {e} in {v}:")
                out.extend(body)
        if node.items_list is not None:
            for index, sub in enumerate(node.items_list):
                e = self.fresh("e")
                body = []
                self.emit(sub, e, body, depth + 1)
                if body:
                    out.append(f"{pad}if len({v}) > {index}:")
                    out.append(f"{pad}    {e} = {v}[{index}]")
                    out.extend(body)
            start = len(node.items_list)
            extra = node.additional_items
            if extra is False:
                out.append(f"{pad}if len({v}) > {start}: return False")
            elif isinstance(extra, Node):
                e = self.fresh("e")
                body = []
                self.emit(extra, e, body, depth + 1)
                if body:
                    out.append(f"{pad}for {e} in list({v})[{start}:]:")
                    out.extend(body)
        out.append(f"{pad}pass")

    def emit_object(self, node: Node, o: str, v: str, out: list[str], depth: int) -> None:
        pad = "    " * depth
        required = set(node.required)
        for name in node.required:
            if name not in node.properties:
                out.append(f"{pad}if {_absent(o, name)}: return False")
        for name, sub in node.properties.items():
            if "." in name:
                self.emit_path_property(name, sub, name in required, o, out, depth)
                continue
            x = self.fresh("x")
            body: list[str] = []
            self.emit(sub, x, body, depth + 1)
            if body:
                out.append(f"{pad}{x} = {o}.get({name!r}, _M)")
                out.append(f"{pad}if {x} is not _M:")
                out.extend(body)
                if name in required:
                    out.append(f"{pad}else: return False")
            elif name in required:
                out.append(f"{pad}if {_absent(o, name)}: return False")
        if node.check_allowed:
            self.emit_allowed(node, o, out, depth)
        if node.min_properties is not None:
            out.append(f"{pad}if len({o}) < {node.min_properties}: return False")
        if node.max_properties is not None:
            out.append(f"{pad}if len({o}) > {node.max_properties}: return False")
        for name, dep in node.dependencies:
            if isinstance(dep, Node):
                body = []
                self.emit(dep, o if dep.is_root else v, body, depth + 1)
                if body:
                    out.append(f"{pad}if not ({_absent(o, name)}):")
                    out.extend(body)
            else:
                missing = " or ".join(_absent(o, other) for other in dep)
                out.append(f"{pad}if not ({_absent(o, name)}) and ({missing}): return False")
        out.append(f"{pad}pass")

    def emit_path_property(
        self, name: str, sub: Node, required: bool, o: str, out: list[str], depth: int
    ) -> None:
        """A dotted property: some value the path reaches must match (approximation of the
        server, which matches each keyword against any reached value separately)."""
        pad = "    " * depth
        xs = self.fresh("xs")
        fn = self.function(sub)
        out.append(f"{pad}{xs} = _reach({o}, {name!r})")
        if required:
            out.append(f"{pad}if not {xs}: return False")
        out.append(f"{pad}if {xs} and not any({fn}(v) for v in {xs}): return False")

    def emit_allowed(self, node: Node, o: str, out: list[str], depth: int) -> None:
        pad = "    " * depth
        props = self.const(frozenset(node.properties))
        extra = node.additional_properties
        key, x = self.fresh("k"), self.fresh("x")
        if not node.pattern_properties:
            if extra is True:
                return
            if extra is False:
                out.append(f"{pad}if not {props}.issuperset({o}): return False")
                return
            body: list[str] = []
            self.emit(extra, x, body, depth + 2)
            if body:
                out.append(f"{pad}for {key}, {x} in {o}.items():")
                out.append(f"{pad}    if {key} not in {props}:")
                out.extend(body)
            return
        out.append(f"{pad}for {key}, {x} in {o}.items():")
        matched = self.fresh("m")
        out.append(f"{pad}    {matched} = False")
        for rule, sub in node.pattern_properties:
            search = self.const(rule.regex.search)
            fn = self.function(sub)
            out.append(f"{pad}    if {search}({key}) is not None:")
            out.append(f"{pad}        {matched} = True")
            out.append(f"{pad}        if not {fn}({x}): return False")
        if extra is False:
            out.append(f"{pad}    if not {matched} and {key} not in {props}: return False")
        elif isinstance(extra, Node):
            fn = self.function(extra)
            out.append(
                f"{pad}    if not {matched} and {key} not in {props} and not {fn}({x}):"
                " return False"
            )

    def emit_root(self, node: Node, d: str, out: list[str], depth: int) -> None:
        pad = "    " * depth
        if node.always_false:
            out.append(f"{pad}return False")
            return
        self.emit_object(node, d, d, out, depth)
        self.emit_logical(node, d, out, depth)

    def emit_logical(self, node: Node, v: str, out: list[str], depth: int) -> None:
        pad = "    " * depth
        for sub in node.all_of:
            self.emit(sub, v, out, depth)
        if node.any_of:
            calls = " or ".join(f"{self.function(sub)}({v})" for sub in node.any_of)
            out.append(f"{pad}if not ({calls}): return False")
        if node.one_of:
            calls = ", ".join(f"{self.function(sub)}({v})" for sub in node.one_of)
            out.append(f"{pad}if [{calls}].count(True) != 1: return False")
        if node.not_ is not None:
            out.append(f"{pad}if {self.function(node.not_)}({v}): return False")
        if node.enum is not None:
            keys = frozenset(safe_key(option) for option in node.enum)
            strings = frozenset(o for o in node.enum if type(o) is str)
            if strings and not node.is_root:
                out.append(
                    f"{pad}if (({v} not in {self.const(strings)}) if type({v}) is str else "
                    f"(_key({v}) not in {self.const(keys)})): return False"
                )
            else:
                out.append(f"{pad}if _key({v}) not in {self.const(keys)}: return False")


def generate(root: Node, assume_id: bool = True) -> tuple[str, dict[str, Any]]:
    """Python source defining ``is_valid(doc)`` for the root node, and its namespace.

    The entry point rejects non-mappings and, with ``assume_id``, adds the ``_id`` the server
    would add to a document that has none, before running the root schema inline.
    """
    gen = _Gen()
    gen.namespace["_Mapping"] = Mapping
    gen.namespace["_with_id"] = with_id
    body = ["    if type(d) is not dict and not isinstance(d, _Mapping): return False"]
    if assume_id:
        body.append("    if '_id' not in d: d = _with_id(d)")
    gen.emit(root, "d", body, 1)
    body.append("    return True")
    entry = gen.define("is_valid", "d", body)
    source = "\n\n".join([*gen.functions, entry]) + "\n"
    return source, gen.namespace


def compile_is_valid(root: Node, assume_id: bool = True) -> tuple[Any, str]:
    """The compiled ``is_valid`` function and its source."""
    source, namespace = generate(root, assume_id)
    code = compile(source, "<noema $jsonSchema validator>", "exec")
    exec(code, namespace)  # noqa: S102 - source generated above from a parsed schema
    return namespace["is_valid"], source


def compile_node_valid(node: Node) -> Any:
    """A compiled ``valid(value) -> bool`` for one (sub)schema ``node`` (no ``_id`` added): the
    oracle ``explain`` asks which subschemas a value satisfies."""
    gen = _Gen()
    name = gen.function(node)
    source = "\n\n".join(gen.functions) + "\n"
    code = compile(source, "<noema $jsonSchema subschema>", "exec")
    exec(code, gen.namespace)  # noqa: S102 - source generated above from a parsed schema
    return gen.namespace[name]
