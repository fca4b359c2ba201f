"""The legal acts behind the unit history: :class:`LegalAct`, and the queries over them.

The embedded gazetteer's units and links are compiled from a log of acts
(``qcdc/units/data/acts/``, see its README); ``acts.tsv`` lists the acts and every lineage
link names its act (``LineageLink.basis``).  :meth:`Gazetteer.acts
<qcdc.units.gazetteer.Gazetteer.acts>` and :meth:`~qcdc.units.gazetteer.Gazetteer.history`
answer from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Literal

import attrs

from qcdc.units.lineage import LineageLink

if TYPE_CHECKING:
    from qcdc.units.gazetteer import Gazetteer

__all__ = ["LegalAct"]

_DAY = dt.timedelta(days=1)


@attrs.frozen
class LegalAct:
    """One act that changed the map: a resolution of the National Assembly or its Standing
    Committee, dated, with its source and how sure qcdc is of what it did.

    ``number`` is the act's document number as written (``"469/NQ-UBTVQH15"``); parse it
    with ``qcdc.directives.DocumentNumber`` if you need its parts (the units pillar does not
    import the directives pillar).  ``signed`` is ``None`` where the date signed was not
    found (``note`` says so).  ``read`` is ``'text'`` when the act's text was read clause by
    clause, ``'table'`` when only its effect was seen in a list of units.
    """

    number: str
    title: str
    issuer: str
    signed: dt.date | None
    in_force: dt.date
    source: str
    read: Literal["text", "table"]
    confidence: Literal["high", "medium", "low"]
    note: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "number": self.number,
            "title": self.title,
            "issuer": self.issuer,
            "signed": self.signed.isoformat() if self.signed else None,
            "in_force": self.in_force.isoformat(),
            "source": self.source,
            "read": self.read,
            "confidence": self.confidence,
            "note": self.note,
        }

    def __str__(self) -> str:
        return f"{self.number} (in force {self.in_force.isoformat()}): {self.title}"


def _load_acts() -> list[LegalAct]:
    """Every act of the embedded ``acts.tsv``, in the order they apply."""
    text = (
        resources.files("qcdc.units")
        .joinpath("data")
        .joinpath("acts.tsv")
        .read_text(encoding="utf-8")
    )
    out = []
    for line in text.split("\n")[1:]:
        if not line:
            continue
        number, title, issuer, signed, in_force, source, read, confidence, note = line.split("\t")
        out.append(
            LegalAct(
                number,
                title,
                issuer,
                dt.date.fromisoformat(signed) if signed else None,
                dt.date.fromisoformat(in_force),
                source,
                read,  # type: ignore[arg-type]  # checked by tools/acts/replay.py
                confidence,  # type: ignore[arg-type]
                note or None,
            )
        )
    return out


def _touches(g: Gazetteer, link: LineageLink, scope: str) -> bool:
    """Whether ``link`` changed a unit of ``scope`` (the unit or one below it), on the day
    before the act or on its day."""
    for code, day in ((link.source, link.effective - _DAY), (link.target, link.effective)):
        if not code:
            continue
        if code == scope:
            return True
        try:
            ancestors = g.ancestors(code, on=day)
        except LookupError:
            continue
        if any(a.code == scope for a in ancestors):
            return True
    return False


def _select(
    g: Gazetteer,
    acts: Sequence[LegalAct],
    since: dt.date | None,
    until: dt.date | None,
    within: str | None,
) -> tuple[LegalAct, ...]:
    chosen = [
        a
        for a in acts
        if (since is None or a.in_force >= since) and (until is None or a.in_force <= until)
    ]
    if within is None:
        return tuple(chosen)
    numbers = {(a.number, a.in_force) for a in chosen}
    hit: set[tuple[str, dt.date]] = set()
    for link in g.links:
        key = (link.basis or "", link.effective)
        if key in numbers and key not in hit and _touches(g, link, within):
            hit.add(key)
    return tuple(a for a in chosen if (a.number, a.in_force) in hit)


def _history(
    acts: Sequence[LegalAct], links: Iterable[LineageLink], code: str
) -> tuple[tuple[LegalAct, tuple[LineageLink, ...]], ...]:
    by_key = {(a.number, a.in_force): a for a in acts}
    found: dict[tuple[str, dt.date], list[LineageLink]] = {}
    for link in links:
        if code in (link.source, link.target):
            found.setdefault((link.basis or "", link.effective), []).append(link)
    order = {key: i for i, key in enumerate(by_key)}
    return tuple(
        (by_key[key], tuple(found[key]))
        for key in sorted(found, key=lambda k: (k[1], order.get(k, len(order))))
        if key in by_key
    )
