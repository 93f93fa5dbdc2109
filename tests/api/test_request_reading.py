"""One way to read a request (simulator/api/bodies.py, simulator/api/params.py): the same policy
and the same 400 envelope naming the field, whatever the route and dialect."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_envelope

LINKEDIN_LOGIN = {"provider": "LINKEDIN", "username": "ok@sim.test", "password": "secret"}
IMAP = {
    "provider": "MAIL",
    "imap_user": "ok@sim.test",
    "smtp_user": "ok@sim.test",
    "imap_password": "secret",
    "smtp_password": "secret",
    "imap_host": "imap.sim.test",
    "imap_port": 993,
    "smtp_host": "smtp.sim.test",
    "smtp_port": 465,
    "imap_encryption": "tls",
}

# -- query integers: ASCII digits only --------------------------------------------------------

NOT_INTEGERS = ["५", "٣", "+3", "1_0", " 7 ", "7 ", "0x10", "1e2", "3.0", "-", ""]


@pytest.mark.parametrize("route", ["/api/v1/accounts", "/api/v1/webhooks", "/_sim/webhooks/deliveries"])
@pytest.mark.parametrize("raw", NOT_INTEGERS)
def test_a_limit_that_is_not_ascii_digits_is_a_400_naming_limit(client, route, raw):
    body = assert_envelope(client.get(route, params={"limit": raw}), 400, "errors/invalid_parameters")
    assert body["detail"].startswith("limit: "), body


def test_a_sign_is_refused_where_no_negative_value_means_anything(client):
    body = assert_envelope(client.get("/api/v1/accounts", params={"limit": "-1"}), 400, "errors/invalid_parameters")
    assert body["detail"].startswith("limit: expected an integer"), body


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ("0", "limit: must be between 1 and 250, got 0"),
        ("251", "limit: must be between 1 and 250, got 251"),
        ("9" * 5000, "limit: must be between 1 and 250, got a 5000-digit number"),
    ],
)
def test_a_limit_out_of_range_names_the_range_and_the_value(client, raw, detail):
    body = assert_envelope(client.get("/api/v1/webhooks", params={"limit": raw}), 400, "errors/invalid_parameters")
    assert body["detail"] == detail


def test_plain_ascii_digits_are_read(client):
    assert client.get("/api/v1/accounts", params={"limit": "007"}).status_code == 200


# -- JSON bodies ------------------------------------------------------------------------------


def test_a_missing_body_is_missing_parameters(client):
    assert_envelope(client.post("/_sim/chaos"), 400, "errors/missing_parameters", "body: a JSON body is required")


@pytest.mark.parametrize("raw", [b"{not json", b'{"fraction": NaN}', b'{"fraction": 1} x'])
def test_text_that_is_not_json_is_a_400_naming_body(client, raw):
    response = client.post("/_sim/chaos", content=raw, headers={"content-type": "application/json"})
    assert_envelope(response, 400, "errors/invalid_parameters", "body: not valid JSON")


@pytest.mark.parametrize("raw", [b"[]", b"null", b'"x"', b"5"])
def test_json_that_is_not_an_object_is_a_400_naming_body(client, raw):
    response = client.post("/api/v1/hosted/accounts/link", content=raw, headers={"content-type": "application/json"})
    body = assert_envelope(response, 400, "errors/invalid_parameters")
    assert body["detail"] == "body: must be a JSON object"


@pytest.mark.parametrize(
    ("path", "body", "detail"),
    [
        ("/api/v1/users/invite", {"account_id": "a", "provider_id": "p", "message": None}, "message: must not be null"),
        ("/api/v1/accounts", LINKEDIN_LOGIN | {"proxy": None}, "proxy: must not be null"),
        ("/api/v1/accounts", {"provider": None}, "provider: must not be null"),
        ("/api/v1/accounts/checkpoint", {"account_id": None, "code": "1", "provider": "LINKEDIN"}, "account_id: must not be null"),
        ("/api/v1/linkedin/search?account_id=x", {"api": "classic", "category": "people", "keywords": None}, "keywords: must not be null"),
        ("/_sim/chaos", {"fraction": None}, "fraction: must not be null"),
        ("/_sim/clock/advance", {"seconds": 1, "until": None, "x": None}, "x: unknown field"),
        ("/_sim/tenants", {"scenario": None}, "scenario: must not be null"),
    ],
)
def test_a_null_where_the_field_takes_no_none_is_refused_in_the_same_words(client, path, body, detail):
    response = assert_envelope(client.post(path, json=body), 400, "errors/invalid_parameters")
    assert response["detail"] == detail


def test_a_null_is_taken_where_the_model_and_contract_allow_it(client):
    # `ip` and the sync points: the real API's document leaves them untyped.
    body = LINKEDIN_LOGIN | {"ip": None, "sync_limit": {"chats": None, "messages": 0}}
    assert client.post("/api/v1/accounts", json=body).status_code == 201
    # The control plane's contract documents these nulls.
    assert client.post("/_sim/clock/advance", json={"seconds": None, "until": "2026-01-06T00:00:00Z"}).status_code == 200
    assert client.post("/_sim/tenants", json={"seed": None, "api_key": None, "clock": None}).status_code == 201


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/accounts", IMAP | {"imap_port": "993"}, "imap_port"),
        ("/api/v1/webhooks", {"request_url": "https://x.test", "source": "messaging", "enabled": 1}, "enabled"),
        ("/api/v1/chats/any", {"action": "setReadStatus", "value": "true"}, "value"),
        ("/_sim/chaos", {"fraction": "0.5"}, "fraction"),
        ("/_sim/clock/advance", {"until": 1767600000}, "until"),
        ("/_sim/clock/advance", {"until": "2026-01-06"}, "until"),
        ("/_sim/tenants", {"seed": True}, "seed"),
        ("/_sim/tenants", {"scenario": {"name": "x", "seed": "5"}}, "scenario.seed"),
    ],
)
def test_json_types_are_not_coerced(client, path, body, field):
    method = client.patch if path.startswith("/api/v1/chats/") else client.post
    response = assert_envelope(method(path, json=body), 400, "errors/invalid_parameters")
    assert response["detail"].startswith(f"{field}: "), response


def test_a_number_with_a_zero_fraction_is_an_integer(client):
    assert client.post("/api/v1/accounts", json=IMAP | {"imap_port": 993.0}).status_code == 201
    started = client.post("/_sim/chaos", json={"fraction": 1.0, "statuses": [503.0]})
    assert started.status_code == 200 and started.json()["statuses"] == [503]
    body = assert_envelope(client.post("/_sim/chaos", json={"fraction": 0.5, "statuses": [503.5]}), 400, "errors/invalid_parameters")
    assert body["detail"].startswith("statuses.0: ")


def test_an_unknown_field_is_named_on_every_kind_of_body(client):
    for path, body in [
        ("/api/v1/accounts", LINKEDIN_LOGIN | {"colour": "blue"}),
        ("/api/v1/linkedin/search?account_id=x", {"api": "classic", "category": "people", "colour": "blue"}),
        ("/_sim/faults", {"drop": True, "colour": "blue"}),
    ]:
        response = assert_envelope(client.post(path, json=body), 400, "errors/invalid_parameters")
        assert response["detail"] == "colour: unknown field"


def test_a_discriminator_missing_or_unknown_is_named(client):
    missing = assert_envelope(client.post("/api/v1/accounts", json={"username": "x"}), 400, "errors/missing_parameters")
    assert missing["detail"] == "provider: required"
    unknown = assert_envelope(client.post("/api/v1/hosted/accounts/link", json={"type": "delete"}), 400, "errors/invalid_parameters")
    assert unknown["detail"] == "type: must be one of create, reconnect"


# -- multipart forms: the same models, the same 400s ------------------------------------------


def test_a_multipart_field_is_read_by_the_same_model_and_policy(client):
    fields = {"account_id": "x", "attendees_ids": "y", "colour": "blue"}
    response = client.post("/api/v1/chats", data=fields, files={"attachments": ("a.txt", b"x", "text/plain")})
    assert_envelope(response, 400, "errors/invalid_parameters", "colour: unknown field")
    empty = {"account_id": "", "attendees_ids": "y"}
    response = client.post("/api/v1/chats", data=empty, files={"attachments": ("a.txt", b"x", "text/plain")})
    body = assert_envelope(response, 400, "errors/invalid_parameters")
    assert body["detail"].startswith("account_id: ")


def test_search_parameter_ids_are_ascii_digits(client):
    account_id = next(
        a["id"] for a in client.get("/api/v1/accounts").json()["items"] if a["type"] == "LINKEDIN"
    )
    body = {"api": "classic", "category": "people", "location": ["١٢"]}
    response = client.post("/api/v1/linkedin/search", params={"account_id": account_id}, json=body)
    assert_envelope(response, 400, "errors/invalid_parameters", "location.0: String should match")
