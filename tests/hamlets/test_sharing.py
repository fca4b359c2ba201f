"""A registry goes to other processes: pickled, tokenized by dask, used in a pool."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from dask.base import tokenize

from qcdc.hamlets import HamletRegistry
from qcdc.io import load_hamlets

SMALL = Path(__file__).resolve().parent.parent / "data" / "hamlets" / "hamlets_small.csv"
ON = dt.date(2021, 12, 17)


def _registry() -> HamletRegistry:
    return HamletRegistry(load_hamlets(SMALL), on=ON)  # with the embedded gazetteer


def _checked() -> HamletRegistry:
    registry = _registry()
    registry.check()  # fills the registry's derived indexes and memos
    return registry


def _findings(registry: HamletRegistry) -> list[str]:
    return [f"{f.rule} {f.path}" for f in registry.check()]


def test_a_checked_registry_pickles_and_answers_the_same() -> None:
    registry = _checked()
    copy = pickle.loads(pickle.dumps(registry))
    assert copy == registry
    assert _findings(copy) == _findings(registry)


def test_dask_tokens_are_stable_and_tell_registries_apart() -> None:
    registry = _checked()
    assert tokenize(registry) == tokenize(pickle.loads(pickle.dumps(registry)))
    assert tokenize(registry) == tokenize(_registry())  # memos do not count
    other = HamletRegistry(registry.communities[1:], on=ON)
    assert tokenize(other) != tokenize(registry)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_a_process_pool_gets_the_same_answers(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    registry = _checked()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method)) as pool:
        assert pool.submit(_findings, registry).result(timeout=120) == _findings(registry)
