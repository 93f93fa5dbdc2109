"""When a calendar event happens (reference part 2 §5): a timed start/end in an IANA zone, or
an all-day date.

- Timed: `{date_time, time_zone}`. `date_time` is read in the three forms clients send: an
  offset (`2026-01-20T14:30:00+01:00`), UTC (`2026-01-20T13:30:00.000Z`, the OAS form) or a
  local wall time without offset (`2026-01-20T14:30:00`, read in `time_zone`, as Google does).
  It is written back in the offset form of `time_zone` (the webhook doc's form; the OAS/doc
  CONFLICT of §5 is settled this way).
- All-day: `{date: "YYYY-MM-DD"}`; a date is not an instant: it becomes one only when a zone
  is given (free/busy reads it in the calendar's zone). The end date is exclusive (RFC 5545
  DTEND, Google), so a one-day event on the 20th ends on the 21st.
- An event's start and end fall in the years 1900 to 2999 (`EVENT_YEARS`), a query's instants
  in 1900 to 9999: series then never step past what a datetime can hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from simulator.world.errors import ApiError, invalid_parameter

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EVENT_YEARS = (1900, 2999)
INSTANT_YEARS = (1900, 9999)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone(field: str, name: Any) -> ZoneInfo:
    """The IANA zone `name`, or a 400 naming `field`."""
    if not isinstance(name, str) or not name:
        raise invalid_parameter(field, f"expected an IANA time zone name, got {name!r}")
    try:
        return _zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        raise invalid_parameter(field, f"unknown time zone {name!r}") from None


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch of an aware datetime."""
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def from_ms(epoch_ms: int, where: ZoneInfo | None = None) -> datetime:
    moment = _EPOCH + timedelta(milliseconds=epoch_ms)
    return moment.astimezone(where) if where is not None else moment


@dataclass(frozen=True, slots=True)
class EventTime:
    """A start or end: `moment` (aware, in `time_zone`) for a timed event, `day` for an all-day
    one (exactly one of them is set)."""

    moment: datetime | None = None
    time_zone: str | None = None
    day: date | None = None

    @property
    def is_all_day(self) -> bool:
        return self.day is not None

    def ms(self, all_day_zone: tzinfo | None) -> int:
        """The instant; an all-day date is read as local midnight in `all_day_zone`."""
        if self.moment is not None:
            return to_ms(self.moment)
        assert self.day is not None and all_day_zone is not None
        return to_ms(datetime(self.day.year, self.day.month, self.day.day, tzinfo=all_day_zone))

    def local(self) -> datetime:
        """Naive local wall time (midnight for a date): what recurrence rules step through."""
        if self.moment is not None:
            return self.moment.replace(tzinfo=None)
        assert self.day is not None
        return datetime(self.day.year, self.day.month, self.day.day)

    def fields(self) -> dict[str, str]:
        """The API form: `{date_time, time_zone}` (offset form) or `{date}`."""
        if self.moment is not None:
            assert self.time_zone is not None
            return {"date_time": self.moment.isoformat(), "time_zone": self.time_zone}
        assert self.day is not None
        return {"date": self.day.isoformat()}


def timed(local: datetime, time_zone: str) -> EventTime:
    """A wall time in `time_zone` (a nonexistent or repeated local time takes fold 0)."""
    return EventTime(moment=local.replace(tzinfo=_zone(time_zone), microsecond=0),
                     time_zone=time_zone)  # fmt: skip


def all_day(day: date) -> EventTime:
    return EventTime(day=day)


def parse_event_time(field: str, value: Any) -> EventTime:
    """An event's `start` or `end` as sent in a request body; errors name `field` (and the key
    inside it)."""
    if not isinstance(value, dict):
        raise invalid_parameter(
            field, "expected an object {date_time, time_zone} or {date}, got "
            f"{type(value).__name__}"
        )  # fmt: skip
    unknown = sorted(set(value) - {"date_time", "time_zone", "date"})
    if unknown:
        raise invalid_parameter(f"{field}.{unknown[0]}", "unknown key")
    if "date" in value:
        if "date_time" in value or "time_zone" in value:
            raise invalid_parameter(
                field, "give either {date} (all-day) or {date_time, time_zone}, not both"
            )
        day = parse_date(f"{field}.date", value["date"])
        _check_year(f"{field}.date", day.year, EVENT_YEARS)
        return all_day(day)
    if "date_time" not in value:
        raise ApiError("missing_parameters", f"{field}.date_time: required (or {field}.date)")
    if "time_zone" not in value:
        raise ApiError("missing_parameters", f"{field}.time_zone: required with date_time")
    where = zone(f"{field}.time_zone", value["time_zone"])
    text = value["date_time"]
    if not isinstance(text, str) or _DATE_TIME.fullmatch(text) is None:
        raise invalid_parameter(
            f"{field}.date_time",
            f"expected an ISO 8601 date time such as 2026-01-20T14:30:00+01:00, got {text!r}",
        )
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise invalid_parameter(f"{field}.date_time", f"not a valid date time: {text!r}") from None
    _check_year(f"{field}.date_time", moment.year, EVENT_YEARS)
    moment = moment.replace(tzinfo=where) if moment.tzinfo is None else moment.astimezone(where)
    return EventTime(moment=moment.replace(microsecond=0), time_zone=where.key)


def parse_date(field: str, text: Any) -> date:
    if not isinstance(text, str) or _DATE.fullmatch(text) is None:
        raise invalid_parameter(field, f"expected a date YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid_parameter(field, f"not a valid date: {text!r}") from None


def parse_instant(field: str, text: Any) -> int:
    """A query's instant (`start`, `end`, `updated_after`…) in world milliseconds: an ISO date
    time with `Z` or an offset, or a date (its UTC midnight)."""
    if isinstance(text, str) and _DATE.fullmatch(text):
        day = parse_date(field, text)
        _check_year(field, day.year, INSTANT_YEARS)
        return to_ms(datetime(day.year, day.month, day.day, tzinfo=UTC))
    if not isinstance(text, str) or _DATE_TIME.fullmatch(text) is None:
        raise invalid_parameter(
            field, f"expected an ISO 8601 date time such as 2026-01-20T13:30:00.000Z, got {text!r}"
        )
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise invalid_parameter(field, f"not a valid date time: {text!r}") from None
    if moment.tzinfo is None:
        raise invalid_parameter(field, f"give a UTC (Z) or offset date time, got {text!r}")
    _check_year(field, moment.year, INSTANT_YEARS)
    return to_ms(moment)


def _check_year(field: str, year: int, years: tuple[int, int]) -> None:
    if not years[0] <= year <= years[1]:
        raise invalid_parameter(field, f"years {years[0]} to {years[1]} only, got {year}")
