"""/_sim/webhooks/deliveries/{delivery_id}/retry: a delivery waiting for a retry makes its next
attempt now (webhooks/retry.py), the inspector's "retry now" button included."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.webhooks.engine import WebhookEngine
from simulator.webhooks.retry import retry_now


async def retry_delivery(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    engine: WebhookEngine = request.app.state.webhooks
    retried = retry_now(world, engine.log_of(world), request.path_params["delivery_id"])
    return json_response(200, {"object": "WebhookRetryStarted", **retried})
