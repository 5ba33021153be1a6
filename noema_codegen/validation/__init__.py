"""A ``$jsonSchema`` engine with MongoDB's semantics, compiled to Python for speed.

    from noema_codegen.validation import compile_schema, SchemaError, schema_errors
    validator = compile_schema(schema)   # the $jsonSchema document, as pymongo decodes it
    validator.is_valid(doc)              # doc: a document as pymongo decodes it
    validator.errors(doc)                # [ValidationError(pointer, keyword, message), ...]
    validator.explain(doc)               # None, or errInfo.details as the server builds it

``schema_errors(schema)`` lists every problem MongoDB's parser would reject; ``compile_schema``
raises the first one (the one the server reports).

Documents are judged as the server judges an insert: a top-level document without ``_id`` is
checked as if it had an ObjectId ``_id`` first (the server adds one before validating); pass
``assume_id=False`` to check the document exactly as given.

Semantics follow ``json_schema_parser.cpp`` and the ``$_internalSchema*`` match expressions:

* top level: ``type``/``bsonType`` without "object" matches nothing; scalar and array keywords
  (``minimum``, ``pattern``, ``items``...) are checked for validity but have no effect; ``enum``
  keeps only its object members (compared with the whole document, ``_id`` included);
* restriction keywords apply only to values of their type (``minimum`` to numbers, ``minLength``
  to strings, ``items`` to arrays, ``required``/``properties`` to objects); no array traversal;
* numbers compare across int/long/double/decimal; NaN equals NaN and satisfies only
  ``>=``/``<=`` NaN; ``multipleOf`` is exact decimal arithmetic with doubles rounded to 15
  digits (as ``BSONElement::numberDecimal``); lengths count code points;
* ``enum``/``uniqueItems`` use BSON equality with field order ignored (see ``equality``);
* ``properties``/``required``/``dependencies`` names with dots are paths into subdocuments
  (through arrays of documents and by position, as match-expression paths).

Totality and limits: ``compile_schema``/``schema_errors`` raise nothing but :class:`SchemaError`
and :class:`UnsupportedPattern` for any JSON-like input, and ``is_valid``/``errors`` return (and
agree: ``is_valid(d) == (errors(d) == [])``) for any value, including every BSON type pymongo
decodes, values it cannot encode (matched by no type, equal to nothing) and values nested as
deep as pymongo decodes. Refused with a :class:`SchemaError` at its JSON pointer:

* a schema nested more than 100 levels deep, objects and arrays counted, the schema itself being
  level 1 (:data:`~noema_codegen.validation.limits.MAX_SCHEMA_DEPTH`, see ``limits``: MongoDB
  parses commands up to 200 levels and stores documents up to 180, so a schema of 101 to ~198
  levels the server would take is refused here);
* patterns PCRE2 refuses: bad ``\\x{..}``/``\\o{..}``/``\\c`` escapes, a ``{}`` quantifier
  above 65535, parentheses nested more than 250 deep (see ``pcre``).

Dotted names reach array elements by position only through ASCII digits spelling the index
(``a.0``, ``a.10``; not ``a.01`` nor ``a.²``), as the server's ``isAllDigits`` does.

Not covered (documented approximations): for a dotted property name that reaches several values
(through arrays) the subschema must hold for one of them, whereas the server checks each keyword
against any of them separately; a few PCRE constructs (see ``pcre``) raise :class:`UnsupportedPattern`; collation
is never applied (the server ignores it for ``$jsonSchema`` too).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from noema_codegen.validation.dialect import parse
from noema_codegen.validation.errors import SchemaError, SchemaTooDeep, ValidationError
from noema_codegen.validation.model import Node
from noema_codegen.validation.pcre import UnsupportedPattern
from noema_codegen.validation.raw_documents import decoded, decoding_raw
from noema_codegen.validation.runtime import with_id

__all__ = [
    "CompiledSchema",
    "SchemaError",
    "SchemaTooDeep",
    "UnsupportedPattern",
    "ValidationError",
    "compile_schema",
    "schema_errors",
]


class CompiledSchema:
    """A schema compiled once; ``is_valid`` runs generated code, ``explain`` gives the server's
    error details and ``errors`` their flat view."""

    def __init__(
        self, root: Node, is_valid: Callable[[Any], bool], source: str, assume_id: bool
    ) -> None:
        self._root = root
        self.source = source
        self._assume_id = assume_id
        self._node_checks: dict[int, Callable[[Any], bool]] = {}
        # The hot path: the generated function behind one RawBSONDocument check (decoded once).
        self.is_valid: Callable[[Any], bool] = decoding_raw(is_valid)
        """True when MongoDB would accept ``doc`` (a mapping) under this schema."""

    def _prepare(self, doc: Any) -> Any:
        if self._assume_id and "_id" not in doc:
            return with_id(doc)
        return doc

    def errors(self, doc: Any) -> list[ValidationError]:
        """Why ``doc`` fails, one entry per unsatisfied rule with the JSON pointer of the value at
        fault: the flat view of :meth:`explain`, so it names what the server names (the first
        failing item of a single-schema ``items``, the array for ``uniqueItems``...)."""
        doc = decoded(doc)  # a RawBSONDocument would inflate on every lookup
        if not isinstance(doc, Mapping):
            return [ValidationError("", "type", "a document must be an object")]
        details = self.explain(doc)
        if details is None:
            return []
        from noema_codegen.validation.flat_errors import flat_errors  # see compile_schema

        return flat_errors(details)

    def explain(self, doc: Any) -> dict[str, Any] | None:
        """``None`` when MongoDB would accept ``doc``; otherwise the ``details`` document of the
        server's error 121 (``errInfo.details``), built as MongoDB 7/8 builds it: same operator
        names, nesting, field order, reasons and value types (see ``details``).

        A value that is not a mapping (the server never sees one) gets
        ``{"operatorName": "$jsonSchema", "reason": "the value is not a document"}``."""
        doc = decoded(doc)  # a RawBSONDocument would inflate on every lookup
        if not isinstance(doc, Mapping):
            return {"operatorName": "$jsonSchema", "reason": "the value is not a document"}
        if self.is_valid(doc):
            return None
        from noema_codegen.validation.details import DetailsBuilder  # see compile_schema

        return DetailsBuilder(self._node_valid).root(self._root, self._prepare(doc))

    def _node_valid(self, node: Node, value: Any) -> bool:
        """Whether ``value`` satisfies the subschema ``node`` (compiled once per subschema)."""
        check = self._node_checks.get(id(node))
        if check is None:
            from noema_codegen.validation.codegen import compile_node_valid

            check = self._node_checks[id(node)] = compile_node_valid(node)
        return bool(check(value))


def schema_errors(schema: Any, *, allow_encrypt: bool = True) -> list[SchemaError]:
    """Every reason MongoDB's ``$jsonSchema`` parser would reject ``schema`` (empty if none)."""
    _, errors, _ = parse(schema, allow_encrypt=allow_encrypt)
    return errors


def compile_schema(
    schema: Any, *, assume_id: bool = True, allow_encrypt: bool = True
) -> CompiledSchema:
    """Compile ``schema``; raises the server's first :class:`SchemaError` if it rejects it, or
    :class:`UnsupportedPattern` for a PCRE pattern Python's ``re`` cannot run."""
    root, errors, unsupported = parse(schema, allow_encrypt=allow_encrypt)
    if errors:
        raise errors[0]
    if unsupported:
        raise UnsupportedPattern(str(unsupported[0]))
    # The compiler, the explain details and the flat errors are imported when first used:
    # ``lint`` needs only ``schema_errors`` (the parser), and its start-up is mostly imports.
    from noema_codegen.validation.codegen import compile_is_valid

    is_valid, source = compile_is_valid(root, assume_id)
    return CompiledSchema(root, is_valid, source, assume_id)
