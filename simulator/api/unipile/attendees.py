"""/api/v1/chat_attendees: the people of an account's inbox, their chats and messages (§5.1)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.pagination import decode_cursor, encode_cursor, list_body
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.messaging_bodies import (
    chat_list_cursor,
    chat_list_position,
    message_list_cursor,
    message_list_position,
)
from simulator.api.unipile.render_messaging import attendee_json, chat_json, message_fragment
from simulator.world.errors import invalid_parameter
from simulator.world.world import World

_ATTENDEES = "chat_attendees"
_ATTENDEE_CHATS = "attendee_chats"
_ATTENDEE_MESSAGES = "attendee_messages"


async def list_attendees(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor"))
    cursor = query.text("cursor")
    if cursor is not None:
        limit, position = decode_cursor(cursor, _ATTENDEES)
        account_id, after = _attendee_position(position)
    else:
        account_id, after = query.text("account_id"), None
        limit = query.integer("limit", 100, 1, 250)
    views, next_seq = world.messaging.attendees_page(account_id, after, limit)
    next_cursor = (
        encode_cursor(_ATTENDEES, limit, [account_id, next_seq]) if next_seq is not None else None
    )
    items = [attendee_json(view) for view in views]
    return json_response(200, list_body("ChatAttendeeList", items, next_cursor))


async def get_attendee(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    return json_response(
        200, attendee_json(world.messaging.attendee(request.path_params["attendee_id"]))
    )


async def list_attendee_chats(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "before", "after", "limit", "cursor"))
    filters, after, limit = chat_list_position(query, _ATTENDEE_CHATS, with_unread=False)
    chats, next_key = world.messaging.attendee_chats(
        request.path_params["attendee_id"], filters, after, limit
    )
    cursor = chat_list_cursor(_ATTENDEE_CHATS, filters, limit, next_key)
    return json_response(200, list_body("ChatList", [chat_json(c) for c in chats], cursor))


async def list_attendee_messages(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "before", "after", "limit", "cursor"))
    filters, after, limit = message_list_position(query, _ATTENDEE_MESSAGES)
    views, next_key = world.messaging.attendee_messages(
        request.path_params["attendee_id"], filters, after, limit
    )
    cursor = message_list_cursor(_ATTENDEE_MESSAGES, filters, limit, next_key)
    return json_response(
        200, list_body("MessageList", [message_fragment(v) for v in views], cursor)
    )


def _attendee_position(position: object) -> tuple[str | None, int]:
    if (
        isinstance(position, tuple)
        and len(position) == 2
        and isinstance(position[0], (str, type(None)))
        and isinstance(position[1], int)
        and not isinstance(position[1], bool)
    ):
        return position[0], position[1]
    raise invalid_parameter("cursor", "not a cursor returned by this list")


async def get_picture(request: Request) -> Response:
    """GET /chat_attendees/{attendee_id}/picture: the picture's bytes (PNG)."""
    world: World = request.state.world
    Query(request, ())
    return Response(
        world.messaging.picture(request.path_params["attendee_id"]), media_type="image/png"
    )
