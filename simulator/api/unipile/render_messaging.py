"""JSON shapes of the messaging routes (reference §5.2-5.5): each built here and only here.

The REST objects use 0/1 integers where the API does (`unread`, `is_sender`, `seen`...), and
each object keeps its own distance vocabulary: `network_distance` `DISTANCE_1`... on attendees,
`attendee_distance` 1/2/3/4 (-1 for the account itself) on messages.
"""

from __future__ import annotations

from typing import Any

import orjson

from simulator.clock import iso_ms
from simulator.world.chats import Chat
from simulator.world.contacts import INSTAGRAM, LINKEDIN, WHATSAPP, Contact
from simulator.world.message_events import (
    ATTENDEE_DISTANCES,
    attachment_fields,
    contact_profile_url,
)
from simulator.world.messages import Message
from simulator.world.messaging import AttendeeView, ChatView, MessageView
from simulator.world.people import OUT_OF_NETWORK
from simulator.world.provider_ids import message_provider_id

_SELF_DISTANCE = -1
# Unipile's document gives Instagram attendees `specifics` (the relationship with the account),
# but every attendee validator of the official node SDK allows LinkedIn's only, so a client on
# the SDK fails on them at validation level `error`. The SDK wins here; True serves them.
INSTAGRAM_SPECIFICS = False


def chat_json(chat: Chat) -> dict[str, Any]:
    timestamp = chat.timestamp_ms
    body: dict[str, Any] = {
        "object": "Chat",
        "id": chat.id,
        "account_id": chat.account_id,
        "account_type": chat.account_type,
        "provider_id": chat.provider_id,
    }
    if not chat.is_group:
        body["attendee_provider_id"] = chat.attendees[0].provider_id
    body |= {
        "name": chat.name,
        "type": 1 if chat.is_group else 0,
        "timestamp": iso_ms(timestamp) if timestamp is not None else None,
        "unread_count": chat.unread_count,
        "unread": 1 if chat.unread_count else 0,
        "archived": 0,
        "muted_until": None,
        "read_only": 0,
        "pinned": 0,
        "disabledFeatures": list(chat.disabled_features),
        "folder": list(chat.folder),
    }
    if chat.subject is not None:
        body["subject"] = chat.subject
    if chat.content_type is not None:
        body["content_type"] = chat.content_type
    return body


def chat_with_last_message_json(view: ChatView) -> dict[str, Any]:
    body = chat_json(view.chat)
    body["lastMessage"] = message_json(view.last_message) if view.last_message else None
    return body


def message_json(view: MessageView) -> dict[str, Any]:
    body = dict(_rendered(view.message, view.chat).fields)
    body["seen"] = 1 if view.seen else 0
    if view.chat.account_type != LINKEDIN:  # receipts, and who saw it
        body["delivered"] = 1 if view.delivered else 0
        if view.seen and view.message.is_sender:
            body["seen_by"] = {attendee.provider_id: True for attendee in view.chat.attendees}
    elif view.sender_distance is not None:
        body["attendee_distance"] = view.sender_distance
    quoted = view.quoted
    if quoted is not None:
        body["quoted"] = {
            "provider_id": message_provider_id(view.chat.account_type, quoted.id),
            "sender_id": quoted.sender.provider_id,
            "text": quoted.text,
            "attachments": [attachment_fields(a) for a in quoted.attachments],
        }
    changes = view.changes
    if changes is not None:
        if changes.edited:
            body["text"], body["edited"] = changes.text, 1
        if changes.deleted:
            body["text"], body["attachments"], body["deleted"] = None, [], 1
        body["reactions"] = [
            {"value": value, "sender_id": who.provider_id, "is_sender": who.is_self}
            for value, who in changes.reactions
        ]
    return body


def message_fragment(view: MessageView) -> orjson.Fragment:
    """`message_json` already serialized, for the list routes: the same bytes, made by joining
    the message's kept JSON around the reader's two fields instead of serializing it again,
    and kept per value of those two fields (a few per message)."""
    rendered = _rendered(view.message, view.chat)
    if view.chat.account_type != LINKEDIN or view.changes is not None or view.quoted is not None:
        # receipts, changes, a quote: made whole
        return orjson.Fragment(orjson.dumps(message_json(view)))
    wanted = (view.seen, view.sender_distance)
    fragment = rendered.fragments.get(wanted)
    if fragment is None:
        fragment = rendered.fragments[wanted] = _joined(rendered.parts, *wanted)
    return fragment


def _joined(parts: tuple[bytes, ...], seen: bool, distance: int | None) -> orjson.Fragment:
    return orjson.Fragment(
        b"".join(
            (
                parts[0],
                b"1" if seen else b"0",
                parts[1],
                b"%d" % (_SELF_DISTANCE if distance is None else distance),
                parts[2],
            )
        )
    )


class _Rendered:
    """A message's fixed fields, as a dict and as JSON cut around the reader's two fields."""

    __slots__ = ("message", "fields", "parts", "fragments")

    def __init__(self, message: Message, fields: dict[str, Any]) -> None:
        self.message = message
        self.fields = fields
        # (seen, distance) -> the whole message's bytes: at most 2 x 5 entries.
        self.fragments: dict[tuple[bool, int | None], orjson.Fragment] = {}
        self.parts: tuple[bytes, ...] = ()
        if "attendee_distance" not in fields:  # off LinkedIn: never joined (message_fragment)
            return
        whole = orjson.dumps(fields)
        # Keys are never inside a JSON string, where every quote is escaped: each marker is
        # found once, at its key.
        seen = whole.index(_SEEN_MARKER) + len(_SEEN_MARKER)
        distance = whole.index(_DISTANCE_MARKER, seen) + len(_DISTANCE_MARKER)
        self.parts = (
            whole[:seen],
            whole[seen + 1 : distance],  # past the placeholder 0
            whole[distance + len(b"%d" % _SELF_DISTANCE) :],
        )


_SEEN_MARKER = b'"seen":'
_DISTANCE_MARKER = b'"attendee_distance":'

# A message is immutable (world/messages.py), so its fields are rendered once and copied, but
# for the two that depend on who reads it and when. A bounded cache, by id: a world may hold a
# million messages. The entry keeps its message, so an id from another world never matches.
_MESSAGE_FIELDS_KEPT = 20_000
_message_fields_cache: dict[str, _Rendered] = {}


def _rendered(message: Message, chat: Chat) -> _Rendered:
    cached = _message_fields_cache.get(message.id)
    if cached is not None and cached.message is message:
        return cached
    rendered = _Rendered(message, _render_message_fields(message, chat))
    if len(_message_fields_cache) >= _MESSAGE_FIELDS_KEPT:
        del _message_fields_cache[next(iter(_message_fields_cache))]  # the oldest rendered
    _message_fields_cache[message.id] = rendered
    return rendered


def _render_message_fields(message: Message, chat: Chat) -> dict[str, Any]:
    sender = message.sender
    provider = chat.account_type
    provider_id = message_provider_id(provider, message.id)
    body = {
        "object": "Message",
        "id": message.id,
        "account_id": message.account_id,
        "chat_id": chat.id,
        "chat_provider_id": chat.provider_id,
        "provider_id": provider_id,
        "sender_id": sender.provider_id,
        "sender_attendee_id": sender.id,
        "text": message.text,
        "attachments": [attachment_fields(a) for a in message.attachments],
        "timestamp": iso_ms(message.timestamp_ms),
        "is_sender": 1 if sender.is_self else 0,
        "reactions": [],
        "seen": 0,  # the reader's: message_json
        "seen_by": {},
        "hidden": 0,
        "deleted": 0,
        "edited": 0,
        "is_event": 0 if message.event_type is None else 1,
        "delivered": 1,
        "behavior": None,
        "original": _original(provider, provider_id, sender.provider_id, message),
        "subject": message.subject,
        "message_type": message.message_type,
    }
    if message.event_type is not None:
        body["event_type"] = message.event_type
    if provider == LINKEDIN:
        body["attendee_type"] = "MEMBER"
        body["attendee_distance"] = _SELF_DISTANCE  # the reader's: message_json
        body["sender_urn"] = f"urn:li:fsd_profile:{sender.provider_id}"
    return body


def attendee_json(view: AttendeeView) -> dict[str, Any]:
    attendee = view.attendee
    person = attendee.person
    body: dict[str, Any] = {
        "object": "ChatAttendee",
        "id": attendee.id,
        "account_id": attendee.account_id,
        "provider_id": attendee.provider_id,
        "name": view.name,
        "is_self": 1 if attendee.is_self else 0,
        "hidden": 0,
    }
    if view.provider != LINKEDIN:
        return _provider_attendee(body, attendee.contact, view)
    if person is not None and person.picture_url:
        body["picture_url"] = person.picture_url
    if view.public_identifier:
        body["profile_url"] = f"https://www.linkedin.com/in/{view.public_identifier}"
    specifics: dict[str, Any] = {
        "provider": "LINKEDIN",
        "member_urn": f"urn:li:fsd_profile:{attendee.provider_id}",
    }
    if person is not None:
        specifics["occupation"] = person.headline
        distance = view.distance if view.distance is not None else OUT_OF_NETWORK
        specifics["network_distance"] = ATTENDEE_DISTANCES[distance]
        specifics["pending_invitation"] = view.pending_invitation
        specifics["location"] = person.location.name
        specifics["headline"] = person.headline
    body["specifics"] = specifics
    return body


def _provider_attendee(
    body: dict[str, Any], contact: Contact | None, view: AttendeeView
) -> dict[str, Any]:
    """An attendee on WhatsApp, Instagram, Telegram or Messenger: no LinkedIn specifics;
    Instagram's would be the relationship with the account (reference part 2 §3.1), served
    only with INSTAGRAM_SPECIFICS."""
    if contact is not None and contact.person is not None and contact.person.picture_url:
        body["picture_url"] = contact.person.picture_url
    if contact is not None and (url := contact_profile_url(contact)):
        body["profile_url"] = url
    if INSTAGRAM_SPECIFICS and contact is not None and contact.provider == INSTAGRAM:
        body["specifics"] = {
            "provider": INSTAGRAM,
            "public_identifier": contact.username or "",
            "relationship_status": {
                "following": view.follows is not None and view.follows[0],
                "followed_by": view.follows is not None and view.follows[1],
            },
        }
    return body


def chat_started_json(chat_id: str, message_id: str) -> dict[str, Any]:
    return {"object": "ChatStarted", "chat_id": chat_id, "message_id": message_id}


def message_sent_json(message_id: str) -> dict[str, Any]:
    return {"object": "MessageSent", "message_id": message_id}


def message_forwarded_json(message_id: str) -> dict[str, Any]:
    return {"object": "MessageForwarded", "message_id": message_id}


def chat_sync_json(chat_id: str, status: str) -> dict[str, Any]:
    return {"object": "ChatHistorySync", "chat_id": chat_id, "status": status}


def chat_patched_json() -> dict[str, Any]:
    return {"object": "ChatPatched"}


def _original(provider: str, provider_id: str, sender_id: str, message: Message) -> str:
    """The provider's raw event, as a JSON string (reference §5.4 `original`)."""
    text, at_ms = message.text, message.timestamp_ms
    if provider == LINKEDIN:
        raw: dict[str, Any] = {
            "entityUrn": f"urn:li:msg_message:({sender_id},{provider_id})",
            "deliveredAt": at_ms,
            "body": {"text": text or ""},
            "sender": f"urn:li:fsd_profile:{sender_id}",
        }
    elif provider == WHATSAPP:
        raw = {
            "key": {"id": provider_id, "fromMe": message.is_sender, "remoteJid": sender_id},
            "messageTimestamp": at_ms // 1000,
            "message": {"conversation": text or ""},
        }
    else:
        raw = {"id": provider_id, "sender": sender_id, "timestamp": at_ms, "text": text or ""}
    return orjson.dumps(raw).decode("utf-8")
