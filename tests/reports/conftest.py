"""What the reports tests share: the Hà Nội review, a tiny gazetteer, a bare report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from qcdc.citations import Citation, Confidence
from qcdc.reports import AnnualReport, load_embedded
from qcdc.units import AdministrativeUnit
from qcdc.units.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def hanoi() -> AnnualReport:
    return load_embedded("hanoi-2021")


@pytest.fixture(scope="session")
def tiny() -> Gazetteer:
    """A province with two districts and four communes of three kinds."""
    units = [
        AdministrativeUnit(kind="tỉnh", code="90", name="Tỉnh Thử"),
        AdministrativeUnit(kind="huyện", code="901", name="Huyện Một", parent_code="90"),
        AdministrativeUnit(kind="quận", code="902", name="Quận Hai", parent_code="90"),
        AdministrativeUnit(kind="xã", code="90001", name="Xã An", parent_code="901"),
        AdministrativeUnit(kind="xã", code="90002", name="Xã Bình", parent_code="901"),
        AdministrativeUnit(kind="thị trấn", code="90003", name="Thị trấn Một", parent_code="901"),
        AdministrativeUnit(kind="phường", code="90004", name="Phường Hai", parent_code="902"),
    ]
    return Gazetteer.from_units(units)


def _bare(**kwargs: Any) -> AnnualReport:
    base: dict[str, Any] = {
        "place": "01",
        "period": "năm 2021",
        "date": dt.date(2021, 12, 17),
        "source": Citation("test", confidence=Confidence.LIKELY),
    }
    base.update(kwargs)
    return AnnualReport(**base)


@pytest.fixture(scope="session")
def bare() -> Callable[..., AnnualReport]:
    """``bare(**fields)``: a report of Hà Nội 2021 (dated 17/12/2021) with only what is given."""
    return _bare
