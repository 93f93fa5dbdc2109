"""RFC 5545 recurrence of a calendar event: `RRULE`, `EXRULE`, `RDATE` and `EXDATE` lines
(reference part 2 §5), expanded with python-dateutil.

Rules step through local wall time: a weekly 09:00 Europe/Paris series stays at 09:00 in
Paris across a DST change, so its UTC time moves. A rule is read against the event's start in
its own zone (midnight for an all-day event), and:
- the start is always the first occurrence (RFC 5545 §3.8.5.3), even when the rule would not
  produce it; an EXDATE still removes it;
- `UNTIL` in UTC (`…Z`) is read in the event's zone; a date `UNTIL` keeps that day's
  occurrence at the start's time of day (inclusive, as RFC 5545 says);
- `EXDATE`/`RDATE` values may be UTC (`…Z`), carry `TZID=`, be floating (the event's zone) or
  be dates (`VALUE=DATE`: for a timed event, the date at the start's time of day);
- `RDATE;VALUE=PERIOD` is not supported (400 naming `recurrence`).

Expansion costs O(occurrences in the window): a DAILY/WEEKLY/HOURLY/MINUTELY/SECONDLY rule
without COUNT starts stepping a whole number of periods before the window instead of from its
first occurrence (the set it yields is the same; tests compare both ways). MONTHLY and YEARLY
rules and COUNT rules step from the start (at most twelve steps a year).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice, takewhile

from dateutil.rrule import (
    DAILY,
    HOURLY,
    MINUTELY,
    SECONDLY,
    WEEKLY,
    rrule,
    rruleset,
    rrulestr,
)

from simulator.world.calendar_times import EventTime, zone
from simulator.world.errors import invalid_parameter

FIELD = "recurrence"
# How far back a shifted rule starts, in its own periods, before the window it serves.
_STEP = {
    WEEKLY: timedelta(weeks=1),
    DAILY: timedelta(days=1),
    HOURLY: timedelta(hours=1),
    MINUTELY: timedelta(minutes=1),
    SECONDLY: timedelta(seconds=1),
}
_LINE = re.compile(r"(RRULE|EXRULE|RDATE|EXDATE)((?:;[A-Za-z-]+=[^:;]+)*):(.+)", re.IGNORECASE)
_UNTIL = re.compile(r"UNTIL=([0-9TZ]+)", re.IGNORECASE)
_STAMP = re.compile(r"(\d{8})(T(\d{6})(Z)?)?")
# A series without COUNT or UNTIL is endless; a bounded one is walked once to find its end,
# up to this many occurrences (beyond it, the series is treated as endless).
MAX_WALK = 100_000
# Occurrences end before this (an event starts by 2999 and lasts less than 1,100 years): past
# it, a series has no more occurrences, and nothing steps beyond what a datetime holds.
LAST_ORIGINAL = datetime(8000, 1, 1)


class Recurrence:
    """The parsed lines of one recurring event, anchored on its start.

    Raises a 400 naming `recurrence` (with the line's index) when a line does not parse."""

    def __init__(self, lines: tuple[str, ...], start: EventTime) -> None:
        self.lines = lines
        self._start = start
        self._anchor = start.local()
        self._rules: list[rrule] = []
        self._exrules: list[rrule] = []
        self._rdates: list[datetime] = []
        self._exdates: set[datetime] = set()
        if not lines:
            raise invalid_parameter(FIELD, "give at least one RRULE line")
        for index, line in enumerate(lines):
            self._read(f"{FIELD}[{index}]", line)
        if not self._rules and not self._rdates:
            raise invalid_parameter(FIELD, "a recurring event needs an RRULE or an RDATE line")

    # -- parsing ------------------------------------------------------------------------------

    def _read(self, field: str, line: object) -> None:
        if not isinstance(line, str):
            raise invalid_parameter(field, f"expected a string, got {type(line).__name__}")
        match = _LINE.fullmatch(line.strip())
        if match is None:
            raise invalid_parameter(
                field, f"expected an RRULE:, EXRULE:, RDATE or EXDATE line, got {line!r}"
            )
        name, raw_params, value = match.group(1).upper(), match.group(2), match.group(3)
        params = dict(p.split("=", 1) for p in raw_params.split(";")[1:])
        params = {key.upper(): item for key, item in params.items()}
        if name in ("RRULE", "EXRULE"):
            rule = self._rule(field, value)
            (self._rules if name == "RRULE" else self._exrules).append(rule)
            return
        if params.get("VALUE", "").upper() == "PERIOD":
            raise invalid_parameter(field, "RDATE;VALUE=PERIOD is not supported")
        moments = [self._stamp(field, part, params.get("TZID")) for part in value.split(",")]
        if name == "RDATE":
            self._rdates.extend(moments)
        else:
            self._exdates.update(moments)

    def _rule(self, field: str, text: str) -> rrule:
        text = _UNTIL.sub(lambda m: "UNTIL=" + self._until(field, m.group(1)), text)
        try:
            rule = rrulestr(text, dtstart=self._anchor, ignoretz=True)
        except (ValueError, TypeError, KeyError, IndexError) as error:
            raise invalid_parameter(field, f"the rule {text!r} does not parse ({error})") from None
        if not isinstance(rule, rrule):
            raise invalid_parameter(field, f"expected one rule, got {text!r}")
        return rule

    def _until(self, field: str, stamp: str) -> str:
        """UNTIL as a local wall time of the event (what the naive anchor compares with)."""
        return self._stamp(field, stamp, None).strftime("%Y%m%dT%H%M%S")

    def _stamp(self, field: str, text: str, tzid: str | None) -> datetime:
        """A DATE or DATE-TIME value as the event's naive local wall time."""
        match = _STAMP.fullmatch(text.strip().upper())
        if match is None:
            raise invalid_parameter(field, f"expected YYYYMMDD or YYYYMMDDTHHMMSS[Z], got {text!r}")
        try:
            day = datetime.strptime(match.group(1), "%Y%m%d")
            if match.group(3) is None:  # a date: the start's time of day on it
                return datetime.combine(day.date(), self._anchor.time())
            moment = datetime.strptime(match.group(1) + match.group(3), "%Y%m%d%H%M%S")
        except ValueError:
            raise invalid_parameter(field, f"not a valid date: {text!r}") from None
        own = self._start.moment.tzinfo if self._start.moment is not None else None
        if match.group(4) is not None:
            aware = moment.replace(tzinfo=UTC)
        elif tzid is not None:
            aware = moment.replace(tzinfo=zone(f"{field}.TZID", tzid))
        else:
            return moment  # floating: the event's own wall time
        try:
            if own is None:  # an all-day series: the date of the instant, in UTC
                return datetime.combine(aware.astimezone(UTC).date(), time())
            return aware.astimezone(own).replace(tzinfo=None)
        except OverflowError:
            raise invalid_parameter(field, f"out of range: {text!r}") from None

    # -- expansion ----------------------------------------------------------------------------

    @property
    def is_endless(self) -> bool:
        return any(rule._count is None and rule._until is None for rule in self._rules)

    def starts(self, after: datetime | None = None) -> Iterator[datetime]:
        """Original starts (naive local wall time), in order, from `after` (inclusive) or from
        the first one."""
        if after is None or after <= self._anchor:
            found: Iterator[datetime] = iter(self._set(None))
        elif after >= LAST_ORIGINAL:
            return iter(())
        else:
            found = self._set(after).xafter(after, inc=True)
        return takewhile(lambda moment: moment < LAST_ORIGINAL, found)

    def last_start(self) -> datetime | None:
        """The last original start of a bounded series, None for an endless one."""
        if self.is_endless:
            return None
        last = None
        for last in islice(self.starts(), MAX_WALK + 1):
            pass
        return last

    def _set(self, after: datetime | None) -> rruleset:
        every = rruleset()
        for rule in self._rules:
            every.rrule(_shifted(rule, self._anchor, after))
        for rule in self._exrules:
            every.exrule(_shifted(rule, self._anchor, after))
        for moment in (self._anchor, *self._rdates):
            every.rdate(moment)
        for moment in self._exdates:
            every.exdate(moment)
        return every


def _shifted(rule: rrule, anchor: datetime, after: datetime | None) -> rrule:
    """`rule` stepping from a whole number of its periods before `after` (same occurrences
    from `after` on), when its frequency has a fixed period and it has no COUNT."""
    step = _STEP.get(rule._freq)
    if after is None or step is None or rule._count is not None:
        return rule
    period = step * rule._interval
    periods = (after - anchor) // period - 1
    if periods <= 0:
        return rule
    return rule.replace(dtstart=anchor + period * periods)


def occurrence_suffix(original: datetime, start: EventTime) -> str:
    """What an occurrence id adds to its master's id: the original start in UTC
    (`20260401T070000Z`), or its date for an all-day series (`20260401`), as Google does."""
    if start.is_all_day:
        return original.strftime("%Y%m%d")
    assert start.moment is not None
    aware = original.replace(tzinfo=start.moment.tzinfo).astimezone(UTC)
    return aware.strftime("%Y%m%dT%H%M%SZ")


def original_from_suffix(suffix: str, start: EventTime) -> datetime | None:
    """The original start (naive local) an occurrence id's suffix names, None if malformed."""
    match = _STAMP.fullmatch(suffix)
    if match is None or start.is_all_day != (match.group(2) is None):
        return None
    try:
        if start.is_all_day:
            day: date = datetime.strptime(suffix, "%Y%m%d").date()
            return datetime.combine(day, time())
        moment = datetime.strptime(suffix, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    assert start.moment is not None
    try:
        return moment.astimezone(start.moment.tzinfo).replace(tzinfo=None)
    except OverflowError:
        return None
