"""The network page, per LinkedIn account: relations, invitations sent (the invited person
accepts or declines) and received (the account accepts or declines), and people, any of whom
can invite the account."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.network import PersonInvites
from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.paging import (
    PAGE_SIZE,
    after_of,
    link,
    next_link,
    offset_of,
)
from simulator.pages.inspector.rendering import form_of, page, redirect, text_field, validated
from simulator.world.errors import invalid_parameter
from simulator.world.invitations import RECEIVED, SENT
from simulator.world.world import World

_ANSWERED = {"accept": "accepted", "decline": "declined"}


@world_page
async def show_network(request: Request, world: World) -> Response:
    linkedin = [a for a in sorted(world.accounts, key=lambda a: a.seq) if a.type == "LINKEDIN"]
    chosen = request.query_params.get("account") or (linkedin[0].id if linkedin else None)
    context: dict[str, object] = {"world": world, "accounts": linkedin, "account": None}
    if chosen is not None:
        account = world.accounts.get(chosen)
        if account.type != "LINKEDIN":
            raise invalid_parameter("account", f"{account.id} is a {account.type} account")
        relations, relations_next = world.network.relations_page(
            account.id, after_of(request, "relations", "ui-relations"), PAGE_SIZE, None
        )
        sent, sent_next = world.invitations.page(
            account.id, SENT, after_of(request, "sent", "ui-sent"), PAGE_SIZE
        )
        received, received_next = world.invitations.page(
            account.id, RECEIVED, after_of(request, "received", "ui-received"), PAGE_SIZE
        )
        start = offset_of(request, "people")
        people = world.network.directory.people
        context |= {
            "account": account,
            "relations": relations,
            "relations_next": next_link(
                "/network", "relations", "ui-relations", relations_next, account=account.id
            ),
            "sent": sent,
            "sent_next": next_link("/network", "sent", "ui-sent", sent_next, account=account.id),
            "received": received,
            "received_next": next_link(
                "/network", "received", "ui-received", received_next, account=account.id
            ),
            "people": people[start : start + PAGE_SIZE],
            "people_total": len(people),
            "people_next": link("/network", account=account.id, people=start + PAGE_SIZE)
            if start + PAGE_SIZE < len(people)
            else None,
            "first": link("/network", account=account.id),
        }
    return page(request, "network.html", context)


@world_action
async def answer_invitation(request: Request, world: World) -> Response:
    """A sent invitation: as POST /_sim/invitations/{id}/accept|decline (the person answers).
    A received one: as POST /api/v1/users/invite/received/{id} (the account answers)."""
    answer = request.path_params["answer"]
    if answer not in _ANSWERED:
        raise invalid_parameter("answer", f"must be one of {', '.join(_ANSWERED)}")
    invitation_id = request.path_params["invitation_id"]
    form = await form_of(request)
    account_id = text_field(form, "account_id")
    if text_field(form, "direction") == RECEIVED:
        if account_id is None:
            raise invalid_parameter("account_id", "required for a received invitation")
        invitation = world.invitations.get(account_id, invitation_id, RECEIVED)
        world.invitations.handle_received(
            account_id, invitation_id, answer, shared_secret=invitation.shared_secret
        )
        notice = f"The account {_ANSWERED[answer]} {invitation.person.full_name}'s invitation"
    else:
        world.invitations.force_answer(invitation_id, answer)
        notice = f"Invitation {invitation_id}: the person {_ANSWERED[answer]}"
    return redirect("/network", notice, account=account_id)


@world_action
async def person_invites(request: Request, world: World) -> Response:
    """As POST /_sim/people/{provider_id}/invite: a member invites the account."""
    form = await form_of(request)
    provider_id = text_field(form, "provider_id")
    if provider_id is None:
        raise invalid_parameter("provider_id", "choose the person who invites")
    fields = {"account_id": text_field(form, "account_id") or "",
              "message": text_field(form, "message")}  # fmt: skip
    body = validated(PersonInvites, fields)
    invitation = world.invitations.receive(provider_id, body.account_id, body.message)
    return redirect(
        "/network",
        f"{invitation.person.full_name} invited the account",
        account=body.account_id,
    )
