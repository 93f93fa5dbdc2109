"""The scenario's calendar keys: how invited attendees answer (`behaviours.calendar`) and events
a timeline puts in a calendar (`timeline[].calendar_event`).

```yaml
behaviours:
  calendar:
    accept: 0.7          # each invited attendee (not the organizer) says yes with this chance,
    decline: 0.1         # no, or maybe; the rest never answer
    tentative: 0.1
    delay: {min: 10m, max: 4h}
    time_zone: Europe/Paris   # the calendars' own zone (all-day events, free/busy)
timeline:
  - at: +0m
    calendar_event:
      account: gmail-main     # a GOOGLE_OAUTH, GOOGLE_CALENDAR or OUTLOOK account of the scenario
      calendar: primary       # or projects (the third calendar, Team, is read-only)
      event:                  # the body of POST /calendars/{calendar_id}/events
        title: Pipeline review
        start: {date_time: "2026-01-05T16:00:00", time_zone: Europe/Paris}
        end: {date_time: "2026-01-05T16:30:00", time_zone: Europe/Paris}
        attendees: []
        recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO"]
```
An event is checked when the scenario loads, by the rules of the API (world/calendar_input.py).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from simulator.scenario.spec_base import DelaySpec, _Spec
from simulator.world.calendar_behaviour import CalendarBehaviour
from simulator.world.errors import ApiError

# The calendar model's own checks (and python-dateutil behind them) are imported by the
# validators that need them: a scenario without calendars loads without them.

Probability = Annotated[float, Field(ge=0, le=1)]


class CalendarBehaviourSpec(_Spec):
    """How the people an account invites to an event answer, and in which zone its calendars
    are."""

    accept: Probability = 0.0
    decline: Probability = 0.0
    tentative: Probability = 0.0
    delay: DelaySpec = Field(
        DelaySpec(min="5m", max="2d"),  # type: ignore[arg-type]
        description="How long after the invitation an attendee answers.",
    )
    time_zone: str = Field(
        "UTC", min_length=1, description="The calendars' IANA zone (all-day events are read in it)."
    )

    @model_validator(mode="after")
    def chances_and_zone(self) -> CalendarBehaviourSpec:
        if self.accept + self.decline + self.tentative > 1:
            raise ValueError("accept + decline + tentative must not exceed 1")
        if self.time_zone == "UTC":
            return self
        from simulator.world.calendar_times import zone

        try:
            zone("time_zone", self.time_zone)
        except ApiError as error:
            raise ValueError(error.detail) from None
        return self


class CalendarEventEntry(_Spec):
    account: str = Field(min_length=1, description="The `id` of a Google or Microsoft account.")
    calendar: Literal["primary", "projects"] = Field(
        "primary", description="The account's primary calendar, or its second one (Projects)."
    )
    event: dict[str, Any] = Field(description="The body of POST /calendars/{calendar_id}/events.")

    @model_validator(mode="after")
    def an_event_the_api_takes(self) -> CalendarEventEntry:
        from simulator.world.calendar_input import read_event_body
        from simulator.world.calendar_recurrence import Recurrence

        try:
            asked = read_event_body(self.event, partial=False)
            if asked.recurrence and asked.start is not None:
                Recurrence(asked.recurrence, asked.start)
        except ApiError as error:
            raise ValueError(f"event.{error.detail}") from None
        return self


def calendar_behaviour(spec: CalendarBehaviourSpec) -> CalendarBehaviour:
    return CalendarBehaviour(
        accept=spec.accept,
        decline=spec.decline,
        tentative=spec.tentative,
        delay_ms=(spec.delay.min, spec.delay.max),
    )
