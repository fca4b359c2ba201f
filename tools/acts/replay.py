"""Replay the act log over the baseline: a small pure-Python reference, used by verify and tests.

The library's own replay lives in ``src/qcdc``; this one exists so that the data can be checked
without it.  See ``src/qcdc/units/data/acts/README.md`` for the format and the rules.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).resolve().parents[2] / "src" / "qcdc" / "units" / "data" / "acts"

LEVEL = {
    "PROVINCE": 1,
    "MUNICIPALITY": 1,
    "URBAN_DISTRICT": 2,
    "RURAL_DISTRICT": 2,
    "DISTRICT_TOWN": 2,
    "PROVINCIAL_CITY": 2,
    "MUNICIPAL_CITY": 2,
    "COMMUNE": 3,
    "WARD": 3,
    "TOWNSHIP": 3,
    "SPECIAL_ZONE": 3,
}
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
ACT_KEYS = {
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
}
CHANGE_KEYS = {
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
}


class Unit(NamedTuple):
    code: str
    kind: str
    name: str
    name_en: str
    parent: str


State = dict[str, Unit]


class ActError(ValueError):
    """An act that cannot be applied to the state before it."""


def load_baseline(path: Path = DATA / "baseline.tsv") -> State:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
    header = lines[0].split("\t")
    assert header == list(Unit._fields), header
    return {u.code: u for u in (Unit(*ln.split("\t")) for ln in lines[1:])}


def baseline_date(path: Path = DATA / "baseline.tsv") -> dt.date:
    for ln in path.read_text(encoding="utf-8").splitlines():
        if ln.startswith("# as_of:"):
            return dt.date.fromisoformat(ln.split(":", 1)[1].strip())
    raise ActError(f"{path}: no '# as_of:' line")


def load_acts(directory: Path = DATA) -> list[dict[str, Any]]:
    """Every act of every ``*.toml`` file, in file-name then file order."""
    acts: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as f:
            doc = tomllib.load(f)
        for act in doc.get("acts", []):
            act = dict(act)
            act["_file"] = path.name
            acts.append(act)
    return acts


def check_schema(act: Mapping[str, Any]) -> None:
    where = f"{act.get('_file', '?')}: act {act.get('number', '?')}"
    extra = set(act) - ACT_KEYS - {"_file"}
    if extra:
        raise ActError(f"{where}: unknown keys {sorted(extra)}")
    for key in ("number", "title", "issuer", "source", "read", "confidence"):
        if not isinstance(act.get(key), str) or not act[key]:
            raise ActError(f"{where}: {key} must be a non-empty string")
    if type(act.get("in_force")) is not dt.date:
        raise ActError(f"{where}: in_force must be a date")
    if "signed" in act:
        if type(act["signed"]) is not dt.date:
            raise ActError(f"{where}: signed must be a date")
        if act["signed"] > act["in_force"]:
            raise ActError(f"{where}: signed after in_force")
    elif act.get("confidence") == "high" or not act.get("note"):
        raise ActError(f"{where}: an act without its date signed needs a note and is not 'high'")
    if act["read"] not in ("text", "table"):
        raise ActError(f"{where}: read must be 'text' or 'table'")
    if act["confidence"] not in ("high", "medium", "low"):
        raise ActError(f"{where}: confidence must be high, medium or low")
    changes = act.get("changes")
    if not isinstance(changes, list) or not changes:
        raise ActError(f"{where}: no changes")
    for ch in changes:
        extra = set(ch) - CHANGE_KEYS
        if extra:
            raise ActError(f"{where}: change {ch.get('code')}: unknown keys {sorted(extra)}")
        if ch.get("event") not in EVENTS:
            raise ActError(f"{where}: change {ch.get('code')}: bad event {ch.get('event')!r}")
        if not isinstance(ch.get("code"), str):
            raise ActError(f"{where}: change without code")
        if "kind" in ch and ch["kind"] not in LEVEL:
            raise ActError(f"{where}: change {ch['code']}: bad kind {ch['kind']!r}")
        if "area_km2" in ch and not (
            isinstance(ch["area_km2"], (int, float)) and ch["area_km2"] > 0
        ):
            raise ActError(f"{where}: change {ch['code']}: area_km2 must be a positive number")
        if "population" in ch and not (type(ch["population"]) is int and ch["population"] > 0):
            raise ActError(f"{where}: change {ch['code']}: population must be a positive integer")
        for key in ("part_figures", "source_figures"):
            if key in ch:
                _check_figures(where, ch, key)
        if not set(ch.get("default_for", [])) <= set(ch.get("parts", [])):
            raise ActError(f"{where}: change {ch['code']}: default_for must name some of its parts")
        for key in ("sources", "parts", "default_for", "into"):
            if key in ch and not (
                isinstance(ch[key], list) and all(isinstance(c, str) for c in ch[key])
            ):
                raise ActError(f"{where}: change {ch['code']}: {key} must be a list of codes")


def _check_figures(where: str, ch: Mapping[str, Any], key: str) -> None:
    """``part_figures`` / ``source_figures``: code -> {area_km2 > 0, population > 0 int}.

    ``part_figures`` names the part of a unit that ``code`` receives, so its codes must be
    among the change's ``sources`` or ``parts``.
    """
    figures = ch[key]
    if not isinstance(figures, dict) or not figures:
        raise ActError(f"{where}: change {ch['code']}: {key} must be a table of codes")
    for code, fig in figures.items():
        if not isinstance(fig, dict) or not fig or set(fig) - {"area_km2", "population"}:
            raise ActError(
                f"{where}: change {ch['code']}: {key}[{code}] must hold area_km2 and/or population"
            )
        area = fig.get("area_km2")
        if area is not None and not (
            isinstance(area, (int, float)) and not isinstance(area, bool) and area > 0
        ):
            raise ActError(f"{where}: change {ch['code']}: {key}[{code}].area_km2 must be > 0")
        pop = fig.get("population")
        if pop is not None and not (type(pop) is int and pop > 0):
            raise ActError(
                f"{where}: change {ch['code']}: {key}[{code}].population must be a positive integer"
            )
    if key == "part_figures":
        named = set(ch.get("sources", [])) | set(ch.get("parts", []))
        stray = sorted(set(figures) - named)
        if stray:
            raise ActError(
                f"{where}: change {ch['code']}: part_figures names {stray},"
                " not in its sources or parts"
            )


def _apply(state: State, act: Mapping[str, Any]) -> State:
    where = f"{act['number']} ({act['in_force']})"
    before = state
    new = dict(state)
    ends: set[str] = set()
    kept: set[str] = set()
    created: set[str] = set()
    for ch in act["changes"]:
        code, event = ch["code"], ch["event"]
        exists = code in before
        if event == "create" and exists:
            raise ActError(f"{where}: create {code}: the code is in use")
        if event not in ("create", "merge", "recode") and not exists:
            raise ActError(f"{where}: {event} {code}: no such unit the day before")
        if not exists and event in ("create", "merge"):
            missing = [k for k in ("kind", "name", "parent") if k not in ch]
            if missing:
                raise ActError(f"{where}: new unit {code} lacks {missing}")
            created.add(code)
            new[code] = Unit(code, ch["kind"], ch["name"], ch.get("name_en", ""), ch["parent"])
        if event == "recode":
            to = ch.get("to")
            if not exists or not to or (to in before and to not in ends):
                raise ActError(f"{where}: recode {code} -> {to}: bad codes")
            u = new.pop(code)
            new[to] = u._replace(code=to)
            for c, v in list(new.items()):
                if v.parent == code:
                    new[c] = v._replace(parent=to)
            target = to
        else:
            target = code
        u = new[target]
        new[target] = u._replace(
            kind=ch.get("kind", u.kind),
            name=ch.get("name", u.name),
            name_en=ch.get("name_en", u.name_en),
            parent=ch.get("parent", u.parent),
        )
        kept.add(target)
        level = LEVEL[new[target].kind]
        for key in ("sources", "parts"):
            for src in ch.get(key, []):
                if src not in before:
                    raise ActError(f"{where}: {event} {code}: {key} {src} does not exist")
                if event != "recode" and LEVEL[before[src].kind] != level:
                    raise ActError(f"{where}: {event} {code}: {src} is at another level")
        ends.update(s for s in ch.get("sources", []) if s != target)
        if event == "split":
            ends.add(code)
            kept.discard(code)
        if event == "abolish":
            ends.add(code)
            kept.discard(code)
    for code in ends - kept:
        new.pop(code, None)
    for ch in act["changes"]:
        for c in ch.get("into", []):
            if c not in new:
                raise ActError(f"{where}: split {ch['code']}: {c} does not exist after the act")
        parent = (
            new[ch.get("to", ch["code"])].parent if ch["event"] not in ("split", "abolish") else ""
        )
        if parent:
            if parent not in new:
                raise ActError(f"{where}: {ch['code']}: parent {parent} does not exist")
            if LEVEL[new[parent].kind] >= LEVEL[new[ch.get("to", ch["code"])].kind]:
                raise ActError(f"{where}: {ch['code']}: parent {parent} is not above it")
    return new


def check_orphans(state: State, when: object) -> None:
    for u in state.values():
        if u.parent and u.parent not in state:
            raise ActError(f"{when}: {u.code} {u.name}: parent {u.parent} no longer exists")
        if not u.parent and LEVEL[u.kind] != 1:
            raise ActError(f"{when}: {u.code} {u.name}: no parent")


def replay(
    baseline: State, acts: Iterable[Mapping[str, Any]], until: dt.date | None = None
) -> State:
    """The state on ``until`` (inclusive): every act in force by then, in order."""
    state = dict(baseline)
    day: dt.date | None = None
    for act in acts:
        if until is not None and act["in_force"] > until:
            break
        if day is not None and act["in_force"] != day:
            check_orphans(state, day)
        day = act["in_force"]
        state = _apply(state, act)
    if day is not None:
        check_orphans(state, day)
    return state


def ordered(acts: list[dict[str, Any]]) -> bool:
    return all(a["in_force"] <= b["in_force"] for a, b in itertools.pairwise(acts))


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def spelling_key(name: str) -> str:
    """A name with each syllable's tone mark moved to its end: ``Hòa`` and ``Hoà`` compare equal."""
    out = []
    for word in unicodedata.normalize("NFD", name).split():
        tones = "".join(c for c in word if c in _TONES)
        out.append("".join(c for c in word if c not in _TONES) + tones)
    return unicodedata.normalize("NFC", " ".join(out)).casefold()
