"""/_sim/webhooks/deliveries: every delivery attempt of a world, for tests to assert on."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.render import deliveries_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.webhooks.engine import WebhookEngine
from simulator.webhooks.log import DEFAULT_CAPACITY, OUTCOMES


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
    await engine.settle(world)  # an attempt in flight is recorded before the log is read
    log = engine.log_of(world)
    attempts = log.find(**filters) if log is not None else []
    return json_response(200, deliveries_json(attempts, log.dropped if log is not None else 0))
