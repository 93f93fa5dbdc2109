"""Virtual time: one clock and one queue of due events per world.

All world time is integer milliseconds since the Unix epoch. A `frozen` clock moves only when
advanced; a `real` clock also follows the host's monotonic clock from the moment the world was
made, so the same scenario always starts at the same instant.
"""

from __future__ import annotations

import decimal
import heapq
import math
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
        # Told of each event just before it fires (the console, the inspector's clock page).
        self.on_pop: list[Callable[[ScheduledEvent], None]] = []

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
        event = heapq.heappop(self._heap)
        for listener in self.on_pop:
            listener(event)
        return event

    def pending(self) -> list[ScheduledEvent]:
        return sorted(event for event in self._heap if not event.cancelled)


_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}
MAX_DURATION_MS = 10_000 * _UNIT_MS["w"]  # 10,000 weeks: world dates stay within year 9999
# The one duration grammar, as a regular expression JSON Schema shares: ASCII digits, an optional
# decimal fraction, then either nothing (seconds) or a unit, optionally followed by more
# number-and-unit parts (`90`, `1.5h`, `250ms`, `1h30m`, `2d4h`). No spaces, signs or exponents.
DURATION_TEXT = r"[0-9]+(\.[0-9]+)?((ms|s|m|h|d|w)([0-9]+(\.[0-9]+)?(ms|s|m|h|d|w))*)?"
DURATION_PATTERN = f"^{DURATION_TEXT}$"
# `+` and a duration (from a base instant), or an ISO-8601 instant with a time.
WHEN_PATTERN = f"^(\\+{DURATION_TEXT}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T.*)$"
_DURATION = re.compile(DURATION_TEXT)
_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)?")
_DURATION_EXAMPLES = "90, 1.5, 250ms, 90s, 15m, 1.5h, 1h30m, 2d4h, 2w"
# Exact arithmetic on the written digits (a float would round `0.1h` on the way).
_EXACT = decimal.Context(prec=60, traps=[decimal.InvalidOperation])


def parse_duration_ms(value: str | int | float) -> int:
    """A duration in milliseconds: a number of seconds, or text such as `90` (seconds), `1.5h`,
    `250ms`, `1h30m`. At most 10,000 weeks; a fraction of a millisecond is rounded (half even).

    Raises ValueError with a message fit for the person who wrote the duration.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"a duration is seconds, or text such as {_DURATION_EXAMPLES}")
    if isinstance(value, str):
        return _text_duration_ms(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError("a duration is a finite number of seconds, zero or more")
    # Bounded before multiplying: a huge float times 1000 overflows to infinity.
    if value > MAX_DURATION_MS / 1000:
        raise _too_long()
    return round(value * 1000)


def _text_duration_ms(text: str) -> int:
    if _DURATION.fullmatch(text) is None:
        raise ValueError(
            f"a duration is seconds, or text such as {_DURATION_EXAMPLES} "
            f"(ASCII digits, no spaces or signs); got {text[:40]!r}"
        )
    total = decimal.Decimal(0)
    for number, unit in _DURATION_PART.findall(text):
        part = _EXACT.multiply(decimal.Decimal(number), _UNIT_MS[unit or "s"])
        total = _EXACT.add(total, part)
        if total > MAX_DURATION_MS:
            raise _too_long()
    return int(total.to_integral_value(rounding=decimal.ROUND_HALF_EVEN))


def _too_long() -> ValueError:
    return ValueError(
        f"a duration must be less than or equal to {MAX_DURATION_MS} ms (10,000 weeks)"
    )


def parse_when(text: str, base_ms: int) -> int:
    """`+2h` (any duration after `+`) is relative to `base_ms`; anything else is an absolute
    ISO-8601 instant."""
    if text.startswith("+"):
        return base_ms + parse_duration_ms(text[1:])
    return parse_iso(text)
