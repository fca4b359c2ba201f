"""qcdc.strategies: valid by construction, registered for st.from_type, clear error."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from qcdc.strategies import administrative_units, gazetteers, unit_codes
from qcdc.units import AdministrativeUnit, UnitKind, UnitLevel
from qcdc.units.gazetteer import Gazetteer


@given(unit_codes(UnitLevel.DISTRICT))
def test_codes_have_the_width_of_their_level(code: str) -> None:
    assert len(code) == 3
    assert code.isascii()
    assert code.isdigit()


@given(st.from_type(AdministrativeUnit))
def test_from_type_builds_valid_units(unit: AdministrativeUnit) -> None:
    again = AdministrativeUnit.from_record(unit.to_record())
    assert again == unit


@given(administrative_units(kind=UnitKind.WARD))
def test_units_of_a_kind(unit: AdministrativeUnit) -> None:
    assert unit.kind is UnitKind.WARD
    assert unit.name.startswith("Phường ")


@given(gazetteers(max_provinces=2))
def test_synthetic_gazetteers_are_valid(g: Gazetteer) -> None:
    assert g.check() == []
    assert len(g.snapshots) == 2


def test_a_clear_error_without_hypothesis() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import qcdc.strategies\n"
        "except ImportError as e:\n    print(type(e).__name__, e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.startswith("MissingDependency"), out.stderr
    assert "qcdc[test]" in out.stdout
