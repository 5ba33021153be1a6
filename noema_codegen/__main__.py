"""``python -m noema_codegen`` is the same as the ``noema-codegen`` command."""

from noema_codegen.cli import main

main()
