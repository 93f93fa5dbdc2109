"""Connecting accounts: POST /accounts, POST /accounts/{id}, the checkpoint calls (§2.2-2.4).

The same handlers serve both dialects; a dialect differs only in the body variants it accepts
(Postpress adds WhatsApp pairing, Instagram and Messenger cookie sessions).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import read_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.connect_bodies import (
    POSTPRESS,
    UNIPILE_CONNECT,
    UNIPILE_RECONNECT,
    BodyVariants,
    CheckpointResend,
    CheckpointSolution,
    read_login,
)
from simulator.api.unipile.render import checkpoint_resend_json, login_answer
from simulator.world.world import World


class ConnectEndpoints:
    """Connect and reconnect for one dialect's body variants."""

    def __init__(
        self,
        connect_bodies: BodyVariants,
        reconnect_bodies: BodyVariants,
        reconnect_body_repeats_id: bool = False,
    ) -> None:
        self._connect_bodies = connect_bodies
        self._reconnect_bodies = reconnect_bodies
        # unipile-node-sdk sends the path's id again in the reconnect body.
        self._reconnect_body_repeats_id = reconnect_body_repeats_id

    async def connect(self, request: Request) -> Response:
        world: World = request.state.world
        Query(request, ())
        attempt = await read_login(request, self._connect_bodies)
        return json_response(*login_answer(world.auth.connect(attempt)))

    async def reconnect(self, request: Request) -> Response:
        world: World = request.state.world
        Query(request, ())
        account_id = request.path_params["account_id"]
        world.accounts.get(account_id)  # an unknown id is a 404 whatever the body
        repeated_id = account_id if self._reconnect_body_repeats_id else None
        attempt = await read_login(request, self._reconnect_bodies, repeated_id)
        return json_response(*login_answer(world.auth.reconnect(account_id, attempt)))


UNIPILE = ConnectEndpoints(UNIPILE_CONNECT, UNIPILE_RECONNECT, reconnect_body_repeats_id=True)
POSTPRESS_ENDPOINTS = ConnectEndpoints(POSTPRESS, POSTPRESS)


async def solve_checkpoint(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, CheckpointSolution)
    return json_response(*login_answer(world.auth.solve(body.account_id, body.provider, body.code)))


async def resend_checkpoint(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, CheckpointResend)
    world.auth.resend(body.account_id, body.provider)
    return json_response(200, checkpoint_resend_json(body.account_id))
