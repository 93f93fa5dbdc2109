"""The world's event bus: typed facts the world announces (webhooks subscribe to them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True, slots=True)
class WorldEvent:
    """Something that happened in the world at `at_ms`.

    `name` is the webhook event name (`message_received`, `new_relation`, `account_status`…);
    `data` holds what a payload builder needs, never HTTP concerns.
    """

    name: str
    at_ms: int
    account_id: str | None
    data: dict[str, Any] = field(default_factory=dict)


Subscriber = Callable[[WorldEvent], None]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self.published = 0

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def publish(self, event: WorldEvent) -> None:
        self.published += 1
        for subscriber in self._subscribers:
            subscriber(event)
