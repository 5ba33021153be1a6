"""Hand-written runtime support for the generated package.

These modules are tested here once and copied verbatim (with a generated-file
header) into ``<out>/<package>/_runtime/`` by ``noema-codegen build``, so the
generated package does not depend on noema-codegen at run time.
"""
