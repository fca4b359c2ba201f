"""The public face of qcdc.directives: each concept module lists what it defines."""

from __future__ import annotations

import importlib

import pytest

import qcdc.directives

CONCEPTS = ("document_numbers", "bodies", "tasks", "review")


@pytest.mark.parametrize("name", CONCEPTS)
def test_all_is_complete(name: str) -> None:
    d = importlib.import_module(f"qcdc.directives.{name}")
    public = {
        name
        for name, value in vars(d).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == d.__name__
    }
    assert public <= set(d.__all__)
    assert all(hasattr(d, name) for name in d.__all__)


def test_the_package_exports_every_concept() -> None:
    every = {
        n for name in CONCEPTS for n in importlib.import_module(f"qcdc.directives.{name}").__all__
    }
    assert every == set(qcdc.directives.__all__)
