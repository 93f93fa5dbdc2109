"""/_sim/invitations/{id}/accept|decline and /_sim/people/{provider_id}/invite: the other side
of the LinkedIn network, driven by test code instead of behaviours."""

from __future__ import annotations

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import RequestBody, read_json
from simulator.api.control.render import invitation_answered_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.api.unipile.render_users import invitation_json


class PersonInvites(RequestBody):
    account_id: str = Field(min_length=1, description="The LinkedIn account being invited.")
    message: str | None = Field(None, max_length=300)


async def accept_invitation(request: Request) -> Response:
    return _answer(request, "accept")


async def decline_invitation(request: Request) -> Response:
    return _answer(request, "decline")


async def person_invites(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, PersonInvites)
    invitation = world.invitations.receive(
        request.path_params["provider_id"], body.account_id, body.message
    )
    account = world.accounts.get(body.account_id)
    return json_response(201, invitation_json(invitation, account, world.now_ms()))


def _answer(request: Request, answer: str) -> Response:
    Query(request, ())
    world = world_of(request)
    outcome = world.invitations.force_answer(request.path_params["invitation_id"], answer)
    return json_response(200, invitation_answered_json(outcome))
