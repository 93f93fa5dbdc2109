"""What a scenario says about calendars, apart from the calendar model (calendars.py) so that
loading a scenario or building a world imports none of it: which accounts have calendars, and
how invited attendees answer."""

from __future__ import annotations

from dataclasses import dataclass

GOOGLE = frozenset({"GOOGLE_OAUTH", "GOOGLE_CALENDAR"})
MICROSOFT = frozenset({"OUTLOOK"})
CALENDAR_TYPES = GOOGLE | MICROSOFT
MINUTE_MS = 60_000
DAY_MS = 24 * 60 * MINUTE_MS


@dataclass(frozen=True, slots=True)
class CalendarBehaviour:
    """How attendees answer an invitation: each one (but the organizer) says yes, no or maybe
    with these chances (the rest never answer), after a delay drawn in `delay_ms`."""

    accept: float = 0.0
    decline: float = 0.0
    tentative: float = 0.0
    delay_ms: tuple[int, int] = (5 * MINUTE_MS, 2 * DAY_MS)

    def __post_init__(self) -> None:
        chances = (self.accept, self.decline, self.tentative)
        if any(c < 0 for c in chances) or sum(chances) > 1:
            raise ValueError("accept, decline and tentative are chances that add up to 1 at most")
        low, high = self.delay_ms
        if not 0 <= low <= high:
            raise ValueError("delay_ms is (min, max) with 0 <= min <= max")
