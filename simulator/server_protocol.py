"""The HTTP protocol `serve` runs: uvicorn's httptools protocol, which waits for a request's head
forever, with a deadline: a connection whose request line and headers do not all arrive within
HEAD_TIMEOUT_S is closed (a client that sends half a request holds nothing for long). The body
has its own deadline (api/body_guard.py); an idle keep-alive connection, uvicorn's.

The deadline costs nothing per request: one timer per connection looks every half deadline
whether the connection still awaits the same head as at its last look. It awaits a head when
no request is being answered and uvicorn's keep-alive timer is not armed: that timer runs only
while nothing of a next request has come, and is disarmed by its first bytes. A head awaited
at three looks in a row (a whole deadline, at most one and a half) closes the connection.
Hooks on each request's bytes and headers, with a timer armed and cancelled per request, cost
a few microseconds each time (bench/RESULTS.md).

An answer's head and the first part of its body are written together (`_HeadWithBody`): uvicorn
writes each as it is sent, and a system call per write is a fifth of a small request's cost.

The answers of requests that came in together go out together (`_AnswerBatch`): while other
requests of the server are still being answered, a finished answer waits, and is written with
the last of them, or at the event loop's next turn at the latest. A client with many connections
open then reads a run of answers on one wake-up, instead of being woken for each: under 32
connections an invitation cost 58-59 µs of the server's CPU instead of 75 (the kernel's share,
waking the client, 8 µs instead of 18), its p99 fell from 4.7 to 3.3 ms (bench/RESULTS.md). A
lone request is written at once, as before.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_TIMEOUT_S = 10.0
_LOOKS_PER_DEADLINE = 2
_JOINED_UP_TO = 64 * 1024  # a larger first body part is written beside the head, not copied
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"  # what uvicorn writes before a body is read


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    head_timeout_s = HEAD_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._answers = _batch_of(self.loop)
        self._awaited: object = None  # the answered cycle (or None) after which a head is awaited
        self._looks_awaiting = 0
        self._look_timer: asyncio.TimerHandle | None = None
        self._look_later()

    def on_headers_complete(self) -> None:
        previous = self.cycle
        super().on_headers_complete()
        cycle = self.cycle
        # No new cycle: an upgrade (not HTTP any more). A HEAD's answer has no body to join to.
        if cycle is not previous and cycle.scope["method"] != "HEAD":
            cycle.transport = _HeadWithBody(self.transport, self._answers)  # type: ignore[assignment]

    def on_response_complete(self) -> None:
        _answered(self.cycle)  # written already; this covers an answer without a body part
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._look_timer is not None:
            self._look_timer.cancel()
            self._look_timer = None
        _answered(self.cycle)  # a request cut off before its answer is no longer awaited
        for cycle, _ in self.pipeline:
            _answered(cycle)
        super().connection_lost(exc)

    def shutdown(self) -> None:
        self._answers.flush()  # before a connection between two requests is closed
        super().shutdown()

    def send_400_response(self, msg: str) -> None:
        self._answers.flush()  # an answer held for this connection goes before its 400
        super().send_400_response(msg)

    def _look_later(self) -> None:
        self._look_timer = self.loop.call_later(
            self.head_timeout_s / _LOOKS_PER_DEADLINE, self._look_at_head
        )

    def _awaits_head(self) -> bool:
        answering = self.cycle is not None and not self.cycle.response_complete
        return not answering and self.timeout_keep_alive_task is None

    def _look_at_head(self) -> None:
        if self.transport.is_closing():
            self._look_timer = None
            return
        if not self._awaits_head():
            self._looks_awaiting = 0
        elif self._looks_awaiting and self._awaited is self.cycle:
            self._looks_awaiting += 1  # the same head as at the last look
        else:
            self._awaited, self._looks_awaiting = self.cycle, 1
        if self._looks_awaiting > _LOOKS_PER_DEADLINE:
            self._look_timer = None
            self.transport.close()
            return
        self._look_later()


class _AnswerBatch:
    """The answers of one event loop's connections that wait for each other (the module's
    docstring): `answering` counts the requests whose answer is not written yet."""

    __slots__ = ("_loop", "answering", "_held", "_armed")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.answering = 0
        self._held: list[tuple[asyncio.Transport, bytes]] = []
        self._armed = False

    def write(self, transport: asyncio.Transport, answer: bytes) -> None:
        """An answer whose request is no longer counted: held while others are, else written
        now with those held before it."""
        if self.answering > 0:
            self._held.append((transport, answer))
            if not self._armed:  # the latest it waits: the loop's next turn
                self._armed = True
                self._loop.call_soon(self.flush)
            return
        self.flush()
        transport.write(answer)

    def flush(self) -> None:
        self._armed = False
        held, self._held = self._held, []
        for transport, answer in held:
            if not transport.is_closing():  # its client went away meanwhile
                transport.write(answer)


_batches: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _AnswerBatch] = (
    weakref.WeakKeyDictionary()
)


def _batch_of(loop: asyncio.AbstractEventLoop) -> _AnswerBatch:
    batch = _batches.get(loop)
    if batch is None:
        batch = _batches[loop] = _AnswerBatch(loop)
    return batch


def _answered(cycle: Any) -> None:
    transport = getattr(cycle, "transport", None)
    if isinstance(transport, _HeadWithBody):
        transport.answered()


class _HeadWithBody:
    """The transport a request's cycle writes its answer to: the head (status line and
    headers, the cycle's first write but an interim `100 Continue`) is held, and written with
    the body's first part in one system call instead of two, through the loop's answer batch;
    closing writes a held head first. It keeps no reference to its cycle: the two would make a
    reference loop per request, kept alive until the collector's next pass."""

    __slots__ = ("_transport", "_head", "_head_seen", "_batch", "_counted")

    def __init__(self, transport: asyncio.Transport, batch: _AnswerBatch) -> None:
        self._transport = transport
        self._head: bytes | None = None
        self._head_seen = False
        self._batch = batch
        self._counted = True
        batch.answering += 1

    def answered(self) -> None:
        """The request is no longer counted as being answered (once, whichever way it ends)."""
        if self._counted:
            self._counted = False
            self._batch.answering -= 1

    def write(self, data: bytes) -> None:
        head = self._head
        if head is not None:
            self._head = None
            self.answered()
            if len(data) <= _JOINED_UP_TO:
                self._batch.write(self._transport, head + data)
            else:
                self._batch.flush()
                self._transport.writelines((head, data))
        elif not self._head_seen and data != _CONTINUE:
            self._head_seen = True
            self._head = data
        else:
            self._batch.flush()  # what this connection wrote before goes first
            self._transport.write(data)

    def close(self) -> None:
        self.answered()
        self._batch.flush()
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head)
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)
