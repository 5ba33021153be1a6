"""Plan and apply validators and indexes to a live MongoDB database.

Layers, from the server inward:

* ``pymongo_adapter`` is the only module that talks to the server (``adapter`` holds its interface),
  through a client from ``noema_codegen.connection`` (URI checks, redaction, timeouts);
* ``snapshot`` reads/writes live state in the server's own reply shapes (Extended JSON);
* ``live`` and ``normalise`` turn those replies into comparable values;
* ``desired`` is the target state, built from the project's IR;
* ``planner`` compares the two and returns an ordered list of ``actions`` (pure);
* ``executor`` runs a plan through the adapter: pre-flight checks, apply, read back, verify;
* ``render`` prints a plan as text or JSON; messages are redacted by ``connection.uri.Redactor``.
"""
