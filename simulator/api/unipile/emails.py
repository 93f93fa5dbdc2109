"""/api/v1/emails, /api/v1/drafts and /api/v1/folders: send, draft, list, read, mark, move and
delete emails, their attachments' bytes, and the folders of each mailbox (reference part 2
§2.1, §2.3)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, read_json
from simulator.api.pagination import decode_cursor, encode_cursor, list_body
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.email_bodies import read_new_email
from simulator.api.unipile.messaging_bodies import instant, sort_key
from simulator.api.unipile.render_email import email_json, folder_json
from simulator.world.emails import EmailQuery
from simulator.world.errors import invalid_parameter
from simulator.world.mail_folders import ROLES
from simulator.world.world import World

_EMAILS = "emails"
_LIST_PARAMS = (
    "account_id", "limit", "cursor", "before", "after", "folder", "from", "to", "any_email",
    "message_id", "thread_id", "meta_only", "include_headers", "role",
)  # fmt: skip
_FILTERS = ("folder", "role", "from", "to", "any_email", "message_id", "thread_id")


async def list_emails(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, _LIST_PARAMS)
    account_id = query.required_text("account_id")
    meta_only, headers = _kind(query)
    cursor = query.text("cursor")
    if cursor is not None:
        limit, position = decode_cursor(cursor, _EMAILS)
        try:
            filters, after = _filters_from(position["filters"]), sort_key(position["key"])
        except (TypeError, KeyError, ValueError):
            raise invalid_parameter("cursor", "not a cursor returned by this list") from None
    else:
        limit, after = query.integer("limit", 100, 1, 250), None
        filters = _filters(query)
    account = world.accounts.get(account_id)
    views, next_key = world.mail.page(account_id, filters, after, limit)
    next_cursor = None
    if next_key is not None:
        fields = [
            filters.folder, filters.role, filters.sender, filters.recipient,
            list(filters.any_email), filters.message_id, filters.thread_id, filters.before_ms,
            filters.after_ms,
        ]  # fmt: skip
        next_cursor = encode_cursor(_EMAILS, limit, {"filters": fields, "key": next_key})
    items = [email_json(v, account.type, meta_only, headers) for v in views]
    return json_response(200, list_body("EmailList", items, next_cursor))


def _kind(query: Query) -> tuple[bool, bool]:
    meta_only = query.choice("meta_only", ("true", "false")) == "true"
    headers = query.choice("include_headers", ("true", "false")) == "true"
    if meta_only and headers:
        raise invalid_parameter("include_headers", "needs meta_only=false")
    return meta_only, headers


def _filters(query: Query) -> EmailQuery:
    if not query.has_any((*_FILTERS, "before", "after")):
        return _NO_FILTERS
    any_email = query.text("any_email")
    items = any_email.split(",") if any_email else []
    if any(not item for item in items):
        raise invalid_parameter("any_email", "an empty address in the comma-separated list")
    addresses = tuple(item.strip() for item in items)
    return EmailQuery(
        folder=query.text("folder"),
        role=query.choice("role", ROLES),
        sender=query.text("from"),
        recipient=query.text("to"),
        any_email=addresses,
        message_id=query.text("message_id"),
        thread_id=query.text("thread_id"),
        before_ms=instant(query, "before"),
        after_ms=instant(query, "after"),
    )


_NO_FILTERS = EmailQuery()


def _filters_from(raw: Any) -> EmailQuery:
    folder, role, sender, recipient, any_email, message_id, thread_id, before, after = raw
    texts = (folder, role, sender, recipient, message_id, thread_id)
    if not all(v is None or isinstance(v, str) for v in texts):
        raise ValueError("not a filter")
    if not isinstance(any_email, list) or not all(isinstance(a, str) for a in any_email):
        raise ValueError("not a filter")
    if not all(v is None or _is_int(v) for v in (before, after)):
        raise ValueError("not a filter")
    return EmailQuery(folder, role, sender, recipient, tuple(any_email), message_id, thread_id,
                      before, after)  # fmt: skip


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


async def get_email(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "include_headers"))
    headers = query.choice("include_headers", ("true", "false")) == "true"
    view = world.mail.email(request.path_params["email_id"], query.text("account_id"))
    account = world.accounts.get(view.email.account_id)
    return json_response(200, email_json(view, account.type, headers=headers))


class EmailUpdate(RequestBody):
    unread: Omittable[bool] = None
    folders: Omittable[
        Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1, max_length=50)]
    ] = None


async def update_email(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    body = await read_json(request, EmailUpdate)
    folders = tuple(body.folders) if body.folders is not None else None
    email_id, account_id = request.path_params["email_id"], query.text("account_id")
    world.mail.update(email_id, account_id, body.unread, folders)
    return json_response(200, {"object": "EmailUpdated"})


async def delete_email(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    world.mail.delete(request.path_params["email_id"], query.text("account_id"))
    return json_response(200, {"object": "EmailDeleted"})


async def get_email_attachment(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    attachment = world.mail.attachment(
        request.path_params["email_id"], request.path_params["attachment_id"],
        query.text("account_id"),
    )  # fmt: skip
    disposition = f"attachment; filename*=UTF-8''{quote(attachment.name, safe='')}"
    return Response(
        attachment.content, media_type=attachment.mime, headers={"Content-Disposition": disposition}
    )


async def list_folders(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    folders = world.mail.folders(query.text("account_id"))
    return json_response(200, {"object": "FolderList", "items": [folder_json(f) for f in folders]})


async def get_folder(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    view = world.mail.folder(request.path_params["folder_id"], query.text("account_id"))
    return json_response(200, folder_json(view))


async def send_email(request: Request) -> Response:
    world: World = request.state.world
    new = await read_new_email(request)
    sent = world.mail.outbox.send(new, _site(request))
    email = sent.view.email
    return json_response(
        201,
        {
            "object": "EmailSent",
            "tracking_id": sent.tracking_id,
            "id": email.id if sent.ids_returned else None,
            "provider_id": email.provider_id if sent.ids_returned else None,
        },
    )


async def create_draft(request: Request) -> Response:
    world: World = request.state.world
    new = await read_new_email(request)
    if new.draft_id is not None:
        raise invalid_parameter("draft_id", "a draft is made from its fields, not from a draft")
    view = world.mail.outbox.draft(new)
    return json_response(200, {"object": "DraftCreated", "draft_id": view.email.id})


def _site(request: Request) -> str:
    """Where the client reached the simulator: tracked URLs point back to it."""
    return f"{request.url.scheme}://{request.url.netloc}"
