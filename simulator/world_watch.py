"""What happens in each world as it happens: the events its clock fires and every webhook
delivery attempt, for the console (a line each) and the inspector (what fired lately).

`WorldWatch.attach` (a `TenantRegistry.on_world_created` hook, after the engine's own) listens
where both pass: the world's event queue tells `on_pop` of each due event just before it
fires, and the world's delivery log tells `on_record` of each attempt the engine records.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from simulator.clock import ScheduledEvent
from simulator.webhooks.engine import WebhookEngine
from simulator.webhooks.log import DeliveryAttempt
from simulator.world.world import World

FIRED_KEPT = 200  # per world: the inspector's clock page shows what fired lately


@dataclass(frozen=True, slots=True)
class FiredEvent:
    seq: int  # 1 for the world's first fired event
    at_ms: int  # world time the event was due
    kind: str
    details: dict[str, Any]


@dataclass
class WorldLog:
    """What one world's clock fired, newest last, bounded."""

    fired: deque[FiredEvent] = field(default_factory=lambda: deque(maxlen=FIRED_KEPT))
    count: int = 0

    def newest_first(self) -> list[FiredEvent]:
        return list(reversed(self.fired))


FiredListener = Callable[[World, FiredEvent], None]
AttemptListener = Callable[[World, DeliveryAttempt], None]


class WorldWatch:
    def __init__(self, engine: WebhookEngine) -> None:
        self._engine = engine
        self._logs: dict[str, WorldLog] = {}
        self.on_fired: list[FiredListener] = []
        self.on_attempt: list[AttemptListener] = []

    def log_of(self, world: World) -> WorldLog:
        return self._logs.setdefault(world.api_key, WorldLog())

    def attach(self, world: World) -> None:
        """Hook for `TenantRegistry.on_world_created`: a new world, or one just reset."""
        log = self._logs[world.api_key] = WorldLog()

        def fired(event: ScheduledEvent) -> None:
            log.count += 1
            entry = FiredEvent(log.count, event.due_ms, event.kind, dict(event.details))
            log.fired.append(entry)
            for listener in self.on_fired:
                listener(world, entry)

        def attempted(attempt: DeliveryAttempt) -> None:
            for listener in self.on_attempt:
                listener(world, attempt)

        world.queue.on_pop.append(fired)
        delivery_log = self._engine.log_of(world)
        if delivery_log is not None:
            delivery_log.on_record.append(attempted)

    def release(self, api_key: str) -> None:
        """Hook for `TenantRegistry.on_world_released`: forget a dropped world's log."""
        self._logs.pop(api_key, None)
