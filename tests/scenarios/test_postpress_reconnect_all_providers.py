"""postpress-reconnect-all-providers: every provider's account reconnects through /v1."""

import pytest

from tests.api.conftest import assert_envelope
from tests.scenarios.conftest import status_of

SCENARIO = "postpress-reconnect-all-providers"
MAIL = {
    "provider": "MAIL", "imap_user": "lou@studio.test", "smtp_user": "lou@studio.test",
    "imap_password": "pw", "smtp_password": "pw", "imap_host": "imap.studio.test", "imap_port": 993,
    "smtp_host": "smtp.studio.test", "smtp_port": 465, "imap_encryption": "ssl",
}
SESSION = [
    {"name": "xs", "value": "48%3Alou"},
    {"name": "c_user", "value": "100000000000042"},
    {"name": "datr", "value": "d4tr"},
]
# Logins that reconnect at once: (account, body).
AT_ONCE = [
    ("li", {"provider": "LINKEDIN", "username": "lou@studio.test", "password": "pw"}),
    ("li", {"provider": "LINKEDIN", "access_token": "li-at-lou"}),
    ("ig", {"provider": "INSTAGRAM", "username": "lou.studio", "password": "pw"}),
    ("ig", {"provider": "INSTAGRAM", "sessionid": "ig-session-lou"}),
    ("fb", {"provider": "MESSENGER", "username": "lou@studio.test", "password": "pw"}),
    ("fb", {"provider": "MESSENGER", "cookies": SESSION, "user_name": "Lou Marchand"}),
    ("x", {"provider": "TWITTER", "username": "lou_builds", "email": "lou@studio.test", "password": "pw"}),
    ("mail", MAIL),
    ("gmail", {"provider": "GOOGLE_OAUTH", "refresh_token": "google-refresh-lou", "access_token": "ya29.lou"}),
    ("outlook", {"provider": "OUTLOOK", "refresh_token": "outlook-refresh-lou", "access_token": "eyJ0.lou",
                 "username": "lou@outlook.sim.test", "id": "00000000-0000-0000-0000-000000000042"}),
]


@pytest.fixture
def bearer(sim):
    return {"Authorization": f"Bearer {sim.headers['X-API-KEY']}"}


def reconnect(sim, account_id, body, headers):
    return sim.post(f"/v1/accounts/{account_id}", json=body, headers=headers)


@pytest.mark.parametrize(("account_id", "body"), AT_ONCE, ids=[f"{a}-{i}" for i, (a, _) in enumerate(AT_ONCE)])
def test_password_cookie_and_oauth_logins_reconnect_at_once(sim, bearer, account_id, body):
    assert status_of(sim, account_id) == "CREDENTIALS"
    before = sim.get(f"/v1/accounts/{account_id}", headers=bearer).json()
    response = reconnect(sim, account_id, body, bearer)
    assert response.status_code == 201, response.text
    assert response.json() == {"object": "AccountReconnected", "account_id": account_id}
    after = sim.get(f"/v1/accounts/{account_id}", headers=bearer).json()
    assert after["sources"][0]["status"] == "OK"
    assert (after["type"], after["created_at"]) == (before["type"], before["created_at"])


def test_whatsapp_by_pairing_code_and_telegram_by_qr_code(sim, bearer):
    step = reconnect(sim, "wa", {"provider": "WHATSAPP", "pairing_phone_number": "+33 6 11 11 00 01"}, bearer)
    assert step.status_code == 202 and step.json()["checkpoint"]["type"] == "PAIRING_CODE"
    done = sim.post("/_sim/checkpoints/wa/approve", json={})
    assert done.status_code == 201 and done.json() == {"object": "AccountReconnected", "account_id": "wa"}

    step = reconnect(sim, "tg", {"provider": "TELEGRAM"}, bearer)
    assert step.status_code == 202 and step.json()["checkpoint"]["type"] == "QRCODE"
    done = sim.post("/_sim/checkpoints/tg/approve", json={"phone_number": "33711110001"})
    assert done.status_code == 201 and done.json()["account_id"] == "tg"
    assert status_of(sim, "wa") == status_of(sim, "tg") == "OK"


def test_all_nine_back_with_the_x_api_key_header_too(sim):
    one_login_each = dict(AT_ONCE)  # the last login listed for each account
    for account_id, body in one_login_each.items():
        assert reconnect(sim, account_id, body, {}).status_code == 201
    sim.post("/v1/accounts/wa", json={"provider": "WHATSAPP"})
    sim.post("/_sim/checkpoints/wa/approve", json={"phone_number": "33611110001"})
    sim.post("/v1/accounts/tg", json={"provider": "TELEGRAM"})
    sim.post("/_sim/checkpoints/tg/approve", json={"phone_number": "33711110001"})
    items = sim.get("/v1/accounts").json()["items"]
    assert len(items) == 9 and {a["sources"][0]["status"] for a in items} == {"OK"}


def test_wrong_phone_and_unknown_credentials(sim, bearer):
    assert_envelope(
        reconnect(sim, "wa", {"provider": "WHATSAPP", "pairing_phone_number": "33699999999"}, bearer),
        403, "errors/account_mismatch", "pairing_phone_number",
    )
    assert_envelope(
        reconnect(sim, "li", {"provider": "LINKEDIN", "username": "lou@studio.test", "password": "nope"}, bearer),
        401, "errors/invalid_credentials",
    )
    assert_envelope(
        reconnect(sim, "ig", {"provider": "LINKEDIN", "access_token": "li-at-lou"}, bearer),
        400, "errors/invalid_parameters", "provider",
    )
    assert status_of(sim, "wa") == status_of(sim, "li") == "CREDENTIALS"
