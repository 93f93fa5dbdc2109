"""Connecting accounts: POST /accounts, POST /accounts/{id}, the checkpoint calls (§2.2-2.4).

The same handlers serve both dialects; a dialect differs only in the body variants it accepts
(Postpress adds WhatsApp pairing, Instagram and Messenger cookie sessions, and wants the full
IMAP set on a reconnect).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import read_json
from simulator.api.dialects import Dialect
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.connect_bodies import CheckpointResend, CheckpointSolution, read_login
from simulator.api.unipile.render import checkpoint_resend_json, login_answer
from simulator.world.world import World


async def connect_account(request: Request) -> Response:
    world: World = request.state.world
    dialect: Dialect = request.state.dialect
    Query(request, ())
    attempt = await read_login(request, dialect.connect_bodies)
    return json_response(*login_answer(world.auth.connect(attempt)))


async def reconnect_account(request: Request) -> Response:
    world: World = request.state.world
    dialect: Dialect = request.state.dialect
    Query(request, ())
    account_id = request.path_params["account_id"]
    world.accounts.get(account_id)  # an unknown id is a 404 whatever the body
    # unipile-node-sdk sends the path's id again in the body, whichever prefix it is aimed at.
    attempt = await read_login(request, dialect.reconnect_bodies, account_id)
    return json_response(*login_answer(world.auth.reconnect(account_id, attempt)))


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
