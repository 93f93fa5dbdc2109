"""The delivery log: every HTTP attempt the engine made for one world, newest last.

A bounded ring buffer per world (never unbounded); `dropped` counts what fell off.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterator

DEFAULT_CAPACITY = 10_000
OUTCOMES = ("delivered", "retrying", "failed")


@dataclass(frozen=True, slots=True)
class DeliveryAttempt:
    seq: int
    delivery_id: str
    kind: str  # "webhook" or "notify_url"
    webhook_id: str | None
    event: str
    url: str
    attempt: int  # 1 for the first try, up to 1 + the number of retries
    at_ms: int  # world time the attempt was due
    status_code: int | None
    error: str | None
    duration_ms: float  # wall-clock time the HTTP exchange took
    outcome: str  # one of OUTCOMES: "retrying" means another attempt is scheduled
    next_attempt_ms: int | None
    headers: tuple[tuple[str, str], ...]
    payload: dict[str, Any]


class DeliveryLog:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._attempts: deque[DeliveryAttempt] = deque(maxlen=capacity)
        self._seq = 0
        self.dropped = 0
        self.on_record: list[Callable[[DeliveryAttempt], None]] = []  # the console's lines

    def __len__(self) -> int:
        return len(self._attempts)

    def __iter__(self) -> Iterator[DeliveryAttempt]:
        return iter(self._attempts)

    @property
    def recorded(self) -> int:
        """Every attempt ever recorded, including those that fell off."""
        return self._seq

    def record(self, **fields: Any) -> DeliveryAttempt:
        self._seq += 1
        if len(self._attempts) == self._attempts.maxlen:
            self.dropped += 1
        attempt = DeliveryAttempt(seq=self._seq, **fields)
        self._attempts.append(attempt)
        for listener in self.on_record:
            listener(attempt)
        return attempt

    def find(
        self,
        webhook_id: str | None = None,
        event: str | None = None,
        outcome: str | None = None,
        limit: int | None = None,
    ) -> list[DeliveryAttempt]:
        """Matching attempts, oldest first; with `limit`, the newest `limit` of them."""
        found = [
            attempt
            for attempt in self._attempts
            if (webhook_id is None or attempt.webhook_id == webhook_id)
            and (event is None or attempt.event == event)
            and (outcome is None or attempt.outcome == outcome)
        ]
        return found[-limit:] if limit is not None else found
