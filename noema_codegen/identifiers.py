"""The identifier policy: MongoDB names -> the Python names of the generated package.

One rule, used by every renderer (models, repositories) and checked by lint:

* ``attribute_name``: a MongoDB field name -> the model attribute (and repository
  ``TypedDict`` key / parameter). ``_id`` -> ``id``; camelCase -> snake_case; lower case;
  every character outside ``[a-z0-9_]`` becomes ``_`` (ASCII) or ``_u<hex>_`` (other);
  leading ``_`` are dropped (pydantic makes them private); a leading digit gets ``field_``;
  a name pydantic reserves (``model_*``) gets the prefix ``field_``; a keyword, a
  ``BaseModel`` attribute, a builtin the annotations use or a repository parameter name gets
  a trailing ``_``. Soft keywords (``type``, ``match``, ``case``) are identifiers and stay. The MongoDB
  name is always kept as the alias. The rule is idempotent (an attribute maps to itself).
* ``class_name_problem`` / ``module_name_problem``: what is wrong with an ``x-noema``
  model or module name (``None`` when it is usable).
* ``collection_name_problem``: MongoDB's own rules for a collection name.

Two fields of one object whose attributes are equal are a lint error (``lint.names``),
never a silently renamed ``_1``.
"""

from __future__ import annotations

import keyword
import re
from typing import Final

ASCII_WORD: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
SPECIAL_PREFIX: Final = "field"

BASE_MODEL_ATTRIBUTES: Final = frozenset(
    {
        # pydantic.BaseModel's public (v1 compatible) methods and attributes
        "construct",
        "copy",
        "dict",
        "fields",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        # <package>._runtime.document_model
        "from_document",
        "to_document",
    }
)
"""Attributes of the generated models' base classes a field must not shadow."""

SHADOWED_BUILTINS: Final = frozenset(
    {"bool", "bytes", "dict", "float", "int", "list", "object", "set", "str", "tuple"}
)
"""Builtins the generated annotations use: a field with that name would shadow them."""

REPOSITORY_PARAMETERS: Final = frozenset({"self", "set", "unset", "inc"})
"""Parameter names of the repository methods that take the primary key by attribute."""

IMPORTED_NAMES: Final = frozenset(
    {
        # the model modules
        "AliasChoices",
        "Annotated",
        "Any",
        "ConfigDict",
        "Field",
        "Literal",
        "MISSING",
        "ObjectId",
        "DocumentModel",
        "EmbeddedModel",
        "BaseModel",
        "ObjectIdT",
        "DateT",
        "DecimalT",
        "LongT",
        "Int32T",
        "DoubleT",
        "NumberT",
        "BinaryT",
        "TimestampT",
        "RegexT",
        "JavascriptT",
        "MinKeyT",
        "MaxKeyT",
        # the repository modules
        "AsyncIterator",
        "Iterator",
        "Required",
        "Iterable",
        "Mapping",
        "Sequence",
        "TypedDict",
        "Decimal",
        "AsyncClientSession",
        "ClientSession",
        "AsyncRepository",
        "Repository",
        "Condition",
        "CollectionSpec",
        "DocumentValidationError",
        "IdentityChangeError",
        "AppendOnlyError",
        "FieldSpec",
        "PageIndex",
        "SkippedDocument",
        "SortDirection",
        "ValueCodec",
        "Page",
        "AccountNotFound",
        "CreditError",
        "CreditResult",
        "IdempotencyConflict",
        "InsufficientCredit",
        "LedgerSpec",
        "LedgerDiscrepancy",
        "LedgerReport",
        "RepairReport",
        # module-level constants of the repository modules
        "SPEC",
        "LEDGER",
        "LEDGER_CODEC",
        "LEDGER_MODEL_SPEC",
    }
)
"""Names the generated model and repository modules import or define beside the model
(a model or nested class with one of these names would shadow it)."""

CLASS_NAME: Final = re.compile(r"[A-Z][A-Za-z0-9]*")
MODULE_NAME: Final = re.compile(r"[a-z][a-z0-9_]*")
MAX_NAME_LENGTH: Final = 64
"""Longest model or module name: file names are ``<module>.py`` and class names grow
suffixes (``Async<Model>Repository``); 64 keeps every path far below 255 bytes."""

MAX_NAMESPACE_BYTES: Final = 255
"""MongoDB's limit on ``<database>.<collection>`` in UTF-8 bytes (FCV 4.4 and later)."""


def _snake(name: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    text = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", text)
    return text.lower()


def _ascii_word(text: str) -> str:
    return "".join(
        char if char in ASCII_WORD else ("_" if char.isascii() else f"_u{ord(char):x}_")
        for char in text
    )


def is_reserved_attribute(name: str) -> bool:
    """True when ``name`` cannot be a model attribute as it is."""
    return (
        keyword.iskeyword(name)
        or name in BASE_MODEL_ATTRIBUTES
        or name in SHADOWED_BUILTINS
        or name in REPOSITORY_PARAMETERS
    )


def attribute_name(field: str) -> str:
    """The Python attribute of the MongoDB field ``field`` (see the module docstring)."""
    if field == "_id":
        return "id"
    text = _ascii_word(_snake(field)).lstrip("_")
    if not text:
        return SPECIAL_PREFIX
    if text[0].isdigit() or text.startswith("model_"):
        text = f"{SPECIAL_PREFIX}_{text}"
    if is_reserved_attribute(text):
        text += "_"
    return text


def class_name(field: str) -> str:
    """A nested model's class name from its field name (``apiKeys`` -> ``ApiKeys``).

    ASCII only; a name the generated module imports gets the suffix ``Model``."""
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", field.replace("_", " "))
    joined = "".join(word[:1].upper() + word[1:] for word in words)
    if not joined or joined[0].isdigit():
        joined = "Item" + joined
    return unshadowed(joined)


def unshadowed(name: str) -> str:
    """``name``, or ``name + "Model"`` when the generated module imports ``name``."""
    return name + "Model" if name in IMPORTED_NAMES else name


REPOSITORY_SUFFIXES: Final = (
    "Field",
    "Filter",
    "Update",
    "Increment",
    "PageIndex",
    "Unsettable",
    "Repository",
)
"""``<Model><suffix>``: the names a repository module defines beside its enum aliases."""


def enum_alias_name(model: str, field: str, taken: set[str]) -> str:
    """``<Model><Field>`` for a field's ``Literal`` alias in the repository module
    (``UserSession`` + ``endReason`` -> ``UserSessionEndReason``); ``Values`` is appended
    while the name is one the module defines otherwise or already ``taken``."""
    pascal = "".join(part[:1].upper() + part[1:] for part in attribute_name(field).split("_"))
    name = model + pascal
    reserved = {model + suffix for suffix in REPOSITORY_SUFFIXES} | {model} | IMPORTED_NAMES
    while name in reserved or name in taken:
        name += "Values"
    return name


REPOSITORY_MEMBERS: Final = frozenset(
    {
        "insert_one",
        "insert_many",
        "get",
        "find",
        "find_one",
        "find_page",
        "iter_find",
        "update",
        "update_many",
        "delete",
        "delete_many",
        "count",
        "exists",
        "skipped",
        "spec",
        "model",
    }
)
"""Members of every generated repository class (a named query must not replace one). The
methods a declared ledger adds are checked where it is declared (``ir.ledger``)."""

BUILDER_NAMES: Final = frozenset(
    {
        "codec",
        "query",
        "update",
        "path_segment",
        "to_bson",
        "array_filters",
        "document",
        "now",
        "utc_now",
        "present",
        "lower_when",
    }
)
"""Names a named query's builder function uses beside its parameters (plus ``range_<n>``)."""


def query_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a named query's method name, or None."""
    if keyword.iskeyword(name):
        return f"query name {name!r} is a Python keyword; rename the query"
    if name in REPOSITORY_MEMBERS:
        return f"query name {name!r} would replace the repository's own {name!r}; rename the query"
    return None


def parameter_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a named query's parameter, or None (see also RESERVED_PARAMS
    in ``ir.queries``)."""
    if keyword.iskeyword(name):
        return f"parameter name {name!r} is a Python keyword"
    if name in BUILDER_NAMES or re.fullmatch(r"range_\d+", name):
        return f"parameter name {name!r} is used by the generated query code"
    return None


def repository_class_names(model: str) -> tuple[str, ...]:
    """The classes ``<package>.models`` and ``<package>.repositories`` export for a model."""
    return (model, f"{model}Repository", f"Async{model}Repository")


def class_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a generated model class name, or None."""
    if CLASS_NAME.fullmatch(name) is None:
        return (
            f"model {name!r} is not a class name: use ASCII letters and digits, "
            "starting with an upper-case letter (e.g. 'UserSession')"
        )
    if len(name) > MAX_NAME_LENGTH:
        return f"model name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}"
    if name in IMPORTED_NAMES:
        return (
            f"model {name!r} would shadow a name the generated code imports; "
            f"choose another (e.g. '{name}Document')"
        )
    return None


def module_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a generated module name, or None."""
    if MODULE_NAME.fullmatch(name) is None:
        return (
            f"module {name!r} is not a module name: use lower-case ASCII letters, "
            "digits and '_', starting with a letter (e.g. 'user_session')"
        )
    if len(name) > MAX_NAME_LENGTH:
        return f"module name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}"
    if keyword.iskeyword(name):
        return f"module {name!r} is a Python keyword and cannot be imported; add a suffix"
    return None


def module_name_of(model: str) -> str:
    """The default module of a model (``UserSession`` -> ``user_session``)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", model).lower()


def collection_name_problem(name: str) -> str | None:
    """Why MongoDB refuses ``name`` as a collection name, or None.

    The rules are the server's (src/mongo/db/namespace_string.h and .cpp,
    ``NamespaceString::validCollectionName`` and the 255-byte namespace limit)."""
    if not name:
        return "a collection name cannot be empty"
    if "\x00" in name:
        return "a collection name cannot contain the NUL character"
    if "$" in name:
        return "a collection name cannot contain '$'"
    if name.startswith("system."):
        return "collection names starting with 'system.' are reserved by MongoDB"
    if name.startswith("."):
        return "a collection name cannot start with '.'"
    size = len(name.encode("utf-8", "surrogatepass"))
    if size + 2 > MAX_NAMESPACE_BYTES:
        return (
            f"the collection name is {size} bytes; MongoDB limits <database>.<collection> "
            f"to {MAX_NAMESPACE_BYTES} bytes, so even a one-letter database leaves "
            f"{MAX_NAMESPACE_BYTES - 2} for it"
        )
    return None


MAX_DATABASE_NAME_BYTES = 63
"""``DatabaseName::kMaxDatabaseNameLength`` in mongo/src/mongo/db/database_name.h."""
_DATABASE_NAME_FORBIDDEN = '/\\. "$\x00'


def database_name_problem(name: str) -> str | None:
    """Why the server would refuse ``name`` as a database name, or None.

    Rules of ``NamespaceString::validDBName`` (mongo/src/mongo/db/namespace_string.h): not
    empty, at most 63 bytes, none of ``/ \\ . " $``, a space or NUL. Checked before any driver
    call, whose error would otherwise quote the name (a URI typed as ``--db`` included).
    """
    if not name:
        return "a database name cannot be empty"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_DATABASE_NAME_BYTES:
        return f"a database name has at most {MAX_DATABASE_NAME_BYTES} bytes"
    bad = sorted({c for c in name if c in _DATABASE_NAME_FORBIDDEN})
    if bad:
        shown = " ".join("space" if c == " " else "NUL" if c == "\x00" else c for c in bad)
        return f"a database name cannot contain {shown}"
    return None
