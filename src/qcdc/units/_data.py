"""The embedded unit data: the packaged files of ``qcdc.units/data``, read into values.

``units.tsv`` (every unit record, valid from the day an act made it to the day an act
changed it), ``lineage.tsv`` (one link per act and unit, citing the act and clause; read
on first use), ``acts.tsv`` (the acts; read on first use), ``unresolved.tsv`` (units
the lineage cannot follow, with the reason) and ``MANIFEST.json`` (sources, versions
and checksums, read on first use).
The gazetteer (:meth:`qcdc.units.gazetteer.Gazetteer.embedded`) is built from them; this
module knows the files, not the gazetteer.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from qcdc.units.model import AdministrativeUnit, UnitKind

if TYPE_CHECKING:  # the lineage is imported with its data, on first use
    from qcdc.units.lineage import LineageLink

__all__ = [
    "EmbeddedData",
    "digest",
    "embedded_data",
]


_HERE = os.path.dirname(os.path.abspath(__file__))


def _read(name: str) -> str:
    """A packaged data file's text: read from the directory beside this module when there is
    one (an installed wheel, a checkout), else through :mod:`importlib.resources` (a zip),
    whose import alone costs more than reading the unit list."""
    try:
        with open(os.path.join(_HERE, "data", name), encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        from importlib import resources

        data = resources.files("qcdc.units").joinpath("data")
        return data.joinpath(name).read_text(encoding="utf-8")


def _load_units() -> list[AdministrativeUnit]:
    """Every unit record of ``units.tsv`` (the packaged data is trusted: no validators)."""
    return _parse_units(_read("units.tsv").split("\n"))


def _parse_units(lines: list[str]) -> list[AdministrativeUnit]:
    """The unit records of the lines of a ``units.tsv`` (header first)."""
    kinds = {k.name: k for k in UnitKind}
    dates: dict[str, dt.date] = {}
    trusted = AdministrativeUnit._trusted
    out = []
    for line in lines[1:]:
        if not line:
            continue
        code, kind, name, parent, vf, vt, name_en = line.split("\t")
        start = dates.get(vf)
        if start is None:
            start = dates[vf] = dt.date.fromisoformat(vf)
        end: dt.date | None = None
        if vt:
            end = dates.get(vt)
            if end is None:
                end = dates[vt] = dt.date.fromisoformat(vt)
        out.append(trusted(kinds[kind], code, name, parent or None, start, end, name_en or None))
    return out


def _load_links() -> list[LineageLink]:
    """Every lineage link of ``lineage.tsv``."""
    return _parse_links(_read("lineage.tsv").split("\n"))


def _parse_links(lines: list[str]) -> list[LineageLink]:
    """The lineage links of the lines of a ``lineage.tsv`` (header first)."""
    from qcdc.units.lineage import EventKind, LineageLink

    out = []
    dates: dict[str, dt.date] = {}
    for line in lines[1:]:
        if not line:
            continue
        (eff, kind, source, target, whole, default, share, basis, note, clause, area, people) = (
            line.split("\t")
        )
        d = dates.get(eff)
        if d is None:
            d = dates[eff] = dt.date.fromisoformat(eff)
        out.append(
            LineageLink(
                d,
                EventKind(kind),
                source,
                target,
                whole == "1",
                default == "1",
                share or None,
                basis or None,
                note or None,
                clause or None,
                area or None,
                people or None,
            )
        )
    return out


def _load_unresolved() -> dict[tuple[str, dt.date], str]:
    """(code, date it ended or began) → why the lineage cannot follow it."""
    out = {}
    for line in _read("unresolved.tsv").split("\n")[1:]:
        if line:
            code, eff, reason = line.split("\t")
            out[(code, dt.date.fromisoformat(eff))] = reason
    return out


class _LazyManifest(Mapping[str, Any]):
    """MANIFEST.json, read on first use (most programs never look at it)."""

    def __init__(self) -> None:
        self._data: dict[str, Any] | None = None

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            import json

            self._data = json.loads(_read("MANIFEST.json"))
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


class EmbeddedData(NamedTuple):
    """What a gazetteer over the embedded data is built from."""

    units: list[AdministrativeUnit]
    unresolved: dict[tuple[str, dt.date], str]
    manifest: Mapping[str, Any]
    links_loader: Any  # () -> list[LineageLink], called on first use of the lineage


def embedded_data() -> EmbeddedData:
    """Read the embedded units now; the lineage and the manifest on first use."""
    return EmbeddedData(_load_units(), _load_unresolved(), _LazyManifest(), _load_links)


def digest(
    units: Iterable[AdministrativeUnit],
    links: Iterable[LineageLink],
    unresolved: Mapping[tuple[str, dt.date], str],
) -> str:
    """A SHA-256 of unit data, the same in every process (a gazetteer's dask token)."""
    import hashlib  # only dask asks for it

    h = hashlib.sha256()
    for u in units:
        h.update(repr(sorted(u.to_record().items())).encode())
    for link in links:
        h.update(repr(attrs.astuple(link, recurse=False)).encode())
    for key, reason in sorted(unresolved.items()):
        h.update(repr((key, reason)).encode())
    return h.hexdigest()
