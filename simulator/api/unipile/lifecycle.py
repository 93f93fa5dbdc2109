"""POST /accounts/{id}/restart and GET /accounts/{id}/sync (§2.2, §7.6a)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.render import restart_json, resync_json
from simulator.world.lifecycle import LINKEDIN_PRODUCTS
from simulator.world.world import World

_EPOCH_MS_MAX = 2**53 - 1  # JSON's safe integers


async def restart_account(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    account = world.accounts.get(request.path_params["account_id"])
    return json_response(200, restart_json(world.lifecycle.restart(account)))


async def resync_account(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("linkedin_product", "before", "after", "partial", "chunk_size"))
    product = query.choice("linkedin_product", LINKEDIN_PRODUCTS)
    # Accepted as documented; the simulated resync does not depend on them.
    query.integer("before", 0, 0, _EPOCH_MS_MAX)
    query.integer("after", 0, 0, _EPOCH_MS_MAX)
    query.choice("partial", ("true", "false"))
    query.integer("chunk_size", 1, 1, 1000)
    status = world.lifecycle.sync(request.path_params["account_id"], product)
    return json_response(200, resync_json(status))
