"""/_sim/health, /_sim/tenants, /_sim/reset: making, dropping and resetting worlds."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import RequestBody, read_json
from simulator.api.control.render import (
    health_json,
    masked,
    tenant_deleted_json,
    tenant_json,
)
from simulator.api.params import Query, check_instant
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.clock import epoch_ms, iso_ms, parse_when
from simulator.registry import TenantRegistry
from simulator.scenario.loader import (
    ScenarioError,
    load_shipped_scenario,
    loaded_scenario,
)
from simulator.scenario.schema import Scenario
from simulator.world.errors import invalid_parameter
from simulator.world.world import World


def _scenario_form(value: Any) -> str:
    """A name is text; anything else is read as a scenario, so its problems are the ones named."""
    return _BY_NAME if isinstance(value, str) else _INLINE


# Tags in brackets: error locations leave them out (api/params.py), so a problem is named
# `scenario.timeline.0.at`, never after the tag.
_BY_NAME, _INLINE = "[name]", "[inline]"
ScenarioRef = Annotated[
    Annotated[str, Tag(_BY_NAME)] | Annotated[Scenario, Tag(_INLINE)],
    Discriminator(_scenario_form),
]


class NewTenant(RequestBody):
    # `seed`, `api_key` and `clock` may be null (the contract says so): null is "not given".
    scenario: ScenarioRef = Field(
        "default", description="A shipped scenario's name, or a whole scenario inline."
    )
    seed: int | None = Field(None, ge=0, le=2**63 - 1)
    api_key: str | None = Field(None, pattern=r"^[A-Za-z0-9._-]{8,128}$")
    clock: Literal["frozen", "real"] | None = None


def _check_instants(scenario: Scenario) -> None:
    """An inline scenario's times must be ones its world can render."""
    check_instant("scenario.clock.start", epoch_ms(scenario.clock.start))
    for index, account in enumerate(scenario.accounts):
        if account.created_at is not None:
            check_instant(f"scenario.accounts.{index}.created_at", epoch_ms(account.created_at))
    start_ms = epoch_ms(scenario.clock.start)
    for index, entry in enumerate(scenario.timeline):
        check_instant(f"scenario.timeline.{index}.at", parse_when(entry.at, start_ms))
    for index, fault in enumerate(scenario.faults):
        for bound in ("start", "end"):
            when = getattr(fault.window, bound) if fault.window is not None else None
            if when is not None:
                field = f"scenario.faults.{index}.window.{bound}"
                check_instant(field, parse_when(when, start_ms))


async def health(request: Request) -> Response:
    Query(request, ())
    registry: TenantRegistry = request.app.state.registry
    return json_response(200, health_json(len(registry)))


async def create_tenant(request: Request) -> Response:
    Query(request, ())
    body = await read_json(request, NewTenant)
    try:
        if isinstance(body.scenario, Scenario):
            loaded = loaded_scenario(body.scenario)  # validated with the body, once
            _check_instants(loaded.scenario)
        else:
            loaded = load_shipped_scenario(body.scenario)
    except ScenarioError as error:
        raise invalid_parameter("scenario", str(error)) from None
    registry: TenantRegistry = request.app.state.registry
    world = registry.create(loaded, seed=body.seed, api_key=body.api_key, clock=body.clock)
    return json_response(201, tenant_json(world))


async def delete_tenant(request: Request) -> Response:
    Query(request, ())
    registry: TenantRegistry = request.app.state.registry
    registry.drop(request.path_params["api_key"])
    return json_response(200, tenant_deleted_json())


async def reset_world(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    registry: TenantRegistry = request.app.state.registry
    fresh = registry.reset(world.api_key)
    return json_response(200, tenant_json(fresh, object_name="WorldReset"))


async def list_tenants(request: Request) -> Response:
    """GET /_sim/tenants: every world, oldest first; keys masked unless `reveal_keys=true`."""
    query = Query(request, ("reveal_keys",))
    reveal = query.choice("reveal_keys", ("true", "false")) == "true"
    registry: TenantRegistry = request.app.state.registry
    items = [tenant_summary_json(world, reveal) for world in registry.worlds()]
    return json_response(200, {"object": "TenantList", "items": items, "count": len(items)})


def tenant_summary_json(world: World, reveal: bool) -> dict[str, Any]:
    """A world in the list: its tenant fields, its clock and what it holds."""
    fields = tenant_json(world, object_name="TenantSummary")
    if not reveal:
        fields["api_key"] = masked("x-api-key", world.api_key)
    return fields | {
        "world_id": world.public_id,
        "now": iso_ms(world.now_ms()),
        "pending_events": len(world.queue),
        "accounts": len(world.accounts),
    }
