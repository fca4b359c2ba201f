"""Private kernel: the one vocabulary of policies (what to do with an odd item).

Every ``on_…`` argument of qcdc takes values from one set, with one meaning each:

============  ==============================================================
``"raise"``   raise one :class:`~qcdc.errors.QcdcError` naming every such item
``"none"``    keep the item's place and put ``None`` there (``()`` for a tuple)
``"drop"``    leave the item out (where results are keyed by item)
``"default"`` a split unit's default successor
``"all"``     every successor, as a tuple
============  ==============================================================

``on_unknown`` (a code that names no unit on the date) takes ``raise`` or ``none``;
``on_unresolved`` (a unit the lineage cannot follow) ``raise``, ``none`` or ``drop``;
``on_split`` (a unit split between several) ``raise``, ``default`` or ``all``.  The
spelling ``"error"`` of 0.1 is still read as ``"raise"``.

>>> policy("error", "on_split", ("raise", "default", "all"))
'raise'
>>> policy("first", "on_split", ("raise", "default", "all"))
Traceback (most recent call last):
...
qcdc.errors.InputError: field 'on_split': on_split must be 'raise', 'default' or 'all', got 'first'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from qcdc.errors import InputError

__all__ = ["OnSplit", "OnUnknown", "OnUnresolved", "policy"]

OnUnknown = Literal["raise", "none"]
OnUnresolved = Literal["raise", "none", "drop"]
OnSplit = Literal["raise", "default", "all"]

_ALIASES = {"error": "raise"}


def policy(value: object, name: str, allowed: Sequence[str]) -> str:
    """``value`` as one of ``allowed`` (``"error"`` read as ``"raise"``), or an
    :class:`~qcdc.errors.InputError` naming the argument and its values."""
    if isinstance(value, str):
        value = _ALIASES.get(value, value)
        if value in allowed:
            return value
    choices = ", ".join(repr(a) for a in allowed[:-1]) + f" or {allowed[-1]!r}"
    raise InputError(f"{name} must be {choices}, got {value!r}", field=name)
