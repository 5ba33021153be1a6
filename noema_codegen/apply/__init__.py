"""Plan and apply validators and indexes to a live MongoDB database.

Layers, from the server inward:

* ``pymongo_adapter`` is the only module that talks to the server (``adapter`` holds its interface),
  through a client from ``noema_codegen.connection`` (URI checks, redaction, timeouts);
* ``snapshot`` reads/writes live state in the server's own reply shapes (Extended JSON);
* ``live`` and ``normalise`` turn those replies into comparable values;
* ``desired`` is the target state, built from the project's IR;
* ``planner`` compares the two and returns an ordered list of typed ``actions`` (pure);
  ``index_change`` picks an in-place ``collMod`` over a rebuild where the server allows it;
* ``executor`` runs a plan through the adapter: pre-flight checks, apply, read back, verify;
* ``render`` prints a plan as text, ``plan_json`` as the versioned document (``plan_schema``);
* ``plan_inputs`` fingerprints what a plan was computed from, ``saved_plan`` writes plans and
  checks a saved one still holds; messages are redacted by ``connection.uri.Redactor``.
"""
