"""The one table of BSON types: what MongoDB calls each one and what the generator makes of it.

Every bsonType fact the generator needs lives in one frozen :class:`BsonTypeRecord` per
alias of MongoDB's ``$jsonSchema`` (``kTypeAliasMap`` in mongodb/mongo
``src/mongo/bson/bsontypes.cpp``, looked up by ``findBSONTypeAlias``; the extra alias
``number`` is ``MatcherTypeSet::kMatchesAllNumbersAlias`` in
``src/mongo/db/matcher/matcher_type_set.cpp``, and the names the ``type`` keyword takes are
that file's ``kJsonSchemaTypeAliasMap``):

* the alias and its BSON type number (the validation engine's codes);
* whether it is numeric (``$inc``, ``minimum``/``maximum``, the ``number`` alias);
* the name under the JSON-Schema ``type`` keyword, which is also the standard JSON Schema
  type datamodel-code-generator gets for it (``string``, ``boolean``, ``null``, ``object``,
  ``array``: Pydantic checks those strictly itself);
* the annotated type of the generated runtime (``_runtime/bson_types.py``) the model's
  field gets otherwise (``customTypePath``), or None: the model types the field ``Any``;
* the annotation (and its import) the generated repositories use for values of the type;
* the converter the runtime's document writer applies (``_runtime/document_writer.py``;
  None: the value is written as it is).

Lint, IR, model rendering, repository rendering and the validation engine read this
module; it imports nothing of the project, so every layer may. The runtime copied into a
generated package cannot import it: its own tables are checked against this one by
tests/registry/test_registry.py. docs/models.md, "Where a bsonType becomes a Python type".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final


@dataclass(frozen=True)
class PythonAnnotation:
    """An annotation as source text and the import line it needs (None: a builtin)."""

    text: str
    import_line: str | None = None


@dataclass(frozen=True)
class BsonTypeRecord:
    """One ``bsonType`` alias and everything the generator derives from it."""

    alias: str
    """The name under ``bsonType`` (``findBSONTypeAlias``)."""
    code: int | None
    """The BSON type number; None for the ``number`` alias, which stands for ``members``."""
    numeric: bool = False
    json_type: str | None = None
    """The name under the ``type`` keyword and the standard JSON Schema type of the model."""
    runtime_type: str | None = None
    """The annotated type in the runtime's ``bson_types`` module that the model uses."""
    annotation: PythonAnnotation | None = None
    """What the repositories annotate a value of this type with (None: ``Any``)."""
    writer_converter: str | None = None
    """The name of the document writer's converter (None: the value is written as is)."""
    members: tuple[str, ...] = ()
    """For ``number``: the aliases it stands for, in the order the generator lists them."""


_INT = PythonAnnotation("int")

RECORDS: Final[tuple[BsonTypeRecord, ...]] = (
    BsonTypeRecord(
        "double", 1, numeric=True, runtime_type="DoubleT", annotation=PythonAnnotation("float")
    ),
    BsonTypeRecord("string", 2, json_type="string", annotation=PythonAnnotation("str")),
    BsonTypeRecord("object", 3, json_type="object"),
    BsonTypeRecord("array", 4, json_type="array"),
    BsonTypeRecord("binData", 5, runtime_type="BinaryT", annotation=PythonAnnotation("bytes")),
    BsonTypeRecord("undefined", 6),
    BsonTypeRecord(
        "objectId",
        7,
        runtime_type="ObjectIdT",
        annotation=PythonAnnotation("ObjectId", "from bson import ObjectId"),
    ),
    BsonTypeRecord("bool", 8, json_type="boolean", annotation=PythonAnnotation("bool")),
    BsonTypeRecord(
        "date",
        9,
        runtime_type="DateT",
        annotation=PythonAnnotation("datetime", "from datetime import datetime"),
    ),
    BsonTypeRecord("null", 10, json_type="null", annotation=PythonAnnotation("None")),
    BsonTypeRecord("regex", 11, runtime_type="RegexT"),
    BsonTypeRecord("dbPointer", 12),
    BsonTypeRecord("javascript", 13, runtime_type="JavascriptT"),
    BsonTypeRecord("symbol", 14),
    BsonTypeRecord("javascriptWithScope", 15),
    BsonTypeRecord("int", 16, numeric=True, runtime_type="Int32T", annotation=_INT),
    BsonTypeRecord("timestamp", 17, runtime_type="TimestampT"),
    BsonTypeRecord(
        "long", 18, numeric=True, runtime_type="LongT", annotation=_INT, writer_converter="Int64"
    ),
    BsonTypeRecord(
        "decimal",
        19,
        numeric=True,
        runtime_type="DecimalT",
        annotation=PythonAnnotation("Decimal", "from decimal import Decimal"),
        writer_converter="decimal128_from_decimal",
    ),
    BsonTypeRecord("maxKey", 127, runtime_type="MaxKeyT"),
    BsonTypeRecord("minKey", -1, runtime_type="MinKeyT"),
    BsonTypeRecord(
        "number",
        None,
        numeric=True,
        runtime_type="NumberT",
        writer_converter="_number",
        members=("int", "long", "double", "decimal"),
    ),
)
"""Every alias, in ``kTypeAliasMap``'s order, then ``number``."""

BY_ALIAS: Final[Mapping[str, BsonTypeRecord]] = {record.alias: record for record in RECORDS}
NUMBER_ALIAS: Final = "number"
NUMBER: Final = BY_ALIAS[NUMBER_ALIAS]
NUMERIC_ALIASES: Final[tuple[str, ...]] = NUMBER.members
"""The four numeric BSON types (``int``, ``long``, ``double``, ``decimal``)."""

ALIAS_CODES: Final[Mapping[str, int]] = {
    record.alias: record.code for record in RECORDS if record.code is not None
}
"""``findBSONTypeAlias``: the ``bsonType`` names and their BSON type numbers."""
JSON_TYPE_CODES: Final[Mapping[str, int]] = {
    record.json_type: record.code
    for record in RECORDS
    if record.json_type is not None and record.code is not None
}
"""``kJsonSchemaTypeAliasMap``: the ``type`` names (besides ``number``) and their numbers."""
NUMERIC_CODES: Final[frozenset[int]] = frozenset(ALIAS_CODES[alias] for alias in NUMERIC_ALIASES)
BSON_ALIAS_OF_JSON_TYPE: Final[Mapping[str, str]] = {
    **{record.json_type: record.alias for record in RECORDS if record.json_type is not None},
    NUMBER_ALIAS: NUMBER_ALIAS,
}
"""The ``type`` keyword's names as ``bsonType`` aliases (``boolean`` -> ``bool``)."""


PLAIN_INT_ORDER: Final[tuple[str, ...]] = ("long", "int", "decimal", "double")
"""The numeric types a plain Python ``int`` is written as for a field admitting several,
preferred first (exact before lossy): the runtime's ``repository_core.INT_ENCODERS``."""


def is_numeric(alias: str) -> bool:
    """Whether ``alias`` (``number`` included) names numbers only; unknown names are not."""
    record = BY_ALIAS.get(alias)
    return record is not None and record.numeric


def declared_aliases(schema: Mapping[str, Any]) -> list[str]:
    """The ``bsonType`` aliases a schema declares, as written (``number`` kept; the ``type``
    keyword's names translated; names unknown to MongoDB passed through)."""
    if "bsonType" in schema:
        declared = schema["bsonType"]
        return [declared] if isinstance(declared, str) else list(declared)
    if "type" in schema:
        declared = schema["type"]
        names = [declared] if isinstance(declared, str) else list(declared)
        return [BSON_ALIAS_OF_JSON_TYPE.get(name, name) for name in names]
    return []


def bson_types_of(schema: Mapping[str, Any]) -> tuple[str, ...]:
    """The BSON type aliases a schema admits by its ``bsonType``/``type``, ``number``
    expanded into its members, without repeats (empty: any type)."""
    names: list[str] = []
    raw = schema.get("bsonType")
    if raw is None:
        raw = schema.get("type")
        keyword_names = [raw] if isinstance(raw, str) else list(raw) if raw is not None else []
        raw_names = [BSON_ALIAS_OF_JSON_TYPE.get(str(name), str(name)) for name in keyword_names]
    else:
        raw_names = [str(name) for name in ([raw] if isinstance(raw, str) else list(raw))]
    for name in raw_names:
        names.extend(NUMERIC_ALIASES if name == NUMBER_ALIAS else (name,))
    return tuple(dict.fromkeys(names))
