"""/_sim/faults: add, list and clear a world's fault rules at run time."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import RequestBody, read_json
from simulator.api.control.render import (
    fault_deleted_json,
    faults_cleared_json,
    rule_json,
    rule_list_json,
)
from simulator.api.params import Query, check_instant
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.scenario.faults import FaultSpec


class NewFault(FaultSpec, RequestBody):
    """The body of POST /_sim/faults: one entry of a scenario's `faults:` (whose optional
    fields may be null, as the contract says)."""


async def add_fault(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    spec = await read_json(request, NewFault)
    rule = spec.to_rule(world.faults.new_id(), world.now_ms(), origin="api")
    window = {"window.start": rule.window_start_ms, "window.end": rule.window_end_ms}
    for field, at_ms in window.items():
        if at_ms is not None:
            check_instant(field, at_ms)
    world.faults.add(rule)
    return json_response(201, rule_json(rule))


async def list_faults(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    return json_response(200, rule_list_json(list(world.faults)))


async def clear_faults(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    return json_response(200, faults_cleared_json(world.faults.clear()))


async def delete_fault(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    world.faults.remove(request.path_params["fault_id"])
    return json_response(200, fault_deleted_json())
