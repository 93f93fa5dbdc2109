"""The HTTP protocol `serve` runs: uvicorn's httptools protocol, which waits for a request's head
forever, with a deadline: a connection whose request line and headers do not all arrive within
HEAD_TIMEOUT_S is closed (a client that sends half a request holds nothing for long). The body
has its own deadline (api/body_guard.py); an idle keep-alive connection, uvicorn's.

Each head notes when it started; one timer per connection looks at that note when the deadline
could have passed, and is armed again while heads keep arriving. Arming and cancelling a loop
timer per request cost a few microseconds, a tenth of a small request's (bench/RESULTS.md).
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_TIMEOUT_S = 10.0


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    head_timeout_s = HEAD_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_started: float | None = None  # loop time the awaited head began; None: none
        super().connection_made(transport)
        self._head_begins()

    def data_received(self, data: bytes) -> None:
        if self._head_started is None and (self.cycle is None or self.cycle.response_complete):
            self._head_begins()  # the head of a new request
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._head_started = None
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_started = None
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def _head_begins(self) -> None:
        self._head_started = self.loop.time()
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout_s, self._look_at_head)

    def _look_at_head(self) -> None:
        self._head_timer = None
        if self._head_started is None:
            return  # no head awaited: the next one arms the timer again
        overdue_in = self._head_started + self.head_timeout_s - self.loop.time()
        if overdue_in > 0:  # a later head than the one the timer was armed for
            self._head_timer = self.loop.call_later(overdue_in, self._look_at_head)
        elif not self.transport.is_closing():
            self.transport.close()
