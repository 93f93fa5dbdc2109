"""/_sim/chaos: turn a world's chaos mode on, read it, turn it off."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import RequestBody, read_json
from simulator.api.control.render import chaos_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.scenario.faults import ChaosSpec


class NewChaos(ChaosSpec, RequestBody):
    """The body of POST /_sim/chaos: the `chaos:` key of a scenario."""


async def start_chaos(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    spec = await read_json(request, NewChaos)
    chaos = world.faults.start_chaos(spec.fraction, tuple(spec.statuses))
    return json_response(200, chaos_json(chaos))


async def read_chaos(request: Request) -> Response:
    Query(request, ())
    return json_response(200, chaos_json(world_of(request).faults.chaos))


async def stop_chaos(request: Request) -> Response:
    """Answers the mode as it was, counts included: what the run went through."""
    Query(request, ())
    stopped = world_of(request).faults.stop_chaos()
    return json_response(200, chaos_json(stopped, enabled=False))
