"""The server's own expectations for ``errInfo.details`` of ``$jsonSchema`` validators, as data.

Ported from ``src/mongo/db/matcher/doc_validation/doc_validation_error_json_schema_test.cpp``
(mongodb/mongo, commit e3a9bf26c8f4e28c09ae31fc5c79334ab34fec83): each entry is
``(test name, schema, document, expected details)`` written in the same relaxed JSON the C++
test passes to ``fromjson`` (unquoted keys, single quotes; an integer literal is an int32, a
literal with a dot a double, as ``fromjson`` reads them). ``schema`` is the value of
``$jsonSchema``. An expected value of ``None`` marks a test that wraps the schema in ``$nor``
and expects ``'schema matched'``: the document satisfies the schema. ``doc_validation_error_
test.cpp``'s ``generateValidationError`` appends ``_id: 1`` to a document without ``_id``
before generating the error; ``make_server_details.py`` does the same and writes the canonical
Extended JSON fixture the test compares against (``fixtures/server_details/``).

Documents built with ``BSON(...)`` in C++ (binary data) are written here in Extended JSON.
"""

from __future__ import annotations

SOURCE = "src/mongo/db/matcher/doc_validation/doc_validation_error_json_schema_test.cpp"
COMMIT = "e3a9bf26c8f4e28c09ae31fc5c79334ab34fec83"

_P = "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'properties', propertiesNotSatisfied: [%s]}]}"


def _prop(inner: str) -> str:
    """The common wrapper: one top-level ``properties`` failure."""
    return _P % inner


def _req(names: str, missing: str) -> str:
    return (
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'required',"
        f" specifiedAs: {{required: {names}}}, missingProperties: {missing}}}]}}"
    )


def _type(kw: str, spec: str, value: str, tname: str) -> str:
    return (
        f"{{operatorName: '{kw}', specifiedAs: {{{kw}: {spec}}}, reason: 'type did not match',"
        f" consideredValue: {value}, consideredType: '{tname}'}}"
    )


def _cmp(kw: str, spec: str, value: str) -> str:
    return (
        f"{{operatorName: '{kw}', specifiedAs: {spec}, reason: 'comparison failed',"
        f" consideredValue: {value}}}"
    )


_LEN = "specified string length was not satisfied"
_MUL = "considered value is not a multiple of the specified value"
_NOT = "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'not', reason: 'child expression matched'}]}"
_ITEM = "At least one item did not match the sub-schema"
_ADD_ITEM = "At least one additional item did not match the sub-schema"
_AP = "at least one additional property did not match the subschema"
_NPROP = "specified number of properties was not satisfied"
_ALEN = "array did not match specified length"

# FleBlobHeader {fleBlobSubtype: 1 (deterministic), keyUUID: 16 zero bytes, originalBsonType}
_FLE_STRING = "{'$binary': {base64: 'AQAAAAAAAAAAAAAAAAAAAAAC', subType: '06'}}"
_FLE_INT = "{'$binary': {base64: 'AQAAAAAAAAAAAAAAAAAAAAAQ', subType: '06'}}"
_ABC_GENERAL = "{'$binary': {base64: 'YWJj', subType: '00'}}"
_ABC_ENCRYPT = "{'$binary': {base64: 'YWJj', subType: '06'}}"

CASES: list[tuple[str, str, str, str | None]] = [
    # $jsonSchema
    (
        "JSONSchemaValidation.BasicJsonSchemaWithTitleAndDescription",
        "{'properties': {'a': {'minimum': 1}}, title: 'example title', description: 'example description'}",
        "{a: 0}",
        "{operatorName: '$jsonSchema', title: 'example title', description: 'example description',"
        " schemaRulesNotSatisfied: [{operatorName: 'properties', propertiesNotSatisfied: ["
        "{propertyName: 'a', details: [" + _cmp("minimum", "{minimum: 1}", "0") + "]}]}]}",
    ),
    (
        "JSONSchemaValidation.BasicProperties",
        "{'properties': {'a': {'minimum': 1}}}",
        "{a: 0}",
        _prop("{propertyName: 'a', details: [" + _cmp("minimum", "{minimum: 1}", "0") + "]}"),
    ),
    # minimum
    (
        "JSONSchemaValidation.MinimumNonNumericWithType",
        "{'properties': {'a': {'type': 'number','minimum': 1, title: 'property a', description: 'a >= 1'}}}",
        "{'a': 'foo'}",
        _prop(
            "{propertyName: 'a', title: 'property a', description: 'a >= 1', details: ["
            + _type("type", "'number'", "'foo'", "string")
            + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.MinimumNonNumericWithBSONType",
        "{'properties': {'a': {'bsonType': 'int','minimum': 1}}}",
        "{'a': 1.1}",
        _prop(
            "{propertyName: 'a', details: [" + _type("bsonType", "'int'", "1.1", "double") + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.MinimumWithRequiredNoTypeMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'minimum': 1}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MinimumWithRequiredAndTypeMissingProperty",
        "{'required': ['a'], 'properties': {a: {'type': 'number','minimum': 1}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MinimumRequiredWithTypeAndScalarFailedMinimum",
        "{'properties': {'a': {minimum: 2, 'bsonType': 'int'}}, 'required': ['a','b']}",
        "{a: 1, b: 1}",
        _prop("{propertyName: 'a', details: [" + _cmp("minimum", "{minimum: 2}", "1") + "]}"),
    ),
    # maximum
    (
        "JSONSchemaValidation.MaximumNonNumericWithType",
        "{'properties': {'a': {'type': 'number','maximum': 1, title: 'property a', description: 'a <= 1'}}}",
        "{'a': 'foo'}",
        _prop(
            "{propertyName: 'a', title: 'property a', description: 'a <= 1', details: ["
            + _type("type", "'number'", "'foo'", "string")
            + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.MaximumNonNumericWithBSONType",
        "{'properties': {'a': {'bsonType': 'int','maximum': 1}}}",
        "{'a': 0.9}",
        _prop(
            "{propertyName: 'a', details: [" + _type("bsonType", "'int'", "0.9", "double") + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.MaximumWithRequiredNoTypeMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'maximum': 1}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MaximumWithRequiredAndTypeMissingProperty",
        "{'required': ['a'], 'properties': {a: {'type': 'number','maximum': 1}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MaximumRequiredWithTypeAndScalarFailedMaximum",
        "{'properties': {'a': {maximum: 2, 'bsonType': 'int'}}, 'required': ['a','b']}",
        "{a: 3, b: 1}",
        _prop("{propertyName: 'a', details: [" + _cmp("maximum", "{maximum: 2}", "3") + "]}"),
    ),
    # exclusiveMinimum / exclusiveMaximum
    (
        "JSONSchemaValidation.ExclusiveMinimum",
        "{'properties': {'a': {'minimum': 1, 'exclusiveMinimum': true}}}",
        "{a: 1}",
        _prop(
            "{propertyName: 'a', details: ["
            + _cmp("minimum", "{minimum: 1, exclusiveMinimum: true}", "1")
            + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.ExclusiveMinimumInverted",
        "{'not': {'properties': {'a': {'minimum': 1, 'exclusiveMinimum': true}}}}",
        "{a: 2}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.ExclusiveMinimumInvertedTypeMismatch",
        "{'not': {'properties': {'a': {'minimum': 1, 'exclusiveMinimum': true}}}}",
        "{a: 'foo'}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.ExclusiveMinimumInvertedMissingField",
        "{'not': {'properties': {'a': {'minimum': 1, 'exclusiveMinimum': true}}}}",
        "{b: 100}",
        _NOT,
    ),
    ("JSONSchemaValidation.MinimumAtTopLevelHasNoEffect", "{'minimum': 1}", "{a: 2}", None),
    (
        "JSONSchemaValidation.ExclusiveMaximum",
        "{'properties': {'a': {'maximum': 1, 'exclusiveMaximum': true}}}",
        "{a: 1}",
        _prop(
            "{propertyName: 'a', details: ["
            + _cmp("maximum", "{maximum: 1, exclusiveMaximum: true}", "1")
            + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.MaximumTypeNumberWithEmptyArray",
        "{'properties': {'a': {'maximum': 1, type: 'number'}}}",
        "{a: []}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'number'", "[]", "array") + "]}"),
    ),
    (
        "JSONSchemaValidation.ExclusiveMaximumInverted",
        "{'not': {'properties': {'a': {'maximum': 1, 'exclusiveMaximum': true}}}}",
        "{a: 0}",
        _NOT,
    ),
    ("JSONSchemaValidation.MaximumAtTopLevelHasNoEffect", "{'maximum': 1}", "{a: 2}", None),
    (
        "JSONSchemaValidation.NestedProperties",
        "{'properties': {'a': {'properties': {'b': {'minimum': 1}}}}}",
        "{'a': {'b': 0}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'properties', propertiesNotSatisfied: ["
            "{propertyName: 'b', details: [" + _cmp("minimum", "{minimum: 1}", "0") + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.NestedPropertiesMultipleFailingClauses",
        "{'properties': {'a': {'properties': {'b': {'minimum': 10, 'maximum': -10}}}}}",
        "{'a': {'b': 5}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'properties', propertiesNotSatisfied: ["
            "{propertyName: 'b', details: ["
            + _cmp("maximum", "{maximum: -10}", "5")
            + ", "
            + _cmp("minimum", "{minimum: 10}", "5")
            + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PropertiesObjectTypeMismatch",
        "{'properties': {'a': {'type': 'object', 'properties': {'b': {'minimum': 10}}}}}",
        "{'a': 'eleven'}",
        _prop(
            "{propertyName: 'a', details: ["
            + _type("type", "'object'", "'eleven'", "string")
            + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.TypeRestrictionContradictsSpecifiedType",
        "{type: 'object', properties: {a: {type: 'string', minimum: 5}}}",
        "{a: 6}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'string'", "6", "int") + "]}"),
    ),
    (
        "JSONSchemaValidation.MultipleNestedProperties",
        (
            "{'properties': {'a': {'properties': {'b': {'minimum': 1}, 'c': {'minimum': 10}}},"
            " 'd': {'properties': {'e': {'minimum': 50}, 'f': {'minimum': 100}}}}}"
        ),
        "{'a': {'b': 0, 'c': 5}, 'd': {'e': 25, 'f': 50}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'properties', propertiesNotSatisfied: ["
            "{propertyName: 'b', details: [" + _cmp("minimum", "{minimum: 1}", "0") + "]},"
            "{propertyName: 'c', details: [" + _cmp("minimum", "{minimum: 10}", "5") + "]}]}]},"
            "{propertyName: 'd', details: [{operatorName: 'properties', propertiesNotSatisfied: ["
            "{propertyName: 'e', details: [" + _cmp("minimum", "{minimum: 50}", "25") + "]},"
            "{propertyName: 'f', details: [" + _cmp("minimum", "{minimum: 100}", "50") + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.JSONSchemaAndQueryOperators[clause 0]",
        "{'properties': {'a': {'minimum': 1}}}",
        "{a: 0, b: 2, c: -1}",
        _prop("{propertyName: 'a', details: [" + _cmp("minimum", "{minimum: 1}", "0") + "]}"),
    ),
    (
        "JSONSchemaValidation.JSONSchemaAndQueryOperators[clause 1]",
        "{'properties': {'b': {'minimum': 1}}}",
        "{a: 0, b: 2, c: -1}",
        None,
    ),
    (
        "JSONSchemaValidation.JSONSchemaAndQueryOperators[clause 2]",
        "{'properties': {'c': {'minimum': 1}}}",
        "{a: 0, b: 2, c: -1}",
        _prop("{propertyName: 'c', details: [" + _cmp("minimum", "{minimum: 1}", "-1") + "]}"),
    ),
    (
        "JSONSchemaValidation.NoTopLevelObjectTypeRejectsAllDocuments",
        "{'type': 'number', 'properties': {'a': {'properties': {'b': {'minimum': 1}}}}}",
        "{'a': {'b': 1}}",
        (
            "{operatorName: '$jsonSchema', specifiedAs: {'$jsonSchema': {'type': 'number',"
            " 'properties': {'a': {'properties': {'b': {'minimum': 1}}}}}},"
            " reason: 'expression always evaluates to false'}"
        ),
    ),
    # type
    (
        "JSONSchemaValidation.BasicType",
        "{'properties': {'a': {'type': 'string'}}}",
        "{'a': {'b': 1}}",
        _prop(
            "{propertyName: 'a', details: [" + _type("type", "'string'", "{b: 1}", "object") + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.MultipleTypeFailures",
        (
            "{'properties': {'a': {'type': 'string'}, 'b': {'type': 'number'},"
            " 'c': {'type': 'object', title: 'property c', description: 'c is a string'}}}"
        ),
        "{'a': {'b': 1}, 'b': 4, 'c': 'foo'}",
        _prop(
            "{propertyName: 'a', details: [" + _type("type", "'string'", "{b: 1}", "object") + "]},"
            "{propertyName: 'c', title: 'property c', description: 'c is a string', details: ["
            + _type("type", "'object'", "'foo'", "string")
            + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.TypeNoImplicitArrayTraversal",
        "{'properties': {'a': {'type': 'string'}}}",
        "{'a': ['Mihai', 'was', 'here']}",
        _prop(
            "{propertyName: 'a', details: ["
            + _type("type", "'string'", "['Mihai', 'was', 'here']", "array")
            + "]}"
        ),
    ),
    # bsonType
    (
        "JSONSchemaValidation.BasicBSONType",
        "{'properties': {'a': {'bsonType': 'double'}}}",
        "{'a': {'b': 1}}",
        _prop(
            "{propertyName: 'a', details: ["
            + _type("bsonType", "'double'", "{b: 1}", "object")
            + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.MultipleBSONTypeFailures",
        "{'properties': {'a': {'bsonType': 'double'}, 'b': {'bsonType': 'int'}, 'c': {'bsonType': 'decimal'}}}",
        "{'a': {'b': 1}, 'b': 4, 'c': 'foo'}",
        _prop(
            "{propertyName: 'a', details: ["
            + _type("bsonType", "'double'", "{b: 1}", "object")
            + "]},"
            "{propertyName: 'c', details: ["
            + _type("bsonType", "'decimal'", "'foo'", "string")
            + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.BSONTypeNoImplicitArrayTraversal",
        "{'properties': {'a': {'bsonType': 'string', title: 'property a', description: 'a is a string'}}}",
        "{'a': ['Mihai', 'was', 'here']}",
        _prop(
            "{propertyName: 'a', title: 'property a', description: 'a is a string', details: ["
            + _type("bsonType", "'string'", "['Mihai', 'was', 'here']", "array")
            + "]}"
        ),
    ),
    # minLength
    (
        "JSONSchemaValidation.BasicMinLength",
        "{'properties': {'a': {'type': 'string', 'minLength': 4, title: 'property a', description: 'a min length is 4'}}}",
        "{'a': 'foo'}",
        _prop(
            "{propertyName: 'a', title: 'property a', description: 'a min length is 4', details: ["
            f"{{operatorName: 'minLength', specifiedAs: {{minLength: 4}}, reason: '{_LEN}', consideredValue: 'foo'}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MinLengthNoExplicitType",
        "{'properties': {'a': {'minLength': 4}}}",
        "{'a': 'foo'}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minLength', specifiedAs: {{minLength: 4}},"
            f" reason: '{_LEN}', consideredValue: 'foo'}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MinLengthNonString",
        "{'properties': {'a': {'type': 'string','minLength': 4}}}",
        "{'a': 1}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'string'", "1", "int") + "]}"),
    ),
    (
        "JSONSchemaValidation.MinLengthRequiredNoTypeMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'minLength': 1}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MinLengthWithRequiredAndTypeMissingProperty",
        "{'required': ['a'], 'properties': {a: {'type': 'string','minLength': 1}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MinLengthRequiredWithTypeAndScalarFailedMinLength",
        "{'properties': {'a': {minLength: 2, 'bsonType': 'string'}}, 'required': ['a','b']}",
        "{a: 'a', b: 1}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minLength', specifiedAs: {{minLength: 2}},"
            f" reason: '{_LEN}', consideredValue: 'a'}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MinLengthNested",
        "{'properties': {'a': {'properties': {'b': {'type': 'string', 'minLength': 4}}}}}",
        "{'a': {'b':'foo'}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'properties', propertiesNotSatisfied: ["
            f"{{propertyName: 'b', details: [{{operatorName: 'minLength', specifiedAs: {{minLength: 4}},"
            f" reason: '{_LEN}', consideredValue: 'foo'}}]}}]}}]}}"
        ),
    ),
    ("JSONSchemaValidation.MinLengthAtTopLevelHasNoEffect", "{'minLength': 1}", "{a: 'foo'}", None),
    (
        "JSONSchemaValidation.MinLengthInvertedLengthDoesMatch",
        "{'not': {'properties': {'a': {'minLength': 4}}}}",
        "{'a': 'this string is long'}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.MinLengthInvertedTypeMismatch",
        "{'not': {'properties': {'a': {'minLength': 4}}}}",
        "{'a': 1}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.MinLengthInvertedMissingProperty",
        "{'not': {'properties': {'a': {'minLength': 4}}}}",
        "{'b': 1}",
        _NOT,
    ),
    # maxLength
    (
        "JSONSchemaValidation.BasicMaxLength",
        "{'properties': {'a': {'type': 'string','maxLength': 4, title: 'property a', description: 'a max length is 4'}}}",
        "{'a': 'foo, bar, baz'}",
        _prop(
            "{propertyName: 'a', title: 'property a', description: 'a max length is 4', details: ["
            f"{{operatorName: 'maxLength', specifiedAs: {{maxLength: 4}}, reason: '{_LEN}',"
            " consideredValue: 'foo, bar, baz'}]}"
        ),
    ),
    (
        "JSONSchemaValidation.MaxLengthRequiredNoTypeMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'minLength': 1}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MaxLengthWithRequiredAndTypeMissingProperty",
        "{'required': ['a'], 'properties': {a: {'type': 'string','minLength': 1}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MaxLengthRequiredWithTypeAndScalarFailedMaxLength",
        "{'properties': {'a': {maxLength: 2, 'bsonType': 'string'}}, 'required': ['a','b']}",
        "{a: 'aaaa', b: 1}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'maxLength', specifiedAs: {{maxLength: 2}},"
            f" reason: '{_LEN}', consideredValue: 'aaaa'}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MaxLengthNoExplicitType",
        "{'properties': {'a': {'maxLength': 4}}}",
        "{'a': 'foo, bar, baz'}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'maxLength', specifiedAs: {{maxLength: 4}},"
            f" reason: '{_LEN}', consideredValue: 'foo, bar, baz'}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MaxLengthNonString",
        "{'properties': {'a': {'type': 'string','maxLength': 4}}}",
        "{'a': 1}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'string'", "1", "int") + "]}"),
    ),
    (
        "JSONSchemaValidation.MaxLengthNested",
        "{'properties': {'a': {'properties': {'b': {'type': 'string', 'maxLength': 4}}}}}",
        "{'a': {'b': 'foo, bar, baz'}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'properties', propertiesNotSatisfied: ["
            f"{{propertyName: 'b', details: [{{operatorName: 'maxLength', specifiedAs: {{maxLength: 4}},"
            f" reason: '{_LEN}', consideredValue: 'foo, bar, baz'}}]}}]}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MaxLengthAtTopLevelHasNoEffect",
        "{'maxLength': 1000}",
        "{a: 'foo'}",
        None,
    ),
    (
        "JSONSchemaValidation.MaxLengthInvertedLengthDoesMatch",
        "{'not': {'properties': {'a': {'maxLength': 30}}}}",
        "{'a': 'this string is long'}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.MaxLengthInvertedTypeMismatch",
        "{'not': {'properties': {'a': {'maxLength': 4}}}}",
        "{'a': 1}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.MaxLengthInvertedMissingProperty",
        "{'not': {'properties': {'a': {'maxLength': 4}}}}",
        "{'b': 1}",
        _NOT,
    ),
    # pattern
    (
        "JSONSchemaValidation.BasicPattern",
        "{'properties': {'a': {'type': 'string','pattern': '^S'}}}",
        "{'a': 'slow'}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'pattern', specifiedAs: {pattern: '^S'},"
            " reason: 'regular expression did not match', consideredValue: 'slow'}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PatternNoExplicitType",
        "{'properties': {'a': {'pattern': '^S'}}}",
        "{'a': 'slow'}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'pattern', specifiedAs: {pattern: '^S'},"
            " reason: 'regular expression did not match', consideredValue: 'slow'}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PatternNonStringWithType",
        "{'properties': {'a': {'type': 'string','pattern': '^S'}}}",
        "{'a': 1}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'string'", "1", "int") + "]}"),
    ),
    (
        "JSONSchemaValidation.PatternWithRequiredNoTypeMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'pattern': '^S'}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.PatternWithRequiredAndTypeMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'type': 'string', 'pattern': '^S'}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.PatternWithRequiredAndTypePatternFails",
        "{'required': ['a'], 'properties': {'a': {'type': 'string', 'pattern': '^S'}}}",
        "{a: 'floo'}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'pattern', specifiedAs: {pattern: '^S'},"
            " reason: 'regular expression did not match', consideredValue: 'floo'}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PatternNested",
        (
            "{'properties': {'a': {'properties': {'b': {'type': 'string', 'pattern': '^S',"
            " title: 'pattern property', description: 'values of a should start with S'}}}}}"
        ),
        "{'a': {'b': 'foo'}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'properties', propertiesNotSatisfied: ["
            "{propertyName: 'b', title: 'pattern property', description: 'values of a should start with S',"
            " details: [{operatorName: 'pattern', specifiedAs: {pattern: '^S'},"
            " reason: 'regular expression did not match', consideredValue: 'foo'}]}]}]}"
        ),
    ),
    ("JSONSchemaValidation.PatternAtTopLevelHasNoEffect", "{'pattern': '^S'}", "{a: 'Slow'}", None),
    (
        "JSONSchemaValidation.PatternInvertedRegexDoesMatch",
        "{'not': {'properties': {'a': {'pattern': '^S'}}}}",
        "{'a': 'String'}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.PatternInvertedTypeMismatch",
        "{'not': {'properties': {'a': {'pattern': '^S'}}}}",
        "{'a': 1}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.PatternInvertedMissingProperty",
        "{'not': {'properties': {'a': {'pattern': '^S'}}}}",
        "{'b': 1}",
        _NOT,
    ),
    # multipleOf
    (
        "JSONSchemaValidation.BasicMultipleOf",
        "{properties: {a: {type: 'number', multipleOf: 2.1}}}",
        "{'a': 1.1}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'multipleOf', specifiedAs: {{multipleOf: 2.1}},"
            f" reason: '{_MUL}', consideredValue: 1.1}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MultipleOfNoExplicitType",
        "{properties: {a: {multipleOf: 2.1}}}",
        "{'a': 1.1}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'multipleOf', specifiedAs: {{multipleOf: 2.1}},"
            f" reason: '{_MUL}', consideredValue: 1.1}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MultipleOfNonNumeric",
        "{properties: {a: {type: 'number', 'multipleOf': 2.1}}}",
        "{'a': 'foo'}",
        _prop(
            "{propertyName: 'a', details: [" + _type("type", "'number'", "'foo'", "string") + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.MultipleOfWithRequiredNoTypeMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'multipleOf': 2}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MultipleOfWithRequiredAndTypeMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'multipleOf': 2}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.MultipleOfWithRequiredAndTypeMultipleOfFails",
        "{'required': ['a'], 'properties': {'a': {'type': 'number', 'multipleOf': 2}}}",
        "{a: 3}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'multipleOf', specifiedAs: {{multipleOf: 2}},"
            f" reason: '{_MUL}', consideredValue: 3}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MultipleOfNested",
        "{'properties': {'a': {'properties': {'b': {'multipleOf': 2.1}}}}}",
        "{'a': {'b': 1}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'properties', propertiesNotSatisfied: ["
            f"{{propertyName: 'b', details: [{{operatorName: 'multipleOf', specifiedAs: {{multipleOf: 2.1}},"
            f" reason: '{_MUL}', consideredValue: 1}}]}}]}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.MultipleOfAtTopLevelHasNoEffect",
        "{'multipleOf': 1}",
        "{a: 'foo'}",
        None,
    ),
    (
        "JSONSchemaValidation.MultipleOfInvertedMultipleDoesMatch",
        "{'not': {'properties': {'a': {'multipleOf': 1}}}}",
        "{'a': 2}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.MultipleOfInvertedTypeMismatch",
        "{'not': {'properties': {'a': {'multipleOf': 1}}}}",
        "{'a': 'not a number!'}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.MultipleOfInvertedMissingProperty",
        "{'not': {'properties': {'a': {'multipleOf': 1}}}}",
        "{'b': 1}",
        _NOT,
    ),
    # encrypt
    (
        "JSONSchemaValidation.BasicEncrypt",
        "{bsonType: 'object', properties: {a: {encrypt: {}}}}",
        "{a: " + _ABC_GENERAL + "}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'encrypt', reason: 'value was not encrypted'}]}"
        ),
    ),
    (
        "JSONSchemaValidation.EncryptInvertedValueIsEncrypted",
        "{bsonType: 'object', properties: {a: {encrypt: {}}}}",
        "{a: " + _ABC_ENCRYPT + "}",
        None,
    ),
    (
        "JSONSchemaValidation.EncryptMissingProperty",
        "{not: {bsonType: 'object', properties: {a: {encrypt: {}}}}}",
        "{b: " + _ABC_ENCRYPT + "}",
        _NOT,
    ),
    (
        "JSONSchemaValidation.EncryptWithSubtypeFailsBecauseNotEncrypted",
        "{bsonType: 'object', properties: {a: {encrypt: {bsonType: 'number'}}}}",
        "{a: 'foo'}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'encrypt', reason: 'value was not encrypted'}]}"
        ),
    ),
    (
        "JSONSchemaValidation.EncryptWithSubtypeFailsDueToMismatchedSubtype",
        "{bsonType: 'object', properties: {a: {encrypt: {bsonType: 'number'}}}}",
        "{a: " + _FLE_STRING + "}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'encrypt', reason: 'encrypted value has wrong type'}]}"
        ),
    ),
    (
        "JSONSchemaValidation.EncryptWithSubtypeInvertedValueIsEncrypted",
        "{bsonType: 'object', properties: {a: {encrypt: {bsonType: 'number'}}}}",
        "{a: " + _FLE_INT + "}",
        None,
    ),
    (
        "JSONSchemaValidation.EncryptWithSubtypeInvertedMissingProperty",
        "{bsonType: 'object', properties: {a: {encrypt:{}}}}",
        "{b: " + _ABC_ENCRYPT + "}",
        None,
    ),
    # allOf
    (
        "JSONSchemaLogicalKeywordValidation.TopLevelAllOf",
        "{allOf: [{properties: {a: {minimum: 1}}},{properties:{b:{minimum:2}}}]}",
        "{a: 1, b: 0}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'allOf', schemasNotSatisfied: ["
        "{index: 1, details: [{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
        + _cmp("minimum", "{minimum: 2}", "0")
        + "]}]}]}]}]}",
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NestedAllOf",
        "{properties: {a: {allOf: [{minimum: 1},{maximum: 3}]}}}",
        "{a: 4}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'allOf', schemasNotSatisfied: [{index: 1, details: ["
            + _cmp("maximum", "{maximum: 3}", "4")
            + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NotOverAllOf",
        "{properties: {a: {not: {allOf: [{minimum: 1},{maximum: 3}]}}}}",
        "{a: 2}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'not', reason: 'child expression matched'}]}"
        ),
    ),
    # anyOf
    (
        "JSONSchemaLogicalKeywordValidation.TopLevelAnyOf",
        "{anyOf: [{properties: {a: {minimum: 1}}}, {properties:{b:{minimum: 1}}}]}",
        "{a: 0, b: 0}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'anyOf', schemasNotSatisfied: ["
        "{index: 0, details: [{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'a', details: ["
        + _cmp("minimum", "{minimum: 1}", "0")
        + "]}]}]},"
        "{index: 1, details: [{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
        + _cmp("minimum", "{minimum: 1}", "0")
        + "]}]}]}]}]}",
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NestedAnyOfWithDescription",
        (
            "{properties: {a: { description: 'property a',"
            " anyOf: [{bsonType: 'number', description: 'number?'}, {bsonType: 'string'}]}}}"
        ),
        "{a: {}}",
        _prop(
            "{propertyName: 'a', description: 'property a', details: [{operatorName: 'anyOf', schemasNotSatisfied: ["
            "{index: 0, description: 'number?', details: ["
            + _type("bsonType", "'number'", "{}", "object")
            + "]},{index: 1, details: ["
            + _type("bsonType", "'string'", "{}", "object")
            + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NestedAnyOf",
        "{properties: {a: {anyOf: [{type: 'string'},{maximum: 3}]}}}",
        "{a: 4}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'anyOf', schemasNotSatisfied: [{index: 0, details: ["
            + _type("type", "'string'", "4", "int")
            + "]},{index: 1, details: ["
            + _cmp("maximum", "{maximum: 3}", "4")
            + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.TopLevelAnyOfAllOf",
        (
            "{anyOf: [{allOf: [{properties: {d: {type: 'string', 'minLength': 3}, e: {maxLength: 10}}}]},"
            " {allOf: [{properties: {a: {type: 'number', 'maximum': 3}, b: {type: 'number', 'minimum': 3},"
            " c: {type: 'number', 'enum': [1,2,3]}}}]}]}"
        ),
        "{a: 0, b: 5, c: 0, d: 'foobar', e: 'a string that is over ten characters'}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'anyOf', schemasNotSatisfied: ["
            "{index: 0, details: [{operatorName: 'allOf', schemasNotSatisfied: [{index: 0, details: ["
            "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'e', details: ["
            f"{{operatorName: 'maxLength', specifiedAs: {{maxLength: 10}}, reason: '{_LEN}',"
            " consideredValue: 'a string that is over ten characters'}]}]}]}]}]},"
            "{index: 1, details: [{operatorName: 'allOf', schemasNotSatisfied: [{index: 0, details: ["
            "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'c', details: ["
            "{operatorName: 'enum', specifiedAs: {enum: [1,2,3]}, reason: 'value was not found in enum',"
            " consideredValue: 0}]}]}]}]}]}]}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.TopLevelAllOfAnyOf",
        (
            "{allOf: [{anyOf: [{properties: {d: {type: 'string', 'minLength': 3}, e: {maxLength: 10}}}]},"
            " {anyOf: [{properties: {a: {type: 'number', 'maximum': 3}, b: {type: 'number', 'minimum': 3},"
            " c: {type: 'number', 'enum': [1,2,3]}}}]}]}"
        ),
        "{a: 10, b: 0, c: 0, d: 'foobar', e: 1}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'allOf', schemasNotSatisfied: ["
        "{index: 1, details: [{operatorName: 'anyOf', schemasNotSatisfied: [{index: 0, details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: ["
        "{propertyName: 'a', details: [" + _cmp("maximum", "{maximum: 3}", "10") + "]},"
        "{propertyName: 'b', details: [" + _cmp("minimum", "{minimum: 3}", "0") + "]},"
        "{propertyName: 'c', details: [{operatorName: 'enum', specifiedAs: {enum: [1,2,3]},"
        " reason: 'value was not found in enum', consideredValue: 0}]}]}]}]}]}]}]}",
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NotOverAnyOf",
        "{properties: {a: {not: {anyOf: [{minimum: 1},{maximum: 6}]}}}}",
        "{a: 4}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'not', reason: 'child expression matched'}]}"
        ),
    ),
    # oneOf
    (
        "JSONSchemaLogicalKeywordValidation.OneOfMoreThanOneMatchingClause",
        "{properties: {a: {oneOf: [{minimum: 1},{maximum: 3}], description: 'oneOf description'}}}",
        "{a: 2}",
        _prop(
            "{propertyName: 'a', description: 'oneOf description', details: [{operatorName: 'oneOf',"
            " reason: 'more than one subschema matched', matchingSchemaIndexes: [0, 1]}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NorOverOneOf",
        "{properties: {a: {oneOf: [{minimum: 1},{maximum: 3}]}}}",
        "{a: 4}",
        None,
    ),
    (
        "JSONSchemaLogicalKeywordValidation.OneOfAllFailingClauses",
        "{'properties':{'a':{'oneOf': [{'minimum': 4},{'maximum': 1},{'bsonType':'int'}]}}}",
        "{a: 2.1}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'oneOf', schemasNotSatisfied: ["
            "{index: 0, details: [" + _cmp("minimum", "{minimum: 4}", "2.1") + "]},"
            "{index: 1, details: [" + _cmp("maximum", "{maximum: 1}", "2.1") + "]},"
            "{index: 2, details: [" + _type("bsonType", "'int'", "2.1", "double") + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NotOverOneOf",
        "{properties: {a: {not: {oneOf: [{minimum: 1},{maximum: 3}]}}}}",
        "{a: 4}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'not', reason: 'child expression matched'}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NotOverOneOfOneClause",
        "{properties: {a: {not: {oneOf: [{minimum: 1}]}}}}",
        "{a: 4}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'not', reason: 'child expression matched'}]}"
        ),
    ),
    # not
    (
        "JSONSchemaLogicalKeywordValidation.BasicNot",
        "{not: {properties: {a: {minimum: 3}}}}",
        "{a: 6}",
        _NOT,
    ),
    (
        "JSONSchemaLogicalKeywordValidation.BasicNotWithDescription",
        "{ properties: { a: { not: { type: 'number', title: 'type title'}, title: 'not title' } } }",
        "{a: 1}",
        _prop(
            "{propertyName: 'a', title: 'not title', details: [{operatorName: 'not',"
            " reason: 'child expression matched'}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NestedNot",
        "{not: {not: {properties: {a: {minimum: 3}}}}}",
        "{a: 1}",
        _NOT,
    ),
    ("JSONSchemaLogicalKeywordValidation.NotOverEmptySchema", "{not: {}}", "{}", _NOT),
    (
        "JSONSchemaLogicalKeywordValidation.NotFailsDueToType",
        "{not: {properties: {a: {minimum: 3}}}}",
        "{a: 'foo'}",
        _NOT,
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NotFailsDueToExistence",
        "{not: {properties: {a: {minimum: 3}}}}",
        "{b: 6}",
        _NOT,
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NotUnderProperties",
        "{properties: {a: {not: {}}}}",
        "{a: 'foo'}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'not', reason: 'child expression matched'}]}"
        ),
    ),
    # enum
    (
        "JSONSchemaLogicalKeywordValidation.BasicEnum",
        "{'properties': {'a': {'enum': [1,2,3]}}}",
        "{a: 0}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'enum', specifiedAs: {enum: [1, 2, 3]},"
            " reason: 'value was not found in enum', consideredValue: 0}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.EnumWithRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'enum':[1,2,3]}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.TopLevelEnum",
        "{'enum': [{'a': 1, 'b': 1}, {'a': 0, 'b': {'c': [1,2,3]}}]}",
        "{'a': 0, b: 1, _id: 1}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'enum',"
            " specifiedAs: {enum: [{a: 1, b: 1}, {a: 0, b: {c: [1, 2, 3]}}]},"
            " reason: 'value was not found in enum', consideredValue: {a: 0, b: 1, _id: 1}}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.EnumTypeArrayWithEmptyArray",
        "{'properties': {'a': {'type': 'array', 'enum': [[1]]}}}",
        "{'a': []}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'enum', specifiedAs: {enum: [[1]]},"
            " reason: 'value was not found in enum', consideredValue: []}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.NotOverEnum",
        "{'properties': {'a': {'not': {'enum': [1,2,3]}}}}",
        "{a: 1}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'not', reason: 'child expression matched'}]}"
        ),
    ),
    (
        "JSONSchemaLogicalKeywordValidation.CombineLogicalKeywords",
        "{'properties': {'a': {'allOf': [{'bsonType': 'int'}, {'oneOf': [{minimum: 1}, {enum: [6,7,8]}]}]}}}",
        "{a: 0}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'allOf', schemasNotSatisfied: [{index: 1, details: ["
            "{operatorName: 'oneOf', schemasNotSatisfied: [{index: 0, details: ["
            + _cmp("minimum", "{minimum: 1}", "0")
            + "]},{index: 1, details: [{operatorName: 'enum', specifiedAs: {enum: [6, 7, 8]},"
            " reason: 'value was not found in enum', consideredValue: 0}]}]}]}]}]}"
        ),
    ),
    # array keywords
    (
        "JSONSchemaValidation.ArrayType",
        "{'properties': {'a': {'type': 'array'}}}",
        "{'a': {'b': 1}}",
        _prop(
            "{propertyName: 'a', details: [" + _type("type", "'array'", "{b: 1}", "object") + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayMinItemsTypeArray",
        "{'properties': {'a': {'type': 'array', 'minItems': 2}}}",
        "{'a': [1]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minItems', specifiedAs: {{minItems: 2}},"
            f" reason: '{_ALEN}', consideredValue: [1], numberOfItems: 1}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayMinItemsTypeArrayRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'type': 'array', 'minItems': 2}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.ArrayMinItems",
        "{'properties': {'a': {'minItems': 2}}}",
        "{'a': [1]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minItems', specifiedAs: {{minItems: 2}},"
            f" reason: '{_ALEN}', consideredValue: [1], numberOfItems: 1}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayMinItemsRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'minItems': 2}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    ("JSONSchemaValidation.ArrayMinItemsAlwaysTrue", "{'minItems': 2}", "{}", None),
    (
        "JSONSchemaValidation.ArrayMinItemsTypeArrayOnNonArrayAttribute",
        "{'properties': {'a': {'type': 'array', 'minItems': 2}}}",
        "{'a': 1}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'array'", "1", "int") + "]}"),
    ),
    (
        "JSONSchemaValidation.ArrayMaxItems",
        "{'properties': {'a': {'maxItems': 2}}}",
        "{'a': [1, 2, 3]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'maxItems', specifiedAs: {{maxItems: 2}},"
            f" reason: '{_ALEN}', consideredValue: [1, 2, 3], numberOfItems: 3}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayMaxItemsRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'maxItems': 2}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    ("JSONSchemaValidation.ArrayMaxItemsAlwaysTrue", "{'maxItems': 2}", "{}", None),
    (
        "JSONSchemaValidation.ArrayUniqueItems",
        "{'properties': {'a': {'uniqueItems': true}}}",
        "{'a': [1, 2, 3, 3, 4, 4]}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'uniqueItems', specifiedAs: {uniqueItems: true},"
            " reason: 'found a duplicate item', consideredValue: [1, 2, 3, 3, 4, 4], duplicatedValue: 3}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayUniqueItemsRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'uniqueItems': true}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.ArrayUniqueItemTypeArray",
        "{'properties': {'a': {'type': 'array', 'uniqueItems': true}}}",
        "{'a': [1, 2, 3, 3, 4, 4]}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'uniqueItems', specifiedAs: {uniqueItems: true},"
            " reason: 'found a duplicate item', consideredValue: [1, 2, 3, 3, 4, 4], duplicatedValue: 3}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayUniqueItemTypeArrayRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'type': 'array', 'uniqueItems': true}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.ArrayUniqueItemsTypeArrayOnNonArrayAttribute",
        "{'properties': {'a': {'type': 'array', 'uniqueItems': true}}}",
        "{'a': 1}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'array'", "1", "int") + "]}"),
    ),
    ("JSONSchemaValidation.ArrayUniqueItemsAlwaysTrue", "{'uniqueItems': true}", "{}", None),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchema",
        "{'properties': {'a': {'items': {'type': 'string', 'description': 'elements must be of string type'}}}}",
        "{'a': [1, 'A', {}]}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'items', description: 'elements must be of string type',"
            f" reason: '{_ITEM}', itemIndex: 0, details: ["
            + _type("type", "'string'", "1", "int")
            + "]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchemaRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'items': {'type': 'string'}}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchemaTypeArrayOnNonArrayAttribute",
        "{'properties': {'a': {'items': {'type': 'string'}, 'type': 'array'}}}",
        "{'a': 1}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'array'", "1", "int") + "]}"),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchemaTypeArrayRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'items': {'type': 'string'}, 'type': 'array'}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchemaCombinedWithMinItems",
        "{'properties': {'a': {'items': {'type': 'string'}, 'minItems': 5}}}",
        "{'a': ['A', 'B']}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minItems', specifiedAs: {{minItems: 5}},"
            f" reason: '{_ALEN}', consideredValue: ['A', 'B'], numberOfItems: 2}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchemaAlwaysTrue",
        "{'items': {'type': 'string'}}",
        "{}",
        None,
    ),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchemaNested",
        "{'properties': {'a': {'items': {'properties': {'b': {'minItems': 2}}}}}}",
        "{'a': [{'b': [1]}]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'items', reason: '{_ITEM}', itemIndex: 0, details: ["
            "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
            f"{{operatorName: 'minItems', specifiedAs: {{minItems: 2}}, reason: '{_ALEN}',"
            " consideredValue: [1], numberOfItems: 1}]}]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchemaNestedRequiredMissingProperty",
        "{'properties': {'a': {'items': {'required': ['b'], 'properties': {'b': {'minItems': 2}}}}}}",
        "{'a': [{}]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'items', reason: '{_ITEM}', itemIndex: 0, details: ["
            "{operatorName: 'required', specifiedAs: {required: ['b']}, missingProperties: ['b']}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchema2DArray",
        "{'properties': {'a': {'items': {'items': {'minimum': 0}}}}}",
        "{'a': [[1],[],[2, 4], [-1]]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'items', reason: '{_ITEM}', itemIndex: 3, details: ["
            f"{{operatorName: 'items', reason: '{_ITEM}', itemIndex: 0, details: ["
            + _cmp("minimum", "{minimum: 0}", "-1")
            + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSingleSchemaNestedWithMinimum",
        "{'properties': {'a': {'items': {'properties': {'b': {'minimum': 2}}}}}}",
        "{'a': [{'b': 2}, {'b': 1}]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'items', reason: '{_ITEM}', itemIndex: 1, details: ["
            "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
            + _cmp("minimum", "{minimum: 2}", "1")
            + "]}]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSchemaArray",
        "{'properties': {'a': {'items': [{'type': 'number'}, {'type': 'string'}]}}}",
        "{'a': [1, 2]}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'items', details: ["
            "{itemIndex: {'$numberLong': '1'}, details: ["
            + _type("type", "'string'", "2", "int")
            + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSchemaArrayRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'a': {'items': [{'type': 'number'}, {'type': 'string'}]}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSchemaArrayCombinedWithMinItems",
        "{'properties': {'a': {'items': [{'type': 'number'}, {'type': 'string'}], 'minItems': 5}}}",
        "{'a': [1, 'A']}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minItems', specifiedAs: {{minItems: 5}},"
            f" reason: '{_ALEN}', consideredValue: [1, 'A'], numberOfItems: 2}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSchemaArrayCombinedWithMinItemsOnShortArray",
        "{'properties': {'a': {'items': [{'type': 'number'}, {'type': 'string'}], 'minItems': 5}}}",
        "{'a': [1]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minItems', specifiedAs: {{minItems: 5}},"
            f" reason: '{_ALEN}', consideredValue: [1], numberOfItems: 1}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSchemaArrayTypeArrayOnNonArrayAttribute",
        "{'properties': {'a': {'items': [{'type': 'number'}, {'type': 'string'}], 'type': 'array'}}}",
        "{'a': 1}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'array'", "1", "int") + "]}"),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSchemaArrayTypeArrayRequiredMissingProperty",
        "{'required': ['a'],'properties': {'a': {'items': [{'type': 'number'}, {'type': 'string'}], 'type': 'array'}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.ArrayItemsEmptySchemaArrayCombinedWithMinItems",
        "{'properties': {'a': {'items': [], 'minItems': 5}}}",
        "{'a': [1, 'A']}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minItems', specifiedAs: {{minItems: 5}},"
            f" reason: '{_ALEN}', consideredValue: [1, 'A'], numberOfItems: 2}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayItemsSchemaArrayAlwaysTrue",
        "{'items': [{'type': 'string'}]}",
        "{}",
        None,
    ),
    ("JSONSchemaValidation.ArrayItemsSchemaArrayOneEmptyObject", "{'items': [{}]}", "{}", None),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsSchema",
        (
            "{'properties': {'a': {'type': 'array', 'items': [{'type': 'number'}, {'type': 'string'}],"
            " 'additionalItems': {'type': 'object', 'description': 'only extra documents'}}}}"
        ),
        "{'a': [1, 'First', {}, 'Extra element']}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'additionalItems', description: 'only extra documents',"
            f" reason: '{_ADD_ITEM}', itemIndex: 3, details: ["
            + _type("type", "'object'", "'Extra element'", "string")
            + "]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsRequiredMissingProperty",
        (
            "{'required': ['a'], 'properties': {'a': {'type': 'array', 'items': [{'type': 'number'}, {'type': 'string'}],"
            " 'additionalItems': {'type': 'object'}}}}"
        ),
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsSchemaItemsAndItemsSchemaFail",
        (
            "{'properties': {'a': {'type': 'array', 'items': [{'type': 'number'}, {'type': 'string'}],"
            " 'additionalItems': {'type': 'object'}}}}"
        ),
        "{'a': ['1', 2, {}, {'b': 1}, 'Fail']}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'items', details: ["
            "{itemIndex: {'$numberLong': '0'}, details: ["
            + _type("type", "'number'", "'1'", "string")
            + "]},"
            "{itemIndex: {'$numberLong': '1'}, details: ["
            + _type("type", "'string'", "2", "int")
            + "]}]},"
            f"{{operatorName: 'additionalItems', reason: '{_ADD_ITEM}', itemIndex: 4, details: ["
            + _type("type", "'object'", "'Fail'", "string")
            + "]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsSchemaNested",
        (
            "{'properties': {'a': {'type': 'array', 'items': [{'type': 'string'}], 'additionalItems':"
            " {'properties': {'b': {'items': {'type': 'object'}}}}}}}"
        ),
        "{'a': ['A', {'b': [{}, 'A']}]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'additionalItems', reason: '{_ADD_ITEM}', itemIndex: 1,"
            " details: [{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
            f"{{operatorName: 'items', reason: '{_ITEM}', itemIndex: 1, details: ["
            + _type("type", "'object'", "'A'", "string")
            + "]}]}]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsSchemaTypeArrayOnNonArrayAttribute",
        (
            "{'properties': {'a': {'type': 'array', 'items': [{'type': 'number'}, {'type': 'string'}],"
            " 'additionalItems': {'type': 'object'}}}}"
        ),
        "{'a': 1}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'array'", "1", "int") + "]}"),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsSchemaCombinedWithMinItems",
        (
            "{'properties': {'a': {'type': 'array', 'items': [{'type': 'number'}, {'type': 'string'}],"
            " 'additionalItems': {'type': 'object'}, 'minItems': 5}}}"
        ),
        "{'a': [1, 'First', {}]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minItems', specifiedAs: {{minItems: 5}},"
            f" reason: '{_ALEN}', consideredValue: [1, 'First', {{}}], numberOfItems: 3}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsSchemaAlwaysTrue",
        "{'items': [{'type': 'object'}], 'additionalItems': {'type': 'object'}}",
        "{}",
        None,
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsFalse",
        "{'properties': {'a': {'items': [{'type': 'number'}, {'type': 'string'}], 'additionalItems': false}}}",
        "{'a': [1, 'First', 'Extra element']}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'additionalItems', specifiedAs: {additionalItems: false},"
            " reason: 'found additional items', additionalItems: ['Extra element']}]}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsFalseRequiredMissingProperty",
        (
            "{'required': ['a'], 'properties': {'a': {'items': [{'type': 'number'}, {'type': 'string'}],"
            " 'additionalItems': false}}}"
        ),
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsFalseTypeArrayOnNonArrayAttribute",
        "{'properties': {'a': {'items': [{'type': 'number'}], 'additionalItems': false, 'type': 'array'}}}",
        "{'a': 1}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'array'", "1", "int") + "]}"),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsFalseCombinedWithMinItems",
        "{'properties': {'a': {'items': [{'type': 'number'}], 'additionalItems': false, 'minItems': 5}}}",
        "{'a': [1]}",
        _prop(
            f"{{propertyName: 'a', details: [{{operatorName: 'minItems', specifiedAs: {{minItems: 5}},"
            f" reason: '{_ALEN}', consideredValue: [1], numberOfItems: 1}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.ArrayAdditionalItemsFalseAlwaysTrue",
        "{'items': [{'type': 'number'}], 'additionalItems': false}",
        "{}",
        None,
    ),
    # minProperties / maxProperties
    (
        "JSONSchemaValidation.BasicMinProperties",
        "{minProperties: 10}",
        "{_id: 1, a: 1, b: 2, c: 3}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'minProperties',"
            f" specifiedAs: {{minProperties: 10}}, reason: '{_NPROP}', numberOfProperties: 4}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.NestedMinProperties",
        "{'properties': {'a': {'minProperties': 10}}}",
        "{a: {'b': 1, 'c': 2}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'minProperties', specifiedAs: {minProperties: 10},"
            f" reason: '{_NPROP}', numberOfProperties: 2}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.NestedMinPropertiesTypeMismatch",
        "{'properties': {'a': {'minProperties': 10, 'type': 'object'}}}",
        "{a: ['clearly', 'not', 'an', 'object']}",
        _prop(
            "{propertyName: 'a', details: ["
            + _type("type", "'object'", "['clearly', 'not', 'an', 'object']", "array")
            + "]}"
        ),
    ),
    (
        "JSONSchemaValidation.NestedMinPropertiesWithRequiredMissingProperty",
        "{'required': ['a'],'properties': {'a': {type: 'object', minProperties: 10}}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.NestedMinPropertiesWithRequiredNonObject",
        "{'required': ['a'],'properties': {'a': {type: 'object', minProperties: 10}}}",
        "{a: []}",
        _prop("{propertyName: 'a', details: [" + _type("type", "'object'", "[]", "array") + "]}"),
    ),
    (
        "JSONSchemaValidation.BasicMaxProperties",
        "{maxProperties: 2}",
        "{_id: 1, a: 1, b: 2, c: 3}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'maxProperties',"
            f" specifiedAs: {{maxProperties: 2}}, reason: '{_NPROP}', numberOfProperties: 4}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.NestedMaxProperties",
        "{'properties': {'a': {'maxProperties': 1}}}",
        "{a: {'b': 1, 'c': 2}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'maxProperties', specifiedAs: {maxProperties: 1},"
            f" reason: '{_NPROP}', numberOfProperties: 2}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.NestedMaxPropertiesTypeMismatch",
        "{'properties': {'a': {'maxProperties': 10, 'type': 'object'}}}",
        "{a: ['clearly', 'not', 'an', 'object']}",
        _prop(
            "{propertyName: 'a', details: ["
            + _type("type", "'object'", "['clearly', 'not', 'an', 'object']", "array")
            + "]}"
        ),
    ),
    # property dependencies
    (
        "JSONSchemaValidation.BasicPropertyDependency",
        "{'dependencies': {'a': ['b', 'c'], title: 'a needs b and c'}}",
        "{'a': 1, 'b': 2}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
            " title: 'a needs b and c', failingDependencies: [{conditionalProperty: 'a', missingProperties: ['c']}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.NestedPropertyDependency",
        "{'properties': {'obj': {'dependencies': {'a': ['b','c']}}}}",
        "{'obj': {'a': 1, 'b': 2}}",
        _prop(
            "{propertyName: 'obj', details: [{operatorName: 'dependencies', failingDependencies: ["
            "{conditionalProperty: 'a', missingProperties: ['c']}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PropertyDependencyOneFailingDependency",
        "{'dependencies': {'a': ['b', 'c'], 'b': ['c','d'], 'c': ['a', 'b']}}",
        "{'a': 1, 'b': 2, 'c': 5}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
            " failingDependencies: [{conditionalProperty: 'b', missingProperties: ['d']}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PropertyDependencyManyFailingDependencies",
        "{'dependencies': {'a': ['b', 'c', 'd'], 'b': ['c','d'], 'e': ['c', 'd']}}",
        "{'a': 1, 'b': 2, 'e': 3}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
            " failingDependencies: [{conditionalProperty: 'a', missingProperties: ['c','d']},"
            " {conditionalProperty: 'b', missingProperties: ['c','d']},"
            " {conditionalProperty: 'e', missingProperties: ['c','d']}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PropertyFailingBiconditionalDependency",
        "{'dependencies': {'a': ['b'], 'b': ['a']}}",
        "{'a': 1}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
            " failingDependencies: [{conditionalProperty: 'a', missingProperties: ['b']}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PropertyDependencyWithRequiredMissingProperty",
        "{'required': ['a'], 'dependencies': {'a': ['b', 'c']}}",
        "{}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.PropertyDependencyWithRequiredMissingDependency",
        "{'required': ['a'], 'dependencies': {'a': ['b', 'c']}}",
        "{'a': 1}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
            " failingDependencies: [{conditionalProperty: 'a', missingProperties: ['b', 'c']}]}]}"
        ),
    ),
    # schema dependencies
    (
        "JSONSchemaValidation.BasicSchemaDependency",
        "{'dependencies': {'a': {'properties': {'b': {'type': 'number'}}}, title: 'a needs b'}}",
        "{'a': 1, 'b': 'foo'}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
        " title: 'a needs b', failingDependencies: [{conditionalProperty: 'a', details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
        + _type("type", "'number'", "'foo'", "string")
        + "]}]}]}]}]}",
    ),
    (
        "JSONSchemaValidation.NestedSchemaDependency",
        "{'properties': {'topLevelField': {'dependencies': {'a': {'properties': {'b': {'type': 'number'}}}}}}}",
        "{'topLevelField': {'a': 1, 'b': 'foo'}}",
        _prop(
            "{propertyName: 'topLevelField', details: [{operatorName: 'dependencies', failingDependencies: ["
            "{conditionalProperty: 'a', details: [{operatorName: 'properties', propertiesNotSatisfied: ["
            "{propertyName: 'b', details: ["
            + _type("type", "'number'", "'foo'", "string")
            + "]}]}]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.SchemaDependencyWithRequiredMissingProperty",
        "{'required': ['a'], 'dependencies': {'a': {'properties': {'b': {'type': 'number'}}}}}",
        "{'b': 'foo'}",
        _req("['a']", "['a']"),
    ),
    (
        "JSONSchemaValidation.SchemaDependencyWithRequiredFailedDependency",
        "{'required': ['a'], 'dependencies': {'a': {'properties': {'b': {'type': 'number'}}}}}",
        "{a: 1, 'b': 'foo'}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
        " failingDependencies: [{conditionalProperty: 'a', details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
        + _type("type", "'number'", "'foo'", "string")
        + "]}]}]}]}]}",
    ),
    (
        "JSONSchemaValidation.BiconditionalSchemaDependency",
        "{'dependencies': {'a': {'properties': {'b': {'type': 'array'}}}, 'b': {'properties': {'a': {'type': 'number'}}}}}",
        "{'a': 'foo', 'b': 'bar'}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
        " failingDependencies: [{conditionalProperty: 'a', details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
        + _type("type", "'array'", "'bar'", "string")
        + "]}]}]}, {conditionalProperty: 'b', details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'a', details: ["
        + _type("type", "'number'", "'foo'", "string")
        + "]}]}]}]}]}",
    ),
    (
        "JSONSchemaValidation.SchemaDependencySomeDependenciesSatisfied",
        (
            "{'dependencies': {'a': {'properties': {'b': {'type': 'number'}}},"
            " 'b': {'properties': {'c': {'type': 'string'}}}, 'c': {'properties': {'a': {'type': 'array'}}}}}"
        ),
        "{'a': [0,1,2,3], 'b': 1, 'c': 12}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
        " failingDependencies: [{conditionalProperty: 'b', details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'c', details: ["
        + _type("type", "'string'", "12", "int")
        + "]}]}]}]}]}",
    ),
    (
        "JSONSchemaValidation.SchemaDependencyAllDependenciesFailed",
        (
            "{'dependencies': {'a': {'properties': {'b': {'type': 'number'}}},"
            " 'b': {'properties': {'c': {'type': 'string'}}}, 'c': {'properties': {'a': {'type': 'array'}}}}}"
        ),
        "{'a': 'foo', 'b': [], 'c': 12}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
        " failingDependencies: [{conditionalProperty: 'a', details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
        + _type("type", "'number'", "[]", "array")
        + "]}]}]}, {conditionalProperty: 'b', details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'c', details: ["
        + _type("type", "'string'", "12", "int")
        + "]}]}]}, {conditionalProperty: 'c', details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'a', details: ["
        + _type("type", "'array'", "'foo'", "string")
        + "]}]}]}]}]}",
    ),
    (
        "JSONSchemaValidation.SchemaDependencyAndPropertyDependency",
        "{'dependencies': {'a': {'properties': {'b': {'type': 'number'}}}, 'b': ['a', 'c']}}",
        "{'a': [0,1,2,3], 'b': 'foo'}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'dependencies',"
        " failingDependencies: [{conditionalProperty: 'a', details: ["
        "{operatorName: 'properties', propertiesNotSatisfied: [{propertyName: 'b', details: ["
        + _type("type", "'number'", "'foo'", "string")
        + "]}]}]}, {conditionalProperty: 'b', missingProperties: ['c']}]}]}",
    ),
    # additionalProperties (boolean)
    (
        "JSONSchemaValidation.BasicAdditionalPropertiesFalse",
        "{'properties': {'b': {'type': 'number'}}, 'additionalProperties': false}",
        "{'_id': 0, 'a': 1, 'b': 2}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'additionalProperties',"
            " specifiedAs: {additionalProperties: false}, additionalProperties: ['_id', 'a']}]}"
        ),
    ),
    (
        "JSONSchemaValidation.BasicAdditionalPropertiesFalseRequiredMissingProperty",
        "{'required': ['a'], 'properties': {'b': {'type': 'number'}}, 'additionalProperties': false}",
        "{'_id': 0, 'b': 2}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'additionalProperties',"
            " specifiedAs: {additionalProperties: false}, additionalProperties: ['_id']},"
            " {operatorName: 'required', specifiedAs: {required: ['a']}, missingProperties: ['a']}]}"
        ),
    ),
    (
        "JSONSchemaValidation.AdditionalPropertiesTrueProducesNoError",
        "{'minProperties': 100, 'additionalProperties': true}",
        "{'_id': 0, 'a': 1, 'b': 2}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'minProperties',"
            f" specifiedAs: {{minProperties: 100}}, reason: '{_NPROP}', numberOfProperties: 3}}]}}"
        ),
    ),
    (
        "JSONSchemaValidation.BasicAdditionalPropertiesFalseNested",
        "{'properties': {'b': {'type': 'object', 'additionalProperties':false}}}",
        "{'b': {'a': 1}}",
        _prop(
            "{propertyName: 'b', details: [{operatorName: 'additionalProperties',"
            " specifiedAs: {additionalProperties: false}, additionalProperties: ['a']}]}"
        ),
    ),
    (
        "JSONSchemaValidation.BasicAdditionalPropertiesFalseNestedMultiLevel",
        "{'additionalProperties': false, 'properties': {'_id': {},'a': {'type': 'object', 'additionalProperties':false}}}",
        "{_id: 1, 'a': {'b': 1}, 'c': 1}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'properties',"
            " propertiesNotSatisfied: [{propertyName: 'a', details: [{operatorName: 'additionalProperties',"
            " specifiedAs: {additionalProperties: false}, additionalProperties: ['b']}]}]},"
            " {operatorName: 'additionalProperties', specifiedAs: {additionalProperties: false},"
            " additionalProperties: ['c']}]}"
        ),
    ),
    # additionalProperties (schema)
    (
        "JSONSchemaValidation.BasicAdditionalPropertiesSchema",
        "{'properties': {'a': {'type': 'number'}}, 'additionalProperties': {'type': 'string'}}",
        "{'a': 1, 'b': 'not this one', 'c': 'not this one either, but the next one', 'd': 1 }",
        f"{{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{{operatorName: 'additionalProperties',"
        f" reason: '{_AP}', failingProperty: 'd', details: ["
        + _type("type", "'string'", "1", "int")
        + "]}]}",
    ),
    (
        "JSONSchemaValidation.BasicAdditionalPropertiesSchemaRequiredMissingProperty",
        "{'required': ['a', 'b'], 'properties': {'a': {'type': 'number'}}, 'additionalProperties': {'type': 'string'}}",
        "{'a': 1, 'c': 'not this one, but the next one', 'd': 1 }",
        f"{{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{{operatorName: 'additionalProperties',"
        f" reason: '{_AP}', failingProperty: 'd', details: ["
        + _type("type", "'string'", "1", "int")
        + "]}, {operatorName: 'required', specifiedAs: {required: ['a','b']}, missingProperties: ['b']}]}",
    ),
    (
        "JSONSchemaValidation.BasicAdditionalPropertiesSchemaNested",
        "{'properties': {'b': {'type': 'object', 'additionalProperties': {'type':'string'}}}}",
        "{'b': {'a': 1}}",
        _prop(
            f"{{propertyName: 'b', details: [{{operatorName: 'additionalProperties', reason: '{_AP}',"
            " failingProperty: 'a', details: [" + _type("type", "'string'", "1", "int") + "]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.AdditionalPropertiesSchemaNoErrorWhenAdditionalPropertiesAreValid",
        "{'properties': {'_id': {}, 'a': {'type': 'number'}}, 'minProperties': 10, 'additionalProperties': {'type': 'string'}}",
        "{'_id': 'foo', 'a': 1, 'b': 'all', 'c': 'additional', 'd': 'properties', 'e': 'are', 'f': 'strings!'}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'minProperties',"
            f" specifiedAs: {{minProperties: 10}}, reason: '{_NPROP}', numberOfProperties: 7}}]}}"
        ),
    ),
    # patternProperties
    (
        "JSONSchemaValidation.BasicPatternProperties",
        "{'patternProperties': {'^S': {'type': 'number'}}}",
        "{'Super': 1, 'Slow': '67'}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'patternProperties', details: ["
        "{propertyName: 'Slow', regexMatched: '^S', details: ["
        + _type("type", "'number'", "'67'", "string")
        + "]}]}]}",
    ),
    (
        "JSONSchemaValidation.BasicPatternPropertiesRequired",
        "{'required': ['Super'], 'patternProperties': {'^S': {'type':'number'}}}",
        "{'super': 1, 'slow': '67'}",
        _req("['Super']", "['Super']"),
    ),
    (
        "JSONSchemaValidation.NestedPatternProperties",
        "{'properties': {'a': {'patternProperties': {'^S': {'type': 'number'}}}}}",
        "{'a': {'String': 1, 'StringNoNumber': '67'}}",
        _prop(
            "{propertyName: 'a', details: [{operatorName: 'patternProperties', details: ["
            "{propertyName: 'StringNoNumber', regexMatched: '^S', details: ["
            + _type("type", "'number'", "'67'", "string")
            + "]}]}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PatternPropertiesSomePatternsSatifised",
        "{'patternProperties': {'^a': {'type': 'string'},'^S': {'type': 'number'}}}",
        "{'a': 'foo', 'Super': 1, 'aa': 'also a string', 'aaa': 'never a number!', 'Slow': '67'}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'patternProperties', details: ["
        "{propertyName: 'Slow', regexMatched: '^S', details: ["
        + _type("type", "'number'", "'67'", "string")
        + "]}]}]}",
    ),
    (
        "JSONSchemaValidation.PatternPropertiesRecursive",
        "{'patternProperties': {'^a': {'patternProperties': {'b+': {type: 'string'}}}}}",
        "{'a': {'bbbbb': 1}}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'patternProperties', details: ["
        "{propertyName: 'a', regexMatched: '^a', details: [{operatorName: 'patternProperties', details: ["
        "{propertyName: 'bbbbb', regexMatched: 'b+', details: ["
        + _type("type", "'string'", "1", "int")
        + "]}]}]}]}]}",
    ),
    (
        "JSONSchemaValidation.PatternPropertiesOneElementFailsMultiplePatternSchemas",
        "{'patternProperties': {'^a': {'minimum': 3}, 'b$': {'maximum': 1}}}",
        "{'a': 45, 'b': 0, 'ab': 2}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'patternProperties', details: ["
        "{propertyName: 'ab', regexMatched: '^a', details: ["
        + _cmp("minimum", "{minimum: 3}", "2")
        + "]},"
        "{propertyName: 'ab', regexMatched: 'b$', details: ["
        + _cmp("maximum", "{maximum: 1}", "2")
        + "]}]}]}",
    ),
    # patternProperties and additionalProperties (false)
    (
        "JSONSchemaValidation.PatternPropertiesAndAdditionalPropertiesFalse",
        "{'patternProperties': {'^S': {'type': 'number'}}, 'additionalProperties': false}",
        "{'Super': 1, 'Slow': 'oh no a string', b: 1}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'additionalProperties',"
        " specifiedAs: {additionalProperties: false}, additionalProperties: ['b', '_id']},"
        " {operatorName: 'patternProperties', details: [{propertyName: 'Slow', regexMatched: '^S', details: ["
        + _type("type", "'number'", "'oh no a string'", "string")
        + "]}]}]}",
    ),
    (
        "JSONSchemaValidation.PatternPropertiesAndAdditionalPropertiesFalseOnlyPatternPropertiesFails",
        "{'properties': {_id: {}}, 'patternProperties': {'^S': {'type': 'number'}}, 'additionalProperties': false}",
        "{'_id': 1, 'Super': 1, 'Slow': 'oh no a string'}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'patternProperties', details: ["
        "{propertyName: 'Slow', regexMatched: '^S', details: ["
        + _type("type", "'number'", "'oh no a string'", "string")
        + "]}]}]}",
    ),
    (
        "JSONSchemaValidation.PatternPropertiesAndAdditionalPropertiesTrueOnlyPatternPropertiesFails",
        "{'properties': {_id: {}}, 'patternProperties': {'^S': {'type': 'number'}}, 'additionalProperties': true}",
        "{'_id': 1, 'Super': 1, 'Slow': 'oh no a string', a: 'foo'}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'patternProperties', details: ["
        "{propertyName: 'Slow', regexMatched: '^S', details: ["
        + _type("type", "'number'", "'oh no a string'", "string")
        + "]}]}]}",
    ),
    (
        "JSONSchemaValidation.PatternPropertiesAndAdditionalPropertiesFalseOnlyAdditionalPropertiesFails",
        "{'patternProperties': {'^S': {'type': 'number'}}, 'additionalProperties': false}",
        "{'Super': 1, 'Slow': 2, 'b': 'clearly an extra property'}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'additionalProperties',"
            " specifiedAs: {additionalProperties: false}, additionalProperties: ['b', '_id']}]}"
        ),
    ),
    (
        "JSONSchemaValidation.PatternPropertiesAndAdditionalPropertiesFalseNeitherFail",
        "{'minProperties': 10, 'patternProperties': {'^_id': {}, '^S': {'type': 'number'}}, 'additionalProperties': false}",
        "{'_id': 1, 'Super': 1, 'Slow': 2}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'minProperties',"
            f" specifiedAs: {{minProperties: 10}}, reason: '{_NPROP}', numberOfProperties: 3}}]}}"
        ),
    ),
    # patternProperties and additionalProperties (schema)
    (
        "JSONSchemaValidation.PatternPropertiesAndAdditionalPropertiesSchema",
        (
            "{'patternProperties': {'^S': {'type': 'number', title: 'properties starting with S',"
            " description: 'property should be of integer type'}},"
            " 'additionalProperties': {'type': 'string', title: 'additional properties',"
            " description: 'additional properties are strings'}}"
        ),
        "{'Super': 1, 'Slow': 'oh no a string', b: 1}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'additionalProperties',"
        " title: 'additional properties', description: 'additional properties are strings',"
        f" reason: '{_AP}', failingProperty: 'b', details: ["
        + _type("type", "'string'", "1", "int")
        + "]}, {operatorName: 'patternProperties', details: [{propertyName: 'Slow',"
        " title: 'properties starting with S', description: 'property should be of integer type',"
        " regexMatched: '^S', details: ["
        + _type("type", "'number'", "'oh no a string'", "string")
        + "]}]}]}",
    ),
    (
        "JSONSchemaValidation.PatternPropertiesAndAdditionalPropertiesSchemaOnlyPatternPropertiesFails",
        "{'properties': {_id: {}}, 'patternProperties': {'^S': {'type': 'number'}}, 'additionalProperties': {'type': 'string'}}",
        "{_id: 1, 'Super': 1, 'Slow': 'oh no a string', b: 'actually a string!'}",
        "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'patternProperties', details: ["
        "{propertyName: 'Slow', regexMatched: '^S', details: ["
        + _type("type", "'number'", "'oh no a string'", "string")
        + "]}]}]}",
    ),
    (
        "JSONSchemaValidation.PatternPropertiesAndAdditionalPropertiesSchemaOnlyAdditionalPropertiesFails",
        "{'patternProperties': {'^S': {'type': 'number'}}, 'additionalProperties': {'type': 'string'}}",
        "{'Super': 1, 'Slow': 2, 'b': 1}",
        f"{{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{{operatorName: 'additionalProperties',"
        f" reason: '{_AP}', failingProperty: 'b', details: ["
        + _type("type", "'string'", "1", "int")
        + "]}]}",
    ),
    (
        "JSONSchemaValidation.PatternPropertiesAndAdditionalPropertiesSchemaNeitherFail",
        "{'minProperties': 10, 'patternProperties': {'^S': {'type': 'number'}}, 'additionalProperties': {'type': 'number'}}",
        "{'_id': 1, 'Super': 1, 'Slow': 2, 'b': 1}",
        (
            "{operatorName: '$jsonSchema', schemaRulesNotSatisfied: [{operatorName: 'minProperties',"
            f" specifiedAs: {{minProperties: 10}}, reason: '{_NPROP}', numberOfProperties: 4}}]}}"
        ),
    ),
    # required
    (
        "JSONSchemaValidation.BasicRequired",
        "{required: ['a','b','c']}",
        "{'c': 1, 'd': 2}",
        _req("['a','b','c']", "['a', 'b']"),
    ),
    (
        "JSONSchemaValidation.RequiredMixedWithProperties",
        "{'properties': {'a': {minimum: 2}, 'd': {maximum: 5}}, 'required': ['a','b','c']}",
        "{'c': 1, 'b': 2}",
        _req("['a','b','c']", "['a']"),
    ),
    (
        "JSONSchemaValidation.RequiredNested",
        "{'properties': {'topLevelField': {'required': ['a','b','c']}}}",
        "{'topLevelField': {'c': 1, 'd': 2}}",
        _prop(
            "{propertyName: 'topLevelField', details: [{operatorName: 'required',"
            " specifiedAs: {required: ['a','b','c']}, missingProperties: ['a', 'b']}]}"
        ),
    ),
]

#: Tests of that file that are not about ``$jsonSchema`` details and are not ported.
NOT_PORTED = {
    "JSONSchemaValidation.InternalSchemaObjectMatchDottedPathsHandledCorrectly": (
        "a bare $_internalSchemaObjectMatch query, not a $jsonSchema validator"
    ),
}

#: ``jstests/core/doc_validation/doc_validation_error.js`` (mongodb/mongo, commit 4be00f9aef88):
#: the ``$jsonSchema`` cases, inserted through the shell. JavaScript numbers are doubles unless
#: written ``NumberInt("...")``; the shell gives the document an ObjectId ``_id`` first, as
#: ``explain`` assumes. A schema named ``schemastore:<file>`` is the file of
#: ``src/third_party/schemastore.org/src/schemas/json/`` the test loads (copied in
#: ``fixtures/server_details/schemastore/``; JSON.parse makes its numbers doubles).
JS_SOURCE = "jstests/core/doc_validation/doc_validation_error.js"
JS_COMMIT = "4be00f9aef88e082f0ef170873fb5c7e30da1c1c"

JS_CASES: list[tuple[str, str, str, str | None]] = [
    (
        "Node structure validation",
        (
            '{bsonType: "object", required: ["_id"], properties: {parent: {bsonType: ["string", "null"],'
            ' description: "must be a string"}, children: {bsonType: ["array"], items: {bsonType: ["string"]},'
            ' minItems: 0, maxItems: 2, description: "must be an array of string and max is 2"}}}'
        ),
        '{_id: "Languages", children: 2, parent: "Programming"}',
        (
            '{operatorName: "$jsonSchema", schemaRulesNotSatisfied: [{operatorName: "properties",'
            ' propertiesNotSatisfied: [{propertyName: "children", description: "must be an array of string and max is 2",'
            ' details: [{operatorName: "bsonType", specifiedAs: {bsonType: ["array"]}, reason: "type did not match",'
            ' consideredValue: 2, consideredType: "double"}]}]}]}'
        ),
    ),
    (
        "array of enums",
        (
            '{properties: {values: {bsonType: "array", items: {bsonType: "string", enum: ["one", "two", "three"]},'
            " minItems: 1, uniqueItems: true}}}"
        ),
        '{values: ["two", "two"]}',
        (
            '{operatorName: "$jsonSchema", schemaRulesNotSatisfied: [{operatorName: "properties",'
            ' propertiesNotSatisfied: [{propertyName: "values", details: [{operatorName: "uniqueItems",'
            ' specifiedAs: {uniqueItems: true}, reason: "found a duplicate item", consideredValue: ["two", "two"],'
            ' duplicatedValue: "two"}]}]}]}'
        ),
    ),
    (
        "Students collection",
        (
            '{bsonType: "object", required: ["name", "year", "major", "address"], properties: {'
            ' name: {bsonType: "string", description: "must be a string and is required"},'
            ' year: {bsonType: "int", minimum: 2017, maximum: 3017,'
            ' description: "must be an integer in [ 2017, 3017 ] and is required"},'
            ' major: {enum: ["Math", "English", "Computer Science", "History", null],'
            ' description: "can only be one of the enum values and is required"},'
            ' gpa: {bsonType: ["double"], description: "must be a double if the field exists"},'
            ' address: {bsonType: "object", required: ["city"], properties: {'
            ' street: {bsonType: "string", description: "must be a string if the field exists"},'
            ' city: {bsonType: "string", description: "must be a string and is required"}}}}}'
        ),
        (
            '{year: NumberInt("2020"), major: "Software Engineering", gpa: 5,'
            ' address: {city: "NYC", street: NumberInt("5")}}'
        ),
        (
            '{operatorName: "$jsonSchema", schemaRulesNotSatisfied: [{operatorName: "properties",'
            ' propertiesNotSatisfied: [{propertyName: "major",'
            ' description: "can only be one of the enum values and is required", details: [{operatorName: "enum",'
            ' specifiedAs: {enum: ["Math", "English", "Computer Science", "History", null]},'
            ' reason: "value was not found in enum", consideredValue: "Software Engineering"}]},'
            ' {propertyName: "address", details: [{operatorName: "properties", propertiesNotSatisfied: ['
            '{propertyName: "street", description: "must be a string if the field exists", details: ['
            '{operatorName: "bsonType", specifiedAs: {bsonType: "string"}, reason: "type did not match",'
            ' consideredValue: NumberInt("5"), consideredType: "int"}]}]}]}]},'
            ' {operatorName: "required", specifiedAs: {required: ["name", "year", "major", "address"]},'
            ' missingProperties: ["name"]}]}'
        ),
    ),
    (
        "Contacts 2",
        # The test writes the pattern "@mongodb\.com$" in a JavaScript string: "\." is ".".
        (
            '{bsonType: "object", required: ["phone"], properties: {'
            ' phone: {bsonType: "string", description: "must be a string and is required"},'
            ' email: {bsonType: "string", pattern: "@mongodb.com$",'
            ' description: "must be a string and match the regular expression pattern"},'
            ' status: {enum: ["Unknown", "Incomplete"], description: "can only be one of the enum values"}}}'
        ),
        '{email: "info@mongodb.com", status: "Complete"}',
        (
            '{operatorName: "$jsonSchema", schemaRulesNotSatisfied: [{operatorName: "properties",'
            ' propertiesNotSatisfied: [{propertyName: "status", description: "can only be one of the enum values",'
            ' details: [{operatorName: "enum", specifiedAs: {enum: ["Unknown", "Incomplete"]},'
            ' reason: "value was not found in enum", consideredValue: "Complete"}]}]},'
            ' {operatorName: "required", specifiedAs: {required: ["phone"]}, missingProperties: ["phone"]}]}'
        ),
    ),
    (
        "component.json",
        "schemastore:component.json",
        (
            '{private: 0, name: "Mongo", description: "DB", version: NumberInt("1"), keywords: [],'
            ' main: "index.js", scripts: [1, 2], dependencies: NumberInt("2")}'
        ),
        (
            '{operatorName: "$jsonSchema", title: "JSON schema for component.json files",'
            ' schemaRulesNotSatisfied: [{operatorName: "properties", propertiesNotSatisfied: ['
            '{propertyName: "private", description: "A boolean specifying whether the component is private,'
            ' defaulting to    false.", details: [{operatorName: "type", specifiedAs: {type: "boolean"},'
            ' reason: "type did not match", consideredValue: 0, consideredType: "double"}]},'
            ' {propertyName: "name", description: "A public component MUST have a \'name\'. This is what will be'
            ' passed to    require().", details: [{operatorName: "pattern", specifiedAs: {pattern: "^[0-9a-z-_]+$"},'
            ' reason: "regular expression did not match", consideredValue: "Mongo"}]},'
            ' {propertyName: "version", description: "The public component MUST include a version, allowing other'
            ' scripts to depend on specific releases of the component.", details: [{operatorName: "type",'
            ' specifiedAs: {type: "string"}, reason: "type did not match", consideredValue: NumberInt("1"),'
            ' consideredType: "int"}]},'
            ' {propertyName: "scripts", description: "The    scripts    field explicitly specifies the scripts for'
            " this component. For public components, these must be regular JavaScript files. For private"
            ' components, these should be regular Javascript files.", details: [{operatorName: "items",'
            ' reason: "At least one item did not match the sub-schema", itemIndex: NumberInt("0"), details: ['
            '{operatorName: "type", specifiedAs: {type: "string"}, reason: "type did not match",'
            ' consideredValue: 1, consideredType: "double"}]}]},'
            ' {propertyName: "dependencies", description: "Runtime dependencies.", details: [{operatorName: "type",'
            ' specifiedAs: {type: "object"}, reason: "type did not match", consideredValue: NumberInt("2"),'
            ' consideredType: "int"}]}]}]}'
        ),
    ),
    (
        "LLVM compilation database",
        "schemastore:compile-commands.json",
        '{commands: [{directory: "/etc", file: "hosts"}, {directory: "/etc", arguments: [NumberInt("5")]}]}',
        (
            '{operatorName: "$jsonSchema", title: "LLVM compilation database", description: "Describes a format'
            ' for specifying how to replay single compilations independently of the build system",'
            ' schemaRulesNotSatisfied: [{operatorName: "properties", propertiesNotSatisfied: [{propertyName:'
            ' "commands", details: [{operatorName: "items", reason: "At least one item did not match the'
            ' sub-schema", itemIndex: NumberInt("0"), details: [{operatorName: "anyOf", schemasNotSatisfied: ['
            '{index: NumberInt("0"), details: [{operatorName: "required", specifiedAs: {required: ["directory",'
            ' "file", "command"]}, missingProperties: ["command"]}]}, {index: NumberInt("1"), details: ['
            '{operatorName: "required", specifiedAs: {required: ["directory", "file", "arguments"]},'
            ' missingProperties: ["arguments"]}]}]}]}]}]}]}'
        ),
    ),
    (
        "adonisrc.schema.json",
        "schemastore:adonisrc.schema.json",
        (
            '{preloads: ["PREL1", {file: "file1", environment: ["web", "console"]},'
            ' {file: "file1", environment: ["web", "console"]}, {file: "file2", dir: true}],'
            ' providers: ["A", "B", "C", "B"]}'
        ),
        (
            '{operatorName: "$jsonSchema", schemaRulesNotSatisfied: [{operatorName: "properties",'
            ' propertiesNotSatisfied: [{propertyName: "preloads", details: [{operatorName: "uniqueItems",'
            ' specifiedAs: {uniqueItems: true}, reason: "found a duplicate item", consideredValue: ["PREL1",'
            ' {file: "file1", environment: ["web", "console"]}, {file: "file1", environment: ["web", "console"]},'
            ' {file: "file2", dir: true}], duplicatedValue: {file: "file1", environment: ["web", "console"]}},'
            ' {operatorName: "items", reason: "At least one item did not match the sub-schema",'
            ' itemIndex: NumberInt("3"), details: [{operatorName: "oneOf", schemasNotSatisfied: ['
            '{index: NumberInt("0"), details: [{operatorName: "type", specifiedAs: {type: "string"},'
            ' reason: "type did not match", consideredValue: {file: "file2", dir: true}, consideredType: "object"}]},'
            ' {index: NumberInt("1"), details: [{operatorName: "additionalProperties",'
            ' specifiedAs: {additionalProperties: false}, additionalProperties: ["dir"]}]}]}]}]},'
            ' {propertyName: "providers", details: [{operatorName: "uniqueItems", specifiedAs: {uniqueItems: true},'
            ' reason: "found a duplicate item", consideredValue: ["A", "B", "C", "B"], duplicatedValue: "B"}]}]},'
            ' {operatorName: "required", specifiedAs: {required: ["typescript", "providers"]},'
            ' missingProperties: ["typescript"]}]}'
        ),
    ),
]

#: Cases of that file that are not ``$jsonSchema`` validators (``$expr``, ``$or``): not ported.
JS_NOT_PORTED = ("Duplicate check in an array", "Contacts")
