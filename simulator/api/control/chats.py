"""/_sim/chats/{id}/reply: the other side of a chat writes, driven by test code instead of the
reply behaviours. Announced as `message_received` with `is_sender: false`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import StrictBody, read_body
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.world.messaging import TEXT_MAX_CHARS


class Reply(StrictBody):
    text: Annotated[str, Field(min_length=1, max_length=TEXT_MAX_CHARS)]


async def reply(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_body(request, Reply)
    chat_id = request.path_params["chat_id"]
    message = world.messaging.reply(chat_id, body.text)
    chat = world.messaging.chat(chat_id).chat
    return json_response(
        201,
        {
            "object": "ChatReplied",
            "chat_id": chat.id,
            "message_id": message.id,
            "unread_count": chat.unread_count,
        },
    )
