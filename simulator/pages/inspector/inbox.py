"""The inbox pages: an account's chats, newest first, and a chat's messages with "reply as the
prospect" (the other side writes, as POST /_sim/chats/{id}/reply)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.chats import Reply
from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.paging import PAGE_SIZE, after_of, cursor_links
from simulator.pages.inspector.rendering import form_of, page, redirect, text_field, validated
from simulator.world.accounts import MAIL_TYPES
from simulator.world.attendees import Attendee
from simulator.world.messaging import ChatQuery, MessageQuery
from simulator.world.world import World


def attendee_name(attendee: Attendee) -> str:
    if attendee.person is not None:
        return attendee.person.full_name
    if attendee.contact is not None:
        return attendee.contact.name
    return attendee.provider_id


@world_page
async def show_inbox(request: Request, world: World) -> Response:
    accounts = [a for a in sorted(world.accounts, key=lambda a: a.seq) if a.type not in MAIL_TYPES]
    chosen = request.query_params.get("account") or (accounts[0].id if accounts else None)
    context: dict[str, object] = {
        "world": world, "accounts": accounts, "account": None, "name": attendee_name,
    }  # fmt: skip
    if chosen is not None:
        account = world.accounts.get(chosen)
        chats, after = world.messaging.chats_page(
            ChatQuery(account_ids=(account.id,)),
            after_of(request, "after", "ui-chats"),
            PAGE_SIZE,
        )
        context |= {
            "account": account,
            "chats": chats,
            **cursor_links(request, "/inbox", "ui-chats", after, account=account.id),
        }
    return page(request, "inbox.html", context)


@world_page
async def show_chat(request: Request, world: World) -> Response:
    chat_id = request.path_params["chat_id"]
    view = world.messaging.chat(chat_id)
    messages, after = world.messaging.chat_messages(
        chat_id, MessageQuery(), after_of(request, "after", "ui-messages"), PAGE_SIZE
    )
    path = f"/chats/{chat_id}"
    return page(
        request,
        "chat.html",
        {
            "world": world,
            "chat": view.chat,
            "account": world.accounts.find(view.chat.account_id),
            "messages": messages,
            "name": attendee_name,
            **cursor_links(request, path, "ui-messages", after),
        },
    )


@world_action
async def reply(request: Request, world: World) -> Response:
    """As POST /_sim/chats/{id}/reply: the prospect writes now (`message_received`)."""
    chat_id = request.path_params["chat_id"]
    form = await form_of(request)
    fields = {"text": text_field(form, "text")}
    body = validated(Reply, {name: value for name, value in fields.items() if value is not None})
    world.messaging.chat(chat_id)  # an unknown chat is a 404 before the reply is checked
    message = world.messaging.reply(chat_id, body.text, body.quote_id, body.form)
    return redirect(f"/chats/{chat_id}", f"The prospect replied ({message.id})")
