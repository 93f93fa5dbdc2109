"""Finds the world behind a request's API key; no key or an unknown key is a 401 (§1.5).

The API routes get their world (and dialect) from `simulator.api.gateway`; `world_of` serves the
control-plane routes that are world-scoped."""

from __future__ import annotations

from starlette.requests import Request

from simulator.api.errors import MissingCredentials
from simulator.api.state_capture import bind_world
from simulator.registry import TenantRegistry
from simulator.world.world import World


def world_of(request: Request) -> World:
    """For control-plane routes that are world-scoped but not behind the middleware."""
    registry: TenantRegistry = request.app.state.registry
    world = registry.get(request.headers.get("x-api-key"))
    if world is None:
        raise MissingCredentials()
    bind_world(request.scope, world, registry)
    return world
