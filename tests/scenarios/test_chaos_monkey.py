"""chaos-monkey: a quarter of the eligible calls fail; a retrying client still gets through."""

from tests.scenarios.conftest import prospects

SCENARIO = "chaos-monkey"
TRANSIENT = {429, 500, 503, 504}


def with_retries(call, attempts=20):
    """What a resilient client does: retry transient failures (here without the backoff)."""
    failures = []
    for _ in range(attempts):
        response = call()
        if response.status_code not in TRANSIENT:
            return response, failures
        failures.append((response.status_code, response.json()["type"]))
    raise AssertionError(f"still failing after {attempts} attempts: {failures}")


def test_chaos_is_on_from_the_start(sim):
    assert sim.get("/_sim/chaos").json() == {
        "object": "ChaosMode", "enabled": True, "fraction": 0.25,
        "statuses": [429, 500, 503, 504], "eligible": 0, "failed": 0,
    }


def test_a_retrying_client_sends_every_invitation_exactly_once(sim):
    sim.delete("/_sim/chaos")
    people = prospects(sim, "li-bot", 25)  # found while chaos is off
    sim.post("/_sim/chaos", json={"fraction": 0.25})

    failures = []
    for person in people:
        body = {"account_id": "li-bot", "provider_id": person}
        response, failed = with_retries(lambda b=body: sim.post("/api/v1/users/invite", json=b))
        assert response.status_code == 201, response.text
        failures += failed
        profile, failed = with_retries(
            lambda p=person: sim.get(f"/api/v1/users/{p}", params={"account_id": "li-bot"})
        )
        assert profile.json()["invitation"] == {"type": "SENT", "status": "PENDING"}
        failures += failed
    assert failures, "a quarter of 50+ calls failing should have failed some"
    assert {status for status, _ in failures} <= TRANSIENT
    assert {error_type for _, error_type in failures} <= {
        "errors/too_many_requests", "errors/unexpected_error", "errors/provider_error",
        "errors/no_client_session", "errors/no_channel", "errors/no_handler", "errors/network_down",
        "errors/service_unavailable", "errors/request_timeout",
    }
    # A failed call changed nothing: each person was invited once, none twice.
    sent = sim.get("/api/v1/users/invite/sent", params={"account_id": "li-bot", "limit": 100}).json()["items"]
    assert sorted(item["invited_user_id"] for item in sent) == sorted(people)
    state = sim.get("/_sim/chaos").json()
    assert state["failed"] == len(failures)
    assert 0.1 <= state["failed"] / state["eligible"] <= 0.4


def test_routes_without_documented_transient_errors_are_never_touched(sim):
    for _ in range(40):
        assert sim.get("/api/v1/accounts").status_code == 200
        assert sim.get("/api/v1/accounts/li-bot").status_code == 200
    assert sim.get("/_sim/chaos").json()["eligible"] == 0


def test_the_same_run_twice_fails_the_same_calls(sim):
    def run():
        sim.post("/_sim/reset")
        return [
            sim.post("/api/v1/accounts/li-bot", json={"provider": "LINKEDIN", "username": "robo@chaos.test", "password": "pw"}).status_code
            for _ in range(30)
        ]

    first = run()
    assert first == run()
    # Reconnect documents 500, 503 and 504 among the chosen four (not 429).
    assert 201 in first and set(first) - {201} and set(first) - {201} <= {500, 503, 504}


def test_chaos_off_everything_answers(sim):
    sim.delete("/_sim/chaos")
    person = prospects(sim, "li-bot", 1)[0]
    statuses = {
        sim.get(f"/api/v1/users/{person}", params={"account_id": "li-bot"}).status_code for _ in range(30)
    }
    assert statuses == {200}
