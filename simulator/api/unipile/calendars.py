"""/api/v1/calendars: an account's calendars, and the events of one calendar: list (with the
filters of reference part 2 §5), read, create, update, delete. The rules live in
world/calendars.py; records render with world/calendar_events.py's field builders, the same
ones the `calendar_event_*` webhooks use.

Lists answer Unipile's calendar envelope `{data, next_cursor?}` (not `{object, items, cursor}`)
and page either way the reference says: `cursor` (the `next_cursor` of the previous page) or
`offset`. A cursor carries the list's account, calendar and filters: it is refused on another
list, or with other filters.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.pagination import decode_context_cursor, encode_cursor
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.world.calendar_events import Page, calendar_fields, event_fields
from simulator.world.calendar_query import read_event_query
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.world import World

_CALENDARS, _EVENTS = "calendars", "calendar_events"
_PAGING = ("cursor", "offset", "limit")
_FILTERS = (
    "start", "end", "updated_after", "updated_before", "expand_recurring", "event_type",
    "attendees", "busy", "location", "ical_uid", "description", "title", "is_cancelled",
)  # fmt: skip
_FLAGS = ("expand_recurring", "busy", "is_cancelled")
MAX_LIMIT = 250
MAX_OFFSET = 1_000_000


def _paging(query: Query, list_name: str, context: list[Any]) -> tuple[int, int]:
    """(offset, limit): from the cursor (which must be this list's, for this same context), or
    from `offset` and `limit`."""
    cursor = query.text("cursor")
    if cursor is None:
        return (
            query.integer("offset", 0, 0, MAX_OFFSET),
            query.integer("limit", 100, 1, MAX_LIMIT),
        )
    limit, offset = decode_context_cursor(cursor, list_name, context)
    if query.has("offset"):
        raise invalid_parameter("offset", "give cursor or offset, not both")
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise invalid_parameter("cursor", "not a cursor returned by this list")
    return offset, limit


def _envelope(
    page: Page[Any], items: list[dict[str, Any]], list_name: str, limit: int, context: list[Any]
) -> dict[str, Any]:
    body: dict[str, Any] = {"data": items}
    if page.next_offset is not None:
        body["next_cursor"] = encode_cursor(list_name, limit, [context, page.next_offset])
    return body


async def list_calendars(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", *_PAGING))
    account_id = query.required_text("account_id")
    context = [account_id]
    offset, limit = _paging(query, _CALENDARS, context)
    page = world.calendars.calendars(account_id, offset, limit)
    items = [calendar_fields(calendar) for calendar in page.items]
    return json_response(200, _envelope(page, items, _CALENDARS, limit, context))


async def get_calendar(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    account_id = query.required_text("account_id")
    calendar = world.calendars.calendar(account_id, request.path_params["calendar_id"])
    return json_response(200, calendar_fields(calendar))


async def list_events(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", *_PAGING, *_FILTERS))
    account_id = query.required_text("account_id")
    calendar_id = request.path_params["calendar_id"]
    for flag in _FLAGS:
        query.choice(flag, ("true", "false"))
    filters = {name: query.text(name) for name in _FILTERS if query.has(name)}
    context = [account_id, calendar_id, sorted(filters.items())]
    offset, limit = _paging(query, _EVENTS, context)
    page = world.calendars.events(account_id, calendar_id, read_event_query(filters), offset, limit)
    items = [event_fields(event) for event in page.items]
    return json_response(200, _envelope(page, items, _EVENTS, limit, context))


async def create_event(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    account_id = query.required_text("account_id")
    body = await _json_object(request)
    event = world.calendars.create_event(account_id, request.path_params["calendar_id"], body)
    return json_response(201, {"object": "CalendarEventCreated", "event_id": event.id})


async def get_event(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    account_id = query.required_text("account_id")
    params = request.path_params
    event = world.calendars.event(account_id, params["calendar_id"], params["event_id"])
    return json_response(200, event_fields(event))


async def update_event(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    account_id = query.required_text("account_id")
    body = await _json_object(request)
    params = request.path_params
    world.calendars.update_event(account_id, params["calendar_id"], params["event_id"], body)
    return json_response(200, {"object": "CalendarEventUpdated"})


async def delete_event(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    account_id = query.required_text("account_id")
    params = request.path_params
    world.calendars.delete_event(account_id, params["calendar_id"], params["event_id"])
    return json_response(200, {"object": "CalendarEventDeleted"})


async def _json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object, for the world to read field by field
    (world/calendar_input.py checks every field and names it); anything else is a 400, as
    `read_json` answers on the other routes."""
    raw = (request.scope.get("state") or {}).get("body") or await request.body()
    if not raw:
        raise ApiError("missing_parameters", "body: a JSON body is required")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise invalid_parameter("body", f"not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise invalid_parameter("body", "must be a JSON object")
    return data
