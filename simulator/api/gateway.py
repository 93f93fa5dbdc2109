"""The one ASGI layer in front of the route table's two mounts (/api/v1 and /v1).

A request under either prefix goes straight to its mount's operations (`api/dispatch.py`),
without the router trying mounts in turn. On the way this layer applies the body's rules (the
server's limit and deadline, `api/body_guard.py`) while reading the body whole, once, for the
journal and the state log; finds the caller's world (401 without one, §1.5) and the dialect that
answers (`simulator.api.dialects`); writes a request that may change the world to the state log;
lets the world's fault rules and chaos mode answer first; runs the route; then journals the
request with the status it got and the time it took (two `perf_counter()` readings around the
route, faults' latency included). In a dialect that honours `Idempotency-Key` (Postpress), a
keyed POST or PATCH goes through `simulator.api.idempotency` instead, which runs the faults and
the route at most once per key. In strict mode the answer is checked against the contract
(`api/strict.py`), the body rules' 413 and 408 excepted, as before any route ran.

One layer instead of a stack of middlewares (body guard, state capture, mount finder, gateway,
and Starlette's server-error middleware): this runs on every API request, and each ASGI layer
is an await, and a `receive` or `send` wrapper more (bench/RESULTS.md measures it). The app
(`simulator.app.SimulatorApp`) sends the API's requests here and the others through its
middlewares, which apply the same rules to the control plane and the pages. Like the
server-error middleware, a bug met before anything was sent is still answered: the 500
envelope, then the exception goes on to the server, which logs it.
"""

from __future__ import annotations

from functools import partial
from time import perf_counter
from typing import TYPE_CHECKING, Sequence

from starlette.requests import Request
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.api.body_guard import (
    BODY_TIMEOUT_S,
    MAX_REQUEST_BYTES,
    RequestAborted,
    answer_aborted,
    body_too_large,
    read_guarded_body,
)
from simulator.api.dialects import Dialect, key_and_dialect
from simulator.api.dispatch import ANSWERED_STATUS
from simulator.api.errors import MISSING_CREDENTIALS, on_unexpected
from simulator.api.faulting import answered_by_fault
from simulator.api.idempotency import answer_once, idempotency_key_of_raw
from simulator.api.recording import body_then, has_body, journal_request
from simulator.api.responses import json_response
from simulator.api.state_capture import bind_with_body, changes_state
from simulator.registry import TenantRegistry
from simulator.world.world import World

if TYPE_CHECKING:  # strict mode's contracts and validators load only when it is asked for
    from simulator.api.strict import StrictChecks


class ApiGateway:
    def __init__(
        self,
        registry: TenantRegistry,
        mounts: Sequence[tuple[Mount, Dialect]],
        strict: StrictChecks | None = None,
        max_bytes: int = MAX_REQUEST_BYTES,
        timeout_s: float = BODY_TIMEOUT_S,
    ) -> None:
        self.registry = registry
        # Each mount's prefix, its operations and its dialect (a Bearer key on /api/v1 is
        # Postpress's). The mounts stay the app's routes: what `allowed_methods` and the tests
        # walk; only the finding is shorter here.
        self._mounts = [(mount.path + "/", mount.app, dialect) for mount, dialect in mounts]
        self.prefixes = tuple(prefix for prefix, _, _ in self._mounts)
        self.strict = strict
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """An HTTP request under one of `prefixes`."""
        path: str = scope["path"]
        for prefix, operations, dialect in self._mounts:
            if path.startswith(prefix):
                root_path = scope.get("root_path", "")
                scope["app_root_path"] = scope.get("app_root_path", root_path)
                scope["root_path"] = root_path + prefix[:-1]
                try:
                    await self._serve(scope, receive, send, operations, dialect)
                except Exception as exc:
                    if ANSWERED_STATUS not in scope.setdefault("state", {}):  # nothing sent
                        response = await on_unexpected(Request(scope), exc)
                        await response(scope, receive, send)
                    raise
                return
        raise ValueError(f"{path} is under none of {self.prefixes}")

    async def _serve(
        self, scope: Scope, receive: Receive, send: Send, operations: ASGIApp, dialect: Dialect
    ) -> None:
        body = b""
        if has_body(scope["headers"]):  # a GET has nothing to read: skip the work
            refused = body_too_large(scope, self.max_bytes)
            try:
                if refused is not None:
                    raise RequestAborted(refused)
                body = await read_guarded_body(receive, self.max_bytes, self.timeout_s)
            except RequestAborted as aborted:
                scope.setdefault("state", {})[ANSWERED_STATUS] = aborted.error.status
                await answer_aborted(send, scope, aborted.error)
                return
            receive = body_then(body, receive)
        if self.strict is not None:
            send = self.strict.checked_send(scope, send)
        key, dialect = key_and_dialect(scope["headers"], dialect)
        world = self.registry.get(key)
        if world is None:
            scope.setdefault("state", {})[ANSWERED_STATUS] = 401
            await json_response(401, MISSING_CREDENTIALS)(scope, receive, send)
            return
        # The state log keeps what may change the world, and reads a fault rule may act on.
        kept = changes_state(scope["method"]) or world.faults.active
        bind_with_body(scope, world, self.registry, body if kept else None)
        state = scope["state"]
        state["dialect"] = dialect
        state["body"] = body  # fault rules match on the account named in the body
        idempotency_key = idempotency_key_of_raw(scope) if dialect.idempotency_keys else None
        if idempotency_key is None and not world.faults.active:
            # The common path: the route table notes the status it answers (api/dispatch.py),
            # so `send` needs no wrapper.
            started = perf_counter()
            try:
                await operations(scope, receive, send)
            finally:
                status = state.get(ANSWERED_STATUS, 500)
                journal_request(world, scope, body, status, perf_counter() - started)
            return
        status = 500
        started = perf_counter()

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = state[ANSWERED_STATUS] = message["status"]
            await send(message)

        try:
            if idempotency_key is not None:
                act = partial(self._run, world, operations, scope, receive)
                await answer_once(world, scope, body, idempotency_key, act, send_and_note)
            else:
                await self._run(world, operations, scope, receive, send_and_note)
        finally:
            journal_request(world, scope, body, status, perf_counter() - started)

    async def _run(
        self, world: World, operations: ASGIApp, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """The world's fault rules and chaos mode, then the route if none of them answered."""
        if world.faults.active and await answered_by_fault(world, scope, send):
            return
        await operations(scope, receive, send)
