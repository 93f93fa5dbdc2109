"""POST /api/v1/accounts for every provider variant, the checkpoint calls and their errors."""

import re

import pytest

from tests.api.conftest import assert_envelope

UNIQUE_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
PASSWORD = "secret"

IMAP = {
    "provider": "MAIL",
    "imap_user": "ok@sim.test",
    "smtp_user": "ok@sim.test",
    "imap_password": PASSWORD,
    "smtp_password": PASSWORD,
    "imap_host": "imap.sim.test",
    "imap_port": 993,
    "smtp_host": "smtp.sim.test",
    "smtp_port": 465,
    "imap_encryption": "tls",
}

# One body per §2.3 variant that logs in at once, and the account type it makes.
INSTANT_VARIANTS = [
    ({"provider": "LINKEDIN", "username": "ok@sim.test", "password": PASSWORD}, "LINKEDIN"),
    (
        {
            "provider": "LINKEDIN",
            "access_token": "li-at-ok",
            "premium_token": "li-a",
            "user_agent": "Mozilla/5.0",
            "country": "FR",
        },
        "LINKEDIN",
    ),
    (
        {
            "provider": "INSTAGRAM",
            "username": "ok@sim.test",
            "password": PASSWORD,
            "proxy": {"protocol": "https", "host": "proxy.sim.test", "port": 8080},
        },
        "INSTAGRAM",
    ),
    (
        {
            "provider": "MESSENGER",
            "username": "ok@sim.test",
            "password": PASSWORD,
            "sync_limit": {"chats": 0, "messages": "2025-12-31T23:59:59.999Z"},
        },
        "MESSENGER",
    ),
    (IMAP | {"sync_limit": "NO_HISTORY_SYNC"}, "MAIL"),
    (
        {"provider": "GOOGLE_OAUTH", "refresh_token": "google-refresh-ok", "access_token": "ya29"},
        "GOOGLE_OAUTH",
    ),
    (
        {
            "provider": "OUTLOOK",
            "refresh_token": "outlook-refresh-ok",
            "access_token": "eyJ0",
            "username": "ok@outlook.sim.test",
            "id": "00000000-0000-0000-0000-000000000001",
        },
        "OUTLOOK",
    ),
    (
        {"provider": "TWITTER", "username": "sim_ok", "email": "ok@sim.test", "password": PASSWORD},
        "TWITTER",
    ),
]


def connect(client, body):
    return client.post("/api/v1/accounts", json=body)


@pytest.mark.parametrize(("body", "account_type"), INSTANT_VARIANTS)
def test_each_variant_connects_and_the_account_appears(client, body, account_type):
    response = connect(client, body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["object"] == "AccountCreated" and UNIQUE_ID.match(created["account_id"])
    account = client.get(f"/api/v1/accounts/{created['account_id']}").json()
    assert account["type"] == account_type
    assert account["sources"][0]["status"] == "OK"
    assert account["created_at"] == "2026-01-05T09:00:00.000Z"  # the world's frozen now
    assert len(client.get("/api/v1/accounts").json()["items"]) == 8


def test_linkedin_profile_comes_from_the_identity(client):
    created = connect(
        client, {"provider": "LINKEDIN", "username": "salesnav@sim.test", "password": PASSWORD}
    ).json()
    im = client.get(f"/api/v1/accounts/{created['account_id']}").json()["connection_params"]["im"]
    assert im["premiumFeatures"] == ["premium", "sales_navigator"] and im["premiumId"]
    assert im["id"].startswith("ACoAA") and im["connection_method"] == "credentials"
    cookie = connect(client, {"provider": "LINKEDIN", "access_token": "li-at-ok"}).json()
    im = client.get(f"/api/v1/accounts/{cookie['account_id']}").json()["connection_params"]["im"]
    assert im["connection_method"] == "cookie" and im["premiumFeatures"] == ["premium"]


@pytest.mark.parametrize("provider", ["WHATSAPP", "TELEGRAM"])
def test_qr_providers_answer_a_qrcode_checkpoint_then_the_phone_scans_it(client, provider):
    response = connect(client, {"provider": provider})
    assert response.status_code == 202
    body = response.json()
    assert body["object"] == "Checkpoint" and body["checkpoint"]["type"] == "QRCODE"
    assert isinstance(body["checkpoint"]["qrcode"], str) and body["checkpoint"]["qrcode"]
    assert client.get(f"/api/v1/accounts/{body['account_id']}").status_code == 404  # not yet
    scanned = client.post(f"/_sim/checkpoints/{body['account_id']}/approve", json={})
    assert scanned.status_code == 201
    assert scanned.json() == {"object": "AccountCreated", "account_id": body["account_id"]}
    assert client.get(f"/api/v1/accounts/{body['account_id']}").json()["type"] == provider


def test_qr_scan_by_a_listed_phone_takes_its_outcome(client):
    step = connect(
        client, {"provider": "WHATSAPP", "proxy": {"host": "p.sim.test", "port": 3128}}
    ).json()
    approve = f"/_sim/checkpoints/{step['account_id']}/approve"
    assert_envelope(
        client.post(approve, json={"phone_number": "33600000403"}), 403, "errors/account_restricted"
    )
    # the failed login killed the intent: scanning again needs a new QR code
    assert_envelope(client.post(approve, json={}), 404, "errors/resource_not_found")
    step = connect(client, {"provider": "WHATSAPP"}).json()
    approve = f"/_sim/checkpoints/{step['account_id']}/approve"
    assert client.post(approve, json={"phone_number": "+33600000001"}).status_code == 201
    account = client.get(f"/api/v1/accounts/{step['account_id']}").json()
    assert account["connection_params"] == {"im": {"phone_number": "33600000001"}}


def test_two_factor_checkpoint_wrong_then_right_code(client):
    step = connect(
        client, {"provider": "LINKEDIN", "username": "2fa@sim.test", "password": PASSWORD}
    )
    assert step.status_code == 202
    assert step.json()["checkpoint"] == {"type": "2FA", "source": "SMS"}
    account_id = step.json()["account_id"]
    solve = {"account_id": account_id, "provider": "LINKEDIN", "code": "000000"}
    assert_envelope(
        client.post("/api/v1/accounts/checkpoint", json=solve),
        401,
        "errors/invalid_checkpoint_solution",
        "code:",
    )
    done = client.post("/api/v1/accounts/checkpoint", json=solve | {"code": "123456"})
    assert done.status_code == 201 and done.json() == {
        "object": "AccountCreated",
        "account_id": account_id,
    }


@pytest.mark.parametrize(
    ("username", "checkpoint", "solution"),
    [
        ("otp@sim.test", "OTP", "654321"),
        ("captcha@sim.test", "CAPTCHA", "captcha-solved"),
        ("phone@sim.test", "PHONE_REGISTER", "(+33)0612345678"),
    ],
)
def test_each_code_checkpoint(client, username, checkpoint, solution):
    step = connect(
        client, {"provider": "LINKEDIN", "username": username, "password": PASSWORD}
    ).json()
    assert step["checkpoint"]["type"] == checkpoint
    solve = {"account_id": step["account_id"], "provider": "LINKEDIN", "code": solution}
    assert (
        client.post("/api/v1/accounts/checkpoint", json=solve).json()["object"] == "AccountCreated"
    )


def test_contract_chooser_offers_contracts(client):
    step = connect(
        client, {"provider": "LINKEDIN", "username": "recruiter@sim.test", "password": PASSWORD}
    ).json()
    options = step["checkpoint"]["contract_options"]
    assert [set(option) for option in options] == [{"id", "name"}] * 2
    solve = {"account_id": step["account_id"], "provider": "LINKEDIN", "code": options[0]["id"]}
    assert client.post("/api/v1/accounts/checkpoint", json=solve).status_code == 201
    im = client.get(f"/api/v1/accounts/{step['account_id']}").json()["connection_params"]["im"]
    assert im["premiumContractId"] == options[0]["id"]


def test_in_app_validation_try_another_way(client):
    step = connect(
        client, {"provider": "LINKEDIN", "username": "inapp@sim.test", "password": PASSWORD}
    ).json()
    assert step["checkpoint"] == {"type": "IN_APP_VALIDATION"}
    solve = {"account_id": step["account_id"], "provider": "LINKEDIN", "code": "TRY_ANOTHER_WAY"}
    switched = client.post("/api/v1/accounts/checkpoint", json=solve)
    assert switched.status_code == 202 and switched.json()["checkpoint"]["type"] == "2FA"
    assert (
        client.post("/api/v1/accounts/checkpoint", json=solve | {"code": "123456"}).status_code
        == 201
    )


def test_chain_captcha_then_2fa(client):
    step = connect(
        client, {"provider": "LINKEDIN", "username": "chain@sim.test", "password": PASSWORD}
    ).json()
    solve = {"account_id": step["account_id"], "provider": "LINKEDIN", "code": "captcha-solved"}
    second = client.post("/api/v1/accounts/checkpoint", json=solve)
    assert second.status_code == 202 and second.json()["checkpoint"]["type"] == "2FA"
    assert (
        client.post("/api/v1/accounts/checkpoint", json=solve | {"code": "123456"}).status_code
        == 201
    )


def test_instagram_and_twitter_checkpoints(client):
    insta = connect(
        client, {"provider": "INSTAGRAM", "username": "2fa@sim.test", "password": PASSWORD}
    ).json()
    solve = {"account_id": insta["account_id"], "provider": "INSTAGRAM", "code": "123456"}
    assert_envelope(
        client.post("/api/v1/accounts/checkpoint", json=solve | {"provider": "LINKEDIN"}),
        400,
        "errors/invalid_parameters",
        "provider:",
    )
    assert client.post("/api/v1/accounts/checkpoint", json=solve).status_code == 201
    twitter = connect(
        client,
        {"provider": "TWITTER", "username": "sim_2fa", "email": "x@sim.test", "password": PASSWORD},
    )
    assert twitter.status_code == 202 and twitter.json()["checkpoint"]["type"] == "2FA"


def test_resend(client):
    step = connect(
        client, {"provider": "LINKEDIN", "username": "2fa@sim.test", "password": PASSWORD}
    ).json()
    resend = client.post(
        "/api/v1/accounts/checkpoint/resend",
        json={"account_id": step["account_id"], "provider": "LINKEDIN"},
    )
    assert resend.status_code == 200
    assert resend.json() == {
        "object": "CheckpointResend",
        "account_id": step["account_id"],
        "success": True,
    }
    captcha = connect(
        client, {"provider": "LINKEDIN", "username": "captcha@sim.test", "password": PASSWORD}
    ).json()
    assert_envelope(
        client.post(
            "/api/v1/accounts/checkpoint/resend",
            json={"account_id": captcha["account_id"], "provider": "LINKEDIN"},
        ),
        501,
        "errors/feature_not_implemented",
        "CAPTCHA",
    )
    assert_envelope(
        client.post(
            "/api/v1/accounts/checkpoint/resend",
            json={"account_id": "nothing", "provider": "LINKEDIN"},
        ),
        404,
        "errors/resource_not_found",
        "account_id:",
    )


def test_intent_expires_after_five_minutes(client):
    step = connect(
        client, {"provider": "LINKEDIN", "username": "2fa@sim.test", "password": PASSWORD}
    ).json()
    fired = client.post("/_sim/clock/advance", json={"seconds": 300}).json()["fired"]
    assert [event["kind"] for event in fired] == ["auth_intent_expired"]
    solve = {"account_id": step["account_id"], "provider": "LINKEDIN", "code": "123456"}
    assert_envelope(
        client.post("/api/v1/accounts/checkpoint", json=solve),
        408,
        "errors/request_timeout",
        "expired",
    )


def test_second_intent_for_the_same_identity_is_425(client):
    body = {"provider": "LINKEDIN", "username": "2fa@sim.test", "password": PASSWORD}
    assert connect(client, body).status_code == 202
    assert_envelope(connect(client, body), 425, "errors/auth_in_progress", "username")


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
def test_login_errors_come_from_the_scenario(client, username, status, error_type):
    response = connect(client, {"provider": "LINKEDIN", "username": username, "password": PASSWORD})
    body = assert_envelope(response, status, error_type, "username:")
    assert body["instance"] == "/api/v1/accounts"
    assert len(client.get("/api/v1/accounts").json()["items"]) == 7


def test_wrong_password_and_unknown_tokens_are_invalid_credentials(client):
    for body, field in [
        ({"provider": "LINKEDIN", "username": "ok@sim.test", "password": "wrong"}, "username"),
        ({"provider": "LINKEDIN", "access_token": "forged"}, "access_token"),
        (
            {"provider": "GOOGLE_OAUTH", "refresh_token": "forged", "access_token": "x"},
            "refresh_token",
        ),
        (IMAP | {"imap_password": "wrong"}, "imap_user"),
    ]:
        assert_envelope(connect(client, body), 401, "errors/invalid_credentials", f"{field}:")


def test_connecting_the_same_identity_twice_is_409(client):
    body = {"provider": "LINKEDIN", "username": "ok@sim.test", "password": PASSWORD}
    first = connect(client, body).json()["account_id"]
    assert_envelope(connect(client, body), 409, "errors/already_exists", first)


def test_checkpoint_for_a_finished_or_unknown_intent_is_404(client):
    solve = {"account_id": "fFl27we2Rqa0eSbwIKX9hw", "provider": "LINKEDIN", "code": "123456"}
    assert_envelope(
        client.post("/api/v1/accounts/checkpoint", json=solve), 404, "errors/resource_not_found"
    )


@pytest.mark.parametrize(
    ("body", "status", "error_type", "field"),
    [
        ({}, 400, "errors/missing_parameters", "provider"),
        ({"provider": "FAX"}, 400, "errors/invalid_parameters", "provider"),
        ({"provider": "LINKEDIN"}, 400, "errors/missing_parameters", "username"),
        (
            {"provider": "LINKEDIN", "username": "", "password": "x"},
            400,
            "errors/invalid_parameters",
            "username",
        ),
        (
            {"provider": "LINKEDIN", "username": "a", "password": "b", "colour": "red"},
            400,
            "errors/invalid_parameters",
            "colour",
        ),
        (
            {"provider": "LINKEDIN", "access_token": "x", "proxy": {"host": "h", "port": "80"}},
            400,
            "errors/invalid_parameters",
            "proxy.port",
        ),
        (
            {"provider": "LINKEDIN", "access_token": "x", "proxy": {"host": "h", "port": 0}},
            400,
            "errors/invalid_parameters",
            "proxy.port",
        ),
        (
            {"provider": "LINKEDIN", "access_token": "x", "country": "FRA"},
            400,
            "errors/invalid_parameters",
            "country",
        ),
        (
            {"provider": "LINKEDIN", "access_token": "x", "ip": "999.1.1.1"},
            400,
            "errors/invalid_parameters",
            "ip",
        ),
        (
            {"provider": "LINKEDIN", "access_token": "x", "disabled_features": ["x"]},
            400,
            "errors/invalid_parameters",
            "disabled_features.0",
        ),
        (
            {"provider": "LINKEDIN", "access_token": "x", "sync_limit": {"chats": -1}},
            400,
            "errors/invalid_parameters",
            "sync_limit.chats",
        ),
        (
            {"provider": "LINKEDIN", "access_token": "x", "sync_limit": {"chats": "2025-12-31"}},
            400,
            "errors/invalid_parameters",
            "sync_limit.chats",
        ),
        (
            {"provider": "LINKEDIN", "access_token": None},
            400,
            "errors/invalid_parameters",
            "access_token",
        ),
        (
            {"provider": "WHATSAPP", "pairing_phone_number": "33600000001"},
            400,
            "errors/invalid_parameters",
            "pairing_phone_number",
        ),
        (
            {"provider": "INSTAGRAM", "sessionid": "ig-session-ok"},
            400,
            "errors/missing_parameters",
            "username",
        ),
        (IMAP | {"imap_port": "993"}, 400, "errors/invalid_parameters", "imap_port"),
        (IMAP | {"imap_encryption": "none"}, 400, "errors/invalid_parameters", "imap_encryption"),
        (
            {"provider": "MAIL", "sync_limit": "ALL"}
            | {k: v for k, v in IMAP.items() if k != "provider"},
            400,
            "errors/invalid_parameters",
            "sync_limit",
        ),
        (
            {"provider": "TWITTER", "username": "sim_ok", "password": PASSWORD},
            400,
            "errors/missing_parameters",
            "email",
        ),
    ],
)
def test_bad_bodies_are_400_naming_the_field(client, body, status, error_type, field):
    response = assert_envelope(connect(client, body), status, error_type)
    assert response["detail"].startswith(f"{field}:"), response


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b'"LINKEDIN"'])
def test_a_body_that_is_not_a_json_object_is_400(client, raw):
    response = client.post(
        "/api/v1/accounts", content=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and response.json()["detail"].startswith("body:")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"account_id": "x", "code": "1"}, "provider"),
        ({"account_id": "x", "code": "1", "provider": "WHATSAPP"}, "provider"),
        ({"account_id": "", "code": "1", "provider": "LINKEDIN"}, "account_id"),
        ({"account_id": "x", "code": 123456, "provider": "LINKEDIN"}, "code"),
    ],
)
def test_bad_checkpoint_bodies(client, body, field):
    response = client.post("/api/v1/accounts/checkpoint", json=body)
    assert response.status_code == 400 and response.json()["detail"].startswith(f"{field}:")


def test_connect_is_deterministic_per_seed(client):
    keys = [
        client.post("/_sim/tenants", json={"scenario": "default", "seed": 5}).json()["api_key"]
        for _ in range(2)
    ]
    answers = [
        client.post(
            "/api/v1/accounts", json={"provider": "WHATSAPP"}, headers={"X-API-KEY": key}
        ).json()
        for key in keys
    ]
    assert answers[0] == answers[1]
