"""/_sim/chats/{id}/reply, /read, /react, /edit, /delete, /leave, /subject: the other side of
a chat writes, reads what the account sent (off LinkedIn), reacts to a message, edits or
deletes what it sent, leaves or renames a group, driven by test code instead of the
behaviours. Announced as `message_received` with `is_sender: false`, `message_read`,
`message_reaction`, `message_edited`, `message_deleted`, and group events as
`message_received` with `is_event: 1`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, read_json
from simulator.api.control.render import chat_replied_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.world.messages import Message
from simulator.world.messaging import SUBJECT_MAX_CHARS, TEXT_MAX_CHARS, Messaging


class Reply(RequestBody):
    form: Literal["text", "voice_note", "sticker"] = "text"
    text: Omittable[Annotated[str, Field(min_length=1, max_length=TEXT_MAX_CHARS)]] = None
    quote_id: Omittable[Annotated[str, Field(min_length=1)]] = None


async def reply(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, Reply)
    chat_id = request.path_params["chat_id"]
    message = world.messaging.reply(chat_id, body.text, body.quote_id, body.form)
    chat = world.messaging.chat(chat_id).chat
    return json_response(201, chat_replied_json(chat, message))


async def read_by_contact(request: Request) -> Response:
    """POST /_sim/chats/{id}/read: the other side's read receipt, now (off LinkedIn)."""
    Query(request, ())
    world = world_of(request)
    chat_id = request.path_params["chat_id"]
    message = world.messaging.contact_reads(chat_id)
    return json_response(
        200,
        {
            "object": "ChatReadByContact",
            "chat_id": chat_id,
            "message_id": message.id if message is not None else None,
        },
    )


class Reaction(RequestBody):
    message_id: Annotated[str, Field(min_length=1)]
    value: Annotated[str, Field(min_length=1, max_length=32)]


class Edit(RequestBody):
    message_id: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1, max_length=TEXT_MAX_CHARS)]


class Deletion(RequestBody):
    message_id: Annotated[str, Field(min_length=1)]


async def _acted(
    request: Request, shape: type[RequestBody], act: Callable[[Messaging, str, Any], Message]
) -> tuple[str, Message]:
    """Read the body and have the other side act on the chat: the chat id and the message."""
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, shape)
    chat_id = request.path_params["chat_id"]
    return chat_id, act(world.messaging, chat_id, body)


async def _change(
    request: Request,
    shape: type[Reaction] | type[Edit] | type[Deletion],
    change: str,
    act: Callable[[Messaging, str, Any], Message],
) -> Response:
    """The other side changes a message: answer `MessageChanged`."""
    chat_id, message = await _acted(request, shape, act)
    return json_response(
        200, {"object": "MessageChanged", "chat_id": chat_id, "message_id": message.id,
              "change": change},
    )  # fmt: skip


async def react(request: Request) -> Response:
    """POST /_sim/chats/{id}/react: the other side reacts to a message (`message_reaction`)."""
    return await _change(
        request, Reaction, "reaction", lambda m, chat_id, b: m.react(chat_id, b.message_id, b.value)
    )


async def edit(request: Request) -> Response:
    """POST /_sim/chats/{id}/edit: the other side edits what it sent (`message_edited`)."""
    return await _change(
        request,
        Edit,
        "edit",
        lambda m, chat_id, b: m.edit_by_contact(chat_id, b.message_id, b.text),
    )


async def delete(request: Request) -> Response:
    """POST /_sim/chats/{id}/delete: the other side deletes what it sent (`message_deleted`)."""
    return await _change(
        request,
        Deletion,
        "delete",
        lambda m, chat_id, b: m.delete_by_contact(chat_id, b.message_id),
    )


class Leaving(RequestBody):
    attendee_id: Annotated[str, Field(min_length=1)]


class Renaming(RequestBody):
    subject: Annotated[str, Field(min_length=1, max_length=SUBJECT_MAX_CHARS)]


async def _group_change(
    request: Request,
    shape: type[Leaving] | type[Renaming],
    change: str,
    act: Callable[[Messaging, str, Any], Message],
) -> Response:
    """A member changes the group: answer `GroupChanged` with the event message."""
    chat_id, message = await _acted(request, shape, act)
    return json_response(
        201, {"object": "GroupChanged", "chat_id": chat_id, "message_id": message.id,
              "change": change, "event_type": message.event_type},
    )  # fmt: skip


async def leave(request: Request) -> Response:
    """POST /_sim/chats/{id}/leave: a member leaves the group (event 7)."""
    return await _group_change(
        request, Leaving, "leave", lambda m, chat_id, b: m.member_leaves(chat_id, b.attendee_id)
    )


async def subject(request: Request) -> Response:
    """POST /_sim/chats/{id}/subject: a member renames the group (event 4)."""
    return await _group_change(
        request, Renaming, "subject", lambda m, chat_id, b: m.group_renamed(chat_id, b.subject)
    )
