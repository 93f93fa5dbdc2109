"""Every inspector form refuses bad input with a 4xx page that says what is wrong, and changes
nothing; every page needs the world's key, as the control plane does (the browser tests walk
the pages themselves, tests/browser/test_inspector.py)."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from tests.api.conftest import DEFAULT_KEY

ORIGIN = {"Origin": "http://testserver"}


@pytest.fixture
def browser():
    """A client that behaves like the inspector's browser: signed in by cookie, no header."""
    with TestClient(build_app(Settings()), follow_redirects=False) as client:
        signed_in = client.post("/_sim/ui/login", data={"api_key": DEFAULT_KEY}, headers=ORIGIN)
        assert signed_in.status_code == 303
        yield client


def state(client: TestClient) -> dict:
    """What the forms could change, read through the JSON API."""
    key = {"X-API-KEY": DEFAULT_KEY}
    return {
        "accounts": client.get("/api/v1/accounts", headers=key).json(),
        "clock": client.get("/_sim/clock", headers=key).json(),
        "faults": client.get("/_sim/faults", headers=key).json(),
        "chaos": client.get("/_sim/chaos", headers=key).json(),
        "tenants": client.get("/_sim/tenants").json(),
    }


def said(response) -> str:
    found = re.search(r'role="alert">([^<]*)<', response.text)
    assert found, response.text[:500]
    return found.group(1)


BAD_FORMS = [
    ("/_sim/ui/worlds", {"scenario": "no-such-scenario"}, 400, "scenario"),
    ("/_sim/ui/worlds", {"scenario": "default", "clock": "sundial"}, 400, "clock"),
    ("/_sim/ui/worlds", {"scenario": "default", "api_key": DEFAULT_KEY}, 409, "api_key"),
    ("/_sim/ui/worlds/reset", {"api_key": "sim_nobody"}, 404, "api_key"),
    ("/_sim/ui/worlds/drop", {}, 404, "api_key"),
    ("/_sim/ui/login", {}, 400, "api_key"),
    ("/_sim/ui/accounts/no-such-account/status", {"status": "STOPPED"}, 404, "not found"),
    ("/_sim/ui/hosted/no-such-session/complete", {"outcome": "success"}, 404, "session"),
    ("/_sim/ui/hosted/no-such-session/complete", {"outcome": "maybe"}, 400, "outcome"),
    ("/_sim/ui/invitations/123/shrug", {}, 400, "answer"),
    ("/_sim/ui/invitations/123/accept", {"direction": "SENT"}, 404, "Invitation not found"),
    ("/_sim/ui/people/invite", {"provider_id": "x"}, 400, "account_id"),
    ("/_sim/ui/chats/no-such-chat/reply", {"text": "hi"}, 404, ""),
    ("/_sim/ui/mail/deliver", {"account_id": "nope", "from": "a@b.test", "body": "x"}, 404, ""),
    ("/_sim/ui/webhooks/deliveries/dlv_x/retry", {}, 404, "delivery_id"),
    ("/_sim/ui/clock/advance", {}, 400, "duration"),
    ("/_sim/ui/clock/advance", {"duration": "-5"}, 400, "duration"),
    ("/_sim/ui/clock/advance", {"duration": "20000w"}, 400, "duration"),
    ("/_sim/ui/clock/next", {}, 400, "no event is pending"),
    ("/_sim/ui/faults", {"effect": "explode"}, 400, "effect"),
    ("/_sim/ui/faults", {"effect": "latency", "latency_ms": "999999"}, 400, "latency.ms"),
    ("/_sim/ui/faults", {"effect": "drop", "method": "BREW"}, 400, "match.method"),
    ("/_sim/ui/faults", {"effect": "drop", "probability": "0"}, 400, "probability"),
    ("/_sim/ui/faults/fault_9/delete", {}, 404, "fault_9"),
    ("/_sim/ui/chaos", {"fraction": "0.5", "statuses": "404"}, 400, "statuses"),
    ("/_sim/ui/chaos", {}, 400, "fraction"),
]


@pytest.mark.parametrize(("path", "form", "status", "names"), BAD_FORMS)
def test_bad_input_is_a_page_saying_what_is_wrong_and_changes_nothing(
    browser, path, form, status, names
):
    before = state(browser)
    response = browser.post(path, data=form, headers=ORIGIN)
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith("text/html")
    assert names in said(response)
    if path != "/_sim/ui/login":  # the sign-in page asks again instead
        assert "nothing was changed" in response.text
    assert state(browser) == before


@pytest.mark.parametrize(
    "path",
    ["/_sim/ui/accounts", "/_sim/ui/network", "/_sim/ui/inbox", "/_sim/ui/mail",
     "/_sim/ui/webhooks", "/_sim/ui/requests", "/_sim/ui/clock", "/_sim/ui/faults"],
)  # fmt: skip
def test_world_pages_need_the_key_as_the_control_plane_does(path):
    with TestClient(build_app(Settings()), follow_redirects=False) as client:
        assert client.get(path).status_code == 401
        client.cookies.set("unipile_sim_key", "sim_nobody_at_all")
        assert client.get(path).status_code == 401
        assert client.get("/_sim/ui").status_code == 200  # the list needs none, as /_sim/tenants
        client.cookies.set("unipile_sim_key", DEFAULT_KEY)
        assert client.get(path).status_code == 200


def test_a_dropped_world_signs_the_browser_out(browser):
    browser.delete(f"/_sim/tenants/{DEFAULT_KEY}")
    assert browser.get("/_sim/ui/accounts").status_code == 401


def test_bad_queries_are_pages_saying_what_is_wrong(browser):
    for path, names in [
        ("/_sim/ui/inbox?account=nope", "not found"),
        ("/_sim/ui/inbox?after=forged", "cursor"),
        ("/_sim/ui/chats/nope", ""),
        ("/_sim/ui/requests?method=BREW", "method"),
        ("/_sim/ui/requests?path=api", "path"),
        ("/_sim/ui/requests/999", "Request 999"),
        ("/_sim/ui/webhooks?outcome=lost", "outcome"),
        ("/_sim/ui/clock?from=-1", "from"),
    ]:
        response = browser.get(path)
        assert 400 <= response.status_code < 500, path
        assert names in said(response), path


def test_cross_site_posts_are_refused(browser):
    before = state(browser)
    response = browser.post(
        "/_sim/ui/worlds", data={"scenario": "empty"}, headers={"Origin": "http://evil.test"}
    )
    assert response.status_code == 403
    assert state(browser) == before


def test_root_redirects_to_the_inspector(browser):
    response = browser.get("/")
    assert response.status_code == 303 and response.headers["location"] == "/_sim/ui"
