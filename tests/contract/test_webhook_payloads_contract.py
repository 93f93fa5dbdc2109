"""Every payload the simulator POSTs is documented in contracts/unipile.yaml's `webhooks:` and
matches its schema.

One tour of a `default` world on an in-process server: a webhook per source, subscribed to
every event the source can deliver (the simulator's own `SOURCE_EVENTS`), then every trigger
there is: a connect and its first sync, each status the provider can set, reconnects (API,
Postpress, hosted link), a resync, a delete, hosted links with a `notify_url`, messages sent,
received and read, an accepted invitation. Each delivery of the simulator's log is checked
against the `webhooks` entry named by its `event`: an event the contract does not document
fails, a documented one the tour never produced fails too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest

from simulator.api.contract_index import load_contract
from simulator.testing import SimulatorServer, SimWorld
from simulator.webhooks.hosted_notify import HOSTED_AUTH_NOTIFY
from simulator.world.accounts import SOURCE_STATUSES
from simulator.world.events import WorldEvent
from simulator.world.lifecycle import INITIAL_SYNC_MS, SYNC_DONE_AFTER_MS
from simulator.world.webhooks import SOURCE_EVENTS, SOURCE_OF_EVENT
from tests.api.receiver import Receiver, wait_until

CONTRACT = "unipile.yaml"
PASSWORD = "secret"
ANA = "ACoAASoQdu5M7to3rQhX8GZomVyJcDmpc0VRrn1"  # a relation of the Sales Navigator account
JANE = "ACoAA3XMzR2zc3eUEYh4TZMfdhlkDHofNZGHsMg"  # 2nd degree: an InMail, then an invitation
WHATSAPP_NUMBER = "33612345678@s.whatsapp.net"  # nobody of the network: a new contact
HOSTED_LINK = {
    "providers": "*",
    "api_url": "https://api8.unipile.com:13443",
    "expiresOn": "2026-01-05T10:00:00.000Z",  # an hour after the default world's start
}


def documented_events() -> list[str]:
    return list(load_contract(CONTRACT).spec.get("webhooks", {}))


def payload_pointer(event: str) -> str:
    escaped = event.replace("~", "~0").replace("/", "~1")
    return f"/webhooks/{escaped}/post/requestBody/content/application~1json/schema"


# -- the tour ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tour:
    deliveries: list[dict[str, Any]]  # GET /_sim/webhooks/deliveries, oldest first
    received: list[Any]  # the JSON bodies the receiver got
    published: list[WorldEvent]  # everything the world announced on its bus

    def payloads(self, event: str) -> list[Any]:
        return [delivery["payload"] for delivery in self.deliveries if delivery["event"] == event]


class Client:
    """The world's public API (both dialects) and its control plane, failing loudly."""

    def __init__(self, world: SimWorld) -> None:
        self.world = world

    def call(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = self.world.request(method, path, headers=self.world.headers, **kwargs)
        assert response.status_code == status, f"{method} {path}: {response.text}"
        return response.json()

    def postpress(self, method: str, path: str, status: int, **kwargs: Any) -> Any:
        url = self.world.server.postpress_url + path
        response = httpx.request(method, url, headers=self.world.headers, **kwargs)
        assert response.status_code == status, f"{method} /v1{path}: {response.text}"
        return response.json()


def subscribe_to_every_event(api: Client, url: str) -> None:
    for source, events in SOURCE_EVENTS.items():
        api.call(
            "POST", "/webhooks", 201,
            json={"request_url": url, "source": source, "events": list(events), "name": source},
        )


def hosted_links(api: Client, notify_url: str, expired_account: str) -> None:
    """A hosted create (with a `name`) and a hosted reconnect (without), each notified."""
    links = [
        {"type": "create", "name": "signed-value"},
        {"type": "reconnect", "reconnect_account": expired_account},
    ]
    for fields in links:
        link = api.call(
            "POST", "/hosted/accounts/link", 201,
            json=HOSTED_LINK | fields | {"notify_url": notify_url},
        )
        session_id = link["url"].rsplit("/", 1)[1]
        api.world.control("POST", f"/hosted/{session_id}/complete", json={"outcome": "success"})


def account_lifecycle(api: Client) -> None:
    """Connect, first sync, every status the provider can set, reconnect, resync, delete."""
    login = {"provider": "LINKEDIN", "username": "ok@sim.test", "password": PASSWORD}
    account_id = api.call("POST", "/accounts", 201, json=login)["account_id"]
    api.world.advance(seconds=INITIAL_SYNC_MS / 1000)
    current = api.call("GET", f"/accounts/{account_id}")["sources"][0]["status"]
    for status in [*(s for s in SOURCE_STATUSES if s != current), current]:
        api.world.control("POST", f"/accounts/{account_id}/status", json={"status": status})
    api.world.control("POST", f"/accounts/{account_id}/status", json={"status": "CREDENTIALS"})
    api.postpress("POST", f"/accounts/{account_id}", 201, json=login)  # seed 003's route
    api.call("GET", f"/accounts/{account_id}/sync")
    api.world.advance(seconds=SYNC_DONE_AFTER_MS / 1000)
    api.call("DELETE", f"/accounts/{account_id}")


def messaging(api: Client, account_id: str) -> str:
    """A message with a file, an InMail, a group chat, a JSON follow-up, a reply, a read."""
    with_file = [
        ("account_id", (None, account_id)),
        ("attendees_ids", (None, ANA)),
        ("text", (None, "Here is the deck.")),
        ("attachments", ("deck.pdf", b"%PDF-1.4 deck", "application/pdf")),
    ]
    chat_id = api.call("POST", "/chats", 201, files=with_file)["chat_id"]
    inmail = [
        ("account_id", (None, account_id)),
        ("attendees_ids", (None, JANE)),
        ("text", (None, "Hello Jane, open to a chat?")),
        ("linkedin[api]", (None, "sales_navigator")),
    ]
    api.call("POST", "/chats", 201, files=inmail)
    relations = api.call("GET", "/users/relations", params={"account_id": account_id, "limit": 2})
    group = [relation["member_id"] for relation in relations["items"]]
    assert len(group) == 2
    api.call(
        "POST", "/chats", 201,
        json={"account_id": account_id, "attendees_ids": group, "text": "Hello both!"},
    )
    api.call("POST", f"/chats/{chat_id}/messages", 201, json={"text": "Any questions?"})
    api.world.control("POST", f"/chats/{chat_id}/reply", json={"text": "Tuesday works!"})
    api.call(
        "PATCH", f"/chats/{chat_id}", json={"action": "setReadStatus", "value": True}
    )
    return chat_id


def other_providers(api: Client) -> None:
    """WhatsApp: a new chat, its delivery and read receipts, a reply, a forward, a read, a
    voice note and a sticker; a group renamed and left;
    Instagram and Telegram: a message in an existing chat, a reply."""
    accounts = {a["type"]: a["id"] for a in api.call("GET", "/accounts")["items"]}
    started = api.call(
        "POST", "/chats", 201,
        json={"account_id": accounts["WHATSAPP"], "attendees_ids": [WHATSAPP_NUMBER],
              "text": "Bonjour !"},
    )  # fmt: skip
    api.world.advance(seconds=3)  # delivered: message_delivered
    api.world.control("POST", f"/chats/{started['chat_id']}/read")  # their read receipt
    replied = api.world.control(
        "POST", f"/chats/{started['chat_id']}/reply",
        json={"text": "Salut", "quote_id": started["message_id"]},
    )  # fmt: skip
    api.call(
        "POST", "/chats", 201,
        json={"account_id": accounts["WHATSAPP"], "text": "Welcome both",
              "attendees_ids": [WHATSAPP_NUMBER, "33612345679@s.whatsapp.net"]},
    )  # fmt: skip
    chat_path = f"/chats/{started['chat_id']}"
    api.world.control(
        "POST", f"{chat_path}/react", json={"message_id": started["message_id"], "value": "👍"}
    )
    theirs = {"message_id": replied["message_id"]}
    api.world.control("POST", f"{chat_path}/edit", json=theirs | {"text": "Salut !"})
    api.world.control("POST", f"{chat_path}/delete", json=theirs)
    group = next(
        chat["id"]
        for chat in api.call("GET", "/chats", params={"account_type": "WHATSAPP"})["items"]
        if chat["type"] == 1
    )
    api.call(
        "POST", f"/messages/{started['message_id']}/forward", json={"chat_id": group}
    )
    api.world.control("POST", f"/chats/{group}/subject", json={"subject": "Pilot, phase 2"})
    leaving = api.call("GET", f"/chats/{group}/attendees")["items"][0]
    api.world.control("POST", f"/chats/{group}/leave", json={"attendee_id": leaving["id"]})
    api.call("PATCH", f"/chats/{started['chat_id']}", json={"action": "setReadStatus", "value": True})
    for provider in ("INSTAGRAM", "TELEGRAM"):
        chat = api.call("GET", "/chats", params={"account_type": provider, "limit": 1})["items"][0]
        api.call("POST", f"/chats/{chat['id']}/messages", 201, json={"text": "Hello there"})
        api.world.control("POST", f"/chats/{chat['id']}/reply", json={"text": "Hi!"})
    api.world.control("POST", f"{chat_path}/reply", json={"form": "voice_note"})
    api.world.control("POST", f"{chat_path}/reply", json={"form": "sticker"})


def email(api: Client) -> None:
    """A tracked send (pixel loaded, link followed), a reply to it, a labelled and a trashed
    email, a mail delivered by the control plane."""
    gmail = next(a["id"] for a in api.call("GET", "/accounts")["items"] if a["type"] == "GOOGLE_OAUTH")
    body = '<p>Our <a href="https://acme.example/pricing">pricing</a></p>'
    sent = api.call(
        "POST", "/emails", 201,
        files=[("account_id", (None, gmail)), ("to", (None, '[{"identifier": "kim@acme.example"}]')),
               ("subject", (None, "Pricing")), ("body", (None, body)),
               ("tracking_options", (None, '{"opens": true, "links": true, "label": "tour"}'))],
    )  # fmt: skip
    html = api.call("GET", f"/emails/{sent['id']}")["body"]
    for url in re.findall(r'(?:src|href)="([^"]+/t/[^"]+)"', html):
        assert httpx.get(url).status_code in (200, 302)
    api.world.control("POST", f"/emails/{sent['id']}/reply", json={"body": "Sounds good"})
    inbox = api.call("GET", "/emails", params={"account_id": gmail, "role": "inbox", "limit": 2})
    first, second = (email["id"] for email in inbox["items"])
    api.call("PUT", f"/emails/{first}", json={"folders": ["INBOX", "Clients"]})
    api.call("DELETE", f"/emails/{second}")
    api.world.control(
        "POST", "/emails",
        json={"account_id": gmail, "from": {"identifier": "lee@acme.example"}, "body": "Hi"},
    )


def calendars(api: Client) -> None:
    """A weekly event created and changed, one occurrence of it changed and another cancelled,
    then the whole series deleted."""
    gmail = next(a["id"] for a in api.call("GET", "/accounts")["items"] if a["type"] == "GOOGLE_OAUTH")
    primary = api.call("GET", "/calendars", params={"account_id": gmail})["data"][0]["id"]
    events = f"/calendars/{primary}/events"
    query = {"account_id": gmail}
    made = api.call("POST", events, 201, params=query, json={
        "title": "Weekly demo", "attendees": [{"email": "kim@acme.example"}],
        "start": {"date_time": "2026-01-07T10:00:00", "time_zone": "Europe/Paris"},
        "end": {"date_time": "2026-01-07T10:30:00", "time_zone": "Europe/Paris"},
        "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=4"], "conference": {"provider": "google_meet"},
    })  # fmt: skip
    event_id = made["event_id"]
    api.call("PATCH", f"{events}/{event_id}", params=query, json={"location": "Room 4"})
    listed = api.call("GET", events, params={**query, "expand_recurring": "true"})["data"]
    occurrences = [e["id"] for e in listed if e.get("master_event_id") == event_id]
    api.call("PATCH", f"{events}/{occurrences[1]}", params=query, json={"title": "Demo (moved)"})
    api.call("DELETE", f"{events}/{occurrences[2]}", params=query)
    api.call("DELETE", f"{events}/{event_id}", params=query)


def new_relation(api: Client, account_id: str) -> None:
    invitation = api.call(
        "POST", "/users/invite", 201, json={"account_id": account_id, "provider_id": JANE}
    )
    answered = api.world.control("POST", f"/invitations/{invitation['invitation_id']}/accept")
    api.world.advance(until=answered["new_relation_at"])


@pytest.fixture(scope="module")
def tour() -> Iterator[Tour]:
    with SimulatorServer(strict=True) as sim, Receiver() as receiver:
        world = sim.new_world("default")
        live = sim.app.state.registry.get(world.api_key)
        published: list[WorldEvent] = []
        live.bus.subscribe(published.append)
        api = Client(world)
        subscribe_to_every_event(api, receiver.url)

        accounts = api.call("GET", "/accounts")["items"]
        expired = next(a["id"] for a in accounts if a["sources"][0]["status"] == "CREDENTIALS")
        sales_navigator = next(
            a["id"] for a in accounts
            if "sales_navigator" in a["connection_params"].get("im", {}).get("premiumFeatures", [])
        )
        account_lifecycle(api)  # first: hosted links log in with the same identity
        hosted_links(api, receiver.url, expired)
        messaging(api, sales_navigator)
        other_providers(api)
        email(api)
        calendars(api)
        new_relation(api, sales_navigator)

        # One delivery per (event, webhook that wants it), plus one per notify_url call.
        expected = sum(len(live.webhooks.matching(event)) for event in published)
        expected += sum(event.name == HOSTED_AUTH_NOTIFY for event in published)
        wait_until(
            lambda: len(world.deliveries(outcome="delivered")) == expected,
            timeout_s=15,
            what=f"{expected} deliveries",
        )
        deliveries = world.deliveries()
        yield Tour(deliveries, [request.json() for request in receiver.received], published)
        world.drop()


# -- the checks ----------------------------------------------------------------------------------


def test_every_event_the_simulator_delivered_is_documented(tour: Tour) -> None:
    delivered = {delivery["event"] for delivery in tour.deliveries}
    undocumented = sorted(delivered - set(documented_events()))
    assert undocumented == [], f"delivered, but not in {CONTRACT}'s webhooks: {undocumented}"


@pytest.mark.parametrize("event", documented_events())
def test_each_documented_payload_is_what_the_simulator_delivers(tour: Tour, event: str) -> None:
    payloads = tour.payloads(event)
    assert payloads, f"the tour produced no {event}: add its trigger"
    validator = load_contract(CONTRACT).compile(payload_pointer(event))
    for payload in payloads:
        errors = [
            f"{'/'.join(map(str, error.instance_path)) or '(root)'}: {error.message}"
            for error in validator.iter_errors(payload)
        ]
        assert errors == [], orjson.dumps(payload).decode()


def test_messages_of_every_provider_were_delivered(tour: Tour) -> None:
    payloads = tour.payloads("message_received")
    providers = {payload["account_type"] for payload in payloads}
    assert providers == {"LINKEDIN", "WHATSAPP", "INSTAGRAM", "TELEGRAM"}
    forwarded = [p for p in payloads if p["is_forwarded"] is True]
    assert len(forwarded) == 1 and forwarded[0]["account_type"] == "WHATSAPP"
    assert forwarded[0]["provider_chat_id"].endswith("@g.us")
    whatsapp = [p for p in payloads if p["account_type"] == "WHATSAPP"]
    assert {p["sender"]["attendee_provider_id"] for p in whatsapp} >= {WHATSAPP_NUMBER}
    assert all("feature" not in p["account_info"] for p in whatsapp)
    created = [p for p in payloads if p["is_event"] == 1]
    assert [(p["event_type"], p["is_group"]) for p in created] == [(3, True), (4, True), (7, True)]
    quoting = [p for p in payloads if p["quoted"] is not None]
    assert len(quoting) == 1 and quoting[0]["quoted"]["text"] == "Bonjour !"
    files = [a for p in whatsapp for a in p["attachments"]]
    assert [a["voice_note"] for a in files if a["type"] == "audio"] == [True]
    assert [a["sticker"] for a in files if a["type"] == "img"] == [True]
    delivered = tour.payloads("message_delivered")
    assert delivered and {p["account_type"] for p in delivered} == {"WHATSAPP"}
    read_receipts = [p for p in tour.payloads("message_read") if p["account_type"] == "WHATSAPP"]
    assert read_receipts


def test_email_payloads_carry_the_send_and_its_tracking(tour: Tour) -> None:
    sent = tour.payloads("mail_sent")
    assert [p["subject"] for p in sent] == ["Pricing"] and sent[0]["origin"] == "unipile"
    tracking_id = sent[0]["tracking_id"]
    for event in ("mail_opened", "mail_link_clicked"):
        fetched = [p for p in tour.payloads(event) if p["user_agent"].startswith("python-httpx")]
        assert len(fetched) == 1, tour.payloads(event)  # the tour's own GET (behaviours may add)
        assert (fetched[0]["tracking_id"], fetched[0]["label"]) == (tracking_id, "tour")
        assert fetched[0]["email_id"] == sent[0]["email_id"]
    received = {p["body_plain"]: p for p in tour.payloads("mail_received")}
    assert received["Sounds good"]["in_reply_to"]["id"] == sent[0]["email_id"]
    assert received["Hi"]["in_reply_to"] is None
    moved = tour.payloads("mail_moved")
    assert [(p["folders"], p["role"]) for p in moved] == [(["INBOX", "Clients"], "inbox"), (["TRASH"], "trash")]


def test_calendar_payloads_follow_the_event_and_its_occurrences(tour: Tour) -> None:
    created = tour.payloads("calendar_event_created")
    assert [(p["title"], p["master_event_id"], p["webhook_name"]) for p in created] == [
        ("Weekly demo", "", "calendar_event")
    ]
    assert list(created[0])[:5] == ["event", "webhook_name", "account_id", "id", "master_event_id"]
    assert created[0]["conference"]["url"].startswith("https://meet.google.com/")
    updated = tour.payloads("calendar_event_updated")
    assert [(p["title"], p["master_event_id"] or None) for p in updated] == [
        ("Weekly demo", None), ("Demo (moved)", created[0]["id"]),
    ]  # fmt: skip
    deleted = tour.payloads("calendar_event_deleted")
    assert [(p["master_event_id"] or None, p["is_cancelled"]) for p in deleted] == [
        (created[0]["id"], True), (None, True),
    ]  # fmt: skip


def test_every_delivery_reached_the_receiver_as_logged(tour: Tour) -> None:
    assert {delivery["outcome"] for delivery in tour.deliveries} == {"delivered"}

    def canonical(payloads: list[Any]) -> list[bytes]:
        return sorted(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS) for payload in payloads)

    logged = [delivery["payload"] for delivery in tour.deliveries]
    assert canonical(tour.received) == canonical(logged)


def test_everything_the_world_announces_can_reach_a_receiver(tour: Tour) -> None:
    """A world event is a webhook event of some source, or a hosted-auth notification."""
    names = {event.name for event in tour.published}
    assert names <= set(SOURCE_OF_EVENT) | {HOSTED_AUTH_NOTIFY}


def test_the_tour_sent_every_status_the_provider_can_set(tour: Tour) -> None:
    messages = {payload["AccountStatus"]["message"] for payload in tour.payloads("account_status")}
    assert set(SOURCE_STATUSES) <= messages
    assert {"CREATION_SUCCESS", "SYNC_SUCCESS", "RECONNECTED", "DELETED"} <= messages


def test_account_status_messages_are_the_event_filters_in_capitals() -> None:
    """An `account_status` webhook's `events` filter the lowercase `message` of the payload."""
    schemas = load_contract(CONTRACT).spec["components"]["schemas"]
    messages = schemas["AccountStatusMessage"]["enum"]
    assert sorted(message.lower() for message in messages) == sorted(
        SOURCE_EVENTS["account_status"]
    )
    assert sorted(schemas["AccountStatusEvent"]["enum"]) == sorted(SOURCE_EVENTS["account_status"])
