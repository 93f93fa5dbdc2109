"""The hosted-auth wizard pages (/hosted/{session_id}), driven over HTTP without a browser."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from tests.api.conftest import DEFAULT_KEY, assert_envelope
from tests.api.receiver import Receiver, wait_until

LINK = "/api/v1/hosted/accounts/link"
CREATE = {
    "type": "create",
    "providers": ["LINKEDIN"],
    "api_url": "https://api8.unipile.com:13443",
    "expiresOn": "2026-01-05T10:00:00.000Z",  # one hour after the default world's start
}
APP = "https://app.sim.test"


@pytest.fixture
def world(client):
    return client.app.state.registry.get(DEFAULT_KEY)


@pytest.fixture
def events(world):
    seen = []
    world.bus.subscribe(seen.append)
    return seen


@pytest.fixture
def browser(client):
    """The same app, seen by a browser: no API key, redirects followed."""
    return TestClient(client.app, follow_redirects=True)


def new_link(client, **fields) -> str:
    response = client.post(LINK, json=CREATE | fields)
    assert response.status_code == 201, response.text
    return urlsplit(response.json()["url"]).path


def step_of(response) -> str:
    match = re.search(r'data-step="([\w-]+)"', response.text)
    assert match, response.text
    return match.group(1)


def error_on(response) -> str | None:
    match = re.search(r'<p class="message error" role="alert">(.*?)</p>', response.text, re.S)
    return html.unescape(match.group(1).strip()) if match else None


def checkpoint_of(response) -> str:
    match = re.search(r'data-checkpoint="([\w-]+)"', response.text)
    assert match, response.text
    return match.group(1)


def log_in(browser, path, username, password="secret", provider="LINKEDIN", **extra):
    form = {"provider": provider, "method": "credentials", "username": username,
            "password": password} | extra
    return browser.post(f"{path}/login", data=form)


def account_ids(client) -> list[str]:
    return [account["id"] for account in client.get("/api/v1/accounts").json()["items"]]


# -- pages, headers, routing --------------------------------------------------------------------


def test_the_link_opens_the_provider_choice_without_an_api_key(client, browser):
    path = new_link(client, providers=["LINKEDIN", "WHATSAPP", "MAIL"])
    response = browser.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert step_of(response) == "choose"
    offered = re.findall(r'data-provider="(\w+)"', response.text)
    assert offered == ["LINKEDIN", "WHATSAPP", "MAIL"]


def test_pages_load_nothing_from_elsewhere(client, browser):
    path = new_link(client, providers="*")
    for query in ("", "?provider=LINKEDIN", "?provider=MAIL", "?provider=GOOGLE"):
        text = browser.get(path + query).text
        sources = re.findall(r'(?:href|src|action)="([^"]+)"', text)
        assert sources and all(s.startswith(("http://testserver/", "?")) for s in sources), sources
    css = browser.get("/hosted/static/wizard.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "url(" not in css.text and "@import" not in css.text


def test_unknown_links_and_files_are_404_pages(browser):
    response = browser.get("/hosted/no-such-session")
    assert response.status_code == 404 and step_of(response) == "not-found"
    assert response.headers["content-type"].startswith("text/html")
    assert browser.post("/hosted/no-such-session/login", data={}).status_code == 404
    assert browser.get("/hosted/static/nope.css").status_code == 404
    assert browser.get("/hosted/static/..").status_code == 404


def test_a_method_the_page_does_not_serve_is_405(browser, client):
    path = new_link(client)
    response = browser.put(path)
    assert_envelope(response, 405, "errors/method_not_allowed")
    assert response.headers["allow"] == "GET, HEAD"


def test_the_choice_is_limited_to_the_sessions_providers(client, browser):
    path = new_link(client, providers="*:MAILING")
    offered = re.findall(r'data-provider="(\w+)"', browser.get(path).text)
    assert offered == ["GOOGLE", "OUTLOOK", "MAIL"]
    # a provider the link does not offer is not a way in
    assert step_of(browser.get(path + "?provider=LINKEDIN")) == "choose"
    response = log_in(browser, path, "ok@sim.test")
    assert step_of(response) == "choose"
    assert error_on(response) == "The service is not valid."


def test_a_one_provider_link_opens_its_login_form(client, browser):
    response = browser.get(new_link(client))
    assert step_of(response) == "login"
    assert "Connect your LinkedIn account" in response.text
    assert 'name="username"' in response.text and 'name="password"' in response.text
    assert "Choose another service" not in response.text


def test_linkedin_offers_credentials_and_cookie_unless_disabled(client, browser):
    path = new_link(client)
    page = browser.get(path + "?method=cookie").text
    assert 'name="access_token"' in page and 'name="password"' not in page
    only_cookie = new_link(client, disabled_options=["credentials_auth"])
    page = browser.get(only_cookie).text
    assert 'name="access_token"' in page and 'name="password"' not in page
    response = log_in(browser, only_cookie, "ok@sim.test")
    assert error_on(response) == "The way to log in is not valid."
    assert step_of(response) == "login"


# -- logging in ----------------------------------------------------------------------------------


def test_wrong_password_shows_invalid_credentials_on_the_form(client, browser):
    path = new_link(client)
    response = browser.post(
        f"{path}/login",
        data={"provider": "LINKEDIN", "method": "credentials", "username": "ok@sim.test",
              "password": "wrong"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == path
    assert parse_qs(location.query)["error"] == ["invalid_credentials"]
    page = browser.get(response.headers["location"])
    assert step_of(page) == "login"
    assert error_on(page) == "Invalid credentials: check them and try again."


def test_a_missing_field_is_named(client, browser):
    path = new_link(client)
    response = browser.post(
        f"{path}/login", data={"provider": "LINKEDIN", "method": "credentials",
                               "username": "ok@sim.test"}
    )
    assert error_on(response) == "Fill in password."


def test_text_in_the_query_string_is_never_shown(client, browser):
    path = new_link(client)
    assert error_on(browser.get(path + "?error=<script>alert(1)</script>")) is None
    page = browser.get(path + "?error=invalid_parameters&field=<b>x</b>")
    assert error_on(page) == "Check what you typed." and "<b>x</b>" not in page.text


def test_create_with_a_2fa_checkpoint(client, browser, events):
    path = new_link(client, name="user-7", notify_url=f"{APP}/notify",
                    success_redirect_url=f"{APP}/ok")
    before = account_ids(client)
    response = log_in(browser, path, "2fa@sim.test")
    assert step_of(response) == "checkpoint" and checkpoint_of(response) == "2FA"
    assert "Two-step verification" in response.text and "by text message" in response.text
    wrong = browser.post(f"{path}/checkpoint", data={"action": "solve", "code": "000000"})
    assert step_of(wrong) == "checkpoint"
    assert error_on(wrong) == "Wrong code: check it and try again."
    empty = browser.post(f"{path}/checkpoint", data={"action": "solve", "code": " "})
    assert error_on(empty) == "Fill in verification code."
    done = browser.post(f"{path}/checkpoint", data={"action": "solve", "code": "123456"})
    assert step_of(done) == "success" and "is connected" in done.text
    assert f'href="{APP}/ok"' in done.text  # the success screen's Continue
    (new_id,) = set(account_ids(client)) - set(before)
    account = client.get(f"/api/v1/accounts/{new_id}").json()
    assert account["type"] == "LINKEDIN" and account["sources"][0]["status"] == "OK"
    assert [(e.name, e.data.get("message")) for e in events] == [
        ("account_status", "CREATION_SUCCESS"),
        ("hosted_auth_notify", None),
    ]
    assert events[1].data == {
        "notify_url": f"{APP}/notify",
        "body": {"status": "CREATION_SUCCESS", "account_id": new_id, "name": "user-7"},
    }


def test_the_notify_url_is_really_called(client, browser):
    with Receiver() as receiver:
        path = new_link(client, name="signed-value", notify_url=receiver.url)
        assert step_of(log_in(browser, path, "ok@sim.test")) == "success"
        wait_until(lambda: receiver.count() == 1, what="the notify_url call")
    body = receiver.received[0].json()
    assert body["status"] == "CREATION_SUCCESS" and body["name"] == "signed-value"
    assert body["account_id"] in account_ids(client)


def test_bypass_success_screen_redirects_to_the_app(client, browser):
    path = new_link(client, success_redirect_url=f"{APP}/ok?x=1", bypass_success_screen=True)
    response = browser.post(
        f"{path}/login",
        data={"provider": "LINKEDIN", "method": "credentials", "username": "ok@sim.test",
              "password": "secret"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    landing = browser.get(response.headers["location"], follow_redirects=False)
    assert landing.status_code == 303 and landing.headers["location"] == f"{APP}/ok?x=1"


def test_a_completed_link_cannot_be_used_again(client, browser):
    path = new_link(client)
    assert step_of(log_in(browser, path, "ok@sim.test")) == "success"
    count = len(account_ids(client))
    again = log_in(browser, path, "premium@sim.test")
    assert step_of(again) == "success" and len(account_ids(client)) == count
    session_id = path.rsplit("/", 1)[1]
    response = client.post(f"/_sim/hosted/{session_id}/complete", json={"outcome": "success"})
    assert_envelope(response, 401, "errors/expired_link", "already used")


def test_a_refused_account_ends_the_session_on_the_failure_page(client, browser, events):
    path = new_link(client, failure_redirect_url=f"{APP}/ko")
    count = len(account_ids(client))
    response = log_in(browser, path, "restricted@sim.test")
    assert step_of(response) == "failure"
    assert "Account restricted" in error_on(response)
    assert f'href="{APP}/ko"' in response.text
    assert len(account_ids(client)) == count and events == []
    assert step_of(log_in(browser, path, "ok@sim.test")) == "failure"  # over for good


def test_an_error_after_the_checkpoint_fails_the_session(client, browser):
    path = new_link(client)
    assert checkpoint_of(log_in(browser, path, "2fa-restricted@sim.test")) == "2FA"
    done = browser.post(f"{path}/checkpoint", data={"code": "123456"})
    assert step_of(done) == "failure" and "restricted" in error_on(done)


def test_cancel_fails_the_session_without_an_account(client, browser, events):
    path = new_link(client, notify_url=f"{APP}/notify", failure_redirect_url=f"{APP}/ko")
    response = browser.post(f"{path}/cancel")
    assert step_of(response) == "failure" and error_on(response) == "The connection was cancelled."
    assert events == []


def test_a_transient_error_leaves_the_form_open(client, browser):
    path = new_link(client)
    response = log_in(browser, path, "proxy@sim.test")
    assert step_of(response) == "login" and error_on(response).startswith("Proxy error")
    assert step_of(log_in(browser, path, "ok@sim.test")) == "success"


# -- checkpoints ---------------------------------------------------------------------------------


def test_in_app_validation_is_approved_with_a_button(client, browser):
    path = new_link(client)
    page = log_in(browser, path, "inapp@sim.test")
    assert checkpoint_of(page) == "IN_APP_VALIDATION" and "I approved it" in page.text
    assert step_of(browser.post(f"{path}/checkpoint", data={"action": "approve"})) == "success"


def test_try_another_way_swaps_in_app_validation_for_2fa(client, browser):
    path = new_link(client)
    log_in(browser, path, "inapp@sim.test")
    page = browser.post(f"{path}/checkpoint", data={"action": "another_way"})
    assert checkpoint_of(page) == "2FA"
    assert step_of(browser.post(f"{path}/checkpoint", data={"code": "123456"})) == "success"


def test_resend_shows_a_notice(client, browser):
    path = new_link(client)
    log_in(browser, path, "otp@sim.test")
    page = browser.post(f"{path}/checkpoint", data={"action": "resend"})
    assert checkpoint_of(page) == "OTP" and "A new code was sent." in page.text


def test_captcha_then_2fa(client, browser):
    path = new_link(client)
    page = log_in(browser, path, "chain@sim.test")
    assert checkpoint_of(page) == "CAPTCHA" and "captcha-solved" in page.text
    page = browser.post(f"{path}/checkpoint", data={"code": "captcha-solved"})
    assert checkpoint_of(page) == "2FA"
    assert step_of(browser.post(f"{path}/checkpoint", data={"code": "123456"})) == "success"


def test_phone_register(client, browser):
    path = new_link(client)
    log_in(browser, path, "phone@sim.test")
    page = browser.post(f"{path}/checkpoint", data={"code": "0612345678"})
    assert checkpoint_of(page) == "PHONE_REGISTER" and error_on(page).startswith("Wrong code")
    page = browser.post(f"{path}/checkpoint", data={"code": "(+33)0612345678"})
    assert step_of(page) == "success"


def test_contract_chooser_sets_the_contract(client, browser, world):
    path = new_link(client)
    page = log_in(browser, path, "recruiter@sim.test")
    assert checkpoint_of(page) == "CONTRACT_CHOOSER"
    options = re.findall(r'type="radio" name="code" value="(\d+)"', page.text)
    assert len(options) == 2
    assert step_of(browser.post(f"{path}/checkpoint", data={"code": options[1]})) == "success"
    session = world.hosted.get(path.rsplit("/", 1)[1])
    assert world.accounts.get(session.account_id).premium_contract_id == options[1]


def test_whatsapp_shows_the_qr_code_as_text(client, browser, world):
    path = new_link(client, providers=["WHATSAPP"])
    page = browser.post(f"{path}/login", data={"provider": "WHATSAPP", "method": "qrcode"})
    assert checkpoint_of(page) == "QRCODE"
    assert re.search(r'<pre class="qrcode"[^>]*>2@[\w-]+,[\w-]+=</pre>', page.text)
    done = browser.post(
        f"{path}/checkpoint", data={"action": "approve", "phone_number": "+33 6 00 00 00 01"}
    )
    assert step_of(done) == "success"
    session = world.hosted.get(path.rsplit("/", 1)[1])
    assert world.accounts.get(session.account_id).phone_number == "33600000001"


def test_start_again_frees_the_credentials_at_once(client, browser):
    path = new_link(client)
    log_in(browser, path, "2fa@sim.test")
    page = browser.post(f"{path}/checkpoint", data={"action": "start_over"})
    assert step_of(page) == "login"
    # the abandoned intent no longer holds the identity: no 425 auth_in_progress
    assert checkpoint_of(log_in(browser, path, "2fa@sim.test")) == "2FA"


def test_a_checkpoint_left_five_minutes_starts_the_login_again(client, browser):
    path = new_link(client)
    log_in(browser, path, "2fa@sim.test")
    client.post("/_sim/clock/advance", json={"seconds": 301})
    assert step_of(browser.get(path)) == "login"
    page = browser.post(f"{path}/checkpoint", data={"code": "123456"})
    assert step_of(page) == "login" and error_on(page) == "The login timed out: please start again."


def test_an_unknown_checkpoint_action_is_named(client, browser):
    path = new_link(client)
    log_in(browser, path, "2fa@sim.test")
    page = browser.post(f"{path}/checkpoint", data={"action": "explode"})
    assert checkpoint_of(page) == "2FA" and error_on(page) == "The action is not valid."


# -- other providers -----------------------------------------------------------------------------


def test_the_mail_form_fills_smtp_from_imap_and_names_a_bad_port(client, browser):
    path = new_link(client, providers=["MAIL"])
    form = {"provider": "MAIL", "method": "credentials", "imap_user": "ok@sim.test",
            "imap_password": "secret", "imap_host": "imap.sim.test", "imap_port": "nine",
            "imap_encryption": "tls", "smtp_host": "smtp.sim.test", "smtp_port": "587"}
    page = browser.post(f"{path}/login", data=form)
    assert error_on(page) == "Imap port is not valid."
    page = browser.post(f"{path}/login", data=form | {"imap_port": "९९३"})  # not ASCII digits
    assert error_on(page) == "Imap port is not valid."
    page = browser.post(f"{path}/login", data=form | {"imap_port": "993"})
    assert step_of(page) == "success"


def test_google_signs_in_with_a_refresh_token(client, browser, world):
    path = new_link(client, providers="*:CALENDAR")
    page = browser.get(path + "?provider=GOOGLE")
    assert 'name="refresh_token"' in page.text
    done = browser.post(
        f"{path}/login",
        data={"provider": "GOOGLE", "method": "oauth", "refresh_token": "google-refresh-ok",
              "access_token": "sim-google-access-token"},
    )
    assert step_of(done) == "success"
    session = world.hosted.get(path.rsplit("/", 1)[1])
    assert world.accounts.get(session.account_id).type == "GOOGLE_OAUTH"


# -- reconnect, expiry, tenants -------------------------------------------------------------------


def test_reconnect_skips_the_choice_and_keeps_the_id(client, browser, events):
    expired = next(
        a for a in client.get("/api/v1/accounts").json()["items"]
        if a["sources"][0]["status"] == "CREDENTIALS"
    )
    path = new_link(client, type="reconnect", reconnect_account=expired["id"], providers="*",
                    notify_url=f"{APP}/notify", name="re-1")
    page = browser.get(path)
    assert step_of(page) == "login" and f"Reconnect {html.escape(expired['name'])}" in page.text
    assert "Choose another service" not in page.text
    assert step_of(log_in(browser, path, "ok@sim.test")) == "success"
    account = client.get(f"/api/v1/accounts/{expired['id']}").json()
    assert account["sources"][0]["status"] == "OK"
    assert len(account_ids(client)) == 7
    assert events[-1].data["body"] == {
        "status": "RECONNECTED", "account_id": expired["id"], "name": "re-1"
    }


def test_an_expired_link_is_410_and_cannot_be_completed(client, browser, events):
    path = new_link(client, notify_url=f"{APP}/notify")
    client.post("/_sim/clock/advance", json={"seconds": 3601})
    page = browser.get(path)
    assert page.status_code == 410 and step_of(page) == "expired"
    assert page.headers["content-type"].startswith("text/html")
    after_login = log_in(browser, path, "ok@sim.test")
    assert after_login.status_code == 410 and step_of(after_login) == "expired"
    session_id = path.rsplit("/", 1)[1]
    response = client.post(f"/_sim/hosted/{session_id}/complete", json={"outcome": "success"})
    assert_envelope(response, 401, "errors/expired_link", "expired")
    assert events == []


def test_a_checkpoint_pending_when_the_link_expires_is_dropped(client, browser):
    path = new_link(client, expiresOn="2026-01-05T09:02:00.000Z")
    log_in(browser, path, "2fa@sim.test")
    client.post("/_sim/clock/advance", json={"seconds": 121})
    assert browser.get(path).status_code == 410
    # the identity is free for another link at once
    other = new_link(client, expiresOn="2026-01-05T12:00:00.000Z")
    assert checkpoint_of(log_in(browser, other, "2fa@sim.test")) == "2FA"


def test_each_link_finds_its_own_world(client, browser):
    other = client.post("/_sim/tenants", json={"scenario": "default"}).json()["api_key"]
    mine = new_link(client)
    theirs_response = client.post(LINK, json=CREATE, headers={"X-API-KEY": other})
    theirs = urlsplit(theirs_response.json()["url"]).path
    assert mine != theirs  # same scenario, same seed, same requests: still two ids
    assert step_of(log_in(browser, theirs, "ok@sim.test")) == "success"
    mine_count = len(account_ids(client))
    their_count = len(client.get("/api/v1/accounts", headers={"X-API-KEY": other}).json()["items"])
    assert (mine_count, their_count) == (7, 8)


def test_a_fresh_app_serves_the_same_link_ids():
    """Deterministic: same key, scenario, seed and requests give the same link."""
    urls = []
    for _ in range(2):
        with TestClient(build_app(Settings(strict=True))) as fresh:
            response = fresh.post(LINK, json=CREATE, headers={"X-API-KEY": DEFAULT_KEY})
            urls.append(response.json()["url"])
    assert urls[0] == urls[1]
