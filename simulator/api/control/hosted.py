"""/_sim/hosted/{session}/complete: finish a hosted-auth session without a browser (for CI)."""

from __future__ import annotations

from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, read_json
from simulator.api.control.render import completion_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.world.hosted import HOSTED_PROVIDERS


class Completion(RequestBody):
    outcome: Literal["success", "failure"]
    provider: Omittable[Literal[HOSTED_PROVIDERS]] = None  # type: ignore[valid-type]


async def complete_session(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, Completion)
    session = world.hosted.complete(
        request.path_params["session_id"], body.outcome == "success", body.provider
    )
    return json_response(200, completion_json(session))
