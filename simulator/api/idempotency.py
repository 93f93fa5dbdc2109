"""`Idempotency-Key` at the edge of a dialect that honours it (Postpress, reference §10).

A POST or PATCH carrying the header acts once per key: the first request under a key runs (fault
rules included) and, when the route answered for good, its status, headers and exact bytes are
kept in the world's `IdempotencyBook`; the same key with the same request (method, path, query,
body bytes, a multipart body's boundary aside) replays them, marked `Idempotent-Replayed: true`,
without running anything; the same key with another request is a 422. A duplicate that arrives
while the first is still acting waits for it and replays its answer. GET, DELETE and the other
methods ignore the header.

Nothing transient is kept: a 5xx, a 425 or 429 (try again later), a fault rule's or chaos mode's
answer, or an answer cut short releases the key, so the client's retry acts.
"""

from __future__ import annotations

import asyncio
import re
from typing import Awaitable, Callable

import orjson
from starlette.types import Message, Scope, Send

from simulator.api.errors import envelope
from simulator.api.faulting import FAULTED
from simulator.world.errors import ApiError
from simulator.world.idempotency import KeyRecord, RequestFingerprint, StoredOutcome
from simulator.world.world import World

HEADER = "Idempotency-Key"
_HEADER_RAW = b"idempotency-key"
_KEYED_METHODS = frozenset({"POST", "PATCH"})
REPLAYED = (b"idempotent-replayed", b"true")
# Printable ASCII, 1 to 255 characters; no space at either end (HTTP strips them on the wire,
# so a key that has them could not mean the same thing twice).
_VALID_KEY = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?")
_TRANSIENT_STATUSES = frozenset({425, 429})

Act = Callable[[Send], Awaitable[None]]


def idempotency_key_of_raw(scope: Scope) -> bytes | None:
    """The header's raw value on a POST or PATCH; None otherwise (the common case: one method
    check, no header scan, for a GET)."""
    if scope["method"] not in _KEYED_METHODS:
        return None
    for name, value in scope["headers"]:
        if name == _HEADER_RAW:
            return value
    return None


async def answer_once(
    world: World, scope: Scope, body: bytes, raw_key: bytes, act: Act, send: Send
) -> None:
    """Answers a keyed request: replays the key's answer, refuses a reuse, or runs `act` once."""
    key = raw_key.decode("latin-1")
    if not _VALID_KEY.fullmatch(key):
        detail = f"{HEADER}: must be 1 to 255 printable ASCII characters, no space at either end"
        await _send_error(send, scope, ApiError("invalid_parameters", detail))
        return
    fingerprint = RequestFingerprint.of(
        scope["method"], scope["path"], scope["query_string"], _comparable(scope, body)
    )
    book = world.idempotency
    while (record := book.find(key)) is not None:
        if record.fingerprint != fingerprint:
            detail = f"{HEADER}: already used for another request"
            await _send_error(send, scope, ApiError("unprocessable_entity", detail))
            return
        if record.outcome is not None:
            await _replay(send, record.outcome)
            return
        # The first request with this key is still acting: its answer will be ours, unless it
        # ends without one, and then the loop finds the key free and this request acts.
        await _event_of(record).wait()
    await _act_and_keep(world, scope, key, book.claim(key, fingerprint, asyncio.Event()), act, send)


async def _act_and_keep(
    world: World, scope: Scope, key: str, record: KeyRecord, act: Act, send: Send
) -> None:
    recorder = _RecordingSend(send)
    try:
        await act(recorder.send)
        outcome = recorder.outcome()
        if outcome is not None and _keeps(outcome.status) and not scope["state"].get(FAULTED):
            world.idempotency.settle(key, record, outcome)
    finally:
        if record.in_flight:
            world.idempotency.release(key, record)
        _event_of(record).set()


_BOUNDARY = re.compile(rb"multipart/[\w.+-]+\s*;.*?boundary=\"?([^\";]+)", re.IGNORECASE)


def _comparable(scope: Scope, body: bytes) -> bytes:
    """The body as two sends of the same request share it: a multipart body without its
    boundary, which every client draws anew for each request (a retry of the SDK's FormData
    has another one)."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            found = _BOUNDARY.search(value)
            if found is not None:
                return body.replace(b"--" + found.group(1), b"--")
            break
    return body


def _event_of(record: KeyRecord) -> asyncio.Event:
    """The waiter this layer handed the book when it claimed the key."""
    assert isinstance(record.waiter, asyncio.Event)
    return record.waiter


def _keeps(status: int) -> bool:
    """The route acted for good: not a server failure nor a "try again later"."""
    return status < 500 and status not in _TRANSIENT_STATUSES


class _RecordingSend:
    """Passes the answer on as it goes, keeping a copy of it."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self._status: int | None = None
        self._headers: tuple[tuple[bytes, bytes], ...] = ()
        self._chunks: list[bytes] = []
        self._complete = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self._status = message["status"]
            self._headers = tuple((bytes(n), bytes(v)) for n, v in message.get("headers", ()))
        elif message["type"] == "http.response.body":
            self._chunks.append(message.get("body", b""))
            self._complete = not message.get("more_body", False)
        await self._send(message)

    def outcome(self) -> StoredOutcome | None:
        if self._status is None or not self._complete:
            return None
        return StoredOutcome(self._status, self._headers, b"".join(self._chunks))


async def _replay(send: Send, outcome: StoredOutcome) -> None:
    headers = [*outcome.headers, REPLAYED]
    await send({"type": "http.response.start", "status": outcome.status, "headers": headers})
    await send({"type": "http.response.body", "body": outcome.body})


async def _send_error(send: Send, scope: Scope, error: ApiError) -> None:
    body = orjson.dumps(envelope(error, scope["path"]))
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
