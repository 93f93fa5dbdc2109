"""The state log's side of the server: which requests are written to it, and when.

A request that may change a world (any method but GET, HEAD and OPTIONS; and the GETs of
tracking pixels and links and of hosted-auth pages, which count opens and clicks) has its body
read here, before anything else runs; the record is written once the request's world is known
(`bind_world`), before the world applies it. A read is written too when fault rules are active
in its world: a rule may fire on it, or draw from the rules' random stream.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from simulator.api.recording import has_body, read_whole_body
from simulator.registry import TenantRegistry
from simulator.world.world import World

# An ASGI scope extension: the request is one the state log replays (no console line, no
# control token, no fault latency).
REPLAYED = "unipile_sim.replayed"
_CAPTURED = "state_capture_body"
_READS = frozenset({"GET", "HEAD", "OPTIONS"})
_COUNTED_READS = ("/t/", "/hosted/")


class StateCapture:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            scope["method"] not in _READS or scope["path"].startswith(_COUNTED_READS)
        ):
            body = b""
            if has_body(scope["headers"]):
                body, receive = await read_whole_body(scope, receive)
            scope.setdefault("state", {})[_CAPTURED] = body
        await self.app(scope, receive, send)


def bind_world(
    scope: Scope, world: World, registry: TenantRegistry, count_read: bool = False
) -> None:
    """The request acts on `world`: catch it up with its clock, note it (the console's line
    names it) and write the request to the state log."""
    body = scope.setdefault("state", {}).pop(_CAPTURED, None)
    if body is None and count_read:
        body = b""
    bind_with_body(scope, world, registry, body)


def bind_with_body(
    scope: Scope, world: World, registry: TenantRegistry, body: bytes | None
) -> None:
    """`bind_world` for a caller that read the body itself (the API's gateway); `body` None:
    a request the state log does not keep."""
    world.catch_up()
    scope.setdefault("state", {})["world"] = world
    log = registry.state_log
    if body is not None and log is not None:
        log.append_request(world.api_key, world.now_ms(), scope, body)


def changes_state(method: str) -> bool:
    return method not in _READS
