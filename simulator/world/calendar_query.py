"""The filters of `GET /calendars/{calendar_id}/events` (reference part 2 §5), typed, and the
tests an event must pass.

Where the reference is loose, the simulator decides (each one a field of `EventQuery`):
- `start`/`end`: the doc says "events starting after" / "ending before"; both providers
  behind it (Google `timeMin`/`timeMax`, Microsoft `calendarView`) answer the events that
  *overlap* the window, so `window="overlap"` (the default) does that, and
  `window="within"` keeps the doc's literal reading (start >= `start`, end <= `end`);
- `attendees`: an event passes when one of its attendees (or its organizer) is in the list
  (case-insensitive);
- `title`, `location`, `description` (the event's `body`): case-insensitive substring;
- `ical_uid`: exact; `event_type`: one of the comma list;
- `busy`: true keeps `opaque` events, false keeps `transparent` ones;
- `is_cancelled`: true lists only cancelled occurrences (deleted occurrences of a series);
  false or absent lists only what is not cancelled (a deleted event is gone, never listed);
- `updated_after` / `updated_before`: strict bounds on `updated_at`;
- `expand_recurring`: occurrences instead of series masters; without `end`, the expansion
  stops `EXPANSION_HORIZON_MS` after `start` (or after now).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.world.calendar_events import CalendarEvent
from simulator.world.calendar_times import parse_instant
from simulator.world.errors import invalid_parameter

DAY_MS = 86_400_000
EXPANSION_HORIZON_MS = 366 * DAY_MS
WINDOWS = ("overlap", "within")
_FLAGS = {"true": True, "false": False, "1": True, "0": False}


@dataclass(frozen=True, slots=True)
class EventQuery:
    start_ms: int | None = None
    end_ms: int | None = None
    updated_after_ms: int | None = None
    updated_before_ms: int | None = None
    expand_recurring: bool = False
    event_types: tuple[str, ...] = ()
    attendees: tuple[str, ...] = ()  # emails (compared lower-cased)
    busy: bool | None = None
    location: str | None = None
    ical_uid: str | None = None
    description: str | None = None
    title: str | None = None
    is_cancelled: bool | None = None
    window: str = "overlap"

    def __post_init__(self) -> None:
        if self.window not in WINDOWS:
            raise invalid_parameter("window", f"must be one of {', '.join(WINDOWS)}")
        if self.start_ms is not None and self.end_ms is not None and self.end_ms < self.start_ms:
            raise invalid_parameter("end", "the window ends before it starts")
        object.__setattr__(self, "attendees", tuple(email.lower() for email in self.attendees))

    @property
    def wants_cancelled(self) -> bool:
        return self.is_cancelled is True

    def matches(self, event: CalendarEvent) -> bool:
        """Every filter but the time window (shared by a series and its occurrences)."""
        if event.is_cancelled != self.wants_cancelled:
            return False
        if self.updated_after_ms is not None and event.updated_ms <= self.updated_after_ms:
            return False
        if self.updated_before_ms is not None and event.updated_ms >= self.updated_before_ms:
            return False
        if self.event_types and event.event_type not in self.event_types:
            return False
        if self.busy is not None and (event.transparency == "opaque") != self.busy:
            return False
        if self.ical_uid is not None and event.ical_uid != self.ical_uid:
            return False
        for wanted, value in (
            (self.title, event.title),
            (self.location, event.location),
            (self.description, event.body),
        ):
            if wanted is not None and wanted.lower() not in (value or "").lower():
                return False
        if self.attendees:
            emails = {a.email.lower() for a in event.attendees}
            emails.add(event.organizer.email.lower())
            if not emails.intersection(self.attendees):
                return False
        return True

    def in_window(self, start_ms: int, end_ms: int) -> bool:
        """Whether [start_ms, end_ms) passes `start`/`end` (a zero-length event is a point)."""
        if self.window == "within":
            return (self.start_ms is None or start_ms >= self.start_ms) and (
                self.end_ms is None or end_ms <= self.end_ms
            )
        end_ms = max(end_ms, start_ms + 1)
        return (self.start_ms is None or end_ms > self.start_ms) and (
            self.end_ms is None or start_ms < self.end_ms
        )


def read_event_query(params: Mapping[str, Any]) -> EventQuery:
    """An `EventQuery` from the query string's values (strings, as the HTTP layer has them);
    keys it does not know (`account_id`, `cursor`, `offset`, `limit`) are left to the caller."""

    def instant(key: str) -> int | None:
        return parse_instant(key, params[key]) if params.get(key) not in (None, "") else None

    def flag(key: str) -> bool | None:
        value = params.get(key)
        if value is None or isinstance(value, bool):
            return value
        if str(value).lower() not in _FLAGS:
            raise invalid_parameter(key, f"expected true or false, got {value!r}")
        return _FLAGS[str(value).lower()]

    def listed(key: str) -> tuple[str, ...]:
        value = params.get(key)
        if value is None:
            return ()
        return tuple(part.strip() for part in str(value).split(",") if part.strip())

    def text(key: str) -> str | None:
        value = params.get(key)
        return None if value is None else str(value)

    return EventQuery(
        start_ms=instant("start"),
        end_ms=instant("end"),
        updated_after_ms=instant("updated_after"),
        updated_before_ms=instant("updated_before"),
        expand_recurring=bool(flag("expand_recurring")),
        event_types=listed("event_type"),
        attendees=listed("attendees"),
        busy=flag("busy"),
        location=text("location"),
        ical_uid=text("ical_uid"),
        description=text("description"),
        title=text("title"),
        is_cancelled=flag("is_cancelled"),
    )
