"""build_app(settings): the Starlette application with both dialects and the control plane."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount

from simulator.api.control.routes import ROUTES as CONTROL_ROUTES
from simulator.api.errors import EXCEPTION_HANDLERS
from simulator.api.faulting import FaultMiddleware
from simulator.api.recording import RecordingMiddleware
from simulator.api.tenancy import TenantMiddleware
from simulator.api.unipile.routes import ROUTES as UNIPILE_ROUTES
from simulator.clock import ClockMode
from simulator.scenario.loader import load_scenario
from simulator.world.tenants import TenantRegistry

UNIPILE_PREFIX = "/api/v1"
POSTPRESS_PREFIX = "/v1"
CONTROL_PREFIX = "/_sim"
_REAL_CLOCK_TICK_S = 0.05
log = logging.getLogger("simulator")


@dataclass
class Settings:
    scenarios: list[str] = field(default_factory=lambda: ["default"])
    seed: int | None = None
    clock: ClockMode | None = None


def build_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    registry = TenantRegistry(seed=settings.seed or 0, clock_override=settings.clock)
    # Load every scenario before serving: a bad file stops start-up with its message.
    for ref in settings.scenarios:
        loaded = load_scenario(ref)
        registry.create(loaded, seed=settings.seed, api_key=loaded.scenario.api_key)

    app = Starlette(
        routes=[
            Mount(
                UNIPILE_PREFIX,
                routes=UNIPILE_ROUTES,
                middleware=api_middleware(registry),
            ),
            Mount(CONTROL_PREFIX, routes=CONTROL_ROUTES),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=_lifespan,
    )
    app.state.registry = registry
    app.state.settings = settings
    return app


def api_middleware(registry: TenantRegistry, accept_bearer: bool = False) -> list[Middleware]:
    """Every API dialect: find the world, journal the request, then apply its fault rules."""
    return [
        Middleware(TenantMiddleware, registry=registry, accept_bearer=accept_bearer),
        Middleware(RecordingMiddleware),
        Middleware(FaultMiddleware),
    ]


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    ticker = asyncio.create_task(_run_real_clocks(app.state.registry))
    try:
        yield
    finally:
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticker


async def _run_real_clocks(registry: TenantRegistry) -> None:
    """Fire events of real-clock worlds when they fall due, even if no request arrives."""
    while True:
        await asyncio.sleep(_REAL_CLOCK_TICK_S)
        for world in registry.worlds():
            try:
                world.catch_up()
            except Exception:  # one world's bug must not stop every other world's clock
                log.exception("event failed in world %s", world.blueprint.name)
