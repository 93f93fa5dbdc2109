"""Postpress's `Idempotency-Key` on /v1: a keyed POST acts once, its answer replays byte for byte,
a reused key with another request is a 422, keys are per world and expire on the world's clock,
and 16 concurrent duplicates act once. Unipile's /api/v1 has no such header."""

import asyncio

import httpx
import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from simulator.testing import SimulatorServer
from simulator.world.idempotency import RETENTION_MS
from tests.api.conftest import DEFAULT_KEY, assert_envelope

API_KEY = {"X-API-KEY": DEFAULT_KEY}
LOGIN_OK = {"provider": "LINKEDIN", "username": "ok@sim.test", "password": "secret"}
LOGIN_PREMIUM = {"provider": "LINKEDIN", "username": "premium@sim.test", "password": "secret"}
LOGIN_2FA = {"provider": "LINKEDIN", "username": "2fa@sim.test", "password": "secret"}
CHECKPOINT_SOLUTION = {"account_id": "x", "provider": "LINKEDIN", "code": "123456"}
REPLAYED = "idempotent-replayed"


@pytest.fixture
def postpress():
    with TestClient(build_app(Settings(strict=True))) as test_client:
        yield test_client


def connect(client, key, body=LOGIN_OK, prefix="/v1", headers=API_KEY):
    extra = {} if key is None else {"Idempotency-Key": key}
    return client.post(f"{prefix}/accounts", headers=headers | extra, json=body)


def account_count(client, headers=API_KEY):
    return len(client.get("/v1/accounts", headers=headers).json()["items"])


def journaled_statuses(client, method, path, headers=API_KEY):
    items = client.get("/_sim/requests", headers=headers).json()["items"]
    return [e["status"] for e in items if (e["method"], e["path"]) == (method, path)]


def test_same_key_and_body_replays_status_headers_and_bytes_without_acting(postpress):
    before = account_count(postpress)
    first = connect(postpress, "connect-anna-1")
    again = connect(postpress, "connect-anna-1")
    assert first.status_code == 201 and first.json()["object"] == "AccountCreated"
    assert REPLAYED not in first.headers
    assert again.status_code == 201
    assert again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"] == "application/json"
    assert again.headers[REPLAYED] == "true"
    assert account_count(postpress) == before + 1
    # Acting again would have been refused: the identity has its account now.
    assert connect(postpress, None).status_code == 409
    # The journal still sees every request, replays included.
    assert journaled_statuses(postpress, "POST", "/v1/accounts") == [201, 201, 409]


def test_a_multipart_retry_with_a_new_boundary_replays_the_send(postpress):
    """The SDK builds a new FormData for a retry: another boundary, the same request."""
    accounts = postpress.get("/v1/accounts", headers=API_KEY).json()["items"]
    gmail = next(a["id"] for a in accounts if a["type"] == "GOOGLE_OAUTH")
    fields = [("account_id", (None, gmail)), ("to", (None, '[{"identifier": "kim@acme.example"}]'))]
    headers = API_KEY | {"Idempotency-Key": "send-kim-1"}
    first = postpress.post("/v1/emails", headers=headers, files=[*fields, ("body", (None, "Hi"))])
    again = postpress.post("/v1/emails", headers=headers, files=[*fields, ("body", (None, "Hi"))])
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again.headers[REPLAYED] == "true"
    other = postpress.post("/v1/emails", headers=headers, files=[*fields, ("body", (None, "Yo"))])
    assert_envelope(other, 422, "errors/unprocessable_entity", "Idempotency-Key")
    sent = postpress.get("/v1/emails", headers=API_KEY, params={"account_id": gmail, "to": "kim@acme.example"})
    assert len(sent.json()["items"]) == 1


def test_a_checkpoint_answer_replays_instead_of_starting_another_login(postpress):
    first = connect(postpress, "login-2fa", LOGIN_2FA)
    assert first.status_code == 202 and first.json()["checkpoint"]["type"] == "2FA"
    again = connect(postpress, "login-2fa", LOGIN_2FA)
    assert again.status_code == 202 and again.content == first.content
    assert again.headers[REPLAYED] == "true"
    # Without the key, a second login for the same credentials is refused while one is pending.
    assert_envelope(connect(postpress, None, LOGIN_2FA), 425, "errors/auth_in_progress")


def test_a_refusal_the_route_answered_is_kept_and_replayed(postpress):
    body = {"provider": "LINKEDIN", "username": "restricted@sim.test", "password": "secret"}
    first = connect(postpress, "restricted", body)
    assert_envelope(first, 403, "errors/account_restricted")
    again = connect(postpress, "restricted", body)
    assert again.status_code == 403 and again.content == first.content
    assert again.headers[REPLAYED] == "true"


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("POST", "/v1/accounts", LOGIN_PREMIUM),  # another body
        ("POST", "/v1/accounts?port=443", LOGIN_OK),  # another query
        ("POST", "/v1/accounts/checkpoint", CHECKPOINT_SOLUTION),  # another path
    ],
)
def test_same_key_for_another_request_is_422_naming_the_header(postpress, method, path, body):
    assert connect(postpress, "reused").status_code == 201
    count = account_count(postpress)
    response = postpress.request(
        method, path, headers=API_KEY | {"Idempotency-Key": "reused"}, json=body
    )
    error = assert_envelope(response, 422, "errors/unprocessable_entity", "Idempotency-Key")
    assert error["detail"] == "Idempotency-Key: already used for another request"
    assert error["instance"] == path.split("?")[0]
    assert REPLAYED not in response.headers
    assert account_count(postpress) == count
    # The key still replays the request it was first used for.
    assert connect(postpress, "reused").headers[REPLAYED] == "true"


def test_the_same_json_spelt_differently_is_another_request(postpress):
    assert connect(postpress, "bytes").status_code == 201
    spaced = b'{"provider": "LINKEDIN", "username": "ok@sim.test", "password": "secret"}'
    response = postpress.post(
        "/v1/accounts",
        headers=API_KEY | {"Idempotency-Key": "bytes", "Content-Type": "application/json"},
        content=spaced,
    )
    assert_envelope(response, 422, "errors/unprocessable_entity", "Idempotency-Key")


@pytest.mark.parametrize("key", ["", " padded", "padded ", "k" * 256, "caf\u00e9", "tab\there"])
def test_a_malformed_key_is_400_naming_the_header(postpress, key):
    before = account_count(postpress)
    response = postpress.post(
        "/v1/accounts",
        headers=API_KEY | {"Idempotency-Key": key.encode("latin-1")},
        json=LOGIN_OK,
    )
    assert_envelope(response, 400, "errors/invalid_parameters", "Idempotency-Key")
    assert account_count(postpress) == before


@pytest.mark.parametrize("key", ["k", "k" * 255, "a b", "~!#$%&'*+-.^_`|"])
def test_keys_of_1_to_255_printable_characters_are_accepted(postpress, key):
    assert connect(postpress, key).status_code == 201
    assert connect(postpress, key).headers[REPLAYED] == "true"


def test_get_and_delete_ignore_the_header(postpress):
    keyed = API_KEY | {"Idempotency-Key": " not even valid "}
    listed = [postpress.get("/v1/accounts", headers=keyed) for _ in range(2)]
    assert [r.status_code for r in listed] == [200, 200]
    assert all(REPLAYED not in r.headers for r in listed)
    account_id = connect(postpress, None).json()["account_id"]
    deleted = postpress.delete(f"/v1/accounts/{account_id}", headers=keyed)
    assert deleted.status_code == 200
    # Acts again rather than replaying: the account is gone now.
    gone = postpress.delete(f"/v1/accounts/{account_id}", headers=keyed)
    assert_envelope(gone, 404, "errors/resource_not_found")


def test_keys_belong_to_one_world(postpress):
    other = postpress.post("/_sim/tenants", json={"scenario": "default"}).json()["api_key"]
    other_headers = {"X-API-KEY": other}
    before = account_count(postpress, other_headers)
    assert connect(postpress, "shared").status_code == 201
    in_other = connect(postpress, "shared", headers=other_headers)
    assert in_other.status_code == 201 and REPLAYED not in in_other.headers
    assert account_count(postpress, other_headers) == before + 1
    # ...where a different body under the same key is no reuse either.
    premium = connect(postpress, "only-here", LOGIN_PREMIUM)
    assert premium.status_code == 201
    assert connect(postpress, "only-here", headers=other_headers).status_code == 409


def test_keys_expire_after_a_day_of_world_time(postpress):
    first = connect(postpress, "daily")
    assert first.status_code == 201
    advance = postpress.post(
        "/_sim/clock/advance", headers=API_KEY, json={"seconds": RETENTION_MS / 1000 - 1}
    )
    assert advance.status_code == 200
    assert connect(postpress, "daily").headers[REPLAYED] == "true"
    postpress.post("/_sim/clock/advance", headers=API_KEY, json={"seconds": 1})
    expired = connect(postpress, "daily")
    assert_envelope(expired, 409, "errors/already_exists")  # acted again
    assert REPLAYED not in expired.headers


@pytest.mark.parametrize(
    "fault",
    [
        {"respond": {"status": 503, "type": "errors/service_unavailable"}},
        {"respond": {"status": 429, "type": "errors/too_many_requests"}},
        {"drop": True},
    ],
    ids=["503", "429", "drop"],
)
def test_a_fault_is_not_kept_so_the_retry_acts(postpress, fault):
    rule = {"match": {"method": "POST", "path": "/v1/accounts"}, "times": 1} | fault
    assert postpress.post("/_sim/faults", headers=API_KEY, json=rule).status_code == 201
    before = account_count(postpress)
    if "drop" in fault:
        with pytest.raises(Exception):
            connect(postpress, "retry-me")
    else:
        assert connect(postpress, "retry-me").status_code == fault["respond"]["status"]
    assert account_count(postpress) == before
    retried = connect(postpress, "retry-me")
    assert retried.status_code == 201 and REPLAYED not in retried.headers
    assert account_count(postpress) == before + 1
    assert connect(postpress, "retry-me").headers[REPLAYED] == "true"


def test_a_server_error_of_the_route_is_not_kept(postpress):
    body = {"provider": "LINKEDIN", "username": "intent-error@sim.test", "password": "secret"}
    for _ in range(2):
        response = connect(postpress, "intent", body)
        assert_envelope(response, 500, "errors/authentication_intent_error")
        assert REPLAYED not in response.headers


def test_the_unipile_dialect_ignores_the_header(postpress):
    before = account_count(postpress)
    first = connect(postpress, "unipile-key", prefix="/api/v1")
    again = connect(postpress, "unipile-key", prefix="/api/v1")
    assert first.status_code == 201
    assert_envelope(again, 409, "errors/already_exists")  # acted twice
    assert REPLAYED not in again.headers
    assert account_count(postpress) == before + 1
    odd = connect(postpress, "", LOGIN_PREMIUM, prefix="/api/v1")  # not even validated
    assert odd.status_code == 201


# -- Postpress keys -----------------------------------------------------------------------------


def test_an_unknown_pp_test_bearer_is_the_401(postpress):
    response = postpress.post(
        "/v1/accounts",
        headers={"Authorization": "Bearer pp_test_0000unknown", "Idempotency-Key": "k"},
        json=LOGIN_OK,
    )
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "type": "errors/missing_credentials",
        "title": "Missing credentials",
    }


def test_a_world_with_a_pp_test_key_answers_its_bearer(postpress):
    made = postpress.post(
        "/_sim/tenants", json={"scenario": "default", "api_key": "pp_test_4f2a9c1e7b3d"}
    )
    assert made.status_code == 201 and made.json()["api_key"] == "pp_test_4f2a9c1e7b3d"
    bearer = {"Authorization": "Bearer pp_test_4f2a9c1e7b3d"}
    listed = postpress.get("/v1/accounts", headers=bearer)
    assert listed.status_code == 200 and listed.json()["object"] == "AccountList"
    first = connect(postpress, "pp-key", headers=bearer)
    assert first.status_code == 201
    assert connect(postpress, "pp-key", headers=bearer).content == first.content
    assert account_count(postpress, bearer) == len(listed.json()["items"]) + 1


# -- concurrency, on a real server --------------------------------------------------------------


@pytest.fixture(scope="module")
def server():
    with SimulatorServer(strict=True) as running:
        yield running


def slow_connects(world, ms):
    """Holds every connect for `ms`: the first keyed request stays in flight that long."""
    rule = {"match": {"method": "POST", "path": "/v1/accounts"}, "latency": {"ms": ms}}
    return world.control("POST", "/faults", json=rule)["id"]


@pytest.mark.parametrize("latency_ms", [0, 200])
def test_sixteen_concurrent_duplicates_act_once(server, latency_ms):
    world = server.new_world()
    fault_id = slow_connects(world, latency_ms)
    headers = world.headers | {"Idempotency-Key": "burst"}
    url = server.postpress_url + "/accounts"

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=30) as client:
            return await asyncio.gather(
                *(client.post(url, headers=headers, json=LOGIN_OK) for _ in range(16))
            )

    before = len(world.get("/accounts", headers=world.headers).json()["items"])
    responses = asyncio.run(burst())
    assert [r.status_code for r in responses] == [201] * 16
    assert len({r.content for r in responses}) == 1
    assert sum(REPLAYED not in r.headers for r in responses) == 1
    after = world.get("/accounts", headers=world.headers).json()["items"]
    assert len(after) == before + 1
    # Only the request that acted went through the fault rules and the route.
    rules = world.control("GET", "/faults")["items"]
    assert next(r for r in rules if r["id"] == fault_id)["seen"] == 1
    assert len(world.requests(method="POST", path="/v1/accounts")) == 16


def test_a_concurrent_request_with_another_body_is_refused_at_once(server):
    world = server.new_world()
    slow_connects(world, 400)
    headers = world.headers | {"Idempotency-Key": "contested"}
    url = server.postpress_url + "/accounts"

    async def race() -> tuple[httpx.Response, httpx.Response, bool]:
        async with httpx.AsyncClient(timeout=30) as client:
            first = asyncio.create_task(client.post(url, headers=headers, json=LOGIN_OK))
            await asyncio.sleep(0.1)  # the first is now held by the latency rule
            other = await client.post(url, headers=headers, json=LOGIN_PREMIUM)
            first_still_running = not first.done()
            return await first, other, first_still_running

    first, other, first_still_running = asyncio.run(race())
    assert first_still_running
    assert first.status_code == 201
    assert_envelope(other, 422, "errors/unprocessable_entity", "Idempotency-Key")
