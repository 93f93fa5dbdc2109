"""Finds the world behind a request's API key; no key or an unknown key is a 401 (§1.5).

The API routes get their world from `simulator.api.gateway`; `world_of` serves the
control-plane routes that are world-scoped."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request

from simulator.api.errors import MissingCredentials
from simulator.registry import TenantRegistry
from simulator.world.world import World


def api_key_of(headers: Headers, accept_bearer: bool = False) -> str | None:
    key = headers.get("x-api-key")
    if key is None and accept_bearer:
        authorization = headers.get("authorization", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token:
            key = token.strip()
    return key


def api_key_of_raw(raw_headers: list[tuple[bytes, bytes]], accept_bearer: bool) -> str | None:
    """`api_key_of` on the ASGI header list, without building a Headers object per request."""
    bearer = None
    for name, value in raw_headers:
        if name == b"x-api-key":
            return value.decode("latin-1")
        if accept_bearer and name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                bearer = token.strip()
    return bearer


def world_of(request: Request) -> World:
    """For control-plane routes that are world-scoped but not behind the middleware."""
    registry: TenantRegistry = request.app.state.registry
    world = registry.get(api_key_of(request.headers))
    if world is None:
        raise MissingCredentials()
    world.catch_up()
    return world
