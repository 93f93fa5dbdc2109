"""provider-outage: 500/503/504 from 14:00 to 14:20, Unipile's own routes unaffected."""

import time

from tests.api.conftest import assert_envelope
from tests.scenarios.conftest import advance, invite, prospects

SCENARIO = "provider-outage"
MINUTE = 60
SEARCH = {"api": "classic", "category": "people", "network_distance": [2]}


def search(sim):
    return sim.post("/api/v1/linkedin/search", params={"account_id": "li-ops"}, json=SEARCH)


def test_slow_then_down_then_back(sim):
    people = prospects(sim, "li-ops", 4)
    assert search(sim).status_code == 200

    advance(sim, 50 * MINUTE)  # 13:50: slow
    started = time.monotonic()
    assert search(sim).status_code == 200
    assert time.monotonic() - started >= 0.03

    advance(sim, 10 * MINUTE)  # 14:00: down
    assert_envelope(invite(sim, "li-ops", people[0]), 503, "errors/service_unavailable")
    assert_envelope(search(sim), 504, "errors/request_timeout")
    assert_envelope(
        sim.get(f"/api/v1/users/{people[1]}", params={"account_id": "li-ops"}),
        500,
        "errors/provider_error",
    )
    # Unipile itself still answers: accounts, webhooks, the other provider.
    assert [a["id"] for a in sim.get("/api/v1/accounts").json()["items"]] == ["li-ops", "wa-ops"]
    assert sim.get("/api/v1/accounts/wa-ops").status_code == 200
    assert sim.get("/api/v1/webhooks").status_code == 200

    advance(sim, 20 * MINUTE - 1)
    assert invite(sim, "li-ops", people[0]).status_code == 503  # 14:19:59, still down
    advance(sim, 1)  # 14:20: back
    assert invite(sim, "li-ops", people[0]).status_code == 201
    assert search(sim).status_code == 200
    assert sim.get(f"/api/v1/users/{people[1]}", params={"account_id": "li-ops"}).status_code == 200


def test_a_failed_request_changed_nothing(sim):
    person = prospects(sim, "li-ops", 1)[0]
    advance(sim, 60 * MINUTE)
    assert invite(sim, "li-ops", person).status_code == 503
    sent = sim.get("/api/v1/users/invite/sent", params={"account_id": "li-ops"}).json()["items"]
    assert sent == []
    journal = sim.get("/_sim/requests", params={"method": "POST", "path": "/api/v1/users/invite"})
    assert [entry["status"] for entry in journal.json()["items"]] == [503]
