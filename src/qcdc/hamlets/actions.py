"""The actions of a merger plan: merge, dissolve, rename, convert (sáp nhập, giải thể, đổi tên,
chuyển đổi).

Each action is a frozen value naming its sources (:class:`~qcdc.hamlets.CommunityRef`),
its effective date and its legal basis; what it produces is worked out when a
:class:`~qcdc.hamlets.MergerPlan` is checked or applied against a registry.

>>> m = Merger(["T1", "00379:T2"], target_name="Thôn Đông Tây", effective="17/12/2021")
>>> m.kind.vietnamese, [str(s) for s in m.sources], m.effective.isoformat()
('sáp nhập', ['T1', '00379:T2'], '2021-12-17')
>>> ActionKind.parse("Giải thể")
<ActionKind.DISSOLVE: 'dissolve'>
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import ClassVar, TypeAlias

import attrs

from qcdc.dates import as_date
from qcdc.hamlets.model import (
    Community,
    CommunityKind,
    CommunityRef,
    _count,
)
from qcdc.text import clean, fold

__all__ = [
    "Action",
    "ActionKind",
    "Conversion",
    "Dissolution",
    "Merger",
    "Rename",
]


class ActionKind(enum.Enum):
    """The four kinds of change a plan can make."""

    MERGE = "merge"
    DISSOLVE = "dissolve"
    RENAME = "rename"
    CONVERT = "convert"

    @property
    def vietnamese(self) -> str:
        return _ACTION_VI[self]

    @classmethod
    def parse(cls, text: str | ActionKind) -> ActionKind:
        """``merge``/``sáp nhập``, ``dissolve``/``giải thể``, ``rename``/``đổi tên``,
        ``convert``/``chuyển đổi`` (any case, accents optional)."""
        if isinstance(text, ActionKind):
            return text
        found = _ACTION_KEYS.get(fold(text))
        if found is None:
            raise ValueError(
                "action must be one of merge (sáp nhập), dissolve (giải thể), rename (đổi tên), "
                f"convert (chuyển đổi), got {text!r}"
            )
        return found

    def __str__(self) -> str:
        return self.value


_ACTION_VI = {
    ActionKind.MERGE: "sáp nhập",
    ActionKind.DISSOLVE: "giải thể",
    ActionKind.RENAME: "đổi tên",
    ActionKind.CONVERT: "chuyển đổi",
}
_ACTION_KEYS = {fold(k.value): k for k in ActionKind}
_ACTION_KEYS.update({fold(v): k for k, v in _ACTION_VI.items()})
_ACTION_KEYS.update({"nhap": ActionKind.MERGE, "hop nhat": ActionKind.MERGE})


def _to_refs(
    value: Iterable[CommunityRef | Community | str | tuple[str, str]],
) -> tuple[CommunityRef, ...]:
    if isinstance(value, (str, CommunityRef, Community)):
        value = (value,)
    return tuple(CommunityRef.parse(v) for v in value)


def _opt_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = clean(value)
    return text or None


def _opt_id(value: str | None) -> str | None:
    text = _opt_text(value)
    if text is not None and ";" in text:
        raise ValueError(f"target_id must not contain ';', got {text!r}")
    return text


def _opt_kind(value: CommunityKind | str | None) -> CommunityKind | None:
    if value is None or value == "":
        return None
    return CommunityKind.parse(value)


def _to_date(value: dt.date | str) -> dt.date:
    return as_date(value, "effective")


_opt_count = attrs.validators.optional(_count)


@attrs.frozen
class _ActionBase:
    sources: tuple[CommunityRef, ...] = attrs.field(converter=_to_refs)
    """the communities the action takes: ids (``"T05"``) or ``"CCCCC:T05"`` references."""
    effective: dt.date = attrs.field(converter=_to_date, kw_only=True)
    basis: str = attrs.field(default="", converter=clean, kw_only=True)
    """the legal basis: a document number (``"NQ 01/2020/NQ-HĐND"``) or free text."""
    exemption: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    """why a result may stay below the minimum (silences ``plan.target-below-minimum``)."""
    row: int | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    """the CSV row this action came from (for messages); not part of equality."""

    kind: ClassVar[ActionKind]


@attrs.frozen
class Merger(_ActionBase):
    """Sources (≥ 2, same commune) become one community: a new one (``target_id`` not
    among the sources) or a surviving source (``target_id`` one of them, or left out:
    the first source survives).  ``target_households``/``target_population``, when
    given, must equal the sums."""

    target_id: str | None = attrs.field(default=None, converter=_opt_id, kw_only=True)
    target_name: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    target_kind: CommunityKind | None = attrs.field(default=None, converter=_opt_kind, kw_only=True)
    target_households: int | None = attrs.field(default=None, validator=_opt_count, kw_only=True)
    target_population: int | None = attrs.field(default=None, validator=_opt_count, kw_only=True)

    kind: ClassVar[ActionKind] = ActionKind.MERGE


@attrs.frozen
class Dissolution(_ActionBase):
    """The sources cease to exist (their households leave the registry)."""

    kind: ClassVar[ActionKind] = ActionKind.DISSOLVE


@attrs.frozen
class Rename(_ActionBase):
    """One community gets a new name (and, optionally, a new id)."""

    target_name: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    target_id: str | None = attrs.field(default=None, converter=_opt_id, kw_only=True)

    kind: ClassVar[ActionKind] = ActionKind.RENAME


@attrs.frozen
class Conversion(_ActionBase):
    """Communities change kind (thôn → tổ dân phố when their xã became a phường).

    With one source it may also get a new name and id; with several, each keeps its own.
    """

    target_kind: CommunityKind | None = attrs.field(default=None, converter=_opt_kind, kw_only=True)
    target_name: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    target_id: str | None = attrs.field(default=None, converter=_opt_id, kw_only=True)

    kind: ClassVar[ActionKind] = ActionKind.CONVERT


Action: TypeAlias = Merger | Dissolution | Rename | Conversion
"""Any plan action."""
