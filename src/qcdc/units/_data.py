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

import bisect
import datetime as dt
import os
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping
from itertools import compress
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from qcdc.units.model import AdministrativeUnit, UnitKind

if TYPE_CHECKING:  # the lineage is imported with its data, on first use
    from qcdc.units.lineage import LineageLink

__all__ = [
    "EmbeddedData",
    "UnitTable",
    "digest",
    "embedded_data",
    "index_text",
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


def _read_bytes(name: str) -> bytes | None:
    """A packaged data file's bytes (as :func:`_read` finds it), ``None`` if it is not there."""
    try:
        with open(os.path.join(_HERE, "data", name), "rb") as fh:
            return fh.read()
    except OSError:
        from importlib import resources

        try:
            return resources.files("qcdc.units").joinpath("data").joinpath(name).read_bytes()
        except OSError:
            return None


def _load_table() -> UnitTable:
    """The embedded unit table and its index (``units.idx``)."""
    tsv = _read_bytes("units.tsv")
    if tsv is None:
        raise FileNotFoundError("qcdc's embedded units.tsv is missing: reinstall qcdc")
    index = _read_bytes("units.idx")
    return UnitTable(tsv, index.decode("ascii", "replace") if index is not None else None)


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


_FIELDS = 7  # code, kind, name, parent, valid_from, valid_to, name_en
_INDEX_HEAD = "qcdc units.tsv index 1"


def index_text(tsv: bytes) -> str:
    """The text of ``units.idx``, the index of a ``units.tsv`` (its bytes) derived from it:
    the file's size, CRC-32 and rows, the dates on which records begin or end, whether the
    rows are in the order of their codes (shortest first, then by code and ``valid_from``: a
    code's records are then found by bisection), and per row the positions of its
    ``valid_from`` and ``valid_to`` among those dates (the number of dates for a record still
    in force), two bytes a row, in hex.  ``tools/units_index.py``
    writes it; a test checks that the shipped one is this function of the shipped table.
    """
    if b"\r" in tsv:
        raise ValueError("units.tsv has carriage returns: its lines must end with \\n alone")
    lines = tsv.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    starts, ends, keys = [], [], []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.decode("utf-8").split("\t")
        if len(fields) != _FIELDS or fields[1] not in UnitKind.__members__ or not fields[4]:
            raise ValueError(f"units.tsv line {number} is not a unit record: {line!r}")
        starts.append(fields[4])
        ends.append(fields[5])
        keys.append((_code_key(line), fields[4]))
    dates = sorted({*starts, *ends} - {""})
    if len(dates) > 255:
        raise ValueError(f"units.tsv has {len(dates)} dates; the index holds at most 255")
    where = {d: i for i, d in enumerate(dates)} | {"": len(dates)}
    spans = bytes(i for a, b in zip(starts, ends, strict=True) for i in (where[a], where[b]))
    return (
        f"{_INDEX_HEAD}\n"
        f"source {len(tsv)} {zlib.crc32(tsv):08x} {len(starts)}\n"
        f"dates {' '.join(dates)}\n"
        f"order {'code' if keys == sorted(keys) else 'none'}\n"
        f"spans {spans.hex()}\n"
    )


# a record's slots, set as AdministrativeUnit._trusted sets them (no converters, no validators:
# the packaged data is checked by its tests), each through its slot's own setter, without the
# calls in between: a third of the cost of building the units of a date
_SLOTS = tuple(
    AdministrativeUnit.__dict__[field].__set__
    for field in ("kind", "code", "name", "parent_code", "valid_from", "valid_to", "name_en")
)


def _code_key(line: bytes) -> tuple[int, bytes]:
    """The order of a table's rows by code (``units.tsv``: provinces, districts, communes)."""
    code = line.partition(b"\t")[0]
    return (len(code), code)


class UnitTable:
    """The unit records of a ``units.tsv``, each an :class:`AdministrativeUnit` built on first
    use; the records in force on a date are found from the index of the table (``units.idx``,
    :func:`index_text`), so a gazetteer over the table builds the units of the dates it is
    asked about, not all 15,000, and decodes only their lines (the cold start, issue 16).

    An index that is missing, or was made from another table (its size and CRC-32 say so), is
    rebuilt from the table in memory: slower, the same answers.  Thread-safe: a record is built
    under the table's lock, once.
    """

    __slots__ = ("_lock", "_units", "by_code_order", "dates", "ends", "lines", "starts")

    def __init__(self, tsv: bytes, index: str | None = None) -> None:
        if index is None or not self._read_index(tsv, index):
            # no index of this table: normalise the line ends as text mode would, and index it
            tsv = tsv.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            tsv = b"\n".join(line for line in tsv.split(b"\n") if line) + b"\n"
            if not self._read_index(tsv, index_text(tsv)):  # pragma: no cover - by construction
                raise AssertionError("the index of a table does not fit it")
        self._units: list[AdministrativeUnit | None] = [None] * len(self.lines)
        self._lock = threading.Lock()

    def _read_index(self, tsv: bytes, index: str) -> bool:
        """Take the index if it is the index of ``tsv``."""
        head, source, dates, order, spans, *_ = [*index.split("\n"), "", "", "", "", ""]
        fields = source.split(" ")
        if head != _INDEX_HEAD or len(fields) != 4 or fields[0] != "source":
            return False
        if (int(fields[1]), int(fields[2], 16)) != (len(tsv), zlib.crc32(tsv)):
            return False
        lines = tsv.split(b"\n")
        del lines[0]  # the header
        if lines and lines[-1] == b"":
            lines.pop()
        pairs = bytes.fromhex(spans.removeprefix("spans "))
        if len(lines) != int(fields[3]) or len(pairs) != 2 * len(lines):
            return False
        self.lines: list[bytes] = lines
        self.dates: list[dt.date] = [dt.date.fromisoformat(d) for d in dates.split(" ")[1:]]
        self.by_code_order: bool = order == "order code"
        self.starts: bytes = pairs[0::2]
        self.ends: bytes = pairs[1::2]  # len(dates) while in force
        return True

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[AdministrativeUnit]:
        return iter(self.all())

    @property
    def open_ended(self) -> bool:
        """Whether a record is still in force."""
        return len(self.dates) in self.ends

    def in_force(self, day: dt.date) -> list[int]:
        """The rows of the records in force on ``day``."""
        i = bisect.bisect_right(self.dates, day) - 1
        if i < 0:
            return []
        # begun (start <= i) and not ended (end > i), a byte a row, worked out in C: each
        # column mapped to 0/1 bytes, the two and-ed as integers, the rows of the 1s kept
        began = self.starts.translate(bytes(int(v <= i) for v in range(256)))
        going = self.ends.translate(bytes(int(v > i) for v in range(256)))
        both = int.from_bytes(began, "big") & int.from_bytes(going, "big")
        return list(compress(range(len(began)), both.to_bytes(len(began), "big")))

    def unit_on(self, code: str, day: dt.date) -> AdministrativeUnit | None:
        """The record of ``code`` in force on ``day``, found by bisection without building
        any other (the table must be in the order of its codes: :attr:`by_code_order`)."""
        i = bisect.bisect_right(self.dates, day) - 1
        key = _code_key(code.encode("ascii"))
        lines, starts, ends = self.lines, self.starts, self.ends
        r = bisect.bisect_left(lines, key, key=_code_key)
        while r < len(lines) and _code_key(lines[r]) == key:
            if starts[r] <= i < ends[r]:
                return self.units((r,))[0]
            r += 1
        return None

    def units(self, rows: Iterable[int]) -> list[AdministrativeUnit]:
        """The records of these rows, each built once."""
        built = self._units
        with self._lock:
            kinds = UnitKind.__members__
            dates = [*self.dates, None]
            lines, starts, ends = self.lines, self.starts, self.ends
            new = object.__new__
            set_kind, set_code, set_name, set_parent, set_from, set_to, set_en = _SLOTS
            out = []
            for r in rows:
                u = built[r]
                if u is None:
                    code, kind, name, parent, _, _, name_en = lines[r].decode().split("\t")
                    u = built[r] = new(AdministrativeUnit)
                    set_kind(u, kinds[kind])
                    set_code(u, code)
                    set_name(u, name)
                    set_parent(u, parent or None)
                    set_from(u, dates[starts[r]])
                    set_to(u, dates[ends[r]])
                    set_en(u, name_en or None)
                out.append(u)
            return out

    def all(self) -> list[AdministrativeUnit]:
        """Every record, in the order of the file."""
        return self.units(range(len(self.lines)))


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

    units: UnitTable
    unresolved: dict[tuple[str, dt.date], str]
    manifest: Mapping[str, Any]
    links_loader: Any  # () -> list[LineageLink], called on first use of the lineage


def embedded_data() -> EmbeddedData:
    """Read the embedded unit table now (its records are built on first use); the lineage
    and the manifest on first use."""
    return EmbeddedData(_load_table(), _load_unresolved(), _LazyManifest(), _load_links)


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
