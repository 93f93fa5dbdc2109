import httpx
import pytest

from tests.api.conftest import assert_envelope

ACCOUNTS = "/api/v1/accounts"


def add(client, **spec):
    response = client.post("/_sim/faults", json=spec)
    assert response.status_code == 201, response.text
    return response.json()


def test_error_rule_answers_the_documented_envelope_and_changes_nothing(client):
    victim = client.get(ACCOUNTS).json()["items"][0]["id"]
    add(client, match={"method": "DELETE", "path": "/api/v1/accounts/{account_id}"},
        respond={"status": 503, "type": "errors/network_down", "detail": "try later"}, times=1)
    body = assert_envelope(client.delete(f"{ACCOUNTS}/{victim}"), 503, "errors/network_down", "try later")
    assert body["instance"] == f"{ACCOUNTS}/{victim}"
    assert client.get(f"{ACCOUNTS}/{victim}").status_code == 200  # nothing was deleted
    assert client.delete(f"{ACCOUNTS}/{victim}").status_code == 200  # times=1: spent


def test_after_and_times_pick_exactly_which_requests_fail(client):
    add(client, match={"method": "GET", "path": ACCOUNTS},
        respond={"status": 429, "type": "too_many_requests"}, after=2, times=2)
    statuses = [client.get(ACCOUNTS).status_code for _ in range(6)]
    assert statuses == [200, 200, 429, 429, 200, 200]
    rule = client.get("/_sim/faults").json()["items"][0]
    assert (rule["seen"], rule["fired"], rule["type"]) == (4, 2, "errors/too_many_requests")


def test_account_match_uses_the_path_the_query_or_the_body(client):
    first, second = [a["id"] for a in client.get(ACCOUNTS).json()["items"][:2]]
    add(client, match={"account_id": first}, respond={"status": 500, "type": "provider_error"})
    assert client.get(f"{ACCOUNTS}/{first}").status_code == 500
    assert client.get(f"{ACCOUNTS}/{second}").status_code == 200


def test_probability_is_seeded_the_same_way_every_run(client):
    def run():
        client.post("/_sim/reset")
        add(client, match={"path": ACCOUNTS}, respond={"status": 500, "type": "unexpected_error"}, probability=0.5)
        return [client.get(ACCOUNTS).status_code for _ in range(20)]

    first, second = run(), run()
    assert first == second
    assert 3 <= first.count(500) <= 17


def test_window_opens_and_closes_on_world_time(client):
    add(client, match={"path": ACCOUNTS}, respond={"status": 504, "type": "errors/request_timeout"},
        window={"start": "+1h", "end": "+2h"})
    assert client.get(ACCOUNTS).status_code == 200
    client.post("/_sim/clock/advance", json={"seconds": 3600})
    assert_envelope(client.get(ACCOUNTS), 504, "errors/request_timeout")
    client.post("/_sim/clock/advance", json={"seconds": 3600})
    assert client.get(ACCOUNTS).status_code == 200


def test_malformed_body_is_not_json(client):
    add(client, match={"path": ACCOUNTS}, malformed={"status": 200})
    response = client.get(ACCOUNTS)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    with pytest.raises(ValueError):
        response.json()


def test_faulted_requests_are_journaled_with_their_status(client):
    add(client, match={"path": ACCOUNTS}, respond={"status": 429, "type": "too_many_requests"}, times=1)
    client.get(ACCOUNTS)
    assert [e["status"] for e in client.get("/_sim/requests").json()["items"]] == [429]


def test_list_delete_and_clear(client):
    first = add(client, drop=True, match={"path": "/api/v1/nowhere"})
    add(client, latency={"ms": 1}, match={"path": ACCOUNTS})
    assert [r["id"] for r in client.get("/_sim/faults").json()["items"]] == [first["id"], "fault_2"]
    assert client.delete(f"/_sim/faults/{first['id']}").json() == {"object": "FaultDeleted"}
    assert_envelope(client.delete(f"/_sim/faults/{first['id']}"), 404, "errors/resource_not_found", "fault_id")
    assert client.delete("/_sim/faults").json() == {"object": "FaultsCleared", "cleared": 1}
    assert client.get("/_sim/faults").json()["items"] == []


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"respond": {"status": 429, "type": "errors/made_up"}}, "respond.type"),
        ({"respond": {"status": 500, "type": "errors/too_many_requests"}}, "respond.type"),
        ({"respond": {"status": 429, "type": "too_many_requests"}, "drop": True}, "body"),
        ({}, "body"),
        ({"latency": {"min_ms": 5}}, "latency"),
        ({"drop": True, "match": {"path": "accounts"}}, "match.path"),
        ({"drop": True, "probability": 0}, "probability"),
        ({"drop": True, "window": {"start": "+2 hours"}}, "window.start"),
        ({"drop": True, "match": {"method": "BREW"}}, "match.method"),
    ],
)
def test_bad_rules_are_400_naming_the_field(client, spec, field):
    body = assert_envelope(client.post("/_sim/faults", json=spec), 400, "errors/invalid_parameters")
    assert body["detail"].startswith(field), body["detail"]


def test_latency_and_dropped_connection_over_real_http(sim_world):
    sim_world.control("POST", "/faults", json={"match": {"path": ACCOUNTS}, "latency": {"ms": 300}, "times": 1})
    response = sim_world.get("/accounts", headers=sim_world.headers)
    assert response.status_code == 200 and response.elapsed.total_seconds() >= 0.3
    sim_world.control("POST", "/faults", json={"match": {"path": ACCOUNTS}, "drop": True, "times": 1})
    with pytest.raises(httpx.RemoteProtocolError):
        sim_world.get("/accounts", headers=sim_world.headers)
    assert sim_world.get("/accounts", headers=sim_world.headers).status_code == 200
