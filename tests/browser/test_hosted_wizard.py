"""The hosted-auth wizard in a real browser: Playwright driving Debian's Chromium.

Each test gets a fresh `default` world on one real simulator, and an app stub on 127.0.0.1 that
receives the `notify_url` callback and the browser's redirects. Every step is saved as a
screenshot under tests/browser/screenshots/. The browser is found as tests/browser/launch.py
says; without one these tests fail, they do not skip.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from simulator.testing import SimulatorError, SimulatorServer, SimWorld
from tests.browser.app_stub import AppStub
from tests.browser.launch import NO_CHROMIUM, NO_PLAYWRIGHT, chromium_path

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
NOTIFY_WAIT_S = 10.0

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # reported as a failure below, never a skip
    sync_playwright = None  # type: ignore[assignment]


def test_chromium_and_playwright_are_installed() -> None:
    """Fails with the fix to apply (the tests below then error at setup with the same one)."""
    assert sync_playwright is not None, NO_PLAYWRIGHT
    with sync_playwright() as playwright:
        assert chromium_path(playwright.chromium.executable_path) is not None, NO_CHROMIUM


@pytest.fixture
def world(sim: SimulatorServer) -> Iterator[SimWorld]:
    created = sim.new_world("default")
    yield created
    created.drop()


@pytest.fixture
def app() -> Iterator[AppStub]:
    with AppStub() as stub:
        yield stub


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 720, "height": 760})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def shot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000, f"empty screenshot {path}"
    return path


def hosted_link(world: SimWorld, **fields: Any) -> str:
    now = datetime.fromisoformat(world.clock()["now"].replace("Z", "+00:00"))
    expires = (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    body = {"api_url": "https://api8.unipile.com:13443", "expiresOn": expires} | fields
    response = world.request("POST", "/hosted/accounts/link", json=body, headers=world.headers)
    assert response.status_code == 201, response.text
    return response.json()["url"]


def accounts(world: SimWorld) -> list[dict[str, Any]]:
    response = world.get("/accounts", headers=world.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def wait_for_notifications(app: AppStub, path: str, count: int = 1) -> list[dict[str, Any]]:
    deadline = time.monotonic() + NOTIFY_WAIT_S
    while len(app.notified(path)) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"no notify_url call to {path} within {NOTIFY_WAIT_S} s")
        time.sleep(0.02)
    return app.notified(path)


def test_create_with_a_2fa_checkpoint(page: Page, world: SimWorld, app: AppStub) -> None:
    before = {account["id"] for account in accounts(world)}
    url = hosted_link(
        world,
        type="create",
        providers=["LINKEDIN", "WHATSAPP"],
        name="browser-user-1",
        notify_url=app.url("/notify"),
        success_redirect_url=app.url("/connected"),
        failure_redirect_url=app.url("/not-connected"),
    )

    response = page.goto(url)
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("Connect an account")
    expect(page.locator("a.provider")).to_have_text(["LinkedIn", "WhatsApp"])
    shot(page, "create-01-choose-provider")

    page.click("text=LinkedIn")
    expect(page.locator("h1")).to_have_text("Connect your LinkedIn account")
    shot(page, "create-02-login-form")

    page.fill("#f-username", "2fa@sim.test")
    page.fill("#f-password", "not-the-password")
    page.click("button[type=submit].primary")
    expect(page.locator(".message.error")).to_have_text(
        "Invalid credentials: check them and try again."
    )
    shot(page, "create-03-invalid-credentials")

    page.fill("#f-username", "2fa@sim.test")
    page.fill("#f-password", "secret")
    page.click("button[type=submit].primary")
    expect(page.locator("h1")).to_have_text("Two-step verification")
    shot(page, "create-04-2fa-checkpoint")

    page.fill("#f-code", "000000")
    page.click("button[type=submit].primary")
    expect(page.locator(".message.error")).to_have_text("Wrong code: check it and try again.")
    expect(page.locator("h1")).to_have_text("Two-step verification")
    shot(page, "create-05-wrong-code")

    page.fill("#f-code", "123456")
    page.click("button[type=submit].primary")
    expect(page.locator("h1")).to_have_text("Account connected")
    shot(page, "create-06-success")

    page.click("text=Continue")
    expect(page.locator("h1")).to_have_text("Back in my app: /connected")
    assert page.url == app.url("/connected")

    listed = accounts(world)
    new = [account for account in listed if account["id"] not in before]
    assert len(new) == 1 and len(listed) == 8
    assert new[0]["type"] == "LINKEDIN" and new[0]["sources"][0]["status"] == "OK"
    (notified,) = wait_for_notifications(app, "/notify")
    assert notified == {
        "status": "CREATION_SUCCESS",
        "account_id": new[0]["id"],
        "name": "browser-user-1",
    }


def test_reconnect_the_credentials_account(page: Page, world: SimWorld, app: AppStub) -> None:
    expired = next(a for a in accounts(world) if a["sources"][0]["status"] == "CREDENTIALS")
    url = hosted_link(
        world,
        type="reconnect",
        reconnect_account=expired["id"],
        name="browser-user-2",
        notify_url=app.url("/notify"),
        success_redirect_url=app.url("/reconnected"),
        bypass_success_screen=True,
    )

    response = page.goto(url)
    assert response is not None and response.status == 200
    # no provider choice: the account's provider's form, at once
    expect(page.locator("h1")).to_have_text(f"Reconnect {expired['name']}")
    expect(page.locator("a.provider")).to_have_count(0)
    shot(page, "reconnect-01-login-form")

    page.fill("#f-username", "ok@sim.test")
    page.fill("#f-password", "secret")
    page.click("button[type=submit].primary")
    # bypass_success_screen: straight back to the app
    expect(page.locator("h1")).to_have_text("Back in my app: /reconnected")
    assert page.url == app.url("/reconnected")
    shot(page, "reconnect-02-back-in-the-app")

    listed = accounts(world)
    assert len(listed) == 7
    again = next(a for a in listed if a["id"] == expired["id"])
    assert again["sources"][0]["status"] == "OK"
    (notified,) = wait_for_notifications(app, "/notify")
    assert notified == {
        "status": "RECONNECTED",
        "account_id": expired["id"],
        "name": "browser-user-2",
    }


def test_an_expired_link(page: Page, world: SimWorld, app: AppStub) -> None:
    url = hosted_link(
        world, type="create", providers=["LINKEDIN"], notify_url=app.url("/notify")
    )
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Connect your LinkedIn account")
    page.fill("#f-username", "ok@sim.test")
    page.fill("#f-password", "secret")
    shot(page, "expired-01-form-filled-before-expiry")

    fired = world.advance(seconds=3601)  # past expiresOn, while the form is open
    assert "hosted_link_expired" in [event["kind"] for event in fired]

    with page.expect_navigation() as navigation:
        page.click("button[type=submit].primary")
    assert navigation.value is not None and navigation.value.status == 410
    expect(page.locator("h1")).to_have_text("This link has expired")
    shot(page, "expired-02-submitted-after-expiry")

    response = page.goto(url)
    assert response is not None and response.status == 410
    expect(page.locator("h1")).to_have_text("This link has expired")
    shot(page, "expired-03-opened-again")

    session_id = url.rsplit("/", 1)[1]
    with pytest.raises(SimulatorError, match="errors/expired_link"):
        world.control("POST", f"/hosted/{session_id}/complete", json={"outcome": "success"})
    assert len(accounts(world)) == 7
    time.sleep(0.2)  # a notify_url call would have been made at once
    assert app.notified("/notify") == []
