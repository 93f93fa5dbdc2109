"""The pytest plugin's fixtures as a user's test suite sees them: an httpx client for the
world, a webhook receiver to wait on, and the simulator's own failures failing the test."""

import pytest

from simulator.testing import SimulatorServer
from simulator.webhook_receiver import WebhookReceiver
from simulator.world.accounts import AccountStore


def test_sim_client_talks_to_the_tests_world(sim_world, sim_client):
    accounts = sim_client.get("/accounts")
    assert accounts.status_code == 200 and len(accounts.json()["items"]) == 7
    sim_world.assert_sent("GET", "/api/v1/accounts")


def test_sim_webhooks_waits_for_a_delivery_the_world_makes(sim_world, sim_client, sim_webhooks):
    chat = sim_client.get("/chats", params={"limit": 1}).json()["items"][0]
    assert sim_webhooks.received() == []  # nothing happened yet: nothing delivered
    sim_world.control("POST", f"/chats/{chat['id']}/reply", json={"text": "Sounds good, Friday works"})
    delivery = sim_webhooks.wait_for(event="message_received", timeout=5)
    assert delivery.source == "messaging" and delivery.body["message"] == "Sounds good, Friday works"
    assert delivery.body["chat_id"] == chat["id"]
    with pytest.raises(AssertionError, match=r"no webhook delivery matching event=mail_received .*received: messaging:message_received"):
        sim_webhooks.wait_for(event="mail_received", timeout=0.2)


def test_a_failure_of_the_simulator_is_kept_with_its_request(monkeypatch):
    def broken(self, after_seq, limit):
        raise RuntimeError("index out of order")

    monkeypatch.setattr(AccountStore, "page", broken)
    with SimulatorServer() as server:
        world = server.new_world()
        answer = world.get("/accounts", headers=world.headers)
        assert answer.status_code == 500 and answer.json()["type"] == "errors/unexpected_error"
        failures = world.failures()
        assert [(f["method"], f["path"]) for f in failures] == [("GET", "/api/v1/accounts")]
        assert failures[0]["detail"] == "RuntimeError: index out of order"
        # an injected fault is the test's own doing: not a failure
        world.control("POST", "/faults", json={"match": {"method": "GET", "path": "/api/v1/chats"}, "respond": {"status": 500, "type": "errors/unexpected_error"}})
        assert world.get("/chats", headers=world.headers).status_code == 500
        assert len(world.failures()) == 1


def test_the_receiver_reads_form_deliveries_and_names_the_source():
    import httpx

    with WebhookReceiver() as receiver:
        httpx.post(receiver.url_for("email"), data={"event": "mail_received", "email_id": "e1"})
        delivery = receiver.wait_for(source="email", timeout=2)
        assert delivery.event == "mail_received" and delivery.body["email_id"] == "e1"
        httpx.post(receiver.url_for("account_status"), json={"AccountStatus": {"account_id": "a", "message": "CREDENTIALS"}})
        assert receiver.wait_for(event="credentials", timeout=2).source == "account_status"


def test_a_failure_before_any_route_is_still_answered_in_the_envelope(monkeypatch):
    """The API's gateway answers its own bugs as Starlette's server-error middleware would:
    the 500 envelope while nothing was sent, and the server goes on serving."""
    import httpx

    from simulator.world.world import World

    calls = []

    def broken_once(self):
        calls.append(self)
        if len(calls) == 1:
            raise RuntimeError("the clock went backwards")

    monkeypatch.setattr(World, "catch_up", broken_once)
    with SimulatorServer() as server:
        world = server.new_world()
        calls.clear()
        answer = world.get("/accounts", headers=world.headers)
        assert answer.status_code == 500
        assert answer.json()["type"] == "errors/unexpected_error"
        assert answer.json()["detail"] == "RuntimeError: the clock went backwards"
        # The server closes the connection the failure came on (as uvicorn does after an
        # exception): a new one is served.
        assert httpx.get(server.unipile_url + "/accounts", headers=world.headers).status_code == 200
