"""Payload shapes of §7.3-7.5 built from world events, and their encodings."""

from urllib.parse import parse_qs

import orjson

from simulator.webhooks.payloads import build_payload, encode_body
from simulator.world.events import WorldEvent
from simulator.world.webhooks import DataKey, Webhook

AT_MS = 1_783_331_007_002  # 2026-07-06T09:43:27.002Z


def webhook(**fields):
    base = {"id": "w", "seq": 0, "source": "messaging", "request_url": "http://x/", "created_at_ms": 0}
    return Webhook(**(base | fields))


def test_account_status_is_wrapped_without_webhook_name():
    event = WorldEvent("account_status", AT_MS, "acc", {"account_type": "LINKEDIN", "message": "OK"})
    payload = build_payload(webhook(source="account_status", name="hook"), event)
    assert payload == {"AccountStatus": {"account_id": "acc", "message": "OK", "account_type": "LINKEDIN"}}
    assert list(payload["AccountStatus"]) == ["account_id", "message", "account_type"]


def test_new_relation_is_flat_with_name_and_timestamp():
    data = {
        "account_type": "LINKEDIN",
        "user_full_name": "Jane Doe",
        "user_provider_id": "ACoAAh",
        "user_public_identifier": "jane-doe",
        "user_profile_url": "https://www.linkedin.com/in/jane-doe/",
        "user_picture_url": "https://pics.example/jane.jpg",
    }
    payload = build_payload(webhook(source="users", name="rel"), WorldEvent("new_relation", AT_MS, "acc", data))
    assert list(payload) == [
        "event", "account_id", "account_type", "webhook_name", "timestamp", "user_full_name",
        "user_provider_id", "user_public_identifier", "user_profile_url", "user_picture_url",
    ]
    assert payload["timestamp"] == "2026-07-06T09:43:27.002Z" and payload["webhook_name"] == "rel"


def test_messaging_keeps_the_emitted_keys_and_makes_booleans_real():
    data = {
        "account_type": "LINKEDIN",
        "account_info": {"type": "LINKEDIN", "feature": "classic", "user_id": "ACoAAown"},
        "chat_id": "chat",
        "timestamp": "2026-07-06T09:43:27.002Z",
        "is_sender": 1,
        "is_group": 0,
        "chat_pinned": 0,
        "webhook_name": "ignored: the webhook sets it",
    }
    payload = build_payload(webhook(name=None), WorldEvent("message_received", AT_MS, "acc", data))
    assert list(payload)[:6] == ["event", "account_id", "account_type", "account_info", "webhook_name", "chat_id"]
    assert payload["webhook_name"] is None
    assert payload["is_sender"] is True and payload["is_group"] is False and payload["chat_pinned"] == 0
    assert list(payload).count("timestamp") == 1


def test_data_selects_and_renames_keys():
    hook = webhook(data=(DataKey("chat_id", "conversation"), DataKey("absent", "nothing")))
    event = WorldEvent("message_received", AT_MS, "acc", {"account_type": "LINKEDIN", "chat_id": "c1"})
    assert build_payload(hook, event) == {"conversation": "c1"}


def test_encodings():
    payload = {"event": "message_received", "subject": None, "attachments": [], "is_sender": False}
    body, content_type = encode_body(payload, "json")
    assert content_type is None and orjson.loads(body) == payload
    body, content_type = encode_body(payload, "form")
    assert content_type == "application/x-www-form-urlencoded"
    assert parse_qs(body.decode(), keep_blank_values=True) == {
        "event": ["message_received"], "subject": [""], "attachments": ["[]"], "is_sender": ["false"],
    }
