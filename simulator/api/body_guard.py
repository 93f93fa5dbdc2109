"""What every request's body may be: at most MAX_REQUEST_BYTES, and sent within
BODY_TIMEOUT_S. A larger body is answered 413 `errors/content_too_large` before it is read
whole (at once when its `content-length` says so); a body that stops arriving is answered 408
`errors/request_timeout`. Outermost of the app's middleware: the answer never reaches a route.
The API's gateway applies the same rules with `read_guarded_body` (it reads every body whole).

A part of the body that is there already (a small body comes with its head) is taken without
a deadline: `receive()` is stepped once by hand, and only one that has to wait is given a timer.
Arming and cancelling a timer, and finding the running loop (a `getpid()` system call each time),
cost more than the rest of a small POST's body handling (bench/RESULTS.md).
"""

from __future__ import annotations

import asyncio
import types
from types import CoroutineType
from typing import Any, Coroutine, Generator, cast

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.api.errors import envelope
from simulator.world.errors import ApiError

MAX_REQUEST_BYTES = 64 * 1024 * 1024  # room for an email's 25 MiB attachments, and more
BODY_TIMEOUT_S = 30.0
_HTTP1 = ("1.1", "1.0")


class RequestAborted(Exception):
    """The body broke a rule: raised from `receive`, answered by BodyGuard."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.detail)
        self.error = error


class BodyGuard:
    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_REQUEST_BYTES,
        timeout_s: float = BODY_TIMEOUT_S,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared, chunked = _framing(scope)
        if not declared and not chunked and scope.get("http_version") in _HTTP1:
            # No body to guard (most requests): HTTP/1.x frames a request's body with one of
            # the two headers, or it has none (RFC 9112, 6.3).
            await self.app(scope, receive, send)
            return
        if declared is not None and declared > self.max_bytes:
            await answer_aborted(send, scope, _too_large(declared, self.max_bytes, exact=True))
            return
        received = 0
        complete = False
        started = False

        async def guarded_receive() -> Message:
            nonlocal received, complete
            if complete:
                return await receive()
            message = await receive_within(receive, self.timeout_s)
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestAborted(_too_large(received, self.max_bytes))
                complete = not message.get("more_body", False)
            else:
                complete = True
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, guarded_receive, noting_send)
        except RequestAborted as aborted:
            if started:
                raise
            await answer_aborted(send, scope, aborted.error)


def body_too_large(scope: Scope, max_bytes: int = MAX_REQUEST_BYTES) -> ApiError | None:
    """The 413 of a body whose declared length is over the limit, before any of it is read."""
    declared, _ = _framing(scope)
    if declared is not None and declared > max_bytes:
        return _too_large(declared, max_bytes, exact=True)
    return None


async def read_guarded_body(
    receive: Receive, max_bytes: int = MAX_REQUEST_BYTES, timeout_s: float = BODY_TIMEOUT_S
) -> bytes:
    """The whole body, each part within `timeout_s` and all of it within `max_bytes`; a
    RequestAborted otherwise."""
    chunks: list[bytes] = []
    received = 0
    while True:
        message = await receive_within(receive, timeout_s)
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > max_bytes:
            raise RequestAborted(_too_large(received, max_bytes))
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def receive_within(receive: Receive, timeout_s: float) -> Message:
    """`receive()`, or a RequestAborted 408 when nothing came within `timeout_s`."""
    pending = receive()
    if isinstance(pending, CoroutineType):
        try:
            waited_on = pending.send(None)
        except StopIteration as done:
            return cast(Message, done.value)  # it was there already
        waiting = _resumed(pending, waited_on)
    else:
        waiting = pending
    try:
        async with asyncio.timeout(timeout_s):
            return await waiting
    except TimeoutError:
        raise RequestAborted(
            ApiError("request_timeout", f"body: not received within {timeout_s:g} s")
        ) from None


@types.coroutine
def _resumed(coroutine: Coroutine[Any, Any, Any], waited_on: Any) -> Generator[Any, Any, Any]:
    """The rest of a coroutine that was stepped once, by hand, and is waiting on `waited_on`:
    what `await` would have done, the task's sends and throws passed on."""
    while True:
        try:
            sent = yield waited_on
        except BaseException as thrown:  # the deadline's cancellation, or the task's
            try:
                waited_on = coroutine.throw(thrown)
            except StopIteration as done:
                return done.value
        else:
            try:
                waited_on = coroutine.send(sent)
            except StopIteration as done:
                return done.value


def _too_large(size: int, limit: int, exact: bool = False) -> ApiError:
    return ApiError(
        "request_too_large",
        f"body: {'' if exact else 'at least '}{size} bytes, over the limit of {limit}",
    )


def _framing(scope: Scope) -> tuple[int | None, bool]:
    """(the declared `content-length`, or None; whether the body is sent in chunks). A
    malformed length counts as none here: the server refuses such a request before the app."""
    declared, chunked = None, False
    for name, value in scope["headers"]:
        if name == b"content-length":
            declared = int(value) if value.isdigit() else None
        elif name == b"transfer-encoding":
            chunked = True
    return declared, chunked


async def answer_aborted(send: Send, scope: Scope, error: ApiError) -> None:
    body = orjson.dumps(envelope(error, scope["path"]))
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),  # the rest of the body is not read
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
