"""/_sim/faults: add, list and clear a world's fault rules at run time."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.params import Query, check_instant, parse_typed_body
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.clock import iso_ms
from simulator.scenario.faults import FaultSpec
from simulator.world.faults import FaultRule


def rule_json(rule: FaultRule) -> dict:
    return {
        "object": "FaultRule",
        "id": rule.id,
        "origin": rule.origin,
        "match": {"method": rule.method, "path": rule.path, "account_id": rule.account_id},
        "kind": rule.kind,
        "type": f"errors/{rule.error_type}" if rule.error_type else None,
        "times": rule.times,
        "after": rule.after,
        "probability": rule.probability,
        "window": {
            "start": iso_ms(rule.window_start_ms) if rule.window_start_ms is not None else None,
            "end": iso_ms(rule.window_end_ms) if rule.window_end_ms is not None else None,
        },
        "seen": rule.seen,
        "fired": rule.fired,
    }


async def add_fault(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    spec = await parse_typed_body(request, FaultSpec)
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
    rules = [rule_json(rule) for rule in world.faults]
    return json_response(200, {"object": "FaultRuleList", "items": rules})


async def clear_faults(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    return json_response(200, {"object": "FaultsCleared", "cleared": world.faults.clear()})


async def delete_fault(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    world.faults.remove(request.path_params["fault_id"])
    return json_response(200, {"object": "FaultDeleted"})
