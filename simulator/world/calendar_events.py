"""Calendars and their events as records, and as the API shows them (reference part 2 §5):
one set of field builders, so a REST `CalendarEvent` and a `calendar_event_*` webhook agree.

Change records: every change publishes a `WorldEvent` on the world's bus named
`calendar_event_created`, `calendar_event_updated` or `calendar_event_deleted` (source
`calendar_event`, not in the OAS webhook enum: documented Jan 2026), `account_id` set, and
`data = change_data(event)`: the flat CalendarEvent fields of `event_fields` without `object`,
in the documented example's order, with `master_event_id` always present (`""` for an event
that is not an occurrence, as the doc's example shows) and `color` (the calendar's background
colour). The webhook layer adds `event`, `webhook_name` and `account_id` in front.
A `deleted` change carries the same fields as the event had, with `is_cancelled: true` (the
doc leaves the keys beyond `calendar_id` and `id` OPEN).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from simulator.clock import iso_ms

if TYPE_CHECKING:
    from simulator.world.calendar_recurrence import Recurrence
    from simulator.world.calendar_times import EventTime

T = TypeVar("T")
CREATED = "calendar_event_created"
UPDATED = "calendar_event_updated"
DELETED = "calendar_event_deleted"
SOURCE = "calendar_event"


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: its items, and the offset the next page starts at (None on the
    last page). The HTTP layer renders `next_offset` as a `next_cursor` or an offset."""

    items: list[T]
    next_offset: int | None


@dataclass(frozen=True, slots=True)
class Calendar:
    id: str
    account_id: str
    name: str
    description: str | None
    is_read_only: bool
    is_owned_by_user: bool
    is_default: bool
    background_color: str
    text_color: str
    timezone: str
    owner_email: str  # who organizes the events written to it


@dataclass(frozen=True, slots=True)
class Attendee:
    email: str
    display_name: str | None = None
    comment: str | None = None
    is_organizer: bool = False
    type: str = "required"  # required | optional | resource
    response_status: str = "noreply"  # yes | no | maybe | noreply


@dataclass(frozen=True, slots=True)
class Person:
    email: str
    display_name: str | None = None


@dataclass(frozen=True, slots=True)
class Conference:
    provider: str  # google_meet | zoom | teams | unknown
    url: str | None = None


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """A single event, a recurring series' master, or one occurrence of a series (then
    `master_event_id` is set and `original_start` is the start the series gave it).

    Records are never changed in place: an update replaces the record."""

    id: str
    calendar_id: str
    account_id: str
    seq: int
    created_ms: int
    updated_ms: int
    title: str
    body: str | None
    location: str | None
    start: EventTime
    end: EventTime
    attendees: tuple[Attendee, ...]
    organizer: Person
    conference: Conference | None
    visibility: str
    transparency: str
    is_attendees_list_hidden: bool
    recurrence: tuple[str, ...]
    ical_uid: str
    color: str
    event_type: str = "default"
    is_cancelled: bool = False
    master_event_id: str | None = None
    original_start: datetime | None = None  # naive local wall time, on occurrences
    rule: Recurrence | None = None  # on a series' master

    @property
    def is_all_day(self) -> bool:
        return self.start.is_all_day

    @property
    def is_busy(self) -> bool:
        return self.transparency == "opaque" and not self.is_cancelled


@dataclass(frozen=True, slots=True)
class BusyInterval:
    """A stretch of time a calendar is busy, in world milliseconds, `end_ms` exclusive."""

    start_ms: int
    end_ms: int


def calendar_fields(calendar: Calendar) -> dict[str, Any]:
    """A `Calendar` as the API shows it."""
    body: dict[str, Any] = {"object": "Calendar", "id": calendar.id, "name": calendar.name}
    if calendar.description is not None:
        body["description"] = calendar.description
    body.update(
        is_read_only=calendar.is_read_only,
        is_owned_by_user=calendar.is_owned_by_user,
        is_default=calendar.is_default,
        background_color=calendar.background_color,
        text_color=calendar.text_color,
        timezone=calendar.timezone,
    )
    return body


def attendee_fields(attendee: Attendee) -> dict[str, Any]:
    body: dict[str, Any] = {"email": attendee.email}
    if attendee.display_name is not None:
        body["display_name"] = attendee.display_name
    if attendee.comment is not None:
        body["comment"] = attendee.comment
    body.update(
        is_organizer=attendee.is_organizer,
        is_optional=attendee.type == "optional",
        is_resource=attendee.type == "resource",
        type=attendee.type,
        response_status=attendee.response_status,
    )
    return body


def event_fields(event: CalendarEvent) -> dict[str, Any]:
    """A `CalendarEvent` as `GET /calendars/{id}/events/{id}` shows it."""
    body: dict[str, Any] = {"object": "CalendarEvent", "id": event.id}
    if event.master_event_id is not None:
        body["master_event_id"] = event.master_event_id
    body.update(
        calendar_id=event.calendar_id,
        created_at=iso_ms(event.created_ms),
        updated_at=iso_ms(event.updated_ms),
        title=event.title,
    )
    if event.body is not None:
        body["body"] = event.body
    if event.location is not None:
        body["location"] = event.location
    body.update(
        is_cancelled=event.is_cancelled,
        is_all_day=event.is_all_day,
        is_attendees_list_hidden=event.is_attendees_list_hidden,
        attendees=[attendee_fields(a) for a in event.attendees],
        start=event.start.fields(),
        end=event.end.fields(),
    )
    if event.recurrence:
        body["recurrence"] = list(event.recurrence)
    organizer: dict[str, Any] = {"email": event.organizer.email}
    organizer["display_name"] = event.organizer.display_name or ""
    body["organizer"] = organizer
    if event.conference is not None:
        conference: dict[str, Any] = {"provider": event.conference.provider}
        if event.conference.url is not None:
            conference["url"] = event.conference.url
        body["conference"] = conference
    body.update(
        visibility=event.visibility,
        transparency=event.transparency,
        event_type=event.event_type,
    )
    return body


def change_data(event: CalendarEvent) -> dict[str, Any]:
    """A `calendar_event_*` webhook's fields after `event`, `webhook_name` and `account_id`
    (the documented example's order; `master_event_id` always present, `color` added)."""
    fields = event_fields(event)
    del fields["object"]
    data: dict[str, Any] = {"id": fields.pop("id")}
    data["master_event_id"] = fields.pop("master_event_id", "")
    data.update(fields)
    data["color"] = event.color
    return data
