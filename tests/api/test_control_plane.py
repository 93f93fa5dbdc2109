import pytest

from tests.api.conftest import DEFAULT_KEY, assert_envelope


def test_health_reports_version_and_worlds(client):
    body = client.get("/_sim/health").json()
    assert body == {"status": "ok", "version": "0.1.0", "worlds": 1}


def test_new_tenant_gets_its_own_world(client):
    created = client.post("/_sim/tenants", json={"scenario": "default", "seed": 3})
    assert created.status_code == 201
    tenant = created.json()
    assert tenant["object"] == "Tenant" and tenant["scenario"] == "default" and tenant["seed"] == 3
    theirs = client.get("/api/v1/accounts", headers={"X-API-KEY": tenant["api_key"]}).json()["items"]
    ours = client.get("/api/v1/accounts").json()["items"]
    assert {a["id"] for a in theirs}.isdisjoint({a["id"] for a in ours})
    client.delete(f"/api/v1/accounts/{theirs[0]['id']}", headers={"X-API-KEY": tenant["api_key"]})
    assert len(client.get("/api/v1/accounts").json()["items"]) == 7
    assert client.get("/_sim/health").json()["worlds"] == 2


def test_same_scenario_and_seed_give_identical_bodies(client):
    keys = [client.post("/_sim/tenants", json={"scenario": "default", "seed": 9}).json()["api_key"] for _ in range(2)]
    bodies = [client.get("/api/v1/accounts", headers={"X-API-KEY": key}).json() for key in keys]
    assert bodies[0] == bodies[1]


def test_chosen_api_key_and_a_taken_one(client):
    assert client.post("/_sim/tenants", json={"api_key": "my-ci-key-123"}).status_code == 201
    assert client.get("/api/v1/accounts", headers={"X-API-KEY": "my-ci-key-123"}).status_code == 200
    assert_envelope(client.post("/_sim/tenants", json={"api_key": "my-ci-key-123"}), 409, "errors/already_exists", "api_key")


def test_inline_scenario(client):
    scenario = {"name": "inline", "accounts": [{"provider": "TELEGRAM", "name": "Tg"}]}
    key = client.post("/_sim/tenants", json={"scenario": scenario}).json()["api_key"]
    items = client.get("/api/v1/accounts", headers={"X-API-KEY": key}).json()["items"]
    assert [(a["type"], a["name"]) for a in items] == [("TELEGRAM", "Tg")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scenario": "does-not-exist"}, "scenario"),
        ({"scenario": {"name": "x", "accounts": [{"provider": "FAX"}]}}, "scenario"),
        ({"scenario": "../../etc/passwd"}, "scenario"),
        ({"seed": -1}, "seed"),
        ({"clock": "sundial"}, "clock"),
        ({"api_key": "short"}, "api_key"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_tenant_requests_are_400_naming_the_field(client, body, field):
    response = assert_envelope(client.post("/_sim/tenants", json=body), 400, "errors/invalid_parameters")
    assert response["detail"].startswith(field)


def test_malformed_json_is_a_400(client):
    response = client.post("/_sim/tenants", content=b"{not json", headers={"content-type": "application/json"})
    assert_envelope(response, 400, "errors/invalid_parameters", "body: not valid JSON")


def test_drop_tenant_then_its_key_is_refused(client):
    key = client.post("/_sim/tenants", json={}).json()["api_key"]
    assert client.delete(f"/_sim/tenants/{key}").json() == {"object": "TenantDeleted"}
    assert client.get("/api/v1/accounts", headers={"X-API-KEY": key}).status_code == 401
    assert_envelope(client.delete(f"/_sim/tenants/{key}"), 404, "errors/resource_not_found")


def test_reset_restores_the_initial_state(client):
    before = client.get("/api/v1/accounts").json()
    client.delete(f"/api/v1/accounts/{before['items'][0]['id']}")
    client.post("/_sim/clock/advance", json={"seconds": 86400})
    reset = client.post("/_sim/reset").json()
    assert reset["object"] == "WorldReset" and reset["api_key"] == DEFAULT_KEY
    assert client.get("/api/v1/accounts").json() == before
    assert client.get("/_sim/clock").json()["now"] == "2026-01-05T09:00:00.000Z"


def test_world_scoped_control_calls_need_a_key(client):
    client.headers.pop("X-API-KEY")
    for method, path in [("GET", "/_sim/clock"), ("POST", "/_sim/reset"), ("POST", "/_sim/clock/advance")]:
        response = client.request(method, path, json={"seconds": 1})
        assert response.status_code == 401 and response.json()["type"] == "errors/missing_credentials"


def test_clock_reads_and_advances(client):
    clock = client.get("/_sim/clock").json()
    assert clock == {"object": "Clock", "now": "2026-01-05T09:00:00.000Z", "mode": "frozen", "pending_events": 0, "next_event_at": None}
    moved = client.post("/_sim/clock/advance", json={"seconds": 90.5}).json()
    assert moved["now"] == "2026-01-05T09:01:30.500Z" and moved["fired"] == []
    moved = client.post("/_sim/clock/advance", json={"until": "2026-01-12T09:00:00.000Z"}).json()
    assert moved["now"] == "2026-01-12T09:00:00.000Z"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"until": "2025-01-01T00:00:00Z"}, "until"),
        ({"seconds": -5}, "seconds"),
        ({"seconds": "soon"}, "seconds"),
        ({}, "body"),
        ({"seconds": 1, "until": "2027-01-01T00:00:00Z"}, "body"),
    ],
)
def test_bad_advance_requests_are_400(client, body, field):
    response = client.post("/_sim/clock/advance", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["detail"].startswith(field)


def test_advance_fires_scheduled_events_in_time_order(client):
    world = client.app.state.registry.get(DEFAULT_KEY)
    seen = []
    world.schedule_in(7_200_000, "second", lambda: seen.append(world.now_ms()) or {"n": 2})
    world.schedule_in(3_600_000, "first", lambda: seen.append(world.now_ms()) or {"n": 1})
    world.schedule_in(90_000_000, "tomorrow", lambda: None)
    assert client.get("/_sim/clock").json()["pending_events"] == 3
    fired = client.post("/_sim/clock/advance", json={"seconds": 3 * 3600}).json()["fired"]
    assert fired == [
        {"at": "2026-01-05T10:00:00.000Z", "kind": "first", "n": 1},
        {"at": "2026-01-05T11:00:00.000Z", "kind": "second", "n": 2},
    ]
    # each event saw the world clock at its own due time
    assert [ms - seen[0] for ms in seen] == [0, 3_600_000]
    assert client.get("/_sim/clock").json()["next_event_at"] == "2026-01-06T10:00:00.000Z"
