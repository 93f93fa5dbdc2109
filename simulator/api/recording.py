"""Records every API request of a world in its journal (GET /_sim/requests reads it)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.world.world import World

MAX_BODY_BYTES = 65_536


class RecordingMiddleware:
    """Sits behind TenantMiddleware, so `scope["state"]["world"]` is the caller's world."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        world: World = scope["state"]["world"]
        # Read the whole body first, so it is journaled even when the route never reads it.
        if _has_body(scope["headers"]):
            body, receive = await _buffered(receive)
        else:
            body = b""
        scope["state"]["body"] = body  # fault rules match on the account named in the body
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            world.journal.record(
                at_ms=world.now_ms(),
                method=scope["method"],
                path=scope["path"],  # the full path: Starlette keeps the mount prefix in it
                query_string=scope["query_string"],
                raw_headers=scope["headers"],
                body=body[:MAX_BODY_BYTES],
                status=status,
            )


def _has_body(raw_headers: list[tuple[bytes, bytes]]) -> bool:
    """A GET without Content-Length or Transfer-Encoding has nothing to buffer: skip the work."""
    for name, value in raw_headers:
        if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            return True
    return False


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay
