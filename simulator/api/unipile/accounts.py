"""/api/v1/accounts: list, read, delete (reference §2.2)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.pagination import decode_cursor, encode_cursor, list_body
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.render import account_fragment, account_json
from simulator.world.world import World

_LIST = "accounts"


async def list_accounts(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("limit", "cursor"))
    cursor = query.text("cursor")
    if cursor is not None:
        limit, after = decode_cursor(cursor, _LIST)
    else:
        limit, after = query.integer("limit", 100, 1, 250), None
    accounts, next_after = world.accounts.page(after, limit)
    next_cursor = encode_cursor(_LIST, limit, next_after) if next_after is not None else None
    return json_response(200, list_body("AccountList", [account_fragment(a) for a in accounts], next_cursor))


async def get_account(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    account = world.accounts.get(request.path_params["account_id"])
    return json_response(200, account_json(account))


async def delete_account(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    world.accounts.delete(request.path_params["account_id"])
    return json_response(200, {"object": "AccountDeleted"})
