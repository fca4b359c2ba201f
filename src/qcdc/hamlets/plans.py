"""Merger plans: an ordered list of actions, checked against a registry and applied to it.

:meth:`MergerPlan.check` reports every problem of a plan at once, each a
:class:`~qcdc.findings.Finding` with its rule, severity and path
(``actions[3].sources[1]``); :meth:`MergerPlan.apply` gives the registry after the plan
and the lineage of every changed community (a :class:`~qcdc.hamlets.PlanOutcome`).  The
order of the actions never changes the result.  The actions themselves are in
:mod:`qcdc.hamlets.actions`.

>>> import datetime as dt
>>> from qcdc.units.gazetteer import Gazetteer
>>> from qcdc.units import AdministrativeUnit
>>> from qcdc.hamlets import Community, HamletRegistry
>>> g = Gazetteer.from_units([
...     AdministrativeUnit("tỉnh", "01", "Tỉnh Mẫu"),
...     AdministrativeUnit("huyện", "001", "Huyện Mẫu", "01"),
...     AdministrativeUnit("xã", "00001", "Xã Mẫu", "001")])
>>> on = dt.date(2021, 12, 17)
>>> reg = HamletRegistry.build([Community("T1", "Thôn Đông", "thôn", "00001", 120),
...     Community("T2", "Thôn Tây", "thôn", "00001", 190)], on=on, gazetteer=g)
>>> plan = MergerPlan([Merger(["T1", "T9"], target_name="Thôn Mới", effective=on),
...                    Dissolution(["T1"], effective=on)])
>>> for f in plan.check(reg):
...     print(f.severity.value, f.rule, f.path)
error plan.unknown-source actions[0].sources[1]
error plan.duplicate-source actions[1].sources[0]
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from qcdc.errors import NoApplicableRule, ValidationFailed
from qcdc.findings import Finding, Severity, raise_for
from qcdc.hamlets import _texts
from qcdc.hamlets._batch import Batch, analyse_batch, apply_batch
from qcdc.hamlets._clashes import _check_clashes
from qcdc.hamlets._results import (
    _WIDTH,
    _community,
    _Made,
    _made,
    _Result,
    _unpack,
)
from qcdc.hamlets.actions import Action, Conversion, Dissolution, Merger, Rename
from qcdc.hamlets.model import _KIND_FAMILY, Community, CommunityKey, CommunityKind
from qcdc.hamlets.standards import DEFAULT_RULEBOOK, CommunityFamily, Rulebook
from qcdc.hamlets.summaries import ChangeCounts, PlanOutcome
from qcdc.text import search_key
from qcdc.units import UnitLevel

if TYPE_CHECKING:
    from qcdc.hamlets.registry import HamletRegistry

__all__ = ["MergerPlan"]


def _result(ck: _Checker, i: int, made: Sequence[tuple[_Made, int]]) -> _Result:
    """The result of action ``i``, whose sources (all resolved) are those
    :meth:`_Checker.resolve_sources` found last; ``made`` pairs each community made with
    the number of the source it continues (-1: a new one)."""
    positions = ck.positions
    fields: list[Any] = [i, len(positions), len(made), *positions]
    fields.extend(-1 if j < 0 else positions[j] for _, j in made)
    for m, _ in made:
        fields.extend(m)
    return tuple(fields)


def _to_actions(value: Iterable[Action]) -> tuple[Action, ...]:
    actions = tuple(value)
    for i, a in enumerate(actions):
        if not isinstance(a, (Merger, Dissolution, Rename, Conversion)):
            raise TypeError(
                f"actions[{i}] must be a Merger, Dissolution, Rename or Conversion, got {a!r}"
            )
    return actions


@attrs.frozen
class _Analysis:
    results: tuple[_Result | None, ...]  # None: the action has an unresolved problem
    findings: tuple[Finding, ...]
    batch: Batch | None = None  # a plan of plain mergers, checked by columns (then no results)


@attrs.frozen
class MergerPlan:
    """An ordered list of actions; the order never changes the result of :meth:`apply`."""

    actions: tuple[Action, ...] = attrs.field(converter=_to_actions)
    name: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    def __len__(self) -> int:
        return len(self.actions)

    def __iter__(self) -> Iterator[Action]:
        return iter(self.actions)

    def check(self, registry: HamletRegistry, *, rulebook: Rulebook | None = None) -> list[Finding]:
        """Every problem of the plan against the registry, each with rule id, severity,
        path (``actions[3].sources[1]``) and message.  Never raises for a bad plan."""
        return list(_analysis(self, registry, rulebook or DEFAULT_RULEBOOK).findings)

    def validate(self, registry: HamletRegistry, *, rulebook: Rulebook | None = None) -> None:
        """Raise one :class:`~qcdc.errors.ValidationFailed` holding every error."""
        raise_for("merger plan", self.check(registry, rulebook=rulebook))

    def apply(self, registry: HamletRegistry, *, rulebook: Rulebook | None = None) -> PlanOutcome:
        """The registry after the plan, with lineage and change counts.

        The plan is checked first; error-level findings raise one
        :class:`~qcdc.errors.ValidationFailed`.  The new registry is dated the
        latest effective date (or the registry's date, if later); a merger's
        result takes the place of its earliest source, so the result does not
        depend on the order of the actions.
        """
        analysis = _analysis(self, registry, rulebook or DEFAULT_RULEBOOK)
        errors = [f for f in analysis.findings if f.is_error]
        if errors:
            raise ValidationFailed.from_findings("merger plan", errors)
        return _apply(self, registry, analysis)


# -- analysis -------------------------------------------------------------------------


def _analysis(plan: MergerPlan, registry: HamletRegistry, rulebook: Rulebook) -> _Analysis:
    """The analysis of a plan against a registry, remembered for the last few plans, so
    that ``check`` then ``apply`` analyses once (analysing is three quarters of the work).

    The memo is keyed by identity, not by value: the plan, the rulebook and the registry
    are immutable and held by the memo while it remembers them, so an identity cannot be
    reused; and two plans equal by value may still cite different CSV rows in their
    messages (``row`` is not part of an action's equality).
    """
    key = (id(plan), id(rulebook))
    found = registry._analyses.get(key)
    if found is not None and found[0] is plan and found[1] is rulebook:
        analysis: _Analysis = found[2]
        return analysis
    analysis = _analyse(plan, registry, rulebook)
    registry._analyses.put(key, (plan, rulebook, analysis))
    return analysis


class _Checker:
    def __init__(self, plan: MergerPlan, registry: HamletRegistry, rulebook: Rulebook) -> None:
        self.plan = plan
        self.registry = registry
        self.rulebook = rulebook
        self.findings: list[Finding] = []
        # by registry position (of the first community with a key): the action and source
        # that use it; a list, not a dict of keys, so that a million sources cost a lookup
        # by number each, not a hashed tuple in a dict that outgrows the caches
        self.claimed: list[tuple[int, int] | None] = [None] * len(registry.communities)
        self.positions: list[int] = []  # the registry positions of the last sources resolved
        self._minimums: dict[tuple[Any, ...], Any] = {}
        self._families: dict[tuple[Any, ...], tuple[str, Severity, str] | None] = {}
        self._targets: dict[tuple[Any, ...], Any] = {}

    def add(self, rule: str, severity: Severity, path: str, message: str, action: Action) -> None:
        if action.row is not None:
            message = f"{message} (row {action.row})"
        self.findings.append(Finding(rule, severity, path, message))

    def resolve_sources(self, i: int, action: Action) -> list[Community | None]:
        """The community of each source (``None``: a problem, reported); their registry
        positions are left in :attr:`positions` (-1 for an unresolved one)."""
        reg = self.registry
        index = reg._index
        communities = reg.communities
        claimed = self.claimed
        out: list[Community | None] = []
        positions: list[int] = []
        self.positions = positions
        for j, ref in enumerate(action.sources):
            commune = ref.commune_code
            pos = None
            if commune is not None:
                key = (commune, ref.id)
                pos = index.get(key)
            if pos is None:  # a bare id, or an unknown community
                c, problem = reg._resolve(ref)
                if c is None:
                    assert problem is not None
                    path = f"actions[{i}].sources[{j}]"
                    self.add(problem[0], Severity.ERROR, path, problem[1], action)
                    out.append(None)
                    positions.append(-1)
                    continue
                key = (c.commune_code, c.id)
                pos = index[key]
            else:
                c = communities[pos]
            positions.append(pos)
            earlier = claimed[pos]
            if earlier is not None:
                path = f"actions[{i}].sources[{j}]"
                self.add(
                    "plan.duplicate-source",
                    Severity.ERROR,
                    path,
                    f"{c} is already used by actions[{earlier[0]}].sources[{earlier[1]}]; "
                    "a community may take part in only one action of a plan",
                    action,
                )
                out.append(None)
                continue
            claimed[pos] = (i, j)
            if c.valid_from is None and c.valid_to is None:
                out.append(c)
                continue
            path = f"actions[{i}].sources[{j}]"
            if c.valid_from is not None and action.effective < c.valid_from:
                self.add(
                    "plan.effective-before-source",
                    Severity.ERROR,
                    path,
                    f"effective date {action.effective.isoformat()} is before {c} exists "
                    f"(from {c.valid_from.isoformat()})",
                    action,
                )
            elif c.valid_to is not None and c.valid_to <= action.effective:
                self.add(
                    "plan.source-ended",
                    Severity.ERROR,
                    path,
                    f"{c} ended on {c.valid_to.isoformat()}, before the effective date "
                    f"{action.effective.isoformat()}",
                    action,
                )
            out.append(c)
        return out

    def minimum(
        self, family: CommunityFamily, commune: str, border: bool, island: bool, on: dt.date
    ) -> tuple[int | None, str | None]:
        province = self.registry.province_code(commune)
        override = commune if commune in self.rulebook.regions.communes else None
        key = (family._name_, province, override, border, island, on)  # (see target)
        found = self._minimums.get(key)
        if found is None:
            if province is None:
                found = (None, f"the province of commune {commune} is unknown")
            else:
                try:
                    rule = self.rulebook.minimum_for(
                        family,
                        province_code=province,
                        on=on,
                        commune_code=commune,
                        border=border,
                        island=island,
                    )
                    found = (rule.minimum, rule.describe())
                except NoApplicableRule as exc:
                    found = (None, str(exc))
            self._minimums[key] = found
        return found

    def target(
        self, kind: CommunityKind, commune: str, border: bool, island: bool, on: dt.date
    ) -> tuple[int | None, str | None, tuple[str, Severity, str] | None]:
        """The minimum, its rule, and the family problem for a result (cached)."""
        key = (kind._name_, commune, border, island, on)  # (an enum hashes in Python)
        found = self._targets.get(key)
        if found is None:
            minimum, text = self.minimum(_FAMILY_OF[kind._name_], commune, border, island, on)
            found = (minimum, text, self.family_problem(commune, kind, on))
            self._targets[key] = found
        return found

    def family_problem(
        self, commune: str, kind: CommunityKind, on: dt.date
    ) -> tuple[str, Severity, str] | None:
        """Whether a community of this kind fits this commune on this date (cached)."""
        key = (commune, kind._name_, on)  # (see target)
        if key in self._families:
            return self._families[key]
        unit = self.registry._place(commune, on).unit
        found: tuple[str, Severity, str] | None = None
        if unit is not None and unit.level is UnitLevel.COMMUNE:
            problem = self.registry._kind_finding(kind, unit, on)
            if problem is not None:
                rule = "plan.family-mismatch" if problem.is_error else problem.rule
                found = (rule, problem.severity, problem.message)
        self._families[key] = found
        return found


def _analyse(
    plan: MergerPlan, registry: HamletRegistry, rulebook: Rulebook, *, batch: bool = True
) -> _Analysis:
    """The findings and results of a plan: by columns for a plan of plain mergers without
    errors (:mod:`qcdc.hamlets._batch`), else (or with ``batch=False``) one action at a
    time."""
    ck = _Checker(plan, registry, rulebook)
    if batch:
        done = analyse_batch(ck)
        if done is not None:
            columns, findings = done
            return _Analysis((), tuple(findings), columns)
    results: list[_Result | None] = []
    on = registry.on
    for i, action in enumerate(plan.actions):
        # one action at a time (sources, then checks): the findings are sorted by action
        # below, and nothing of an action outlives its check but its result
        comms = ck.resolve_sources(i, action)
        if action.effective < on:
            ck.add(
                _texts.EFFECTIVE_BEFORE_REGISTRY,
                Severity.WARNING,
                f"actions[{i}].effective",
                _texts.effective_before_registry(action.effective, on),
                action,
            )
        if isinstance(action, Merger):
            results.append(_check_merger(ck, i, action, comms))
        elif isinstance(action, Dissolution):
            results.append(_check_dissolution(ck, i, action, comms))
        elif isinstance(action, Rename):
            results.append(_check_rename(ck, i, action, comms))
        else:
            results.append(_check_conversion(ck, i, action, comms))
    _check_clashes(ck, results)
    ordered = sorted(ck.findings, key=_action_number)  # stable: by action, then as found
    return _Analysis(tuple(results), tuple(ordered))


def _action_number(f: Finding) -> int:
    m = _ACTION_PATH.match(f.path)
    return int(m.group(1)) if m else -1


_KEY = operator.attrgetter("commune_code", "id")  # a community's key, made in C
_FAMILY_OF = {k._name_: f for k, f in _KIND_FAMILY.items()}  # by the kind's name: see target

_ACTION_PATH = re.compile(r"actions\[([0-9]+)\]")


def _one_commune(ck: _Checker, i: int, action: Action, comms: list[Community | None]) -> str | None:
    """The common commune of the sources; ``None`` when one is unresolved or in another
    commune (reported)."""
    commune: str | None = None
    ok = True
    for j, c in enumerate(comms):
        if c is None:
            ok = False
            continue
        if commune is None:
            commune = c.commune_code
        elif c.commune_code != commune:
            ok = False
            ck.add(
                "plan.cross-commune",
                Severity.ERROR,
                f"actions[{i}].sources[{j}]",
                f"{c} is in commune {c.commune_code} but the action's first source is in "
                f"{commune}; an action never crosses communes",
                action,
            )
    return commune if ok else None


def _family_of_target(
    ck: _Checker, i: int, action: Action, field: str, kind: CommunityKind, commune: str
) -> bool:
    problem = ck.family_problem(commune, kind, action.effective)
    if problem is None:
        return True
    rule, severity, message = problem
    ck.add(rule, severity, f"actions[{i}].{field}", message, action)
    return severity is not Severity.ERROR


def _check_merger(ck: _Checker, i: int, m: Merger, comms: list[Community | None]) -> _Result | None:
    p = f"actions[{i}]"
    if not m.sources:
        ck.add(
            "plan.empty-merge",
            Severity.ERROR,
            f"{p}.sources",
            "a merger needs at least two sources, got none",
            m,
        )
        return None
    if len(m.sources) == 1:
        ck.add(
            "plan.single-source-merge",
            Severity.WARNING,
            f"{p}.sources",
            "a merger with one source only re-forms that community (điều chỉnh); "
            "use 'rename' if nothing else changes",
            m,
        )
    commune = _one_commune(ck, i, m, comms)
    if commune is None:
        return None
    sources: tuple[Community, ...] = tuple(comms)  # type: ignore[arg-type]  # all resolved
    survivor: Community | None = None
    at = -1  # the number of the survivor among the sources
    if m.target_id is None:
        survivor, at = sources[0], 0
    else:
        for j, c in enumerate(sources):
            if c.id == m.target_id:
                survivor, at = c, j
                break
    households = 0
    population: int | None = 0
    area: Decimal | None = Decimal(0)
    border = island = mixed = False
    kind0 = sources[0].kind
    for c in sources:
        households += c.households
        if population is not None:
            population = None if c.population is None else population + c.population
        if area is not None:
            area = None if c.area_km2 is None else area + c.area_km2
        border = border or c.border
        island = island or c.island
        if c.kind is not kind0 and not mixed:  # (an enum hashes in Python: only then)
            mixed = _KIND_FAMILY[c.kind] is not _KIND_FAMILY[kind0]
    ok = True
    if survivor is None and m.target_name is None:
        ck.add(
            "plan.missing-target",
            Severity.ERROR,
            f"{p}.target_name",
            f"the new community {m.target_id!r} needs a name (target_name)",
            m,
        )
        ok = False
    if m.target_households is not None and m.target_households != households:
        ck.add(
            "plan.households-mismatch",
            Severity.ERROR,
            f"{p}.target_households",
            f"target households must equal the sum of the sources ({households}), "
            f"got {m.target_households}",
            m,
        )
        ok = False
    if m.target_population is not None:
        if population is None:
            ck.add(
                _texts.POPULATION_UNKNOWN,
                Severity.WARNING,
                f"{p}.target_population",
                _texts.population_unknown(),
                m,
            )
        elif m.target_population != population:
            ck.add(
                "plan.population-mismatch",
                Severity.ERROR,
                f"{p}.target_population",
                f"target population must equal the sum of the sources ({population}), "
                f"got {m.target_population}",
                m,
            )
            ok = False
    if mixed:
        ck.add(_texts.MIXED_FAMILIES, Severity.WARNING, f"{p}.sources", _texts.mixed_families(), m)
    base = survivor or sources[0]
    kind = m.target_kind or base.kind
    minimum, rule_text, family_problem = ck.target(kind, commune, border, island, m.effective)
    if family_problem is not None:
        rule, severity, message = family_problem
        ck.add(rule, severity, f"{p}.target_kind", message, m)
        ok = ok and severity is not Severity.ERROR
    if minimum is None:
        ck.add(_texts.NO_STANDARD, Severity.INFO, p, _texts.no_standard(rule_text), m)
    elif households < minimum and m.exemption is None:
        ck.add(
            _texts.BELOW_MINIMUM,
            Severity.WARNING,
            f"{p}.target_households",
            _texts.below_minimum(households, minimum, rule_text),
            m,
        )
    if not ok:
        return None
    result: _Made = (
        m.target_id or base.id,
        m.target_name or base.name,
        kind._name_,
        commune,
        households,
        population,
        area,
        border,
        island,
        survivor.valid_from if survivor is not None else m.effective,
        None,
    )
    positions = ck.positions  # (what _result makes, written out: one per merger)
    return (i, len(positions), 1, *positions, -1 if at < 0 else positions[at], *result)


def _check_dissolution(
    ck: _Checker, i: int, d: Dissolution, comms: list[Community | None]
) -> _Result | None:
    p = f"actions[{i}]"
    if not d.sources:
        ck.add(
            "plan.no-source",
            Severity.ERROR,
            f"{p}.sources",
            "a dissolution needs at least one source, got none",
            d,
        )
        return None
    for j, c in enumerate(comms):
        if c is not None and c.households > 0:
            ck.add(
                "plan.dissolve-households",
                Severity.WARNING,
                f"{p}.sources[{j}]",
                f"{c} still has {c.households} households; they leave the registry "
                "(merge instead if they stay)",
                d,
            )
    if _one_commune(ck, i, d, comms) is None:
        return None
    return _result(ck, i, ())


def _single(
    ck: _Checker, i: int, action: Action, comms: list[Community | None]
) -> Community | None:
    if len(action.sources) != 1:
        ck.add(
            "plan.one-source",
            Severity.ERROR,
            f"actions[{i}].sources",
            f"a {action.kind.value} takes exactly one source, got {len(action.sources)}",
            action,
        )
        return None
    return comms[0]


def _check_rename(ck: _Checker, i: int, r: Rename, comms: list[Community | None]) -> _Result | None:
    p = f"actions[{i}]"
    c = _single(ck, i, r, comms)
    if r.target_name is None:
        ck.add(
            "plan.missing-target",
            Severity.ERROR,
            f"{p}.target_name",
            "a rename needs the new name (target_name)",
            r,
        )
        return None
    if c is None:
        return None
    new_id = r.target_id or c.id
    if search_key(r.target_name) == search_key(c.name) and new_id == c.id:
        ck.add(
            "plan.no-change", Severity.WARNING, f"{p}.target_name", f"{c} already has this name", r
        )
    result = attrs.evolve(c, name=r.target_name, id=new_id)
    return _result(ck, i, ((_made(result), 0),))


def _check_conversion(
    ck: _Checker, i: int, v: Conversion, comms: list[Community | None]
) -> _Result | None:
    p = f"actions[{i}]"
    ok = True
    if not v.sources:
        ck.add(
            "plan.no-source",
            Severity.ERROR,
            f"{p}.sources",
            "a conversion needs at least one source, got none",
            v,
        )
        ok = False
    if v.target_kind is None:
        ck.add(
            "plan.missing-target",
            Severity.ERROR,
            f"{p}.target_kind",
            "a conversion needs the new kind (target_kind), e.g. 'tổ dân phố'",
            v,
        )
        ok = False
    if len(v.sources) > 1 and (v.target_name is not None or v.target_id is not None):
        ck.add(
            "plan.one-source",
            Severity.ERROR,
            f"{p}.target_name" if v.target_name is not None else f"{p}.target_id",
            "a conversion of several communities cannot give them one name or id; "
            "use one row per community",
            v,
        )
        ok = False
    if not ok or v.target_kind is None or _one_commune(ck, i, v, comms) is None:
        return None
    sources = tuple(c for c in comms if c is not None)
    results = []
    for j, c in enumerate(sources):
        if c.kind is v.target_kind:
            ck.add(
                "plan.no-change",
                Severity.WARNING,
                f"{p}.sources[{j}]",
                f"{c} is already a {c.kind.value}",
                v,
            )
        if not _family_of_target(ck, i, v, "target_kind", v.target_kind, c.commune_code):
            ok = False
        results.append(
            attrs.evolve(
                c,
                kind=v.target_kind,
                name=v.target_name or c.name,
                id=v.target_id or c.id,
            )
        )
    if not ok:
        return None
    return _result(ck, i, [(_made(r), j) for j, r in enumerate(results)])


def _apply(plan: MergerPlan, registry: HamletRegistry, analysis: _Analysis) -> PlanOutcome:
    actions = plan.actions
    on = max([registry.on, *(a.effective for a in actions)])
    warnings = tuple(f for f in analysis.findings if not f.is_error)
    if analysis.batch is not None:
        after_batch, lineage_batch, changes_batch = apply_batch(
            analysis.batch, registry.communities
        )
        new_registry = registry._trusted(after_batch, on, registry.gazetteer)
        return PlanOutcome(plan, registry, new_registry, lineage_batch, changes_batch, warnings)
    communities = registry.communities
    # the registry in place: each action blanks its sources and puts what it makes in
    # their places (the sources of a checked plan are disjoint), then the blanks go
    kept: list[Community | None] = list(communities)
    lineage: dict[CommunityKey, CommunityKey | None] = {}
    counts: dict[str, list[int]] = {}  # merged, new, renamed, dissolved, converted
    for r in analysis.results:
        assert r is not None  # errors were raised before
        number, n_sources = r[0], r[1]
        positions = r[3 : 3 + n_sources]
        action = actions[number]
        keys = [_KEY(communities[pos]) for pos in positions]
        for pos in positions:
            kept[pos] = None
        commune = keys[0][0]
        tally = counts.get(commune)
        if tally is None:
            tally = counts[commune] = [0, 0, 0, 0, 0]
        if isinstance(action, Merger):
            start = 4 + n_sources  # one community made, after the positions and its origin
            result = _community(r[start : start + _WIDTH])
            kept[min(positions)] = result
            new_key = (result.commune_code, result.id)
            for k in keys:
                if k != new_key:
                    lineage[k] = new_key
            tally[0] += n_sources
            tally[1] += 1
        elif isinstance(action, Dissolution):
            for k in keys:
                lineage[k] = None
            tally[3] += n_sources
        else:
            _, _, made_here, _ = _unpack(r)
            for pos, k, spec in zip(positions, keys, made_here, strict=True):
                new = _community(spec)
                kept[pos] = new
                if (new.commune_code, new.id) != k:
                    lineage[k] = (new.commune_code, new.id)
            if isinstance(action, Rename):
                tally[2] += 1
            else:
                tally[4] += n_sources
    after = [c for c in kept if c is not None]
    new_registry = registry._trusted(after, on, registry.gazetteer)
    changes = {code: ChangeCounts(*t) for code, t in counts.items()}
    return PlanOutcome(plan, registry, new_registry, lineage, changes, warnings)
