"""GET /_sim/tenants (the world list for scripts) and POST /_sim/webhooks/deliveries/{id}/retry
(the operation behind the inspector's "Retry now")."""

from __future__ import annotations

import time

from tests.api.conftest import DEFAULT_KEY, assert_envelope


def test_the_list_has_every_world_with_masked_keys(client):
    made = client.post("/_sim/tenants", json={"scenario": "empty", "seed": 3}).json()
    response = client.get("/_sim/tenants", headers={"X-API-KEY": ""})
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "TenantList" and body["count"] == 2
    first, second = body["items"]
    assert first == {
        "object": "TenantSummary", "api_key": "****0001", "scenario": "default", "seed": 42,
        "clock": "frozen", "world_id": first["world_id"], "now": "2026-01-05T09:00:00.000Z",
        "pending_events": 0, "accounts": 7,
    }  # fmt: skip
    assert second["api_key"] == "****" + made["api_key"][-4:]
    assert (second["scenario"], second["seed"], second["accounts"]) == ("empty", 3, 0)
    assert len({first["world_id"], second["world_id"]}) == 2


def test_keys_are_shown_when_asked_and_the_list_follows_drops(client):
    made = client.post("/_sim/tenants", json={"scenario": "empty"}).json()
    keys = [t["api_key"] for t in client.get("/_sim/tenants?reveal_keys=true").json()["items"]]
    assert keys == [DEFAULT_KEY, made["api_key"]]
    client.delete(f"/_sim/tenants/{made['api_key']}")
    keys = [t["api_key"] for t in client.get("/_sim/tenants?reveal_keys=true").json()["items"]]
    assert keys == [DEFAULT_KEY]
    masked = client.get("/_sim/tenants?reveal_keys=false").json()["items"]
    assert [t["api_key"] for t in masked] == ["****0001"]


def test_the_list_refuses_unknown_parameters_and_values(client):
    assert_envelope(
        client.get("/_sim/tenants?reveal_keys=yes"), 400, "errors/invalid_parameters", "reveal_keys"
    )
    assert_envelope(client.get("/_sim/tenants?limit=3"), 400, "errors/invalid_parameters", "limit")


def test_retry_now_needs_a_delivery_waiting_for_a_retry(client):
    response = client.post("/_sim/webhooks/deliveries/dlv_000001/retry")
    assert_envelope(response, 404, "errors/resource_not_found", "waiting for a retry")
    assert_envelope(
        client.post("/_sim/webhooks/deliveries/x/retry", headers={"X-API-KEY": "nobody"}),
        401,
        "errors/missing_credentials",
    )


def test_retry_now_makes_the_next_attempt_without_moving_the_clock(client):
    client.post(
        "/api/v1/webhooks",
        json={"request_url": "http://127.0.0.1:9/hook", "source": "account_status"},
    )
    account = client.get("/api/v1/accounts").json()["items"][0]
    client.post(f"/_sim/accounts/{account['id']}/status", json={"status": "STOPPED"})
    deadline = time.monotonic() + 10
    while not client.get("/_sim/webhooks/deliveries").json()["items"]:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    (first,) = client.get("/_sim/webhooks/deliveries").json()["items"]
    assert first["outcome"] == "retrying"
    before = client.get("/_sim/clock").json()
    response = client.post(f"/_sim/webhooks/deliveries/{first['delivery_id']}/retry")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "object": "WebhookRetryStarted", "delivery_id": first["delivery_id"], "attempt": 2,
    }  # fmt: skip
    while len(client.get("/_sim/webhooks/deliveries").json()["items"]) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    second = client.get("/_sim/webhooks/deliveries").json()["items"][1]
    assert (second["attempt"], second["at"]) == (2, first["next_attempt_at"])
    after = client.get("/_sim/clock").json()
    assert after["now"] == before["now"]
    assert after["pending_events"] == 1  # the third attempt's retry, not the second's twice
