"""The faults page: active fault rules with their counts, add one (as POST /_sim/faults), delete
one or clear all; chaos mode on and off (as POST and DELETE /_sim/chaos)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.chaos import NewChaos
from simulator.api.control.faults import NewFault
from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.rendering import (
    form_of,
    number_field,
    page,
    redirect,
    text_field,
    validated,
)
from simulator.world.errors import ApiError
from simulator.world.faults import DEFAULT_CHAOS_STATUSES, TRANSIENT_STATUSES
from simulator.world.world import World

_EFFECTS = ("respond", "latency", "drop")


@world_page
async def show_faults(request: Request, world: World) -> Response:
    return page(
        request,
        "faults.html",
        {
            "world": world,
            "rules": list(world.faults),
            "chaos": world.faults.chaos,
            "effects": _EFFECTS,
            "transient": TRANSIENT_STATUSES,
            "default_chaos": DEFAULT_CHAOS_STATUSES,
        },
    )


@world_action
async def add_fault(request: Request, world: World) -> Response:
    form = await form_of(request)
    match = {
        "method": text_field(form, "method"),
        "path": text_field(form, "path"),
        "account_id": text_field(form, "account_id"),
    }
    fields: dict[str, Any] = {"match": {k: v for k, v in match.items() if v is not None}}
    effect = text_field(form, "effect")
    if effect == "respond":
        fields["respond"] = {
            "status": number_field(form, "status", integer=True),
            "type": text_field(form, "type") or "",
        }
    elif effect == "latency":
        fields["latency"] = {"ms": number_field(form, "latency_ms", integer=True)}
    elif effect == "drop":
        fields["drop"] = True
    else:
        raise ApiError("invalid_parameters", f"effect: must be one of {', '.join(_EFFECTS)}")
    for name in ("times", "after"):
        value = number_field(form, name, integer=True)
        if value is not None:
            fields[name] = value
    probability = number_field(form, "probability")
    if probability is not None:
        fields["probability"] = probability
    spec = validated(NewFault, fields)
    rule = spec.to_rule(world.faults.new_id(), world.now_ms(), origin="api")
    world.faults.add(rule)
    return redirect("/faults", f"Added fault rule {rule.id}")


@world_action
async def delete_fault(request: Request, world: World) -> Response:
    world.faults.remove(request.path_params["fault_id"])
    return redirect("/faults", f"Deleted fault rule {request.path_params['fault_id']}")


@world_action
async def clear_faults(request: Request, world: World) -> Response:
    return redirect("/faults", f"Cleared {world.faults.clear()} fault rules")


@world_action
async def start_chaos(request: Request, world: World) -> Response:
    form = await form_of(request)
    fields: dict[str, Any] = {"fraction": number_field(form, "fraction")}
    chosen = [value for value in form.getlist("statuses") if isinstance(value, str) and value]
    statuses = [int(value) if value.isdigit() else value for value in chosen]
    if statuses:
        fields["statuses"] = statuses
    spec = validated(NewChaos, fields)
    chaos = world.faults.start_chaos(spec.fraction, tuple(spec.statuses))
    return redirect("/faults", f"Chaos on: {chaos.fraction:g} of eligible calls fail")


@world_action
async def stop_chaos(request: Request, world: World) -> Response:
    stopped = world.faults.stop_chaos()
    if stopped is None:
        return redirect("/faults", "Chaos was off")
    return redirect("/faults", f"Chaos off after {stopped.failed} of {stopped.eligible} failed")
