"""Shared test configuration: hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` (the default) keeps the suite fast; run
``HYPOTHESIS_PROFILE=deep python -m pytest`` by hand for a thorough search.
"""

from __future__ import annotations

import os

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
