"""/api/v1/chats: list, read, start, mark read, and each chat's messages and attendees (§5.1)."""

from __future__ import annotations

from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import RequestBody, read_json
from simulator.api.pagination import list_body
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.messaging_bodies import (
    chat_list_cursor,
    chat_list_position,
    message_list_cursor,
    message_list_position,
    read_new_chat,
    read_new_message,
)
from simulator.api.unipile.render_messaging import (
    attendee_json,
    chat_json,
    chat_patched_json,
    chat_started_json,
    chat_sync_json,
    chat_with_last_message_json,
    message_fragment,
    message_sent_json,
)
from simulator.world.world import World

_CHATS = "chats"
_CHAT_MESSAGES = "chat_messages"


class ChatPatch(RequestBody):
    action: Literal["setReadStatus"]
    value: bool


async def list_chats(request: Request) -> Response:
    world: World = request.state.world
    query = Query(
        request, ("account_id", "account_type", "unread", "before", "after", "limit", "cursor")
    )
    filters, after, limit = chat_list_position(query, _CHATS)
    chats, next_key = world.messaging.chats_page(filters, after, limit)
    cursor = chat_list_cursor(_CHATS, filters, limit, next_key)
    return json_response(200, list_body("ChatList", [chat_json(c) for c in chats], cursor))


async def get_chat(request: Request) -> Response:
    world: World = request.state.world
    account_id = Query(request, ("account_id",)).text("account_id")
    view = world.messaging.chat(request.path_params["chat_id"], account_id)
    return json_response(200, chat_with_last_message_json(view))


async def patch_chat(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, ChatPatch)
    world.messaging.set_read(request.path_params["chat_id"], body.value)
    return json_response(200, chat_patched_json())


async def start_chat(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    chat, message = world.messaging.start_chat(await read_new_chat(request))
    return json_response(201, chat_started_json(chat.id, message.id))


async def list_chat_messages(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("sender_id", "before", "after", "limit", "cursor"))
    filters, after, limit = message_list_position(query, _CHAT_MESSAGES)
    chat_id = request.path_params["chat_id"]
    views, next_key = world.messaging.chat_messages(chat_id, filters, after, limit)
    cursor = message_list_cursor(_CHAT_MESSAGES, filters, limit, next_key)
    return json_response(
        200, list_body("MessageList", [message_fragment(v) for v in views], cursor)
    )


async def send_message(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body, files = await read_new_message(request)
    message = world.messaging.send(
        request.path_params["chat_id"],
        body.text,
        files,
        account_id=body.account_id,
        quote_id=body.quote_id,
    )
    return json_response(201, message_sent_json(message.id))


async def list_chat_attendees(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    views = world.messaging.chat_attendees(request.path_params["chat_id"])
    return json_response(
        200, list_body("ChatAttendeeList", [attendee_json(v) for v in views], None)
    )


async def sync_chat(request: Request) -> Response:
    """GET /chats/{chat_id}/sync: starts or polls a resync of the chat's history."""
    world: World = request.state.world
    Query(request, ())
    chat_id = request.path_params["chat_id"]
    status = world.messaging.sync_chat(chat_id)
    return json_response(200, chat_sync_json(chat_id, status))
