"""/_sim/requests: read and clear the request journal of a world."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.render import journal_cleared_json, journal_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.clock import iso_ms
from simulator.world.errors import invalid_parameter

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


async def list_requests(request: Request) -> Response:
    query = Query(request, ("method", "path", "status", "since_seq"))
    world = world_of(request)
    path = query.text("path")
    if path is not None and not path.startswith("/"):
        raise invalid_parameter("path", "must start with / (a full path or a {param} template)")
    entries = world.journal.find(
        method=query.choice("method", _METHODS),
        path=path,
        status=query.integer("status", 0, 100, 599) if query.has("status") else None,
        since_seq=query.integer("since_seq", 0, 0, 2**53) if query.has("since_seq") else None,
    )
    return json_response(200, journal_json(entries, world.journal.dropped))


async def clear_requests(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    return json_response(200, journal_cleared_json(world.journal.clear()))


async def list_failures(request: Request) -> Response:
    """What the simulator itself failed on in this world: 500s of its own making (a bug, or a
    response that drifted from the contract in strict mode), never an injected fault."""
    Query(request, ())
    world = world_of(request)
    items = [
        {
            "object": "SimulatorFailure",
            "at": iso_ms(failure.at_ms),
            "method": failure.method,
            "path": failure.path,
            "detail": failure.detail,
        }
        for failure in world.journal.failures
    ]
    return json_response(200, {"object": "SimulatorFailureList", "items": items})
