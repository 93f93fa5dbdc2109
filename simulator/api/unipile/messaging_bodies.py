"""Reading what the messaging routes are sent: multipart forms (the way the official SDK sends
`POST /chats` and `POST /chats/{id}/messages`) and JSON bodies, into the world's commands.

Multipart field names are the SDK's: `attendees_ids` repeated, `linkedin[api]`,
`linkedin[inmail]` as "true"/"false", files under `attachments` (repeated), `voice_message`,
`video_message`. Both are read by simulator/api/bodies.py into the same models, so the same
policy and the same 400s apply. A body of another media type is a 415.
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Any, Literal

from pydantic import Field
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from simulator.api.bodies import Omittable, RequestBody, read_json, validate_fields
from simulator.api.forms import read_form
from simulator.api.pagination import decode_cursor, encode_cursor
from simulator.api.params import Query
from simulator.api.unipile.connect_bodies import DATETIME_MS
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.messaging import ChatQuery, MessageQuery, NewAttachment, NewChat

NonEmpty = Annotated[str, Field(min_length=1)]
_MULTIPART = "multipart/form-data"
_JSON = "application/json"
_BOOLEANS = {"true": True, "false": False}
# Options of the LinkedIn products the simulator accepts (reference §5.3); it acts on
# `applicant_id` and `job_posting_id` (writing to a job applicant), not on the others.
_IGNORED_LINKEDIN_OPTIONS = (
    "topic",
    "applicant_id",
    "invitation_id",
    "signature",
    "hiring_project_id",
    "job_posting_id",
    "email_address",
    "visibility",
)
_START_TEXT_FIELDS = ("account_id", "text", "subject", "linkedin[api]", "linkedin[inmail]") + tuple(
    f"linkedin[{name}]" for name in _IGNORED_LINKEDIN_OPTIONS
)
_SEND_TEXT_FIELDS = ("account_id", "text", "thread_id", "quote_id")
_FILE_FIELDS = ("attachments", "voice_message", "video_message")


class LinkedinOptions(RequestBody):
    api: Literal["classic", "recruiter", "sales_navigator"] = "classic"
    inmail: bool = False
    topic: Omittable[
        Literal["service_request", "request_demo", "support", "careers", "other"]
    ] = None
    applicant_id: Omittable[NonEmpty] = None
    invitation_id: Omittable[NonEmpty] = None
    signature: Omittable[NonEmpty] = None
    hiring_project_id: Omittable[NonEmpty] = None
    job_posting_id: Omittable[NonEmpty] = None
    email_address: Omittable[NonEmpty] = None
    visibility: Omittable[Literal["PUBLIC", "PRIVATE", "PROJECT"]] = None


class StartChatBody(RequestBody):
    account_id: NonEmpty
    attendees_ids: Annotated[list[NonEmpty], Field(min_length=1, max_length=100)]
    text: Omittable[str] = None
    subject: Omittable[str] = None
    linkedin: LinkedinOptions = LinkedinOptions()


class SendMessageBody(RequestBody):
    text: Omittable[str] = None
    account_id: Omittable[NonEmpty] = None
    thread_id: Omittable[NonEmpty] = None  # Slack threads: no LinkedIn meaning, accepted
    quote_id: Omittable[NonEmpty] = None  # a message of the chat this one quotes


async def read_new_chat(request: Request) -> NewChat:
    """The body of `POST /chats`, multipart or JSON."""
    if media_type(request) == _MULTIPART:
        form = await read_form(request)
        only_fields(form, _START_TEXT_FIELDS + ("attendees_ids",) + _FILE_FIELDS)
        attendees = _texts(form, "attendees_ids")
        if not attendees:
            raise ApiError("missing_parameters", "attendees_ids: required")
        options = {
            name: value
            for name in ("api", *_IGNORED_LINKEDIN_OPTIONS)
            if (value := text_field(form, f"linkedin[{name}]")) is not None
        }
        inmail = text_field(form, "linkedin[inmail]")
        if inmail is not None:
            if inmail not in _BOOLEANS:
                raise invalid_parameter("linkedin[inmail]", "must be true or false")
            options["inmail"] = _BOOLEANS[inmail]  # type: ignore[assignment]
        body = validate_fields(
            StartChatBody,
            {
                "account_id": _required_text(form, "account_id"),
                "attendees_ids": attendees,
                **_present(text=text_field(form, "text"), subject=text_field(form, "subject")),
                "linkedin": options,
            },
        )
        files = await _files(form)
    else:
        body = await read_json(request, StartChatBody)
        files = ()
    return NewChat(
        account_id=body.account_id,
        attendee_provider_ids=tuple(body.attendees_ids),
        text=body.text,
        subject=body.subject,
        api=body.linkedin.api,
        inmail=body.linkedin.inmail,
        attachments=files,
        applicant_id=body.linkedin.applicant_id,
        job_posting_id=body.linkedin.job_posting_id,
    )


async def read_new_message(request: Request) -> tuple[SendMessageBody, tuple[NewAttachment, ...]]:
    """The body of `POST /chats/{id}/messages`, multipart or JSON."""
    if media_type(request) == _MULTIPART:
        form = await read_form(request)
        only_fields(form, _SEND_TEXT_FIELDS + _FILE_FIELDS)
        fields = {name: text_field(form, name) for name in _SEND_TEXT_FIELDS}
        body = validate_fields(SendMessageBody, _present(**fields))
        return body, await _files(form)
    return await read_json(request, SendMessageBody), ()


def instant(query: Query, name: str) -> int | None:
    """An exclusive `before`/`after` bound: ISO-8601 with milliseconds and `Z` (§1.2)."""
    if not query.has(name):
        return None
    raw = query.required_text(name)
    if not re.fullmatch(DATETIME_MS, raw):
        raise invalid_parameter(
            name, "expected an ISO-8601 UTC instant like 2026-01-05T09:00:00.000Z"
        )
    day, _, clock = raw.rstrip("Z").partition("T")
    year, month, date = (int(part) for part in day.split("-"))
    hours, minutes, seconds = clock.split(":")
    whole, _, millis = seconds.partition(".")
    epoch_s = calendar.timegm((year, month, date, int(hours), int(minutes), int(whole), 0, 0, 0))
    return epoch_s * 1000 + int(millis)  # a bound only: any instant the pattern allows


def media_type(request: Request) -> str:
    """multipart/form-data or application/json (a body without a type is read as JSON)."""
    raw = request.headers.get("content-type")
    media_type = (raw or _JSON).split(";", 1)[0].strip().lower()
    if media_type not in (_MULTIPART, _JSON):
        raise ApiError(
            "unsupported_media_type",
            f"content-type: {media_type} is not accepted; send multipart/form-data or "
            "application/json",
        )
    return media_type


def only_fields(form: FormData, accepted: tuple[str, ...]) -> None:
    for name in form:
        if name not in accepted:
            raise invalid_parameter(name, "unknown field")


def _texts(form: FormData, name: str) -> list[str]:
    values = form.getlist(name)
    for value in values:
        if not isinstance(value, str):
            raise invalid_parameter(name, "expected a text field, got a file")
    return values  # type: ignore[return-value]


def text_field(form: FormData, name: str) -> str | None:
    values = _texts(form, name)
    if len(values) > 1:
        raise invalid_parameter(name, "given more than once")
    return values[0] if values else None


def _required_text(form: FormData, name: str) -> str:
    value = text_field(form, name)
    if value is None:
        raise ApiError("missing_parameters", f"{name}: required")
    return value


def _present(**fields: str | None) -> dict[str, str]:
    return {name: value for name, value in fields.items() if value is not None}


async def _files(form: FormData) -> tuple[NewAttachment, ...]:
    files: list[NewAttachment] = []
    for name in _FILE_FIELDS:
        parts = form.getlist(name)
        if name != "attachments" and len(parts) > 1:
            raise invalid_parameter(name, "one file at most")
        for part in parts:
            if not isinstance(part, UploadFile):
                raise invalid_parameter(name, "expected a file")
            content = await part.read()
            files.append(
                NewAttachment(
                    file_name=part.filename or name,
                    declared_type=part.content_type,
                    content=content,
                    voice_note=name == "voice_message",
                    video_message=name == "video_message",
                )
            )
    return tuple(files)


# -- list queries: filters travel in the cursor, so a cursor ignores the other parameters ------

ACCOUNT_TYPES = ("WHATSAPP", "LINKEDIN", "SLACK", "TWITTER", "MESSENGER", "INSTAGRAM", "TELEGRAM")


def chat_list_position(
    query: Query, list_name: str, with_unread: bool = True
) -> tuple[ChatQuery, tuple[int, int] | None, int]:
    """(filters, where to resume, limit) of a chat list, from the query or its cursor."""
    cursor = query.text("cursor")
    if cursor is not None:
        limit, position = decode_cursor(cursor, list_name)
        try:
            ids, account_type, unread, before_ms, after_ms = position["filters"]
            filters = ChatQuery(
                tuple(ids) if ids is not None else None, account_type, unread, before_ms, after_ms
            )
            return filters, sort_key(position["key"]), limit
        except (TypeError, KeyError, ValueError):
            raise invalid_parameter("cursor", "not a cursor returned by this list") from None
    raw_ids = query.text("account_id")
    filters = ChatQuery(
        account_ids=_account_ids(raw_ids) if raw_ids is not None else None,
        account_type=query.choice("account_type", ACCOUNT_TYPES) if with_unread else None,
        unread=_boolean(query, "unread") if with_unread else None,
        before_ms=instant(query, "before"),
        after_ms=instant(query, "after"),
    )
    return filters, None, query.integer("limit", 100, 1, 250)


def chat_list_cursor(list_name: str, filters: ChatQuery, limit: int, key: Any | None) -> str | None:
    if key is None:
        return None
    fields = [
        list(filters.account_ids) if filters.account_ids is not None else None,
        filters.account_type,
        filters.unread,
        filters.before_ms,
        filters.after_ms,
    ]
    return encode_cursor(list_name, limit, {"filters": fields, "key": key})


def message_list_position(
    query: Query, list_name: str
) -> tuple[MessageQuery, tuple[int, int] | None, int]:
    cursor = query.text("cursor")
    if cursor is not None:
        limit, position = decode_cursor(cursor, list_name)
        try:
            account_id, sender_id, before_ms, after_ms = position["filters"]
            filters = MessageQuery(account_id, sender_id, before_ms, after_ms)
            return filters, sort_key(position["key"]), limit
        except (TypeError, KeyError, ValueError):
            raise invalid_parameter("cursor", "not a cursor returned by this list") from None
    if not query.has_any(_MESSAGE_FILTERS):  # the common page: no filter to read
        return _NO_MESSAGE_FILTERS, None, query.integer("limit", 100, 1, 250)
    filters = MessageQuery(
        account_id=query.text("account_id"),
        sender_id=query.text("sender_id"),
        before_ms=instant(query, "before"),
        after_ms=instant(query, "after"),
    )
    return filters, None, query.integer("limit", 100, 1, 250)


_MESSAGE_FILTERS = ("account_id", "sender_id", "before", "after")
_NO_MESSAGE_FILTERS = MessageQuery()


def message_list_cursor(
    list_name: str, filters: MessageQuery, limit: int, key: Any | None
) -> str | None:
    if key is None:
        return None
    fields = [filters.account_id, filters.sender_id, filters.before_ms, filters.after_ms]
    return encode_cursor(list_name, limit, {"filters": fields, "key": key})


def sort_key(raw: Any) -> tuple[int, int]:
    """A `(timestamp_ms, seq)` position read back from a cursor."""
    if (
        isinstance(raw, (list, tuple))
        and len(raw) == 2
        and all(isinstance(part, int) and not isinstance(part, bool) for part in raw)
    ):
        return (raw[0], raw[1])
    raise ValueError("not a sort key")


def _account_ids(raw: str) -> tuple[str, ...]:
    """`account_id` may be a comma-separated list (reference §5.1)."""
    ids = tuple(raw.split(","))
    if any(not part for part in ids):
        raise invalid_parameter("account_id", "an empty id in the comma-separated list")
    return tuple(dict.fromkeys(ids))


def _boolean(query: Query, name: str) -> bool | None:
    raw = query.choice(name, ("true", "false"))
    return None if raw is None else raw == "true"
