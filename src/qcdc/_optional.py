"""Private kernel: the one guard for optional dependencies (the extras).

>>> require("json").__name__
'json'
>>> require("no_such_package_xyz", extra="pandas")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
qcdc.errors.MissingDependency: this part of qcdc needs no_such_package_xyz; install it ...
"""

from __future__ import annotations

import importlib
from types import ModuleType

from qcdc.errors import MissingDependency

__all__ = ["require"]


def require(module: str, *, extra: str | None = None) -> ModuleType:
    """Import ``module``, or raise :class:`~qcdc.errors.MissingDependency` naming the extra
    that installs it (by default the module's top-level name)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".")[0]
        raise MissingDependency(top, extra or top) from None
