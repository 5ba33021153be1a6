"""URI checks and redaction (pure): every URI shape a user may type, with its password.

The rules for what must be percent-encoded come from the MongoDB connection string
specification (mongodb/specifications, source/connection-string/connection-string-spec.md:
"the user information ... MUST be URL encoded" for ``: / ? # [ ] @``, and ``%`` is only valid
as part of a ``%XX`` escape). Messages asserted here are our own.
"""

from __future__ import annotations

from urllib.parse import quote, quote_plus

import pytest

from noema_codegen.connection.errors import BadUri, CannotConnect
from noema_codegen.connection.uri import (
    Redactor,
    check_uri,
    has_unescaped_userinfo,
    redact_uri,
    uri_timeouts_ms,
)
from noema_codegen.identifiers import database_name_problem

SECRET = "Hunter2xyz"


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("mongodb://u:Hunter2xyz@h:1/db", "mongodb://***:***@h:1/db"),
        ("mongodb+srv://u:Hunter2xyz@c.example.net/", "mongodb+srv://***:***@c.example.net/"),
        ("mongo://u:Hunter2xyz@h:1/", "mongo://***:***@h:1/"),
        ("http://u:Hunter2xyz@h", "http://***:***@h"),
        ("mongodb:/u:Hunter2xyz@h", "mongodb:/***:***@h"),
        ("mongodb:///u:Hunter2xyz@h", "mongodb:///***:***@h"),
        ("u:Hunter2xyz@h:1", "***:***@h:1"),
        ("mongo:u:Hunter2xyz@h", "***:***@h"),
        ("mongodb://u:Hunter2/xyz@h:1/", "mongodb://***:***@h:1/"),
        ("mongodb://u:Hunter2@xyz@h:1/", "mongodb://***:***@h:1/"),
        ("mongodb://u:Hunter2xyz@[::1]:27017/", "mongodb://***:***@[::1]:27017/"),
    ],
)
def test_every_uri_shape_has_its_userinfo_masked(uri: str, shown: str) -> None:
    assert redact_uri(uri) == shown
    assert Redactor(uri)(f"failed: {uri}") == f"failed: {shown}"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("'mongodb://u:Hunter2xyz@h'", "'mongodb://***:***@h'"),
        ("host=mongodb://u:Hunter2xyz@h, x", "host=mongodb://***:***@h, x"),
        ("seeds u:Hunter2xyz@h1 v:Hunter2xyz@h2", "seeds ***:***@h1 ***:***@h2"),
        ("unknown collection 'u:Hunter2xyz@h'", "unknown collection '***:***@h'"),
    ],
)
def test_userinfo_quoted_inside_any_message_is_masked(text: str, shown: str) -> None:
    assert redact_uri(text) == shown


def test_text_without_credentials_is_left_alone() -> None:
    text = "no server answered within 3 s (h:1: connection refused)"
    assert Redactor("mongodb://h:1")(text) == text
    assert redact_uri(text) == text


def test_secret_option_values_are_masked() -> None:
    uri = (
        "mongodb://h/?tlsCertificateKeyFilePassword=Hunter2xyz"
        "&authMechanismProperties=AWS_SESSION_TOKEN:Hunter2xyz"
    )
    shown = Redactor(uri)(uri)
    assert SECRET not in shown
    assert "tlsCertificateKeyFilePassword=***" in shown
    assert Redactor(uri)("token Hunter2xyz expired") == "token *** expired"


@pytest.mark.parametrize(
    "encoded",
    [
        quote_plus("p@ss w/rd:#%"),
        quote("p@ss w/rd:#%", safe=""),
        quote("p@ss w/rd:#%", safe="").lower(),  # %2f as well as %2F
    ],
)
def test_the_password_is_masked_decoded_and_reencoded(encoded: str) -> None:
    uri = f"mongodb://app:{encoded}@h:1/"
    redact = Redactor(uri)
    for form in ("p@ss w/rd:#%", quote_plus("p@ss w/rd:#%"), quote("p@ss w/rd:#%", safe="")):
        assert form not in redact(f"the driver said {form!r} and {form.upper()}")


@pytest.mark.parametrize("password", ["a", "1", "27017", "admin", "mongodb"])
def test_short_or_common_passwords_never_appear_even_at_the_cost_of_overmasking(
    password: str,
) -> None:
    uri = f"mongodb://admin:{password}@127.0.0.1:27017/admin"
    shown = Redactor(uri)(f"cannot reach MongoDB at {uri}: 127.0.0.1:27017 refused")
    assert password not in shown


def test_the_user_name_alone_is_not_masked_outside_the_userinfo() -> None:
    redact = Redactor("mongodb://admin:Hunter2xyz@h/")
    assert redact("authSource admin") == "authSource admin"


def test_a_message_quoting_part_of_the_password_is_recognised() -> None:
    redact = Redactor("mongodb://user:p@xyzzy42@h:27017/")
    assert redact.may_echo_credentials("Bad database name 'XYZZY42'")
    assert not redact.may_echo_credentials("Port contains non-digit characters; user name")


@pytest.mark.parametrize(
    "uri",
    [
        "mongo://u:Hunter2xyz@h:1/",
        "http://u:Hunter2xyz@h",
        "mongodb:/u:Hunter2xyz@h",
        "u:Hunter2xyz@h:1",
        "MONGODB://u:Hunter2xyz@h",
        "",
        "   ",
    ],
)
def test_a_wrong_or_missing_scheme_is_refused_with_the_fix(uri: str) -> None:
    with pytest.raises(BadUri) as info:
        check_uri(uri)
    assert "use mongodb:// or mongodb+srv://" in str(info.value)
    assert SECRET not in str(info.value)


def test_a_uri_without_a_host_is_refused() -> None:
    with pytest.raises(BadUri, match="names no host") as info:
        check_uri("mongodb:///u:Hunter2xyz@h")
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(
    "userinfo",
    ["u:Hunter/2xyz", "u:Hunter@2xyz", "u:Hunter:2xyz", "u:Hun%ter2xyz", "u:Hunter?2xyz",
     "u:Hunter#2", "u:Hunter[2]", "u@x:Hunter2xyz"],
)  # fmt: skip
def test_unencoded_reserved_characters_in_the_userinfo_are_refused(userinfo: str) -> None:
    uri = f"mongodb://{userinfo}@h:27017/"
    assert has_unescaped_userinfo(uri)
    with pytest.raises(BadUri, match="percent-encode") as info:
        check_uri(uri)
    assert "Hunter" not in str(info.value)


@pytest.mark.parametrize(
    "uri",
    [
        "mongodb://h:27017",
        "mongodb://u:Hunter%2F2%40xyz@h:27017/db?authSource=admin",
        "mongodb://u:Hunter2xyz@[::1]:27017,h2/?replicaSet=rs",
        "mongodb+srv://u:Hunter2xyz@cluster.example.net/?retryWrites=true",
        "  mongodb://h:27017\n",
    ],
)
def test_valid_uris_pass_the_checks(uri: str) -> None:
    assert check_uri(uri) == uri.strip()


def test_timeouts_in_the_uri_are_read_case_insensitively() -> None:
    uri = "mongodb://h/?serverselectiontimeoutms=250&connectTimeoutMS=100;w=1"
    assert uri_timeouts_ms(uri) == {"serverSelectionTimeoutMS": 250.0, "connectTimeoutMS": 100.0}
    assert uri_timeouts_ms("mongodb://h/") == {}


@pytest.mark.parametrize("value", ["abc", "-1", "inf", "nan", ""])
def test_a_timeout_option_that_is_not_milliseconds_is_refused(value: str) -> None:
    with pytest.raises(BadUri, match="serverSelectionTimeoutMS must be a number") as info:
        check_uri(f"mongodb://u:Hunter2xyz@h/?serverSelectionTimeoutMS={value}")
    assert SECRET not in str(info.value)


def test_bad_uri_is_a_connection_problem() -> None:
    assert issubclass(BadUri, CannotConnect)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "empty"),
        ("a" * 64, "63 bytes"),
        ("é" * 32, "63 bytes"),  # bytes, not characters
        ("no.dots", "cannot contain ."),
        ("no space", "cannot contain space"),
        ("a/b", "cannot contain /"),
        ("a\\b", "cannot contain \\"),
        ('a"b', 'cannot contain "'),
        ("a$b", "cannot contain $"),
        ("a\x00b", "cannot contain NUL"),
    ],
)
def test_database_names_the_server_refuses_are_refused_first(name: str, problem: str) -> None:
    # NamespaceString::validDBName and DatabaseName::kMaxDatabaseNameLength (63) in
    # mongo/src/mongo/db/namespace_string.h and database_name.h.
    message = database_name_problem(name)
    assert message is not None and problem in message


@pytest.mark.parametrize("name", ["noema", "a" * 63, "noema-test_1", "é" * 31])
def test_ordinary_database_names_pass(name: str) -> None:
    assert database_name_problem(name) is None
