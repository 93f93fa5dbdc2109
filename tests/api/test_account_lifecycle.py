"""The account state machine over HTTP: control-plane status and premium, restart, resync,
delete, and the account_status events each real transition publishes."""

import pytest

from tests.api.conftest import DEFAULT_KEY, assert_envelope


@pytest.fixture
def messages(client):
    world = client.app.state.registry.get(DEFAULT_KEY)
    seen = []
    world.bus.subscribe(
        lambda e: (
            seen.append((e.account_id, e.data["message"], e.data["account_type"]))
            if e.name == "account_status"
            else None
        )
    )
    return seen


def accounts(client):
    return client.get("/api/v1/accounts").json()["items"]


def status_of(client, account_id):
    return client.get(f"/api/v1/accounts/{account_id}").json()["sources"][0]["status"]


def set_status(client, account_id, status):
    return client.post(f"/_sim/accounts/{account_id}/status", json={"status": status})


def test_control_status_moves_the_source_and_publishes_once(client, messages):
    account = accounts(client)[0]
    first = set_status(client, account["id"], "CREDENTIALS")
    assert first.status_code == 200
    assert first.json() == {
        "object": "AccountStatusSet",
        "account_id": account["id"],
        "status": "CREDENTIALS",
        "previous_status": "OK",
        "published": "CREDENTIALS",
    }
    repeat = set_status(client, account["id"], "CREDENTIALS").json()
    assert repeat["published"] is None and repeat["previous_status"] == "CREDENTIALS"
    assert status_of(client, account["id"]) == "CREDENTIALS"
    assert messages == [(account["id"], "CREDENTIALS", "LINKEDIN")]


@pytest.mark.parametrize("status", ["CONNECTING", "STOPPED", "ERROR", "PERMISSIONS", "CREDENTIALS"])
def test_every_status_round_trips_back_to_ok(client, messages, status):
    account = accounts(client)[1]
    set_status(client, account["id"], status)
    set_status(client, account["id"], "OK")
    assert [m[1] for m in messages] == [status, "OK"]


def test_acting_through_a_credentials_account_is_disconnected_account(client):
    account = accounts(client)[0]
    assert client.get(f"/api/v1/accounts/{account['id']}/sync").status_code == 200
    set_status(client, account["id"], "CREDENTIALS")
    assert_envelope(
        client.get(f"/api/v1/accounts/{account['id']}/sync"),
        401,
        "errors/disconnected_account",
        "account_id",
    )
    # GETs of the account itself still work (stale data, §7.4)
    assert client.get(f"/api/v1/accounts/{account['id']}").status_code == 200


@pytest.mark.parametrize(
    ("status", "answer", "after", "events"),
    [
        ("OK", "AccountRestarted", "OK", []),
        ("STOPPED", "AccountRestarted", "OK", ["STOPPED", "OK"]),
        ("ERROR", "AccountRestarted", "OK", ["ERROR", "OK"]),
        ("CREDENTIALS", "AccountFailedToRestart", "CREDENTIALS", ["CREDENTIALS"]),
        ("PERMISSIONS", "AccountFailedToRestart", "PERMISSIONS", ["PERMISSIONS"]),
    ],
)
def test_restart(client, messages, status, answer, after, events):
    account = accounts(client)[0]
    set_status(client, account["id"], status)
    response = client.post(f"/api/v1/accounts/{account['id']}/restart")
    assert response.status_code == 200 and response.json() == {"object": answer}
    assert status_of(client, account["id"]) == after
    assert [m[1] for m in messages] == events


def test_restart_unknown_account_is_404(client):
    assert_envelope(client.post("/api/v1/accounts/nope/restart"), 404, "errors/resource_not_found")


def test_resync_runs_on_the_world_clock_and_ends_with_sync_success(client, messages):
    account = accounts(client)[0]
    path = f"/api/v1/accounts/{account['id']}/sync"
    assert client.get(
        path,
        params={
            "linkedin_product": "sales_navigator",
            "partial": "true",
            "chunk_size": 50,
            "after": 1767225600000,
            "before": 1767312000000,
        },
    ).json() == {"object": "AccountResync", "status": "SYNC_STARTED"}
    client.post("/_sim/clock/advance", json={"seconds": 2})
    assert client.get(path).json()["status"] == "SYNC_RUNNING"
    fired = client.post("/_sim/clock/advance", json={"seconds": 28}).json()["fired"]
    assert [event["kind"] for event in fired] == ["sync_done"]
    assert messages == [(account["id"], "SYNC_SUCCESS", "LINKEDIN")]
    assert client.get(path).json()["status"] == "SYNC_DONE"
    assert client.get(path).json()["status"] == "SYNC_STARTED"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("linkedin_product=gold", "linkedin_product"),
        ("partial=yes", "partial"),
        ("before=-1", "before"),
        ("chunk_size=0", "chunk_size"),
        ("since=1", "since"),
    ],
)
def test_resync_bad_query_is_400(client, query, field):
    account = accounts(client)[0]
    body = assert_envelope(
        client.get(f"/api/v1/accounts/{account['id']}/sync?{query}"),
        400,
        "errors/invalid_parameters",
    )
    assert body["detail"].startswith(f"{field}:")


def test_resync_refusals(client):
    items = accounts(client)
    whatsapp = next(a for a in items if a["type"] == "WHATSAPP")
    free = items[1]
    assert_envelope(
        client.get(f"/api/v1/accounts/{whatsapp['id']}/sync"),
        400,
        "errors/invalid_request",
        "account_id",
    )
    assert_envelope(
        client.get(f"/api/v1/accounts/{free['id']}/sync?linkedin_product=recruiter"),
        403,
        "errors/feature_not_subscribed",
        "linkedin_product",
    )
    assert_envelope(client.get("/api/v1/accounts/nope/sync"), 404, "errors/resource_not_found")


def test_premium_change_is_seen_on_the_next_read(client):
    free = accounts(client)[1]
    assert free["connection_params"]["im"]["premiumFeatures"] == []
    response = client.post(
        f"/_sim/accounts/{free['id']}/premium", json={"features": ["premium", "sales_navigator"]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "AccountPremiumSet" and body["premiumFeatures"] == [
        "premium",
        "sales_navigator",
    ]
    im = client.get(f"/api/v1/accounts/{free['id']}").json()["connection_params"]["im"]
    # seed 001: is_premium = any feature or a premiumId; has_sales_navigator = the feature
    assert im["premiumId"] == body["premiumId"] and "sales_navigator" in im["premiumFeatures"]
    client.post(f"/_sim/accounts/{free['id']}/premium", json={"features": []})
    im = client.get(f"/api/v1/accounts/{free['id']}").json()["connection_params"]["im"]
    assert (
        im["premiumFeatures"] == [] and im["premiumId"] is None and im["premiumContractId"] is None
    )


def test_delete_publishes_deleted(client, messages):
    account = accounts(client)[2]
    client.delete(f"/api/v1/accounts/{account['id']}")
    assert messages == [(account["id"], "DELETED", "WHATSAPP")]


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("status", {"status": "SLEEPING"}, 400, "status"),
        ("status", {}, 400, "status"),
        ("status", {"status": "OK", "why": "x"}, 400, "why"),
        ("premium", {"features": ["gold"]}, 400, "features.0"),
        ("premium", {"features": "premium"}, 400, "features"),
    ],
)
def test_bad_control_bodies(client, path, body, status, field):
    account = accounts(client)[0]
    response = client.post(f"/_sim/accounts/{account['id']}/{path}", json=body)
    assert response.status_code == status and response.json()["detail"].startswith(f"{field}:")


def test_control_calls_need_the_key_and_a_known_account(client):
    account = accounts(client)[0]
    assert (
        client.post(
            f"/_sim/accounts/{account['id']}/status",
            json={"status": "OK"},
            headers={"X-API-KEY": "nope"},
        ).status_code
        == 401
    )
    assert_envelope(set_status(client, "nope", "OK"), 404, "errors/resource_not_found")
    whatsapp = next(a for a in accounts(client) if a["type"] == "WHATSAPP")
    assert_envelope(
        client.post(f"/_sim/accounts/{whatsapp['id']}/premium", json={"features": []}),
        400,
        "errors/invalid_parameters",
        "account_id",
    )


def test_approve_errors(client):
    assert_envelope(
        client.post("/_sim/checkpoints/nope/approve", json={}), 404, "errors/resource_not_found"
    )
    step = client.post("/api/v1/accounts", json={"provider": "WHATSAPP"}).json()
    assert_envelope(
        client.post(
            f"/_sim/checkpoints/{step['account_id']}/approve", json={"phone_number": "abc"}
        ),
        400,
        "errors/invalid_parameters",
        "phone_number",
    )
