"""/_sim/chats/{id}/reply and /read: the other side of a chat writes, or reads what the
account sent (off LinkedIn), driven by test code instead of the behaviours. Announced as
`message_received` with `is_sender: false`, and as `message_read`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import RequestBody, read_json
from simulator.api.control.render import chat_replied_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.world.messaging import TEXT_MAX_CHARS


class Reply(RequestBody):
    text: Annotated[str, Field(min_length=1, max_length=TEXT_MAX_CHARS)]


async def reply(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, Reply)
    chat_id = request.path_params["chat_id"]
    message = world.messaging.reply(chat_id, body.text)
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
