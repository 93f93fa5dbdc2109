"""/_sim/webhooks/deliveries: every delivery attempt of a world, for tests to assert on."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.clock import iso_ms
from simulator.webhooks.engine import WebhookEngine
from simulator.webhooks.log import DEFAULT_CAPACITY, OUTCOMES, DeliveryAttempt


def attempt_json(attempt: DeliveryAttempt) -> dict[str, Any]:
    return {
        "object": "WebhookDelivery",
        "seq": attempt.seq,
        "delivery_id": attempt.delivery_id,
        "kind": attempt.kind,
        "webhook_id": attempt.webhook_id,
        "event": attempt.event,
        "url": attempt.url,
        "attempt": attempt.attempt,
        "at": iso_ms(attempt.at_ms),
        "status_code": attempt.status_code,
        "error": attempt.error,
        "duration_ms": attempt.duration_ms,
        "outcome": attempt.outcome,
        "next_attempt_at": (
            iso_ms(attempt.next_attempt_ms) if attempt.next_attempt_ms is not None else None
        ),
        "headers": dict(attempt.headers),
        "payload": attempt.payload,
    }


async def list_deliveries(request: Request) -> Response:
    query = Query(request, ("webhook_id", "event", "outcome", "limit"))
    filters = {
        "webhook_id": query.text("webhook_id"),
        "event": query.text("event"),
        "outcome": query.choice("outcome", OUTCOMES),
        "limit": query.integer("limit", DEFAULT_CAPACITY, 1, DEFAULT_CAPACITY),
    }
    world = world_of(request)
    engine: WebhookEngine = request.app.state.webhooks
    log = engine.log_of(world)
    attempts = log.find(**filters) if log is not None else []
    return json_response(
        200,
        {
            "object": "WebhookDeliveryList",
            "items": [attempt_json(attempt) for attempt in attempts],
            "count": len(attempts),
            "dropped": log.dropped if log is not None else 0,
        },
    )
