"""Hypothesis strategies for administrative units and gazetteers (behind
:mod:`qcdc.strategies`)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import strategies as st

from qcdc.units.gazetteer import Gazetteer
from qcdc.units.lineage import EventKind, LineageLink
from qcdc.units.model import AdministrativeUnit, UnitCode, UnitKind, UnitLevel

__all__ = ["administrative_units", "gazetteers", "unit_codes", "unit_kinds", "vietnamese_names"]

_SYLLABLES = (
    "Phúc",
    "Xá",
    "Hồng",
    "Hà",
    "Ba",
    "Đình",
    "Hoàn",
    "Kiếm",
    "Tây",
    "Hồ",
    "Long",
    "Biên",
    "Cầu",
    "Giấy",
    "Đống",
    "Đa",
    "Hai",
    "Bà",
    "Trưng",
    "Hoàng",
    "Mai",
    "Thanh",
    "Xuân",
    "Sơn",
    "Gia",
    "Lâm",
    "Đông",
    "Anh",
    "Sóc",
    "Mê",
    "Linh",
    "Hòa",
    "Thủy",
    "Tân",
    "An",
)


def unit_codes(level: UnitLevel | None = None) -> st.SearchStrategy[UnitCode]:
    """Codes of ASCII digits of the width of ``level`` (any level when ``None``)."""
    if level is None:
        return st.sampled_from(list(UnitLevel)).flatmap(unit_codes)
    width = level.code_width
    return st.integers(min_value=1, max_value=10**width - 1).map(
        lambda n: UnitCode(str(n).zfill(width))
    )


def unit_kinds(level: UnitLevel | None = None) -> st.SearchStrategy[UnitKind]:
    """Unit kinds, optionally of one level."""
    return st.sampled_from([k for k in UnitKind if level is None or k.level is level])


def vietnamese_names(min_words: int = 1, max_words: int = 3) -> st.SearchStrategy[str]:
    """Plausible proper names made of Vietnamese syllables (NFC)."""
    return st.lists(st.sampled_from(_SYLLABLES), min_size=min_words, max_size=max_words).map(
        " ".join
    )


@st.composite
def administrative_units(
    draw: st.DrawFn, level: UnitLevel | None = None, kind: UnitKind | None = None
) -> AdministrativeUnit:
    """A single valid unit (its parent is not guaranteed to exist)."""
    k = kind if kind is not None else draw(unit_kinds(level))
    code = draw(unit_codes(k.level))
    parent: str | None = None
    if k.level is UnitLevel.DISTRICT:
        parent = draw(unit_codes(UnitLevel.PROVINCE))
    elif k.level is UnitLevel.COMMUNE:
        parent = draw(unit_codes(draw(st.sampled_from([UnitLevel.PROVINCE, UnitLevel.DISTRICT]))))
    start = draw(st.dates(min_value=dt.date(2004, 7, 1), max_value=dt.date(2030, 1, 1)))
    end = draw(st.none() | st.integers(1, 5000).map(lambda n: start + dt.timedelta(days=n)))
    return AdministrativeUnit(
        kind=k,
        code=code,
        name=f"{k.prefix} {draw(vietnamese_names())}",
        parent_code=parent,
        valid_from=start,
        valid_to=end,
    )


_D1 = dt.date(2021, 1, 1)
_D2 = dt.date(2025, 7, 1)


@st.composite
def gazetteers(
    draw: st.DrawFn, max_provinces: int = 3, max_districts: int = 3, max_communes: int = 4
) -> Gazetteer:
    """A small synthetic gazetteer with two snapshots and lineage between them.

    From 2021-01-01: provinces → districts → communes.  From 2025-07-01: the
    same provinces, no districts (each abolished into its province), and the
    communes of each province merged in groups into new communes, some of them
    split between two groups (one part the default).  Valid by construction.
    """
    units: list[AdministrativeUnit] = []
    links: list[LineageLink] = []
    next_district = 1
    next_commune = 1
    next_new = 50000
    for p in range(1, draw(st.integers(1, max_provinces)) + 1):
        pcode = f"{p:02d}"
        pkind = draw(st.sampled_from([UnitKind.PROVINCE, UnitKind.MUNICIPALITY]))
        units.append(
            AdministrativeUnit(pkind, pcode, f"{pkind.prefix} {draw(vietnamese_names())} {p}")
        )
        old: list[str] = []
        for _ in range(draw(st.integers(1, max_districts))):
            dcode = f"{next_district:03d}"
            next_district += 1
            dkind = draw(
                unit_kinds(UnitLevel.DISTRICT).filter(lambda k: k is not UnitKind.MUNICIPAL_CITY)
            )
            units.append(
                AdministrativeUnit(dkind, dcode, f"{dkind.prefix} {dcode}", pcode, _D1, _D2)
            )
            links.append(LineageLink(_D2, EventKind.ABOLISH, dcode, pcode))
            for _ in range(draw(st.integers(1, max_communes))):
                ccode = f"{next_commune:05d}"
                next_commune += 1
                ckind = draw(st.sampled_from([UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP]))
                units.append(
                    AdministrativeUnit(ckind, ccode, f"{ckind.prefix} {ccode}", dcode, _D1, _D2)
                )
                old.append(ccode)
        order = draw(st.permutations(old))
        groups: list[list[str]] = []
        i = 0
        while i < len(order):
            size = draw(st.integers(1, 3))
            groups.append(list(order[i : i + size]))
            i += size
        targets = []
        for _group in groups:
            ncode = f"{next_new:05d}"
            next_new += 1
            nkind = draw(st.sampled_from([UnitKind.COMMUNE, UnitKind.WARD]))
            units.append(AdministrativeUnit(nkind, ncode, f"{nkind.prefix} {ncode}", pcode, _D2))
            targets.append(ncode)
        for g_index, group in enumerate(groups):
            for source in group:
                split_to = (
                    draw(st.sampled_from(range(len(groups))))
                    if len(groups) > 1 and draw(st.booleans())
                    else g_index
                )
                if split_to == g_index:
                    links.append(LineageLink(_D2, EventKind.MERGE, source, targets[g_index]))
                else:
                    tenths = draw(st.integers(1, 9))
                    share = Fraction(tenths, 10) if draw(st.booleans()) else None
                    rest = 1 - share if share is not None else None
                    links.append(
                        LineageLink(
                            _D2, EventKind.MERGE, source, targets[g_index], whole=False, share=share
                        )
                    )
                    links.append(
                        LineageLink(
                            _D2,
                            EventKind.MERGE,
                            source,
                            targets[split_to],
                            whole=False,
                            default=False,
                            share=rest,
                        )
                    )
    return Gazetteer.from_units(units, links)
