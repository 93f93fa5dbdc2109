"""/_sim/accounts/...: what the provider side does to an account, and the user's device.

- `POST /_sim/accounts/{id}/status {status}`: the provider changes `sources[].status`
  (session expired, restricted, stopped...); a real change publishes the account_status event.
- `POST /_sim/accounts/{id}/premium {features}`: a plan upgrade or downgrade.
- `POST /_sim/checkpoints/{account_id}/approve {phone_number?}`: the user's phone scans the QR
  code, enters the pairing code, or approves the in-app validation of a pending login.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, read_json
from simulator.api.control.render import premium_json, status_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.api.unipile.render import login_answer
from simulator.world.accounts import PREMIUM_FEATURES, SOURCE_STATUSES

PHONE = r"^\+?[0-9]{6,15}$"


class NewStatus(RequestBody):
    status: Literal[SOURCE_STATUSES]  # type: ignore[valid-type]


class NewPremium(RequestBody):
    features: list[Literal[PREMIUM_FEATURES]]  # type: ignore[valid-type]


class Approval(RequestBody):
    phone_number: Omittable[Annotated[str, Field(pattern=PHONE)]] = None


async def set_status(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    account = world.accounts.get(request.path_params["account_id"])
    body = await read_json(request, NewStatus)
    previous = account.status
    published = world.lifecycle.set_status(account, body.status)
    return json_response(200, status_json(account, previous, published))


async def set_premium(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    account = world.accounts.get(request.path_params["account_id"])
    body = await read_json(request, NewPremium)
    world.lifecycle.set_premium(account, body.features)
    return json_response(200, premium_json(account))


async def approve_checkpoint(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, Approval)
    result = world.auth.approve(request.path_params["account_id"], body.phone_number)
    return json_response(*login_answer(result))
