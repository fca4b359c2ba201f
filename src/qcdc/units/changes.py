"""Change files: acts written in TOML, checked, and layered over the embedded act log.

A change file is the format the embedded log is written in (``[[acts]]`` tables, each with its
``[[acts.changes]]``; every key and rule in ``docs/reference/change-files.md``).  This module
reads one, checks it (:class:`~qcdc.errors.ChangeFileError` names the file, the act, the change,
the code and the key, and says how to fix it), replays it over the embedded log and compiles
the result into the unit records and lineage links a :class:`~qcdc.units.gazetteer.Gazetteer`
is built from (``qcdc.gazetteer(changes=[path, ...])``; an example file:
``docs/_examples/split-phu-thuong.toml``, used by ``docs/howto/add-an-act.md``).

:func:`read_change_file` reads and checks one file; :func:`layer` replays change files over
the embedded log into what :meth:`Gazetteer.with_changes
<qcdc.units.gazetteer.Gazetteer.with_changes>` (``qcdc.gazetteer(changes=...)``) builds and
checks; :func:`check_changes` says what they change; :func:`compile_embedded` compiles the
embedded log alone (what ``tools/acts/compile.py`` writes).  (This module does not import the
gazetteer: the gazetteer imports it.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import sys
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from qcdc.errors import ChangeFileError, InputError, QcdcError
from qcdc.units import _replay
from qcdc.units._replay import Compiled, Unit, fail
from qcdc.units.acts import LegalAct
from qcdc.units.lineage import LineageLink
from qcdc.units.model import AdministrativeUnit

if TYPE_CHECKING:
    from qcdc.units.gazetteer import Gazetteer

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    import tomllib
else:  # pragma: no cover - depends on the interpreter
    import tomli as tomllib

__all__ = [
    "ChangeReport",
    "Compiled",
    "Layer",
    "check_changes",
    "compile_embedded",
    "layer",
    "read_change_file",
]

EVENTS = (
    "rename",
    "retype",
    "reparent",
    "recode",
    "create",
    "merge",
    "split",
    "transfer",
    "abolish",
)
ACT_KEYS = frozenset(
    (
        "number",
        "title",
        "issuer",
        "signed",
        "in_force",
        "source",
        "read",
        "confidence",
        "note",
        "changes",
    )
)
CHANGE_KEYS = frozenset(
    (
        "event",
        "code",
        "kind",
        "name",
        "name_en",
        "parent",
        "sources",
        "parts",
        "default_for",
        "into",
        "to",
        "clause",
        "area_km2",
        "population",
        "part_figures",
        "source_figures",
        "note",
    )
)
_STRINGS = ("number", "title", "issuer", "source", "read", "confidence")
_FIGURES = frozenset(("area_km2", "population"))


# ------------------------------------------------------------------------------ reading


def _check_figure(
    act: Mapping[str, Any], i: int, code: str, field: str, value: object, what: str
) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise fail(
            act,
            f"{what} must be a number > 0, got {value!r}",
            index=i,
            code=code,
            field=field,
            hint="write the figure the act states (km² for area_km2), or leave the key out",
        )
    if field.endswith("population") and type(value) is not int:
        raise fail(
            act,
            f"{what} must be a whole number of people, got {value!r}",
            index=i,
            code=code,
            field=field,
            hint="write it without a decimal point: population = 2345",
        )


def _check_figures_table(
    act: Mapping[str, Any], i: int, code: str, key: str, table: object
) -> None:
    if not isinstance(table, dict) or not table:
        raise fail(
            act,
            f"{key} must be a table of unit codes, got {table!r}",
            index=i,
            code=code,
            field=key,
            hint=f'{key} = {{ "00016" = {{ area_km2 = 1.25, population = 2345 }} }}',
        )
    for unit, fig in table.items():
        if not isinstance(fig, dict) or not fig or set(fig) - _FIGURES:
            raise fail(
                act,
                f"{key}.{unit} must be a table of area_km2 and/or population, got {fig!r}",
                index=i,
                code=code,
                field=f"{key}.{unit}",
                hint="only the keys area_km2 and population",
            )
        for fkey, value in fig.items():
            _check_figure(act, i, code, f"{key}.{unit}.{fkey}", value, f"{key}.{unit}.{fkey}")


def _check_change(act: Mapping[str, Any], i: int, ch: object) -> None:
    if not isinstance(ch, dict):
        raise fail(act, f"a change must be a table, got {ch!r}", index=i, field="changes")
    code = ch.get("code")
    extra = sorted(set(ch) - CHANGE_KEYS)
    if extra:
        raise fail(
            act,
            f"unknown keys {', '.join(extra)}",
            index=i,
            code=code,
            field=extra[0],
            hint="the keys of a change are " + ", ".join(sorted(CHANGE_KEYS)),
        )
    if ch.get("event") not in EVENTS:
        raise fail(
            act,
            f"event must be one of {', '.join(EVENTS)}, got {ch.get('event')!r}",
            index=i,
            code=code,
            field="event",
        )
    if not isinstance(code, str) or not code:
        raise fail(
            act,
            f"code must be a unit code in quotes, got {code!r}",
            index=i,
            field="code",
            hint='write code = "00016" (a string: the leading zeros count)',
        )
    for key in ("name", "name_en", "parent", "to", "clause", "note"):
        if key in ch and not isinstance(ch[key], str):
            raise fail(
                act, f"{key} must be a string, got {ch[key]!r}", index=i, code=code, field=key
            )
    for key in ("name", "to"):
        if key in ch and not ch[key].strip():
            raise fail(act, f"{key} must not be empty", index=i, code=code, field=key)
    for key in ("name", "name_en"):
        if key in ch:
            ch[key] = unicodedata.normalize("NFC", " ".join(ch[key].split()))
    if "kind" in ch and ch["kind"] not in _replay.LEVEL:
        raise fail(
            act,
            f"kind must be a UnitKind name, got {ch['kind']!r}",
            index=i,
            code=code,
            field="kind",
            hint="one of " + ", ".join(_replay.LEVEL),
        )
    for key in ("sources", "parts", "default_for", "into"):
        value = ch.get(key)
        if key in ch and not (
            isinstance(value, list) and all(isinstance(c, str) and c for c in value)
        ):
            raise fail(
                act,
                f"{key} must be a list of unit codes in quotes, got {value!r}",
                index=i,
                code=code,
                field=key,
                hint=f'{key} = ["00016", "00019"]',
            )
    if not set(ch.get("default_for", ())) <= set(ch.get("parts", ())):
        raise fail(
            act,
            "default_for must name some of the change's parts",
            index=i,
            code=code,
            field="default_for",
        )
    if ch["event"] == "recode" and "to" not in ch:
        raise fail(act, "a recode needs 'to', the new code", index=i, code=code, field="to")
    if ch["event"] == "split" and not ch.get("into"):
        raise fail(
            act,
            "a split needs 'into', the units that receive its parts",
            index=i,
            code=code,
            field="into",
        )
    for key in ("area_km2", "population"):
        if key in ch:
            _check_figure(act, i, code, key, ch[key], key)
    for key in ("part_figures", "source_figures"):
        if key in ch:
            _check_figures_table(act, i, code, key, ch[key])
    if "part_figures" in ch:
        if ch["event"] not in ("merge", "transfer"):
            raise fail(
                act,
                f"part_figures belong on the merge or transfer change of the receiving unit, "
                f"not on a {ch['event']}",
                index=i,
                code=code,
                field="part_figures",
            )
        named = set(ch.get("sources", ())) | set(ch.get("parts", ()))
        for unit in ch["part_figures"]:
            if unit not in named:
                raise fail(
                    act,
                    f"part_figures.{unit}: {unit} is not one of this change's sources or parts",
                    index=i,
                    code=code,
                    field=f"part_figures.{unit}",
                    hint="state the part a unit gives on the change that receives it",
                )


def _check_shares(act: Mapping[str, Any]) -> None:
    """``source_figures`` name units of the act; a part does not exceed its whole."""
    named: set[str] = set()
    wholes: dict[str, dict[str, Any]] = {}
    for ch in act["changes"]:
        named.update(ch.get("sources", ()), ch.get("parts", ()))
    for i, ch in enumerate(act["changes"], 1):
        for unit, fig in ch.get("source_figures", {}).items():
            if unit not in named:
                raise fail(
                    act,
                    f"source_figures.{unit}: {unit} is in no change's sources or parts",
                    index=i,
                    code=ch["code"],
                    field=f"source_figures.{unit}",
                    hint="state the whole of a unit that gives (part of) its area in this act",
                )
            wholes.setdefault(unit, {}).update(fig)
    totals: dict[tuple[str, str], Any] = {}
    for i, ch in enumerate(act["changes"], 1):
        for unit, fig in ch.get("part_figures", {}).items():
            for key, value in fig.items():
                whole = wholes.get(unit, {}).get(key)
                totals[(unit, key)] = totals.get((unit, key), 0) + _replay._exact(value)
                if whole is not None and totals[(unit, key)] > _replay._exact(whole):
                    raise fail(
                        act,
                        f"part_figures.{unit}.{key}: the parts of {unit} stated up to this "
                        f"change ({float(totals[(unit, key)]):g}) exceed its whole ({whole:g})",
                        index=i,
                        code=ch["code"],
                        field=f"part_figures.{unit}.{key}",
                        hint="a part cannot be larger than the whole of source_figures",
                    )


def _check_act(act: Mapping[str, Any]) -> None:
    """Check one act's keys and values (not yet against the state before it)."""
    extra = sorted(set(act) - ACT_KEYS - {"_file", "_act"})
    if extra:
        raise fail(
            act,
            f"unknown keys {', '.join(extra)}",
            field=extra[0],
            hint="the keys of an act are " + ", ".join(sorted(ACT_KEYS)),
        )
    for key in _STRINGS:
        if not isinstance(act.get(key), str) or not act[key].strip():
            raise fail(
                act,
                f"{key} must be a non-empty string, got {act.get(key)!r}",
                field=key,
                hint='e.g. number = "469/NQ-UBTVQH15", issuer = "UBTVQH15"',
            )
    if type(act.get("in_force")) is not dt.date:
        raise fail(
            act,
            f"in_force must be a date, got {act.get('in_force')!r}",
            field="in_force",
            hint="write a TOML date without quotes: in_force = 2026-09-20",
        )
    if "signed" in act:
        if type(act["signed"]) is not dt.date:
            raise fail(
                act,
                f"signed must be a date, got {act['signed']!r}",
                field="signed",
                hint="write a TOML date without quotes: signed = 2026-08-14",
            )
        if act["signed"] > act["in_force"]:
            raise fail(act, "signed is after in_force", field="signed")
    elif act.get("confidence") == "high" or not act.get("note"):
        raise fail(
            act,
            "an act without its date signed needs a note and a confidence other than 'high'",
            field="signed",
            hint="add signed = YYYY-MM-DD, or a note saying why it is not known",
        )
    if "note" in act and not isinstance(act["note"], str):
        raise fail(act, f"note must be a string, got {act['note']!r}", field="note")
    if act["read"] not in ("text", "table"):
        raise fail(act, f"read must be 'text' or 'table', got {act['read']!r}", field="read")
    if act["confidence"] not in ("high", "medium", "low"):
        raise fail(
            act,
            f"confidence must be high, medium or low, got {act['confidence']!r}",
            field="confidence",
        )
    changes = act.get("changes")
    if not isinstance(changes, list) or not changes:
        raise fail(
            act,
            "an act needs at least one change",
            field="changes",
            hint="add [[acts.changes]] tables below the act",
        )
    for i, ch in enumerate(changes, 1):
        _check_change(act, i, ch)
    _check_shares(act)


def _parse(text: str, name: str) -> list[dict[str, Any]]:
    """The acts of one file, each with ``_file`` and ``_act``; every act's keys checked."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChangeFileError(
            f"not valid TOML: {exc}",
            source=name,
            hint="see docs/reference/change-files.md for the format",
        ) from None
    extra = sorted(set(doc) - {"acts"})
    acts = doc.get("acts", [])
    if extra or not isinstance(acts, list):
        raise ChangeFileError(
            f"a change file holds [[acts]] tables only, got {', '.join(extra) or 'acts'!s}",
            source=name,
            field=extra[0] if extra else "acts",
            hint="start each act with [[acts]] and each of its changes with [[acts.changes]]",
        )
    out = []
    errors: list[ChangeFileError] = []
    for n, act in enumerate(acts, 1):
        entry = dict(act) if isinstance(act, dict) else {}
        entry["_file"], entry["_act"] = name, n
        try:
            if not isinstance(act, dict):
                raise fail(entry, f"an act must be a table, got {act!r}")
            _check_act(entry)
        except ChangeFileError as exc:
            errors.append(exc)
            continue
        out.append(entry)
    if errors:
        first = errors[0]
        first.others = tuple(errors[1:])
        raise first
    return out


def _read_path(path: str | os.PathLike[str]) -> tuple[str, str]:
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ChangeFileError(
            f"cannot read the file: {exc}",
            source=str(path),
            hint="give the path of a UTF-8 TOML file",
        ) from None


def read_change_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any], ...]:
    """The acts of a change file, each checked on its own (keys, values, figures).

    Raises :class:`~qcdc.errors.ChangeFileError` for the first error (``others`` holds the
    errors of the other acts).  Whether the acts apply to the units of their day is checked
    when they are replayed (:func:`layer`, :meth:`Gazetteer.with_changes
    <qcdc.units.gazetteer.Gazetteer.with_changes>`).
    """
    text, name = _read_path(path)
    acts = _parse(text, name)
    if not acts:
        raise ChangeFileError(
            "the file holds no act",
            source=name,
            hint="write at least one [[acts]] table",
        )
    return tuple(acts)


# ------------------------------------------------------------------------------ the embedded log


def _data_text(*parts: str) -> str:
    node = resources.files("qcdc.units").joinpath("data")
    for p in parts:
        node = node.joinpath(p)
    return node.read_text(encoding="utf-8")


def _baseline() -> tuple[dict[str, Unit], dt.date]:
    text = _data_text("acts", "baseline.tsv")
    as_of: dt.date | None = None
    units: dict[str, Unit] = {}
    header = True
    for line in text.split("\n"):
        if not line:
            continue
        if line[0] == "#":
            if line.startswith("# as_of:"):
                as_of = dt.date.fromisoformat(line.split(":", 1)[1].strip())
            continue
        if header:
            header = False
            continue
        u = Unit(*line.split("\t"))
        units[u.code] = u
    if as_of is None:  # pragma: no cover - the shipped baseline has it
        raise InputError("baseline.tsv has no '# as_of:' line", source="baseline.tsv")
    return units, as_of


_LOG_LOCK = threading.Lock()
_LOG: tuple[dict[str, Unit], tuple[dict[str, Any], ...], dt.date] | None = None


def _embedded_log() -> tuple[dict[str, Unit], tuple[dict[str, Any], ...], dt.date]:
    """(baseline, acts, the baseline's day) of the embedded log, read and checked once."""
    global _LOG
    with _LOG_LOCK:
        if _LOG is None:
            acts_dir = resources.files("qcdc.units").joinpath("data").joinpath("acts")
            names = sorted(p.name for p in acts_dir.iterdir() if p.name.endswith(".toml"))
            acts: list[dict[str, Any]] = []
            for name in names:
                acts.extend(_parse(_data_text("acts", name), name))
            baseline, as_of = _baseline()
            _LOG = (baseline, tuple(acts), as_of)
        return _LOG


def compile_embedded() -> Compiled:
    """The embedded log compiled: the rows of ``units.tsv``, ``lineage.tsv`` and ``acts.tsv``."""
    baseline, acts, _as_of = _embedded_log()
    return _replay.compile_log(baseline, acts)


def _ordered(
    embedded: Sequence[dict[str, Any]], user: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every act in order of ``in_force``; on one day the embedded acts first, then the user's
    in the order given (a stable sort)."""
    for a, b in itertools.pairwise(embedded):
        if b["in_force"] < a["in_force"]:  # pragma: no cover - tests/units/test_act_log.py
            raise fail(b, "the embedded acts are not in order of in_force", field="in_force")
    return sorted([*embedded, *user], key=lambda a: a["in_force"])


# ------------------------------------------------------------------------------ the gazetteer


def _compile_with(user: Sequence[dict[str, Any]]) -> Compiled:
    baseline, embedded, as_of = _embedded_log()
    first = min(a["in_force"] for a in user)
    if first <= as_of:
        raise fail(
            min(user, key=lambda a: a["in_force"]),
            f"in_force {first.isoformat()} is not after the log's baseline ({as_of.isoformat()})",
            field="in_force",
            hint="the log holds the acts in force after its baseline",
        )
    _check_one_act_a_day(embedded, user)
    return _replay.compile_log(baseline, _ordered(embedded, user))


def _named(act: Mapping[str, Any]) -> dict[str, int]:
    """The codes an act's changes name (the unit, its sources, parts, divisions, new code),
    each with the 1-based index of the first change naming it."""
    out: dict[str, int] = {}
    for i, ch in enumerate(act["changes"], start=1):
        codes = [ch["code"], *ch.get("sources", ()), *ch.get("parts", ()), *ch.get("into", ())]
        if "to" in ch:
            codes.append(ch["to"])
        for code in codes:
            out.setdefault(code, i)
    return out


def _check_one_act_a_day(
    embedded: Sequence[Mapping[str, Any]], user: Sequence[Mapping[str, Any]]
) -> None:
    """No unit is changed by a user's act and by another act (the user's or the log's) in
    force the same day: which of the two applies first would decide the result."""
    by_day: dict[dt.date, list[Mapping[str, Any]]] = {}
    for act in (*embedded, *user):
        by_day.setdefault(act["in_force"], []).append(act)
    for act in user:
        mine = _named(act)
        for other in by_day[act["in_force"]]:
            if other is act:
                continue
            both = sorted(mine.keys() & _named(other).keys())
            if both:
                raise fail(
                    act,
                    f"{both[0]} is also changed by {other['number']}, in force the same day "
                    f"({act['in_force'].isoformat()})",
                    index=mine[both[0]],
                    code=both[0],
                    field="code",
                    hint="put both changes in one act, or give the acts their own days",
                )


def _units_from(
    compiled: Compiled, embedded: Iterable[AdministrativeUnit]
) -> list[AdministrativeUnit]:
    """The compiled records; those the embedded data does not have through the validators."""
    from qcdc.units import _data

    known = set(embedded)
    out = []
    for u in _data._parse_units(_replay.tsv(_replay.UNITS_HEADER, compiled.units).split("\n")):
        if u not in known:
            try:
                u = AdministrativeUnit(
                    u.kind,
                    u.code,
                    u.name,
                    u.parent_code,
                    u.valid_from,
                    u.valid_to,
                    name_en=u.name_en,
                )
            except (QcdcError, ValueError) as exc:
                raise ChangeFileError(
                    f"unit {u.code} ({u.name}) from {u.valid_from.isoformat()} is not valid: {exc}",
                    source="the change files",
                    code=u.code,
                ) from None
        out.append(u)
    return out


def _links_from(compiled: Compiled) -> list[LineageLink]:
    from qcdc.units import _data

    return _data._parse_links(_replay.tsv(_replay.LINKS_HEADER, compiled.links).split("\n"))


def _acts_from(compiled: Compiled) -> list[LegalAct]:
    out = []
    for r in compiled.acts:
        out.append(
            LegalAct(
                r["number"],
                r["title"],
                r["issuer"],
                dt.date.fromisoformat(r["signed"]) if r["signed"] else None,
                dt.date.fromisoformat(r["in_force"]),
                r["source"],
                r["read"],  # type: ignore[arg-type]  # checked by _check_act
                r["confidence"],  # type: ignore[arg-type]
                r["note"] or None,
            )
        )
    return out


class Layer(NamedTuple):
    """What a gazetteer with change files is built from (:meth:`Gazetteer.with_changes
    <qcdc.units.gazetteer.Gazetteer.with_changes>` builds it and checks the invariants)."""

    units: list[AdministrativeUnit]
    links: list[LineageLink]
    unresolved: dict[tuple[str, dt.date], str]
    manifest: dict[str, Any]
    acts: list[LegalAct]
    #: the day the first act of the change files takes effect: before it, the embedded data
    first: dt.date
    files: tuple[str, ...]


def layer(paths: Iterable[str | os.PathLike[str]], embedded: Gazetteer) -> Layer:
    """Read and check the change files at ``paths`` and replay their acts over the embedded
    log (``embedded``: the embedded gazetteer, whose records, manifest and version the result
    builds on); every rule but the gazetteer's invariants checked here.

    The acts apply in order of ``in_force``; on one day, after the embedded acts, in the order
    the files and acts are given.  Raises :class:`~qcdc.errors.ChangeFileError`.
    """
    from qcdc.units import _data

    texts = [_read_path(p) for p in paths]
    if not texts:
        raise InputError("no change file given", field="changes")
    user: list[dict[str, Any]] = []
    for text, name in texts:
        acts = _parse(text, name)
        if not acts:
            raise ChangeFileError("the file holds no act", source=name)
        user.extend(acts)
    compiled = _compile_with(user)
    unresolved = dict(compiled.unresolved)
    unresolved.update(_data._load_unresolved())
    manifest = dict(embedded.manifest)
    digest = hashlib.sha256("\0".join(t for t, _ in texts).encode()).hexdigest()[:12]
    manifest["data_version"] = f"{embedded.data_version}+changes.{digest}"
    log = dict(manifest.get("act_log", {}))
    newest = max(a["in_force"] for a in user).isoformat()
    log["sources_checked"] = max(log.get("sources_checked") or newest, newest)
    manifest["act_log"] = log
    manifest["changes"] = [name for _, name in texts]
    return Layer(
        _units_from(compiled, embedded.records()),
        _links_from(compiled),
        unresolved,
        manifest,
        _acts_from(compiled),
        min(a["in_force"] for a in user),
        tuple(name for _, name in texts),
    )


# ------------------------------------------------------------------------------ the report


@attrs.frozen
class ChangeReport:
    """What the change files would change: their acts, and the unit records that would end or
    begin (compared with the embedded data), by act day."""

    files: tuple[str, ...]
    acts: tuple[LegalAct, ...]
    removed: tuple[AdministrativeUnit, ...]
    added: tuple[AdministrativeUnit, ...]
    links: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "acts": [a.to_dict() for a in self.acts],
            "removed": [u.to_record() for u in self.removed],
            "added": [u.to_record() for u in self.added],
            "new_links": self.links,
        }

    def lines(self) -> list[str]:
        """The report as text, one line each."""

        def n(count: int, noun: str, verb: tuple[str, str] = ("", "")) -> str:
            one = count == 1
            return f"{count} {noun if one else noun + 's'}" + (
                f" {verb[0] if one else verb[1]}" if verb[0] else ""
            )

        out = [f"{', '.join(self.files)}: {n(len(self.acts), 'act')}, all rules pass"]
        for a in self.acts:
            out.append(f"  {a}")
        out.append(f"{n(len(self.removed), 'unit record', ('changes or ends', 'change or end'))}:")
        out.extend(f"  - {u} ({_span(u)})" for u in self.removed)
        out.append(f"{n(len(self.added), 'unit record', ('is', 'are'))} new:")
        out.extend(f"  + {u} ({_span(u)})" for u in self.added)
        out.append(f"{n(self.links, 'lineage link')} added")
        return out


def _span(u: AdministrativeUnit) -> str:
    return f"{u.valid_from.isoformat()} – {u.valid_to.isoformat() if u.valid_to else '…'}"


def check_changes(layered: Gazetteer, embedded: Gazetteer) -> ChangeReport:
    """What the change files of ``layered`` (``Gazetteer.with_changes(paths)``, which checked
    them) change in ``embedded`` (``Gazetteer.embedded()``): their acts, and the unit records
    that end or change and those that are new."""
    before = set(embedded.records())
    after = set(layered.records())
    numbers = {(a.number, a.in_force) for a in embedded.acts()}
    mine = tuple(a for a in layered.acts() if (a.number, a.in_force) not in numbers)
    old_links = set(embedded.links)
    return ChangeReport(
        tuple(str(f) for f in layered.manifest.get("changes", ())),
        mine,
        tuple(u for u in embedded.records() if u not in after),
        tuple(u for u in layered.records() if u not in before),
        sum(1 for lk in layered.links if lk not in old_links),
    )
