"""reconnect-auth-in-progress: a second reconnect while the first waits on 2FA is a 425."""

from tests.api.conftest import assert_envelope
from tests.scenarios.conftest import advance, status_of

SCENARIO = "reconnect-auth-in-progress"
LEE = {"provider": "LINKEDIN", "username": "lee@studio.test", "password": "pw-lee"}
LEE_COOKIE = {"provider": "LINKEDIN", "access_token": "li-at-lee"}
CODE = {"account_id": "li-lee", "provider": "LINKEDIN", "code": "123456"}


def test_the_second_reconnect_is_425_until_the_first_is_solved(sim):
    first = sim.post("/api/v1/accounts/li-lee", json=LEE)
    assert first.status_code == 202, first.text
    assert first.json()["checkpoint"] == {"type": "2FA", "source": "SMS"}

    for body in (LEE, LEE_COOKIE):  # the same login again, or another way in
        assert_envelope(
            sim.post("/api/v1/accounts/li-lee", json=body), 425, "errors/auth_in_progress", "li-lee"
        )
    # Another account is not held up by li-lee's intent.
    kim = sim.post("/api/v1/accounts/li-kim", json={"provider": "LINKEDIN", "username": "kim@studio.test", "password": "pw-kim"})
    assert kim.status_code == 201, kim.text

    done = sim.post("/api/v1/accounts/checkpoint", json=CODE)
    assert done.status_code == 201, done.text
    assert done.json() == {"object": "AccountReconnected", "account_id": "li-lee"}
    assert status_of(sim, "li-lee") == "OK"
    # The intent is over: reconnecting again is a new login, not a 425.
    assert sim.post("/api/v1/accounts/li-lee", json=LEE_COOKIE).status_code == 201


def test_an_abandoned_intent_expires_after_five_minutes(sim):
    assert sim.post("/api/v1/accounts/li-lee", json=LEE).status_code == 202
    advance(sim, 299)
    assert sim.post("/api/v1/accounts/li-lee", json=LEE_COOKIE).status_code == 425
    fired = advance(sim, 1)
    assert [event["kind"] for event in fired] == ["auth_intent_expired"]
    assert_envelope(sim.post("/api/v1/accounts/checkpoint", json=CODE), 408, "errors/request_timeout")
    assert status_of(sim, "li-lee") == "CREDENTIALS"
    assert sim.post("/api/v1/accounts/li-lee", json=LEE_COOKIE).status_code == 201
    assert status_of(sim, "li-lee") == "OK"


def test_the_same_425_on_the_postpress_route(sim):
    bearer = {"Authorization": f"Bearer {sim.headers['X-API-KEY']}"}
    assert sim.post("/v1/accounts/li-lee", json=LEE, headers=bearer).status_code == 202
    assert_envelope(
        sim.post("/v1/accounts/li-lee", json=LEE_COOKIE, headers=bearer), 425, "errors/auth_in_progress"
    )
