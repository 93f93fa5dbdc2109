"""/_sim/chats/{id}/reply, /read, /react, /edit, /delete: the other side of a chat writes,
reads what the account sent (off LinkedIn), reacts to a message, edits or deletes what it
sent, driven by test code instead of the behaviours. Announced as `message_received` with
`is_sender: false`, `message_read`, `message_reaction`, `message_edited`, `message_deleted`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, read_json
from simulator.api.control.render import chat_replied_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.world.messaging import TEXT_MAX_CHARS


class Reply(RequestBody):
    text: Annotated[str, Field(min_length=1, max_length=TEXT_MAX_CHARS)]
    quote_id: Omittable[Annotated[str, Field(min_length=1)]] = None


async def reply(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, Reply)
    chat_id = request.path_params["chat_id"]
    message = world.messaging.reply(chat_id, body.text, body.quote_id)
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


def _changed(chat_id: str, message_id: str, change: str) -> Response:
    return json_response(
        200,
        {
            "object": "MessageChanged",
            "chat_id": chat_id,
            "message_id": message_id,
            "change": change,
        },
    )


async def react(request: Request) -> Response:
    """POST /_sim/chats/{id}/react: the other side reacts to a message (`message_reaction`)."""
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, Reaction)
    chat_id = request.path_params["chat_id"]
    world.messaging.react(chat_id, body.message_id, body.value)
    return _changed(chat_id, body.message_id, "reaction")


async def edit(request: Request) -> Response:
    """POST /_sim/chats/{id}/edit: the other side edits what it sent (`message_edited`)."""
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, Edit)
    chat_id = request.path_params["chat_id"]
    world.messaging.edit_by_contact(chat_id, body.message_id, body.text)
    return _changed(chat_id, body.message_id, "edit")


async def delete(request: Request) -> Response:
    """POST /_sim/chats/{id}/delete: the other side deletes what it sent (`message_deleted`)."""
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, Deletion)
    chat_id = request.path_params["chat_id"]
    world.messaging.delete_by_contact(chat_id, body.message_id)
    return _changed(chat_id, body.message_id, "delete")
