"""``noema-codegen lint``: check schemas without writing anything."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.checked_project import check_schemas
from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import command_config, schemas_option
from noema_codegen.diagnostic_output import diagnostics_json, echo_diagnostics
from noema_codegen.diagnostics import errors_in, warnings_in


@click.command(name="lint")
@schemas_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--warnings-as-errors", is_flag=True, help="Exit 1 when there are warnings (and no errors)."
)
def command(schema_dir: Path | None, fmt: str, warnings_as_errors: bool) -> None:
    """Check the schemas: MongoDB's $jsonSchema dialect, the x-noema extension, project rules.

    \b
    Errors (exit 2) are what MongoDB would reject or the tool cannot use:
      a file that is not UTF-8 JSON holding one object; duplicate keys; NaN or
      Infinity; integers beyond 64 bits; lone surrogates; nesting deeper than
      100; a validator over 16 MiB; keywords the server rejects ($ref, $schema,
      definitions, format, id, unknown ones); type "integer"; unknown or
      duplicated type aliases; type beside bsonType; an index on a field the
      schema lacks; a named query no index serves or that updates _id or the
      primary key; a malformed x-noema extension; two properties of one
      object with the same Python attribute (userAgent and user_agent); a
      model or module name the generated code cannot hold; a collection name
      MongoDB refuses or that differs from another only by case.
    Warnings (exit 0, or 1 with --warnings-as-errors) are schemas MongoDB
    accepts that say something else: an enum member its type excludes; a
    required name not in properties under additionalProperties: false; a
    description promising null that the type forbids; a default of the wrong type;
    a pattern only the server's PCRE can run (the models and validate skip it).

    Each line names the file (with line:column when the problem is in the
    text), the JSON pointer, the rule and what to do. Hidden, editor and macOS
    files such as .#x.json, x.json~ or ._x.json are skipped with a note; the
    full contract is in docs/input-contract.md.
    """
    config = command_config(schemas=schema_dir)
    _, diagnostics = check_schemas(config.schemas, config)
    if fmt == "json":
        click.echo(diagnostics_json(diagnostics))
    else:
        echo_diagnostics(diagnostics)
        if not errors_in(diagnostics) and not warnings_in(diagnostics):
            click.echo("no problems found")
    if errors_in(diagnostics):
        raise SystemExit(Exit.BAD_INPUT)
    if warnings_as_errors and warnings_in(diagnostics):
        raise SystemExit(Exit.PROBLEMS)
