"""The BSON type registry against MongoDB's alias table and against the runtime's own tables.

The runtime copied into a generated package cannot import ``noema_codegen``; these tests
are what keeps its tables (``bson_types``, ``document_writer``, ``repository_core.to_bson``)
and the validation engine's codes from drifting away from ``noema_codegen.bson_registry``.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen import bson_registry as registry
from noema_codegen.runtime import bson_types as runtime_types
from noema_codegen.runtime import document_writer
from noema_codegen.runtime.repository_core import to_bson
from noema_codegen.validation import bson_types as engine

BOUNDED = settings(max_examples=200, deadline=None, derandomize=True)

# mongodb/mongo src/mongo/bson/bsontypes.cpp: kTypeAliasMap (findBSONTypeAlias), each alias
# the typeName() of its BSONType, with the numbers of src/mongo/bson/bsontypes.h.
MONGODB_ALIASES = {
    "double": 1,
    "string": 2,
    "object": 3,
    "array": 4,
    "binData": 5,
    "undefined": 6,
    "objectId": 7,
    "bool": 8,
    "date": 9,
    "null": 10,
    "regex": 11,
    "dbPointer": 12,
    "javascript": 13,
    "symbol": 14,
    "javascriptWithScope": 15,
    "int": 16,
    "timestamp": 17,
    "long": 18,
    "decimal": 19,
    "maxKey": 127,
    "minKey": -1,
}
# src/mongo/db/matcher/matcher_type_set.cpp: kMatchesAllNumbersAlias and the numbers it
# stands for (NumberInt, NumberLong, NumberDouble, NumberDecimal)...
MONGODB_NUMBER_ALIAS = ("number", {1, 16, 18, 19})
# ...and kJsonSchemaTypeAliasMap, the names the JSON-Schema ``type`` keyword takes.
MONGODB_JSON_TYPES = {"array": 4, "boolean": 8, "null": 10, "object": 3, "string": 2}


def test_every_mongodb_alias_has_exactly_one_record() -> None:
    aliases = [record.alias for record in registry.RECORDS]
    assert len(aliases) == len(set(aliases))
    assert set(aliases) == set(MONGODB_ALIASES) | {MONGODB_NUMBER_ALIAS[0]}
    for alias, code in MONGODB_ALIASES.items():
        assert registry.BY_ALIAS[alias].code == code, alias
    assert dict(registry.ALIAS_CODES) == MONGODB_ALIASES


def test_number_and_the_numeric_records() -> None:
    alias, codes = MONGODB_NUMBER_ALIAS
    assert registry.NUMBER.alias == alias and registry.NUMBER.code is None
    assert {registry.BY_ALIAS[member].code for member in registry.NUMBER.members} == codes
    assert registry.NUMERIC_CODES == codes
    numeric = {record.alias for record in registry.RECORDS if record.numeric}
    assert numeric == {*registry.NUMERIC_ALIASES, alias}


def test_json_type_names() -> None:
    assert dict(registry.JSON_TYPE_CODES) == MONGODB_JSON_TYPES
    assert registry.BSON_ALIAS_OF_JSON_TYPE["boolean"] == "bool"
    assert registry.BSON_ALIAS_OF_JSON_TYPE["number"] == "number"


def _constant_name(alias: str) -> str:
    return "JAVASCRIPT_WITH_SCOPE" if alias == "javascriptWithScope" else alias.upper()


def test_the_validation_engine_uses_the_registry_codes() -> None:
    for alias, code in MONGODB_ALIASES.items():
        assert getattr(engine, _constant_name(alias)) == code, alias
        assert engine.BSON_TYPE_ALIASES[alias] == code
        assert engine.TYPE_NAMES[code] == alias
    assert engine.JSON_TYPE_ALIASES == MONGODB_JSON_TYPES
    assert engine.NUMBER_CODES == MONGODB_NUMBER_ALIAS[1]
    assert engine.NUMBER_ALIAS == MONGODB_NUMBER_ALIAS[0]


def _runtime_markers() -> dict[str, tuple[str, Any]]:
    """Every annotated type of the runtime's bson_types: name -> (its bsonType, base type)."""
    found: dict[str, tuple[str, Any]] = {}
    for name in runtime_types.__all__:
        value = getattr(runtime_types, name)
        if typing.get_origin(value) is Annotated:
            base, *metadata = typing.get_args(value)
            markers = [m for m in metadata if isinstance(m, runtime_types.BsonType)]
            assert len(markers) == 1, name
            found[name] = (markers[0].bson_type, base)
    return found


def test_runtime_types_agree_with_the_registry() -> None:
    markers = _runtime_markers()
    expected = {
        record.runtime_type: record.alias
        for record in registry.RECORDS
        if record.runtime_type is not None
    }
    assert {name: alias for name, (alias, _) in markers.items()} == expected


def test_a_record_has_one_model_translation() -> None:
    for record in registry.RECORDS:
        assert record.json_type is None or record.runtime_type is None, record.alias
        if record.json_type is not None:
            assert record.writer_converter is None, record.alias


def test_document_writer_tables_agree_with_the_registry() -> None:
    converters = {
        alias: getattr(convert, "__name__", None)
        for alias, convert in document_writer.BSON_CONVERTERS.items()
    }
    expected = {
        record.alias: record.writer_converter
        for record in registry.RECORDS
        if record.writer_converter is not None
    }
    assert converters == expected
    modelled = {
        record.alias
        for record in registry.RECORDS
        if record.json_type is not None or record.runtime_type is not None
    }
    assert document_writer.IDENTITY_BSON_TYPES == modelled - set(expected)


def test_repository_annotations_name_the_model_attribute_types() -> None:
    """A value a repository method accepts is one the model's attribute type holds."""
    markers = _runtime_markers()
    for record in registry.RECORDS:
        if record.annotation is None or record.runtime_type is None:
            continue
        _, base = markers[record.runtime_type]
        bases = set(typing.get_args(base)) or {base}
        assert record.annotation.text in {b.__name__ for b in bases}, record.alias


def _encoded_code(value: Any) -> int:
    """The BSON type byte pymongo writes for ``value`` (signed: minKey is -1)."""
    import bson

    data = bson.encode({"v": value})
    code = data[4]
    return code - 256 if code > 127 else code


ALIAS_SETS = st.lists(
    st.sampled_from(
        [*registry.NUMERIC_ALIASES, *registry.NUMERIC_ALIASES, *sorted(registry.ALIAS_CODES)]
    ),
    min_size=1,
    max_size=4,
    unique=True,
)


def test_to_bson_int_table_follows_the_registry_order() -> None:
    from noema_codegen.runtime import repository_core

    assert tuple(alias for alias, _ in repository_core.INT_ENCODERS) == registry.PLAIN_INT_ORDER
    assert set(registry.PLAIN_INT_ORDER) == set(registry.NUMERIC_ALIASES)


@pytest.mark.parametrize(
    ("aliases", "code"),
    [
        (("double",), 1),
        (("decimal", "double"), 19),
        (("decimal",), 19),
        (("int", "double"), 16),
        (("long", "int"), 18),
        (("string",), 16),
    ],
)
def test_to_bson_int_examples(aliases: tuple[str, ...], code: int) -> None:
    assert _encoded_code(to_bson(7, aliases)) == code


@BOUNDED
@given(aliases=ALIAS_SETS, value=st.integers(-(2**31), 2**31 - 1))
def test_to_bson_writes_an_int_as_a_type_the_field_admits(aliases: list[str], value: int) -> None:
    """A plain int for a field admitting a numeric type is written as one of its types."""
    if not set(registry.NUMERIC_ALIASES) & set(aliases):
        return
    codes = {registry.ALIAS_CODES[alias] for alias in aliases}
    assert _encoded_code(to_bson(value, tuple(aliases))) in codes


@BOUNDED
@given(
    aliases=ALIAS_SETS,
    value=st.decimals(allow_nan=False, allow_infinity=False, places=4, max_value=10**20),
)
def test_to_bson_writes_a_decimal_as_decimal128(aliases: list[str], value: Any) -> None:
    assert _encoded_code(to_bson(value, tuple(aliases))) == registry.ALIAS_CODES["decimal"]


@BOUNDED
@given(
    st.lists(
        st.sampled_from(
            [*registry.ALIAS_CODES, *registry.JSON_TYPE_CODES, registry.NUMBER_ALIAS, "integer"]
        ),
        max_size=5,
    ),
    st.sampled_from(["bsonType", "type"]),
)
def test_bson_types_of_expands_number_and_translates_type_names(
    names: list[str], keyword: str
) -> None:
    found = registry.bson_types_of({keyword: names})
    assert len(found) == len(set(found))
    assert registry.NUMBER_ALIAS not in found
    expected: set[str] = set()
    for name in names:
        alias = registry.BSON_ALIAS_OF_JSON_TYPE.get(name, name) if keyword == "type" else name
        expected |= set(registry.NUMERIC_ALIASES) if alias == registry.NUMBER_ALIAS else {alias}
    assert set(found) == expected


@pytest.mark.parametrize("alias", ["int", "decimal", "number", "string", "nonsense"])
def test_is_numeric(alias: str) -> None:
    assert registry.is_numeric(alias) is (alias in {"int", "decimal", "number"})
