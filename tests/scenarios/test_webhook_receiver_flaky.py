"""webhook-receiver-flaky: the scenario's own webhooks, a receiver that fails twice, retries
on world time, events delivered in order. A real server: deliveries are real HTTP POSTs."""

from __future__ import annotations

import pytest

from simulator.scenario.loader import load_scenario
from simulator.testing import SimulatorServer, SimWorld
from simulator.webhooks.engine import DeliveryPolicy
from tests.api.receiver import Receiver, wait_until

SCENARIO = "webhook-receiver-flaky"
SHIPPED_URL = "http://127.0.0.1:8790/unipile/events"


@pytest.fixture(scope="module")
def server():
    with SimulatorServer(scenarios=["empty"], strict=True) as running:
        running.app.state.webhooks.policy = DeliveryPolicy(timeout_s=5.0)
        yield running


def world_posting_to(server: SimulatorServer, url: str) -> SimWorld:
    """The shipped scenario with its webhooks pointed at `url` (an inline scenario)."""
    scenario = load_scenario(SCENARIO).scenario.model_dump(mode="json", exclude_unset=True)
    for webhook in scenario["webhooks"]:
        assert webhook["request_url"] == SHIPPED_URL
        webhook["request_url"] = url
    return server.new_world(scenario)


def test_the_shipped_file_registers_its_webhooks(server):
    world = server.new_world(SCENARIO)
    hooks = world.get("/webhooks", headers=world.headers).json()["items"]
    assert [(h["name"], h["request_url"], h["events"]) for h in hooks] == [
        ("status-to-crm", SHIPPED_URL, ["credentials", "ok", "reconnected"]),
        ("relations-to-crm", SHIPPED_URL, ["new_relation"]),
    ]
    assert all(h["headers"] == [{"key": "X-Webhook-Secret", "value": "flaky-receiver-secret"}] for h in hooks)
    world.drop()


def test_two_failures_then_retries_deliver_everything_in_order(server):
    with Receiver([500, 500, 200]) as receiver:
        world = world_posting_to(server, receiver.url)
        try:
            world.advance(seconds=10 * 60)  # 09:10 the session ends: attempt 1 -> 500
            wait_until(lambda: receiver.count() == 1)
            world.advance(seconds=60)  # 09:11 retry 1 -> 500
            wait_until(lambda: receiver.count() == 2)
            world.advance(seconds=5 * 60)  # 09:16 retry 2 -> 200
            wait_until(lambda: receiver.count() == 3)
            world.advance(seconds=24 * 60)  # 09:40 back to OK: delivered at once
            wait_until(lambda: receiver.count() == 4)

            person = world.get("/users/jane-doe", headers=world.headers, params={"account_id": "li-main"}).json()
            sent = world.request(
                "POST", "/users/invite", headers=world.headers,
                json={"account_id": "li-main", "provider_id": person["provider_id"]},
            )
            assert sent.status_code == 201, sent.text
            world.advance(seconds=2 * 3600 + 30 * 60)  # accepted at 11:40, noticed at 12:10
            wait_until(lambda: receiver.count() == 5)

            bodies = [got.json() for got in receiver.received]
            assert [b["AccountStatus"]["message"] for b in bodies[:4]] == [
                "CREDENTIALS", "CREDENTIALS", "CREDENTIALS", "OK"
            ]
            assert bodies[4]["event"] == "new_relation" and bodies[4]["webhook_name"] == "relations-to-crm"
            assert bodies[4]["user_public_identifier"] == "jane-doe"
            assert all(got.headers["x-webhook-secret"] == "flaky-receiver-secret" for got in receiver.received)

            attempts = world.deliveries()
            assert [(a["at"][11:16], a["attempt"], a["status_code"], a["outcome"]) for a in attempts] == [
                ("09:10", 1, 500, "retrying"),
                ("09:11", 2, 500, "retrying"),
                ("09:16", 3, 200, "delivered"),
                ("09:40", 1, 200, "delivered"),
                ("12:10", 1, 200, "delivered"),
            ]
        finally:
            world.drop()


def test_a_receiver_that_never_answers_2xx_gets_one_plus_five_attempts(server):
    with Receiver([503]) as receiver:
        world = world_posting_to(server, receiver.url)
        try:
            world.advance(seconds=10 * 60)
            # The first answer must be recorded (and its retry scheduled) before time moves on:
            # the receiver having it is not enough.
            wait_until(lambda: len(world.deliveries(outcome="retrying")) == 1)
            # Every retry falls due; they run one after the other. The day holds a second status
            # change (09:40), whose delivery queues behind the first and fails the same way.
            world.advance(seconds=86400)
            wait_until(lambda: len(world.deliveries(outcome="failed")) == 2)
            attempts = world.deliveries(event="account_status")
            assert [a["outcome"] for a in attempts] == (["retrying"] * 5 + ["failed"]) * 2
            assert [a["attempt"] for a in attempts] == [1, 2, 3, 4, 5, 6] * 2
        finally:
            world.drop()
