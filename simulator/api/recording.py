"""The request journal's side of the gateway: the body a request carried, and its entry in the
world's journal (GET /_sim/requests reads it)."""

from __future__ import annotations

from starlette.types import Message, Receive, Scope

from simulator.world.world import World


async def read_whole_body(scope: Scope, receive: Receive) -> tuple[bytes, Receive]:
    """The request body, read up front so it is journaled even when the route never reads it,
    and a `receive` that replays it to the route."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    return body, body_then(body, receive)


def body_then(body: bytes, then: Receive) -> Receive:
    """A `receive` that gives `body` whole, then whatever `then` gives."""
    given = False

    async def receive() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await then()

    return receive


def journal_request(
    world: World, scope: Scope, body: bytes, status: int, elapsed_s: float
) -> None:
    """`elapsed_s`: the gateway's two `perf_counter()` readings apart."""
    world.journal.record(
        world.now_ms(),
        scope["method"],
        scope["path"],  # the full path: Starlette keeps the mount prefix in it
        scope["query_string"],
        scope["headers"],
        body,  # the journal keeps its first 64 KiB
        status,
        elapsed_s,
    )


def has_body(raw_headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in raw_headers:
        if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            return True
    return False
