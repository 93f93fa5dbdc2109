"""Receivers' answers read back from the state log (simulator/persistence/replay.py).

While a world is replayed, its delivery attempts do not POST: each waits for the `attempt`
record of its delivery and attempt number, and takes the recorded status, error and duration.
The replay waits in turn for the attempt to be done with it, so attempts end in the order they
ended the first time. An attempt with no record (it was in flight when the server stopped) is
made for real once the replay is over (`LIVE`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

LIVE: Any = object()  # no recorded answer: make the attempt


@dataclass(frozen=True)
class RecordedAnswer:
    status_code: int | None
    error: str | None
    duration_ms: float


@dataclass
class _Slot:
    answer: asyncio.Future[Any]
    done: asyncio.Event = field(default_factory=asyncio.Event)


class RecordedAnswers:
    def __init__(self) -> None:
        self._slots: dict[tuple[str, int], _Slot] = {}

    def _slot(self, delivery_id: str, attempt: int) -> _Slot:
        key = (delivery_id, attempt)
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = _Slot(asyncio.get_running_loop().create_future())
        return slot

    async def answer(self, delivery_id: str, attempt: int) -> Any:
        """The recorded answer (once the replay reaches it), or LIVE."""
        return await self._slot(delivery_id, attempt).answer

    def provide(self, delivery_id: str, attempt: int, answer: RecordedAnswer) -> asyncio.Event:
        """Hand a record's answer over; the event is set once the attempt has used it."""
        slot = self._slot(delivery_id, attempt)
        if not slot.answer.done():
            slot.answer.set_result(answer)
        return slot.done

    def used(self, delivery_id: str, attempt: int) -> None:
        slot = self._slots.pop((delivery_id, attempt), None)
        if slot is not None:
            slot.done.set()

    def go_live(self) -> None:
        for slot in self._slots.values():
            if not slot.answer.done():
                slot.answer.set_result(LIVE)
