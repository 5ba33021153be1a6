"""Running the server's PCRE patterns (``pattern``, ``patternProperties``) with Python's ``re``.

MongoDB compiles these patterns with PCRE in UTF mode and no flags; matching is a search
(unanchored). Translation done here:

* ``\\d``, ``\\w``, ``\\s``, ``\\b`` are ASCII-only in PCRE without UCP: compiled with ``re.ASCII``.
* ``\\z`` -> ``\\Z``; PCRE ``\\Z`` (end or before a final newline) -> ``(?=\\n?\\Z)``.
* ``(?<name>...)`` -> ``(?P<name>...)``, ``\\k<name>``/``\\k{name}``/``\\k'name'`` -> ``(?P=name)``.
* ``{,n}`` is literal text (PCRE2 before 10.43), ``\\cX`` is a control character.
* inline flags in mid-pattern (``a(?i)b``) -> scoped groups (``a(?i:b)``).
* ``\\N`` (not a newline), ``\\h``/``\\H`` (horizontal space), ``\\R`` (any newline), ``\\e`` (escape),
  ``\\x{hhh}``, ``\\xhh`` (0 to 2 digits), ``\\o{ooo}``,
  ``\\Q...\\E`` quoting and POSIX classes such as ``[[:alpha:]]``.

Rejected like PCRE2 does (the server refuses the schema): ``\\u``, ``\\U``, ``\\l``, ``\\L``,
``\\F``, ``\\N{name}``, embedded NUL characters, ``\\x{}``/``\\o{}`` without digits, with a
non-digit, beyond U+10FFFF or naming a surrogate, ``\\c`` not followed by printable ASCII, a
``{n,m}`` quantifier above 65535 and parentheses nested more than 250 deep.

Not supported (compile_schema raises :class:`UnsupportedPattern`, the schema is still valid for
MongoDB): Unicode properties ``\\p{..}``/``\\P{..}``, ``\\X``, recursion and subroutine calls,
callouts, backtracking verbs, ``\\K``, ``\\G``, ``\\C`` and conditional groups other than by
group number/name, ``\\D``/``\\W``/``\\S`` inside a character class of a caseless pattern, and
patterns beyond what Python's ``re`` compiles (deeply nested groups within PCRE2's limit).
Caseless patterns (``(?i)``) fold case with Unicode rules, as PCRE does in UTF mode.
"""

from __future__ import annotations

import re
import warnings
from typing import Final


class UnsupportedPattern(ValueError):
    """A pattern MongoDB may accept but this engine cannot run with Python's ``re``."""


class InvalidPattern(ValueError):
    """A pattern that is not a valid regular expression."""


_POSIX: Final[dict[str, str]] = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v",
    "blank": " \\t",
    "punct": "!-/:-@\\[-`{-~",
    "xdigit": "0-9A-Fa-f",
    "word": "\\w",
    "cntrl": "\\x00-\\x1f\\x7f",
    "print": " -~",
    "graph": "!-~",
    "ascii": "\\x00-\\x7f",
}
_H_CLASS: Final = "\\t \\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
_UNSUPPORTED_ESCAPES: Final = set("pPXKGC")
_INLINE_FLAGS: Final = re.compile(r"\(\?([a-zA-Z-]+)\)")
_LEADING_COMMA_QUANTIFIER: Final = re.compile(r"\{,\d*\}")
_QUANTIFIER: Final = re.compile(r"\{(\d+)(?:,(\d*))?\}")
#: PCRE2's ``MAX_REPEAT_COUNT`` (ERR5 "number too big in {} quantifier").
MAX_QUANTIFIER: Final = 65535
#: PCRE2's default ``PARENS_NEST_LIMIT`` (ERR19 "parentheses are too deeply nested").
MAX_GROUP_NESTING: Final = 250
_CASELESS: Final = re.compile(r"\(\?[a-zA-Z]*i[a-zA-Z-]*[:)]")
_WORD: Final = "[A-Za-z0-9_]"
_ASCII_SET: Final[dict[str, str]] = {"d": "0-9", "w": "A-Za-z0-9_", "s": "\\t\\n\\x0b\\f\\r "}
_ASCII_CLASSES: Final[dict[str, str]] = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": _WORD,
    "W": "[^A-Za-z0-9_]",
    "s": "[\\t\\n\\x0b\\f\\r ]",
    "S": "[^\\t\\n\\x0b\\f\\r ]",
    "b": f"(?:(?<={_WORD})(?!{_WORD})|(?<!{_WORD})(?={_WORD}))",
    "B": f"(?:(?<={_WORD})(?={_WORD})|(?<!{_WORD})(?!{_WORD}))",
}


def translate(pattern: str, ascii_classes: bool = False) -> str:
    """Translate a PCRE pattern to Python ``re`` syntax (see module docstring).

    With ``ascii_classes``, ``\\d \\w \\s \\b`` and their negations are spelled out as ASCII
    sets, so the result can be compiled in Unicode mode (for Unicode case folding)."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    in_class = False
    class_start = 0
    # Inline flags in the middle of a group, per open group: PCRE applies them up to the end of
    # the group; Python only allows them at the start, so they become scoped groups.
    scoped: list[list[str]] = [[]]
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n:
                raise InvalidPattern("\\ at end of pattern")
            nxt = pattern[i + 1]
            if nxt == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
                out.append(re.escape(literal))
                i = n if end < 0 else end + 2
                continue
            if nxt == "E":
                i += 2
                continue
            if nxt in "uUlLF" or (nxt == "N" and pattern.startswith("{", i + 2)):
                raise InvalidPattern("PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u")
            if nxt == "N":
                out.append("[^\\n]")
                i += 2
                continue
            if nxt in _UNSUPPORTED_ESCAPES:
                raise UnsupportedPattern(f"\\{nxt} is not supported")
            if nxt in "xo":
                code, i = _code_point_escape(pattern, i)
                out.append(_char_escape(code))
                continue
            if nxt == "c":
                if i + 2 >= n or not " " <= pattern[i + 2] <= "~":
                    raise InvalidPattern("\\c must be followed by a printable ASCII character")
                out.append(_char_escape(ord(pattern[i + 2].upper()) ^ 0x40))
                i += 3
                continue
            if nxt == "e":
                out.append("\\x1b")
            elif nxt == "h":
                out.append(_H_CLASS if in_class else f"[{_H_CLASS}]")
            elif nxt == "H" and not in_class:
                out.append(f"[^{_H_CLASS}]")
            elif nxt == "R" and not in_class:
                out.append("(?:\\r\\n|[\\n\\x0b\\x0c\\r\\x85\\u2028\\u2029])")
            elif nxt == "z" and not in_class:
                out.append("\\Z")
            elif nxt == "Z" and not in_class:
                out.append("(?=\\n?\\Z)")
            elif nxt == "k" and not in_class and i + 2 < n and pattern[i + 2] in "<{'":
                close = {"<": ">", "{": "}", "'": "'"}[pattern[i + 2]]
                end = pattern.find(close, i + 3)
                if end < 0:
                    raise InvalidPattern("unterminated \\k")
                out.append(f"(?P={pattern[i + 3 : end]})")
                i = end + 1
                continue
            elif ascii_classes and nxt in _ASCII_CLASSES:
                out.append(_ascii_class(nxt, in_class))
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "[" and pattern.startswith("[:", i):
                end = pattern.find(":]", i + 2)
                name = pattern[i + 2 : end] if end > 0 else ""
                negate = name.startswith("^")
                if end > 0 and name.lstrip("^") in _POSIX and not negate:
                    out.append(_POSIX[name])
                    i = end + 2
                    continue
                if end > 0 and negate:
                    raise UnsupportedPattern("negated POSIX classes are not supported")
            if ch == "]" and i > class_start:
                in_class = False
            out.append("\\[" if ch == "[" else ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            class_start = i + 1
            if pattern.startswith("[^", i):
                class_start = i + 2
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            if i < n and pattern[i] == "]":
                out.append("\\]")
                i += 1
                class_start = i
            continue
        if ch == "(":
            flags = _INLINE_FLAGS.match(pattern, i)
            if flags is not None:
                letters = flags.group(1)
                if set(letters) - set("imsx-"):
                    raise UnsupportedPattern(f"inline flags (?{letters}) are not supported")
                if i == 0 and "-" not in letters:
                    out.append(flags.group(0))
                else:
                    out.append(f"(?{letters}:")
                    scoped[-1].append(letters)
                i = flags.end()
                continue
            scoped.append([])
            if len(scoped) - 1 > MAX_GROUP_NESTING:
                raise InvalidPattern(
                    f"parentheses are nested more than {MAX_GROUP_NESTING} deep (PCRE2's limit)"
                )
        elif ch == ")" and len(scoped) > 1:
            out.append(")" * len(scoped.pop()))
        elif ch == "|" and scoped[-1]:
            out.append(")" * len(scoped[-1]) + "|" + "".join(f"(?{f}:" for f in scoped[-1]))
            i += 1
            continue
        if ch == "(" and pattern.startswith("(?", i):
            rest = pattern[i + 2 : i + 4]
            if rest[:1] == "<" and rest[1:2] not in ("=", "!"):
                out.append("(?P<")
                i += 3
                continue
            if rest[:1] in ("R", "&", "C", "|") or rest[:1].isdigit() or rest[:2] == "P>":
                raise UnsupportedPattern(f"(?{rest[:1]} is not supported")
        bounds = _QUANTIFIER.match(pattern, i) if ch == "{" else None
        if bounds is not None and any(
            len(b) > 5 or int(b) > MAX_QUANTIFIER for b in bounds.groups() if b
        ):
            raise InvalidPattern(
                f"number too big in {{}} quantifier (PCRE2 allows {MAX_QUANTIFIER})"
            )
        if ch == "{" and _LEADING_COMMA_QUANTIFIER.match(pattern, i):
            # PCRE2 before 10.43 (MongoDB 6-8) reads "{,n}" literally; Python as {0,n}.
            out.append("\\{")
            i += 1
            continue
        if ch == "(" and pattern.startswith("(*", i):
            raise UnsupportedPattern("backtracking verbs are not supported")
        out.append(ch)
        i += 1
    out.append(")" * len(scoped[0]))
    return "".join(out)


def _code_point_escape(pattern: str, i: int) -> tuple[int, int]:
    """``\\x{hhh}``, ``\\xhh`` (0 to 2 hex digits) or ``\\o{ooo}`` at ``pattern[i]``: the code
    point and the index after the escape, refused as PCRE2 does in UTF mode (``check_escape`` in
    ``pcre2_compile.c``: no digits, a non-digit before ``}``, beyond U+10FFFF, a surrogate)."""
    letter = pattern[i + 1]
    base, digits = (16, "0123456789abcdefABCDEF") if letter == "x" else (8, "01234567")
    if not pattern.startswith("{", i + 2):
        if letter == "o":
            raise InvalidPattern("\\o must be followed by {")
        end = i + 2
        while end < len(pattern) and end < i + 4 and pattern[end] in digits:
            end += 1
        return int(pattern[i + 2 : end] or "0", 16), end
    close = pattern.find("}", i + 3)
    body = pattern[i + 3 : close] if close >= 0 else ""
    if close < 0 or not body or any(c not in digits for c in body):
        raise InvalidPattern(f"\\{letter}{{ must hold digits and end with }}")
    if len(body.lstrip("0")) > 8 or int(body, base) > 0x10FFFF:
        raise InvalidPattern(f"code point in \\{letter}{{}} is beyond U+10FFFF")
    code = int(body, base)
    if 0xD800 <= code <= 0xDFFF:
        raise InvalidPattern("surrogate code points are not allowed in UTF mode")
    return code, close + 1


def _char_escape(code: int) -> str:
    return f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}"


def _ascii_class(letter: str, in_class: bool) -> str:
    if in_class:
        if letter not in _ASCII_SET:
            raise UnsupportedPattern(f"\\{letter} inside a character class with (?i)")
        return _ASCII_SET[letter]
    return _ASCII_CLASSES[letter]


def compile_pcre(pattern: str) -> re.Pattern[str]:
    """Compile a PCRE pattern for ``search``; raises InvalidPattern or UnsupportedPattern.

    PCRE in UTF mode folds case with Unicode rules but keeps ``\\d \\w \\s \\b`` ASCII-only:
    a caseless pattern is compiled in Unicode mode with those classes spelled out in ASCII,
    any other pattern with ``re.ASCII``."""
    if "\x00" in pattern:
        raise InvalidPattern("Regular expression cannot contain an embedded null byte")
    caseless = _CASELESS.search(pattern) is not None
    translated = translate(pattern, ascii_classes=caseless)
    try:
        with warnings.catch_warnings():
            # "Possible nested set/set union" (``[[``, ``||``, ``--`` in a class): Python reads
            # them literally today, as PCRE does; the warning is about a future Python.
            warnings.simplefilter("ignore", FutureWarning)
            return re.compile(translated, 0 if caseless else re.ASCII)
    except re.error as exc:
        raise InvalidPattern(str(exc)) from exc
    except (RecursionError, OverflowError) as exc:
        # Python's own limits (nested groups, program size), below PCRE2's.
        raise UnsupportedPattern("too complex for Python's re module") from exc
