"""Issue 11 §5: a gazetteer can be shared — pickled (the embedded one by its data
version), used from worker processes (spawned or forked), tokenized by dask, and forked
while another thread holds its lazy-load lock."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import pickle
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import pytest
from hypothesis import given, settings

from qcdc.errors import InputError
from qcdc.strategies import gazetteers
from qcdc.units import AdministrativeUnit, EventKind, LineageLink, UnitKind
from qcdc.units import gazetteer as gazetteer_module
from qcdc.units.gazetteer import Gazetteer, gazetteer

D2021 = dt.date(2021, 12, 17)
D2025B = dt.date(2025, 7, 1)


def _own() -> Gazetteer:
    """A small gazetteer of one's own: a province, a district, two communes merged."""
    end = dt.date(2025, 7, 1)
    units = [
        AdministrativeUnit(UnitKind.PROVINCE, "01", "Tỉnh A", None, dt.date(2021, 1, 1)),
        AdministrativeUnit(UnitKind.RURAL_DISTRICT, "001", "Huyện B", "01", dt.date(2021, 1, 1)),
        AdministrativeUnit(UnitKind.COMMUNE, "00001", "Xã C", "001", dt.date(2021, 1, 1), end),
        AdministrativeUnit(UnitKind.COMMUNE, "00004", "Xã D", "001", dt.date(2021, 1, 1), end),
        AdministrativeUnit(UnitKind.COMMUNE, "00007", "Xã E", "001", end),
    ]
    links = [
        LineageLink(end, EventKind.MERGE, "00001", "00007"),
        LineageLink(end, EventKind.MERGE, "00004", "00007"),
    ]
    return Gazetteer.from_units(units, links)


def _answers(g: Gazetteer, code: str, on: dt.date, to: dt.date) -> tuple[object, ...]:
    p = g.project(code, on=on, to=to)
    return (g.lookup(code, on=on), p.status, [t.code for t in p.targets], g.count(on=to))


# -- the named constructor ---------------------------------------------------------------------


def test_embedded_is_the_one_instance_of_gazetteer() -> None:
    assert Gazetteer.embedded() is gazetteer() is Gazetteer.embedded()
    assert Gazetteer.embedded().data_version == gazetteer().manifest["data_version"]
    assert _own().data_version is None


# -- pickle --------------------------------------------------------------------------------------


def test_the_embedded_gazetteer_pickles_as_its_data_version() -> None:
    g = Gazetteer.embedded()
    data = pickle.dumps(g)
    assert len(data) < 300  # the version, not 15,504 units
    assert pickle.loads(data) is g


def test_the_embedded_gazetteer_refuses_another_data_version() -> None:
    with pytest.raises(InputError, match="data version"):
        gazetteer_module._embedded_of_version("1999.01.01-0")


def test_a_gazetteer_of_ones_own_pickles_with_its_data() -> None:
    g = _own()
    g.project("00001", on=D2021, to=D2025B)  # caches and the link index are not pickled
    copy = pickle.loads(pickle.dumps(g))
    assert copy is not g
    assert copy.records() == g.records() and list(copy.links) == list(g.links)
    for code in ("00001", "00004"):
        assert _answers(copy, code, D2021, D2025B) == _answers(g, code, D2021, D2025B)


def test_a_fresh_embedded_copy_pickles_with_its_data() -> None:
    """Only the shared embedded instance pickles by version; an independent one built over
    the same files is a gazetteer like any other."""
    fresh = gazetteer_module._load_embedded()
    assert pickle.loads(pickle.dumps(fresh)).records() == fresh.records()


# -- worker processes ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["spawn", "fork"])
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # fork with threads (3.12+)
def test_worker_processes_answer_as_the_parent(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} on this platform")
    ctx = multiprocessing.get_context(method)
    codes = ["00001", "00004", "26740"]
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        for g in (Gazetteer.embedded(), _own()):
            mine = [c for c in codes if g.get(c, on=D2021) is not None]
            futures = [pool.submit(Gazetteer.project, g, c, on=D2021, to=D2025B) for c in mine]
            got = [f.result(timeout=120) for f in futures]
            assert got == [g.project(c, on=D2021, to=D2025B) for c in mine]
            converted = pool.submit(Gazetteer.convert, g, mine, on=D2021, to=D2025B)
            assert converted.result(timeout=120) == g.convert(mine, on=D2021, to=D2025B)


# -- dask ----------------------------------------------------------------------------------------


def test_dask_tokens_are_deterministic_and_follow_the_data() -> None:
    base = pytest.importorskip("dask.base")
    g = Gazetteer.embedded()
    assert base.tokenize(g) == base.tokenize(g)
    assert base.tokenize(_own()) == base.tokenize(_own())
    assert base.tokenize(_own()) != base.tokenize(g)
    other = Gazetteer.from_units(_own().records()[:2])
    assert base.tokenize(other) != base.tokenize(_own())


def test_the_dask_token_of_the_embedded_gazetteer_is_the_same_in_another_process() -> None:
    base = pytest.importorskip("dask.base")
    code = (
        "import dask.base, qcdc; print(dask.base.tokenize(qcdc.gazetteer())); "
        "from qcdc.units.gazetteer import Gazetteer; "
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == base.tokenize(Gazetteer.embedded())


def test_dask_map_partitions_with_the_gazetteer() -> None:
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    import dask

    g = Gazetteer.embedded()
    frame = pd.DataFrame({"code": ["00001", "00004", "00007", "00001"]})

    def convert(part: pd.DataFrame, gazetteer: Gazetteer) -> pd.Series:
        return pd.Series(
            gazetteer.convert(list(part["code"]), on=D2021, to=D2025B), index=part.index
        )

    ddf = dd.from_pandas(frame, npartitions=2)
    lazy = ddf.map_partitions(convert, gazetteer=g, meta=("code", object))
    with dask.config.set(scheduler="processes", num_workers=1):
        got = list(lazy.compute())
    assert got == g.convert(list(frame["code"]), on=D2021, to=D2025B)


# -- fork while the lazy-load lock is held -------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_child_forked_while_the_lock_is_held_does_not_deadlock() -> None:
    g = gazetteer_module._load_embedded()  # its lineage is not loaded yet
    g._lock.acquire()  # as another thread loading the lineage would
    try:
        pid = os.fork()
        if pid == 0:  # the child: load the lineage, which takes the lock
            try:
                ok = g.project("00001", on=D2021, to=D2025B).status == "merged"
            finally:
                os._exit(0 if ok else 1)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail("the forked child deadlocked on the lazy-load lock")
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        g._lock.release()


@settings(max_examples=30)
@given(gazetteers())
def test_a_pickled_gazetteer_answers_as_the_original(g: Gazetteer) -> None:
    """On any valid gazetteer, the unpickled copy gives every answer the original gives,
    and both have the same dask token."""
    copy = pickle.loads(pickle.dumps(g))
    (a, _), (b, _) = g.snapshots
    for on in (a, b):
        assert list(copy.units(on=on)) == list(g.units(on=on))
    codes = [u.code for u in g.units(on=a)]
    for code in codes:
        assert copy.project(code, on=a, to=b) == g.project(code, on=a, to=b)
    assert copy.convert(codes, on=a, to=b, on_split="all") == g.convert(
        codes, on=a, to=b, on_split="all"
    )
    assert copy.__dask_tokenize__() == g.__dask_tokenize__()
