"""``x-noema.ledger``: a bad declaration is a located error; the bundled one builds the IR record."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.checked_project import check_schemas
from noema_codegen.cli import main
from noema_codegen.diagnostics import Diagnostic, Severity
from noema_codegen.ir.extension_schema import LEDGER_ENTRY_KEYS
from noema_codegen.ir.ledger import adjust_method_name
from noema_codegen.render.repositories import render_repositories
from tests.schema_fixtures import NOEMA, SchemaDirFactory

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = {
    path.stem: json.loads(path.read_text(encoding="utf-8"))
    for path in (ROOT / "schemas").glob("*.json")
}
LEDGER = "/x-noema/ledger"
ECONOMY_FILE = "schemas/userEconomy.json"

Mutation = Callable[[dict[str, Any]], None]


def schemas_with(make_schema_dir: SchemaDirFactory, mutate: Mutation) -> Path:
    """The bundled schemas after ``mutate(schemas)`` (a dict collection -> schema), written out."""
    schemas = copy.deepcopy(BUNDLED)
    mutate(schemas)
    return make_schema_dir(**schemas) / "schemas"


def ledger_of(schemas: dict[str, Any]) -> dict[str, Any]:
    declaration: dict[str, Any] = schemas["userEconomy"]["x-noema"]["ledger"]
    return declaration


def errors(directory: Path) -> list[Diagnostic]:
    project, diagnostics = check_schemas(directory, NOEMA)
    found = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert (project is None) == bool(found)
    return found


def test_bundled_declaration_is_the_ledger_record(root: Path) -> None:
    project, diagnostics = check_schemas(root / "schemas", NOEMA)
    assert project is not None and not [d for d in diagnostics if d.severity is Severity.ERROR]
    [ledger] = project.ledgers
    assert project.get("userEconomy").ledger is ledger
    assert (ledger.account, ledger.balance, ledger.changed_at, ledger.entries) == (
        "masterAccountId",
        "usdCredit",
        "updatedAt",
        "transactions",
    )
    assert (ledger.entry.amount, ledger.entry.before, ledger.entry.after) == (
        "amountUsd",
        "balanceBeforeUsd",
        "balanceAfterUsd",
    )
    assert ledger.entry.external_id == "externalTransactionId"
    assert project.get("transactions").ledger is None


def _set(*keys: str, value: Any) -> Mutation:
    def mutate(schemas: dict[str, Any]) -> None:
        target = ledger_of(schemas)
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return mutate


def _drop_index(collection: str, name: str) -> Mutation:
    def mutate(schemas: dict[str, Any]) -> None:
        extension = schemas[collection]["x-noema"]
        extension["indexes"] = [i for i in extension["indexes"] if i.get("name") != name]
        extension.pop("queries", None)  # a query the index served is not what this test is about

    return mutate


def _retype(collection: str, field: str, bson_type: str) -> Mutation:
    def mutate(schemas: dict[str, Any]) -> None:
        schemas[collection]["properties"][field]["bsonType"] = bson_type
        schemas[collection]["x-noema"].pop("references", None)

    return mutate


def _close_metadata(schemas: dict[str, Any]) -> None:
    schemas["transactions"]["properties"]["metadata"]["additionalProperties"] = False


def _colliding_query(schemas: dict[str, Any]) -> None:
    """A balance ``points`` makes the method ``adjust_points``, which a query also names."""
    economy = schemas["userEconomy"]
    economy["properties"]["points"] = {"bsonType": "decimal"}
    economy["x-noema"]["ledger"]["balance"] = "points"
    queries = economy["x-noema"]["queries"]
    queries["adjust_points"] = queries["find_by_master_account_id"]


def _unrequire_account(schemas: dict[str, Any]) -> None:
    schemas["userEconomy"]["required"].remove("masterAccountId")


CASES: list[tuple[str, Mutation, str, str]] = [
    ("unknown balance field", _set("balance", value="usdCredits"), "balance", "no top-level"),
    ("balance not decimal", _set("balance", value="exp"), "balance", '"decimal"'),
    ("changedAt not a date", _set("changedAt", value="exp"), "changedAt", '"date"'),
    ("unknown entries", _set("entries", value="ledgers"), "entries", "unknown collection"),
    ("entries is itself", _set("entries", value="userEconomy"), "entries", "another collection"),
    ("entry amount a string", _set("entry", "amount", value="type"), "entry/amount", '"decimal"'),
    ("entry field nested", _set("entry", "relatedItems", value="relatedItems.eventId"),
     "entry/relatedItems", "no top-level"),
    ("entry field unknown", _set("entry", "before", value="balanceBefore"), "entry/before",
     "no top-level"),
    ("account types differ", _retype("transactions", "masterAccountId", "string"),
     "entry/account", "type mismatch"),
    ("external id not unique", _drop_index("transactions", "noema_external_transaction_id"),
     "entry/externalId", "unique index"),
    ("account not unique", _drop_index("userEconomy", "noema_master_account_id"), "account",
     "unique index"),
    ("account not required", _unrequire_account, "account", "required"),
    ("metadata closed", _close_metadata, "entry/metadata", "additional properties"),
    ("before is after", _set("entry", "after", value="balanceBeforeUsd"), "entry/after",
     "already names"),
    ("unknown key", _set("entry", "fee", value="amountUsd"), "entry", "fee"),
    ("missing key", lambda s: ledger_of(s)["entry"].pop("timestamp"), "entry", "timestamp"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "where", "says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_bad_declaration_is_a_located_error(
    make_schema_dir: SchemaDirFactory, mutate: Mutation, where: str, says: str
) -> None:
    found = errors(schemas_with(make_schema_dir, mutate))
    ours = [d for d in found if d.file == ECONOMY_FILE and d.pointer == f"{LEDGER}/{where}"]
    assert ours, [d.format() for d in found]
    assert any(says in d.message for d in ours), [d.message for d in ours]


def test_a_query_named_like_a_ledger_method_is_refused(make_schema_dir: SchemaDirFactory) -> None:
    found = errors(schemas_with(make_schema_dir, _colliding_query))
    assert [(d.pointer, d.rule) for d in found] == [("/x-noema/queries/adjust_points", "ledger")]


def test_two_ledgers_cannot_share_entries(make_schema_dir: SchemaDirFactory) -> None:
    def second_ledger(schemas: dict[str, Any]) -> None:
        twin = copy.deepcopy(schemas["userEconomy"])
        twin["x-noema"]["model"] = "UserEconomyTwin"
        twin["x-noema"].pop("references")
        schemas["userEconomyTwin"] = twin

    found = errors(schemas_with(make_schema_dir, second_ledger))
    assert [(d.file, d.pointer) for d in found] == [
        ("schemas/userEconomyTwin.json", f"{LEDGER}/entries")
    ]


def test_lint_exits_2_naming_the_declaration(make_schema_dir: SchemaDirFactory) -> None:
    directory = schemas_with(make_schema_dir, _set("balance", value="exp"))
    result = CliRunner().invoke(main, ["lint", "--schemas", str(directory)])
    assert result.exit_code == 2, result.output  # a schema error is bad input
    assert f"{ECONOMY_FILE}#{LEDGER}/balance" in result.output


FIELD_NAMES = st.sampled_from(
    sorted({*BUNDLED["transactions"]["properties"], *BUNDLED["userEconomy"]["properties"]})
) | st.text(max_size=12)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    key=st.sampled_from(
        ["account", "balance", "changedAt", "entries"] + [f"entry/{k}" for k in LEDGER_ENTRY_KEYS]
    ),
    value=FIELD_NAMES,
)
def test_any_declared_name_is_accepted_or_a_located_error(
    make_schema_dir: SchemaDirFactory, key: str, value: str
) -> None:
    """Whatever a key names, the build of the IR never raises, and an error it causes points
    into the declaration (or at a named query); what it accepts, the renderer renders."""
    project, diagnostics = check_schemas(
        schemas_with(make_schema_dir, _set(*key.split("/"), value=value)), NOEMA
    )
    found = [d for d in diagnostics if d.severity is Severity.ERROR]
    for diagnostic in found:
        assert diagnostic.file == ECONOMY_FILE, diagnostic.format()
        assert diagnostic.pointer.startswith(LEDGER) or diagnostic.pointer.startswith(
            "/x-noema/queries"
        ), diagnostic.format()
    if project is not None:
        [ledger] = project.ledgers
        economy = render_repositories(project)["noema_db/repositories/user_economy.py"]
        assert f"def {adjust_method_name(ledger)}(" in economy


@pytest.mark.parametrize("name", ["adjust_usd_credit", "check_ledger", "repair_ledger"])
def test_query_named_like_a_ledger_method_is_refused_only_where_a_ledger_is_declared(
    make_schema_dir: SchemaDirFactory, name: str
) -> None:
    query = {"op": "count", "filter": {"masterAccountId": {"param": "account"}}}

    def on_economy(schemas: dict[str, Any]) -> None:
        schemas["userEconomy"]["x-noema"]["queries"][name] = query

    [error] = errors(schemas_with(make_schema_dir, on_economy))
    assert error.pointer == f"/x-noema/queries/{name}"
    assert str(error.file).endswith("userEconomy.json")

    def without_ledger(schemas: dict[str, Any]) -> None:
        on_economy(schemas)
        del schemas["userEconomy"]["x-noema"]["ledger"]

    # the method names belong to the declared feature, not to every repository
    assert errors(schemas_with(make_schema_dir, without_ledger)) == []
