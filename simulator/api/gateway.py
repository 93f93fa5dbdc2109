"""The one ASGI layer in front of each mount of the route table (/api/v1 and /v1).

For every request it finds the caller's world (401 without one, §1.5) and the dialect that
answers (`simulator.api.dialects`), reads the body for the
journal, lets the world's fault rules and chaos mode answer first, runs the route, then journals
the request with the status it got and the time it took (two `perf_counter()` readings around
the route, faults' latency included). In a dialect that honours `Idempotency-Key` (Postpress), a
keyed POST or PATCH goes through `simulator.api.idempotency` instead, which runs the faults and
the route at most once per key. One layer instead of three stacked middlewares: this runs on
every API request, and each extra ASGI layer is an await and a `send` wrapper more
(bench/RESULTS.md measures it).
"""

from __future__ import annotations

from functools import partial
from time import perf_counter

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.api.dialects import Dialect, key_and_dialect
from simulator.api.dispatch import ANSWERED_STATUS
from simulator.api.errors import MISSING_CREDENTIALS
from simulator.api.faulting import answered_by_fault
from simulator.api.idempotency import answer_once, idempotency_key_of_raw
from simulator.api.recording import has_body, journal_request, read_whole_body
from simulator.api.responses import json_response
from simulator.api.state_capture import bind_world
from simulator.registry import TenantRegistry
from simulator.world.world import World


class ApiGateway:
    def __init__(self, app: ASGIApp, registry: TenantRegistry, dialect: Dialect):
        self.app = app
        self.registry = registry
        self.dialect = dialect  # the mount's; a Bearer key on /api/v1 is Postpress's

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key, dialect = key_and_dialect(scope["headers"], self.dialect)
        world = self.registry.get(key)
        if world is None:
            await json_response(401, MISSING_CREDENTIALS)(scope, receive, send)
            return
        bind_world(scope, world, self.registry, count_read=world.faults.active)
        body = b""
        if has_body(scope["headers"]):  # a GET has nothing to buffer: skip the work
            body, receive = await read_whole_body(scope, receive)
        state = scope.setdefault("state", {})
        state["dialect"] = dialect
        state["body"] = body  # fault rules match on the account named in the body
        idempotency_key = idempotency_key_of_raw(scope) if dialect.idempotency_keys else None
        if idempotency_key is None and not world.faults.active:
            # The common path: the route table notes the status it answers (api/dispatch.py),
            # so `send` needs no wrapper.
            started = perf_counter()
            try:
                await self.app(scope, receive, send)
            finally:
                status = state.get(ANSWERED_STATUS, 500)
                journal_request(world, scope, body, status, perf_counter() - started)
            return
        status = 500
        started = perf_counter()

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            if idempotency_key is not None:
                act = partial(self._run, world, scope, receive)
                await answer_once(world, scope, body, idempotency_key, act, send_and_note)
            else:
                await self._run(world, scope, receive, send_and_note)
        finally:
            journal_request(world, scope, body, status, perf_counter() - started)

    async def _run(self, world: World, scope: Scope, receive: Receive, send: Send) -> None:
        """The world's fault rules and chaos mode, then the route if none of them answered."""
        if world.faults.active and await answered_by_fault(world, scope, send):
            return
        await self.app(scope, receive, send)
