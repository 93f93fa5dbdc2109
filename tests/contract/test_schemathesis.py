"""Schemathesis against the in-process app: every operation of every contract, every check.

Each operation gets a fresh app (so a DELETE in one cannot break another), generation is
derandomized (same cases on every run) and calls authenticate with the default world's key.
Every built-in check runs (schemathesis enables them all by default; a test below keeps it
so), with `positive_data_acceptance` narrowed to the documented semantic 400s.
"""

from __future__ import annotations

import pytest
from schemathesis.checks import CHECKS, is_check_class, load_all_checks
from schemathesis.generation.case import Case
from starlette.applications import Starlette

from simulator.app import Settings, build_app
from simulator.contract_test import check_kwargs
from tests.contract.support import AUTH, load_schema

# The refusals `positive_data_acceptance` accepts (documented semantic 400s, state-dependent 422s
# and 425s) live in simulator/contract_test.py, shared with `unipile-sim contract-test`: add new
# ones there.
unipile_schema = load_schema("unipile.yaml")
postpress_schema = load_schema("postpress.yaml")
control_schema = load_schema("control.yaml")


WANTED_CHECKS = {
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "positive_data_acceptance",
    "negative_data_rejection",
    "use_after_free",
    "ensure_resource_availability",
    "ignored_auth",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
}


def test_every_wanted_check_runs_by_default() -> None:
    load_all_checks()
    config = unipile_schema.config.checks_config_for()
    enabled = {
        check.__name__
        for check in CHECKS.get_all()
        if not is_check_class(check) and config.get_by_name(name=check.__name__).enabled
    }
    assert WANTED_CHECKS <= enabled


@pytest.fixture(scope="module")
def apps() -> dict[str, Starlette]:
    """One fresh app per operation, made when the operation's first case runs."""
    return {}


def _call_and_validate(case: Case, apps: dict[str, Starlette]) -> None:
    key = f"{case.method.upper()} {case.operation.full_path}"  # /api/v1/accounts != /v1/accounts
    app = apps.get(key)
    if app is None:
        app = apps[key] = build_app(Settings())
    case.call_and_validate(app=app, headers=AUTH, **check_kwargs())


@unipile_schema.parametrize()
def test_unipile_contract(case: Case, apps: dict[str, Starlette]) -> None:
    _call_and_validate(case, apps)


@postpress_schema.parametrize()
def test_postpress_contract(case: Case, apps: dict[str, Starlette]) -> None:
    _call_and_validate(case, apps)


@control_schema.parametrize()
def test_control_contract(case: Case, apps: dict[str, Starlette]) -> None:
    _call_and_validate(case, apps)
