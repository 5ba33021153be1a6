"""Property: whatever URI a user gives, no command prints its password, and none crashes.

Every command that takes a URI runs in-process (click's CliRunner) with a URI drawn from many
shapes (valid, no scheme, wrong scheme, unencoded ``@ / : % ? #``, IPv6, ``mongodb+srv``, query
options) around a random password, given by ``--uri``, by ``$NOEMA_MONGODB_URI``, or by
mistake as an extra argument or as ``--db``. No server is
contacted: hosts are 127.0.0.1 / [::1] port 1 (nothing listens) or names under ``.invalid``
(RFC 2606: they never resolve), and every connection waits at most 50 ms.

Asserted: the password, raw and percent-encoded, and each recognisable run of it appear in no
output (stdout, stderr, file descriptors) and no exception text; no traceback; exit 2 (bad
input: bad URI or unusable connection), or 1 under ``plan --detailed-exitcode``.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.cli import main
from noema_codegen.config import load_config

URI_ENV = load_config().uri_env  # $NOEMA_MONGODB_URI: this repository's [tool.noema-codegen]

# Letters that make a password recognisable in any output (no word or number uses them so).
RECOGNISABLE = "QXZqxzJ"
SPECIALS = "@/:%?#[]! +"
HOSTS = ["127.0.0.1:1", "[::1]:1", "db.noema.invalid:1", "127.0.0.1:1,db2.noema.invalid:1"]
OPTIONS = [
    "",
    "?authSource=admin",
    "?replicaSet=rs0&readPreference=secondary",
    "?unknownOption=1",
    "?tls=true&tlsCAFile=/nonexistent/ca.pem",
    "?serverSelectionTimeoutMS=50&connectTimeoutMS=50",
    "?authMechanism=SCRAM-SHA-256&appName=noema test",
]
COMMANDS = {
    "snapshot": ["snapshot"],
    "plan": ["plan", "--schemas", "schemas"],
    "plan-detailed": ["plan", "--schemas", "schemas", "--detailed-exitcode"],
    "apply-validators": ["apply-validators", "--schemas", "schemas", "--dry-run"],
    "check-references": ["check-references", "--schemas", "schemas", "--format", "json"],
    "validate": ["validate", "userCore", "--schemas", "schemas", "--format", "json"],
    "migrate": ["migrate", "--schemas", "schemas", "--dry-run"],
}


@dataclass(frozen=True)
class Case:
    uri: str
    password: str
    chunks: tuple[str, ...]  # recognisable runs of the password (4+ characters each)


chunk = st.text(alphabet=RECOGNISABLE, min_size=4, max_size=8)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    chunks = draw(st.lists(chunk, min_size=1, max_size=3))
    glue = draw(st.lists(st.text(alphabet=SPECIALS, max_size=2), min_size=len(chunks) - 1,
                         max_size=len(chunks) - 1))  # fmt: skip
    password = chunks[0] + "".join(g + c for g, c in zip(glue, chunks[1:], strict=True))
    user = draw(st.sampled_from(["app", "admin", "user@corp", "u"]))
    host = draw(st.sampled_from(HOSTS))
    options = draw(st.sampled_from(OPTIONS))
    encoded = f"{quote_plus(user)}:{quote_plus(password)}"
    raw = f"{user}:{password}"
    shape = draw(st.sampled_from(
        ["valid", "valid", "raw", "srv", "no-scheme", "mongo", "http", "one-slash",
         "three-slashes", "upper", "padded"]
    ))  # fmt: skip
    uri = {
        "valid": f"mongodb://{encoded}@{host}/noema{options}",
        "raw": f"mongodb://{raw}@{host}/{options}",  # unencoded characters, if any
        "srv": f"mongodb+srv://{encoded}@cluster0.noema.invalid/{options}",
        "no-scheme": f"{raw}@{host}/",
        "mongo": f"mongo://{encoded}@{host}/",
        "http": f"http://{raw}@{host}",
        "one-slash": f"mongodb:/{raw}@{host}",
        "three-slashes": f"mongodb:///{encoded}@{host}",
        "upper": f"MONGODB://{encoded}@{host}/",
        "padded": f"  mongodb://{encoded}@{host}/{options}\n",
    }[shape]
    return Case(uri, password, tuple(chunks))


def _forbidden(case: Case) -> list[str]:
    forms = {case.password, quote(case.password, safe=""), quote_plus(case.password)}
    return sorted(forms | set(case.chunks), key=len, reverse=True)


PLACES = ["--uri", "--uri", "env", "extra-argument", "--db"]
HARMLESS = "mongodb://127.0.0.1:1/"


def _run(args: list[str], case: Case, place: str, pymongo_wait: float) -> tuple[int, str, str]:
    """Exit code, the output, and the exception's text (repr and formatted traceback).

    ``place`` is where the URI goes: ``--uri``, ``$NOEMA_MONGODB_URI``, or by mistake an extra
    argument (a FILE for validate) or the value of ``--db``.
    """
    env = {URI_ENV: case.uri if place == "env" else ""}
    if place == "--uri":
        args = [*args, "--uri", case.uri]
    elif place == "--db":
        args = [*args, "--uri", HARMLESS, "--db", case.uri]
    elif place == "extra-argument":
        args = [*args, case.uri] if args[0] == "validate" else [*args, "--uri", HARMLESS, case.uri]
    if "serverSelectionTimeoutMS" not in case.uri:
        args = [*args, "--timeout", "0.05"]
    with pytest.MonkeyPatch.context() as patch:
        # pymongo re-checks server selection every 0.5 s; only makes the test faster.
        patch.setattr("pymongo.common.MIN_HEARTBEAT_INTERVAL", pymongo_wait, raising=False)
        result = CliRunner().invoke(main, args, env=env)
    exception = ""
    if result.exception is not None:
        exception = repr(result.exception) + "".join(traceback.format_exception(result.exception))
    return result.exit_code, result.output, exception


@pytest.mark.parametrize("command", sorted(COMMANDS))
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases(), place=st.sampled_from(PLACES))
def test_no_command_leaks_the_password_or_crashes(
    command: str, case: Case, place: str, capfd: pytest.CaptureFixture[str]
) -> None:
    code, output, exception = _run(COMMANDS[command], case, place, pymongo_wait=0.02)
    captured = capfd.readouterr()
    printed = f"{output}\n{captured.out}\n{captured.err}"
    for secret in _forbidden(case):
        pattern = re.compile(re.escape(secret), re.IGNORECASE)
        assert not pattern.search(printed), (case, printed)
        assert not pattern.search(exception), (case, exception)
    assert "Traceback" not in printed
    assert code == (1 if command == "plan-detailed" else 2), printed
    if place in ("--uri", "env"):
        assert printed.startswith(("error: cannot ", "warning: ")), printed
    else:
        assert "rror: " in printed, printed  # ours ("error:") or click's usage error ("Error:")
