"""Hostile but fair input, each answered with a 4xx in the error envelope by a server that stays
healthy: malformed and deeply nested JSON, invalid UTF-8, NUL bytes, huge headers and bodies,
10,000 query parameters, forged cursors, unicode ids, non-ASCII digits."""

import base64

import orjson
import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app

KEY = {"X-API-KEY": "sim_default_key_0001"}


@pytest.fixture(scope="module")
def client():
    with TestClient(build_app(Settings(strict=True))) as test_client:
        yield test_client


def healthy(client):
    assert client.get("/api/v1/accounts", headers=KEY).status_code == 200


def envelope(response, low=400, high=499):
    assert low <= response.status_code <= high, response.text[:300]
    body = response.json()
    assert {"title", "type", "status"} <= set(body) and body["status"] == response.status_code
    return body


JSON = {**KEY, "content-type": "application/json"}
CASES = [
    ("malformed JSON", "POST", "/api/v1/chats", {"headers": JSON, "content": b'{"account_id": '}),
    ("JSON nested 10,000 deep", "POST", "/api/v1/webhooks", {"headers": JSON, "content": b"[" * 10_000 + b"]" * 10_000}),
    ("object nested 10,000 deep", "POST", "/api/v1/users/invite", {"headers": JSON, "content": b'{"a":' * 10_000 + b"1" + b"}" * 10_000}),
    ("invalid UTF-8", "POST", "/api/v1/webhooks", {"headers": JSON, "content": b'{"request_url": "\xff\xfe", "source": "messaging"}'}),
    ("NUL bytes in a field", "POST", "/api/v1/webhooks", {"headers": JSON, "content": b'{"request_url": "http://a\\u0000b", "source": "mess\\u0000aging"}'}),
    ("NUL in a path id", "GET", "/api/v1/accounts/ab%00cd", {"headers": KEY}),
    ("unicode ids", "GET", "/api/v1/chats/%F0%9F%98%80%E2%80%AE/messages", {"headers": KEY}),
    ("non-ASCII digits for a limit", "GET", "/api/v1/accounts?limit=%D9%A3", {"headers": KEY}),
    ("full-width digits for a limit", "GET", "/api/v1/chats?limit=%EF%BC%95", {"headers": KEY}),
    ("a limit of 10**400", "GET", "/api/v1/chats?limit=1" + "0" * 400, {"headers": KEY}),
    ("10,000 query parameters", "GET", "/api/v1/accounts?" + "&".join(f"{i:x}=" for i in range(10_000)), {"headers": KEY}),
    ("one key 7,000 times", "GET", "/api/v1/accounts?" + "&".join(["limit=1"] * 7_000), {"headers": KEY}),
    ("a forged cursor", "GET", "/api/v1/accounts?cursor=" + base64.urlsafe_b64encode(orjson.dumps({"list": "accounts", "limit": 1_000_000, "after": [1, 2], "check": "0" * 16})).decode(), {"headers": KEY}),
    ("a cursor of garbage", "GET", "/api/v1/chats?cursor=%%%%", {"headers": KEY}),
    ("a huge header", "GET", "/api/v1/accounts?limit=0", {"headers": {**KEY, "x-filler": "a" * 60_000}}),
    ("a body that is a JSON string", "POST", "/api/v1/chats", {"headers": JSON, "content": b'"just a string"'}),
    ("a body of 5 MB of spaces", "POST", "/api/v1/webhooks", {"headers": JSON, "content": b" " * 5_000_000}),
    ("a number of 10,000 digits", "POST", "/api/v1/users/invite", {"headers": JSON, "content": b'{"account_id": "x", "provider_id": ' + b"9" * 10_000 + b"}"}),
    ("a control-plane body nested deep", "POST", "/_sim/tenants", {"headers": {"content-type": "application/json"}, "content": b'{"scenario":' * 5_000 + b"1" + b"}" * 5_000}),
]


@pytest.mark.parametrize(("name", "method", "path", "kwargs"), CASES, ids=[case[0] for case in CASES])
def test_each_is_a_4xx_envelope_and_the_server_stays_healthy(client, name, method, path, kwargs):
    envelope(client.request(method, path, **kwargs))
    healthy(client)


def test_memory_comes_back_after_the_abuse(client):
    def rss_kb():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))

    healthy(client)
    before = rss_kb()
    for _ in range(3):
        for name, method, path, kwargs in CASES:
            client.request(method, path, **kwargs)
    client.delete("/_sim/requests", headers=KEY)
    after = rss_kb()
    assert after <= before * 1.2, (before, after)
