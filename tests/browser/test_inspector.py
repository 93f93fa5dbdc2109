"""The inspector in a real browser: Playwright driving Debian's Chromium, launched exactly as
the wizard's tests launch it (tests/browser/conftest.py).

Each test gets a fresh world on one real simulator, signs in to it, walks a page, performs its
actions and asserts the new state through the JSON API (never through the page alone). Every
page is saved as a screenshot under tests/browser/screenshots/inspector-*.png. Bad input on
each form answers a 4xx page that says what is wrong, and the JSON API shows nothing changed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from simulator.testing import SimulatorServer, SimWorld
from tests.browser.test_hosted_wizard import shot

try:
    from playwright.sync_api import Browser, Page, expect
except ImportError:  # reported as a failure by the fixtures, never a skip
    pass

WAIT_S = 10.0


@pytest.fixture
def world(sim: SimulatorServer) -> Iterator[SimWorld]:
    created = sim.new_world("default")
    yield created
    try:
        created.drop()
    except AssertionError:  # the test dropped it
        pass


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def ui(sim: SimulatorServer, path: str = "") -> str:
    return f"{sim.base_url}/_sim/ui{path}"


def sign_in(page: Page, sim: SimulatorServer, world: SimWorld) -> None:
    page.goto(ui(sim, "/login"))
    page.fill("#f-api_key", world.api_key)
    page.click("form.login button[type=submit]")
    expect(page.locator("h1")).to_have_text("Accounts")


def refused(page: Page, status: int, says: str) -> None:
    """The page is the error page with `status`, saying `says`."""
    expect(page.locator("h1")).to_contain_text(str(status))
    expect(page.locator("p.message.error")).to_contain_text(says)


def post_form(page: Page, path: str, form: dict[str, Any], sim: SimulatorServer) -> Any:
    """A form post the page's own controls cannot make (a value outside a select's choices),
    sent from the signed-in browser context with its cookie and origin."""
    return page.request.post(ui(sim, path), form=form, headers={"Origin": sim.base_url})


def accounts(world: SimWorld) -> list[dict[str, Any]]:
    response = world.get("/accounts", headers=world.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def tenants(sim: SimulatorServer) -> list[dict[str, Any]]:
    return sim.control("GET", "/tenants", params={"reveal_keys": "true"})["items"]


# -- worlds ---------------------------------------------------------------------------------


def test_worlds_page_lists_makes_resets_and_drops_worlds(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    response = page.goto(sim.base_url + "/")
    assert response is not None and response.status == 200
    assert page.url == ui(sim)
    row = page.locator("#worlds tbody tr", has_text=world.api_key[-4:]).first
    expect(row.locator("code.key")).to_have_text("****" + world.api_key[-4:])
    shot(page, "inspector-01-worlds")
    page.click("text=Show keys")
    expect(page.locator("code.key", has_text=world.api_key)).to_have_count(1)

    before = len(tenants(sim))
    page.select_option("#f-scenario", "empty")
    page.fill("#f-seed", "not-a-number")
    page.click("#new-world button[type=submit]")
    refused(page, 400, "seed")
    shot(page, "inspector-02-worlds-bad-seed")
    assert len(tenants(sim)) == before

    page.goto(ui(sim))
    page.select_option("#f-scenario", "empty")
    page.fill("#f-seed", "7")
    page.click("#new-world button[type=submit]")
    expect(page.locator("p.message.success")).to_contain_text("Made world empty")
    made = [t for t in tenants(sim) if t["scenario"] == "empty" and t["seed"] == 7]
    assert len(made) == 1
    key = made[0]["api_key"]

    # The new world is signed in; reset it after moving its clock, then drop it.
    sim.control("POST", "/clock/advance", json={"seconds": 3600}, headers={"X-API-KEY": key})
    moved = sim.control("GET", "/clock", headers={"X-API-KEY": key})["now"]
    page.goto(ui(sim))
    new_row = page.locator(f"#worlds tbody tr[data-world='{made[0]['world_id']}']")
    new_row.locator("button", has_text="Reset").click()
    expect(page.locator("p.message.success")).to_contain_text("Reset world empty")
    assert sim.control("GET", "/clock", headers={"X-API-KEY": key})["now"] != moved
    page.locator(f"#worlds tbody tr[data-world='{made[0]['world_id']}'] button", has_text="Drop")
    new_row.locator("button", has_text="Drop").click()
    expect(page.locator("p.message.success")).to_contain_text("Dropped world empty")
    assert key not in {t["api_key"] for t in tenants(sim)}

    # Dropping a world that is gone: 404 page, nothing else dropped.
    count = len(tenants(sim))
    answer = page.request.post(
        ui(sim, "/worlds/drop"), form={"api_key": key}, headers={"Origin": sim.base_url}
    )
    assert answer.status == 404 and "no world uses this key" in answer.text()
    assert len(tenants(sim)) == count


def test_sign_in_needs_a_known_key(page: Page, sim: SimulatorServer, world: SimWorld) -> None:
    response = page.goto(ui(sim, "/accounts"))
    assert response is not None and response.status == 401
    expect(page.locator("h1")).to_have_text("Sign in to a world")
    page.fill("#f-api_key", "sim_no_such_world_key")
    page.click("form.login button[type=submit]")
    expect(page.locator("p.message.error")).to_contain_text("no world uses this key")
    shot(page, "inspector-03-sign-in-refused")
    sign_in(page, sim, world)
    expect(page.locator("p.world")).to_contain_text("****" + world.api_key[-4:])
    # A post from another site's page is refused, and changes nothing.
    first = accounts(world)[0]
    answer = page.request.post(
        ui(sim, f"/accounts/{first['id']}/status"),
        form={"status": "STOPPED"},
        headers={"Origin": "http://evil.example"},
    )
    assert answer.status == 403
    assert accounts(world)[0]["sources"][0]["status"] == first["sources"][0]["status"]


# -- accounts -------------------------------------------------------------------------------


def test_accounts_page_drives_the_provider_side_and_hosted_sessions(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    sign_in(page, sim, world)
    account = accounts(world)[0]
    row = page.locator(f"tr[data-account='{account['id']}']")
    expect(row.locator("td.status")).to_have_text("OK")
    shot(page, "inspector-04-accounts")

    row.locator("button", has_text="Disconnect").click()
    expect(page.locator("p.message.success")).to_contain_text("OK -> STOPPED")
    assert accounts(world)[0]["sources"][0]["status"] == "STOPPED"
    row.locator("button", has_text="Credentials expired").click()
    assert accounts(world)[0]["sources"][0]["status"] == "CREDENTIALS"
    row.locator("button", has_text="Restricted").click()
    assert accounts(world)[0]["sources"][0]["status"] == "PERMISSIONS"

    row.locator("input[value='sales_navigator']").check()
    row.locator("button", has_text="Change plan").click()
    expect(page.locator("p.message.success")).to_contain_text("sales_navigator")
    assert "sales_navigator" in accounts(world)[0]["connection_params"]["im"]["premiumFeatures"]

    answer = post_form(page, f"/accounts/{account['id']}/status", {"status": "ASLEEP"}, sim)
    assert answer.status == 400 and "status" in answer.text()
    answer = post_form(page, f"/accounts/{account['id']}/premium", {"features": "gold"}, sim)
    assert answer.status == 400 and "features" in answer.text()
    assert accounts(world)[0]["sources"][0]["status"] == "PERMISSIONS"

    link = world.request(
        "POST",
        "/hosted/accounts/link",
        headers=world.headers,
        json={"type": "create", "providers": ["WHATSAPP"], "api_url": "https://x.test",
              "expiresOn": "2099-01-01T00:00:00.000Z", "name": "from-the-inspector"},
    )  # fmt: skip
    assert link.status_code == 201, link.text
    before = len(accounts(world))
    page.goto(ui(sim, "/accounts"))
    sessions = page.locator("#hosted-sessions tbody tr[data-session]")
    expect(sessions).to_have_count(1)
    expect(sessions.first).to_contain_text("from-the-inspector")
    shot(page, "inspector-05-accounts-hosted-session")
    sessions.first.locator("button", has_text="Complete: success").click()
    expect(page.locator("p.message.success")).to_contain_text("completed")
    assert len(accounts(world)) == before + 1
    expect(page.locator("#hosted-sessions tbody tr[data-session]")).to_have_count(0)


# -- network --------------------------------------------------------------------------------


def test_network_page_answers_invitations_both_ways(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    sign_in(page, sim, world)
    linkedin = next(a for a in accounts(world) if a["type"] == "LINKEDIN")
    page.goto(ui(sim, f"/network?account={linkedin['id']}"))
    person = page.locator("#people tbody tr[data-person]").nth(3)
    provider_id = person.get_attribute("data-person")
    assert provider_id
    sent = world.request(
        "POST", "/users/invite", headers=world.headers,
        json={"account_id": linkedin["id"], "provider_id": provider_id},
    )  # fmt: skip
    assert sent.status_code == 201, sent.text
    page.reload()
    shot(page, "inspector-06-network")
    invitation = page.locator("#sent tbody tr[data-invitation]").first
    invitation.locator("button", has_text="Accept").click()
    expect(page.locator("p.message.success")).to_contain_text("accepted")
    relation = world.get(f"/users/{provider_id}", headers=world.headers,
                         params={"account_id": linkedin["id"]})  # fmt: skip
    assert relation.json()["network_distance"] == "FIRST_DEGREE"

    other = page.locator("#people tbody tr[data-person]").nth(5)
    inviter = other.get_attribute("data-person")
    other.locator("button", has_text="Invites the account").click()
    expect(page.locator("p.message.success")).to_contain_text("invited the account")
    received = world.get("/users/invite/received", headers=world.headers,
                         params={"account_id": linkedin["id"]}).json()["items"]  # fmt: skip
    assert [item["inviter"]["inviter_id"] for item in received] == [inviter]
    page.locator("#received tbody tr[data-invitation] button", has_text="Decline").click()
    expect(page.locator("p.message.success")).to_contain_text("declined")
    received = world.get("/users/invite/received", headers=world.headers,
                         params={"account_id": linkedin["id"]}).json()["items"]  # fmt: skip
    assert received == []

    page.fill("#f-provider", "")
    page.fill("#f-message", "x" * 301)
    page.click("#invite-form button[type=submit]")
    refused(page, 400, "provider_id")
    answer = post_form(
        page, "/people/invite",
        {"account_id": linkedin["id"], "provider_id": inviter or "", "message": "x" * 301}, sim,
    )  # fmt: skip
    assert answer.status == 400 and "message" in answer.text()
    assert world.get("/users/invite/received", headers=world.headers,
                     params={"account_id": linkedin["id"]}).json()["items"] == []  # fmt: skip


# -- inboxes --------------------------------------------------------------------------------


def test_inbox_and_chat_pages_reply_as_the_prospect(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    sign_in(page, sim, world)
    page.goto(ui(sim, "/inbox"))
    chat_row = page.locator("#chats tbody tr[data-chat]").first
    chat_id = chat_row.get_attribute("data-chat")
    shot(page, "inspector-07-inbox")
    chat_row.locator("a").first.click()
    expect(page.locator("#messages")).to_be_visible()

    def messages() -> list[dict[str, Any]]:
        answer = world.get(f"/chats/{chat_id}/messages", headers=world.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()["items"]

    count = len(messages())
    page.fill("#f-text", "Sounds good, let's talk Tuesday")
    page.click("#reply-form button[type=submit]")
    expect(page.locator("p.message.success")).to_contain_text("The prospect replied")
    expect(page.locator("#messages tbody tr").first).to_contain_text("let's talk Tuesday")
    newest = messages()[0]
    assert newest["text"] == "Sounds good, let's talk Tuesday" and newest["is_sender"] == 0
    shot(page, "inspector-08-chat")

    page.click("#reply-form button[type=submit]")  # no text
    refused(page, 400, "text")
    assert len(messages()) == count + 1


def test_mail_page_shows_the_mailbox_and_delivers(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    sign_in(page, sim, world)
    page.goto(ui(sim, "/mail"))
    mail_account = next(a for a in accounts(world) if a["type"] == "GOOGLE_OAUTH")

    def emails() -> list[dict[str, Any]]:
        answer = world.get("/emails", headers=world.headers,
                           params={"account_id": mail_account["id"]})  # fmt: skip
        return answer.json()["items"]

    before = len(emails())
    page.fill("#f-from", "prospect@example.com")
    page.fill("#f-subject", "Re: our call")
    page.fill("#f-body", "Tuesday works.")
    page.click("#deliver-form button[type=submit]")
    expect(page.locator("p.message.success")).to_contain_text("Mail arrived")
    assert emails()[0]["subject"] == "Re: our call"
    shot(page, "inspector-09-mail")
    page.fill("#f-from", "not an address")
    page.fill("#f-body", "x")
    page.click("#deliver-form button[type=submit]")
    refused(page, 400, "from.identifier")
    assert len(emails()) == before + 1


def test_mail_page_replies_as_the_contact(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    sign_in(page, sim, world)
    mail_account = next(a for a in accounts(world) if a["type"] == "GOOGLE_OAUTH")

    def emails() -> list[dict[str, Any]]:
        answer = world.get("/emails", headers=world.headers,
                           params={"account_id": mail_account["id"], "limit": 100})  # fmt: skip
        assert answer.status_code == 200, answer.text
        return answer.json()["items"]

    before = emails()
    page.goto(ui(sim, f"/mail?account={mail_account['id']}"))
    row = page.locator("#emails tbody tr[data-email]:has(details.reply)").first
    email_id = row.get_attribute("data-email")
    sent = next(e for e in before if e["id"] == email_id)
    assert sent["role"] == "sent"
    row.locator("details.reply summary").click()
    recipient = row.locator("select[name=from]").input_value()
    row.locator("input[name=body]").fill("Tuesday works for me.")
    shot(page, "inspector-17-mail-reply-as-the-contact")
    row.locator("button", has_text="Send reply").click()
    expect(page.locator("p.message.success")).to_contain_text(f"{recipient} replied")
    after = emails()
    assert len(after) == len(before) + 1
    reply = after[0]
    assert reply["thread_id"] == sent["thread_id"] and reply["role"] == "inbox"
    assert reply["from_attendee"]["identifier"] == recipient
    assert "Tuesday works for me." in reply["body"]

    answer = post_form(page, f"/mail/{email_id}/reply", {"from": "stranger@else.test"}, sim)
    assert answer.status == 400 and "is not a recipient" in answer.text()
    received = next(e["id"] for e in before if e["role"] == "inbox")
    answer = post_form(page, f"/mail/{received}/reply", {}, sim)
    assert answer.status == 422 and "only an email the account sent" in answer.text()
    assert len(emails()) == len(before) + 1


# -- posts and calendars --------------------------------------------------------------------


def test_posts_page_shows_posts_and_acts_as_the_account(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    linkedin = next(
        a for a in accounts(world)
        if a["type"] == "LINKEDIN" and a["sources"][0]["status"] == "OK"
    )  # fmt: skip
    params = {"account_id": linkedin["id"]}
    made = world.request("POST", "/posts", headers=world.headers,
                         json={**params, "text": "We shipped the inspector today."})  # fmt: skip
    assert made.status_code == 201, made.text
    post_id = made.json()["post_id"]
    social_id = world.get(f"/posts/{post_id}", headers=world.headers,
                          params=params).json()["social_id"]  # fmt: skip
    sign_in(page, sim, world)
    page.goto(ui(sim, f"/posts?account={linkedin['id']}"))
    own = page.locator(f"#posts tbody tr[data-post='{post_id}']")
    expect(own).to_contain_text("We shipped the inspector today.")
    expect(own.locator("td.reactions")).to_have_text("0")
    shot(page, "inspector-18-posts")

    # A member's posts, looked up by public identifier.
    relation = world.get("/users/relations", headers=world.headers,
                         params=params).json()["items"][0]  # fmt: skip
    page.fill("#f-member", relation["public_identifier"])
    page.click("#member-form button[type=submit]")
    listed = world.get(f"/users/{relation['public_identifier']}/posts", headers=world.headers,
                       params=params).json()["items"]  # fmt: skip
    assert listed
    expect(page.locator("#posts tbody tr[data-post]")).to_have_count(len(listed))
    shot(page, "inspector-19-posts-of-a-member")

    # The account's own post: react, comment, reply; the API shows each.
    page.goto(ui(sim, f"/posts?account={linkedin['id']}"))
    own.locator("a", has_text="comments and reactions").click()
    expect(page.locator("#post-text")).to_have_text("We shipped the inspector today.")
    page.select_option("#f-reaction", "insightful")
    page.click("#react-form button[type=submit]")
    expect(page.locator("p.message.success")).to_contain_text("reacted: insightful")
    reactions = world.get(f"/posts/{social_id}/reactions", headers=world.headers,
                          params=params).json()["items"]  # fmt: skip
    assert [r["value"] for r in reactions] == ["INTEREST"]
    page.fill("#f-text", "Thanks to everyone who tried it.")
    page.click("#comment-form button[type=submit]")
    expect(page.locator("p.message.success")).to_contain_text("The account commented")

    def comments(**query: str) -> list[dict[str, Any]]:
        answer = world.get(f"/posts/{social_id}/comments", headers=world.headers,
                           params={**params, **query})  # fmt: skip
        assert answer.status_code == 200, answer.text
        return answer.json()["items"]

    assert [c["text"] for c in comments()] == ["Thanks to everyone who tried it."]
    comment_id = comments()[0]["id"]
    row = page.locator(f"#comments tbody tr[data-comment='{comment_id}']")
    row.locator("summary").click()
    row.locator("input[name=text]").fill("And to the reviewers.")
    row.locator("button", has_text="Reply").click()
    expect(page.locator("p.message.success")).to_contain_text("The account replied")
    assert [c["text"] for c in comments(comment_id=comment_id)] == ["And to the reviewers."]
    expect(page.locator(f"#comments tr[data-reply-to='{comment_id}']")).to_contain_text(
        "And to the reviewers."
    )
    counters = world.get(f"/posts/{post_id}", headers=world.headers, params=params).json()
    assert (counters["reaction_counter"], counters["comment_counter"]) == (1, 2)
    expect(page.locator("#counters")).to_contain_text("1 reactions · 2 comments")
    shot(page, "inspector-20-post")

    page.click("#comment-form button[type=submit]")  # no text
    refused(page, 400, "text")
    assert len(comments()) == 1 and len(comments(comment_id=comment_id)) == 1


def test_calendars_page_creates_events_and_answers_as_attendees(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    google = next(a for a in accounts(world) if a["type"] == "GOOGLE_OAUTH")
    params = {"account_id": google["id"]}
    calendars = world.get("/calendars", headers=world.headers, params=params).json()["data"]
    primary, team = calendars[0], calendars[2]

    def events(calendar: dict[str, Any]) -> list[dict[str, Any]]:
        answer = world.get(
            f"/calendars/{calendar['id']}/events", headers=world.headers,
            params={**params, "expand_recurring": "true", "start": "2026-01-05T00:00:00Z",
                    "end": "2026-01-12T00:00:00Z"},
        )  # fmt: skip
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]

    sign_in(page, sim, world)
    page.goto(ui(sim, f"/calendars?account={google['id']}"))
    expect(page.locator("#events")).to_contain_text("No event this week")
    page.fill("#f-title", "Demo call")
    page.fill("#f-start", "2026-01-06T10:00")
    page.fill("#f-end", "2026-01-06T10:45")
    page.fill("#f-zone", "Europe/Paris")
    page.fill("#f-attendees", "prospect@example.com, cto@example.com")
    page.click("#event-form button[type=submit]")
    expect(page.locator("p.message.success")).to_contain_text("Created Demo call")
    [made] = events(primary)
    assert made["title"] == "Demo call"
    assert made["start"] == {"date_time": "2026-01-06T10:00:00+01:00", "time_zone": "Europe/Paris"}
    assert [(a["email"], a["response_status"]) for a in made["attendees"]] == [
        ("prospect@example.com", "noreply"), ("cto@example.com", "noreply")
    ]

    row = page.locator(f"#events tr[data-event='{made['id']}']")
    expect(row).to_contain_text("Demo call")
    row.locator("tr[data-attendee='prospect@example.com'] button", has_text="Accept").click()
    expect(page.locator("p.message.success")).to_contain_text("prospect@example.com accepted")
    row.locator("tr[data-attendee='cto@example.com'] button", has_text="Tentative").click()
    expect(page.locator("p.message.success")).to_contain_text("answered maybe")
    assert [a["response_status"] for a in events(primary)[0]["attendees"]] == ["yes", "maybe"]
    expect(row.locator("tr[data-attendee='prospect@example.com'] td.response")).to_have_text("yes")
    shot(page, "inspector-21-calendars")

    # The shared calendar's weekly series: one occurrence answered, the series untouched.
    page.click(f"#calendars tr[data-calendar='{team['id']}'] a")
    sync = events(team)[0]
    me = next(a["email"] for a in sync["attendees"] if not a["is_organizer"])
    occurrence = page.locator(f"#events tr[data-event='{sync['id']}']")
    expect(occurrence).to_contain_text("Team sync")
    occurrence.locator(f"tr[data-attendee='{me}'] button", has_text="Decline").click()
    expect(page.locator("p.message.success")).to_contain_text(f"{me} declined Team sync")
    answered = next(a for a in events(team)[0]["attendees"] if a["email"] == me)
    assert answered["response_status"] == "no"
    page.click("#next-week")
    expect(page.locator("#events")).to_contain_text("Team sync")
    expect(page.locator("#events td.response-no")).to_have_count(0)  # next week: unanswered
    shot(page, "inspector-22-calendars-shared-week")
    expect(page.locator("#event-form")).to_have_count(0)  # read-only: no form

    # Bad input: the API's rules name the field; nothing is made.
    page.goto(ui(sim, f"/calendars?account={google['id']}"))
    page.fill("#f-title", "Another")
    page.fill("#f-attendees", "not-an-email")
    page.click("#event-form button[type=submit]")
    refused(page, 400, "attendees[0].email")
    shot(page, "inspector-23-calendars-bad-attendee")
    page.goto(ui(sim, f"/calendars?account={google['id']}"))
    page.fill("#f-title", "Backwards")
    page.fill("#f-start", "2026-01-06T11:00")
    page.fill("#f-end", "2026-01-06T10:00")
    page.click("#event-form button[type=submit]")
    refused(page, 400, "end")
    assert len(events(primary)) == 1


# -- webhooks, journal, clock, faults -----------------------------------------------------


def test_webhooks_page_shows_attempts_and_retries_now(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    with httpx.Client() as client:  # a port nobody listens on: every attempt fails at once
        dead = "http://127.0.0.1:9/hook"
        made = client.post(
            sim.unipile_url + "/webhooks", headers=world.headers,
            json={"request_url": dead, "source": "account_status", "name": "dead-hook"},
        )  # fmt: skip
        assert made.status_code == 201, made.text
    account = accounts(world)[0]
    world.control("POST", f"/accounts/{account['id']}/status", json={"status": "STOPPED"})
    deadline = time.monotonic() + WAIT_S
    while not world.deliveries():
        assert time.monotonic() < deadline, "no delivery attempt"
        time.sleep(0.05)
    sign_in(page, sim, world)
    page.goto(ui(sim, "/webhooks"))
    expect(page.locator("#hooks")).to_contain_text("dead-hook")
    attempt = page.locator("#deliveries tbody tr[data-outcome='retrying']").first
    expect(attempt).to_contain_text("account_status")
    page.locator("#deliveries details summary").first.click()
    expect(page.locator("#deliveries pre").first).to_contain_text("AccountStatus")
    shot(page, "inspector-10-webhooks")
    attempt.locator("button", has_text="Retry now").click()
    expect(page.locator("p.message.success")).to_contain_text("attempt 2 started")
    deadline = time.monotonic() + WAIT_S
    while len(world.deliveries()) < 2:
        assert time.monotonic() < deadline, "the retry did not run"
        time.sleep(0.05)
    assert [d["attempt"] for d in world.deliveries()] == [1, 2]
    answer = post_form(page, "/webhooks/deliveries/dlv_nope/retry", {}, sim)
    assert answer.status == 404 and "waiting for a retry" in answer.text()
    assert len(world.deliveries()) == 2


def test_requests_page_filters_and_shows_bodies(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    world.get("/accounts", headers=world.headers)
    account = accounts(world)[0]
    world.request(
        "POST", "/users/invite", headers=world.headers,
        json={"account_id": account["id"], "provider_id": "nobody-at-all"},
    )  # fmt: skip
    sign_in(page, sim, world)
    page.goto(ui(sim, "/requests"))
    expect(page.locator("#journal tbody tr[data-seq]")).to_have_count(3)
    page.fill("#journal-filter #f-path", "/api/v1/users/invite")
    page.click("#journal-filter button[type=submit]")
    rows = page.locator("#journal tbody tr[data-seq]")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td.duration")).to_contain_text(" ms")
    shot(page, "inspector-11-requests")
    journaled = world.requests(path="/api/v1/users/invite")[0]
    assert journaled["duration_ms"] >= 0
    rows.first.locator("a", has_text="headers and body").click()
    expect(page.locator("#duration")).to_have_text(f"{journaled['duration_ms']:.3f} ms")
    expect(page.locator("#body")).to_contain_text("nobody-at-all")
    expect(page.locator("#headers")).to_contain_text("x-api-key: ****")
    shot(page, "inspector-12-request-body")

    page.goto(ui(sim, "/requests?status=abc"))
    refused(page, 400, "status")
    page.goto(ui(sim, "/requests"))
    page.click("button:has-text('Clear the journal')")
    expect(page.locator("p.message.success")).to_contain_text("Cleared 3 requests")
    assert world.requests() == []


def test_clock_page_advances_and_shows_what_fired(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    sign_in(page, sim, world)
    account = next(a for a in accounts(world) if a["type"] == "LINKEDIN")
    page.goto(ui(sim, f"/network?account={account['id']}"))
    candidates = page.locator("#people tbody tr[data-person]")
    for index in range(candidates.count()):  # the first one not already a relation
        sent = world.request(
            "POST", "/users/invite", headers=world.headers,
            json={"account_id": account["id"],
                  "provider_id": candidates.nth(index).get_attribute("data-person")},
        )  # fmt: skip
        if sent.status_code == 201:
            break
    assert sent.status_code == 201, sent.text  # its answer is now an event on the clock
    page.goto(ui(sim, "/clock"))
    shot(page, "inspector-13-clock")
    start = world.clock()
    page.fill("#f-duration", "1 hour")
    page.click("#advance-form button[type=submit]")
    refused(page, 400, "duration")
    assert world.clock()["now"] == start["now"]

    page.goto(ui(sim, "/clock"))
    page.fill("#f-duration", "1h30m")
    page.click("#advance-form button[type=submit]")
    expect(page.locator("p.message.success")).to_contain_text("Advanced 1h30m")
    after = world.clock()
    assert _ms(after["now"]) - _ms(start["now"]) == 90 * 60_000
    expect(page.locator("#now")).to_have_text(after["now"])
    assert after["pending_events"] > 0
    expect(page.locator("#pending tbody tr").first).not_to_contain_text("Nothing pending")
    page.click("button:has-text('Advance to the next event')")
    expect(page.locator("p.message.success")).to_contain_text("Advanced to the next event")
    assert world.clock()["now"] == after["next_event_at"]
    expect(page.locator("#fired tbody tr").first).not_to_contain_text("Nothing")
    shot(page, "inspector-14-clock-fired")


def _ms(instant: str) -> int:
    from simulator.clock import parse_iso

    return parse_iso(instant)


def test_faults_page_adds_deletes_and_runs_chaos(
    page: Page, sim: SimulatorServer, world: SimWorld
) -> None:
    sign_in(page, sim, world)
    page.goto(ui(sim, "/faults"))
    page.select_option("#f-method", "GET")
    page.fill("#f-path", "/api/v1/accounts")
    page.select_option("#f-effect", "respond")
    page.fill("#f-status", "429")
    page.fill("#f-type", "errors/too_many_requests")
    page.fill("#f-times", "1")
    page.click("#fault-form button[type=submit]")
    expect(page.locator("p.message.success")).to_contain_text("Added fault rule")
    rules = world.control("GET", "/faults")["items"]
    assert [(r["match"]["path"], r["type"], r["times"]) for r in rules] == [
        ("/api/v1/accounts", "errors/too_many_requests", 1)
    ]
    assert world.get("/accounts", headers=world.headers).status_code == 429
    shot(page, "inspector-15-faults")

    page.fill("#f-status", "418")
    page.fill("#f-type", "errors/too_many_requests")
    page.click("#fault-form button[type=submit]")
    refused(page, 400, "errors/too_many_requests")
    assert len(world.control("GET", "/faults")["items"]) == 1

    page.goto(ui(sim, "/faults"))
    page.click("#rules button:has-text('Delete')")
    expect(page.locator("p.message.success")).to_contain_text("Deleted fault rule")
    assert world.control("GET", "/faults")["items"] == []

    page.fill("#f-fraction", "2")
    page.click("#chaos-form button[type=submit]")
    refused(page, 400, "fraction")
    assert world.control("GET", "/chaos")["enabled"] is False
    page.goto(ui(sim, "/faults"))
    page.fill("#f-fraction", "0.25")
    page.click("#chaos-form button[type=submit]")
    expect(page.locator("#chaos-state")).to_contain_text("On: 0.25")
    assert world.control("GET", "/chaos")["fraction"] == 0.25
    shot(page, "inspector-16-chaos")
    page.click("button:has-text('Stop chaos')")
    expect(page.locator("#chaos-state")).to_have_text("Off.")
    assert world.control("GET", "/chaos")["enabled"] is False
