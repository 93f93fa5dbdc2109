"""JSON shapes of the email routes (reference part 2 §2.2, §2.4): built here and only here.

An email is `2_full` by default and `1_meta` with `meta_only=true` (empty bodies, and the parent
email, when the mailbox has it, as `parent_mail`). Headers come with `include_headers=true`,
written from the email's own fields with the standard library's `email.utils`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, formataddr
from typing import Any

from simulator.clock import iso_ms
from simulator.world.emails import Address, Email
from simulator.world.mail import EmailView, FolderView
from simulator.world.mail_events import attachment_fields, in_reply_to_fields, people_fields


def email_json(
    view: EmailView, account_type: str, meta_only: bool = False, headers: bool = False
) -> dict[str, Any]:
    email = view.email
    body: dict[str, Any] = {
        "object": "Email",
        "kind": "1_meta" if meta_only else "2_full",
        "id": email.id,
        "deprecated_id": email.id,
        "account_id": email.account_id,
        "type": account_type,
        "date": iso_ms(email.date_ms),
        "role": view.role,
        "folders": [f.name for f in view.folders],
        "folderIds": [f.provider_id for f in view.folders],
        "read_date": iso_ms(view.read_ms) if view.read_ms is not None else None,
        "message_id": email.message_id,
        "provider_id": email.provider_id,
        **people_fields(email),
        "subject": email.subject,
        "body": "" if meta_only else email.body,
        "body_plain": "" if meta_only else email.body_plain,
        "has_attachments": bool(email.attachments),
        "attachments": [attachment_fields(a) for a in email.attachments],
        "origin": email.origin,
        "thread_id": email.thread_id,
    }
    in_reply_to = in_reply_to_fields(email, view.parent.email if view.parent else None)
    if in_reply_to is not None:
        body["in_reply_to"] = in_reply_to
    if email.tracking_id is not None:
        body["tracking_id"] = email.tracking_id
    if meta_only and view.parent is not None:
        body["parent_mail"] = email_json(view.parent, account_type, meta_only=True)
    if headers:
        parent = view.parent.email if view.parent is not None else None
        body["headers"] = [{"name": n, "value": v} for n, v in email_headers(email, parent)]
    return body


def email_headers(email: Email, parent: Email | None = None) -> list[tuple[str, str]]:
    written = [
        ("From", _address(email.sender)),
        ("To", ", ".join(_address(a) for a in email.to)),
    ]
    if email.cc:
        written.append(("Cc", ", ".join(_address(a) for a in email.cc)))
    written += [
        ("Subject", email.subject),
        ("Date", format_datetime(datetime.fromtimestamp(email.date_ms / 1000, UTC))),
        ("Message-ID", email.message_id),
    ]
    if parent is not None:  # how mail clients thread a reply (RFC 5322 §3.6.4)
        written += [("In-Reply-To", parent.message_id), ("References", parent.message_id)]
    return written + list(email.headers)


def _address(address: Address) -> str:
    return formataddr((address.display_name or "", address.identifier))


def folder_json(view: FolderView) -> dict[str, Any]:
    folder = view.folder
    return {
        "object": "Folder",
        "id": folder.id,
        "name": folder.name,
        "account_id": folder.account_id,
        "role": folder.role,
        "nb_mails": view.count,
        "provider_id": folder.provider_id,
        "status": "SYNC",
    }
