"""The registry: the communities of an area on a date, checked against the gazetteer.

A :class:`HamletRegistry` holds the communities of an area on one date and is validated
against the gazetteer on that date (unknown communes, a thôn outside a xã or a tổ dân phố
outside a phường or thị trấn, duplicate ids or names).  :meth:`HamletRegistry.assess` says
what the standards make of each community's size (:class:`CommunityAssessment`).  Merger
plans live in :mod:`qcdc.hamlets.plans`, their summaries in :mod:`qcdc.hamlets.summaries`.

>>> import datetime as dt
>>> from qcdc.units.gazetteer import Gazetteer
>>> from qcdc.units import AdministrativeUnit
>>> g = Gazetteer.from_units([
...     AdministrativeUnit("tỉnh", "01", "Tỉnh Mẫu"),
...     AdministrativeUnit("huyện", "001", "Huyện Mẫu", "01"),
...     AdministrativeUnit("xã", "00001", "Xã Mẫu", "001")])
>>> on = dt.date(2021, 12, 17)
>>> reg = HamletRegistry.build([
...     Community("T1", "Thôn Đông", "thôn", "00001", 120),
...     Community("T2", "Thôn Tây", "thôn", "00001", 190),
...     Community("T3", "Thôn Nam", "thôn", "00001", 320)], on=on, gazetteer=g)
>>> [(a.community.id, a.status.value) for a in reg.assess()]
[('T1', 'must merge'), ('T2', 'may merge'), ('T3', 'complies')]
>>> plan = MergerPlan([Merger(["T1", "T2"], target_id="T4", target_name="Thôn Đông Tây",
...                           effective=on, basis="NQ 01/2021")])
>>> plan.check(reg)
[]
>>> out = plan.apply(reg)
>>> [(c.id, c.households) for c in out.after]
[('T4', 310), ('T3', 320)]
>>> s = summarize(reg, out, by=UnitLevel.DISTRICT)
>>> s.total.before, s.total.after, s.total.reduction, s.total.reduction_percent
(3, 2, 1, Decimal('33.3'))
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from qcdc._optional import require
from qcdc.errors import QcdcError
from qcdc.findings import Finding, Severity, raise_for
from qcdc.hamlets._derived import Memo, grouped
from qcdc.hamlets.actions import (  # re-exported, as the plans and summaries below
    Action,
    ActionKind,
    Conversion,
    Dissolution,
    Merger,
    Rename,
)
from qcdc.hamlets.model import (
    AmbiguousCommunity,
    Community,
    CommunityKey,
    CommunityKind,
    CommunityRef,
    UnknownCommunity,
)
from qcdc.hamlets.plans import MergerPlan
from qcdc.hamlets.regions import TWO_TIER_START
from qcdc.hamlets.standards import (
    DEFAULT_RULEBOOK,
    Assessment,
    CommunityFamily,
    MergeStatus,
    Rulebook,
)
from qcdc.hamlets.summaries import ChangeCounts, PlanOutcome, Summary, SummaryRow, summarize
from qcdc.text import search_key
from qcdc.units import AdministrativeUnit, GazetteerLike, UnitKind, UnitLevel

__all__ = [
    "TT05_2022_START",
    "Action",
    "ActionKind",
    "AmbiguousCommunity",
    "ChangeCounts",
    "Community",
    "CommunityAssessment",
    "CommunityFamily",
    "CommunityKey",
    "CommunityKind",
    "CommunityRef",
    "Conversion",
    "Dissolution",
    "HamletRegistry",
    "MergeStatus",
    "Merger",
    "MergerPlan",
    "PlanOutcome",
    "Rename",
    "Summary",
    "SummaryRow",
    "UnknownCommunity",
    "summarize",
]

TT05_2022_START = dt.date(2022, 5, 23)
"""Since Thông tư 05/2022/TT-BNV the provincial chairman decides thôn → tổ dân phố conversions."""

_DAY = dt.timedelta(days=1)
_KEY = operator.attrgetter("commune_code", "id")  # a community's key, made in C
_NAME = operator.attrgetter("name")
_COMMUNE = operator.attrgetter("commune_code")


# --------------------------------------------------------------------------- gazetteer


def _default_gazetteer() -> GazetteerLike:
    from qcdc.units.gazetteer import gazetteer

    return gazetteer()


_Above = tuple["AdministrativeUnit | None", "AdministrativeUnit | None"]
"""The district and the province above a unit (``None``: none in the gazetteer)."""


@attrs.frozen
class _Place:
    unit: AdministrativeUnit | None
    district: AdministrativeUnit | None
    province: AdministrativeUnit | None
    problem: str | None


# --------------------------------------------------------------------------- registry


@attrs.frozen
class CommunityAssessment:
    """A community and what the standards say about its size on the registry's date."""

    community: Community
    assessment: Assessment

    @property
    def status(self) -> MergeStatus:
        return self.assessment.status

    def to_dict(self) -> dict[str, Any]:
        a = self.assessment
        return {
            "id": self.community.id,
            "commune_code": self.community.commune_code,
            "name": self.community.name,
            "kind": self.community.kind.value,
            "households": a.households,
            "minimum": a.minimum,
            "status": a.status.value,
            "rule": a.rule.rule_id,
            "document": a.rule.citation.document,
            "region": a.region.region.value if a.region is not None else None,
            "confidence": a.confidence.value,
            "why": a.explain(),
        }


def _to_communities(value: Iterable[Community]) -> tuple[Community, ...]:
    return tuple(value)


@attrs.frozen
class HamletRegistry:
    """The communities of an area on a date, checked against a gazetteer on that date.

    The constructor does not validate; :meth:`build` does (and raises one
    :class:`~qcdc.errors.ValidationFailed`), :meth:`check` lists findings.
    Equality compares the communities (in order) and the date.
    """

    communities: tuple[Community, ...] = attrs.field(converter=_to_communities)
    on: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    gazetteer: GazetteerLike = attrs.field(factory=_default_gazetteer, eq=False, repr=False)
    _places: Memo[tuple[str, dt.date], _Place] = attrs.field(init=False, eq=False, repr=False)
    _analyses: Memo[tuple[int, int], Any] = attrs.field(init=False, eq=False, repr=False)
    """the analyses of the last few plans (see :func:`qcdc.hamlets.plans._analysis`)."""
    _above: Memo[tuple[str | None, dt.date], _Above] = attrs.field(init=False, eq=False, repr=False)
    """the district and province above each parent of a commune, by date."""

    def __attrs_post_init__(self) -> None:
        # the gazetteer's answer for a commune on a date: room for every commune on a few dates
        object.__setattr__(self, "_places", Memo(4 * len(self.communities) + 1024))
        object.__setattr__(self, "_above", Memo(4 * len(self.communities) + 1024))
        object.__setattr__(self, "_analyses", Memo(4))

    @classmethod
    def build(
        cls,
        communities: Iterable[Community],
        *,
        on: dt.date,
        gazetteer: GazetteerLike | None = None,
        validate: bool = True,
    ) -> HamletRegistry:
        """A registry on ``on``; with ``validate=True`` every error-level finding of
        :meth:`check` is raised in one :class:`~qcdc.errors.ValidationFailed`."""
        reg = cls(communities, on=on, gazetteer=gazetteer or _default_gazetteer())
        if validate:
            reg.validate()
        return reg

    # -- container -----------------------------------------------------------

    def __dask_tokenize__(self) -> tuple[object, ...]:
        """The same token for the same communities, date and gazetteer, in any process;
        what the registry has memoised does not count."""
        from dask.base import tokenize  # only dask calls this

        return (
            "qcdc.HamletRegistry",
            self.on.isoformat(),
            self.communities,
            tokenize(self.gazetteer),
        )

    def __len__(self) -> int:
        return len(self.communities)

    def __iter__(self) -> Iterator[Community]:
        return iter(self.communities)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Community):
            i = self._index.get(item.key)
            return i is not None and self.communities[i] == item
        return item in self._index

    def get(self, commune_code: str, id: str) -> Community | None:
        """The community with this id in this commune, or ``None``."""
        i = self._index.get((commune_code, id))
        return None if i is None else self.communities[i]

    def resolve(self, ref: CommunityRef | str) -> Community:
        """The community a reference names; raises :class:`UnknownCommunity` or
        :class:`AmbiguousCommunity`."""
        ref = CommunityRef.parse(ref)
        found, problem = self._resolve(ref)
        if found is None:
            assert problem is not None
            rule, message = problem
            if rule == "plan.ambiguous-source":
                raise AmbiguousCommunity(message)
            raise UnknownCommunity(message)
        return found

    def _resolve(self, ref: CommunityRef) -> tuple[Community | None, tuple[str, str] | None]:
        if ref.commune_code is not None:
            i = self._index.get((ref.commune_code, ref.id))
            if i is None:
                return None, (
                    "plan.unknown-source",
                    f"no community {ref.id!r} in commune {ref.commune_code} "
                    f"in the registry of {self.on.isoformat()}",
                )
            return self.communities[i], None
        keys = self._by_id.get(ref.id, ())
        if len(keys) == 1:
            return self.communities[self._index[keys[0]]], None
        if not keys:
            return None, (
                "plan.unknown-source",
                f"no community with id {ref.id!r} in the registry of {self.on.isoformat()}",
            )
        where = ", ".join(f"{k[0]}:{k[1]}" for k in keys[:5])
        return None, (
            "plan.ambiguous-source",
            f"id {ref.id!r} is used in {len(keys)} communes ({where}); "
            "qualify it with its commune code, e.g. " + f"'{keys[0][0]}:{ref.id}'",
        )

    # the indexes below are derived from the (immutable) communities, once, when first used
    # (a registry that is only read in order, as the one a plan makes often is, never
    # pays for them); they are built by C loops (map, zip, dict) over the communities

    @functools.cached_property
    def _index(self) -> dict[CommunityKey, int]:
        """key → the position of the first community with that key."""
        comms = self.communities
        index = dict(zip(map(_KEY, comms), range(len(comms)), strict=True))
        if len(index) != len(comms):  # a duplicate key (an invalid registry): the first wins
            index = {}
            for i, key in enumerate(map(_KEY, comms)):
                index.setdefault(key, i)
        return index

    @functools.cached_property
    def _by_id(self) -> dict[str, tuple[CommunityKey, ...]]:
        """id → the keys of the communities with that id (one per commune)."""
        return grouped((key[1], key) for key in self._index)

    @functools.cached_property
    def _by_commune(self) -> dict[str, tuple[int, ...]]:
        """commune code → the positions of its communities."""
        return grouped((c.commune_code, i) for i, c in enumerate(self.communities))

    @functools.cached_property
    def _name_keys(self) -> list[tuple[str, str]]:
        """The (commune, name key) of every community, by position (each distinct name is
        normalised once)."""
        comms = self.communities
        keys = {name: search_key(name) for name in dict.fromkeys(map(_NAME, comms))}
        return list(
            zip(map(_COMMUNE, comms), map(keys.__getitem__, map(_NAME, comms)), strict=True)
        )

    @functools.cached_property
    def _name_index(self) -> dict[tuple[str, str], int]:
        """(commune, name key) → the position of the first community with it (the others,
        in an invalid registry, are in :attr:`_name_repeats`)."""
        keys = self._name_keys
        # written last to first, so that of several communities with one key the first stays
        return dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))

    @functools.cached_property
    def _name_repeats(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """(commune, name key) → every position, for the keys that several communities
        share (empty for a valid registry)."""
        keys = self._name_keys
        if len(self._name_index) == len(keys):
            return {}
        every = grouped(zip(keys, range(len(keys)), strict=True))
        return {key: positions for key, positions in every.items() if len(positions) > 1}

    def _named(self, commune_code: str, name_key: str) -> tuple[int, ...]:
        """The positions of the communities of a commune with this name key."""
        key = (commune_code, name_key)
        repeats = self._name_repeats
        if repeats and key in repeats:
            return repeats[key]
        first = self._name_index.get(key)
        return () if first is None else (first,)

    def in_commune(self, commune_code: str) -> tuple[Community, ...]:
        """The communities of one commune, in registry order."""
        return tuple(self.communities[i] for i in self._by_commune.get(commune_code, ()))

    def commune_codes(self) -> tuple[str, ...]:
        """The commune codes that have communities, sorted."""
        return tuple(sorted(self._by_commune))

    @property
    def households(self) -> int:
        return sum(c.households for c in self.communities)

    # -- the gazetteer side ----------------------------------------------------

    def _place(self, commune_code: str, on: dt.date | None = None) -> _Place:
        when = self.on if on is None else on
        key = (commune_code, when)
        found = self._places.get(key)
        if found is not None:
            return found
        try:
            unit = self.gazetteer.get(commune_code, on=when)
            district = province = None
            problem = None
            if unit is None:
                problem = f"no commune {commune_code} in the gazetteer on {when.isoformat()}"
            else:
                district, province = self._district_and_province(commune_code, unit, when)
        except QcdcError as exc:
            unit = district = province = None
            problem = str(exc)
        found = _Place(unit, district, province, problem)
        self._places.put(key, found)
        return found

    def _district_and_province(self, code: str, unit: AdministrativeUnit, when: dt.date) -> _Above:
        """The district and province among a unit's ancestors.  The ancestors are its
        parent's and those above, so they are worked out once per parent and date (a
        district's sixty communes ask the gazetteer once)."""
        key = (unit.parent_code, when)
        found = self._above.get(key)
        if found is None:
            district = province = None
            for anc in self.gazetteer.ancestors(code, on=when):
                if anc.level is UnitLevel.DISTRICT and district is None:
                    district = anc
                elif anc.level is UnitLevel.PROVINCE:
                    province = anc
            found = (district, province)
            self._above.put(key, found)
        return found

    def unit(self, commune_code: str) -> AdministrativeUnit | None:
        """The commune-level unit of this code on the registry's date."""
        return self._place(commune_code).unit

    def province_code(self, commune_code: str) -> str | None:
        """The province of a commune on the registry's date (``None`` if unknown)."""
        p = self._place(commune_code).province
        return None if p is None else p.code

    def district_code(self, commune_code: str) -> str | None:
        """The district of a commune on the registry's date (``None`` after 1 July 2025)."""
        d = self._place(commune_code).district
        return None if d is None else d.code

    # -- validation --------------------------------------------------------------

    def _check(self) -> list[Finding]:
        findings: list[Finding] = []
        seen: dict[CommunityKey, int] = {}
        names: dict[tuple[str, str], int] = {}
        on = self.on
        for i, c in enumerate(self.communities):
            p = f"communities[{i}]"
            first = seen.setdefault(c.key, i)
            if first != i:
                findings.append(
                    _error(
                        "registry.duplicate-id",
                        f"{p}.id",
                        f"id {c.id!r} is used twice in commune {c.commune_code} "
                        f"(also communities[{first}]); ids must be unique within a commune",
                    )
                )
            nkey = (c.commune_code, search_key(c.name))
            other = names.setdefault(nkey, i)
            if other != i:
                findings.append(
                    _error(
                        "registry.duplicate-name",
                        f"{p}.name",
                        f"name {c.name!r} is already used in commune {c.commune_code} by "
                        f"{self.communities[other].name!r} (communities[{other}]); "
                        "names must differ within a commune (compared without accents)",
                    )
                )
            if not c.in_force(on):
                findings.append(
                    _error(
                        "registry.not-in-force",
                        p,
                        f"{c} is not in force on {on.isoformat()} "
                        f"(valid {c.valid_from or '…'} to {c.valid_to or '…'})",
                    )
                )
            if c.population is not None and c.population < c.households:
                findings.append(
                    Finding(
                        "registry.population-below-households",
                        Severity.WARNING,
                        f"{p}.population",
                        f"population ({c.population}) is below households ({c.households})",
                    )
                )
            place = self._place(c.commune_code)
            if place.unit is None:
                findings.append(
                    _error(
                        "registry.unknown-commune",
                        f"{p}.commune_code",
                        f"{c.id}: {place.problem}",
                    )
                )
                continue
            if place.unit.level is not UnitLevel.COMMUNE:
                findings.append(
                    _error(
                        "registry.not-a-commune",
                        f"{p}.commune_code",
                        f"{c.commune_code} is {place.unit.name}, not a commune-level unit",
                    )
                )
                continue
            family_finding = self._family_finding(c, place.unit, f"{p}.kind")
            if family_finding is not None:
                findings.append(family_finding)
        return findings

    def _family_finding(
        self, c: Community, unit: AdministrativeUnit, path: str, on: dt.date | None = None
    ) -> Finding | None:
        return _family_problem(
            c.family, c.kind, unit, path, self.on if on is None else on, self.gazetteer, c
        )

    def _kind_finding(
        self, kind: CommunityKind, unit: AdministrativeUnit, on: dt.date
    ) -> Finding | None:
        """Whether a community of this kind fits this unit on this date (for plans)."""
        return _family_problem(kind.family, kind, unit, "", on, self.gazetteer, None)

    def check(self) -> list[Finding]:
        """Every problem of the registry: unknown communes, a thôn outside a xã or a
        tổ dân phố outside a phường/thị trấn (with the conversion rule), duplicate
        ids or names within a commune, communities not in force on the date."""
        return self._check()

    def validate(self) -> HamletRegistry:
        """Raise one :class:`~qcdc.errors.ValidationFailed` holding every error; return self."""
        raise_for("hamlet registry", self.check())
        return self

    # -- standards -----------------------------------------------------------------

    def assess(self, rulebook: Rulebook | None = None) -> list[CommunityAssessment]:
        """What the standards say about every community whose commune the gazetteer knows.

        Communities in unknown communes are left out (:meth:`check` reports them).
        Raises :class:`~qcdc.errors.NoApplicableRule` when the rulebook has no rule
        in force on the registry's date.
        """
        book = rulebook or DEFAULT_RULEBOOK
        out = []
        for c in self.communities:
            place = self._place(c.commune_code)
            if place.province is None:
                continue
            out.append(
                CommunityAssessment(
                    c,
                    book.assess(
                        c.households,
                        c.family,
                        province_code=place.province.code,
                        on=self.on,
                        commune_code=c.commune_code,
                        border=c.border,
                        island=c.island,
                    ),
                )
            )
        return out

    def must_merge(self, rulebook: Rulebook | None = None) -> list[CommunityAssessment]:
        """The communities below 50 % of their minimum."""
        return [a for a in self.assess(rulebook) if a.status is MergeStatus.MUST_MERGE]

    def may_merge(self, rulebook: Rulebook | None = None) -> list[CommunityAssessment]:
        """The communities at 50–100 % of their minimum."""
        return [a for a in self.assess(rulebook) if a.status is MergeStatus.MAY_MERGE]

    # -- output ------------------------------------------------------------------------

    def to_records(self) -> list[dict[str, str]]:
        return [c.to_record() for c in self.communities]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per community (needs ``qcdc[pandas]``)."""
        pd = require("pandas")
        return pd.DataFrame(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "kind": c.kind.value,
                    "family": c.family.value,
                    "commune_code": c.commune_code,
                    "households": c.households,
                    "population": c.population,
                    "area_km2": c.area_km2,
                    "border": c.border,
                    "island": c.island,
                }
                for c in self.communities
            ],
            columns=[
                "id",
                "name",
                "kind",
                "family",
                "commune_code",
                "households",
                "population",
                "area_km2",
                "border",
                "island",
            ],
        )

    def _repr_html_(self) -> str:
        head = self.communities[:20]
        rows = "".join(
            f"<tr><td>{html.escape(c.commune_code)}</td><td>{html.escape(c.id)}</td>"
            f"<td>{html.escape(c.name)}</td><td>{html.escape(c.kind.value)}</td>"
            f"<td style='text-align:right'>{c.households}</td></tr>"
            for c in head
        )
        more = (
            f"<p>… and {len(self.communities) - len(head)} more</p>"
            if len(self.communities) > len(head)
            else ""
        )
        return (
            f"<p>HamletRegistry on {self.on.isoformat()}: {len(self.communities)} communities, "
            f"{self.households} households</p><table><thead><tr><th>commune</th><th>id</th>"
            f"<th>name</th><th>kind</th><th>households</th></tr></thead><tbody>{rows}"
            f"</tbody></table>{more}"
        )

    @classmethod
    def _trusted(
        cls, communities: Sequence[Community], on: dt.date, gazetteer: GazetteerLike
    ) -> HamletRegistry:
        return cls(communities, on=on, gazetteer=gazetteer)


def _error(rule: str, path: str, message: str, **figures: Any) -> Finding:
    return Finding(rule, Severity.ERROR, path, message, figures)


def _warning(rule: str, path: str, message: str, **figures: Any) -> Finding:
    return Finding(rule, Severity.WARNING, path, message, figures)


def _conversion_rule(on: dt.date) -> str:
    if on < TT05_2022_START:
        return (
            "under Thông tư 04/2012/TT-BNV the thôn of a xã that becomes a phường or thị trấn "
            "become tổ dân phố"
        )
    return (
        "since Thông tư 05/2022/TT-BNV the chairman of the provincial People's Committee "
        "decides the conversion of the thôn of a xã that became a phường or thị trấn"
    )


def _family_problem(
    family: CommunityFamily,
    kind: CommunityKind,
    unit: AdministrativeUnit,
    path: str,
    on: dt.date,
    gazetteer: GazetteerLike,
    community: Community | None,
) -> Finding | None:
    """A thôn must be in a xã, a tổ dân phố in a phường or thị trấn (legal basis §1.5)."""
    ukind = unit.kind
    what = f"{community.id} ({kind.value})" if community is not None else f"a {kind.value}"
    if ukind is UnitKind.SPECIAL_ZONE:
        return None
    if family is CommunityFamily.HAMLET and ukind in (UnitKind.WARD, UnitKind.TOWNSHIP):
        if on >= TWO_TIER_START:
            return _warning(
                "registry.family-frozen",
                path,
                f"{what} is a thôn in {unit.name}; existing thôn and tổ dân phố are kept "
                "unchanged until new rules are issued (Công văn 11776/BNV-CQĐP)",
            )
        if _was_commune(unit, gazetteer):
            return _warning(
                "registry.conversion-pending",
                path,
                f"{what} is a thôn in {unit.name}, which was a xã until "
                f"{unit.valid_from.isoformat()}; {_conversion_rule(on)}: add a 'convert' "
                "action to make it a tổ dân phố",
            )
        return _error(
            "registry.family-mismatch",
            path,
            f"{what} is of the thôn family but {unit.name} is a {ukind.value}; a thôn belongs "
            f"to a xã, a phường or thị trấn has tổ dân phố ({_conversion_rule(on)})",
        )
    if family is CommunityFamily.RESIDENTIAL_GROUP and ukind is UnitKind.COMMUNE:
        if on >= TWO_TIER_START:
            return _warning(
                "registry.family-frozen",
                path,
                f"{what} is a tổ dân phố in {unit.name}; existing thôn and tổ dân phố are kept "
                "unchanged until new rules are issued (Công văn 11776/BNV-CQĐP)",
            )
        return _error(
            "registry.family-mismatch",
            path,
            f"{what} is of the tổ dân phố family but {unit.name} is a xã; a tổ dân phố belongs "
            "to a phường or thị trấn, a xã has thôn",
        )
    return None


def _was_commune(unit: AdministrativeUnit, gazetteer: GazetteerLike) -> bool:
    try:
        before = gazetteer.get(unit.code, on=unit.valid_from - _DAY)
    except QcdcError:
        return False
    return before is not None and before.kind is UnitKind.COMMUNE
