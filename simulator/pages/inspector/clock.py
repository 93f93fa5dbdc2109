"""The clock page: now, the pending events in the order they will fire, what fired lately;
advance by a duration or to the next event (as POST /_sim/clock/advance)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.clock import Advance
from simulator.api.params import check_instant
from simulator.clock import parse_duration_ms
from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.paging import PAGE_SIZE, link, offset_of
from simulator.pages.inspector.rendering import form_of, page, redirect, text_field, validated
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.world import World
from simulator.world_watch import WorldWatch


@world_page
async def show_clock(request: Request, world: World) -> Response:
    watch: WorldWatch = request.app.state.watch
    pending = world.queue.pending()
    start = offset_of(request)
    return page(
        request,
        "clock.html",
        {
            "world": world,
            "pending": pending[start : start + PAGE_SIZE],
            "pending_total": len(pending),
            "start": start,
            "fired": watch.log_of(world).newest_first()[:PAGE_SIZE],
            "next": link("/clock", **{"from": start + PAGE_SIZE})
            if start + PAGE_SIZE < len(pending) else None,
            "first": link("/clock") if start else None,
        },
    )  # fmt: skip


@world_action
async def advance(request: Request, world: World) -> Response:
    """Advance by a duration: `90`, `15m`, `1h30m`, `2d`, `1w` (the scenario files' grammar)."""
    form = await form_of(request)
    text = text_field(form, "duration")
    if text is None:
        raise ApiError("missing_parameters", "duration: how long to advance, e.g. 1h or 2d")
    try:
        duration_ms = parse_duration_ms(text)
    except ValueError as error:
        raise invalid_parameter("duration", str(error)) from None
    body = validated(Advance, {"seconds": duration_ms / 1000})
    seconds = body.seconds or 0
    check_instant("seconds", world.now_ms() + round(seconds * 1000))
    fired = world.advance_by(seconds)
    return redirect("/clock", f"Advanced {text}: {len(fired)} events fired")


@world_action
async def advance_to_next(request: Request, world: World) -> Response:
    """Advance to the next pending event, firing it (and any due at the same instant)."""
    due_ms = world.queue.next_due_ms()
    if due_ms is None:
        raise ApiError("invalid_request", "clock: no event is pending")
    fired = world.advance_to(max(due_ms, world.now_ms()))
    return redirect("/clock", f"Advanced to the next event: {len(fired)} events fired")
