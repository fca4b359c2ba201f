"""Replay a log of acts over a baseline, and compile it into dated records and lineage links.

The acts are the checked tables of :mod:`qcdc.units.changes` (one ``dict`` per act, its
``changes`` a list of ``dict``; ``_file`` and ``_act`` say where it was written).  The
rules an act must pass and the rules that turn its changes into links are those of
``src/qcdc/units/data/acts/README.md`` and ``tools/acts/compile.py``'s docstring; this is the
library's own code for them (``tools/acts/replay.py`` stays the independent reference, and a
test compares the two on the embedded log).  The output is in the form of the shipped tables
(rows of strings, :data:`UNITS_HEADER`, :data:`LINKS_HEADER`, :data:`ACTS_HEADER`), so that
the library, compiling the embedded log, writes exactly ``units.tsv``, ``lineage.tsv`` and
``acts.tsv``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from qcdc.errors import ChangeFileError
from qcdc.units.model import UnitKind, UnitLevel

__all__ = [
    "ACTS_HEADER",
    "FIRST_DAY",
    "LINKS_HEADER",
    "UNITS_HEADER",
    "Compiled",
    "State",
    "Unit",
    "compile_log",
    "fail",
    "tsv",
]

#: the first day answered: the baseline (2021-11-01) stands for 2021-01-01 … 2021-10-31 too
FIRST_DAY = dt.date(2021, 1, 1)

UNITS_HEADER = ("code", "kind", "name", "parent", "valid_from", "valid_to", "name_en")
LINKS_HEADER = (
    "effective",
    "kind",
    "source",
    "target",
    "whole",
    "default",
    "share",
    "basis",
    "note",
    "clause",
    "area_share",
    "population_share",
)
ACTS_HEADER = (
    "number",
    "title",
    "issuer",
    "signed",
    "in_force",
    "source",
    "read",
    "confidence",
    "note",
)

LEVEL = {k.name: int(k.level) for k in UnitKind}
WIDTH = {int(lvl): lvl.code_width for lvl in UnitLevel}


class Unit(NamedTuple):
    """A unit in the state of one day: the baseline's columns."""

    code: str
    kind: str
    name: str
    name_en: str
    parent: str


State = dict[str, Unit]
Row = dict[str, str]


class Compiled(NamedTuple):
    """A compiled log: rows of the three tables, and what the gazetteer needs besides."""

    units: list[dict[str, str]]
    links: list[dict[str, str]]
    acts: list[dict[str, str]]
    #: (code, day) → why the lineage cannot follow it (a unit abolished with no successor)
    unresolved: dict[tuple[str, dt.date], str]


Compiled.__module__ = "qcdc.units.changes"  # documented there, where it is public


def fail(
    act: Mapping[str, Any],
    message: str,
    *,
    index: int | None = None,
    code: object = None,
    field: str | None = None,
    hint: str | None = None,
) -> ChangeFileError:
    """The error for ``act`` (its change ``index``, 1-based, naming ``code``)."""
    number = act.get("number")
    return ChangeFileError(
        message,
        source=str(act.get("_file", "<changes>")),
        act=act.get("_act"),
        number=number if isinstance(number, str) else None,
        change=index,
        code=code if isinstance(code, str) else None,
        field=field,
        hint=hint,
    )


# ------------------------------------------------------------------------------ the replay


def _named(act: Mapping[str, Any]) -> None:
    """No unit is the subject of two changes of one act, and no unit that one change ends
    whole is named by another."""
    subjects: dict[str, int] = {}
    for i, ch in enumerate(act["changes"], 1):
        for code in (ch["code"], ch.get("to")):
            if code is None:
                continue
            if code in subjects and not (code == ch["code"] and subjects[code] == i):
                raise fail(
                    act,
                    f"unit {code} is named by changes {subjects[code]} and {i} of one act",
                    index=i,
                    code=ch["code"],
                    field="code",
                    hint="write one change per unit: merge its events into one change",
                )
            subjects[code] = i
    ending: dict[str, int] = {}
    for i, ch in enumerate(act["changes"], 1):
        for s in ch.get("sources", ()):
            if s == ch["code"]:
                continue
            if s in ending:
                raise fail(
                    act,
                    f"unit {s} ends whole in changes {ending[s]} and {i} of one act",
                    index=i,
                    code=ch["code"],
                    field="sources",
                    hint="a unit divided among several goes in 'parts' of each, not 'sources'",
                )
            ending[s] = i
    for s, i in ending.items():
        if s in subjects and act["changes"][subjects[s] - 1]["event"] not in ("merge",):
            raise fail(
                act,
                f"unit {s} ends whole in change {i} and is the subject of change {subjects[s]}",
                index=subjects[s],
                code=s,
                field="code",
                hint="a unit that ends in this act cannot also be renamed, moved or retyped by it",
            )


def _width(act: Mapping[str, Any], i: int, code: str, kind: str, field: str) -> None:
    width = WIDTH[LEVEL[kind]]
    if len(code) != width or not (code.isdigit() and code.isascii()):
        raise fail(
            act,
            f"a {UnitKind[kind].vietnamese} needs a code of {width} digits, got {code!r}",
            index=i,
            code=code,
            field=field,
            hint="the statistics office's codes: 2 digits a province, 3 a district, 5 a commune",
        )


def apply_act(state: Mapping[str, Unit], act: Mapping[str, Any]) -> State:
    """The state after ``act`` (the state before it given): every rule of one act checked."""
    day = act["in_force"]
    before_day = (day - dt.timedelta(days=1)).isoformat()
    _named(act)
    before = state
    new = dict(state)
    ends: set[str] = set()
    kept: set[str] = set()
    for i, ch in enumerate(act["changes"], 1):
        code, event = ch["code"], ch["event"]
        exists = code in before
        if event == "create" and exists:
            raise fail(
                act,
                f"create {code}: the code is in use by {before[code].name}",
                index=i,
                code=code,
                field="code",
                hint="a new unit needs a code no unit has the day before; for a unit that goes "
                "on, use retype, rename or merge",
            )
        if event not in ("create", "merge", "recode") and not exists:
            raise fail(
                act,
                f"{event} {code}: no such unit on {before_day} (the day before the act)",
                index=i,
                code=code,
                field="code",
                hint="check the code against `qcdc units show CODE --on` that day",
            )
        if not exists and event in ("create", "merge"):
            missing = [k for k in ("kind", "name", "parent") if k not in ch]
            if missing:
                raise fail(
                    act,
                    f"new unit {code} lacks {', '.join(missing)}",
                    index=i,
                    code=code,
                    field=missing[0],
                    hint="a unit that did not exist the day before needs kind, name and parent",
                )
            _width(act, i, code, ch["kind"], "code")
            new[code] = Unit(code, ch["kind"], ch["name"], ch.get("name_en", ""), ch["parent"])
        target = code
        if event == "recode":
            to = ch.get("to")
            if not exists or not to or (to in before and to not in ends):
                raise fail(
                    act,
                    f"recode {code} -> {to}: {code} must exist on {before_day} and {to} be free",
                    index=i,
                    code=code,
                    field="to" if exists else "code",
                    hint="'to' is the new code, not in use the day before",
                )
            _width(act, i, to, ch.get("kind", before[code].kind), "to")
            u = new.pop(code)
            new[to] = u._replace(code=to)
            for c, v in list(new.items()):
                if v.parent == code:
                    new[c] = v._replace(parent=to)
            target = to
        u = new[target]
        new[target] = updated = u._replace(
            kind=ch.get("kind", u.kind),
            name=ch.get("name", u.name),
            name_en=ch.get("name_en", u.name_en),
            parent=ch.get("parent", u.parent),
        )
        if event != "recode" and LEVEL[updated.kind] != LEVEL[u.kind]:
            raise fail(
                act,
                f"{event} {code}: kind {updated.kind} is at another level than {u.kind}",
                index=i,
                code=code,
                field="kind",
                hint="only a recode may move a unit to another level (with its new code in 'to')",
            )
        kept.add(target)
        level = LEVEL[updated.kind]
        for key in ("sources", "parts"):
            for src in ch.get(key, ()):
                if src not in before:
                    raise fail(
                        act,
                        f"{event} {code}: {key} {src} does not exist on {before_day}",
                        index=i,
                        code=code,
                        field=key,
                        hint="every source and part is a unit in force the day before the act",
                    )
                if event != "recode" and LEVEL[before[src].kind] != level:
                    raise fail(
                        act,
                        f"{event} {code}: {key} {src} ({before[src].name}) is at another level",
                        index=i,
                        code=code,
                        field=key,
                        hint="sources and parts are at the level of the resulting unit",
                    )
        ends.update(s for s in ch.get("sources", ()) if s != target)
        if event in ("split", "abolish"):
            ends.add(code)
            kept.discard(code)
    for code in ends - kept:
        new.pop(code, None)
    for i, ch in enumerate(act["changes"], 1):
        for c in ch.get("into", ()):
            if c not in new:
                raise fail(
                    act,
                    f"split {ch['code']}: {c} does not exist after the act",
                    index=i,
                    code=ch["code"],
                    field="into",
                    hint="the units a split unit is divided among exist after the act "
                    "(create or merge them in the same act)",
                )
        if ch["event"] in ("split", "abolish"):
            continue
        subject = new[ch.get("to", ch["code"])]
        parent = subject.parent
        if parent:
            if parent not in new:
                raise fail(
                    act,
                    f"{ch['code']}: parent {parent} does not exist after the act",
                    index=i,
                    code=ch["code"],
                    field="parent",
                    hint="the parent is a unit in force on the act's day",
                )
            if LEVEL[new[parent].kind] >= LEVEL[subject.kind]:
                raise fail(
                    act,
                    f"{ch['code']}: parent {parent} ({new[parent].name}) is not above it",
                    index=i,
                    code=ch["code"],
                    field="parent",
                    hint="a commune's parent is a district or a province, a district's a province",
                )
        elif LEVEL[subject.kind] != 1:
            raise fail(
                act,
                f"{ch['code']}: a {UnitKind[subject.kind].vietnamese} needs a parent",
                index=i,
                code=ch["code"],
                field="parent",
            )
    return new


def check_day(state: Mapping[str, Unit], day: dt.date, acts: Sequence[Mapping[str, Any]]) -> None:
    """At the end of a day no unit's parent has ended and every unit below a province has one."""
    for u in state.values():
        if (u.parent and u.parent not in state) or (not u.parent and LEVEL[u.kind] != 1):
            what = f"parent {u.parent} no longer exists" if u.parent else "it has no parent"
            blame = next(
                (a for a in reversed(acts) if any(ch["code"] == u.parent for ch in a["changes"])),
                acts[-1],
            )
            raise fail(
                blame,
                f"at the end of {day.isoformat()}, {u.code} {u.name}: {what}",
                field="changes",
                hint=f"move {u.code} under a unit that goes on (reparent) in the acts of that day",
            )


def replay(
    baseline: Mapping[str, Unit], acts: Iterable[Mapping[str, Any]], until: dt.date | None = None
) -> State:
    """The state on ``until`` (inclusive; every act when ``None``), acts in the order given."""
    state = dict(baseline)
    day: dt.date | None = None
    of_day: list[Mapping[str, Any]] = []
    for act in acts:
        if until is not None and act["in_force"] > until:
            break
        if day is not None and act["in_force"] != day:
            check_day(state, day, of_day)
            of_day = []
        day = act["in_force"]
        of_day.append(act)
        state = apply_act(state, act)
    if day is not None:
        check_day(state, day, of_day)
    return state


# ------------------------------------------------------------------------------ compiling

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def spelling_key(name: str) -> str:
    """A name with each syllable's tone mark moved to its end: ``Hòa`` and ``Hoà`` are equal."""
    out = []
    for word in unicodedata.normalize("NFD", name).split():
        tones = "".join(c for c in word if c in _TONES)
        out.append("".join(c for c in word if c not in _TONES) + tones)
    return unicodedata.normalize("NFC", " ".join(out)).casefold()


def _same(a: Unit, b: Unit) -> bool:
    """The same record: kind and parent equal, the name equal but for tone placement."""
    if a is b or a == b:
        return True
    return (a.kind, a.parent) == (b.kind, b.parent) and spelling_key(a.name) == spelling_key(b.name)


def _fraction_text(value: Fraction | None) -> str:
    return "" if value is None else str(value)


def _exact(value: float) -> Fraction:
    """A figure as written (``1.25`` is 5/4, ``0.1`` is 1/10, not the float's binary value)."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


class _Pending(NamedTuple):
    row: Row
    act: Mapping[str, Any]
    part: Mapping[str, Any]


def _shares(day_links: list[_Pending], gone: set[str], figures: Mapping[int, Any]) -> None:
    """Fill ``area_share``, ``population_share`` and ``share`` of the day's links where the
    act states the part and the whole (and the remainder where one part alone is unstated).

    A unit that ends (its code is not in force after the day) divided among several, each
    part stated, has the sum of its parts as its whole; a unit that goes on keeps what the
    parts do not take, so neither rule applies to it."""
    groups: dict[tuple[int, str], list[_Pending]] = defaultdict(list)
    for p in day_links:
        if p.row["source"] and p.row["whole"] == "0":
            groups[(id(p.act), p.row["source"])].append(p)
    for (act_id, source), group in groups.items():
        whole = figures.get(act_id, {}).get(source) or {}
        for key, column in (("area_km2", "area_share"), ("population", "population_share")):
            total = whole.get(key)
            if total is None and source in gone and all(key in p.part for p in group):
                # a unit that ends, divided among units each of which the act states the
                # part of: its whole is the sum of those parts (stated, not estimated)
                total = sum((_exact(p.part[key]) for p in group), Fraction(0))
            if total is None:
                continue
            total_q = _exact(total) if not isinstance(total, Fraction) else total
            stated = [p for p in group if key in p.part]
            for p in stated:
                p.row[column] = _fraction_text(_exact(p.part[key]) / total_q)
            missing = [p for p in group if key not in p.part]
            if source in gone and len(missing) == 1 and stated:
                rest = 1 - sum((_exact(p.part[key]) / total_q for p in stated), Fraction(0))
                p = missing[0]
                if rest <= 0:
                    raise fail(
                        p.act,
                        f"the stated parts of {source} ({key}) make up its whole, and "
                        f"{p.row['target']} receives a part of it too",
                        field="part_figures",
                        hint="state the part each unit receives, or correct the whole "
                        "(source_figures)",
                    )
                p.row[column] = _fraction_text(rest)
    for p in day_links:
        p.row["share"] = p.row["population_share"] or p.row["area_share"]


def _links_of_day(
    day: dt.date,
    acts: Sequence[Mapping[str, Any]],
    before: Mapping[str, Unit],
    after: Mapping[str, Unit],
    unresolved: dict[tuple[str, dt.date], str],
) -> list[Row]:
    ended = {c for c, u in before.items() if c not in after or not _same(u, after[c])}
    defaults: dict[str, str] = {}
    for act in acts:
        for ch in act["changes"]:
            for p in ch.get("default_for", ()):
                defaults[p] = ch["code"]
    # a level that no longer exists after the day (the districts on 2025-07-01): the units
    # under it go on by a merge link to themselves, not by a reparent
    gone = {LEVEL[u.kind] for u in before.values()} - {LEVEL[u.kind] for u in after.values()}
    children: dict[str, list[str]] | None = None

    def lost_parent(code: str) -> bool:
        parent = before[code].parent
        return bool(parent) and LEVEL[before[parent].kind] in gone

    def province(code: str) -> str:
        u = after[code]
        while u.parent:
            u = after[u.parent]
        return u.code

    pending: list[_Pending] = []
    covered: set[str] = set()
    day_text = day.isoformat()

    def link(
        kind: str,
        source: str,
        target: str,
        act: Mapping[str, Any],
        ch: Mapping[str, Any],
        *,
        whole: bool = True,
        default: bool = True,
        note: str = "",
    ) -> None:
        row = {
            "effective": day_text,
            "kind": kind,
            "source": source,
            "target": target,
            "whole": "1" if whole else "0",
            "default": "1" if default else "0",
            "share": "",
            "basis": act["number"],
            "note": note or ch.get("note", ""),
            "clause": ch.get("clause", ""),
            "area_share": "",
            "population_share": "",
        }
        pending.append(_Pending(row, act, ch.get("part_figures", {}).get(source, {})))
        if source and (whole or source == target):
            covered.add(source)

    for act in acts:
        for ch in act["changes"]:
            event, code = ch["event"], ch["code"]
            if event == "create":
                link("create", "", code, act, ch, note="no predecessor recorded")
            elif event == "recode":
                link("retype", code, ch["to"], act, ch)
            elif event == "merge":
                for s in ch.get("sources", ()):
                    if s != code or gone:
                        link("merge", s, code, act, ch)
                for p in ch.get("parts", ()):
                    if p not in after or gone:
                        dflt = defaults.get(p, p if p in after else "") == code
                        link("merge", p, code, act, ch, whole=False, default=dflt)
                    elif p != code:
                        link("split", p, code, act, ch, whole=False, default=False)
            elif event == "transfer":
                for p in ch.get("parts", ()):
                    if p != code:
                        link("split", p, code, act, ch, whole=False, default=False)
            elif event == "abolish" and LEVEL[before[code].kind] == 2:
                if children is None:
                    children = defaultdict(list)
                    for c, u in before.items():
                        children[u.parent].append(c)
                provinces = sorted({province(c) for c in children[code] if c in after})
                for p in provinces:
                    link(
                        "abolish",
                        code,
                        p,
                        act,
                        ch,
                        whole=len(provinces) == 1,
                        default=p == provinces[0],
                        note="district level abolished; its territory lies wholly in this province"
                        if len(provinces) == 1
                        else "district level abolished; its territory lies in several provinces",
                    )
                if not provinces:
                    unresolved.setdefault(
                        (code, day), f"{before[code].name}: abolished by {act['number']}"
                    )
            elif event == "abolish":
                unresolved.setdefault(
                    (code, day),
                    f"{before[code].name}: abolished by {act['number']} with no successor",
                )
    for act in acts:
        for ch in act["changes"]:
            code = ch["code"]
            if code in covered or code not in ended or code not in after:
                continue
            old, new = before[code], after[code]
            if lost_parent(code):
                link("merge", code, code, act, ch)
                continue
            if old.kind != new.kind:
                link("retype", code, code, act, ch)
            if spelling_key(old.name) != spelling_key(new.name):
                link("rename", code, code, act, ch)
            if old.parent != new.parent:
                link("reparent", code, code, act, ch)
            covered.add(code)
    figures: dict[int, dict[str, Any]] = {}
    for act in acts:
        whole: dict[str, Any] = {}
        for ch in act["changes"]:
            for code, fig in ch.get("source_figures", {}).items():
                whole.setdefault(code, {}).update(fig)
        if whole:
            figures[id(act)] = whole
    if figures or any(p.part for p in pending):
        _shares(pending, {c for c in before if c not in after}, figures)
    return [p.row for p in pending]


def act_row(act: Mapping[str, Any]) -> Row:
    """The ``acts.tsv`` row of an act."""
    return {
        "number": act["number"],
        "title": act["title"],
        "issuer": act["issuer"],
        "signed": act["signed"].isoformat() if "signed" in act else "",
        "in_force": act["in_force"].isoformat(),
        "source": act["source"],
        "read": act["read"],
        "confidence": act["confidence"],
        "note": " ".join(act.get("note", "").split()),
    }


def compile_log(baseline: Mapping[str, Unit], acts: Sequence[Mapping[str, Any]]) -> Compiled:
    """Replay ``acts`` (checked, in order of ``in_force``) over ``baseline`` and compile them."""
    by_day: dict[dt.date, list[Mapping[str, Any]]] = defaultdict(list)
    for act in acts:
        by_day[act["in_force"]].append(act)
    act_rows = [act_row(a) for a in acts]
    first = FIRST_DAY.isoformat()
    open_rows: dict[str, Row] = {
        code: {
            "code": code,
            "kind": u.kind,
            "name": u.name,
            "parent": u.parent,
            "valid_from": first,
            "valid_to": "",
            "name_en": u.name_en,
        }
        for code, u in baseline.items()
    }
    rows: list[Row] = []
    state: State = dict(baseline)
    links: list[Row] = []
    unresolved: dict[tuple[str, dt.date], str] = {}
    for day in sorted(by_day):
        before = state
        state = replay(before, by_day[day])
        links.extend(_links_of_day(day, by_day[day], before, state, unresolved))
        day_text = day.isoformat()
        for code, old in before.items():
            new = state.get(code)
            if new is old:
                continue
            if new is None or not _same(old, new):
                row = open_rows.pop(code)
                row["valid_to"] = day_text
                rows.append(row)
            elif new.name != old.name or new.name_en != old.name_en:
                open_rows[code]["name"] = new.name
                open_rows[code]["name_en"] = new.name_en
        for code, new in state.items():
            if code not in open_rows:
                open_rows[code] = {
                    "code": code,
                    "kind": new.kind,
                    "name": new.name,
                    "parent": new.parent,
                    "valid_from": day_text,
                    "valid_to": "",
                    "name_en": new.name_en,
                }
    rows.extend(open_rows.values())
    rows.sort(key=lambda r: (len(r["code"]), r["code"], r["valid_from"]))
    return Compiled(rows, links, act_rows, unresolved)


def tsv(header: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    """The rows as a shipped table (tab-separated, a header line, ``\\n`` after each line)."""
    lines = ["\t".join(header)]
    for r in rows:
        lines.append("\t".join(r[h] for h in header))
    return "\n".join(lines) + "\n"
