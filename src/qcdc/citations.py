"""Where a legal rule or a figure comes from, and how sure we are of it.

Every threshold qcdc ships (hamlet household minimums, board sizes,
response deadlines) carries a :class:`Citation` and an :class:`EffectivePeriod`.
A figure that could not be verified is shipped with
``Confidence.UNVERIFIED``, never silently.

>>> import datetime as dt
>>> p = EffectivePeriod(dt.date(2019, 1, 20))
>>> p.contains(dt.date(2021, 12, 17)), p.contains(dt.date(2018, 12, 31))
(True, False)
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

__all__ = ["Citation", "Confidence", "EffectivePeriod"]


class Confidence(enum.Enum):
    """How well a fact is established (the marks of the legal basis page,
    ``docs/explanation/legal-basis.md``).

    ``SURE``: primary legal text, or two independent sources agree.
    ``LIKELY``: one reliable secondary source, or primary text confirmed in part.
    ``UNSURE``: a single weak source, or sources conflict.
    ``UNVERIFIED``: no source found; shipped as a default the user should replace.
    """

    SURE = "sure"
    LIKELY = "likely"
    UNSURE = "unsure"
    UNVERIFIED = "unverified"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class Citation:
    """A legal or documentary source: the document, the article, a URL, a confidence."""

    document: str = attrs.field(validator=attrs.validators.instance_of(str))
    article: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    url: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    confidence: Confidence = attrs.field(
        default=Confidence.SURE, validator=attrs.validators.instance_of(Confidence)
    )
    note: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )

    def __str__(self) -> str:
        where = f", {self.article}" if self.article else ""
        return f"{self.document}{where} ({self.confidence.value})"


def _check_order(
    instance: EffectivePeriod, attribute: attrs.Attribute[dt.date | None], value: object
) -> None:
    if value is not None and not isinstance(value, dt.date):
        raise TypeError(f"period end must be a date or None, got {value!r}")
    if instance.end is not None and instance.end <= instance.start:
        raise ValueError(
            f"period end must be after its start, got {instance.start} .. {instance.end}"
        )


@attrs.frozen
class EffectivePeriod:
    """A half-open period ``[start, end)``; ``end=None`` means still in force."""

    start: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    end: dt.date | None = attrs.field(
        default=None,
        validator=_check_order,
    )

    def contains(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on < self.end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat() if self.end else '…'}"
