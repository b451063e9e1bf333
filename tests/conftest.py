"""Hypothesis profiles for the property tests (tests/test_properties.py).

`ci` (the default, here and in CI): derandomised — the same examples every run, so a property test
never fails for one engineer and passes for the next — and sized for CI. `long`, by hand:
    .venv/bin/python -m pytest tests/test_properties.py --hypothesis-profile=long
draws fresh random examples, twenty times as many.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile("ci", max_examples=100, derandomize=True, database=None, deadline=None, suppress_health_check=_SLOW)
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=_SLOW, print_blob=True)
settings.load_profile("ci")
settings.register_profile("smoke", max_examples=10, derandomize=True, database=None, deadline=None, suppress_health_check=_SLOW)


@pytest.fixture(autouse=True, scope="session")
def _cache_folder(tmp_path_factory):
    """The prepared-template cache (reportgen/cache.py) of the whole run in a temporary folder, not
    the user's ~/.cache; subprocesses the tests start inherit it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("reportgen-cache")))
        yield
