"""Data migrations as reviewable files: ``migrations/NNNN_name.json``.

``format`` reads a file (structure, checksum); ``generate`` proposes one from a diff;
``lint`` checks one against the schemas; ``runner`` runs pending ones through a
``MigrationStore`` (pure: batches by ``_id`` range, the ``noema_migrations`` ledger, resume,
checksum refusal); ``pymongo_store`` is that store over pymongo (the only module here that
talks to a server). The file format is in docs/evolution.md.
"""
