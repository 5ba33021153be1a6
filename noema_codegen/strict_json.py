"""Reading JSON text the way a MongoDB validator can hold it, without recursion.

Python's ``json`` accepts more than a schema file may hold, and recurses once per nesting
level. ``read_json`` first scans the text with a tokenizer and an explicit stack (no recursion,
so any depth is safe) and refuses, each with its line, column and JSON pointer:

* nesting deeper than ``MAX_DEPTH`` (the first too-deep value; nothing after it is read);
* a key that occurs twice in one object (at the second occurrence; Python would keep the last);
* ``NaN``, ``Infinity``, ``-Infinity`` (not JSON; MongoDB's JSON parsers refuse them too);
* an integer outside the signed 64-bit range (BSON has no larger integer; pymongo cannot
  encode it) and a number too large for a double (``1e400`` would become infinity);
* a string that is not valid Unicode (a lone surrogate such as ``"\\ud800"``: BSON strings are
  UTF-8, which cannot encode it) and a key holding U+0000 (BSON keys are NUL-terminated).

Only text that passes is handed to ``json.loads``, whose syntax errors become a problem with
line and column too.

Where the limits come from (mongodb/mongo): ``src/mongo/bson/bson_depth.h`` sets the server's
BSON nesting limit (``BSONDepth::kDefaultMaxAllowableDepth`` = 200, of which user documents may
use ``getMaxDepthForUserStorage()`` = 200 - ``kExtraSystemDepthLevels`` (20) = 180). A
validator travels wrapped in a command (``{collMod: ..., validator: {$jsonSchema: ...}}``) and is
stored and logged wrapped again, so a schema file gets a smaller budget: 100 levels, which also
keeps every later stage of this tool (engine, renderers, datamodel-code-generator) far from
Python's recursion limit.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from noema_codegen.diagnostics import pointer_join

#: The deepest nesting of objects and arrays a schema file may have (the root object is 1).
MAX_DEPTH = 100
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
#: After this many problems in one file the scan stops (one more problem says so).
MAX_PROBLEMS = 20

_TOKEN = re.compile(
    r"""
    [\ \t\n\r]*+
    (?:(?P<string>"(?:[^"\\\x00-\x1f]++|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*+")
    |(?P<number>-?(?:0|[1-9][0-9]*+)(?P<fraction>\.[0-9]++)?(?P<exponent>[eE][+-]?[0-9]++)?)
    |(?P<punct>[{}\[\]:,])
    |(?P<word>-?[A-Za-z_][A-Za-z0-9_]*+))
    """,
    re.VERBOSE,
)
_NON_FINITE = {"NaN", "Infinity", "-Infinity"}


@dataclass(frozen=True)
class JsonProblem:
    """Something ``read_json`` refuses: where (1-based line and column, JSON pointer) and what."""

    line: int
    column: int
    pointer: str
    rule: str
    message: str


def printable(text: str) -> str:
    """``text`` as a JSON string literal that any terminal can print (non-ASCII escaped)."""
    return json.dumps(text)


class _Frame:
    """One open object or array while scanning."""

    __slots__ = ("expecting_key", "is_object", "keys", "token")

    def __init__(self, is_object: bool) -> None:
        self.is_object = is_object
        self.token: str | int | None = None if is_object else 0
        self.keys: dict[str, int] = {}
        self.expecting_key = is_object


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Frame] = []
        self.problems: list[JsonProblem] = []
        self._line, self._line_start, self._counted = 1, 0, 0

    def location(self, offset: int) -> tuple[int, int]:
        """Line and column of ``offset``; offsets only grow, so lines are counted once."""
        newlines = self.text.count("\n", self._counted, offset)
        if newlines:
            self._line += newlines
            self._line_start = self.text.rfind("\n", self._counted, offset) + 1
        self._counted = offset
        return self._line, offset - self._line_start + 1

    def pointer(self) -> str:
        tokens = [frame.token for frame in self.stack if frame.token is not None]
        return pointer_join("", *tokens)

    def report(self, offset: int, rule: str, message: str) -> None:
        line, column = self.location(offset)
        self.problems.append(JsonProblem(line, column, self.pointer(), rule, message))

    def run(self) -> None:
        text, position, end = self.text, 0, len(self.text)
        while position < end and len(self.problems) < MAX_PROBLEMS:
            match = _TOKEN.match(text, position)
            if match is None:
                return  # not JSON here: json.loads reports the syntax error
            kind = match.lastgroup or ""
            token, position = match.group(kind), match.start(kind)
            if kind == "punct":
                if not self.punctuation(token, position):
                    return
            elif kind == "string":
                self.string(token, position)
            elif kind == "number":
                self.number(match, position)
            elif kind == "word" and token in _NON_FINITE:
                self.report(
                    position,
                    "json-number",
                    f"{token} is not JSON (MongoDB refuses it too): "
                    "write a finite number, or drop the keyword",
                )
            position = match.end()
        if len(self.problems) >= MAX_PROBLEMS and position < end:
            self.report(
                position, "json", f"more than {MAX_PROBLEMS} problems: fix these and run again"
            )

    def punctuation(self, char: str, offset: int) -> bool:
        top = self.stack[-1] if self.stack else None
        if char in "{[":
            if len(self.stack) >= MAX_DEPTH:
                self.report(
                    offset,
                    "json-depth",
                    f"nested deeper than {MAX_DEPTH} objects/arrays, the limit for a schema file "
                    "(see docs/input-contract.md): flatten the schema",
                )
                return False
            self.stack.append(_Frame(char == "{"))
        elif char in "}]":
            if self.stack:
                self.stack.pop()
        elif char == "," and top is not None:
            if top.is_object:
                top.expecting_key = True
                top.token = None
            elif isinstance(top.token, int):
                top.token += 1
        return True

    def string(self, literal: str, offset: int) -> None:
        value = json.loads(literal)
        assert isinstance(value, str)
        top = self.stack[-1] if self.stack else None
        is_key = top is not None and top.is_object and top.expecting_key
        if is_key:
            assert top is not None
            top.expecting_key = False
            top.token = value
        if not _is_unicode(value):
            what = "key" if is_key else "string"
            self.report(
                offset,
                "json-unicode",
                f"this {what} holds a lone surrogate escape (such as \\ud800), which UTF-8 and "
                "BSON cannot encode: remove it or write the whole character",
            )
        if is_key:
            assert top is not None
            if "\x00" in value:
                self.report(
                    offset,
                    "json-key",
                    "this key holds U+0000 (\\u0000), which a BSON key cannot hold: rename it",
                )
            first = top.keys.get(value)
            if first is not None:
                self.report(
                    offset,
                    "json-duplicate-key",
                    f"key {printable(value)} occurs twice in this object (first at line {first}); "
                    "JSON objects need unique keys: merge or remove one",
                )
            else:
                top.keys[value] = self.location(offset)[0]

    def number(self, match: re.Match[str], offset: int) -> None:
        literal = match.group("number")
        if match.group("fraction") is None and match.group("exponent") is None:
            digits = literal.lstrip("-")
            if len(digits) > 19 or not INT64_MIN <= int(literal) <= INT64_MAX:
                self.report(
                    offset,
                    "json-number",
                    "integer outside the 64-bit range MongoDB stores (-2^63 .. 2^63-1): "
                    "use a smaller number, or write it with an exponent (e.g. 1e30) if a "
                    "double is meant",
                )
        elif math.isinf(float(literal)):
            self.report(
                offset,
                "json-number",
                "number too large for a double (it would become infinity): use a smaller number",
            )


def _is_unicode(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Refused(Exception):
    """Raised by the fast path's hooks: something the scanner must locate."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Refused
    return result


def _int64(literal: str) -> int:
    if len(literal.lstrip("-")) > 19:
        raise _Refused
    value = int(literal)
    if not INT64_MIN <= value <= INT64_MAX:
        raise _Refused
    return value


def _finite(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise _Refused
    return value


def _refuse(literal: str) -> Any:
    raise _Refused


_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
#: escapes the fast path leaves to the scanner: surrogates (lone ones are refused) and U+0000
_NEEDS_SCAN = re.compile(r"\\u(?:[dD][89a-fA-F]|0000)")


def _max_depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, without recursion (C-speed passes).

    Where the text is not JSON this may overcount, never undercount, the depth ``json.loads``
    reaches before it fails: both read strings the same way up to the first error."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


def read_json(text: str) -> tuple[Any, list[JsonProblem]]:
    """Parse ``text``: ``(value, [])``, or ``(None, problems)`` in the order of the text.

    The common case, a clean file, is one ``json.loads`` with checking hooks, after a depth
    measure that cannot recurse. Anything suspicious goes to the scanner, which locates every
    problem; when the scan finds problems, they are all that is reported (a syntax error
    further on shows once they are fixed)."""
    if _max_depth(text) <= MAX_DEPTH and not _NEEDS_SCAN.search(text):
        try:
            value = json.loads(
                text,
                object_pairs_hook=_unique_keys,
                parse_int=_int64,
                parse_float=_finite,
                parse_constant=_refuse,
            )
        except (_Refused, json.JSONDecodeError):
            pass
        else:
            return value, []
    return scan_json(text)


def scan_json(text: str) -> tuple[Any, list[JsonProblem]]:
    """``read_json`` without the fast path: the scanner, then ``json.loads`` if it found nothing."""
    scanner = _Scanner(text)
    scanner.run()
    if scanner.problems:
        return None, scanner.problems
    try:  # the scan found nothing, so the depth is within the limit: json.loads cannot recurse far
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg}; fix the syntax at this line and column"
        return None, [JsonProblem(exc.lineno, exc.colno, "", "json", message)]
    return value, []
