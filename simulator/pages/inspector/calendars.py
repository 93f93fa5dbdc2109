"""The calendars page, per Google or Microsoft account: its calendars, and one calendar's events
of a chosen week (Monday to Monday in the calendar's zone, series expanded into occurrences)
with their attendees' answers and when the calendar is busy. Two actions:
- "answer as an attendee": `Calendars.respond` (as the attendee answering on the clock does);
- "create an event": `Calendars.create_event` with the JSON body `POST /calendars/{id}/events`
  would carry (title, start and end `{date_time, time_zone}`, attendees), so a bad field is
  refused with the API's own words, naming it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.paging import PAGE_SIZE, link, offset_of
from simulator.pages.inspector.rendering import form_of, page, redirect, text_field
from simulator.world.calendar_behaviour import CALENDAR_TYPES
from simulator.world.calendar_events import CalendarEvent
from simulator.world.calendar_query import EventQuery
from simulator.world.calendar_times import EVENT_YEARS, EventTime, from_ms, to_ms
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.world import World

ANSWERS = {"yes": "accepted", "no": "declined", "maybe": "answered maybe to"}
_EMAILS = re.compile(r"[\s,;]+")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _monday(request: Request, now: datetime) -> date:
    """The week shown: `week` (any day of it, YYYY-MM-DD), or the world's current week."""
    raw = request.query_params.get("week")
    if not raw:
        return now.date() - timedelta(days=now.weekday())
    day = None
    if _DAY.fullmatch(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            pass
    if day is None or not EVENT_YEARS[0] <= day.year <= EVENT_YEARS[1]:
        raise invalid_parameter("week", f"expected a date such as 2026-01-05, got {raw!r}")
    return day - timedelta(days=day.weekday())


def when(time: EventTime, where: ZoneInfo) -> str:
    """An event's start or end on the calendar's wall clock."""
    if time.is_all_day:
        return f"{time.day} (all day)"
    return from_ms(time.ms(where), where).strftime("%a %Y-%m-%d %H:%M")


@world_page
async def show_calendars(request: Request, world: World) -> Response:
    accounts = [
        a for a in sorted(world.accounts, key=lambda a: a.seq) if a.type in CALENDAR_TYPES
    ]  # fmt: skip
    chosen = request.query_params.get("account") or (accounts[0].id if accounts else None)
    context: dict[str, Any] = {"world": world, "accounts": accounts, "account": None}
    if chosen is None:
        return page(request, "calendars.html", context)
    account = world.accounts.get(chosen)
    if account.type not in CALENDAR_TYPES:
        raise invalid_parameter("account", f"{account.id} is a {account.type} account")
    calendars = world.calendars.calendars(account.id).items
    calendar_id = request.query_params.get("calendar") or calendars[0].id
    calendar = world.calendars.calendar(account.id, calendar_id)
    where = ZoneInfo(calendar.timezone)
    now = from_ms(world.now_ms(), where)
    monday = _monday(request, now)
    begin = datetime(monday.year, monday.month, monday.day, tzinfo=where)
    after = begin + timedelta(days=7)
    start_ms, end_ms = to_ms(begin), to_ms(after)
    start = offset_of(request)
    query = EventQuery(start_ms=start_ms, end_ms=end_ms, expand_recurring=True)
    events = world.calendars.events(account.id, calendar.id, query, start, PAGE_SIZE)
    busy = world.calendars.busy(account.id, calendar.id, start_ms, end_ms)
    here = {"account": account.id, "calendar": calendar.id}
    next_hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    context |= {
        "account": account,
        "calendars": calendars,
        "calendar": calendar,
        "zone": where,
        "when": when,
        "week": monday.isoformat(),
        "events": events.items,
        "busy": [(from_ms(b.start_ms, where), from_ms(b.end_ms, where)) for b in busy],
        "answers": ANSWERS,
        "previous_week": link("/calendars", **here, week=(monday - timedelta(days=7)).isoformat()),
        "next_week": link("/calendars", **here, week=(monday + timedelta(days=7)).isoformat()),
        "this_week": link("/calendars", **here),
        "next": link("/calendars", **here, week=monday.isoformat(), **{"from": events.next_offset})
        if events.next_offset is not None else None,
        "first": link("/calendars", **here, week=monday.isoformat()) if start else None,
        "default_start": next_hour.strftime("%Y-%m-%dT%H:%M"),
        "default_end": (next_hour + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
    }  # fmt: skip
    return page(request, "calendars.html", context)


def _week_of(world: World, event: CalendarEvent) -> str:
    where = ZoneInfo(world.calendars.calendar(event.account_id, event.calendar_id).timezone)
    return from_ms(event.start.ms(where), where).date().isoformat()


def _account_id(form: Any) -> str:
    account_id = text_field(form, "account_id")
    if account_id is None:
        raise ApiError("missing_parameters", "account_id: required")
    return account_id


def _status_of(event: CalendarEvent, email: str) -> str:
    return next(a.response_status for a in event.attendees if a.email.lower() == email.lower())


@world_action
async def respond(request: Request, world: World) -> Response:
    """An attendee answers (`response_status` yes, no or maybe): `Calendars.respond`."""
    form = await form_of(request)
    account_id = _account_id(form)
    params = request.path_params
    email = text_field(form, "email")
    if email is None:
        raise ApiError("missing_parameters", "email: the attendee who answers")
    updated = world.calendars.respond(
        account_id, params["calendar_id"], params["event_id"], email,
        text_field(form, "response_status") or "",
    )  # fmt: skip
    return redirect(
        "/calendars",
        f"{email} {ANSWERS.get(_status_of(updated, email), 'answered')} {updated.title}",
        account=account_id,
        calendar=updated.calendar_id,
        week=_week_of(world, updated),
    )


@world_action
async def create_event(request: Request, world: World) -> Response:
    """As `POST /calendars/{calendar_id}/events`: the form's fields become that JSON body (an
    empty field is left out, so the API's rules name what is missing)."""
    form = await form_of(request)
    account_id = _account_id(form)
    zone_name = text_field(form, "time_zone")
    body: dict[str, Any] = {}
    title = text_field(form, "title")
    if title is not None:
        body["title"] = title
    for end in ("start", "end"):
        value: dict[str, str] = {}
        moment = text_field(form, end)
        if moment is not None:
            value["date_time"] = moment
        if zone_name is not None:
            value["time_zone"] = zone_name
        body[end] = value
    emails = [e for e in _EMAILS.split(text_field(form, "attendees") or "") if e]
    body["attendees"] = [{"email": email} for email in emails]
    event = world.calendars.create_event(account_id, request.path_params["calendar_id"], body)
    return redirect(
        "/calendars",
        f"Created {event.title} ({event.id})",
        account=account_id,
        calendar=event.calendar_id,
        week=_week_of(world, event),
    )
