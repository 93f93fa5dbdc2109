"""Virtual time: one clock and one queue of due events per world.

All world time is integer milliseconds since the Unix epoch. A `frozen` clock moves only when
advanced; a `real` clock also follows the host's monotonic clock from the moment the world was
made, so the same scenario always starts at the same instant.
"""

from __future__ import annotations

import heapq
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Callable, Literal

ClockMode = Literal["frozen", "real"]

_ISO_MS_AFTER_YEAR = "%m-%dT%H:%M:%S"  # %Y does not zero-pad years before 1000 on glibc


@lru_cache(maxsize=65_536)
def iso_ms(epoch_ms: int) -> str:
    """Render world time the way Unipile does: exactly three millisecond digits and a `Z`.

    Cached: the same instants (a record's `created_at`) are rendered on every read, and
    formatting a datetime costs more than the rest of rendering an account.
    """
    moment = _EPOCH + timedelta(milliseconds=epoch_ms)
    return f"{moment.year:04d}-{moment.strftime(_ISO_MS_AFTER_YEAR)}.{epoch_ms % 1000:03d}Z"


_EPOCH = datetime(1970, 1, 1)


def epoch_ms(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def parse_iso(text: str) -> int:
    """Parse an ISO-8601 instant (any precision, `Z` or offset) into world milliseconds."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return epoch_ms(moment)


class VirtualClock:
    def __init__(
        self,
        start_ms: int,
        mode: ClockMode = "frozen",
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.mode: ClockMode = mode
        self._base_ms = start_ms
        self._monotonic = monotonic
        self._anchor = monotonic()

    def now_ms(self) -> int:
        if self.mode == "frozen":
            return self._base_ms
        return self._base_ms + int((self._monotonic() - self._anchor) * 1000)

    def set(self, target_ms: int) -> None:
        """Jump to `target_ms`; a real clock keeps running from there."""
        self._base_ms = target_ms
        self._anchor = self._monotonic()


@dataclass(order=True)
class ScheduledEvent:
    due_ms: int
    seq: int
    kind: str = field(compare=False)
    action: Callable[[], dict[str, Any] | None] = field(compare=False, repr=False)
    details: dict[str, Any] = field(compare=False, default_factory=dict)
    cancelled: bool = field(compare=False, default=False)


class EventQueue:
    """Due events in time order; ties keep the order they were scheduled in."""

    def __init__(self) -> None:
        self._heap: list[ScheduledEvent] = []
        self._seq = 0

    def __len__(self) -> int:
        return sum(1 for event in self._heap if not event.cancelled)

    def schedule(
        self,
        due_ms: int,
        kind: str,
        action: Callable[[], dict[str, Any] | None],
        **details: Any,
    ) -> ScheduledEvent:
        self._seq += 1
        event = ScheduledEvent(due_ms, self._seq, kind, action, details)
        heapq.heappush(self._heap, event)
        return event

    def next_due_ms(self) -> int | None:
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0].due_ms if self._heap else None

    def pop_due(self, until_ms: int) -> ScheduledEvent | None:
        due = self.next_due_ms()
        if due is None or due > until_ms:
            return None
        return heapq.heappop(self._heap)

    def pending(self) -> list[ScheduledEvent]:
        return sorted(event for event in self._heap if not event.cancelled)


_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}


def parse_duration_ms(text: str) -> int:
    """`90s`, `15m`, `2h`, `1d`, `1w`, `250ms`, or combinations like `1h30m`."""
    parts = re.findall(r"(\d+)(ms|s|m|h|d|w)", text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        raise ValueError(f"not a duration: {text!r} (use e.g. 90s, 15m, 2h, 1d, 1h30m)")
    return sum(int(number) * _UNIT_MS[unit] for number, unit in parts)


def parse_when(text: str, base_ms: int) -> int:
    """`+2h` is relative to `base_ms`; anything else is an absolute ISO-8601 instant."""
    if text.startswith("+"):
        return base_ms + parse_duration_ms(text[1:])
    return parse_iso(text)
