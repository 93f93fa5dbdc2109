"""The accounts service against the simulator: the good days, and the bad ones (Unipile's DELETE
failing, a second reconnect while one is under way, an account gone on Unipile's side, a link
used too late)."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.testclient import TestClient

from simulator.testing import SimulatorError, SimulatorServer, SimWorld


def add(service: TestClient, account_id: str, status: str = "connected") -> str:
    """A row as the app's connect flow leaves it; returns the row id (the `accountId`)."""
    return service.app.state.store.add_account("alice", account_id, status)


def listed(service: TestClient) -> dict[str, dict]:
    answer = service.get("/api/unipile/accounts")
    assert answer.status_code == 200, answer.text
    return {row["id"]: row for row in answer.json()["accounts"]}


def test_listing_fills_in_names_flags_and_limits_once(
    service: TestClient, sim_world: SimWorld, linkedin: dict[str, str]
) -> None:
    rows = {kind: add(service, linkedin[kind]) for kind in ("sales_navigator", "free")}
    rows["expired"] = add(service, linkedin["expired"], "credentials_required")

    accounts = listed(service)
    seat, free, expired = (accounts[rows[k]] for k in ("sales_navigator", "free", "expired"))
    assert (seat["is_premium"], seat["has_sales_navigator"]) == (True, True)
    assert (seat["weekly_connection_limit"], seat["weekly_message_limit"]) == (100, 150)
    assert (free["is_premium"], free["has_sales_navigator"]) == (False, False)
    assert (free["weekly_connection_limit"], free["weekly_message_limit"]) == (80, 100)
    assert expired["status"] == "credentials_required" and expired["is_premium"] is True
    assert seat["profile_url"].startswith("https://www.linkedin.com/in/")
    assert all(row["name"] for row in accounts.values())

    # Listing again reads each account from Unipile (a 404 check), and finds nothing to fill in.
    assert listed(service) == accounts
    sim_world.assert_sent("GET", "/api/v1/accounts/{account_id}", times=3 + 3)


def test_refresh_reports_an_upgrade_in_changed_and_the_premium_limits(
    service: TestClient, sim_world: SimWorld, linkedin: dict[str, str]
) -> None:
    row = add(service, linkedin["free"])
    first = service.post("/api/unipile/refresh", json={"accountId": row}).json()
    assert first == {
        "success": True, "is_premium": False, "has_sales_navigator": False,
        "weekly_connection_limit": 80, "weekly_message_limit": 100,
        "changed": {"is_premium": False, "has_sales_navigator": False},
    }  # fmt: skip

    # The company buys a Sales Navigator seat: Unipile's account shows it on the next read.
    sim_world.control("POST", f"/accounts/{linkedin['free']}/premium",
                      json={"features": ["premium", "sales_navigator"]})  # fmt: skip
    upgraded = service.post("/api/unipile/refresh", json={"accountId": row}).json()
    assert upgraded["changed"] == {"is_premium": True, "has_sales_navigator": True}
    assert (upgraded["weekly_connection_limit"], upgraded["weekly_message_limit"]) == (100, 150)

    again = service.post("/api/unipile/refresh", json={"accountId": row}).json()
    assert again["changed"] == {"is_premium": False, "has_sales_navigator": False}
    assert listed(service)[row]["has_sales_navigator"] is True


def test_a_reconnect_link_lasts_one_hour_and_brings_the_account_back(
    service: TestClient, unipile_sim: SimulatorServer, sim_world: SimWorld,
    linkedin: dict[str, str],
) -> None:  # fmt: skip
    row = add(service, linkedin["expired"], "credentials_required")
    answer = service.post("/api/unipile/reconnect", json={"accountId": row})
    assert answer.status_code == 200, answer.text
    url = answer.json()["url"]
    assert url.startswith(f"{unipile_sim.base_url}/hosted/")

    [sent] = sim_world.assert_sent("POST", "/api/v1/hosted/accounts/link")
    link = json.loads(sent["body"])
    assert link["type"] == "reconnect" and link["reconnect_account"] == linkedin["expired"]
    assert link["expiresOn"] == "2026-01-05T10:00:00.000Z"  # the world starts at 09:00

    # 59 minutes later the user finishes the wizard (here without a browser).
    sim_world.advance(seconds=59 * 60)
    finished = sim_world.control("POST", f"/hosted/{url.rsplit('/', 1)[1]}/complete",
                                 json={"outcome": "success"})  # fmt: skip
    assert finished["status"] == "RECONNECTED"
    # The account keeps its Unipile id, so the row is the same one, connected again.
    assert listed(service)[row]["status"] == "connected"


def test_a_reconnect_link_used_after_an_hour_has_expired(
    service: TestClient, sim_world: SimWorld, linkedin: dict[str, str]
) -> None:
    row = add(service, linkedin["expired"], "credentials_required")
    url = service.post("/api/unipile/reconnect", json={"accountId": row}).json()["url"]

    fired = sim_world.advance(seconds=3600)
    assert [(e["kind"], e["at"]) for e in fired] == [
        ("hosted_link_expired", "2026-01-05T10:00:00.000Z")
    ]
    assert httpx.get(url).status_code == 410  # the wizard's expiry page
    with pytest.raises(SimulatorError, match="errors/expired_link"):
        sim_world.control("POST", f"/hosted/{url.rsplit('/', 1)[1]}/complete",
                          json={"outcome": "success"})  # fmt: skip
    assert listed(service)[row]["status"] == "credentials_required"


def test_a_second_reconnect_while_one_is_under_way_is_refused(
    service: TestClient, sim_world: SimWorld, linkedin: dict[str, str]
) -> None:
    """Unipile answers 425 errors/auth_in_progress while a login for the account is under way
    (another tab, a retrying job). A fault rule gives that answer to the second link request."""
    sim_world.control("POST", "/faults", json={
        "match": {"method": "POST", "path": "/api/v1/hosted/accounts/link"},
        "respond": {"status": 425, "type": "errors/auth_in_progress"},
        "after": 1,
    })  # fmt: skip
    row = add(service, linkedin["expired"], "credentials_required")
    assert service.post("/api/unipile/reconnect", json={"accountId": row}).status_code == 200

    second = service.post("/api/unipile/reconnect", json={"accountId": row})
    assert second.status_code == 409 and second.json()["error"] == "reconnect_in_progress"
    assert [entry["status"] for entry in sim_world.requests("POST")] == [201, 425]


def test_an_account_gone_on_unipiles_side_is_disconnected_by_the_listing(
    service: TestClient, sim_world: SimWorld, linkedin: dict[str, str]
) -> None:
    kept, gone = add(service, linkedin["sales_navigator"]), add(service, linkedin["free"])
    assert sim_world.request("DELETE", f"/accounts/{linkedin['free']}").status_code == 200

    assert list(listed(service)) == [kept]
    row = service.app.state.store.row("alice", gone)
    assert row["status"] == "disconnected"  # kept for history, no longer listed


@pytest.mark.parametrize(
    "fault",
    [
        {"respond": {"status": 500, "type": "errors/unexpected_error"}},
        {"drop": True},  # the connection closes half-way through the answer
    ],
    ids=["500", "dropped"],
)
def test_delete_disconnects_the_row_even_when_unipiles_delete_fails(
    service: TestClient, sim_world: SimWorld, linkedin: dict[str, str], fault: dict
) -> None:
    sim_world.control("POST", "/faults", json={
        "match": {"method": "DELETE", "path": "/api/v1/accounts/{account_id}"}, **fault,
    })  # fmt: skip
    row = add(service, linkedin["free"])

    answer = service.delete("/api/unipile/accounts", params={"accountId": row})
    assert answer.status_code == 200 and answer.json() == {"success": True}
    assert service.app.state.store.row("alice", row)["status"] == "disconnected"
    assert listed(service) == {}
    # Unipile's side is orphaned, which is harmless: the account is still there.
    assert sim_world.get(f"/accounts/{linkedin['free']}").status_code == 200
    [rule] = sim_world.control("GET", "/faults")["items"]
    assert rule["fired"] == 1


def test_delete_deletes_on_unipiles_side_when_it_can(
    service: TestClient, sim_world: SimWorld, linkedin: dict[str, str]
) -> None:
    row = add(service, linkedin["free"])
    assert service.delete("/api/unipile/accounts", params={"accountId": row}).status_code == 200
    assert sim_world.get(f"/accounts/{linkedin['free']}").status_code == 404


def test_rows_are_the_owners_alone(service: TestClient, linkedin: dict[str, str]) -> None:
    theirs = service.app.state.store.add_account("bob", linkedin["free"])
    assert service.post("/api/unipile/refresh", json={"accountId": theirs}).status_code == 404
    assert service.post("/api/unipile/refresh", json={"accountId": "nope"}).status_code == 400
    signed_out = service.get("/api/unipile/accounts", headers={"Authorization": ""})
    assert signed_out.status_code == 401
