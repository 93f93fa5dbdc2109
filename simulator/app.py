"""build_app(settings): the Starlette application with both dialects and the control plane."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from simulator.api.access_log import AccessLog
from simulator.api.body_guard import BodyGuard
from simulator.api.control.routes import ROUTES as CONTROL_ROUTES
from simulator.api.control_guard import ControlGuard
from simulator.api.dialects import POSTPRESS_DIALECT, UNIPILE
from simulator.api.errors import EXCEPTION_HANDLERS
from simulator.api.gateway import ApiGateway
from simulator.api.routes import API
from simulator.api.state_capture import StateCapture
from simulator.api.tracking import ROUTES as TRACKING_ROUTES
from simulator.clock import ClockMode
from simulator.console import Console
from simulator.gc_tuning import GcTuning
from simulator.pages.inspector.routes import ROOT_ROUTES
from simulator.pages.inspector.routes import ROUTES as INSPECTOR_ROUTES
from simulator.pages.routes import ROUTES as PAGE_ROUTES
from simulator.persistence.state_log import StateLog
from simulator.registry import TenantRegistry
from simulator.scenario.compiled_cache import load_for_serving
from simulator.webhooks.engine import (
    DEFAULT_RETRY_DELAYS_S,
    DEFAULT_TIMEOUT_S,
    DeliveryPolicy,
    WebhookEngine,
)
from simulator.webhooks.hosted_notify import forward_hosted_notifications
from simulator.world_watch import WorldWatch

UNIPILE_PREFIX = UNIPILE.prefix  # /api/v1
POSTPRESS_PREFIX = POSTPRESS_DIALECT.prefix  # /v1
CONTROL_PREFIX = "/_sim"
PAGES_PREFIX = "/hosted"  # the hosted-auth wizard: HTML, no API key (contracts/pages.yaml)
TRACKING_PREFIX = "/t"  # sent emails' pixels and links, no API key (contracts/tracking.yaml)
_REAL_CLOCK_TICK_S = 0.05
# A newly compiled scenario is kept this long after serving starts: a client's first requests,
# which come at once, do not wait for it.
_KEEP_COMPILED_AFTER_S = 1.0
log = logging.getLogger("simulator")


@dataclass
class Settings:
    scenarios: list[str] = field(default_factory=lambda: ["default"])
    seed: int | None = None
    clock: ClockMode | None = None
    # Webhook deliveries: HTTP timeout (wall clock) and the retry delays (world time).
    webhook_timeout_s: float = DEFAULT_TIMEOUT_S
    webhook_retry_delays_s: tuple[float, ...] = DEFAULT_RETRY_DELAYS_S
    # Check every API response against contracts/ and answer a drift as a 500 (api/strict.py).
    strict: bool = False
    # Freeze built worlds out of the garbage collector's walks (gc_tuning.py): `serve` does;
    # a test process that builds many apps does not.
    tune_gc: bool = False
    # `serve`'s console (simulator/console.py): a line per request, delivery attempt and fired
    # event; None (tests, `--quiet`) writes nothing.
    console: Console | None = None
    # When set, every /_sim call and inspector page needs it (api/control_guard.py).
    control_token: str | None = None
    # Where worlds are kept across restarts (simulator/persistence); None: a temporary file,
    # enough for GET /_sim/state. `state_fsync` flushes each record to the disk too.
    state_file: str | None = None
    state_fsync: bool = False
    # Where the scenarios' compiled blueprints are kept between runs (scenario/compiled_cache.py):
    # `serve` keeps them in the user's cache directory; None compiles every time.
    compiled_cache: Path | None = None
    # Keep a newly compiled scenario in that cache once serving (`serve`), not before the first
    # answer; else at once.
    keep_compiled_later: bool = False


class SimulatorApp(Starlette):
    """Starlette, with the API's requests sent straight to their gateway (api/gateway.py),
    past the middlewares the others go through: the gateway applies the same rules in one
    layer. `api` is the gateway, inside the console's access log when there is one."""

    def __init__(self, gateway: ApiGateway, api: ASGIApp, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._api_prefixes = gateway.prefixes
        self._api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self._api_prefixes):
            scope["app"] = self
            await self._api(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def build_app(settings: Settings | None = None) -> SimulatorApp:
    settings = settings or Settings()
    registry = TenantRegistry(clock_override=settings.clock)
    webhooks = WebhookEngine(
        registry,
        DeliveryPolicy(
            timeout_s=settings.webhook_timeout_s, retry_delays_s=settings.webhook_retry_delays_s
        ),
    )
    registry.on_world_created.append(webhooks.attach)
    registry.on_world_released.append(webhooks.release)
    registry.on_world_created.append(forward_hosted_notifications(webhooks))
    # After the engine's hook: the watch observes the delivery log the engine just made.
    watch = WorldWatch(webhooks)
    registry.on_world_created.append(watch.attach)
    registry.on_world_released.append(watch.release)
    console = settings.console
    if console is not None:
        watch.on_fired.append(console.fired)
        watch.on_attempt.append(console.delivery)
    state_log = open_state_log(settings)
    registry.state_log = state_log
    resuming = bool(state_log.records_on_open)
    compiled_to_keep: list[Callable[[], None]] = []
    later = compiled_to_keep if settings.keep_compiled_later else None
    if not resuming:
        # Load every scenario before serving: a bad file stops start-up with its message.
        for ref in settings.scenarios:
            loaded = load_for_serving(ref, settings.seed, settings.compiled_cache, later)
            registry.create(loaded, seed=settings.seed, api_key=loaded.summary().api_key)
    gc_tuning = None
    if settings.tune_gc:
        gc_tuning = GcTuning()
        registry.on_world_created.append(gc_tuning.world_created)
        registry.on_world_released.append(gc_tuning.world_released)

    # One route table, two dialects (simulator/api/dialects.py), served by the gateway.
    api_mounts = [
        (Mount(UNIPILE_PREFIX, app=API), UNIPILE),
        (Mount(POSTPRESS_PREFIX, app=API), POSTPRESS_DIALECT),
    ]
    strict = []
    checks = None
    if settings.strict:  # jsonschema_rs and the contracts load only when asked for
        from simulator.api.strict import StrictChecks, StrictMiddleware

        checks = StrictChecks()
        strict.append(Middleware(StrictMiddleware, checks=checks))
    # The API's requests: body rules, world, state log, journal, faults, strict mode.
    gateway = ApiGateway(registry, api_mounts, strict=checks)
    app = SimulatorApp(
        gateway,
        AccessLog(gateway, console, registry) if console is not None else gateway,
        routes=[
            *(mount for mount, _ in api_mounts),
            # The inspector's pages live under /_sim/ui, in the control plane's mount.
            Mount(CONTROL_PREFIX, routes=[*INSPECTOR_ROUTES, *CONTROL_ROUTES]),
            Mount(PAGES_PREFIX, routes=PAGE_ROUTES, name="hosted"),
            Mount(TRACKING_PREFIX, routes=TRACKING_ROUTES),
            Mount("", routes=ROOT_ROUTES),  # `/` redirects to the inspector; last, as it is ""
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[
            *access_log(console, registry),
            *control_guard(settings.control_token),
            # The API's requests go to the gateway (SimulatorApp); the others' (control plane,
            # pages, tracking) get the same rules here, layer by layer.
            Middleware(BodyGuard),  # a body over the limit, or too slow: 413 / 408
            Middleware(StateCapture),  # requests that may change a world: the state log
            *strict,
        ],
        lifespan=_lifespan,
    )
    app.state.registry = registry
    app.state.webhooks = webhooks
    app.state.settings = settings
    app.state.gc_tuning = gc_tuning
    app.state.watch = watch
    app.state.compiled_to_keep = compiled_to_keep
    if resuming:
        resume(app, state_log)
    if settings.state_file is not None:
        state_log.start()  # the file, compacted, from now on
    if gc_tuning is not None:
        gc_tuning.settle()
    return app


def open_state_log(settings: Settings) -> StateLog:
    """The state log (a StateFileError when the file is damaged or foreign); its secret signs
    the cursors."""
    from pathlib import Path

    from simulator.installation import adopt_secret, signing_secret

    path = Path(settings.state_file) if settings.state_file is not None else None
    state_log = StateLog.open(path, signing_secret(), settings.state_fsync)
    if path is not None:
        adopt_secret(state_log.secret)
    return state_log


def resume(app: Starlette, state_log: StateLog) -> None:
    """Replay the state file's records, on a loop of their own, before serving."""
    from simulator.persistence.replay import Replayer, run_detached

    where = str(state_log.path)
    replayer = Replayer(app, app.state.registry, app.state.webhooks, where)

    async def replay() -> None:
        await app.state.webhooks.start()
        state_log.paused = True
        try:
            await replayer.replay(state_log.records_on_open)
        finally:
            state_log.paused = False
            await replayer.finish_detached()

    run_detached(replay)


def control_guard(token: str | None) -> list[Middleware]:
    return [Middleware(ControlGuard, token=token)] if token else []


def access_log(console: Console | None, registry: TenantRegistry) -> list[Middleware]:
    """The console's request lines: outermost, so the duration is the whole answer's."""
    if console is None:
        return []
    return [Middleware(AccessLog, console=console, registry=registry)]


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    ticker = asyncio.create_task(_run_real_clocks(app.state.registry, app.state.gc_tuning))
    to_keep = app.state.compiled_to_keep
    keeper = asyncio.get_running_loop().call_later(_KEEP_COMPILED_AFTER_S, _keep_all, to_keep)
    await app.state.webhooks.start()
    try:
        yield
    finally:
        keeper.cancel()
        _keep_all(to_keep)  # a server stopped within its first second keeps them too
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticker
        await app.state.webhooks.stop()
        if app.state.settings.console is not None:
            app.state.settings.console.flush()  # the lines of the last twentieth of a second


def _keep_all(to_keep: list[Callable[[], None]]) -> None:
    """Write the compiled scenarios' cache entries that wait (compiled_cache.py)."""
    while to_keep:
        try:
            to_keep.pop(0)()
        except Exception:  # a cache is an optimisation: a failure must not stop the server
            log.exception("a compiled scenario could not be kept")


async def _run_real_clocks(registry: TenantRegistry, gc_tuning: GcTuning | None) -> None:
    """Fire events of real-clock worlds when they fall due, even if no request arrives; let the
    collector have released worlds (gc_tuning.py)."""
    while True:
        await asyncio.sleep(_REAL_CLOCK_TICK_S)
        if gc_tuning is not None:
            gc_tuning.tick(time.monotonic())
        for world in registry.worlds():
            try:
                world.catch_up()
            except Exception:  # one world's bug must not stop every other world's clock
                log.exception("event failed in world %s", world.blueprint.name)
