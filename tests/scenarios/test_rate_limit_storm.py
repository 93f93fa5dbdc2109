"""rate-limit-storm: 429s between 10:00 and 10:45, then recovery."""

from tests.api.conftest import assert_envelope
from tests.scenarios.conftest import advance, invite, kinds, prospects

SCENARIO = "rate-limit-storm"
MINUTE = 60


def pending(sim) -> int:
    sent = sim.get("/api/v1/users/invite/sent", params={"account_id": "li-sdr", "limit": 100})
    return len(sent.json()["items"])


def lookups(sim, people) -> list[int]:
    return [
        sim.get(f"/api/v1/users/{person}", params={"account_id": "li-sdr"}).status_code
        for person in people
    ]


def test_storm_then_recovery(sim):
    people = prospects(sim, "li-sdr", 30)
    assert lookups(sim, people[:5]) == [200] * 5
    assert all(invite(sim, "li-sdr", person).status_code == 201 for person in people[:5])

    fired = advance(sim, 60 * MINUTE)
    assert kinds(fired) == ["timeline.fault_opened"]
    for person in people[5:10]:
        assert_envelope(invite(sim, "li-sdr", person), 429, "errors/too_many_requests", "retry later")
    assert pending(sim) == 5  # a throttled invitation was never sent
    statuses = lookups(sim, people[10:30])
    assert set(statuses) == {200, 429} and 4 <= statuses.count(429) <= 16

    fired = advance(sim, 45 * MINUTE)
    assert kinds(fired) == ["timeline.fault_closed"]
    assert lookups(sim, people[10:30]) == [200] * 20
    assert all(invite(sim, "li-sdr", person).status_code == 201 for person in people[5:10])
    assert pending(sim) == 10


def test_the_storm_hits_the_same_requests_on_every_run(sim):
    people = prospects(sim, "li-sdr", 20)

    def run():
        sim.post("/_sim/reset")
        advance(sim, 61 * MINUTE)
        return lookups(sim, people)

    assert run() == run()


def test_the_rules_are_visible_on_the_control_plane(sim):
    rules = sim.get("/_sim/faults").json()["items"]
    assert [(r["origin"], r["window"]["start"], r["window"]["end"]) for r in rules] == [
        ("scenario", "2026-01-05T10:00:00.000Z", "2026-01-05T10:45:00.000Z")
    ]
    advance(sim, 60 * MINUTE)
    origins = [r["origin"] for r in sim.get("/_sim/faults").json()["items"]]
    assert origins == ["scenario", "timeline"]
