"""/_sim/clock: read and move a world's virtual time."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.params import Query, check_instant, parse_typed_body
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.clock import epoch_ms, iso_ms
from simulator.world.world import World

_TEN_YEARS_S = 10 * 365 * 86_400


class Advance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: float | None = Field(None, ge=0, le=_TEN_YEARS_S, allow_inf_nan=False)
    until: datetime | None = None

    @model_validator(mode="after")
    def one_of(self) -> "Advance":
        if (self.seconds is None) == (self.until is None):
            raise ValueError("give exactly one of seconds or until")
        return self


def clock_json(world: World) -> dict:
    next_due = world.queue.next_due_ms()
    return {
        "object": "Clock",
        "now": iso_ms(world.now_ms()),
        "mode": world.clock.mode,
        "pending_events": len(world.queue),
        "next_event_at": iso_ms(next_due) if next_due is not None else None,
    }


async def read_clock(request: Request) -> Response:
    Query(request, ())
    return json_response(200, clock_json(world_of(request)))


async def advance_clock(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await parse_typed_body(request, Advance)
    if body.until is not None:
        fired = world.advance_to(check_instant("until", epoch_ms(body.until)))
    else:
        seconds = body.seconds or 0
        check_instant("seconds", world.now_ms() + round(seconds * 1000))
        fired = world.advance_by(seconds)
    return json_response(200, clock_json(world) | {"object": "ClockAdvanced", "fired": fired})
