"""/_sim/clock: read and move a world's virtual time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, model_validator
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import RequestBody, read_json
from simulator.api.control.render import clock_advanced_json, clock_json
from simulator.api.params import Query, check_instant
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.clock import epoch_ms
from simulator.webhooks.engine import WebhookEngine
from simulator.world.errors import invalid_parameter

_TEN_YEARS_S = 10 * 365 * 86_400


class Advance(RequestBody):
    # Both may be null (the contract says so): the one given moves the clock. The range rule
    # (no going back) is checked here, at the edge; World.advance_by keeps its own for callers
    # in Python.
    seconds: float | None = Field(None, ge=0, le=_TEN_YEARS_S, allow_inf_nan=False)
    until: datetime | None = None  # an ISO string: strict JSON reads no number as a datetime

    @model_validator(mode="after")
    def one_of(self) -> "Advance":
        if (self.seconds is None) == (self.until is None):
            raise ValueError("give exactly one of seconds or until")
        return self


async def read_clock(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    await engine_of(request).settle(world)  # retries of attempts in flight are pending too
    return json_response(200, clock_json(world))


async def advance_clock(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_json(request, Advance)
    if body.until is not None:
        target = check_instant("until", epoch_ms(body.until))
    else:
        target = check_instant("seconds", world.now_ms() + round((body.seconds or 0) * 1000))
    if target < world.now_ms():
        raise invalid_parameter("until", "cannot move the clock backwards")
    engine = engine_of(request)
    await engine.settle(world)
    fired: list[dict[str, Any]] = []
    # One due instant at a time: the deliveries its events start end (and schedule their
    # retries) before the clock moves on, however fast the receivers answer.
    while (due := world.queue.next_due_ms()) is not None and due <= target:
        fired += world.advance_to(max(due, world.now_ms()))  # a running clock may be ahead
        await engine.settle(world)
    fired += world.advance_to(target)
    return json_response(200, clock_advanced_json(world, fired))


def engine_of(request: Request) -> WebhookEngine:
    engine: WebhookEngine = request.app.state.webhooks
    return engine
