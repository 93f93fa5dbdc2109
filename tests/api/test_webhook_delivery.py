"""Webhook deliveries over real HTTP to a receiver on 127.0.0.1, retries on the world's clock."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

import httpx
import pytest

from simulator.testing import SimulatorError, SimulatorServer, SimWorld
from simulator.webhooks.engine import DeliveryPolicy
from simulator.world.events import WorldEvent
from tests.api.network_helpers import linkedin_accounts, people_at
from tests.api.receiver import Receiver, closed_port_url, wait_until

START = "2026-01-05T09:00:00.000Z"  # the default scenario's start


@pytest.fixture(scope="module")
def sim():
    with SimulatorServer(strict=True) as server:
        yield server


@pytest.fixture
def world(sim):
    sim.app.state.webhooks.policy = DeliveryPolicy(timeout_s=5.0)
    world = sim.new_world("default")
    yield world
    world.drop()


def add_webhook(world: SimWorld, url: str, **fields) -> str:
    response = world.request(
        "POST", "/webhooks", headers=world.headers, json={"request_url": url} | fields
    )
    assert response.status_code == 201, response.text
    return response.json()["webhook_id"]


def account_ids(world: SimWorld) -> list[str]:
    return [item["id"] for item in world.get("/accounts", headers=world.headers).json()["items"]]


def delete_account(world: SimWorld, account_id: str) -> None:
    assert world.request("DELETE", f"/accounts/{account_id}", headers=world.headers).status_code == 200


def deliveries(world: SimWorld, **filters) -> list[dict]:
    return world.control("GET", "/webhooks/deliveries", params=filters)["items"]


def wait_for_attempts(world: SimWorld, count: int, **filters) -> list[dict]:
    wait_until(lambda: len(deliveries(world, **filters)) >= count, what=f"{count} attempts")
    return deliveries(world, **filters)


def publish(sim: SimulatorServer, world: SimWorld, name: str, account_id: str, **data) -> None:
    """Events without a public trigger yet are published on the world's bus in-process."""
    live = sim.app.state.registry.get(world.api_key)
    live.bus.publish(WorldEvent(name, live.now_ms(), account_id, data))


def message_data(text: str) -> dict:
    sender = {
        "attendee_id": "C8zAttendee",
        "attendee_provider_id": "ACoAAsender",
        "attendee_name": "Kim",
        "attendee_profile_url": "https://www.linkedin.com/in/ACoAAsender",
        "attendee_specifics": {"provider": "LINKEDIN", "is_company": False},
        "attendee_public_identifier": None,
    }
    return {
        "account_type": "LINKEDIN",
        "account_info": {"type": "LINKEDIN", "feature": "classic", "user_id": "ACoAAown"},
        "chat_id": "R8J-chat",
        "message_id": f"msg-{text}",
        "message": text,
        "timestamp": START,
        "sender": sender,
        "attendees": [sender],
        "is_sender": 0,
        "is_event": 0,
        "is_group": 0,
    }


def test_happy_path_sends_the_payload_with_the_custom_headers(world):
    with Receiver() as receiver:
        webhook_id = add_webhook(
            world,
            receiver.url,
            source="account_status",
            name="status-hook",
            headers=[
                {"key": "Unipile-Auth", "value": "s3cret"},
                {"key": "X-Team", "value": "growth"},
                {"key": "Content-Length", "value": "999"},  # framing: the HTTP client's own
            ],
        )
        victim = account_ids(world)[0]
        delete_account(world, victim)
        wait_until(lambda: receiver.count() == 1)
        got = receiver.received[0]
        assert got.path == "/hook"
        assert got.headers["unipile-auth"] == "s3cret" and got.headers["x-team"] == "growth"
        assert "content-type" not in got.headers  # §7.2: only if the headers add it
        assert got.headers["content-length"] == str(len(got.body))
        assert got.json() == {
            "AccountStatus": {"account_id": victim, "message": "DELETED", "account_type": "LINKEDIN"}
        }
        [attempt] = wait_for_attempts(world, 1)
        assert attempt["webhook_id"] == webhook_id and attempt["kind"] == "webhook"
        assert attempt["attempt"] == 1 and attempt["at"] == START
        assert attempt["status_code"] == 200 and attempt["error"] is None
        assert attempt["outcome"] == "delivered" and attempt["next_attempt_at"] is None
        assert attempt["url"] == receiver.url and attempt["duration_ms"] >= 0
        assert attempt["payload"] == got.json()
        assert attempt["headers"] == {"Unipile-Auth": "s3cret", "X-Team": "growth"}


def test_messaging_payload_is_flat_with_webhook_name_and_booleans(sim, world):
    with Receiver() as receiver:
        add_webhook(
            world,
            receiver.url,
            source="messaging",
            name="my-messaging",
            headers=[{"key": "Content-Type", "value": "application/json"}],
        )
        account = account_ids(world)[0]
        publish(sim, world, "message_received", account, **message_data("Hello"))
        publish(sim, world, "message_read", account, **message_data("ignored"))  # not subscribed
        wait_until(lambda: receiver.count() == 1)
        time.sleep(0.1)
        assert receiver.count() == 1
        got = receiver.received[0]
        assert got.headers["content-type"] == "application/json"
        body = got.json()
        assert list(body)[:5] == ["event", "account_id", "account_type", "account_info", "webhook_name"]
        assert body["event"] == "message_received" and body["account_id"] == account
        assert body["webhook_name"] == "my-messaging" and body["message"] == "Hello"
        assert body["is_sender"] is False and body["is_group"] is False and body["is_event"] == 0


def test_form_format_posts_form_fields(world):
    with Receiver() as receiver:
        add_webhook(world, receiver.url, source="account_status", format="form")
        victim = account_ids(world)[0]
        delete_account(world, victim)
        wait_until(lambda: receiver.count() == 1)
        got = receiver.received[0]
        assert got.headers["content-type"] == "application/x-www-form-urlencoded"
        fields = parse_qs(got.body.decode())
        assert json.loads(fields["AccountStatus"][0])["account_id"] == victim


def test_accepted_invitation_delivers_new_relation_through_the_public_api(world):
    with Receiver() as receiver, httpx.Client(base_url=world.server.base_url, headers=world.headers) as client:
        add_webhook(world, receiver.url, source="users", name="relations")
        account = linkedin_accounts(client).free
        person = people_at(client, account, 2, 1)[0]
        sent = client.post(
            "/api/v1/users/invite", json={"account_id": account, "provider_id": person["id"]}
        )
        assert sent.status_code == 201, sent.text
        answered = world.control("POST", f"/invitations/{sent.json()['invitation_id']}/accept")
        world.advance(until=answered["new_relation_at"])
        wait_until(lambda: receiver.count() == 1)
        body = receiver.received[0].json()
        assert body["event"] == "new_relation" and body["account_id"] == account
        assert body["webhook_name"] == "relations" and body["user_provider_id"] == person["id"]
        assert body["timestamp"] == answered["new_relation_at"]
        assert set(body) == {
            "event", "account_id", "account_type", "webhook_name", "timestamp", "user_full_name",
            "user_provider_id", "user_public_identifier", "user_profile_url", "user_picture_url",
        }


def test_500_three_times_then_200_is_four_attempts_and_one_delivery(world):
    with Receiver([500, 500, 500, 200]) as receiver:
        add_webhook(world, receiver.url, source="account_status")
        delete_account(world, account_ids(world)[0])
        wait_for_attempts(world, 1)
        fired = []
        for count, seconds in ((2, 60), (3, 300), (4, 900)):
            fired += world.advance(seconds=seconds)
            wait_for_attempts(world, count)
        world.advance(seconds=86400)
        time.sleep(0.2)
        attempts = deliveries(world)
        assert [a["outcome"] for a in attempts] == ["retrying", "retrying", "retrying", "delivered"]
        assert [a["status_code"] for a in attempts] == [500, 500, 500, 200]
        assert [a["attempt"] for a in attempts] == [1, 2, 3, 4]
        assert len({a["delivery_id"] for a in attempts}) == 1
        # Growing delays of world time: 1 min, then 5 min, then 15 min after the attempt before.
        assert [a["at"] for a in attempts] == [
            START,
            "2026-01-05T09:01:00.000Z",
            "2026-01-05T09:06:00.000Z",
            "2026-01-05T09:21:00.000Z",
        ]
        assert [event["kind"] for event in fired] == ["webhook_retry"] * 3
        assert receiver.count() == 4
        assert len(deliveries(world, outcome="delivered")) == 1


def test_receiver_down_gets_one_plus_five_attempts_then_failed(world):
    url = closed_port_url()
    webhook_id = add_webhook(world, url, source="account_status")
    delete_account(world, account_ids(world)[0])
    wait_for_attempts(world, 1)
    # One big jump: every retry that fell due meanwhile runs, one after the other.
    world.advance(seconds=86400)
    attempts = wait_for_attempts(world, 6)
    time.sleep(0.2)
    assert len(deliveries(world)) == 6
    assert [a["attempt"] for a in attempts] == [1, 2, 3, 4, 5, 6]
    assert [a["outcome"] for a in attempts] == ["retrying"] * 5 + ["failed"]
    assert all(a["status_code"] is None and "connection" in a["error"] for a in attempts)
    assert attempts[-1]["at"] == "2026-01-05T14:21:00.000Z"  # 1m + 5m + 15m + 1h + 4h
    assert deliveries(world, outcome="failed", webhook_id=webhook_id) == attempts[-1:]
    assert world.clock()["pending_events"] == 0


def test_slow_receiver_hits_the_timeout(sim, world):
    sim.app.state.webhooks.policy = DeliveryPolicy(timeout_s=0.3)
    with Receiver(delay_s=2.0) as receiver:
        add_webhook(world, receiver.url, source="account_status")
        delete_account(world, account_ids(world)[0])
        [attempt] = wait_for_attempts(world, 1)
        assert attempt["status_code"] is None and "timeout" in attempt["error"]
        assert attempt["outcome"] == "retrying" and 250 <= attempt["duration_ms"] < 2000
        assert receiver.count() == 1


def test_webhook_deleted_between_attempts_gets_no_more(world):
    with Receiver([500]) as receiver:
        webhook_id = add_webhook(world, receiver.url, source="account_status")
        delete_account(world, account_ids(world)[0])
        wait_for_attempts(world, 1)
        assert world.request("DELETE", f"/webhooks/{webhook_id}", headers=world.headers).status_code == 200
        world.advance(seconds=86400)
        delete_account(world, account_ids(world)[0])
        time.sleep(0.3)
        assert receiver.count() == 1 and len(deliveries(world)) == 1


def test_two_webhooks_on_the_same_source_both_receive(world):
    with Receiver() as first, Receiver() as second:
        first_id = add_webhook(world, first.url, source="account_status", name="one")
        second_id = add_webhook(world, second.url, source="accounts", name="two")
        delete_account(world, account_ids(world)[0])
        wait_until(lambda: first.count() == 1 and second.count() == 1)
        assert first.received[0].body == second.received[0].body
        assert len(deliveries(world, webhook_id=first_id)) == 1
        assert len(deliveries(world, webhook_id=second_id)) == 1


def test_account_ids_filter_is_respected(world):
    with Receiver() as receiver:
        watched, other = account_ids(world)[:2]
        add_webhook(world, receiver.url, source="account_status", account_ids=[watched])
        delete_account(world, other)
        delete_account(world, watched)
        wait_until(lambda: receiver.count() == 1)
        time.sleep(0.2)
        assert receiver.count() == 1
        assert receiver.received[0].json()["AccountStatus"]["account_id"] == watched


def test_event_filter_of_account_status_uses_lowercase_messages(sim, world):
    with Receiver() as receiver:
        add_webhook(world, receiver.url, source="account_status", events=["credentials"])
        account = account_ids(world)[0]
        publish(sim, world, "account_status", account, account_type="LINKEDIN", message="OK")
        publish(sim, world, "account_status", account, account_type="LINKEDIN", message="CREDENTIALS")
        wait_until(lambda: receiver.count() == 1)
        time.sleep(0.2)
        assert [r.json()["AccountStatus"]["message"] for r in receiver.received] == ["CREDENTIALS"]


def test_one_webhook_keeps_event_order_through_retries(sim, world):
    with Receiver([500, 200]) as receiver:
        add_webhook(world, receiver.url, source="messaging")
        account = account_ids(world)[0]
        for text in ("one", "two", "three"):
            publish(sim, world, "message_received", account, **message_data(text))
        wait_for_attempts(world, 1)
        time.sleep(0.2)
        assert receiver.count() == 1  # the others wait behind the first one's retry
        world.advance(seconds=60)
        wait_until(lambda: receiver.count() == 4)
        assert [r.json()["message"] for r in receiver.received] == ["one", "one", "two", "three"]


def test_real_clock_fires_retries_by_itself(sim, world):
    sim.app.state.webhooks.policy = DeliveryPolicy(timeout_s=2.0, retry_delays_s=(0.2, 0.2, 0.2, 0.2, 0.2))
    real = sim.new_world("default", clock="real")
    try:
        with Receiver([503, 503, 200]) as receiver:
            add_webhook(real, receiver.url, source="account_status")
            delete_account(real, account_ids(real)[0])
            wait_until(lambda: receiver.count() == 3, timeout_s=5)
            attempts = wait_for_attempts(real, 3)
            assert [a["outcome"] for a in attempts] == ["retrying", "retrying", "delivered"]
            assert receiver.received[2].at - receiver.received[0].at >= 0.35
    finally:
        real.drop()


def test_reset_and_drop_stop_the_old_worlds_deliveries(sim):
    with Receiver([500]) as receiver:
        resetting, dropping = sim.new_world("default"), sim.new_world("default")
        for target in (resetting, dropping):
            add_webhook(target, receiver.url, source="account_status")
            delete_account(target, account_ids(target)[0])
        wait_until(lambda: receiver.count() == 2)
        wait_for_attempts(resetting, 1)
        resetting.reset()
        dropping.drop()
        resetting.advance(seconds=86400)
        time.sleep(0.3)
        assert receiver.count() == 2
        assert deliveries(resetting) == []
        resetting.drop()


def test_notify_url_goes_through_the_engine_without_webhook_headers(sim, world):
    with Receiver([500, 200]) as receiver:
        add_webhook(world, receiver.url, source="messaging", headers=[{"key": "Unipile-Auth", "value": "x"}])
        live = sim.app.state.registry.get(world.api_key)
        body = {"status": "CREATION_SUCCESS", "account_id": "e54m8LR22bA7G5qsAc8w", "name": "myuser1234"}
        sim.app.state.webhooks.notify(live, receiver.url, body)
        wait_for_attempts(world, 1)
        world.advance(seconds=60)
        [first, retry] = wait_for_attempts(world, 2)
        assert first["kind"] == retry["kind"] == "notify_url" and first["webhook_id"] is None
        assert retry["outcome"] == "delivered" and retry["payload"] == body
        got = receiver.received[1]
        assert got.json() == body and "unipile-auth" not in got.headers


def test_deliveries_filters_and_bad_queries(world):
    with Receiver() as receiver:
        add_webhook(world, receiver.url, source="account_status")
        delete_account(world, account_ids(world)[0])
        wait_for_attempts(world, 1)
        assert len(deliveries(world, event="account_status")) == 1
        assert deliveries(world, event="message_received") == []
        assert deliveries(world, outcome="failed") == []
        assert deliveries(world, webhook_id="nope") == []
        with pytest.raises(SimulatorError, match="outcome"):
            deliveries(world, outcome="lost")
        with pytest.raises(SimulatorError, match="limit"):
            deliveries(world, limit=0)
