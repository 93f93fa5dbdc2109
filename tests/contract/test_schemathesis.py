"""Schemathesis against the in-process app: every operation of every contract, every check.

Each operation gets a fresh app (so a DELETE in one cannot break another), generation is
derandomized (same cases on every run) and calls authenticate with the default world's key.
Every built-in check runs (schemathesis enables them all by default; a test below keeps it
so), with `positive_data_acceptance` narrowed to the documented semantic 400s.
"""

from __future__ import annotations

import re

import pytest
from schemathesis.checks import CHECKS, CheckContext, is_check_class, load_all_checks
from schemathesis.core.transport import Response
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.applications import Starlette

from simulator.app import Settings, build_app
from tests.contract.support import AUTH, load_schema

# Requests that match the schema but that the world refuses, because the rule is about the
# world's state or compares values, which JSON Schema cannot say. Only these exact 400s (the
# contracts describe each) are not "valid data rejected".
_OUT_OF_RANGE = r"[\w.]+: must be between 1970-01-01T00:00:00\.000Z and 9999-12-31T23:59:59\.999Z"
SEMANTIC_REJECTIONS: dict[str, re.Pattern[str]] = {
    # A cursor is opaque: only one the list returned is good (reference §1.3).
    "GET /accounts": re.compile(r"^cursor: not a cursor returned by this list$"),
    # A well-formed name that no shipped scenario has; an instant the world cannot hold.
    "POST /tenants": re.compile(
        rf"^(scenario: scenario '.*': no such scenario \(shipped: .*\)|{_OUT_OF_RANGE})$"
    ),
    # Time never goes backwards (the world's `now` is state) and stays within 1970-9999.
    "POST /clock/advance": re.compile(rf"^(until: cannot move the clock backwards|{_OUT_OF_RANGE})$"),
    # Two fields compared; a window beyond 9999.
    "POST /faults": re.compile(rf"^(latency: max must not be below min|{_OUT_OF_RANGE})$"),
}


unipile_schema = load_schema("unipile.yaml")
control_schema = load_schema("control.yaml")


def positive_data_acceptance_in_world(
    ctx: CheckContext, response: Response, case: Case
) -> bool | None:
    """`positive_data_acceptance`, except for the documented state-dependent 400s above."""
    pattern = SEMANTIC_REJECTIONS.get(f"{case.method.upper()} {case.path}")
    if pattern is not None and response.status_code == 400:
        detail = response.json().get("detail", "")
        if pattern.match(detail):
            return None
    return positive_data_acceptance(ctx, response, case)


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
    app = apps.get(case.operation.label)
    if app is None:
        app = apps[case.operation.label] = build_app(Settings())
    case.call_and_validate(
        app=app,
        headers=AUTH,
        additional_checks=[positive_data_acceptance_in_world],
        excluded_checks=[positive_data_acceptance],
    )


@unipile_schema.parametrize()
def test_unipile_contract(case: Case, apps: dict[str, Starlette]) -> None:
    _call_and_validate(case, apps)


@control_schema.parametrize()
def test_control_contract(case: Case, apps: dict[str, Starlette]) -> None:
    _call_and_validate(case, apps)
