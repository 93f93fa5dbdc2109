"""Retry now: a delivery waiting for its next attempt makes it at once, without moving the clock.

A failed attempt leaves a `webhook_retry` event on the world's queue, due when the retry is
(webhooks/engine.py). Retrying now cancels that event and runs it: the engine's own retry, one
schedule early. The attempt keeps the world time it was due at, and what follows it (another
retry, the next delivery in the lane) goes on as if the clock had reached it.
"""

from __future__ import annotations

from typing import Any

from simulator.clock import ScheduledEvent
from simulator.webhooks.log import DeliveryLog
from simulator.world.errors import ApiError
from simulator.world.world import World


def retry_now(world: World, log: DeliveryLog | None, delivery_id: str) -> dict[str, Any]:
    """Run the pending retry of `delivery_id`; a 404 when no retry of it is waiting."""
    waiting = _waiting_retry(world, log, delivery_id)
    if waiting is None:
        raise ApiError(
            "resource_not_found",
            f"delivery_id: no delivery {delivery_id} is waiting for a retry",
        )
    waiting.cancelled = True
    outcome = waiting.action() or {}
    return {"delivery_id": delivery_id, "attempt": outcome.get("attempt")}


def _waiting_retry(
    world: World, log: DeliveryLog | None, delivery_id: str
) -> ScheduledEvent | None:
    """The queued retry of the delivery's latest attempt, if that attempt is retrying."""
    if log is None:
        return None
    latest = None
    for attempt in log:
        if attempt.delivery_id == delivery_id:
            latest = attempt
    if latest is None or latest.outcome != "retrying" or latest.next_attempt_ms is None:
        return None
    for event in world.queue.pending():
        if (
            event.kind == "webhook_retry"
            and event.due_ms == latest.next_attempt_ms
            and event.details.get("webhook_id") == latest.webhook_id
            and event.details.get("url") == latest.url
        ):
            return event
    return None
