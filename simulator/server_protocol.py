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
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_TIMEOUT_S = 10.0
_LOOKS_PER_DEADLINE = 2


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    head_timeout_s = HEAD_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._awaited: object = None  # the answered cycle (or None) after which a head is awaited
        self._looks_awaiting = 0
        self._look_timer: asyncio.TimerHandle | None = None
        self._look_later()

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
