"""schemathesis against /openapi.json: every route, generated requests (valid and not), no 500s, and
every answer matches the schema it documents. Bounded in examples so the suite stays fast."""

from __future__ import annotations

import shutil
import tempfile

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from reportgen.service.app import create_app  # noqa: E402
from reportgen.service.settings import Settings  # noqa: E402

DATA = tempfile.mkdtemp(prefix="reportgen-openapi-")  # the app is built when the tests are collected
APP = create_app(Settings(data_dir=DATA, request_timeout_s=120))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    APP.state.engine.close()
    APP.state.store.close()
    shutil.rmtree(DATA, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_route_keeps_its_contract(case):
    # Left out, on purpose: "schema-valid data is accepted" — a record's validity is more than any
    # schema says (budget arithmetic, dates that exist, figures quoted), and the OpenAPI only
    # sketches bodies as objects.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
