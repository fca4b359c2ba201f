"""The internal constructors of :mod:`qcdc.units.search` make what ``__init__`` makes,
and may: the classes have nothing ``__init__`` would run besides setting the fields."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import qcdc
from qcdc.units import search as S

ON = dt.date(2025, 7, 1)


@pytest.mark.parametrize("cls", [S.Candidate, S.Resolution])
def test_fast_constructors_skip_nothing(cls: type) -> None:
    """Rule: a validator, converter, default factory or post-init hook on these classes
    would be skipped by the fast constructors; add one and this test fails (then make
    the fast constructor run it, or call the class)."""
    for f in attrs.fields(cls):
        assert f.validator is None, f.name
        assert f.converter is None, f.name
        assert f.default is attrs.NOTHING, f.name
    assert not hasattr(cls, "__attrs_post_init__")
    assert not hasattr(cls, "__attrs_pre_init__")


def test_fast_constructors_equal_init() -> None:
    g = qcdc.gazetteer()
    unit = g.units(on=ON, level="province")[0]
    fast = S._candidate(unit, 0.5, ("similar spelling",))
    slow = S.Candidate(unit, 0.5, ("similar spelling",))
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    assert attrs.evolve(fast, score=1.0) == S.Candidate(unit, 1.0, ("similar spelling",))
    r_fast = S._resolution("q", ON, "not_found", (fast,))
    r_slow = S.Resolution("q", ON, "not_found", (slow,))
    assert r_fast == r_slow
    assert repr(r_fast) == repr(r_slow)
    assert attrs.asdict(r_fast) == attrs.asdict(r_slow)


def test_a_validator_would_be_seen() -> None:
    """The rule above fails for a class that has a validator (the test can fail)."""

    @attrs.frozen
    class Checked:
        x: int = attrs.field(validator=attrs.validators.instance_of(int))

    with pytest.raises(AssertionError):
        test_fast_constructors_skip_nothing(Checked)
