"""The one way to connect to MongoDB: every URI goes through here before anything uses it.

* ``uri`` (pure): checks a URI the way the MongoDB URI specification asks and redacts its
  secrets (user-info, password in every encoding, secret options) from any text;
* ``client``: ``open_client`` opens the ``MongoClient`` with our timeouts and turns every
  connection problem into one ``CannotConnect`` exception with one message shape;
* ``errors``: ``CannotConnect`` and its ``BadUri`` subclass (messages are already redacted).

This package imports nothing from the rest of noema-codegen; ``apply``, ``document_check`` and
the commands import it. Importing the package itself does not import pymongo.
"""
