"""Inspection boards and community investment supervision boards, with their members.

An :class:`InspectionBoard` (Ban Thanh tra nhân dân) sits in a commune, an agency or a
state enterprise for one term; an :class:`InvestmentSupervisionBoard` (Ban giám sát đầu
tư của cộng đồng) is set up per project.  Both check themselves against a
:class:`~qcdc.inspection.BoardRulebook` (default :data:`~qcdc.inspection.DEFAULT_BOARD_RULES`)
and, given a gazetteer, against the units that existed on their dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from qcdc.errors import InputError, OutOfCoverage
from qcdc.findings import Finding, Severity
from qcdc.inspection._fields import count_validator, nonblank_text, opt_text, opt_unit_code
from qcdc.inspection.board_rules import DEFAULT_BOARD_RULES as _DEFAULT_BOARD_RULES
from qcdc.inspection.board_rules import BoardRulebook
from qcdc.inspection.kinds import BoardKind, Constituency, Role, Terrain
from qcdc.inspection.tallies import ProjectTally
from qcdc.units import UnitLevel, unit_code
from qcdc.units.gazetteer import GazetteerLike

__all__ = [
    "BoardMember",
    "InspectionBoard",
    "InvestmentSupervisionBoard",
    "SupervisionMember",
]


def _members(value: Iterable[BoardMember]) -> tuple[BoardMember, ...]:
    return tuple(value)


def _supervision_members(value: Iterable[SupervisionMember]) -> tuple[SupervisionMember, ...]:
    return tuple(value)


@attrs.frozen
class BoardMember:
    """One member of an inspection board; ``hamlet`` is the thôn/TDP they represent."""

    name: str = attrs.field(converter=nonblank_text)
    role: Role = attrs.field(default=Role.MEMBER, validator=attrs.validators.instance_of(Role))
    hamlet: str | None = attrs.field(default=None, converter=opt_text)


@attrs.frozen
class SupervisionMember:
    """One member of an investment supervision board and the body they represent."""

    name: str = attrs.field(converter=nonblank_text)
    represents: Constituency = attrs.field(validator=attrs.validators.instance_of(Constituency))
    role: Role = attrs.field(default=Role.MEMBER, validator=attrs.validators.instance_of(Role))


def _check_board(instance: InspectionBoard, attribute: attrs.Attribute[Any], value: Any) -> None:
    # runs last (on the last field), so every field is set
    b = instance
    if b.kind is BoardKind.INVESTMENT_SUPERVISION:
        raise InputError("use InvestmentSupervisionBoard for that kind", field="kind")
    if b.kind is BoardKind.COMMUNE and b.unit is None:
        raise InputError(
            "a commune board needs the code of its xã, phường or thị trấn", field="unit"
        )
    if b.kind is not BoardKind.COMMUNE and b.organisation is None:
        raise InputError(
            f"a board of kind {b.kind} needs the name of its organisation", field="organisation"
        )
    if b.term_end is not None and b.term_end <= b.term_start:
        raise InputError(
            f"term_end must be after term_start, got {b.term_start} .. {b.term_end}",
            field="term_end",
        )
    if b.elected_on is not None and b.recognised_on is not None and b.recognised_on < b.elected_on:
        raise InputError(
            f"recognised_on ({b.recognised_on}) must not be before elected_on ({b.elected_on})",
            field="recognised_on",
        )


_members_validator = attrs.validators.deep_iterable(
    attrs.validators.instance_of(BoardMember), attrs.validators.instance_of(tuple)
)


@attrs.frozen
class InspectionBoard:
    """A People's Inspection Board (Ban Thanh tra nhân dân) for one term.

    ``unit`` is the commune-level unit code (required for ``BoardKind.COMMUNE``);
    ``organisation`` names the agency or enterprise (required for the other kinds).
    ``hamlets`` (number of thôn/TDP), ``staff``, ``population`` and ``terrain`` are the
    facts the size rules need; leave them ``None`` where unknown and the rules that need
    them are skipped.  Use :meth:`check` for the legal rules.
    """

    id: str = attrs.field(converter=nonblank_text)
    kind: BoardKind = attrs.field(validator=attrs.validators.instance_of(BoardKind))
    members: tuple[BoardMember, ...] = attrs.field(converter=_members, validator=_members_validator)
    term_start: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    term_end: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )
    unit: str | None = attrs.field(default=None, converter=opt_unit_code)
    organisation: str | None = attrs.field(default=None, converter=opt_text)
    elected_by: str | None = attrs.field(default=None, converter=opt_text)
    elected_on: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )
    recognised_by: str | None = attrs.field(default=None, converter=opt_text)
    recognised_on: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )
    hamlets: int | None = attrs.field(default=None, validator=count_validator)
    staff: int | None = attrs.field(default=None, validator=count_validator)
    population: int | None = attrs.field(default=None, validator=count_validator)
    terrain: Terrain | None = attrs.field(
        default=None,
        validator=[attrs.validators.optional(attrs.validators.instance_of(Terrain)), _check_board],
    )

    @property
    def reference_date(self) -> dt.date:
        """The date that selects the rules: the start of the term."""
        return self.term_start

    def with_role(self, role: Role) -> tuple[BoardMember, ...]:
        return tuple(m for m in self.members if m.role is role)

    def check(
        self,
        *,
        rulebook: BoardRulebook | None = None,
        gazetteer: GazetteerLike | None = None,
        path: str = "board",
    ) -> list[Finding]:
        """The rulebook's findings (default :data:`DEFAULT_BOARD_RULES`) and, given a
        gazetteer, whether the board's unit exists on its dates (``board.unit-exists``,
        error; ``board.unit-ends-during-term``, warning)."""
        book = _DEFAULT_BOARD_RULES if rulebook is None else rulebook
        findings = book.check(self, path=path)
        if gazetteer is not None and self.unit is not None:
            findings.extend(_check_board_unit(self, gazetteer, path))
        return findings


def _check_board_unit(board: InspectionBoard, gz: GazetteerLike, path: str) -> list[Finding]:
    code = board.unit
    assert code is not None
    try:
        unit = gz.get(code, on=board.term_start)
    except OutOfCoverage as exc:
        return [
            Finding(
                "board.unit-exists",
                Severity.INFO,
                f"{path}.unit",
                f"cannot check unit {code} on {board.term_start}: {exc}",
            )
        ]
    if unit is None:
        return [
            Finding(
                "board.unit-exists",
                Severity.ERROR,
                f"{path}.unit",
                f"unit {code} does not exist on {board.term_start} (the start of the term)",
                figures={"unit": code, "on": board.term_start.isoformat()},
            )
        ]
    findings = []
    if unit.level is not UnitLevel.COMMUNE:
        findings.append(
            Finding(
                "board.unit-exists",
                Severity.ERROR,
                f"{path}.unit",
                f"unit {unit} is a {unit.kind.vietnamese}; a commune board sits in a "
                "xã, phường or thị trấn",
            )
        )
    if board.term_end is not None:
        last = board.term_end - dt.timedelta(days=1)
        try:
            gone = gz.get(code, on=last) is None
        except OutOfCoverage:
            gone = False
        if gone:
            findings.append(
                Finding(
                    "board.unit-ends-during-term",
                    Severity.WARNING,
                    f"{path}.unit",
                    f"unit {unit} no longer exists on {last}, before the term ends "
                    f"({board.term_end}); the board's term ended with its unit",
                )
            )
    return findings


def _check_supervision_board(
    instance: InvestmentSupervisionBoard, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if value is not None and value <= instance.established_on:
        raise InputError(
            f"dissolved_on must be after established_on, got {instance.established_on} .. {value}",
            field="dissolved_on",
        )


@attrs.frozen
class InvestmentSupervisionBoard:
    """A community investment supervision board (Ban giám sát đầu tư của cộng đồng).

    The commune Front committee sets one up per programme or project; it dissolves
    itself when the task ends (``dissolved_on``).  Check it with :meth:`check` and a set
    of boards with :meth:`check_all` (one board per project).
    """

    id: str = attrs.field(converter=nonblank_text)
    unit: str = attrs.field(converter=unit_code)
    project: str = attrs.field(converter=nonblank_text)
    members: tuple[SupervisionMember, ...] = attrs.field(
        converter=_supervision_members,
        validator=attrs.validators.deep_iterable(
            attrs.validators.instance_of(SupervisionMember), attrs.validators.instance_of(tuple)
        ),
    )
    established_on: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    dissolved_on: dt.date | None = attrs.field(
        default=None,
        validator=[
            attrs.validators.optional(attrs.validators.instance_of(dt.date)),
            _check_supervision_board,
        ],
    )
    tally: ProjectTally | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ProjectTally)),
    )

    @property
    def kind(self) -> BoardKind:
        return BoardKind.INVESTMENT_SUPERVISION

    @property
    def reference_date(self) -> dt.date:
        return self.established_on

    def active_on(self, on: dt.date) -> bool:
        return self.established_on <= on and (self.dissolved_on is None or on < self.dissolved_on)

    def check(self, *, rulebook: BoardRulebook | None = None, path: str = "board") -> list[Finding]:
        """The rulebook's findings plus the tally's (``projects.*``)."""
        book = _DEFAULT_BOARD_RULES if rulebook is None else rulebook
        findings = book.check(self, path=path)
        if self.tally is not None:
            findings.extend(self.tally.check(f"{path}.tally"))
        return findings

    @staticmethod
    def check_all(
        boards: Iterable[InvestmentSupervisionBoard], *, path: str = "boards"
    ) -> list[Finding]:
        """``investment.one-board-per-project`` (error): two boards of one unit for the same
        project must not be active at the same time."""
        seen: dict[tuple[str, str], list[tuple[int, InvestmentSupervisionBoard]]] = {}
        findings = []
        for i, board in enumerate(boards):
            key = (board.unit, board.project.casefold())
            for j, other in seen.get(key, []):
                if _overlap(board, other):
                    findings.append(
                        Finding(
                            "investment.one-board-per-project",
                            Severity.ERROR,
                            f"{path}[{i}]",
                            f"board {board.id} and board {other.id} ({path}[{j}]) supervise the "
                            f"same project {board.project!r} in unit {board.unit} at the same time",
                        )
                    )
            seen.setdefault(key, []).append((i, board))
        return findings


def _overlap(a: InvestmentSupervisionBoard, b: InvestmentSupervisionBoard) -> bool:
    a_end = a.dissolved_on or dt.date.max
    b_end = b.dissolved_on or dt.date.max
    return a.established_on < b_end and b.established_on < a_end
