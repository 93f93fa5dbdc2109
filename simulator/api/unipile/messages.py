"""/api/v1/messages: every message of the world, one message, an attachment's bytes, and
forwarding (§5.1; part 2 §3.4)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import RequestBody, read_json
from simulator.api.pagination import list_body
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.messaging_bodies import (
    NonEmpty,
    message_list_cursor,
    message_list_position,
)
from simulator.api.unipile.render_messaging import (
    message_forwarded_json,
    message_fragment,
    message_json,
)
from simulator.world.world import World

_MESSAGES = "messages"


async def list_messages(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "sender_id", "before", "after", "limit", "cursor"))
    filters, after, limit = message_list_position(query, _MESSAGES)
    views, next_key = world.messaging.messages_page(filters, after, limit)
    cursor = message_list_cursor(_MESSAGES, filters, limit, next_key)
    return json_response(
        200, list_body("MessageList", [message_fragment(v) for v in views], cursor)
    )


async def get_message(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    return json_response(
        200, message_json(world.messaging.message(request.path_params["message_id"]))
    )


async def get_attachment(request: Request) -> Response:
    """The file as it was sent, with its media type."""
    world: World = request.state.world
    Query(request, ())
    attachment = world.messaging.attachment(
        request.path_params["message_id"], request.path_params["attachment_id"]
    )
    disposition = f"attachment; filename*=UTF-8''{quote(attachment.file_name, safe='')}"
    return Response(
        attachment.content,
        media_type=attachment.mimetype,
        headers={"Content-Disposition": disposition},
    )


class ForwardBody(RequestBody):
    chat_id: NonEmpty


async def forward_message(request: Request) -> Response:
    """POST /messages/{message_id}/forward (WhatsApp): 200, not 201, as documented."""
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, ForwardBody)
    message = world.messaging.forward(request.path_params["message_id"], body.chat_id)
    return json_response(200, message_forwarded_json(message.id))
