"""The mail page, per mail account: emails newest first with their threads and folders, mail
arriving now from anyone (as POST /_sim/emails), and "reply as the contact" on an email the
account sent (as POST /_sim/emails/{email_id}/reply)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.emails import EmailReply, InboundEmail
from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.paging import PAGE_SIZE, after_of, cursor_links
from simulator.pages.inspector.rendering import form_of, page, redirect, text_field, validated
from simulator.world.accounts import MAIL_TYPES
from simulator.world.emails import Address, EmailQuery
from simulator.world.errors import invalid_parameter
from simulator.world.mail_addresses import is_address
from simulator.world.world import World


@world_page
async def show_mail(request: Request, world: World) -> Response:
    accounts = [a for a in sorted(world.accounts, key=lambda a: a.seq) if a.type in MAIL_TYPES]
    chosen = request.query_params.get("account") or (accounts[0].id if accounts else None)
    context: dict[str, object] = {"world": world, "accounts": accounts, "account": None}
    if chosen is not None:
        account = world.accounts.get(chosen)
        views, after = world.mail.page(
            account.id, EmailQuery(), after_of(request, "after", "ui-emails"), PAGE_SIZE
        )
        context |= {
            "account": account,
            "emails": views,
            **cursor_links(request, "/mail", "ui-emails", after, account=account.id),
        }
    return page(request, "mail.html", context)


@world_action
async def deliver(request: Request, world: World) -> Response:
    """As POST /_sim/emails: mail from anyone arrives in the account's inbox now."""
    form = await form_of(request)
    sender = {"identifier": text_field(form, "from") or ""}
    fields = {
        "account_id": text_field(form, "account_id") or "",
        "from": sender,
        "subject": text_field(form, "subject"),
        "body": text_field(form, "body") or "",
    }
    given = {name: value for name, value in fields.items() if value is not None}
    body = validated(InboundEmail, given)
    if not is_address(body.from_.identifier):
        raise invalid_parameter("from.identifier", f"{body.from_.identifier!r} is not an address")
    view = world.mail.deliver(
        body.account_id, Address(body.from_.identifier, None), body.subject, body.body, None
    )
    return redirect("/mail", f"Mail arrived ({view.email.id})", account=body.account_id)


@world_action
async def reply(request: Request, world: World) -> Response:
    """As POST /_sim/emails/{email_id}/reply: a recipient of a sent email answers in its thread
    (the first recipient unless `from` names another; a stock text unless `body` is given)."""
    form = await form_of(request)
    fields = {"from": text_field(form, "from"), "body": text_field(form, "body")}
    body = validated(EmailReply, {name: value for name, value in fields.items() if value})
    view = world.mail.reply_to_sent(request.path_params["email_id"], body.from_, body.body)
    email = view.email
    return redirect(
        "/mail", f"{email.sender.identifier} replied ({email.id})", account=email.account_id
    )
