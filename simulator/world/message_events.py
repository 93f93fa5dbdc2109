"""What the world tells webhooks about messages (reference §7.3), and the attachment and
attendee shapes those payloads share with the REST objects.

The webhook layer (simulator/webhooks/payloads.py) adds `event`, `account_id` and
`webhook_name`; everything else of the payload is built here, once, in §7.3's order.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from simulator.clock import iso_ms
from simulator.world.contacts import (
    INSTAGRAM,
    LINKEDIN,
    MESSENGER,
    TELEGRAM,
    WHATSAPP,
    Contact,
    own_provider_id,
)
from simulator.world.people import FIRST, OUT_OF_NETWORK, SECOND, THIRD
from simulator.world.provider_ids import message_provider_id

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.attendees import Attendee
    from simulator.world.chats import Chat
    from simulator.world.messages import Attachment, Message

# The attendee and search vocabulary of distances (reference §5.5), by network distance.
ATTENDEE_DISTANCES = {
    FIRST: "DISTANCE_1",
    SECOND: "DISTANCE_2",
    THIRD: "DISTANCE_3",
    OUT_OF_NETWORK: "OUT_OF_NETWORK",
}


def attachment_fields(attachment: Attachment) -> dict[str, Any]:
    """One attachment, as Message objects and webhook payloads show it (reference §5.4)."""
    body: dict[str, Any] = {
        "id": attachment.id,
        "type": attachment.kind,
        "file_size": attachment.size,
        "unavailable": False,
        "mimetype": attachment.mimetype,
    }
    if attachment.kind == "img":
        body["size"] = {"width": attachment.width, "height": attachment.height}
        body["sticker"] = attachment.sticker
    elif attachment.kind == "video":
        body["size"] = {"width": attachment.width, "height": attachment.height}
        body["gif"] = False
    elif attachment.kind == "audio":
        body["voice_note"] = attachment.voice_note
        if attachment.duration_s is not None:
            body["duration"] = attachment.duration_s
    else:
        body["file_name"] = attachment.file_name
    return body


def member_number(provider_id: str) -> str:
    """The account's own `urn:li:member:<n>` number (people carry theirs; accounts do not)."""
    return str(zlib.crc32(f"member/{provider_id}".encode()) % 10**9).rjust(9, "1")


def contact_profile_url(contact: Contact) -> str | None:
    """Where the provider shows the contact (WhatsApp's click-to-chat link for a number)."""
    if contact.provider == WHATSAPP:
        return f"https://wa.me/{contact.phone}"
    if contact.provider == INSTAGRAM:
        return f"https://www.instagram.com/{contact.username}"
    if contact.provider == TELEGRAM:
        return f"https://t.me/{contact.username}"
    if contact.provider == MESSENGER:
        return f"https://www.facebook.com/{contact.provider_id}"
    return None


def sender_fields(attendee: Attendee, account: Account, distance: int | None) -> dict[str, Any]:
    """An attendee in a webhook payload (`sender`, `attendees[]`): flat `attendee_*` keys."""
    if account.type != LINKEDIN:
        return _provider_sender_fields(attendee, account)
    person = attendee.person
    specifics: dict[str, Any] = {"provider": "LINKEDIN"}
    if person is None:
        name = account.name
        specifics["member_urn"] = f"urn:li:member:{member_number(attendee.provider_id)}"
        public_identifier = account.public_identifier
    else:
        name = person.full_name
        specifics["member_urn"] = f"urn:li:member:{person.member_urn}"
        specifics["occupation"] = person.headline
        public_identifier = person.public_identifier
    specifics["is_company"] = False
    if distance is not None:
        specifics["network_distance"] = ATTENDEE_DISTANCES[distance]
    return {
        "attendee_id": attendee.id,
        "attendee_provider_id": attendee.provider_id,
        "attendee_name": name,
        "attendee_profile_url": f"https://www.linkedin.com/in/{attendee.provider_id}",
        "attendee_specifics": specifics,
        "attendee_public_identifier": public_identifier,
    }


def _provider_sender_fields(attendee: Attendee, account: Account) -> dict[str, Any]:
    """Off LinkedIn: the contact's name, handle and profile link; `attendee_specifics` names
    the provider only (Instagram adds the handle)."""
    contact = attendee.contact
    specifics: dict[str, Any] = {"provider": account.type}
    if contact is None:  # the account itself
        name, handle, url = account.name, account.username, ""
    else:
        name, handle, url = contact.name, contact.username, contact_profile_url(contact) or ""
    if account.type == INSTAGRAM and handle:
        specifics["public_identifier"] = handle
    return {
        "attendee_id": attendee.id,
        "attendee_provider_id": attendee.provider_id,
        "attendee_name": name,
        "attendee_profile_url": url,
        "attendee_specifics": specifics,
        "attendee_public_identifier": handle,
    }


def message_received_data(
    account: Account,
    chat: Chat,
    message: Message,
    sender: dict[str, Any],
    attendees: list[dict[str, Any]],
    quoted: Message | None = None,
) -> dict[str, Any]:
    """The `message_received` payload of §7.3 (for messages sent and received alike)."""
    account_info: dict[str, Any] = {"type": account.type}
    if account.type == LINKEDIN:
        account_info["feature"] = chat.api
    account_info["user_id"] = own_provider_id(account)
    return {
        "account_type": account.type,
        "account_info": account_info,
        "chat_id": chat.id,
        "message_id": message.id,
        "message": message.text,
        "timestamp": iso_ms(message.timestamp_ms),
        "subject": message.subject,
        "attachments": [attachment_fields(a) for a in message.attachments],
        "sender": sender,
        "attendees": attendees,
        "is_sender": message.is_sender,
        "provider_chat_id": chat.provider_id,
        "provider_message_id": message_provider_id(account.type, message.id),
        "is_event": 0 if message.event_type is None else 1,
        "chat_pinned": 0,
        "quoted": _quoted_fields(account, quoted) if quoted is not None else None,
        "reply_to": None,
        "is_forwarded": True if message.forwarded else None,
        "chat_content_type": chat.content_type,
        "message_type": message.message_type,
        "is_group": chat.is_group,
        "folder": list(chat.folder),
        "event_type": message.event_type,
    }


def message_read_data(
    account: Account, chat: Chat, at_ms: int, message_id: str | None = None
) -> dict[str, Any]:
    """`message_read`: the chat was read up to its latest message (reference §7.3); off
    LinkedIn also the other side's read receipt, up to `message_id`, the account's latest."""
    last = chat.last_message
    if message_id is None and last is not None:
        message_id = last.id
    return {
        "account_type": account.type,
        "chat_id": chat.id,
        "timestamp": iso_ms(at_ms),
        "message_id": message_id,
    }


def message_receipt_data(
    account: Account,
    chat: Chat,
    message: Message,
    sender: dict[str, Any],
    attendees: list[dict[str, Any]],
) -> dict[str, Any]:
    """`message_delivered` (reference part 2 §3.3: keys OPEN): the `message_received`
    envelope without the message's content."""
    received = message_received_data(account, chat, message, sender, attendees)
    return {key: received[key] for key in _RECEIPT_KEYS}


_RECEIPT_KEYS = (
    "account_type", "account_info", "chat_id", "message_id", "provider_chat_id",
    "provider_message_id", "timestamp", "sender", "attendees", "is_group",
)  # fmt: skip


def _quoted_fields(account: Account, quoted: Message) -> dict[str, Any]:
    """The message a message quotes, as payloads show it: its ids, sender and text."""
    return {
        "id": quoted.id,
        "provider_id": message_provider_id(account.type, quoted.id),
        "sender_id": quoted.sender.provider_id,
        "text": quoted.text,
    }
