"""Hypothesis profiles of the fuzz tests: more examples than the rest of the suite.

For the profile the suite runs under (``HYPOTHESIS_PROFILE``, ``ci`` by default, see
``tests/conftest.py``) this registers ``fuzz-<profile>`` on top of it: ``fuzz-ci`` runs
300 examples per test, ``fuzz-dev`` 2,000 and ``fuzz-deep`` 20,000 (any other profile:
300).  Each fuzz module decorates its tests with that profile::

    FUZZ = settings.get_profile("fuzz-" + os.environ.get("HYPOTHESIS_PROFILE", "ci"))

How to run the deep profile by hand: ``README.md`` here.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = {"ci": 300, "dev": 2_000, "deep": 20_000}

for _name in {*EXAMPLES, os.environ.get("HYPOTHESIS_PROFILE", "ci")}:
    settings.register_profile(
        f"fuzz-{_name}",
        parent=settings.get_profile(_name),
        max_examples=EXAMPLES.get(_name, 300),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
