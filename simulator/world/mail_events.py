"""Emails as the API shows them (reference part 2 §2.2) and as `mail_*` webhooks carry them
(§2.6): one set of field builders, so a REST `Email` and a `mail_received` payload agree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.clock import iso_ms
from simulator.world.emails import Address, Email, MailAttachment

if TYPE_CHECKING:
    from simulator.world.mail import EmailView


def address_fields(address: Address) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if address.display_name:
        body["display_name"] = address.display_name
    body["identifier"] = address.identifier
    body["identifier_type"] = "EMAIL_ADDRESS"
    return body


def attachment_fields(attachment: MailAttachment) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": attachment.id,
        "name": attachment.name,
        "size": attachment.size,
        "extension": attachment.extension,
        "mime": attachment.mime,
    }
    if attachment.cid is not None:
        body["cid"] = attachment.cid
    return body


def people_fields(email: Email) -> dict[str, Any]:
    return {
        "from_attendee": address_fields(email.sender),
        "to_attendees": [address_fields(a) for a in email.to],
        "cc_attendees": [address_fields(a) for a in email.cc],
        "bcc_attendees": [address_fields(a) for a in email.bcc],
        "reply_to_attendees": [address_fields(a) for a in email.reply_to],
    }


def in_reply_to_fields(email: Email, parent: Email | None) -> dict[str, Any] | None:
    if email.in_reply_to is None:
        return None
    message_id = parent.message_id if parent is not None else None
    return {"message_id": message_id, "id": email.in_reply_to}


def mail_event_data(view: EmailView) -> dict[str, Any]:
    """A `mail_received`, `mail_sent` or `mail_moved` payload after `event` and `account_id`,
    in the order of the documented example."""
    email = view.email
    data: dict[str, Any] = {
        "email_id": email.id,
        "date": iso_ms(email.date_ms),
        **people_fields(email),
        "provider_id": email.provider_id,
        "message_id": email.message_id,
        "has_attachments": bool(email.attachments),
        "subject": email.subject,
        "body": email.body,
        "body_plain": email.body_plain,
        "attachments": [attachment_fields(a) for a in email.attachments],
        "folders": [f.name for f in view.folders],
        "role": view.role,
        "read_date": iso_ms(view.read_ms) if view.read_ms is not None else None,
        "is_complete": True,
        "in_reply_to": in_reply_to_fields(email, view.parent.email if view.parent else None),
        "tracking_id": email.tracking_id,
        "origin": email.origin,
        "thread_id": email.thread_id,
    }
    return data
