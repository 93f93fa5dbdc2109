"""The worlds page: every world with its scenario, seed, clock and (masked) key; make one from a
shipped scenario, reset or drop one, open one (sign in with its key), download one as a
document (GET /_sim/state) and make one from such a document (PUT /_sim/state)."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.state import StateDocument, make_world, state_response
from simulator.api.control.tenants import NewTenant
from simulator.pages.inspector.access import COOKIE, open_action
from simulator.pages.inspector.rendering import (
    PREFIX,
    form_of,
    number_field,
    page,
    redirect,
    text_field,
    validated,
)
from simulator.registry import TenantRegistry
from simulator.scenario.loader import ScenarioError, load_shipped_scenario, shipped_scenarios
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.world import World


async def show_worlds(request: Request) -> Response:
    registry: TenantRegistry = request.app.state.registry
    signed_in = registry.get(request.cookies.get(COOKIE))
    return page(
        request,
        "worlds.html",
        {
            "worlds": registry.worlds(),
            "world": signed_in,
            "show_keys": request.query_params.get("show_keys") == "1",
            "scenarios": shipped_scenarios(),
        },
    )


@open_action
async def create_world(request: Request) -> Response:
    """As POST /_sim/tenants with a shipped scenario's name; then signed in to the new world."""
    form = await form_of(request)
    fields = {
        "scenario": text_field(form, "scenario") or "default",
        "seed": number_field(form, "seed", integer=True),
        "api_key": text_field(form, "api_key"),
        "clock": text_field(form, "clock"),
    }
    body = validated(NewTenant, fields)
    assert isinstance(body.scenario, str)  # a form names a scenario; it cannot inline one
    try:
        loaded = load_shipped_scenario(body.scenario)
    except ScenarioError as error:
        raise invalid_parameter("scenario", str(error)) from None
    registry: TenantRegistry = request.app.state.registry
    world = registry.create(loaded, seed=body.seed, api_key=body.api_key, clock=body.clock)
    response = redirect("", f"Made world {world.blueprint.name} (key ****{world.api_key[-4:]})")
    response.set_cookie(COOKIE, world.api_key, httponly=True, samesite="strict", path=PREFIX)
    return response


@open_action
async def reset_world(request: Request) -> Response:
    """As POST /_sim/reset with the world's key."""
    world = _named_world(request, await form_of(request))
    registry: TenantRegistry = request.app.state.registry
    registry.reset(world.api_key)
    return redirect("", f"Reset world {world.blueprint.name} to its scenario")


@open_action
async def drop_world(request: Request) -> Response:
    """As DELETE /_sim/tenants/{api_key}."""
    world = _named_world(request, await form_of(request))
    registry: TenantRegistry = request.app.state.registry
    registry.drop(world.api_key)
    return redirect("", f"Dropped world {world.blueprint.name}")


@open_action
async def export_world(request: Request) -> Response:
    """As GET /_sim/state with the world's key: the document, downloaded."""
    world = _named_world(request, await form_of(request))
    await request.app.state.webhooks.settle(world)
    return state_response(request.app.state.registry, world)


@open_action
async def import_world(request: Request) -> Response:
    """As PUT /_sim/state with an uploaded document; then signed in to the world it made."""
    form = await form_of(request)
    upload = form.get("document")
    if isinstance(upload, str) or upload is None:
        raise ApiError("missing_parameters", "document: choose a file GET /_sim/state gave")
    try:
        data = orjson.loads(await upload.read())
    except orjson.JSONDecodeError as error:
        raise invalid_parameter("document", f"not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise invalid_parameter("document", "must be a JSON object")
    world = await make_world(request.app, validated(StateDocument, data))
    response = redirect("", f"Imported world {world.blueprint.name} (key ****{world.api_key[-4:]})")
    response.set_cookie(COOKIE, world.api_key, httponly=True, samesite="strict", path=PREFIX)
    return response


def _named_world(request: Request, form: object) -> World:
    registry: TenantRegistry = request.app.state.registry
    key = text_field(form, "api_key")  # type: ignore[arg-type]
    world = registry.get(key)
    if world is None:
        raise ApiError("resource_not_found", "api_key: no world uses this key")
    return world
