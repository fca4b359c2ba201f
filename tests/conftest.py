"""Shared test configuration: hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` (the default) keeps the suite fast; run
``HYPOTHESIS_PROFILE=deep python -m pytest`` by hand for a thorough search.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    print_blob=True,
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "deep", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# ------------------------------------------------------------------ the one CLI runner


class CliResult(NamedTuple):
    """What one run of ``qcdc`` gave: exit status, standard output, standard error."""

    status: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run the ``qcdc`` command in-process: ``cli("units", "count", "--on", "2021-12-17")``
    or ``cli("units count --on 2021-12-17")`` (one string is split as a shell would)."""
    from qcdc.cli import main

    def run(*argv: str) -> CliResult:
        args = shlex.split(argv[0]) if len(argv) == 1 else list(argv)
        capsys.readouterr()
        status = main(args)
        out, err = capsys.readouterr()
        return CliResult(status, out, err)

    return run
