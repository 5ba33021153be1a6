"""``noema-codegen diff``: what a schema change means, against a git ref or a directory."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import command_config, schemas_option
from noema_codegen.evolution.changes import changes_json
from noema_codegen.evolution.report import FAIL_ON, diff_against, fails, text_lines


@click.command(name="diff")
@schemas_option
@click.option(
    "--against",
    default="HEAD",
    show_default=True,
    metavar="REF|DIR",
    help="A git ref (read with git, no checkout) or a directory of the old schemas.",
)
@click.option(
    "--fail-on",
    type=click.Choice(sorted(FAIL_ON)),
    default=None,
    help="Exit 1 when a change of this kind exists (any: any change at all).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def command(schema_dir: Path | None, against: str, fail_on: str | None, fmt: str) -> None:
    """Classify every schema change since REF: data-tightening, code-breaking or safe.

    \b
      noema-codegen diff                                # against HEAD (uncommitted edits)
      noema-codegen diff --against origin/main --fail-on code   # CI: no API break
      noema-codegen diff --against ../old/schemas --format json

    \b
    data  stored documents may now fail: new required field, narrowed or changed
          type, removed enum member, stricter bound/pattern, additionalProperties
          false, new unique index, new reference (migrate first: `migration new`)
    code  the generated API changes: removed or renamed field, collection, query;
          changed query parameters; model or module renamed
    safe  new optional field, widened type, new non-unique index, descriptions

    Each line is FILE:POINTER: [kinds] rule: message. A field renamed with
    x-noema.renamedFrom is a rename, not a removal plus an addition.

    Exit codes: 0 done (or no change of the --fail-on kind), 1 such a change exists,
    2 bad input (not a git repository, unknown ref, schemas with errors on either side).
    """
    config = command_config(schemas=schema_dir)
    changes = diff_against(against, config)
    if fmt == "json":
        click.echo(changes_json(changes))
    else:
        for line in text_lines(changes):
            click.echo(line)
    if fails(changes, fail_on):
        raise SystemExit(Exit.PROBLEMS)
