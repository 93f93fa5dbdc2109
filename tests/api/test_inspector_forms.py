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
     "/_sim/ui/posts", "/_sim/ui/calendars", "/_sim/ui/webhooks", "/_sim/ui/requests",
     "/_sim/ui/clock", "/_sim/ui/faults"],
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


# -- posts, calendars, "reply as the contact" -------------------------------------------------

KEY = {"X-API-KEY": DEFAULT_KEY}


@pytest.fixture
def ids(browser) -> dict[str, str]:
    """What the forms act on in the default world, found through the JSON API."""
    accounts = browser.get("/api/v1/accounts", headers=KEY).json()["items"]
    linkedin = next(a for a in accounts if a["type"] == "LINKEDIN")
    google = next(a for a in accounts if a["type"] == "GOOGLE_OAUTH")
    relation = browser.get(
        "/api/v1/users/relations", params={"account_id": linkedin["id"]}, headers=KEY
    ).json()["items"][0]
    posts = browser.get(
        f"/api/v1/users/{relation['public_identifier']}/posts",
        params={"account_id": linkedin["id"]}, headers=KEY,
    ).json()["items"]  # fmt: skip
    emails = browser.get(
        "/api/v1/emails", params={"account_id": google["id"], "limit": 100}, headers=KEY
    ).json()["items"]
    calendars = browser.get(
        "/api/v1/calendars", params={"account_id": google["id"]}, headers=KEY
    ).json()["data"]
    team = calendars[2]
    sync = browser.get(
        f"/api/v1/calendars/{team['id']}/events",
        params={"account_id": google["id"], "expand_recurring": "true",
                "start": "2026-01-05T00:00:00Z", "end": "2026-01-12T00:00:00Z"}, headers=KEY,
    ).json()["data"][0]  # fmt: skip
    return {
        "linkedin": linkedin["id"],
        "google": google["id"],
        "post": posts[0]["social_id"],
        "member": relation["public_identifier"],
        "own": linkedin["connection_params"]["im"]["publicIdentifier"],
        "sent": next(e["id"] for e in emails if e["role"] == "sent"),
        "received": next(e["id"] for e in emails if e["role"] == "inbox"),
        "primary": calendars[0]["id"],
        "team": team["id"],
        "sync": sync["id"],
        "attendee": next(a["email"] for a in sync["attendees"] if not a["is_organizer"]),
    }


def world_state(client: TestClient, ids: dict[str, str]) -> dict:
    """state() and what the new forms could change: emails, events and their answers, the
    post's comments and reactions, the account's own posts."""
    google, linkedin = {"account_id": ids["google"]}, {"account_id": ids["linkedin"]}
    week = {**google, "expand_recurring": "true", "start": "2026-01-01T00:00:00Z",
            "end": "2026-03-01T00:00:00Z"}  # fmt: skip
    return {
        **state(client),
        "emails": client.get("/api/v1/emails", params={**google, "limit": 100}, headers=KEY).json(),
        "events": [
            client.get(f"/api/v1/calendars/{ids[c]}/events", params=week, headers=KEY).json()
            for c in ("primary", "team")
        ],
        "comments": client.get(f"/api/v1/posts/{ids['post']}/comments", params=linkedin,
                               headers=KEY).json(),  # fmt: skip
        "reactions": client.get(f"/api/v1/posts/{ids['post']}/reactions", params=linkedin,
                                headers=KEY).json(),  # fmt: skip
        "own posts": client.get(f"/api/v1/users/{ids['own']}/posts", params=linkedin,
                                headers=KEY).json(),  # fmt: skip
    }


EVENT = {
    "account_id": "{google}", "title": "Demo", "start": "2026-01-06T10:00",
    "end": "2026-01-06T11:00", "time_zone": "Europe/Paris", "attendees": "a@b.test",
}  # fmt: skip
ANSWER = {"account_id": "{google}", "email": "{attendee}", "response_status": "yes"}
NEW_BAD_FORMS = [
    ("/_sim/ui/mail/{sent}/reply", {"from": "stranger@else.test"}, 400, "from"),
    ("/_sim/ui/mail/{sent}/reply", {"body": "x" * 100_001}, 400, "body"),
    ("/_sim/ui/mail/{received}/reply", {}, 422, "only an email the account sent"),
    ("/_sim/ui/mail/no-such-email/reply", {}, 404, "email_id"),
    ("/_sim/ui/posts/{post}/react", {"account_id": "{linkedin}", "reaction_type": "meh"}, 400,
     "reaction_type"),
    ("/_sim/ui/posts/{post}/react", {"reaction_type": "like"}, 400, "account_id"),
    ("/_sim/ui/posts/123/react", {"account_id": "{linkedin}"}, 404, "Post not found"),
    ("/_sim/ui/posts/{post}/comment", {"account_id": "{linkedin}"}, 400, "text"),
    ("/_sim/ui/posts/{post}/comment", {"account_id": "{linkedin}", "text": "x" * 1251}, 400,
     "text"),
    ("/_sim/ui/posts/{post}/comment", {"account_id": "{linkedin}", "text": "hi",
                                       "comment_id": "nope"}, 404, "comment_id"),
    ("/_sim/ui/posts/{post}/comment", {"account_id": "{google}", "text": "hi"}, 422,
     "account_id"),
    ("/_sim/ui/calendars/{primary}/events", {**EVENT, "title": ""}, 400, "title"),
    ("/_sim/ui/calendars/{primary}/events", {**EVENT, "end": "2026-01-06T09:00"}, 400, "end"),
    ("/_sim/ui/calendars/{primary}/events", {**EVENT, "start": "tomorrow"}, 400,
     "start.date_time"),
    ("/_sim/ui/calendars/{primary}/events", {**EVENT, "start": ""}, 400, "start.date_time"),
    ("/_sim/ui/calendars/{primary}/events", {**EVENT, "time_zone": "Mars/Base"}, 400,
     "start.time_zone"),
    ("/_sim/ui/calendars/{primary}/events", {**EVENT, "time_zone": ""}, 400, "start.time_zone"),
    ("/_sim/ui/calendars/{primary}/events", {**EVENT, "attendees": "a@b.test, nope"}, 400,
     "attendees[1].email"),
    ("/_sim/ui/calendars/{primary}/events", {**EVENT, "account_id": ""}, 400, "account_id"),
    ("/_sim/ui/calendars/{team}/events", EVENT, 403, "calendar_id"),
    ("/_sim/ui/calendars/nope/events", EVENT, 404, "calendar_id"),
    ("/_sim/ui/calendars/{team}/events/{sync}/respond", {**ANSWER, "response_status": "sure"},
     400, "response_status"),
    ("/_sim/ui/calendars/{team}/events/{sync}/respond", {**ANSWER, "email": "x@y.test"}, 400,
     "email"),
    ("/_sim/ui/calendars/{team}/events/{sync}/respond", {**ANSWER, "email": ""}, 400, "email"),
    ("/_sim/ui/calendars/{team}/events/nope/respond", ANSWER, 404, "event_id"),
]


@pytest.mark.parametrize(("path", "form", "status", "names"), NEW_BAD_FORMS)
def test_bad_input_on_the_posts_calendars_and_mail_forms_changes_nothing(
    browser, ids, path, form, status, names
):
    before = world_state(browser, ids)
    filled = {name: value.format(**ids) for name, value in form.items()}
    response = browser.post(path.format(**ids), data=filled, headers=ORIGIN)
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith("text/html")
    assert names in said(response)
    assert "nothing was changed" in response.text
    assert world_state(browser, ids) == before


def test_bad_queries_on_the_posts_and_calendars_pages(browser, ids):
    whatsapp = next(
        a["id"] for a in browser.get("/api/v1/accounts", headers=KEY).json()["items"]
        if a["type"] == "WHATSAPP"
    )  # fmt: skip
    for path, status, names in [
        (f"/_sim/ui/posts?account={whatsapp}", 400, "account"),
        ("/_sim/ui/posts/123", 400, "account"),
        (f"/_sim/ui/posts?account={ids['linkedin']}&member=nobody-at-all", 404, "not found"),
        (f"/_sim/ui/posts?account={ids['linkedin']}&from=x", 400, "from"),
        (f"/_sim/ui/posts/123?account={ids['linkedin']}", 404, "Post not found"),
        (f"/_sim/ui/calendars?account={whatsapp}", 400, "account"),
        (f"/_sim/ui/calendars?account={ids['google']}&week=2026-02-30", 400, "week"),
        (f"/_sim/ui/calendars?account={ids['google']}&week=0001-01-01", 400, "week"),
        (f"/_sim/ui/calendars?account={ids['google']}&calendar=nope", 404, "calendar_id"),
    ]:
        response = browser.get(path)
        assert response.status_code == status, (path, response.text[:500])
        assert names in said(response), path


def test_the_new_pages_show_what_the_api_shows(browser, ids):
    member = browser.get(f"/_sim/ui/posts?account={ids['linkedin']}&member={ids['member']}")
    assert member.status_code == 200 and member.text.count("data-post=") >= 1
    post = browser.get(f"/_sim/ui/posts/{ids['post']}?account={ids['linkedin']}")
    assert post.status_code == 200 and 'id="comments"' in post.text
    week = browser.get(f"/_sim/ui/calendars?account={ids['google']}&calendar={ids['team']}")
    assert week.status_code == 200 and f'data-event="{ids["sync"]}"' in week.text
    assert "Team sync" in week.text and 'data-attendee="' in week.text
    mail = browser.get(f"/_sim/ui/mail?account={ids['google']}")
    assert f'action="/_sim/ui/mail/{ids["sent"]}/reply"' in mail.text
    assert f'action="/_sim/ui/mail/{ids["received"]}/reply"' not in mail.text
