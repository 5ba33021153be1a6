"""Module names inside the generated package, written relative to it.

Renderers that do not know the package name (``Config.package``) write a module of the
generated package as ``._runtime.bson_types``; ``absolute`` turns it into
``<package>._runtime.bson_types`` when the package is known. So no renderer restates the
package name.
"""

from __future__ import annotations


def absolute(module: str, package: str) -> str:
    """``.x.y`` -> ``<package>.x.y``; an absolute module name is returned as it is."""
    if module.startswith("."):
        return package + module
    return module
