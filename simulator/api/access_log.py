"""The console's request line: method, path, status, wall-clock duration and world, for every
HTTP request the server answers (`serve` without `--quiet`).

The world is the one the request acted on: the API gateway and the inspector note it in the
scope's state; a control-plane call is known by its `X-API-KEY`.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.api.state_capture import REPLAYED
from simulator.console import Console
from simulator.registry import TenantRegistry


class AccessLog:
    def __init__(self, app: ASGIApp, console: Console, registry: TenantRegistry) -> None:
        self.app = app
        self.console = console
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get(REPLAYED):  # a replay is not a request seen
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            duration_ms = (time.perf_counter() - started) * 1000
            state = scope.get("state")
            world = state.get("world") if state else None
            if world is None:
                world = self.registry.get(_api_key(scope))
            self.console.request(scope["method"], scope["path"], status, duration_ms, world)


def _api_key(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-api-key":
            return value.decode("latin-1")
    return None
