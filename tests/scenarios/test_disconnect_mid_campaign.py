"""disconnect-mid-campaign: CREDENTIALS at +2h, 401 on invitations, reconnect, resume."""

from tests.api.conftest import assert_envelope
from tests.scenarios.conftest import HOUR, advance, invite, prospects, status_of

SCENARIO = "disconnect-mid-campaign"
OWNER = {"provider": "LINKEDIN", "username": "owner@acme.test", "password": "correct-horse"}


def sent_count(sim) -> int:
    sent = sim.get("/api/v1/users/invite/sent", params={"account_id": "li-main", "limit": 100})
    return len(sent.json()["items"])


def test_invitations_fail_after_the_disconnect_and_resume_after_the_reconnect(sim):
    people = prospects(sim, "li-main", 9)
    for person in people[:3]:
        assert invite(sim, "li-main", person).status_code == 201
        advance(sim, 30 * 60)
    assert status_of(sim, "li-main") == "OK"

    fired = advance(sim, HOUR)  # 10:00: the session ends
    # `published`: the account_status message a webhook would get.
    assert [(e["kind"], e["status"], e["published"]) for e in fired] == [
        ("timeline.account_status", "CREDENTIALS", "CREDENTIALS")
    ]
    assert status_of(sim, "li-main") == "CREDENTIALS"
    for person in people[3:5]:
        assert_envelope(invite(sim, "li-main", person), 401, "errors/disconnected_account")
    assert sent_count(sim) == 3  # what was sent before stays; nothing after

    wrong = OWNER | {"password": "Tr0ub4dor&3"}
    assert_envelope(sim.post("/api/v1/accounts/li-main", json=wrong), 401, "errors/invalid_credentials")
    assert status_of(sim, "li-main") == "CREDENTIALS"

    before = sim.get("/api/v1/accounts/li-main").json()
    reconnected = sim.post("/api/v1/accounts/li-main", json=OWNER)
    assert reconnected.status_code == 201, reconnected.text
    assert reconnected.json() == {"object": "AccountReconnected", "account_id": "li-main"}
    after = sim.get("/api/v1/accounts/li-main").json()
    assert after["sources"][0]["status"] == "OK"
    assert after["created_at"] == before["created_at"] and after["name"] == "Nora Quinn"

    for person in people[3:9]:
        assert invite(sim, "li-main", person).status_code == 201
    assert sent_count(sim) == 9


def test_the_journal_shows_when_the_client_hit_the_wall(sim):
    person = prospects(sim, "li-main", 1)[0]
    advance(sim, 2 * HOUR)
    invite(sim, "li-main", person)
    journal = sim.get("/_sim/requests", params={"path": "/api/v1/users/invite"}).json()["items"]
    assert [(entry["method"], entry["status"], entry["at"]) for entry in journal] == [
        ("POST", 401, "2026-01-12T10:00:00.000Z")
    ]
