"""The webhooks page: the world's registered webhooks, and every delivery attempt (webhooks and
hosted-auth `notify_url` calls) newest first, with payload, answer, timing and the retry
schedule; "retry now" for a delivery waiting for its next attempt."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response

from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.paging import PAGE_SIZE, link, offset_of
from simulator.pages.inspector.rendering import page, redirect
from simulator.webhooks.engine import WebhookEngine
from simulator.webhooks.log import OUTCOMES
from simulator.webhooks.retry import retry_now
from simulator.world.errors import invalid_parameter
from simulator.world.world import World

_KINDS = ("webhook", "notify_url")


@world_page
async def show_webhooks(request: Request, world: World) -> Response:
    engine: WebhookEngine = request.app.state.webhooks
    log = engine.log_of(world)
    kind = _choice(request, "kind", _KINDS)
    outcome = _choice(request, "outcome", OUTCOMES)
    start = offset_of(request)
    attempts = [
        attempt
        for attempt in (reversed(list(log)) if log is not None else ())
        if (kind is None or attempt.kind == kind)
        and (outcome is None or attempt.outcome == outcome)
    ]
    shown = attempts[start : start + PAGE_SIZE]
    hooks, _ = world.webhooks.page(None, PAGE_SIZE)
    filters = {"kind": kind, "outcome": outcome}
    return page(
        request,
        "webhooks.html",
        {
            "world": world,
            "hooks": hooks,
            "attempts": shown,
            "total": len(attempts),
            "dropped": log.dropped if log is not None else 0,
            "kind": kind,
            "outcome": outcome,
            "kinds": _KINDS,
            "outcomes": OUTCOMES,
            "pretty": lambda payload: orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode(),
            "next": link("/webhooks", **filters, **{"from": start + PAGE_SIZE})
            if start + PAGE_SIZE < len(attempts) else None,
            "first": link("/webhooks", **filters) if start else None,
        },
    )  # fmt: skip


@world_action
async def retry(request: Request, world: World) -> Response:
    """As POST /_sim/webhooks/deliveries/{delivery_id}/retry."""
    engine: WebhookEngine = request.app.state.webhooks
    delivery_id = request.path_params["delivery_id"]
    retried = retry_now(world, engine.log_of(world), delivery_id)
    return redirect("/webhooks", f"Delivery {delivery_id}: attempt {retried['attempt']} started")


def _choice(request: Request, name: str, values: tuple[str, ...]) -> str | None:
    raw = request.query_params.get(name) or None
    if raw is not None and raw not in values:
        raise invalid_parameter(name, f"must be one of {', '.join(values)}, got {raw!r}")
    return raw
