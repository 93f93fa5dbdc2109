"""Sequences generated cases cannot reach, each response validated against the contracts:
real account ids, real cursors, forged cursors, a tenant's life, fault rules, the journal."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.transport import Response
from starlette.applications import Starlette
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from tests.contract.support import AUTH, load_schema

UNIPILE = load_schema("unipile.yaml")
CONTROL = load_schema("control.yaml")


@pytest.fixture
def app() -> Starlette:
    return build_app(Settings())


def call(app: Starlette, schema, method: str, path: str, headers=AUTH, **parts) -> Response:
    """One request, checked by every default check against the operation's contract."""
    case = schema[path][method].Case(headers=dict(headers), **parts)
    return case.call_and_validate(app=app, headers=dict(headers))


def test_pages_of_one_walk_every_account_once(app: Starlette) -> None:
    everything = call(app, UNIPILE, "GET", "/accounts").json()
    assert everything["cursor"] is None
    seen, query = [], {"limit": 1}
    while True:
        page = call(app, UNIPILE, "GET", "/accounts", query=query).json()
        assert len(page["items"]) <= 1
        seen += [account["id"] for account in page["items"]]
        if page["cursor"] is None:
            break
        query = {"cursor": page["cursor"]}
    assert seen == [account["id"] for account in everything["items"]]
    assert len(seen) >= 2


def test_every_account_reads_deletes_and_is_gone(app: Starlette) -> None:
    accounts = call(app, UNIPILE, "GET", "/accounts").json()["items"]
    types = {account["type"] for account in accounts}
    assert {"LINKEDIN", "WHATSAPP"} <= types
    for account in accounts:
        ids = {"account_id": account["id"]}
        assert call(app, UNIPILE, "GET", "/accounts/{account_id}", path_parameters=ids).json() == account
        deleted = call(app, UNIPILE, "DELETE", "/accounts/{account_id}", path_parameters=ids)
        assert deleted.json() == {"object": "AccountDeleted"}
        gone = call(app, UNIPILE, "GET", "/accounts/{account_id}", path_parameters=ids)
        assert (gone.status_code, gone.json()["detail"]) == (404, "Account not found")
        again = call(app, UNIPILE, "DELETE", "/accounts/{account_id}", path_parameters=ids)
        assert again.status_code == 404
    assert call(app, UNIPILE, "GET", "/accounts").json()["items"] == []


def test_every_account_type_renders_its_documented_connection_params(app: Starlette) -> None:
    types = UNIPILE.raw_schema["components"]["schemas"]["AccountType"]["enum"]
    inline = {
        "name": "every-type",
        "accounts": [
            {"provider": kind, "email": "ops@acme.example"} if index % 2 else {"provider": kind}
            for index, kind in enumerate(types)
        ],
    }
    made = call(app, CONTROL, "POST", "/tenants", headers={}, body={"scenario": inline})
    key = {"X-API-KEY": made.json()["api_key"]}
    accounts = call(app, UNIPILE, "GET", "/accounts", headers=key).json()["items"]
    assert [account["type"] for account in accounts] == types


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
_FORGED = st.fixed_dictionaries(
    {"list": st.just("accounts"), "limit": _JSON | st.integers(), "after": _JSON},
    optional={"check": st.text(max_size=16)},
)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(payload=_FORGED | _JSON)
def test_a_forged_cursor_is_a_400_never_a_500(app: Starlette, payload: object) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode("ascii")
    response = call(app, UNIPILE, "GET", "/accounts", query={"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["detail"] == "cursor: not a cursor returned by this list"


def test_a_tenant_is_made_used_reset_and_dropped(app: Starlette) -> None:
    inline = {
        "name": "two-accounts",
        "seed": 9,
        "clock": {"start": "2026-03-02T08:00:00Z"},
        "accounts": [{"provider": "LINKEDIN", "plan": "recruiter"}, {"provider": "TELEGRAM"}],
    }
    made = call(app, CONTROL, "POST", "/tenants", headers={}, body={"scenario": inline})
    assert made.status_code == 201
    key = {"X-API-KEY": made.json()["api_key"]}
    accounts = call(app, UNIPILE, "GET", "/accounts", headers=key).json()["items"]
    assert [account["type"] for account in accounts] == ["LINKEDIN", "TELEGRAM"]
    clock = call(app, CONTROL, "GET", "/clock", headers=key).json()
    assert clock["now"] == "2026-03-02T08:00:00.000Z"
    moved = call(app, CONTROL, "POST", "/clock/advance", headers=key, body={"seconds": 90.5})
    assert moved.json()["now"] == "2026-03-02T08:01:30.500Z"
    reset = call(app, CONTROL, "POST", "/reset", headers=key).json()
    assert reset["object"] == "WorldReset"
    assert call(app, CONTROL, "GET", "/clock", headers=key).json()["now"] == clock["now"]
    taken = call(app, CONTROL, "POST", "/tenants", headers={},
                 body={"scenario": "empty", "api_key": key["X-API-KEY"]})
    assert taken.status_code == 409
    dropped = call(app, CONTROL, "DELETE", "/tenants/{api_key}", headers={},
                   path_parameters={"api_key": key["X-API-KEY"]})
    assert dropped.json() == {"object": "TenantDeleted"}
    assert call(app, UNIPILE, "GET", "/accounts", headers=key).status_code == 401
    assert call(app, CONTROL, "GET", "/clock", headers=key).status_code == 401


@pytest.mark.parametrize(
    ("body", "now", "refused"),
    [
        ({"until": "9999-12-31T23:59:59.999Z"}, "9999-12-31T23:59:59.999Z", None),
        ({"seconds": 0.999}, "9999-12-31T23:59:59.999Z", None),
        ({"seconds": 1}, None, "seconds"),
        ({"seconds": 315360000}, None, "seconds"),
    ],
)
def test_the_clock_stops_at_the_last_renderable_instant(
    app: Starlette, body: dict, now: str | None, refused: str | None
) -> None:
    call(app, CONTROL, "POST", "/clock/advance", body={"until": "9999-12-31T23:59:59.000Z"})
    response = call(app, CONTROL, "POST", "/clock/advance", body=body)
    if refused is None:
        assert (response.status_code, response.json()["now"]) == (200, now)
    else:
        assert response.status_code == 400
        assert response.json()["detail"] == (
            f"{refused}: must be between 1970-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z"
        )
        clock = call(app, CONTROL, "GET", "/clock").json()
        assert clock["now"] == "9999-12-31T23:59:59.000Z"


def test_a_fault_rule_is_listed_fires_and_is_deleted(app: Starlette) -> None:
    rule = call(app, CONTROL, "POST", "/faults", body={
        "match": {"method": "GET", "path": "/api/v1/accounts"},
        "respond": {"status": 429, "type": "too_many_requests"},
        "times": 1,
    }).json()
    assert (rule["kind"], rule["type"], rule["fired"]) == ("error", "errors/too_many_requests", 0)
    # A fault answers what the rule says, not what the contract documents: read it unvalidated.
    faulted = TestClient(app).get("/api/v1/accounts", headers=AUTH)
    assert (faulted.status_code, faulted.json()["type"]) == (429, "errors/too_many_requests")
    listed = call(app, CONTROL, "GET", "/faults").json()["items"]
    assert [(item["id"], item["seen"], item["fired"]) for item in listed] == [(rule["id"], 1, 1)]
    ids = {"fault_id": rule["id"]}
    assert call(app, CONTROL, "DELETE", "/faults/{fault_id}", path_parameters=ids).status_code == 200
    gone = call(app, CONTROL, "DELETE", "/faults/{fault_id}", path_parameters=ids)
    assert gone.json()["detail"] == f"fault_id: no fault rule {rule['id']!r}"
    assert call(app, CONTROL, "DELETE", "/faults").json() == {"object": "FaultsCleared", "cleared": 0}


def test_the_journal_shows_what_was_sent(app: Starlette) -> None:
    call(app, UNIPILE, "GET", "/accounts", query={"limit": 2})
    call(app, UNIPILE, "GET", "/accounts/{account_id}", path_parameters={"account_id": "nobody"})
    journal = call(app, CONTROL, "GET", "/requests", query={"path": "/api/v1/accounts/{account_id}"})
    entries = journal.json()["items"]
    assert [(entry["method"], entry["status"]) for entry in entries] == [("GET", 404)]
    assert entries[0]["headers"]["x-api-key"] == "****0001"
    everything = call(app, CONTROL, "GET", "/requests").json()
    assert everything["count"] == 2
    assert everything["items"][0]["query"] == {"limit": ["2"]}
    cleared = call(app, CONTROL, "DELETE", "/requests").json()
    assert cleared == {"object": "JournalCleared", "cleared": 2}
