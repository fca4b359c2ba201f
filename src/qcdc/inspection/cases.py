"""People's Inspection Boards (Ban Thanh tra nhân dân): boards, cases, tallies, roll-ups.

Every commune, ward and township has a People's Inspection Board elected by its
residents; agencies and state enterprises have their own.  This module models the
boards (checked against a versioned :class:`BoardRulebook` with citations), the
community investment supervision boards, the cases a board takes up and their
lifecycle, the authorities' response deadline, and the yearly tallies the
Fatherland Front compiles, rolled up the unit hierarchy as of any date.

A :class:`CaseTally` holds the four yearly figures; any of them may be missing,
because published reports often give only some.  :meth:`CaseTally.check` returns
findings instead of raising:

>>> CaseTally(supervised=4956, violations=648, recommended=586).check()
[]
>>> [f.rule for f in CaseTally(supervised=600, violations=700).check()]
['tally.violations-le-supervised']
>>> CaseTally(supervised=3, violations=1) + CaseTally(supervised=2, violations=0, resolved=1)
CaseTally(supervised=5, violations=1, recommended=None, resolved=None)

A case moves through an explicit transition table; each step returns a new case:

>>> import datetime as dt
>>> case = InspectionCase.open("HN-1", board="BTTND-00004", subject=Subject.LAND,
...                            origin=Origin.PETITION, on=dt.date(2021, 3, 1), unit="00004")
>>> case = case.supervise(dt.date(2021, 3, 2)).conclude(dt.date(2021, 3, 20), violation=True)
>>> case = case.recommend(dt.date(2021, 3, 25), authority="UBND phường")
>>> case.state, response_deadline(case)
(<CaseState.RECOMMENDATION_SENT: 'recommendation_sent'>, datetime.date(2021, 4, 9))
>>> tally([case], 2021)
CaseTally(supervised=1, violations=1, recommended=1, resolved=0)
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import html
import importlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias

import attrs

from qcdc._optional import require
from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.errors import (
    IllegalTransition,
    InputError,
    InvalidUnitCode,
    NoApplicableRule,
    OutOfCoverage,
    QcdcError,
    SplitConversion,
    UnknownUnit,
)
from qcdc.findings import Finding, Severity
from qcdc.text import nfc
from qcdc.units import AdministrativeUnit, GazetteerLike, UnitLevel, unit_code

if TYPE_CHECKING:
    import pandas

    from qcdc.dates import Period

__all__ = [
    "DEFAULT_BOARD_RULES",
    "DEFAULT_DEADLINE_RULES",
    "TRANSITIONS",
    "Answer",
    "BoardKind",
    "BoardMember",
    "BoardRule",
    "BoardRulebook",
    "CaseState",
    "CaseTally",
    "Constituency",
    "DayCount",
    "DeadlineRule",
    "DeadlineRulebook",
    "InspectionBoard",
    "InspectionCase",
    "InvestmentSupervisionBoard",
    "LeadershipRule",
    "MemberCountRule",
    "MinimumStaffRule",
    "OnePerHamletRule",
    "Origin",
    "OverdueCase",
    "PopulationSizeRule",
    "ProjectTally",
    "Recommendation",
    "ResidentRepresentativesRule",
    "Role",
    "Rollup",
    "RollupError",
    "SizeBand",
    "Step",
    "Subject",
    "SupervisionMember",
    "TermRule",
    "Terrain",
    "compare",
    "overdue",
    "response_deadline",
    "rollup",
    "tallies_to_pandas",
    "tally",
    "tally_by_unit",
]


class RollupError(QcdcError, ValueError):
    """A roll-up cannot reach the level asked (e.g. districts after 1 July 2025)."""


# =====================================================================================
# Small helpers
# =====================================================================================


def _opt_text(value: object) -> str | None:
    """``None`` and blank strings become ``None``; other strings are NFC-normalised."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"must be text, got {value!r}")
    text = value if value.isascii() else nfc(value)
    return text if text.strip() else None


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"must be non-blank text, got {value!r}")
    return value if value.isascii() else nfc(value)


def _kinds(value: Iterable[BoardKind]) -> frozenset[BoardKind]:
    return frozenset(value)


def _constituencies(value: Iterable[Constituency]) -> frozenset[Constituency]:
    return frozenset(value)


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


def _members(value: Iterable[BoardMember]) -> tuple[BoardMember, ...]:
    return tuple(value)


def _supervision_members(value: Iterable[SupervisionMember]) -> tuple[SupervisionMember, ...]:
    return tuple(value)


def _bands(value: Iterable[SizeBand]) -> tuple[SizeBand, ...]:
    return tuple(value)


def _board_rules(value: Iterable[BoardRule]) -> tuple[BoardRule, ...]:
    return tuple(value)


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(value)


def _deadline_rules(value: Iterable[DeadlineRule]) -> tuple[DeadlineRule, ...]:
    return tuple(value)


def _opt_unit_code(value: object) -> str | None:
    if value is None or value == "":
        return None
    return unit_code(value)


def _opt_count(value: object, name: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"must be a whole number or None, got {value!r}", field=name)
    if value < 0:
        raise InputError(f"must be >= 0, got {value}", field=name)


def _count_validator(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _opt_count(value, attribute.name)


def _add_opt(a: int | None, b: int | None) -> int | None:
    if a is None or b is None:
        return None
    return a + b


def _fmt(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _as_period(period: int | EffectivePeriod | Period) -> EffectivePeriod:
    """A half-open period from a year, an :class:`EffectivePeriod` or a
    :class:`qcdc.dates.Period` (whose end is included)."""
    if isinstance(period, EffectivePeriod):
        return period
    if isinstance(period, int) and not isinstance(period, bool) and 1900 <= period <= 2999:
        return EffectivePeriod(dt.date(period, 1, 1), dt.date(period + 1, 1, 1))
    from qcdc.dates import Period as _Period

    if isinstance(period, _Period):
        return EffectivePeriod(period.start, period.end + dt.timedelta(days=1))
    raise InputError(
        "period must be a year such as 2021, a qcdc.dates.Period or an EffectivePeriod, "
        f"got {period!r}",
        field="period",
    )


# =====================================================================================
# Tallies
# =====================================================================================

_TALLY_FIELDS = ("supervised", "violations", "recommended", "resolved")


@attrs.frozen
class CaseTally:
    """The figures of one or more boards over a period; every figure is optional.

    ``supervised``: cases the boards supervised (vụ việc được giám sát);
    ``violations``: of those, cases that showed signs of violation;
    ``recommended``: cases the boards recommended to the authorities (kiến nghị);
    ``resolved``: recommendations the authorities considered and settled.

    ``None`` means *not reported*, which is different from ``0``.

    **Addition.** ``a + b`` adds field by field; a field of the sum is known only if it is
    known in *both* parts (``None + 3`` is ``None``): a total over communes where one
    commune did not report that figure is not known.  ``CaseTally.zero()`` is the identity,
    and ``sum(tallies)`` works (``0 + tally`` is ``tally``); an empty ``sum`` gives ``0``,
    so write ``sum(tallies, CaseTally.zero())`` when the iterable may be empty.
    """

    supervised: int | None = attrs.field(default=None, validator=_count_validator)
    violations: int | None = attrs.field(default=None, validator=_count_validator)
    recommended: int | None = attrs.field(default=None, validator=_count_validator)
    resolved: int | None = attrs.field(default=None, validator=_count_validator)

    @classmethod
    def zero(cls) -> CaseTally:
        """All four figures known and zero: the identity of ``+``."""
        return cls(0, 0, 0, 0)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "inspection") -> CaseTally:
        """Build from a mapping with (some of) the four keys; unknown keys are an error."""
        extra = sorted(set(data) - set(_TALLY_FIELDS))
        if extra:
            raise InputError(
                f"unknown tally field(s) {', '.join(map(repr, extra))}",
                field=f"{path}.{extra[0]}",
                hint="the fields are " + ", ".join(_TALLY_FIELDS),
            )
        values: dict[str, int | None] = {}
        for name in _TALLY_FIELDS:
            value = data.get(name)
            _opt_count(value, f"{path}.{name}")
            values[name] = value
        return cls(**values)

    @property
    def reported(self) -> tuple[str, ...]:
        """The names of the figures that are known, in field order."""
        return tuple(name for name in _TALLY_FIELDS if getattr(self, name) is not None)

    def items(self) -> Iterator[tuple[str, int | None]]:
        """``(name, figure)`` pairs in field order."""
        for name in _TALLY_FIELDS:
            yield name, getattr(self, name)

    def __add__(self, other: object) -> CaseTally:
        if not isinstance(other, CaseTally):
            return NotImplemented
        return CaseTally(
            _add_opt(self.supervised, other.supervised),
            _add_opt(self.violations, other.violations),
            _add_opt(self.recommended, other.recommended),
            _add_opt(self.resolved, other.resolved),
        )

    def __radd__(self, other: object) -> CaseTally:
        # ``sum()`` starts from the int 0
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def check(self, path: str = "inspection") -> list[Finding]:
        """Findings for the rules between figures; nothing is checked against a missing figure.

        Rules: ``tally.violations-le-supervised`` (error), ``tally.resolved-le-recommended``
        (error), ``tally.recommended-le-violations`` (warning: boards also recommend
        improvements where they found no violation).  Messages name both figures.
        """
        findings: list[Finding] = []
        for rule, severity, small, big, why in _TALLY_RULES:
            a, b = getattr(self, small), getattr(self, big)
            if a is not None and b is not None and a > b:
                findings.append(
                    Finding(
                        rule,
                        severity,
                        f"{path}.{small}",
                        f"{small} ({a}) must not exceed {big} ({b}){why}",
                        figures={small: a, big: b},
                    )
                )
        return findings

    def to_dict(self) -> dict[str, int | None]:
        """The four figures (``None`` where not reported), in field order."""
        return {name: getattr(self, name) for name in _TALLY_FIELDS}

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><th>{name}</th><td>{_fmt(value)}</td></tr>" for name, value in self.items()
        )
        notes = "".join(f"<li>{html.escape(str(f))}</li>" for f in self.check())
        tail = f"<ul>{notes}</ul>" if notes else ""
        return f"<table><caption>CaseTally</caption><tbody>{cells}</tbody></table>{tail}"


_TALLY_RULES: tuple[tuple[str, Severity, str, str, str], ...] = (
    ("tally.violations-le-supervised", Severity.ERROR, "violations", "supervised", ""),
    ("tally.resolved-le-recommended", Severity.ERROR, "resolved", "recommended", ""),
    (
        "tally.recommended-le-violations",
        Severity.WARNING,
        "recommended",
        "violations",
        " unless the boards also recommended improvements where they found no violation",
    ),
)


def compare(reported: CaseTally, derived: CaseTally, *, path: str = "inspection") -> list[Finding]:
    """Where a reported tally and one derived from case records differ.

    Rule ``tally.matches-records``.

    Only figures known in both are compared; each difference is one error finding.

    >>> [f.message for f in compare(CaseTally(supervised=10, violations=2),
    ...                             CaseTally(supervised=9, violations=2))]
    ['supervised: reported 10, case records give 9 (difference 1)']
    """
    findings = []
    for name in _TALLY_FIELDS:
        a, b = getattr(reported, name), getattr(derived, name)
        if a is not None and b is not None and a != b:
            findings.append(
                Finding(
                    "tally.matches-records",
                    Severity.ERROR,
                    f"{path}.{name}",
                    f"{name}: reported {a}, case records give {b} (difference {a - b})",
                    figures={"reported": a, "derived": b},
                )
            )
    return findings


def tallies_to_pandas(
    tallies: Mapping[str, CaseTally], *, index_name: str = "unit"
) -> pandas.DataFrame:
    """A DataFrame with one row per key and nullable integer columns (needs pandas)."""
    pd = require("pandas")
    frame = pd.DataFrame(
        [t.to_dict() for t in tallies.values()],
        index=pd.Index(list(tallies), name=index_name),
        columns=list(_TALLY_FIELDS),
    )
    return frame.astype("Int64")


@attrs.frozen
class ProjectTally:
    """Projects a community investment supervision board looked at (Ban GSĐT của cộng đồng).

    ``supervised = compliant + with_violations + undetermined`` (Hải Dương 2020:
    342 = 327 + 1 + 14).  Every figure is optional; addition works as for
    :class:`CaseTally` (a sum is known only if every part knows the figure).

    >>> ProjectTally(supervised=342, compliant=327, with_violations=1, undetermined=14).check()
    []
    """

    supervised: int | None = attrs.field(default=None, validator=_count_validator)
    compliant: int | None = attrs.field(default=None, validator=_count_validator)
    with_violations: int | None = attrs.field(default=None, validator=_count_validator)
    undetermined: int | None = attrs.field(default=None, validator=_count_validator)

    def __add__(self, other: object) -> ProjectTally:
        if not isinstance(other, ProjectTally):
            return NotImplemented
        return ProjectTally(
            _add_opt(self.supervised, other.supervised),
            _add_opt(self.compliant, other.compliant),
            _add_opt(self.with_violations, other.with_violations),
            _add_opt(self.undetermined, other.undetermined),
        )

    def __radd__(self, other: object) -> ProjectTally:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def check(self, path: str = "investment") -> list[Finding]:
        """``projects.parts-sum-to-supervised`` when every figure is known; otherwise
        ``projects.parts-le-supervised`` for the parts that are known (both errors)."""
        parts = {
            "compliant": self.compliant,
            "with_violations": self.with_violations,
            "undetermined": self.undetermined,
        }
        known = {k: v for k, v in parts.items() if v is not None}
        if self.supervised is None or not known:
            return []
        total = sum(known.values())
        shown = " + ".join(f"{k} ({v})" for k, v in known.items())
        if len(known) == len(parts) and total != self.supervised:
            return [
                Finding(
                    "projects.parts-sum-to-supervised",
                    Severity.ERROR,
                    f"{path}.supervised",
                    f"{shown} = {total} must equal supervised ({self.supervised})",
                    figures={**known, "supervised": self.supervised},
                )
            ]
        if total > self.supervised:
            return [
                Finding(
                    "projects.parts-le-supervised",
                    Severity.ERROR,
                    f"{path}.supervised",
                    f"{shown} = {total} must not exceed supervised ({self.supervised})",
                    figures={**known, "supervised": self.supervised},
                )
            ]
        return []

    def to_dict(self) -> dict[str, int | None]:
        return attrs.asdict(self)

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><th>{k}</th><td>{_fmt(v)}</td></tr>" for k, v in attrs.asdict(self).items()
        )
        notes = "".join(f"<li>{html.escape(str(f))}</li>" for f in self.check())
        tail = f"<ul>{notes}</ul>" if notes else ""
        return f"<table><caption>ProjectTally</caption><tbody>{cells}</tbody></table>{tail}"


# =====================================================================================
# Boards
# =====================================================================================


class BoardKind(enum.Enum):
    """Where a board sits. Values are the Vietnamese description."""

    COMMUNE = "xã, phường, thị trấn"
    AGENCY = "cơ quan nhà nước, đơn vị sự nghiệp công lập"
    ENTERPRISE = "doanh nghiệp nhà nước"
    INVESTMENT_SUPERVISION = "giám sát đầu tư của cộng đồng"

    def __str__(self) -> str:
        return self.name.lower()


class Role(enum.Enum):
    """A member's role on a board."""

    HEAD = "Trưởng ban"
    DEPUTY = "Phó Trưởng ban"
    MEMBER = "Ủy viên"

    @classmethod
    def parse(cls, text: str | Role) -> Role:
        """From the Vietnamese title (any case, NFC or NFD) or the enum's name."""
        if isinstance(text, Role):
            return text
        key = nfc(text).strip().lower()
        for role in cls:
            if key in (role.value.lower(), role.name.lower()):
                return role
        if key in ("thành viên", "uỷ viên"):
            return cls.MEMBER
        raise InputError(
            f"role must be 'Trưởng ban', 'Phó Trưởng ban' or 'Ủy viên', got {text!r}",
            field="role",
        )


class Terrain(enum.Enum):
    """Terrain class used by the pre-2023 size rule (NĐ 159/2016)."""

    PLAINS = "đồng bằng"
    HILLS = "miền núi, trung du, hải đảo"


class Constituency(enum.Enum):
    """Whom a member of an investment supervision board represents (NĐ 59/2023 Điều 17)."""

    FRONT = "Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã"
    INSPECTION_BOARD = "Ban Thanh tra nhân dân"
    RESIDENTS = "đại diện Nhân dân"


@attrs.frozen
class BoardMember:
    """One member of an inspection board; ``hamlet`` is the thôn/TDP they represent."""

    name: str = attrs.field(converter=_text)
    role: Role = attrs.field(default=Role.MEMBER, validator=attrs.validators.instance_of(Role))
    hamlet: str | None = attrs.field(default=None, converter=_opt_text)


@attrs.frozen
class SupervisionMember:
    """One member of an investment supervision board and the body they represent."""

    name: str = attrs.field(converter=_text)
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

    id: str = attrs.field(converter=_text)
    kind: BoardKind = attrs.field(validator=attrs.validators.instance_of(BoardKind))
    members: tuple[BoardMember, ...] = attrs.field(converter=_members, validator=_members_validator)
    term_start: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    term_end: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )
    unit: str | None = attrs.field(default=None, converter=_opt_unit_code)
    organisation: str | None = attrs.field(default=None, converter=_opt_text)
    elected_by: str | None = attrs.field(default=None, converter=_opt_text)
    elected_on: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )
    recognised_by: str | None = attrs.field(default=None, converter=_opt_text)
    recognised_on: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )
    hamlets: int | None = attrs.field(default=None, validator=_count_validator)
    staff: int | None = attrs.field(default=None, validator=_count_validator)
    population: int | None = attrs.field(default=None, validator=_count_validator)
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
        book = DEFAULT_BOARD_RULES if rulebook is None else rulebook
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

    id: str = attrs.field(converter=_text)
    unit: str = attrs.field(converter=unit_code)
    project: str = attrs.field(converter=_text)
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
        book = DEFAULT_BOARD_RULES if rulebook is None else rulebook
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


_AnyBoard: TypeAlias = "InspectionBoard | InvestmentSupervisionBoard"


# -------------------------------------------------------------------------------------
# Board rules
# -------------------------------------------------------------------------------------

_kinds_validator = attrs.validators.deep_iterable(
    attrs.validators.instance_of(BoardKind), attrs.validators.instance_of(frozenset)
)


class BoardRule(Protocol):
    """What every board rule offers: an id, the kinds and period it covers, a citation."""

    @property
    def id(self) -> str: ...
    @property
    def kinds(self) -> frozenset[BoardKind]: ...
    @property
    def period(self) -> EffectivePeriod: ...
    @property
    def citation(self) -> Citation: ...
    @property
    def severity(self) -> Severity: ...

    def check(self, board: _AnyBoard, path: str) -> list[Finding]: ...


def _finding(rule: BoardRule, path: str, message: str, **figures: Any) -> Finding:
    return Finding(
        rule.id,
        rule.severity,
        path,
        f"{message} [{rule.citation}]",
        figures=figures,
    )


@attrs.frozen
class MemberCountRule:
    """The number of members lies in ``[minimum, maximum]`` (either bound optional)."""

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    kinds: frozenset[BoardKind] = attrs.field(converter=_kinds, validator=_kinds_validator)
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    minimum: int | None = attrs.field(default=None, validator=_count_validator)
    maximum: int | None = attrs.field(default=None, validator=_count_validator)
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        n = len(board.members)
        if self.minimum is not None and n < self.minimum:
            return [
                _finding(
                    self,
                    f"{path}.members",
                    f"a {board.kind} board needs at least {self.minimum} members, has {n}",
                    members=n,
                    minimum=self.minimum,
                )
            ]
        if self.maximum is not None and n > self.maximum:
            return [
                _finding(
                    self,
                    f"{path}.members",
                    f"a {board.kind} board has at most {self.maximum} members, has {n}",
                    members=n,
                    maximum=self.maximum,
                )
            ]
        return []


@attrs.frozen
class OnePerHamletRule:
    """At least one member per thôn / tổ dân phố (when the number of hamlets is known)."""

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    kinds: frozenset[BoardKind] = attrs.field(converter=_kinds, validator=_kinds_validator)
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        hamlets = getattr(board, "hamlets", None)
        n = len(board.members)
        if hamlets is None or n >= hamlets:
            return []
        return [
            _finding(
                self,
                f"{path}.members",
                f"the board needs one member per thôn/tổ dân phố: {hamlets} hamlets, {n} members",
                members=n,
                hamlets=hamlets,
            )
        ]


@attrs.frozen
class LeadershipRule:
    """Exactly ``heads`` Trưởng ban; at most ``max_deputies`` Phó Trưởng ban, or
    ``max_deputies_large`` when the board has ``large_from`` members or more
    (``None`` = no limit)."""

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    kinds: frozenset[BoardKind] = attrs.field(converter=_kinds, validator=_kinds_validator)
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    heads: int = attrs.field(default=1, validator=attrs.validators.ge(0))
    max_deputies: int | None = attrs.field(default=None, validator=_count_validator)
    max_deputies_large: int | None = attrs.field(default=None, validator=_count_validator)
    large_from: int | None = attrs.field(default=None, validator=_count_validator)
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        findings = []
        heads = sum(1 for m in board.members if m.role is Role.HEAD)
        deputies = sum(1 for m in board.members if m.role is Role.DEPUTY)
        if heads != self.heads:
            findings.append(
                _finding(
                    self,
                    f"{path}.members",
                    f"the board must have {self.heads} Trưởng ban, has {heads}",
                    heads=heads,
                )
            )
        limit = self.max_deputies
        if self.large_from is not None and len(board.members) >= self.large_from:
            limit = self.max_deputies_large
        if limit is not None and deputies > limit:
            findings.append(
                _finding(
                    self,
                    f"{path}.members",
                    f"a board of {len(board.members)} members has at most {limit} "
                    f"Phó Trưởng ban, has {deputies}",
                    deputies=deputies,
                    limit=limit,
                )
            )
        return findings


@attrs.frozen
class MinimumStaffRule:
    """No board in a unit with fewer than ``minimum_staff`` staff."""

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    kinds: frozenset[BoardKind] = attrs.field(converter=_kinds, validator=_kinds_validator)
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    minimum_staff: int = attrs.field(default=8, validator=attrs.validators.ge(0))
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        staff = getattr(board, "staff", None)
        if staff is None or staff >= self.minimum_staff:
            return []
        return [
            _finding(
                self,
                f"{path}.staff",
                f"a unit with {staff} staff (fewer than {self.minimum_staff}) has no board",
                staff=staff,
            )
        ]


@attrs.frozen
class TermRule:
    """The term lasts one of ``months`` (within ``tolerance_days``), when its end is known."""

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    kinds: frozenset[BoardKind] = attrs.field(converter=_kinds, validator=_kinds_validator)
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    months: tuple[int, ...] = attrs.field(
        converter=_ints,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(int)),
    )
    tolerance_days: int = attrs.field(default=92, validator=attrs.validators.ge(0))
    severity: Severity = attrs.field(
        default=Severity.WARNING, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        if not isinstance(board, InspectionBoard) or board.term_end is None:
            return []
        start, end = board.term_start, board.term_end
        for m in self.months:
            expected = _add_months(start, m)
            if abs((end - expected).days) <= self.tolerance_days:
                return []
        allowed = " or ".join(_months_text(m) for m in self.months)
        return [
            _finding(
                self,
                f"{path}.term_end",
                f"the term should last {allowed}, got {start} .. {end}",
                term_start=start.isoformat(),
                term_end=end.isoformat(),
            )
        ]


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the end of a shorter month."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months_text(months: int) -> str:
    years, rest = divmod(months, 12)
    if rest == 0:
        return f"{years} years"
    if rest == 6:
        return f"{years}.5 years"
    return f"{months} months"


@attrs.frozen
class SizeBand:
    """Population ``[minimum, maximum)`` and the board sizes allowed for it."""

    minimum: int = attrs.field(validator=attrs.validators.ge(0))
    maximum: int | None = attrs.field(validator=_count_validator)
    sizes: tuple[int, ...] = attrs.field(converter=_ints)

    def contains(self, population: int) -> bool:
        return self.minimum <= population and (self.maximum is None or population < self.maximum)


@attrs.frozen
class PopulationSizeRule:
    """The pre-2023 size rule: on the plains the size depends on population (``bands``);
    in mountain, midland and island communes one member per hamlet, at most ``hills_max``."""

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    kinds: frozenset[BoardKind] = attrs.field(converter=_kinds, validator=_kinds_validator)
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    bands: tuple[SizeBand, ...] = attrs.field(converter=_bands)
    hills_max: int = attrs.field(default=11, validator=attrs.validators.ge(0))
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        if not isinstance(board, InspectionBoard) or board.terrain is None:
            return []
        n = len(board.members)
        if board.terrain is Terrain.HILLS:
            want = board.hamlets
            if want is not None and n != min(want, self.hills_max):
                return [
                    _finding(
                        self,
                        f"{path}.members",
                        f"a mountain, midland or island commune board has one member per "
                        f"hamlet, at most {self.hills_max}: expected {min(want, self.hills_max)}, "
                        f"has {n}",
                        members=n,
                        hamlets=want,
                    )
                ]
            if n > self.hills_max:
                return [
                    _finding(
                        self,
                        f"{path}.members",
                        f"at most {self.hills_max} members, has {n}",
                        members=n,
                    )
                ]
            return []
        if board.population is None:
            return []
        for band in self.bands:
            if band.contains(board.population) and n not in band.sizes:
                sizes = " or ".join(map(str, band.sizes))
                return [
                    _finding(
                        self,
                        f"{path}.members",
                        f"a plains commune of {board.population:,} people has {sizes} members, "
                        f"has {n}",
                        members=n,
                        population=board.population,
                    )
                ]
        return []


@attrs.frozen
class ResidentRepresentativesRule:
    """An investment supervision board has at most ``maximum`` resident representatives and
    at least one member from each of ``required`` constituencies."""

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    kinds: frozenset[BoardKind] = attrs.field(converter=_kinds, validator=_kinds_validator)
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    maximum: int = attrs.field(default=5, validator=attrs.validators.ge(0))
    required: frozenset[Constituency] = attrs.field(
        default=frozenset(Constituency), converter=_constituencies
    )
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        if not isinstance(board, InvestmentSupervisionBoard):
            return []
        findings = []
        residents = sum(1 for m in board.members if m.represents is Constituency.RESIDENTS)
        if residents > self.maximum:
            findings.append(
                _finding(
                    self,
                    f"{path}.members",
                    f"at most {self.maximum} resident representatives, has {residents}",
                    residents=residents,
                )
            )
        present = {m.represents for m in board.members}
        findings.extend(
            _finding(self, f"{path}.members", f"no member represents the {c.value}")
            for c in sorted(self.required - present, key=lambda c: c.name)
        )
        return findings


_RuleTypes = (
    MemberCountRule,
    OnePerHamletRule,
    LeadershipRule,
    MinimumStaffRule,
    TermRule,
    PopulationSizeRule,
    ResidentRepresentativesRule,
)


def _check_rules(instance: BoardRulebook, attribute: attrs.Attribute[Any], value: Any) -> None:
    ids = [r.id for r in value]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(f"rule ids must be unique, got duplicates {dupes}", field="rules")


@attrs.frozen
class BoardRulebook:
    """A versioned set of board rules.  Replace a rule (e.g. one marked unverified) with
    :meth:`replace`, drop one with :meth:`without`, add one with :meth:`with_rule`.

    >>> for r in DEFAULT_BOARD_RULES.in_force(BoardKind.AGENCY, dt.date(2024, 1, 1)):
    ...     print(r.id, r.citation.confidence)
    agency.min-members sure
    agency.max-members sure
    agency.min-staff sure
    agency.leadership likely
    agency.term likely
    """

    rules: tuple[BoardRule, ...] = attrs.field(converter=_board_rules, validator=_check_rules)

    def __iter__(self) -> Iterator[BoardRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> BoardRule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise InputError(
            f"no board rule {rule_id!r}",
            hint="known rules: " + ", ".join(r.id for r in self.rules),
        )

    def replace(self, rule: BoardRule) -> BoardRulebook:
        """A rulebook where the rule with ``rule.id`` is replaced by ``rule``."""
        self.get(rule.id)
        return BoardRulebook(tuple(rule if r.id == rule.id else r for r in self.rules))

    def without(self, rule_id: str) -> BoardRulebook:
        self.get(rule_id)
        return BoardRulebook(tuple(r for r in self.rules if r.id != rule_id))

    def with_rule(self, rule: BoardRule) -> BoardRulebook:
        return BoardRulebook((*self.rules, rule))

    def in_force(self, kind: BoardKind, on: dt.date) -> list[BoardRule]:
        """The rules for ``kind`` in force on ``on``, in rulebook order."""
        return [r for r in self.rules if kind in r.kinds and r.period.contains(on)]

    def check(self, board: _AnyBoard, *, path: str = "board") -> list[Finding]:
        """Every rule in force for the board's kind on its reference date (start of term or
        establishment).  ``board.no-rules`` (info) when none applies."""
        on = board.reference_date
        rules = self.in_force(board.kind, on)
        if not rules:
            return [
                Finding(
                    "board.no-rules",
                    Severity.INFO,
                    path,
                    f"no rule for a {board.kind} board in force on {on}; nothing was checked",
                )
            ]
        findings: list[Finding] = []
        for r in rules:
            findings.extend(r.check(board, path))
        return findings


# -------------------------------------------------------------------------------------
# The shipped rules (shared/domain/FACTS.md §4.3, §4.4)
# -------------------------------------------------------------------------------------

_LAW_2022 = "Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15"
_LAW_START = dt.date(2023, 7, 1)
_ND159_START = dt.date(2017, 2, 1)
_CURRENT = EffectivePeriod(_LAW_START)
_HISTORIC = EffectivePeriod(_ND159_START, _LAW_START)
_C = BoardKind.COMMUNE
_A = BoardKind.AGENCY
_E = BoardKind.ENTERPRISE
_I = BoardKind.INVESTMENT_SUPERVISION

_ND159 = Citation(
    "Nghị định 159/2016/NĐ-CP",
    url="https://plo.vn/dan-duoc-tham-gia-ban-thanh-tra-de-giam-sat-tieu-cuc-post416508.html",
    confidence=Confidence.SURE,
    note="in force 01/02/2017 (replaced NĐ 99/2005) until the 2022 law took effect",
)

DEFAULT_BOARD_RULES = BoardRulebook(
    (
        # --- commune boards under the 2022 law ---------------------------------------
        MemberCountRule(
            "commune.min-members",
            {_C},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 36 khoản 1",
                "https://luatlvn.com/2023/02/17/quy-dinh-ve-ban-thanh-tra-nhan-dan-o-xa-phuong-thi-tran",
                Confidence.SURE,
            ),
            minimum=5,
        ),
        OnePerHamletRule(
            "commune.one-per-hamlet",
            {_C},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 36 khoản 1",
                "https://baogialai.com.vn/ban-thanh-tra-nhan-dan-cap-xa-khong-it-hon-5-thanh-vien-post246310.html",
                Confidence.SURE,
                note="the special rule for communes with fewer than 5 hamlets is not confirmed "
                "(FACTS open question 2)",
            ),
        ),
        LeadershipRule(
            "commune.leadership",
            {_C},
            _CURRENT,
            Citation(
                f"{_LAW_2022}; Nghị định 59/2023/NĐ-CP",
                url="https://dulieuphapluat.vn/tin-tuc/tin-van-ban/nguyen-tac-to-chuc-va-hoat-dong-cua-ban-thanh-tra-nhan-dan-o-xa-phuong-thi-tran-2456/",
                confidence=Confidence.UNSURE,
                note="article not confirmed; up to 2 deputies when the board has 9 or more "
                "members is likely (secondary source); 'at most 1 deputy below 9 members' is "
                "our reading; the commune Front committee sets the number of deputies",
            ),
            heads=1,
            max_deputies=1,
            max_deputies_large=2,
            large_from=9,
        ),
        TermRule(
            "commune.term",
            {_C},
            _CURRENT,
            Citation(
                _LAW_2022,
                confidence=Confidence.LIKELY,
                note="the term of the hamlet heads of the commune: 2.5 or 5 years as the province "
                "chose (secondary source; FACTS open question 2)",
            ),
            months=(30, 60),
        ),
        # --- agency / public-unit boards under the 2022 law --------------------------
        MemberCountRule(
            "agency.min-members",
            {_A},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 60",
                "https://qcdc.bacgiang.gov.vn/chi-tiet-tin-tuc/-/asset_publisher/SUvaAKdUf4CG/content/-ieu-60-to-chuc-ban-thanh-tra-nhan-dan-o-co-quan-on-vi",
                Confidence.SURE,
            ),
            minimum=3,
        ),
        MemberCountRule(
            "agency.max-members",
            {_A},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 60",
                "https://qcdc.bacgiang.gov.vn/chi-tiet-tin-tuc/-/asset_publisher/SUvaAKdUf4CG/content/-ieu-60-to-chuc-ban-thanh-tra-nhan-dan-o-co-quan-on-vi",
                Confidence.SURE,
                note="more than 9 is allowed for dispersed or special units, hence a warning",
            ),
            maximum=9,
            severity=Severity.WARNING,
        ),
        MinimumStaffRule(
            "agency.min-staff",
            {_A},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 60",
                "https://qcdc.bacgiang.gov.vn/chi-tiet-tin-tuc/-/asset_publisher/SUvaAKdUf4CG/content/-ieu-60-to-chuc-ban-thanh-tra-nhan-dan-o-co-quan-on-vi",
                Confidence.SURE,
                note="no board where the unit has 7 staff or fewer",
            ),
            minimum_staff=8,
        ),
        LeadershipRule(
            "agency.leadership",
            {_A},
            _CURRENT,
            Citation(_LAW_2022, "Điều 60", confidence=Confidence.LIKELY),
            heads=1,
        ),
        TermRule(
            "agency.term",
            {_A},
            _CURRENT,
            Citation(_LAW_2022, confidence=Confidence.LIKELY, note="2 years (secondary source)"),
            months=(24,),
        ),
        # --- state-enterprise boards under the 2022 law ------------------------------
        LeadershipRule(
            "enterprise.leadership",
            {_E},
            _CURRENT,
            Citation(_LAW_2022, "Điều 77", confidence=Confidence.LIKELY),
            heads=1,
        ),
        TermRule(
            "enterprise.term",
            {_E},
            _CURRENT,
            Citation(_LAW_2022, confidence=Confidence.LIKELY, note="2 years (secondary source)"),
            months=(24,),
        ),
        # --- commune boards before the 2022 law (NĐ 159/2016) ------------------------
        MemberCountRule("commune-2017.members", {_C}, _HISTORIC, _ND159, minimum=5, maximum=11),
        PopulationSizeRule(
            "commune-2017.size-by-population",
            {_C},
            _HISTORIC,
            _ND159,
            bands=(
                SizeBand(0, 5000, (5, 7)),
                SizeBand(5000, 9000, (7, 9)),
                SizeBand(9000, None, (9, 11)),
            ),
            hills_max=11,
        ),
        LeadershipRule("commune-2017.leadership", {_C}, _HISTORIC, _ND159, heads=1),
        TermRule("commune-2017.term", {_C}, _HISTORIC, _ND159, months=(24,)),
        # --- community investment supervision boards (NĐ 59/2023) ---------------------
        MemberCountRule(
            "investment.min-members",
            {_I},
            _CURRENT,
            Citation(
                "Nghị định 59/2023/NĐ-CP",
                url="http://sonoivu.tuyenquang.gov.vn/cai-cach-hanh-chinh/tin-tuc-su-kien/xay-dung-chinh-quyen-thanh-nien/quy-dinh-ve-thanh-lap-ban-giam-sat-dau-tu-cua-cong-dong-21582.html",
                confidence=Confidence.SURE,
            ),
            minimum=5,
        ),
        ResidentRepresentativesRule(
            "investment.composition",
            {_I},
            _CURRENT,
            Citation(
                "Nghị định 59/2023/NĐ-CP",
                "Điều 17",
                "https://hethongphapluat.com/nghi-dinh-59-2023-nd-cp-huong-dan-luat-thuc-hien-dan-chu-o-co-so/dieu-17",
                Confidence.SURE,
                note="representatives of the commune Front committee, of the BTTND and of the "
                "residents; at most 5 resident representatives",
            ),
            maximum=5,
        ),
        LeadershipRule(
            "investment.leadership",
            {_I},
            _CURRENT,
            Citation(
                "Nghị định 59/2023/NĐ-CP",
                "Điều 17",
                "https://xaydungchinhsach.chinhphu.vn/huong-dan-to-chuc-va-hoat-dong-cua-ban-giam-sat-dau-tu-cua-cong-dong-119230820082221384.htm",
                Confidence.SURE,
            ),
            heads=1,
            max_deputies=2,
        ),
    )
)
"""The board rules qcdc ships, with citations and confidence (``shared/domain/FACTS.md``
§4.3–4.4).  Boards whose term started before 1 February 2017 have no rules here."""


# =====================================================================================
# Cases and their lifecycle
# =====================================================================================


class Subject(enum.Enum):
    """What a case is about."""

    LAND = "đất đai"
    BUDGET = "ngân sách, tài chính"
    CONSTRUCTION = "xây dựng"
    SOCIAL_POLICY = "chính sách xã hội"
    COMPLAINTS = "khiếu nại, tố cáo"
    GRASSROOTS_DEMOCRACY = "thực hiện dân chủ ở cơ sở"
    OTHER = "khác"

    def __str__(self) -> str:
        return self.name.lower()


class Origin(enum.Enum):
    """How a case reached the board."""

    PETITION = "kiến nghị của công dân"
    OWN_PLAN = "kế hoạch của Ban"
    REFERRED = "được chuyển đến"

    def __str__(self) -> str:
        return self.name.lower()


class CaseState(enum.Enum):
    """Where a case is.  Values are the CSV column names of the dated transitions."""

    OPENED = "opened"
    UNDER_SUPERVISION = "under_supervision"
    NO_VIOLATION = "no_violation"
    VIOLATION_FOUND = "violation_found"
    RECOMMENDATION_SENT = "recommendation_sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PARTLY_ACCEPTED = "partly_accepted"
    ESCALATED = "escalated"
    RESOLVED = "resolved"

    def __str__(self) -> str:
        return self.value

    @property
    def vietnamese(self) -> str:
        return _STATE_VI[self]

    @property
    def is_answer(self) -> bool:
        return self in _ANSWERS


_STATE_VI = {
    CaseState.OPENED: "tiếp nhận",
    CaseState.UNDER_SUPERVISION: "đang giám sát",
    CaseState.NO_VIOLATION: "kết luận không có vi phạm",
    CaseState.VIOLATION_FOUND: "kết luận có dấu hiệu vi phạm",
    CaseState.RECOMMENDATION_SENT: "đã kiến nghị",
    CaseState.ACCEPTED: "kiến nghị được chấp nhận",
    CaseState.REJECTED: "kiến nghị không được chấp nhận",
    CaseState.PARTLY_ACCEPTED: "kiến nghị được chấp nhận một phần",
    CaseState.RESOLVED: "đã giải quyết",
    CaseState.ESCALATED: "kiến nghị lên cấp trên",
}
_ANSWERS = frozenset({CaseState.ACCEPTED, CaseState.REJECTED, CaseState.PARTLY_ACCEPTED})

TRANSITIONS: Mapping[CaseState, frozenset[CaseState]] = {
    CaseState.OPENED: frozenset({CaseState.UNDER_SUPERVISION}),
    CaseState.UNDER_SUPERVISION: frozenset({CaseState.NO_VIOLATION, CaseState.VIOLATION_FOUND}),
    # boards also recommend improvements where they found no violation
    CaseState.NO_VIOLATION: frozenset({CaseState.RECOMMENDATION_SENT}),
    CaseState.VIOLATION_FOUND: frozenset({CaseState.RECOMMENDATION_SENT}),
    CaseState.RECOMMENDATION_SENT: frozenset({*_ANSWERS, CaseState.ESCALATED}),
    CaseState.ACCEPTED: frozenset({CaseState.RESOLVED, CaseState.ESCALATED}),
    CaseState.REJECTED: frozenset({CaseState.RESOLVED, CaseState.ESCALATED}),
    CaseState.PARTLY_ACCEPTED: frozenset({CaseState.RESOLVED, CaseState.ESCALATED}),
    CaseState.ESCALATED: frozenset({CaseState.RESOLVED}),
    CaseState.RESOLVED: frozenset(),
}
"""The lifecycle: state → the states a case may go to next.  The graph has no cycles,
so a case visits each state at most once."""

_RANK = {s: i for i, s in enumerate(CaseState)}
# CaseState lists the states in an order compatible with every transition (a
# topological order), so sorting the states a case visited by _RANK gives its path.


class Answer(enum.Enum):
    """The authority's answer to a recommendation."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PARTLY = "partly"

    @property
    def state(self) -> CaseState:
        return _ANSWER_STATE[self]


_ANSWER_STATE = {
    Answer.ACCEPTED: CaseState.ACCEPTED,
    Answer.REJECTED: CaseState.REJECTED,
    Answer.PARTLY: CaseState.PARTLY_ACCEPTED,
}


@attrs.frozen
class Step:
    """One dated state of a case's history."""

    state: CaseState = attrs.field(validator=attrs.validators.instance_of(CaseState))
    on: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))


@attrs.frozen
class Recommendation:
    """What the board recommended (kiến nghị), to whom, and when the authority received it.

    The date it was *sent* is the date of the case's ``recommendation_sent`` step.  A case
    that reached that step always has a recommendation (all fields ``None`` when nothing
    is known of it); a case that did not has none.
    """

    authority: str | None = attrs.field(default=None, converter=_opt_text)
    text: str | None = attrs.field(default=None, converter=_opt_text)
    received: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )


# bit flags of the stages a tally counts
_SUP, _VIOL, _REC, _RES = 1, 2, 4, 8
_STATE_FLAG = {
    CaseState.UNDER_SUPERVISION: _SUP,
    CaseState.VIOLATION_FOUND: _VIOL,
    CaseState.RECOMMENDATION_SENT: _REC,
    CaseState.RESOLVED: _RES,
}


def _check_history(history: tuple[Step, ...]) -> None:
    if not history:
        raise InputError("a case needs at least its opening step", field="history")
    first = history[0]
    if first.state is not CaseState.OPENED:
        raise IllegalTransition(
            "nothing", first.state, reason="a case's history must start with 'opened'"
        )
    for prev, step in itertools.pairwise(history):
        _check_step(prev, step.state, step.on)


def _check_step(prev: Step, to: CaseState, on: dt.date) -> None:
    if to not in TRANSITIONS[prev.state]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[prev.state])) or "none (final)"
        raise IllegalTransition(prev.state, to, reason=f"allowed next states: {allowed}")
    if on < prev.on:
        raise IllegalTransition(
            prev.state,
            to,
            reason=f"date {on.isoformat()} is before the case's last step "
            f"({prev.state} on {prev.on.isoformat()}); dates never go backwards",
        )


def _history_validator(
    instance: InspectionCase, attribute: attrs.Attribute[Any], value: tuple[Step, ...]
) -> None:
    if not all(isinstance(s, Step) for s in value):
        raise InputError("history must hold Step values", field="history")
    _check_history(value)


def _case_validator(instance: InspectionCase, attribute: attrs.Attribute[Any], value: Any) -> None:
    # runs on the last field: cross-field rules
    c = instance
    states = {s.state: s.on for s in c.history}
    sent = states.get(CaseState.RECOMMENDATION_SENT)
    if c.recommendation is not None:
        if sent is None:
            raise InputError(
                "a recommendation is given but the case never reached recommendation_sent",
                field="recommendation",
            )
        received = c.recommendation.received
        if received is not None:
            if received < sent:
                raise InputError(
                    f"received ({received}) must not be before the recommendation was sent "
                    f"({sent})",
                    field="recommendation.received",
                )
            later = [s for s in c.history if _RANK[s.state] > _RANK[CaseState.RECOMMENDATION_SENT]]
            if later and later[0].state.is_answer and later[0].on < received:
                raise InputError(
                    f"received ({received}) must not be after the answer ({later[0].on})",
                    field="recommendation.received",
                )
    if c.escalated_to is not None and CaseState.ESCALATED not in states:
        raise InputError(
            "escalated_to is given but the case was never escalated", field="escalated_to"
        )


def _enum_keys(enum_cls: type[enum.Enum]) -> dict[str, Any]:
    keys: dict[str, Any] = {}
    for member in enum_cls:
        keys[member.name.lower()] = member
        keys[nfc(str(member.value)).lower()] = member
    return keys


_SUBJECT_KEYS = _enum_keys(Subject)
_ORIGIN_KEYS = _enum_keys(Origin)


def _to_subject(value: Subject | str) -> Subject:
    if isinstance(value, Subject):
        return value
    found: Subject = _parse_enum(_SUBJECT_KEYS, value, "subject")
    return found


def _to_origin(value: Origin | str) -> Origin:
    if isinstance(value, Origin):
        return value
    found: Origin = _parse_enum(_ORIGIN_KEYS, value, "origin")
    return found


def _parse_enum(keys: Mapping[str, Any], text: object, field: str) -> Any:
    """By name (``land``) or by Vietnamese label, case-insensitive."""
    if isinstance(text, str):
        found = keys.get(text)
        if found is None:
            found = keys.get(nfc(text).strip().lower())
        if found is not None:
            return found
    choices = ", ".join(sorted({m.name.lower() for m in keys.values()}))
    raise InputError(f"must be one of {choices}, got {text!r}", field=field)


@attrs.frozen
class InspectionCase:
    """A case (vụ việc) a board takes up, with its dated history.

    Change it only through the transition methods (:meth:`supervise`, :meth:`conclude`,
    :meth:`recommend`, :meth:`answer`, :meth:`resolve`, :meth:`escalate`, or the generic
    :meth:`transition`); each returns a new case.  An illegal transition, or one dated
    before the last step, raises :class:`~qcdc.errors.IllegalTransition` naming both
    states.  ``unit`` is the code of the commune-level unit of the board, as of the date
    the case records refer to.
    """

    id: str = attrs.field(converter=_text)
    board: str = attrs.field(converter=_text)
    subject: Subject = attrs.field(converter=_to_subject)
    origin: Origin = attrs.field(converter=_to_origin)
    history: tuple[Step, ...] = attrs.field(converter=_steps, validator=_history_validator)
    unit: str | None = attrs.field(default=None, converter=_opt_unit_code)
    recommendation: Recommendation | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Recommendation)),
    )
    escalated_to: str | None = attrs.field(
        default=None, converter=_opt_text, validator=_case_validator
    )
    # derived from history, for fast tallies: stages reached (bit flags), and the
    # ordinals of the first and last step's dates
    _flags: int = attrs.field(init=False, eq=False, repr=False, hash=False)
    _first: int = attrs.field(init=False, eq=False, repr=False, hash=False)
    _last: int = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        flags = 0
        for s in self.history:
            flags |= _STATE_FLAG.get(s.state, 0)
        object.__setattr__(self, "_flags", flags)
        object.__setattr__(self, "_first", self.history[0].on.toordinal())
        object.__setattr__(self, "_last", self.history[-1].on.toordinal())
        # a case that sent a recommendation always has one, even if nothing is known of it
        if flags & _REC and self.recommendation is None:
            object.__setattr__(self, "recommendation", Recommendation())

    # --- construction ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        id: str,
        *,
        board: str,
        subject: Subject | str,
        origin: Origin | str,
        on: dt.date,
        unit: str | None = None,
    ) -> InspectionCase:
        """A new case in state ``opened`` on ``on``."""
        return cls(id, board, subject, origin, (Step(CaseState.OPENED, on),), unit=unit)

    @classmethod
    def from_dates(
        cls,
        id: str,
        *,
        board: str,
        subject: Subject | str,
        origin: Origin | str,
        dates: Mapping[CaseState, dt.date],
        unit: str | None = None,
        recommendation: Recommendation | None = None,
        escalated_to: str | None = None,
    ) -> InspectionCase:
        """A case from the date it entered each state it visited (one date per state).

        The states are put in lifecycle order and checked against :data:`TRANSITIONS`;
        a state that cannot follow the previous one, or a date before the previous one,
        raises :class:`~qcdc.errors.IllegalTransition` (its ``to_state`` is the state).
        """
        if CaseState.OPENED not in dates:
            raise InputError("a case needs the date it was opened", field="opened")
        history = tuple(Step(state, dates[state]) for state in sorted(dates, key=_RANK.__getitem__))
        return cls(
            id,
            board,
            subject,
            origin,
            history,
            unit=unit,
            recommendation=recommendation,
            escalated_to=escalated_to,
        )

    # --- queries --------------------------------------------------------------------

    @property
    def state(self) -> CaseState:
        return self.history[-1].state

    @property
    def opened(self) -> dt.date:
        return self.history[0].on

    @property
    def updated(self) -> dt.date:
        """The date of the last step."""
        return self.history[-1].on

    def date_of(self, state: CaseState) -> dt.date | None:
        """When the case entered ``state`` (``None`` if it never did)."""
        for s in self.history:
            if s.state is state:
                return s.on
        return None

    def state_on(self, on: dt.date) -> CaseState | None:
        """The state on a date (``None`` before the case was opened)."""
        current = None
        for s in self.history:
            if s.on > on:
                break
            current = s.state
        return current

    def reached(self, state: CaseState, *, by: dt.date | None = None) -> bool:
        """Whether the case entered ``state`` (on or before ``by``, if given)."""
        when = self.date_of(state)
        return when is not None and (by is None or when <= by)

    @property
    def allowed(self) -> frozenset[CaseState]:
        """The states the case may go to next."""
        return TRANSITIONS[self.state]

    # --- transitions ----------------------------------------------------------------

    def transition(
        self,
        to: CaseState,
        on: dt.date,
        *,
        authority: str | None = None,
        text: str | None = None,
        received: dt.date | None = None,
        escalated_to: str | None = None,
    ) -> InspectionCase:
        """The case after moving to ``to`` on ``on``.

        ``authority``, ``text`` and ``received`` describe a recommendation and are only
        accepted with ``to=RECOMMENDATION_SENT``; ``escalated_to`` only with ``ESCALATED``.
        """
        if not isinstance(to, CaseState):
            raise InputError(f"state must be a CaseState, got {to!r}", field="to")
        if not isinstance(on, dt.date):
            raise InputError(f"date must be a datetime.date, got {on!r}", field="on")
        _check_step(self.history[-1], to, on)
        recommendation = self.recommendation
        given = (authority, text, received)
        if to is CaseState.RECOMMENDATION_SENT:
            recommendation = Recommendation(authority, text, received)
        elif any(v is not None for v in given):
            raise IllegalTransition(
                self.state, to, reason="authority, text and received describe a recommendation"
            )
        if escalated_to is not None and to is not CaseState.ESCALATED:
            raise IllegalTransition(self.state, to, reason="escalated_to is only for escalated")
        try:
            return attrs.evolve(
                self,
                history=(*self.history, Step(to, on)),
                recommendation=recommendation,
                escalated_to=escalated_to if to is CaseState.ESCALATED else self.escalated_to,
            )
        except InputError as exc:
            raise IllegalTransition(self.state, to, reason=exc.reason) from None

    def supervise(self, on: dt.date) -> InspectionCase:
        """opened → under supervision."""
        return self.transition(CaseState.UNDER_SUPERVISION, on)

    def conclude(self, on: dt.date, *, violation: bool) -> InspectionCase:
        """under supervision → no violation | signs of violation."""
        to = CaseState.VIOLATION_FOUND if violation else CaseState.NO_VIOLATION
        return self.transition(to, on)

    def recommend(
        self,
        on: dt.date,
        *,
        authority: str | None = None,
        text: str | None = None,
        received: dt.date | None = None,
    ) -> InspectionCase:
        """concluded → recommendation sent (to ``authority``, received on ``received``)."""
        return self.transition(
            CaseState.RECOMMENDATION_SENT, on, authority=authority, text=text, received=received
        )

    def answer(self, on: dt.date, outcome: Answer) -> InspectionCase:
        """recommendation sent → accepted | rejected | partly accepted."""
        if not isinstance(outcome, Answer):
            raise InputError(f"outcome must be an Answer, got {outcome!r}", field="outcome")
        return self.transition(outcome.state, on)

    def resolve(self, on: dt.date) -> InspectionCase:
        """answered or escalated → resolved."""
        return self.transition(CaseState.RESOLVED, on)

    def escalate(self, on: dt.date, *, to: str | None = None) -> InspectionCase:
        """recommendation sent or answered → escalated (to a higher authority ``to``)."""
        return self.transition(CaseState.ESCALATED, on, escalated_to=to)

    def _flags_by(self, as_of: dt.date) -> int:
        if self.history[-1].on <= as_of:
            return self._flags
        flags = 0
        for s in self.history:
            if s.on > as_of:
                break
            flags |= _STATE_FLAG.get(s.state, 0)
        return flags


# =====================================================================================
# Response deadlines
# =====================================================================================


class DayCount(enum.Enum):
    """How a deadline's days are counted."""

    CALENDAR = "calendar"
    WORKING = "working"


@attrs.frozen
class DeadlineRule:
    """The authority answers a recommendation within ``days`` (calendar or working days)
    from receipt; the rule applies to recommendations received within ``period``.

    The day of receipt is not counted.  With ``roll`` (the default) a calendar-day
    deadline that falls on a weekend or public holiday moves to the next working day
    (Bộ luật Dân sự 2015, Điều 148), using the working-day calendar of
    :mod:`qcdc.dates`; outside the years that calendar covers only weekends move it.
    """

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    days: int = attrs.field(validator=[attrs.validators.instance_of(int), attrs.validators.ge(1)])
    count: DayCount = attrs.field(validator=attrs.validators.instance_of(DayCount))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    roll: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def deadline(self, received: dt.date) -> dt.date:
        """The last day on which an answer is in time."""
        calendar = _working_day_calendar()
        if self.count is DayCount.CALENDAR:
            end = received + dt.timedelta(days=self.days)
            if not self.roll:
                return end
            if calendar is not None:
                try:
                    rolled: dt.date = calendar.next_working_day(end)
                except OutOfCoverage:
                    pass
                else:
                    return rolled
            while end.weekday() >= 5:
                end += dt.timedelta(days=1)
            return end
        if calendar is None:  # pragma: no cover - qcdc.dates ships with qcdc
            raise NoApplicableRule(
                "a deadline in working days",
                received,
                detail="the working-day calendar (qcdc.dates) is not available; "
                "use a rule counted in calendar days",
            )
        result: dt.date = calendar.add_working_days(received, self.days)
        return result


def _working_day_calendar() -> Any:
    """The shipped working-day calendar, or ``None`` if :mod:`qcdc.dates` is missing."""
    try:
        dates = importlib.import_module("qcdc.dates")
    except ImportError:  # pragma: no cover - qcdc.dates ships with qcdc
        return None
    return dates.working_day_calendar()


@attrs.frozen
class DeadlineRulebook:
    """Response-deadline rules by period; :meth:`replace` swaps one (e.g. the unverified one)."""

    rules: tuple[DeadlineRule, ...] = attrs.field(converter=_deadline_rules)

    def rule_for(self, received: dt.date) -> DeadlineRule:
        for r in self.rules:
            if r.period.contains(received):
                return r
        raise NoApplicableRule(
            "the response deadline of a board recommendation",
            received,
            detail="pass a DeadlineRulebook covering that date",
        )

    def replace(self, rule: DeadlineRule) -> DeadlineRulebook:
        if not any(r.id == rule.id for r in self.rules):
            raise InputError(
                f"no deadline rule {rule.id!r}",
                hint="known rules: " + ", ".join(r.id for r in self.rules),
            )
        return DeadlineRulebook(tuple(rule if r.id == rule.id else r for r in self.rules))


_ND99 = "Nghị định 99/2005/NĐ-CP"
_ND99_URL = "https://hiv.com.vn/phap-luat/hoat-dong-giam-sat-cua-ban-thanh-tra-nhan-dan-408939"

DEFAULT_DEADLINE_RULES = DeadlineRulebook(
    (
        DeadlineRule(
            "deadline.2005",
            EffectivePeriod(dt.date(2005, 1, 1), _ND159_START),
            15,
            DayCount.CALENDAR,
            Citation(
                _ND99,
                url=_ND99_URL,
                confidence=Confidence.SURE,
                note="15 days from receipt, then the board may escalate to the district "
                "chairman; the period's start (1 January 2005) is approximate",
            ),
        ),
        DeadlineRule(
            "deadline.2017",
            _HISTORIC,
            15,
            DayCount.CALENDAR,
            Citation(
                _ND99,
                url=_ND99_URL,
                confidence=Confidence.UNVERIFIED,
                note="the 2005 rule carried over to NĐ 159/2016; not verified",
            ),
        ),
        DeadlineRule(
            "deadline.2023",
            _CURRENT,
            15,
            DayCount.CALENDAR,
            Citation(
                _ND99,
                url=_ND99_URL,
                confidence=Confidence.UNVERIFIED,
                note="no deadline found in Law 10/2022/QH15 or NĐ 59/2023 (FACTS open "
                "question 1); the 2005 rule is used as a default - replace it when known",
            ),
        ),
    )
)
"""15 days from receipt (NĐ 99/2005), marked unverified after 1 February 2017; a last
day that is a day off moves to the next working day."""


def response_deadline(
    case: InspectionCase, *, rulebook: DeadlineRulebook | None = None
) -> dt.date | None:
    """The last day for the authority's answer, or ``None`` if no recommendation was sent.

    Days count from the date the authority received the recommendation; where that is
    not recorded, from the date it was sent (the earlier, stricter reading).
    """
    sent = case.date_of(CaseState.RECOMMENDATION_SENT)
    if sent is None:
        return None
    received = sent
    if case.recommendation is not None and case.recommendation.received is not None:
        received = case.recommendation.received
    book = DEFAULT_DEADLINE_RULES if rulebook is None else rulebook
    return book.rule_for(received).deadline(received)


@attrs.frozen
class OverdueCase:
    """A case whose recommendation is unanswered past its deadline."""

    case: InspectionCase
    deadline: dt.date
    days_late: int
    rule: DeadlineRule

    def to_dict(self) -> dict[str, Any]:
        rec = self.case.recommendation
        return {
            "id": self.case.id,
            "board": self.case.board,
            "unit": self.case.unit,
            "sent": (self.case.date_of(CaseState.RECOMMENDATION_SENT) or self.deadline).isoformat(),
            "authority": rec.authority if rec else None,
            "deadline": self.deadline.isoformat(),
            "days_late": self.days_late,
            "rule": self.rule.id,
            "confidence": self.rule.citation.confidence.value,
        }


def overdue(
    cases: Iterable[InspectionCase], *, on: dt.date, rulebook: DeadlineRulebook | None = None
) -> list[OverdueCase]:
    """The cases that, on ``on``, wait for an answer past their deadline, most late first.

    A case waits for an answer when its state on ``on`` is ``recommendation_sent``
    (a case already escalated is not listed).  An answer on the deadline day is in time.
    """
    if not isinstance(on, dt.date):
        raise InputError(f"on must be a datetime.date, got {on!r}", field="on")
    book = DEFAULT_DEADLINE_RULES if rulebook is None else rulebook
    found = []
    for case in cases:
        if case.state_on(on) is not CaseState.RECOMMENDATION_SENT:
            continue
        sent = case.date_of(CaseState.RECOMMENDATION_SENT)
        assert sent is not None
        received = sent
        if case.recommendation is not None and case.recommendation.received is not None:
            received = case.recommendation.received
        if received > on:
            continue
        rule = book.rule_for(received)
        deadline = rule.deadline(received)
        if on > deadline:
            found.append(OverdueCase(case, deadline, (on - deadline).days, rule))
    found.sort(key=lambda o: (-o.days_late, o.case.id))
    return found


# =====================================================================================
# Tallies from cases
# =====================================================================================


def _as_of(period: EffectivePeriod, as_of: dt.date | None) -> dt.date:
    if as_of is not None:
        return as_of
    if period.end is None:
        raise InputError(
            "an open-ended period needs as_of=", field="as_of", hint="pass the date to count to"
        )
    return period.end - dt.timedelta(days=1)


def tally(
    cases: Iterable[InspectionCase],
    period: int | EffectivePeriod | Period,
    *,
    as_of: dt.date | None = None,
) -> CaseTally:
    """The tally of the cases opened in ``period``, by the stages they reached by ``as_of``
    (default: the last day of the period).

    ``supervised`` counts cases that went under supervision, ``violations`` those
    concluded with signs of violation, ``recommended`` those with a recommendation sent,
    ``resolved`` those resolved.  Every figure is known (zero when no case qualifies).
    """
    return _sum_tallies(tally_by_unit(cases, period, as_of=as_of).values())


def tally_by_unit(
    cases: Iterable[InspectionCase],
    period: int | EffectivePeriod | Period,
    *,
    as_of: dt.date | None = None,
    key: Callable[[InspectionCase], str | None] | None = None,
) -> dict[str | None, CaseTally]:
    """Tallies (as in :func:`tally`) grouped by unit code, or by ``key(case)``.

    Cases without a unit are grouped under ``None``.  The keys are sorted (``None`` last).
    """
    p = _as_period(period)
    last = _as_of(p, as_of)
    # compare date ordinals (ints): this loop runs once per case record
    start_o = p.start.toordinal()
    stop_o = min((p.end or dt.date.max).toordinal(), last.toordinal() + 1)
    last_o = last.toordinal()
    counts: dict[str | None, list[int]] = {}
    get = counts.get
    for case in cases:
        first = case._first
        if first < start_o or first >= stop_o:
            continue
        group = case.unit if key is None else key(case)
        bucket = get(group)
        if bucket is None:
            bucket = counts[group] = [0] * 16
        if case._last <= last_o:
            bucket[case._flags] += 1
        else:
            bucket[case._flags_by(last)] += 1
    return {k: _tally_from_buckets(counts[k]) for k in sorted(counts, key=_none_last)}


def _none_last(key: str | None) -> tuple[bool, str]:
    return (key is None, key or "")


def _tally_from_buckets(b: list[int]) -> CaseTally:
    """The tally from counts indexed by stage flags (bits: _SUP, _VIOL, _REC, _RES)."""
    return CaseTally(
        sum(b[1::2]),
        b[2] + b[3] + b[6] + b[7] + b[10] + b[11] + b[14] + b[15],
        sum(b[4:8]) + sum(b[12:16]),
        sum(b[8:16]),
    )


def _sum_tallies(tallies: Iterable[CaseTally]) -> CaseTally:
    total = CaseTally.zero()
    for t in tallies:
        total = total + t
    return total


# =====================================================================================
# Roll-ups through the gazetteer
# =====================================================================================


@attrs.frozen
class Rollup:
    """Tallies carried from the units of ``on`` to the units of ``to`` at ``level``.

    ``approximate`` names the units whose figure is approximate because a unit that
    reported was split and its whole tally went to its default successor (the other
    successors' figures are approximate too, and are listed even if they received no
    tally).  ``splits`` maps each split source unit to all its successors.
    ``unresolved`` maps each unit whose tally was dropped (``on_unresolved='drop'``) to
    the reason; :meth:`total` then leaves those tallies out.
    """

    tallies: Mapping[str, CaseTally]
    on: dt.date
    to: dt.date
    level: UnitLevel
    approximate: frozenset[str] = frozenset()
    splits: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    unresolved: Mapping[str, str] = attrs.field(factory=dict)

    def __getitem__(self, code: str) -> CaseTally:
        return self.tallies[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tallies)

    def __len__(self) -> int:
        return len(self.tallies)

    def total(self) -> CaseTally:
        """The sum of every unit's tally."""
        return _sum_tallies(self.tallies.values())

    def check(self, path: str = "rollup") -> list[Finding]:
        """Every unit's :meth:`CaseTally.check`, with paths like ``rollup[01]``."""
        findings = []
        for code, t in self.tallies.items():
            findings.extend(t.check(f"{path}[{code}]"))
        return findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "to": self.to.isoformat(),
            "level": self.level.name.lower(),
            "tallies": {code: t.to_dict() for code, t in self.tallies.items()},
            "total": self.total().to_dict(),
            "approximate": sorted(self.approximate),
            "splits": {k: list(v) for k, v in sorted(self.splits.items())},
            "unresolved": dict(sorted(self.unresolved.items())),
        }

    def to_pandas(self) -> pandas.DataFrame:
        """One row per unit, nullable integer columns and an ``approximate`` column."""
        frame = tallies_to_pandas(self.tallies)
        frame["approximate"] = [code in self.approximate for code in self.tallies]
        return frame

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{n}</th>" for n in ("unit", *_TALLY_FIELDS))
        rows = []
        for code, t in self.tallies.items():
            mark = " ≈" if code in self.approximate else ""
            cells = "".join(f"<td>{_fmt(v)}</td>" for _, v in t.items())
            rows.append(f"<tr><td>{html.escape(code)}{mark}</td>{cells}</tr>")
        total = "".join(f"<td>{_fmt(v)}</td>" for _, v in self.total().items())
        caption = (
            f"{len(self.tallies)} {self.level.name.lower()} tallies, units of {self.on} "
            f"as of {self.to}" + (" (≈ approximate because of splits)" if self.approximate else "")
        )
        return (
            f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}<tr><th>total</th>{total}</tr></tbody></table>"
        )


def _level_of(unit: AdministrativeUnit | str) -> UnitLevel:
    if isinstance(unit, AdministrativeUnit):
        return unit.level
    return {2: UnitLevel.PROVINCE, 3: UnitLevel.DISTRICT, 5: UnitLevel.COMMUNE}[len(unit)]


def _code_of(unit: AdministrativeUnit | str) -> str:
    return unit.code if isinstance(unit, AdministrativeUnit) else unit


def rollup(
    tallies_by_unit: Mapping[str, CaseTally],
    *,
    on: dt.date,
    to: dt.date | None = None,
    level: UnitLevel = UnitLevel.PROVINCE,
    on_split: Literal["default", "error"] = "default",
    on_unresolved: Literal["error", "drop"] = "error",
    gazetteer: GazetteerLike | None = None,
) -> Rollup:
    """Carry tallies recorded under the units of ``on`` to the units of ``to`` (default:
    ``on``), then up to ``level``.

    Each unit is projected through the lineage (``gazetteer.project``); a merged unit's
    tally goes to the unit it merged into; a split unit's tally goes whole to its default
    successor (``on_split='default'``, the result lists the figures this makes
    approximate) or the call raises :class:`~qcdc.errors.SplitConversion`
    (``on_split='error'``).  Then each unit of ``to`` is replaced by its ancestor at
    ``level``.

    Raises :class:`~qcdc.errors.UnknownUnit` for a code that does not exist on ``on``,
    or that the lineage cannot follow to ``to`` (``on_unresolved='error'``; with
    ``'drop'`` such tallies are left out and listed in :attr:`Rollup.unresolved` with the
    reason), and :class:`RollupError` when a unit has no ancestor at ``level`` on ``to``
    (there are no districts from 1 July 2025).  The embedded gazetteer is used unless
    ``gazetteer`` is given.
    """
    if on_split not in ("default", "error"):
        raise InputError(
            f"on_split must be 'default' or 'error', got {on_split!r}", field="on_split"
        )
    if on_unresolved not in ("error", "drop"):
        raise InputError(
            f"on_unresolved must be 'error' or 'drop', got {on_unresolved!r}",
            field="on_unresolved",
        )
    if not isinstance(level, UnitLevel):
        raise InputError(f"level must be a UnitLevel, got {level!r}", field="level")
    target_date = on if to is None else to
    gz: GazetteerLike
    if gazetteer is None:
        from qcdc.units.gazetteer import gazetteer as _embedded

        gz = _embedded()
    else:
        gz = gazetteer

    up_cache: dict[str, str] = {}

    def up(code: str) -> str:
        found = up_cache.get(code)
        if found is not None:
            return found
        unit = gz.get(code, on=target_date)
        if unit is None:
            raise UnknownUnit(code, target_date)
        result: str | None = None
        if unit.level == level:
            result = code
        elif unit.level < level:
            raise RollupError(
                f"unit {unit} is a {unit.kind.vietnamese}, above the level asked "
                f"({level.name.lower()}); roll up to {unit.level.name.lower()} or higher"
            )
        else:
            for anc in gz.ancestors(code, on=target_date):
                if _level_of(anc) == level:
                    result = _code_of(anc)
                    break
        if result is None:
            raise RollupError(
                f"unit {unit} has no {level.name.lower()}-level ancestor on "
                f"{target_date.isoformat()}"
                + (
                    "; there are no districts from 1 July 2025"
                    if level is UnitLevel.DISTRICT
                    else ""
                )
            )
        up_cache[code] = result
        return result

    acc: dict[str, CaseTally] = {}
    splits: dict[str, tuple[str, ...]] = {}
    unresolved: dict[str, str] = {}
    approximate: set[str] = set()
    for raw_code, t in tallies_by_unit.items():
        if not isinstance(t, CaseTally):
            raise InputError(f"must be a CaseTally, got {t!r}", field=f"tallies[{raw_code!r}]")
        try:
            code = unit_code(raw_code)
        except InvalidUnitCode as exc:
            raise InputError(str(exc), field=f"tallies[{raw_code!r}]") from None
        if to is None or to == on:
            if gz.get(code, on=on) is None:
                raise UnknownUnit(code, on)
            target: str = code
        else:
            projection = gz.project(code, on=on, to=target_date)
            status = projection.status
            targets = tuple(projection.targets)
            if status == "unresolved" or not targets:
                reason = getattr(projection, "reason", None) or "the lineage records no successor"
                if on_unresolved == "drop":
                    unresolved[code] = reason
                    continue
                raise UnknownUnit(
                    code,
                    target_date,
                    detail=f"the unit of {on.isoformat()} cannot be followed: {reason}",
                )
            if status == "split" and len(targets) > 1:
                all_codes = tuple(sorted(x.code for x in targets))
                splits[code] = all_codes
                if on_split == "error":
                    continue
                chosen = next((x for x in targets if x.default), targets[0])
                target = chosen.code
                keys = {up(c) for c in all_codes}
                if len(keys) > 1:
                    approximate.update(keys)
            else:
                target = next((x for x in targets if x.default), targets[0]).code
        key = up(target)
        prev = acc.get(key)
        acc[key] = t if prev is None else prev + t
    if on_split == "error" and splits:
        raise SplitConversion(splits)
    return Rollup(
        {k: acc[k] for k in sorted(acc)},
        on,
        target_date,
        level,
        frozenset(approximate),
        splits,
        unresolved,
    )
