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
"""

from __future__ import annotations

import asyncio
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
            cycle.transport = _HeadWithBody(self.transport)  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        if self._look_timer is not None:
            self._look_timer.cancel()
            self._look_timer = None
        super().connection_lost(exc)

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


class _HeadWithBody:
    """The transport a request's cycle writes its answer to: the head (status line and
    headers, the cycle's first write but an interim `100 Continue`) is held, and written with
    the body's first part in one system call instead of two; closing writes a held head first.
    It keeps no reference to its cycle: the two would make a reference loop per request, kept
    alive until the collector's next pass."""

    __slots__ = ("_transport", "_head", "_head_seen")

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._head: bytes | None = None
        self._head_seen = False

    def write(self, data: bytes) -> None:
        head = self._head
        if head is not None:
            self._head = None
            if len(data) <= _JOINED_UP_TO:
                self._transport.write(head + data)
            else:
                self._transport.writelines((head, data))
        elif not self._head_seen and data != _CONTINUE:
            self._head_seen = True
            self._head = data
        else:
            self._transport.write(data)

    def close(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head)
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)
