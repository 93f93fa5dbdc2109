"""free-account-limits: a free account meets its daily and weekly caps, then the week rolls."""

from tests.api.conftest import assert_envelope
from tests.scenarios.conftest import DAY, HOUR, advance, invite, prospects

SCENARIO = "free-account-limits"


def test_daily_then_weekly_cap_then_the_window_rolls_over(sim):
    people = prospects(sim, "free-seat", 14)
    usages = []
    for person in people[:4]:
        response = invite(sim, "free-seat", person)
        assert response.status_code == 201, response.text
        usages.append(response.json().get("usage"))
    assert_envelope(
        invite(sim, "free-seat", people[4]), 422, "errors/cannot_resend_yet", "daily invitation limit"
    )
    advance(sim, DAY)
    for person in people[4:8]:
        response = invite(sim, "free-seat", person)
        assert response.status_code == 201, response.text
        usages.append(response.json().get("usage"))
    advance(sim, DAY)
    for person in people[8:10]:
        response = invite(sim, "free-seat", person)
        assert response.status_code == 201, response.text
        usages.append(response.json().get("usage"))
    # `usage` warns when a send crosses 50, 75, 90 and 95 % of the 10 a week.
    assert usages == [None, None, None, None, 50, None, None, 75, 90, 95]
    refused = assert_envelope(
        invite(sim, "free-seat", people[10]), 422, "errors/cannot_resend_yet", "weekly invitation limit"
    )
    assert "2026-02-09T08:00:00.000Z" in refused["detail"]  # a week after the first one
    pending = sim.get("/api/v1/users/invite/sent", params={"account_id": "free-seat", "limit": 100})
    assert len(pending.json()["items"]) == 10  # the refused ones were not sent

    advance(sim, 5 * DAY - HOUR)  # one hour before the first invitation leaves the window
    assert invite(sim, "free-seat", people[10]).status_code == 422
    advance(sim, HOUR)
    assert invite(sim, "free-seat", people[10]).status_code == 201


def test_the_premium_account_beside_it_keeps_the_usual_caps(sim):
    for person in prospects(sim, "premium-seat", 12):
        assert invite(sim, "premium-seat", person).status_code == 201


def test_free_notes_are_short_and_rare(sim):
    first, second, third = prospects(sim, "free-seat", 3)
    assert_envelope(
        invite(sim, "free-seat", first, "x" * 201), 400, "errors/too_many_characters", "200"
    )
    assert invite(sim, "free-seat", first, "Hi! " * 50).status_code == 201  # exactly 200
    assert invite(sim, "free-seat", second, "Hello again").status_code == 201
    assert_envelope(
        invite(sim, "free-seat", third, "A third note"), 422, "errors/limit_exceeded", "2 invitation notes"
    )
    assert invite(sim, "free-seat", third).status_code == 201  # without a note it goes
    assert invite(sim, "premium-seat", prospects(sim, "premium-seat", 1)[0], "y" * 300).status_code == 201
