"""noema-codegen: schema-first code generator and validator for MongoDB."""

__version__ = "0.1.0"
