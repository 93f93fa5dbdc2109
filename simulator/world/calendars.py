"""Calendars and events of Google (`GOOGLE_OAUTH`, `GOOGLE_CALENDAR`) and Microsoft (`OUTLOOK`)
accounts (reference part 2 §5). No HTTP: routes call one method each and render the records
with `calendar_events.calendar_fields` / `event_fields`.

Rules:
- every account of those types has three calendars, made the first time anything reads them:
  its primary (default, owned), an owned secondary ("Projects") and a read-only calendar shared
  by a colleague ("Team"), which holds a weekly "Team sync" series. Ids derive from a hash of
  the world's seed and the account: same seed, same ids. Google ids are email-like (the primary
  is the account's address), Microsoft ids opaque;
- any other account type: 501 `feature_not_implemented` "Calender provider not supported"
  naming `account_id` (the documented answer of `POST /calendars/{id}/events`), for every call;
- a calendar or event of another account is 404 (`resource_not_found`: "Calendar not found",
  "Calendar Event not found");
- writing to a read-only calendar: 403 `insufficient_permissions` naming `calendar_id`;
- a request is checked whole before anything changes (calendar_input.py); the end of an event
  is not before its start (an all-day end date is exclusive: after the start date), both ends
  are timed or both all-day;
- `recurrence` makes the event a series (calendar_recurrence.py). Its occurrences have ids
  `{master_id}_{original start, UTC, 20260401T070000Z}` (`_{20260401}` all-day), carry
  `master_event_id`, and may be read, updated (the change applies to that occurrence only) and
  deleted (that occurrence is cancelled; listed with `is_cancelled=true`). Changing a
  series' start, end or recurrence drops its modified and cancelled occurrences;
- `conference` without `url` makes a meeting: `google_meet` on Google, `teams` on Microsoft;
  any other provider needs its url (400 naming `conference.url`);
- an attendee whose address is the calendar owner's is the organizer (and has said yes);
  the others answer on the clock as `behaviour` says (CalendarBehaviour; default: nobody);
- every change publishes `calendar_event_created|updated|deleted` on the world's bus
  (payload: calendar_events.change_data), and returns the record.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from simulator.world.calendar_behaviour import (
    CALENDAR_TYPES,
    GOOGLE,
    CalendarBehaviour,
)
from simulator.world.calendar_events import (
    CREATED,
    DELETED,
    UPDATED,
    Attendee,
    BusyInterval,
    Calendar,
    CalendarEvent,
    Conference,
    Page,
    Person,
    change_data,
)
from simulator.world.calendar_input import (
    RESPONSE_STATUSES,
    AttendeeInput,
    ConferenceInput,
    read_event_body,
)
from simulator.world.calendar_query import DAY_MS, EXPANSION_HORIZON_MS, EventQuery
from simulator.world.calendar_recurrence import (
    Recurrence,
    occurrence_suffix,
    original_from_suffix,
)
from simulator.world.calendar_times import EventTime, all_day, from_ms, timed, zone
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.events import WorldEvent
from simulator.world.mail_addresses import own_address

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.world import World

DEFAULT_LIMIT = 100
_GOOGLE_COLORS = ("#039BE5", "#7986CB", "#33B679")
_MICROSOFT_COLORS = ("#A4C2F4", "#FFD966", "#B6D7A8")


class Calendars:
    def __init__(
        self,
        world: World,
        time_zone: str = "UTC",
        behaviour: CalendarBehaviour | None = None,
    ) -> None:
        self._world = world
        self.time_zone = zone("time_zone", time_zone).key  # the calendars' own zone
        self.behaviour = behaviour or CalendarBehaviour()
        self._calendars: dict[str, Calendar] = {}
        self._of_account: dict[str, tuple[str, ...]] = {}  # account id -> its calendar ids
        self._events: dict[str, CalendarEvent] = {}  # singles and series masters, by id
        self._in_calendar: dict[str, dict[str, None]] = {}  # calendar id -> event ids, in order
        # master id -> original start (naive local) -> the modified or cancelled occurrence
        self._exceptions: dict[str, dict[datetime, CalendarEvent]] = {}
        self._series_end: dict[str, int | None] = {}  # master id -> last end ms (None: endless)
        self._numbers: dict[str, int] = {}  # calendar id -> events made in it
        self._seq = 0
        world.bus.subscribe(self._on_event)

    # -- calendars ----------------------------------------------------------------------------

    def calendars(
        self, account_id: str, offset: int = 0, limit: int = DEFAULT_LIMIT
    ) -> Page[Calendar]:
        """`GET /calendars`: the account's calendars, primary first."""
        account = self._account(account_id)
        ids = self._ensure(account)
        return _page([self._calendars[i] for i in ids], offset, limit)

    def calendar(self, account_id: str, calendar_id: str) -> Calendar:
        """`GET /calendars/{calendar_id}`."""
        account = self._account(account_id)
        self._ensure(account)
        found = self._calendars.get(calendar_id)
        if found is None or found.account_id != account.id:
            raise ApiError("resource_not_found", f"calendar_id: Calendar not found ({calendar_id})")
        return found

    # -- events: reads ------------------------------------------------------------------------

    def event(self, account_id: str, calendar_id: str, event_id: str) -> CalendarEvent:
        """`GET /calendars/{calendar_id}/events/{event_id}`: a single event, a series' master
        or one occurrence (by its occurrence id)."""
        calendar = self.calendar(account_id, calendar_id)
        return self._find(calendar, event_id)

    def events(
        self,
        account_id: str,
        calendar_id: str,
        query: EventQuery | None = None,
        offset: int = 0,
        limit: int = DEFAULT_LIMIT,
    ) -> Page[CalendarEvent]:
        """`GET /calendars/{calendar_id}/events`: ordered by start, then id. With
        `expand_recurring`, occurrences are made for the window only."""
        calendar = self.calendar(account_id, calendar_id)
        _check_paging(offset, limit)
        query = query or EventQuery()
        merged = self._listed(calendar, query)
        taken = list(islice(merged, offset, offset + limit + 1))
        more = len(taken) > limit
        return Page([event for _key, event in taken[:limit]], offset + limit if more else None)

    def busy(
        self, account_id: str, calendar_ids: str | Sequence[str], start_ms: int, end_ms: int
    ) -> list[BusyInterval]:
        """Free/busy: when the calendars are busy within [start_ms, end_ms), occurrences
        expanded, overlapping events merged, clipped to the window. Busy means `opaque` and
        not cancelled; an all-day event is busy from midnight to midnight in its calendar's
        zone."""
        if end_ms < start_ms:
            raise invalid_parameter("end", "the window ends before it starts")
        ids = [calendar_ids] if isinstance(calendar_ids, str) else list(calendar_ids)
        query = EventQuery(start_ms=start_ms, end_ms=end_ms, expand_recurring=True, busy=True)
        spans: list[tuple[int, int]] = []
        for calendar_id in ids:
            calendar = self.calendar(account_id, calendar_id)
            where = zone("timezone", calendar.timezone)
            for _key, event in self._listed(calendar, query):
                begin, end = event.start.ms(where), event.end.ms(where)
                if end > begin:
                    spans.append((max(begin, start_ms), min(end, end_ms)))
        merged: list[BusyInterval] = []
        for begin, end in sorted(spans):
            if merged and begin <= merged[-1].end_ms:
                if end > merged[-1].end_ms:
                    merged[-1] = BusyInterval(merged[-1].start_ms, end)
            else:
                merged.append(BusyInterval(begin, end))
        return merged

    # -- events: writes -----------------------------------------------------------------------

    def create_event(
        self, account_id: str, calendar_id: str, body: Mapping[str, Any]
    ) -> CalendarEvent:
        """`POST /calendars/{calendar_id}/events` with the JSON body as sent."""
        calendar = self._writable(account_id, calendar_id)
        asked = read_event_body(body, partial=False)
        assert asked.start is not None and asked.end is not None and asked.title is not None
        _check_span(asked.start, asked.end)
        lines = asked.recurrence or ()
        rule = Recurrence(lines, asked.start) if lines else None
        event_id = self._event_id(calendar)
        conference = self._conference(calendar, event_id, asked.conference)
        now = self._world.now_ms()
        self._seq += 1
        event = CalendarEvent(
            id=event_id,
            calendar_id=calendar.id,
            account_id=calendar.account_id,
            seq=self._seq,
            created_ms=now,
            updated_ms=now,
            title=asked.title,
            body=asked.body,
            location=asked.location,
            start=asked.start,
            end=asked.end,
            attendees=_attendees(calendar, asked.attendees or (), ()),
            organizer=self._organizer(calendar),
            conference=conference,
            visibility=asked.visibility or "public",
            transparency=asked.transparency or "opaque",
            is_attendees_list_hidden=bool(asked.is_attendees_list_hidden),
            recurrence=lines,
            ical_uid=self._ical_uid(calendar, event_id),
            color=calendar.background_color,
            rule=rule,
        )
        self._store(event)
        self._announce(CREATED, event)
        self._plan_answers(event, event.attendees)
        return event

    def update_event(
        self, account_id: str, calendar_id: str, event_id: str, body: Mapping[str, Any]
    ) -> CalendarEvent:
        """`PATCH /calendars/{calendar_id}/events/{event_id}`: the fields given change, the
        others stay. On an occurrence id, only that occurrence changes."""
        calendar = self._writable(account_id, calendar_id)
        current = self._find(calendar, event_id)
        asked = read_event_body(body, partial=True)
        if current.master_event_id is not None and asked.recurrence is not None:
            raise invalid_parameter(
                "recurrence", "an occurrence does not recur: update the series' master instead"
            )
        start, end = asked.start or current.start, asked.end or current.end
        _check_span(start, end)
        lines = current.recurrence if asked.recurrence is None else asked.recurrence
        timing_changed = (start, end, lines) != (current.start, current.end, current.recurrence)
        rule = current.rule
        if current.master_event_id is None and timing_changed:
            rule = Recurrence(lines, start) if lines else None
        conference = current.conference
        if asked.conference is not None:
            conference = self._conference(calendar, current.id, asked.conference)
        attendees = current.attendees
        if asked.attendees is not None:
            attendees = _attendees(calendar, asked.attendees, current.attendees)
        updated = replace(
            current,
            updated_ms=self._world.now_ms(),
            title=current.title if asked.title is None else asked.title,
            body=current.body if asked.body is None else asked.body,
            location=current.location if asked.location is None else asked.location,
            start=start,
            end=end,
            attendees=attendees,
            conference=conference,
            visibility=asked.visibility or current.visibility,
            transparency=asked.transparency or current.transparency,
            is_attendees_list_hidden=current.is_attendees_list_hidden
            if asked.is_attendees_list_hidden is None
            else asked.is_attendees_list_hidden,
            recurrence=lines,
            rule=rule,
        )
        if updated.master_event_id is None:
            if timing_changed:
                self._exceptions.pop(updated.id, None)
            self._store(updated)
        else:
            assert updated.original_start is not None
            self._exceptions.setdefault(updated.master_event_id, {})[updated.original_start] = (
                updated
            )
        self._announce(UPDATED, updated)
        known = {a.email.lower() for a in current.attendees}
        self._plan_answers(updated, [a for a in attendees if a.email.lower() not in known])
        return updated

    def delete_event(self, account_id: str, calendar_id: str, event_id: str) -> CalendarEvent:
        """`DELETE /calendars/{calendar_id}/events/{event_id}`: a single event or a whole
        series is gone (404 afterwards); an occurrence is cancelled. Returns the event as it
        was, with `is_cancelled` set."""
        calendar = self._writable(account_id, calendar_id)
        current = self._find(calendar, event_id)
        gone = replace(current, is_cancelled=True, updated_ms=self._world.now_ms())
        if current.master_event_id is None:
            del self._events[current.id]
            del self._in_calendar[calendar.id][current.id]
            self._exceptions.pop(current.id, None)
            self._series_end.pop(current.id, None)
        else:
            assert current.original_start is not None
            self._exceptions.setdefault(current.master_event_id, {})[current.original_start] = gone
        self._announce(DELETED, gone)
        return gone

    def respond(
        self,
        account_id: str,
        calendar_id: str,
        event_id: str,
        email: str,
        response_status: str,
        comment: str | None = None,
    ) -> CalendarEvent:
        """An attendee answers (what the behaviour does on the clock; also for the control
        plane): their `response_status` (and `comment`) change, `calendar_event_updated`."""
        calendar = self.calendar(account_id, calendar_id)
        current = self._find(calendar, event_id)
        if response_status not in RESPONSE_STATUSES:
            raise invalid_parameter(
                "response_status",
                f"must be one of {', '.join(RESPONSE_STATUSES)}, got {response_status!r}",
            )
        wanted = email.lower()
        if not any(a.email.lower() == wanted for a in current.attendees):
            raise invalid_parameter("email", f"{email} is not an attendee of {event_id}")
        attendees = tuple(
            replace(a, response_status=response_status, comment=comment or a.comment)
            if a.email.lower() == wanted
            else a
            for a in current.attendees
        )
        updated = replace(current, attendees=attendees, updated_ms=self._world.now_ms())
        if updated.master_event_id is None:
            self._store(updated)
        else:
            assert updated.original_start is not None
            self._exceptions.setdefault(updated.master_event_id, {})[updated.original_start] = (
                updated
            )
        self._announce(UPDATED, updated)
        return updated

    # -- accounts and calendars ---------------------------------------------------------------

    def _account(self, account_id: str) -> Account:
        account = self._world.accounts.require_usable(account_id)
        if account.type not in CALENDAR_TYPES:
            raise ApiError(
                "feature_not_implemented",
                f"account_id: Calender provider not supported: account {account.id} is a "
                f"{account.type} account; calendars live on {', '.join(sorted(CALENDAR_TYPES))} "
                "accounts",
            )
        return account

    def _writable(self, account_id: str, calendar_id: str) -> Calendar:
        calendar = self.calendar(account_id, calendar_id)
        if calendar.is_read_only:
            raise ApiError(
                "insufficient_permissions",
                f"calendar_id: calendar {calendar.name!r} is read-only (shared with the account)",
            )
        return calendar

    def _ensure(self, account: Account) -> tuple[str, ...]:
        """The account's calendars, made the first time they are asked for."""
        made = self._of_account.get(account.id)
        if made is not None:
            return made
        google = account.type in GOOGLE
        address = own_address(account)
        domain = address.identifier.rsplit("@", 1)[-1]
        colors = _GOOGLE_COLORS if google else _MICROSOFT_COLORS
        shared_owner = f"team.{self._hash(account.id, 'team')[:6]}@{domain}"
        specs = (
            ("primary", address.identifier if google else "Calendar", None, False, True, True),
            ("projects", "Projects", "Projects and deadlines", False, True, False),
            ("team", "Team", f"Shared by {shared_owner}", True, False, False),
        )
        ids: list[str] = []
        for index, (key, name, description, read_only, owned, default) in enumerate(specs):
            if google and key == "primary":
                calendar_id = address.identifier
            elif google:
                calendar_id = f"{self._hash(account.id, key)[:26]}@group.calendar.google.com"
            else:
                calendar_id = "AQMkA" + _b64(self._digest(account.id, key))[:60]
            calendar = Calendar(
                id=calendar_id,
                account_id=account.id,
                name=name,
                description=description,
                is_read_only=read_only,
                is_owned_by_user=owned,
                is_default=default,
                background_color=colors[index],
                text_color="#000000" if google else "#FFFFFF",
                timezone=self.time_zone,
                owner_email=shared_owner if key == "team" else address.identifier,
            )
            self._calendars[calendar_id] = calendar
            self._in_calendar[calendar_id] = {}
            ids.append(calendar_id)
        self._of_account[account.id] = made = tuple(ids)
        self._seed_team_sync(self._calendars[ids[2]], account.name)
        return made

    def _seed_team_sync(self, calendar: Calendar, account_name: str) -> None:
        """The shared calendar's weekly "Team sync": Mondays 10:00-10:30 in its zone, from the
        week the world starts, the account invited."""
        begin = from_ms(self._world.blueprint.start_ms, ZoneInfo(calendar.timezone))
        monday = begin.date() - timedelta(days=begin.weekday())
        local = datetime(monday.year, monday.month, monday.day, 10, 0)
        start = timed(local, calendar.timezone)
        end = timed(local + timedelta(minutes=30), calendar.timezone)
        lines = ("RRULE:FREQ=WEEKLY;BYDAY=MO",)
        account = self._world.accounts.get(calendar.account_id)
        event_id = self._event_id(calendar)
        self._seq += 1
        self._store(
            CalendarEvent(
                id=event_id,
                calendar_id=calendar.id,
                account_id=calendar.account_id,
                seq=self._seq,
                created_ms=self._world.blueprint.start_ms,
                updated_ms=self._world.blueprint.start_ms,
                title="Team sync",
                body=None,
                location=None,
                start=start,
                end=end,
                attendees=(
                    Attendee(calendar.owner_email, None, None, True, "required", "yes"),
                    Attendee(own_address(account).identifier, account_name),
                ),
                organizer=Person(calendar.owner_email, "Team"),
                conference=None,
                visibility="public",
                transparency="opaque",
                is_attendees_list_hidden=False,
                recurrence=lines,
                ical_uid=self._ical_uid(calendar, event_id),
                color=calendar.background_color,
                rule=Recurrence(lines, start),
            )
        )

    def _organizer(self, calendar: Calendar) -> Person:
        account = self._world.accounts.get(calendar.account_id)
        return Person(calendar.owner_email, account.name)

    # -- events: storage and lookup -----------------------------------------------------------

    def _store(self, event: CalendarEvent) -> None:
        self._events[event.id] = event
        self._in_calendar[event.calendar_id][event.id] = None
        if event.rule is None:
            self._series_end.pop(event.id, None)
            return
        last = event.rule.last_start()
        self._series_end[event.id] = (
            None if last is None else self._occurrence(event, last).end.ms(self._zone(event))
        )

    def _find(self, calendar: Calendar, event_id: str) -> CalendarEvent:
        event = self._events.get(event_id)
        if event is not None and event.calendar_id == calendar.id:
            return event
        master_id, _, suffix = event_id.rpartition("_")
        master = self._events.get(master_id)
        if master is not None and master.calendar_id == calendar.id and master.rule is not None:
            original = original_from_suffix(suffix, master.start)
            if original is not None:
                changed = self._exceptions.get(master.id, {}).get(original)
                if changed is not None:
                    if not changed.is_cancelled:
                        return changed
                elif next(master.rule.starts(original), None) == original:
                    return self._occurrence(master, original)
        raise ApiError("resource_not_found", f"event_id: Calendar Event not found ({event_id})")

    def _occurrence(self, master: CalendarEvent, original: datetime) -> CalendarEvent:
        """The occurrence of `master` the series starts at `original` (naive local)."""
        if master.start.is_all_day:
            assert master.start.day is not None and master.end.day is not None
            day = original.date()
            start, end = all_day(day), all_day(day + (master.end.day - master.start.day))
        else:
            assert master.start.moment is not None and master.end.moment is not None
            assert master.start.time_zone is not None and master.end.time_zone is not None
            # Absolute durations: aware arithmetic within one zone would be wall-clock time.
            start = timed(original, master.start.time_zone)
            length = master.end.moment.astimezone(UTC) - master.start.moment.astimezone(UTC)
            begin = original.replace(tzinfo=master.start.moment.tzinfo).astimezone(UTC)
            moment = (begin + length).astimezone(master.end.moment.tzinfo)
            end = EventTime(moment=moment, time_zone=master.end.time_zone)
        return replace(
            master,
            id=f"{master.id}_{occurrence_suffix(original, master.start)}",
            start=start,
            end=end,
            recurrence=(),
            master_event_id=master.id,
            original_start=original,
            rule=None,
        )

    def _zone(self, event: CalendarEvent) -> ZoneInfo:
        return ZoneInfo(self._calendars[event.calendar_id].timezone)

    # -- listing ------------------------------------------------------------------------------

    def _listed(
        self, calendar: Calendar, query: EventQuery
    ) -> Iterator[tuple[tuple[int, str], CalendarEvent]]:
        """Every event the query lists, as ((start ms, id), event), in that order."""
        where = ZoneInfo(calendar.timezone)
        if query.expand_recurring and query.end_ms is None:
            since = query.start_ms if query.start_ms is not None else self._world.now_ms()
            query = replace(query, end_ms=max(since, self._world.now_ms()) + EXPANSION_HORIZON_MS)
        pool: list[tuple[tuple[int, str], CalendarEvent]] = []
        series: list[Iterator[tuple[tuple[int, str], CalendarEvent]]] = []
        for event_id in self._in_calendar[calendar.id]:
            event = self._events[event_id]
            for changed in self._exceptions.get(event_id, {}).values():
                self._keep(pool, changed, query, where)
            if event.rule is None:
                self._keep(pool, event, query, where)
            elif not query.expand_recurring:
                if query.matches(event) and self._series_in_window(event, query, where):
                    pool.append(((event.start.ms(where), event.id), event))
            elif query.matches(event):
                series.append(self._expand(event, query, where))
        pool.sort(key=lambda item: item[0])
        return heapq.merge(pool, *series, key=lambda item: item[0])

    @staticmethod
    def _keep(
        pool: list[tuple[tuple[int, str], CalendarEvent]],
        event: CalendarEvent,
        query: EventQuery,
        where: ZoneInfo,
    ) -> None:
        begin = event.start.ms(where)
        if query.matches(event) and query.in_window(begin, event.end.ms(where)):
            pool.append(((begin, event.id), event))

    def _series_in_window(self, master: CalendarEvent, query: EventQuery, where: ZoneInfo) -> bool:
        last_end = self._series_end.get(master.id)
        begin = master.start.ms(where)
        if query.window == "within":
            return query.in_window(begin, last_end if last_end is not None else begin)
        if last_end is None:
            return query.end_ms is None or begin < query.end_ms
        return query.in_window(begin, last_end)

    def _expand(
        self, master: CalendarEvent, query: EventQuery, where: ZoneInfo
    ) -> Iterator[tuple[tuple[int, str], CalendarEvent]]:
        """The occurrences of `master` in the query's window, in order; modified and
        cancelled ones are left out (they are in the pool)."""
        assert master.rule is not None and query.end_ms is not None
        changed = self._exceptions.get(master.id, {})
        length_ms = master.end.ms(where) - master.start.ms(where)
        after = None
        if query.start_ms is not None:
            own = master.start.moment.tzinfo if master.start.moment is not None else where
            after = from_ms(query.start_ms - length_ms - DAY_MS, own).replace(tzinfo=None)  # type: ignore[arg-type]
            if master.start.is_all_day:
                after = datetime.combine(after.date(), datetime.min.time())
        stop_ms = query.end_ms + DAY_MS  # past any DST fold
        for original in master.rule.starts(after):
            if original in changed:
                continue
            occurrence = self._occurrence(master, original)
            begin = occurrence.start.ms(where)
            if begin >= stop_ms:
                return
            if query.in_window(begin, occurrence.end.ms(where)):
                yield (begin, occurrence.id), occurrence

    # -- ids, conferences, answers, changes ---------------------------------------------------

    def _digest(self, *parts: object) -> bytes:
        text = "/".join([str(self._world.blueprint.seed), *map(str, parts)])
        return hashlib.sha256(text.encode()).digest()

    def _hash(self, *parts: object) -> str:
        return base64.b32hexencode(self._digest(*parts)).decode().lower()

    def _event_id(self, calendar: Calendar) -> str:
        number = self._numbers.get(calendar.id, 0)
        self._numbers[calendar.id] = number + 1
        if self._is_google(calendar):
            return self._hash("event", calendar.id, number)[:26]
        return "AAMkA" + _b64(self._digest("event", calendar.id, number) * 2)[:80]

    def _ical_uid(self, calendar: Calendar, event_id: str) -> str:
        if self._is_google(calendar):
            return f"{event_id}@google.com"
        digest = self._digest("ical", event_id).hex().upper()[:56]
        return "040000008200E00074C5B7101A82E00800000000" + digest

    def _is_google(self, calendar: Calendar) -> bool:
        return self._world.accounts.get(calendar.account_id).type in GOOGLE

    def _conference(
        self, calendar: Calendar, event_id: str, asked: ConferenceInput | None
    ) -> Conference | None:
        if asked is None:
            return None
        if asked.url is not None:
            return Conference(asked.provider, asked.url)
        made = "google_meet" if self._is_google(calendar) else "teams"
        if asked.provider != made:
            raise invalid_parameter(
                "conference.url",
                f"a {asked.provider} conference needs its url: this provider creates "
                f"{made} meetings only",
            )
        digest = self._digest("conference", event_id)
        if made == "google_meet":
            letters = "".join(chr(ord("a") + byte % 26) for byte in digest[:10])
            return Conference(
                made, f"https://meet.google.com/{letters[:3]}-{letters[3:7]}-{letters[7:]}"
            )
        thread = _b64(digest).replace("-", "").replace("_", "")[:32]
        url = f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{thread}%40thread.v2/0"
        return Conference(made, url)

    def _plan_answers(self, event: CalendarEvent, attendees: Iterable[Attendee]) -> None:
        """Each new attendee (not the organizer) draws an answer and its delay, in order."""
        behaviour = self.behaviour
        if behaviour.accept + behaviour.decline + behaviour.tentative == 0:
            return
        rng = self._world.rng
        for attendee in attendees:
            if attendee.is_organizer or attendee.response_status != "noreply":
                continue
            draw = rng.random()
            delay = rng.randint(*behaviour.delay_ms)
            if draw < behaviour.accept:
                answer = "yes"
            elif draw < behaviour.accept + behaviour.decline:
                answer = "no"
            elif draw < behaviour.accept + behaviour.decline + behaviour.tentative:
                answer = "maybe"
            else:
                continue
            self._world.schedule_in(
                delay,
                "calendar_attendee_answer",
                self._answer_later(event, attendee.email, answer),
                event_id=event.id,
                email=attendee.email,
            )

    def _answer_later(
        self, event: CalendarEvent, email: str, answer: str
    ) -> Callable[[], dict[str, Any] | None]:
        def act() -> dict[str, Any] | None:
            calendar = self._calendars.get(event.calendar_id)
            if calendar is None:
                return {"outcome": "gone"}
            try:
                current = self._find(calendar, event.id)
            except ApiError:
                return {"outcome": "gone"}
            attendee = next((a for a in current.attendees if a.email == email), None)
            if attendee is None or attendee.response_status != "noreply":
                return {"outcome": "skipped"}
            self.respond(event.account_id, event.calendar_id, event.id, email, answer)
            return {"response_status": answer}

        return act

    def _announce(self, name: str, event: CalendarEvent) -> None:
        account = self._world.accounts.find(event.account_id)
        if account is None or account.status != "OK":
            return
        self._world.bus.publish(
            WorldEvent(name, self._world.now_ms(), account.id, change_data(event))
        )

    def _on_event(self, event: WorldEvent) -> None:
        """A deleted account takes its calendars with it."""
        if event.name != "account_status" or event.data.get("message") != "DELETED":
            return
        for calendar_id in self._of_account.pop(event.account_id or "", ()):
            for event_id in self._in_calendar.pop(calendar_id, {}):
                self._events.pop(event_id, None)
                self._exceptions.pop(event_id, None)
                self._series_end.pop(event_id, None)
            self._calendars.pop(calendar_id, None)


def _attendees(
    calendar: Calendar, asked: Iterable[AttendeeInput], before: tuple[Attendee, ...]
) -> tuple[Attendee, ...]:
    """The attendees asked for; one already invited keeps their answer."""
    known = {a.email.lower(): a for a in before}
    owner = calendar.owner_email.lower()
    made: list[Attendee] = []
    for item in asked:
        previous = known.get(item.email.lower())
        is_organizer = item.email.lower() == owner
        status = "yes" if is_organizer else previous.response_status if previous else "noreply"
        made.append(
            Attendee(
                email=item.email,
                display_name=item.display_name,
                comment=previous.comment if previous else None,
                is_organizer=is_organizer,
                type=item.type,
                response_status=status,
            )
        )
    return tuple(made)


def _check_span(start: EventTime, end: EventTime) -> None:
    if start.is_all_day != end.is_all_day:
        kind = "an all-day date" if start.is_all_day else "a date_time with time_zone"
        raise invalid_parameter("end", f"must be {kind}, like start")
    if start.is_all_day:
        assert start.day is not None and end.day is not None
        if end.day <= start.day:
            raise invalid_parameter(
                "end",
                f"an all-day event ends on a later date (exclusive end): {end.day} is not after "
                f"{start.day}",
            )
    elif end.ms(UTC) < start.ms(UTC):
        raise invalid_parameter("end", f"{end.fields()['date_time']} is before the start")


def _check_paging(offset: int, limit: int) -> None:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise invalid_parameter("offset", f"expected a whole number >= 0, got {offset!r}")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise invalid_parameter("limit", f"expected a whole number >= 1, got {limit!r}")


def _page(items: list[Calendar], offset: int, limit: int) -> Page[Calendar]:
    _check_paging(offset, limit)
    more = offset + limit < len(items)
    return Page(items[offset : offset + limit], offset + limit if more else None)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
