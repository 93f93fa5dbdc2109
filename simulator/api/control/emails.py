"""/_sim/emails and /_sim/emails/{id}/reply: mail arrives in an account's inbox, now, driven by
test code instead of the behaviours: from anyone, or from a recipient of a sent email as a
reply in its thread. Announced as `mail_received`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, read_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.world.emails import Address
from simulator.world.errors import invalid_parameter
from simulator.world.mail import EmailView
from simulator.world.mail_addresses import is_address

Text = Annotated[str, Field(min_length=1, max_length=100_000)]


class Sender(RequestBody):
    identifier: Annotated[str, Field(min_length=3, max_length=254)]
    display_name: Omittable[Annotated[str, Field(min_length=1, max_length=200)]] = None


class InboundEmail(RequestBody):
    account_id: Annotated[str, Field(min_length=1)]
    from_: Sender = Field(alias="from")
    subject: Omittable[Annotated[str, Field(max_length=998)]] = None
    body: Text
    reply_to: Omittable[Annotated[str, Field(min_length=1)]] = None


class EmailReply(RequestBody):
    from_: Omittable[Annotated[str, Field(min_length=3, max_length=254)]] = Field(
        None, alias="from"
    )
    body: Omittable[Text] = None


async def deliver(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, InboundEmail)
    if not is_address(body.from_.identifier):
        raise invalid_parameter("from.identifier", f"{body.from_.identifier!r} is not an address")
    sender = Address(body.from_.identifier, body.from_.display_name)
    view = world.mail.deliver(body.account_id, sender, body.subject, body.body, body.reply_to)
    return json_response(201, _delivered(view))


async def reply(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, EmailReply)
    view = world.mail.reply_to_sent(request.path_params["email_id"], body.from_, body.body)
    return json_response(201, _delivered(view))


def _delivered(view: EmailView) -> dict[str, object]:
    email = view.email
    return {
        "object": "EmailDelivered",
        "email_id": email.id,
        "account_id": email.account_id,
        "thread_id": email.thread_id,
    }
