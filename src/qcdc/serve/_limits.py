"""The bounds every request is held to."""

from __future__ import annotations

from typing import Any

import attrs

from qcdc.errors import InputError

__all__ = ["Limits"]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise InputError(f"must be a positive number, got {value!r}", field=attribute.name)


@attrs.frozen
class Limits:
    """``max_body_bytes``: the largest request body taken (1 MB by default; larger is
    refused with 413); ``time_limit``: seconds one request may take (10 by default;
    longer is answered with 408)."""

    max_body_bytes: int = attrs.field(default=1_000_000, validator=_positive)
    time_limit: float = attrs.field(default=10.0, validator=_positive)
