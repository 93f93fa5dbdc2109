"""The messaging loop over real HTTP: the other side replies, a webhook arrives, the chat is
unread, the client reads it, `message_read` arrives. Replies come from the control plane and
from the scenario's reply behaviour on the virtual clock."""

from __future__ import annotations

import pytest

from simulator.testing import SimulatorError, SimulatorServer, SimWorld
from simulator.webhooks.engine import DeliveryPolicy
from tests.api.receiver import Receiver, wait_until

ANA = "ACoAASoQdu5M7to3rQhX8GZomVyJcDmpc0VRrn1"
START = "2026-01-05T09:00:00.000Z"


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


def messaging_webhook(world: SimWorld, url: str) -> None:
    response = world.request(
        "POST",
        "/webhooks",
        headers=world.headers,
        json={
            "request_url": url,
            "source": "messaging",
            "name": "inbox",
            "events": ["message_received", "message_read"],
            "headers": [{"key": "Content-Type", "value": "application/json"}],
        },
    )
    assert response.status_code == 201, response.text


def premium_account(world: SimWorld) -> dict:
    accounts = world.get("/accounts", headers=world.headers).json()["items"]
    return next(
        a for a in accounts
        if a["type"] == "LINKEDIN" and "sales_navigator" in a["connection_params"]["im"]["premiumFeatures"]
    )  # fmt: skip


def test_reply_webhook_unread_read_message_read(world):
    account = premium_account(world)
    own_id = account["connection_params"]["im"]["id"]
    with Receiver() as receiver:
        messaging_webhook(world, receiver.url)
        started = world.request(
            "POST",
            "/chats",
            headers=world.headers,
            files=[  # multipart, the SDK's way
                ("account_id", (None, account["id"])),
                ("text", (None, "Are you free Tuesday?")),
                ("attendees_ids", (None, ANA)),
            ],
        )
        assert started.status_code == 201, started.text
        chat_id = started.json()["chat_id"]
        wait_until(lambda: receiver.count() == 1, what="the sent message's webhook")
        sent = receiver.received[0].json()
        assert sent["event"] == "message_received" and sent["is_sender"] is True
        assert sent["sender"]["attendee_provider_id"] == own_id == sent["account_info"]["user_id"]
        assert sent["message_id"] == started.json()["message_id"]

        unread_before = world.get(f"/chats/{chat_id}", headers=world.headers).json()["unread_count"]
        world.advance(seconds=600)
        replied = world.control("POST", f"/chats/{chat_id}/reply", json={"text": "Tuesday works!"})
        assert replied["object"] == "ChatReplied" and replied["chat_id"] == chat_id
        assert replied["unread_count"] == unread_before + 1
        wait_until(lambda: receiver.count() == 2, what="the reply's webhook")
        body = receiver.received[1].json()
        assert list(body)[:5] == [
            "event",
            "account_id",
            "account_type",
            "account_info",
            "webhook_name",
        ]
        assert body["event"] == "message_received" and body["webhook_name"] == "inbox"
        assert body["account_id"] == account["id"] and body["chat_id"] == chat_id
        assert body["is_sender"] is False and body["is_group"] is False
        assert body["message"] == "Tuesday works!" and body["message_id"] == replied["message_id"]
        assert body["timestamp"] == "2026-01-05T09:10:00.000Z"
        assert body["sender"]["attendee_provider_id"] == ANA
        assert body["sender"]["attendee_name"] == "Ana Silva"
        assert body["sender"]["attendee_specifics"]["network_distance"] == "DISTANCE_1"
        assert body["attendees"] == [body["sender"]]
        assert body["message_type"] == "MESSAGE" and body["folder"] == [
            "INBOX",
            "INBOX_LINKEDIN_CLASSIC",
        ]

        chat = world.get(f"/chats/{chat_id}", headers=world.headers).json()
        assert chat["unread_count"] == unread_before + 1 and chat["unread"] == 1
        assert (
            chat["lastMessage"]["id"] == replied["message_id"] and chat["lastMessage"]["seen"] == 0
        )
        unread = world.get("/chats", headers=world.headers, params={"unread": "true"}).json()[
            "items"
        ]
        assert chat_id in [c["id"] for c in unread]

        patched = world.request(
            "PATCH",
            f"/chats/{chat_id}",
            headers=world.headers,
            json={"action": "setReadStatus", "value": True},
        )
        assert patched.json() == {"object": "ChatPatched"}
        wait_until(lambda: receiver.count() == 3, what="message_read")
        read = receiver.received[2].json()
        assert read["event"] == "message_read" and read["chat_id"] == chat_id
        assert read["account_id"] == account["id"] and read["message_id"] == replied["message_id"]
        assert read["webhook_name"] == "inbox" and read["timestamp"] == "2026-01-05T09:10:00.000Z"
        chat = world.get(f"/chats/{chat_id}", headers=world.headers).json()
        assert (chat["unread_count"], chat["lastMessage"]["seen"]) == (0, 1)


def test_the_reply_behaviour_answers_on_the_virtual_clock(sim):
    scenario = {
        "name": "replies",
        "seed": 3,
        "accounts": [{"id": "acct", "provider": "LINKEDIN", "plan": "premium"}],
        "people": {
            "generate": 20,
            "listed": [{"first_name": "Ana", "last_name": "Silva", "provider_id": ANA, "distance": "FIRST_DEGREE"}],
        },
        "behaviours": {"replies": {"probability": 1, "delay": {"min": "2h", "max": "2h"}, "texts": ["On it."]}},
    }  # fmt: skip
    world = sim.new_world(scenario)
    try:
        with Receiver() as receiver:
            messaging_webhook(world, receiver.url)
            started = world.request(
                "POST", "/chats", headers=world.headers,
                json={"account_id": "acct", "attendees_ids": [ANA], "text": "Ping"},
            )  # fmt: skip
            wait_until(lambda: receiver.count() == 1)
            fired = world.advance(seconds=3 * 3600)
            assert [(f["kind"], f["at"]) for f in fired] == [
                ("message_reply", "2026-01-05T11:00:00.000Z")
            ]
            wait_until(lambda: receiver.count() == 2)
            reply = receiver.received[1].json()
            assert reply["is_sender"] is False and reply["message"] == "On it."
            assert reply["message_id"] == fired[0]["message_id"]
            chat = world.get(f"/chats/{started.json()['chat_id']}", headers=world.headers).json()
            assert chat["unread_count"] == 1 and chat["timestamp"] == "2026-01-05T11:00:00.000Z"
    finally:
        world.drop()


def test_control_reply_errors(world):
    with pytest.raises(SimulatorError, match="404"):
        world.control("POST", "/chats/nope/reply", json={"text": "hi"})
    chat_id = world.get("/chats", headers=world.headers).json()["items"][0]["id"]
    with pytest.raises(SimulatorError, match="400.*text"):
        world.control("POST", f"/chats/{chat_id}/reply", json={"text": ""})
    with pytest.raises(SimulatorError, match="400.*colour"):
        world.control("POST", f"/chats/{chat_id}/reply", json={"text": "hi", "colour": "red"})
