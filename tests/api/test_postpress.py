"""The Postpress dialect (/v1, seed 003): the same engine, its body variants, both auth headers."""

import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from tests.api.conftest import DEFAULT_KEY, assert_envelope

PASSWORD = "secret"
SESSION_COOKIES = [
    {
        "name": "xs",
        "value": "48%3Aabc",
        "domain": ".facebook.com",
        "path": "/",
        "secure": True,
        "httpOnly": True,
        "expirationDate": 1798761600.5,
        "sameSite": "no_restriction",
    },
    {"name": "c_user", "value": "100000000000001"},
    {"name": "datr", "value": "d4tr"},
]


@pytest.fixture
def postpress():
    """A client with no default key: each test picks its header."""
    with TestClient(build_app(Settings(strict=True))) as test_client:
        yield test_client


BEARER = {"Authorization": f"Bearer {DEFAULT_KEY}"}
API_KEY = {"X-API-KEY": DEFAULT_KEY}


def expired_account(client):
    items = client.get("/v1/accounts", headers=API_KEY).json()["items"]
    return next(a for a in items if a["sources"][0]["status"] == "CREDENTIALS")


def test_the_seed_example_request_reconnects(postpress):
    account = expired_account(postpress)
    response = postpress.post(
        f"/v1/accounts/{account['id']}",
        headers=BEARER,
        json={"provider": "LINKEDIN", "username": "ok@sim.test", "password": PASSWORD},
    )
    assert response.status_code == 201
    assert response.json() == {"object": "AccountReconnected", "account_id": account["id"]}
    assert response.headers["content-type"] == "application/json"
    after = postpress.get(f"/v1/accounts/{account['id']}", headers=BEARER).json()
    assert after["sources"][0]["status"] == "OK"


@pytest.mark.parametrize("headers", [API_KEY, BEARER, {"authorization": f"bearer {DEFAULT_KEY}"}])
def test_both_auth_headers_are_accepted(postpress, headers):
    response = postpress.get("/v1/accounts", headers=headers)
    assert response.status_code == 200 and response.json()["object"] == "AccountList"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": f"Basic {DEFAULT_KEY}"},
        {"X-API-KEY": "nope"},
    ],
)
def test_bad_or_missing_key_is_the_401(postpress, headers):
    response = postpress.post("/v1/accounts/x", headers=headers, json={"provider": "WHATSAPP"})
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "type": "errors/missing_credentials",
        "title": "Missing credentials",
    }


def test_reads_and_delete_mirror_unipile(postpress):
    unipile = postpress.get("/api/v1/accounts", headers=API_KEY).json()
    assert postpress.get("/v1/accounts", headers=BEARER).json() == unipile
    first = unipile["items"][0]
    assert postpress.get(f"/v1/accounts/{first['id']}", headers=BEARER).json() == first
    page = postpress.get("/v1/accounts", params={"limit": 1}, headers=BEARER).json()
    assert len(page["items"]) == 1 and page["cursor"]
    deleted = postpress.delete(f"/v1/accounts/{first['id']}", headers=BEARER)
    assert deleted.status_code == 200 and deleted.json() == {"object": "AccountDeleted"}
    assert_envelope(
        postpress.get(f"/api/v1/accounts/{first['id']}", headers=API_KEY),
        404,
        "errors/resource_not_found",
    )
    assert_envelope(
        postpress.get("/v1/accounts?limit=0", headers=BEARER),
        400,
        "errors/invalid_parameters",
        "limit:",
    )


def reconnect(client, account_id, body):
    return client.post(f"/v1/accounts/{account_id}", headers=BEARER, json=body)


def test_linkedin_cookie_with_every_option(postpress):
    account = expired_account(postpress)
    body = {
        "provider": "LINKEDIN",
        "access_token": "li-at-ok",
        "premium_token": "li-a",
        "country": "FR",
        "ip": "192.168.1.10",
        "disabled_features": ["linkedin_recruiter"],
        "sync_limit": {"chats": "2025-12-31T23:59:59.999Z", "messages": 0},
        "proxy": {
            "protocol": "socks5",
            "host": "proxy.sim.test",
            "port": 1080,
            "username": "u",
            "password": "p",
        },
        "user_agent": "Mozilla/5.0",
        "recruiter_contract_id": "123",
    }
    assert reconnect(postpress, account["id"], body).status_code == 201


def test_whatsapp_pairing_phone_number(postpress):
    items = postpress.get("/v1/accounts", headers=BEARER).json()["items"]
    whatsapp = next(a for a in items if a["type"] == "WHATSAPP")
    phone = whatsapp["connection_params"]["im"]["phone_number"]
    step = reconnect(
        postpress,
        whatsapp["id"],
        {"provider": "WHATSAPP", "pairing_phone_number": f"+{phone[:2]} {phone[2:]}"},
    )
    assert step.status_code == 202
    checkpoint = step.json()["checkpoint"]
    assert checkpoint["type"] == "PAIRING_CODE" and len(checkpoint["code"]) == 9
    done = postpress.post(f"/_sim/checkpoints/{whatsapp['id']}/approve", headers=API_KEY, json={})
    assert done.status_code == 201 and done.json() == {
        "object": "AccountReconnected",
        "account_id": whatsapp["id"],
    }


def test_whatsapp_pairing_with_another_phone_is_account_mismatch(postpress):
    items = postpress.get("/v1/accounts", headers=BEARER).json()["items"]
    whatsapp = next(a for a in items if a["type"] == "WHATSAPP")
    assert_envelope(
        reconnect(
            postpress,
            whatsapp["id"],
            {"provider": "WHATSAPP", "pairing_phone_number": "33611111111"},
        ),
        403,
        "errors/account_mismatch",
        "pairing_phone_number",
    )


def test_connect_with_postpress_only_variants(postpress):
    instagram = postpress.post(
        "/v1/accounts", headers=BEARER, json={"provider": "INSTAGRAM", "sessionid": "ig-session-ok"}
    )
    assert instagram.status_code == 201
    messenger = postpress.post(
        "/v1/accounts",
        headers=BEARER,
        json={
            "provider": "MESSENGER",
            "cookies": SESSION_COOKIES,
            "headers": {"User-Agent": "Mozilla/5.0"},
            "user_name": "Sim Ok",
        },
    )
    assert messenger.status_code == 201
    account_id = messenger.json()["account_id"]
    # the session identifies the account: reconnecting it with the same session works
    again = reconnect(postpress, account_id, {"provider": "MESSENGER", "cookies": SESSION_COOKIES})
    assert again.status_code == 201 and again.json()["object"] == "AccountReconnected"


def test_postpress_only_variants_are_not_unipile_ones(postpress):
    assert_envelope(
        postpress.post(
            "/api/v1/accounts",
            headers=API_KEY,
            json={"provider": "INSTAGRAM", "sessionid": "ig-session-ok"},
        ),
        400,
        "errors/missing_parameters",
        "username",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"provider": "MESSENGER", "cookies": SESSION_COOKIES[:2]}, "cookies"),
        (
            {
                "provider": "MESSENGER",
                "cookies": [SESSION_COOKIES[0] | {"sameSite": "none"}] + SESSION_COOKIES[1:],
            },
            "cookies.0.sameSite",
        ),
        ({"provider": "WHATSAPP", "pairing_phone_number": "phone"}, "pairing_phone_number"),
        ({"provider": "INSTAGRAM", "sessionid": ""}, "sessionid"),
        # Postpress requires the full IMAP set on reconnect (seed 003), unlike Unipile's SDK.
        ({"provider": "MAIL", "imap_password": PASSWORD, "smtp_password": PASSWORD}, "imap_user"),
    ],
)
def test_bad_postpress_bodies_are_400_naming_the_field(postpress, body, field):
    account = expired_account(postpress)
    response = reconnect(postpress, account["id"], body)
    assert response.status_code == 400, response.text
    assert response.json()["detail"].startswith(f"{field}:"), response.json()


@pytest.mark.parametrize(
    ("username", "status", "error_type"),
    [
        ("nobody@sim.test", 401, "errors/invalid_credentials"),
        ("restricted@sim.test", 403, "errors/account_restricted"),
        ("proxy-auth@sim.test", 407, "errors/proxy_auth_error"),
        ("timeout@sim.test", 408, "errors/request_timeout"),
        ("exists@sim.test", 409, "errors/already_exists"),
        ("intent-error@sim.test", 500, "errors/authentication_intent_error"),
        ("proxy@sim.test", 502, "errors/proxy_error"),
    ],
)
def test_error_catalog_of_seed_003(postpress, username, status, error_type):
    account = expired_account(postpress)
    response = reconnect(
        postpress,
        account["id"],
        {"provider": "LINKEDIN", "username": username, "password": PASSWORD},
    )
    body = assert_envelope(response, status, error_type)
    assert set(body) <= {"title", "detail", "instance", "type", "status"}
    assert body["instance"] == f"/v1/accounts/{account['id']}"


def test_auth_in_progress_and_checkpoint_on_v1(postpress):
    account = expired_account(postpress)
    body = {"provider": "LINKEDIN", "username": "2fa@sim.test", "password": PASSWORD}
    assert reconnect(postpress, account["id"], body).status_code == 202
    assert_envelope(reconnect(postpress, account["id"], body), 425, "errors/auth_in_progress")
    resend = postpress.post(
        "/v1/accounts/checkpoint/resend",
        headers=BEARER,
        json={"account_id": account["id"], "provider": "LINKEDIN"},
    )
    assert resend.status_code == 200 and resend.json()["success"] is True
    solved = postpress.post(
        "/v1/accounts/checkpoint",
        headers=BEARER,
        json={"account_id": account["id"], "provider": "LINKEDIN", "code": "123456"},
    )
    assert solved.status_code == 201 and solved.json()["object"] == "AccountReconnected"


def test_unknown_account_is_404(postpress):
    assert_envelope(
        reconnect(
            postpress,
            "acc_01HXYZ4QK3WJ8FN3M6QH7TZ8GR",
            {"provider": "LINKEDIN", "username": "a", "password": "b"},
        ),
        404,
        "errors/resource_not_found",
    )


@pytest.mark.parametrize("error_type", ["errors/no_channel", "errors/no_handler"])
def test_every_503_type_of_seed_003_can_end_a_login(postpress, error_type):
    """Seed 003 lists five 503 types for a reconnect; a scenario identity can produce each."""
    scenario = {
        "name": "provider-session-down",
        "accounts": [{"provider": "LINKEDIN", "status": "CREDENTIALS"}],
        "credentials": [
            {
                "provider": "LINKEDIN",
                "username": "down@sim.test",
                "password": PASSWORD,
                "outcome": {"error": error_type.removeprefix("errors/")},
            }
        ],
    }
    tenant = postpress.post("/_sim/tenants", json={"scenario": scenario})
    assert tenant.status_code == 201, tenant.text
    headers = {"X-API-KEY": tenant.json()["api_key"]}
    account = postpress.get("/v1/accounts", headers=headers).json()["items"][0]
    response = postpress.post(
        f"/v1/accounts/{account['id']}",
        headers=headers,
        json={"provider": "LINKEDIN", "username": "down@sim.test", "password": PASSWORD},
    )
    assert_envelope(response, 503, error_type)
