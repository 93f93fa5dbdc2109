"""Recurring events: expansion in a window, DST, exceptions, occurrences by id, the cost of
expanding far from a series' start (world/calendar_recurrence.py, world/calendars.py)."""

from __future__ import annotations

import time
from datetime import datetime
from itertools import takewhile

import pytest

from simulator.world.calendar_events import event_fields
from simulator.world.calendar_query import EventQuery
from simulator.world.calendar_recurrence import Recurrence
from simulator.world.calendar_times import timed
from simulator.world.errors import ApiError
from tests.unit.calendar_worlds import calendars, ms, timed_body

WEEKLY = timed_body(
    "2026-03-13T09:00:00", "2026-03-13T10:00:00", title="Weekly",
    recurrence=["RRULE:FREQ=WEEKLY"],
)  # fmt: skip


def window(start, end, **more):
    return EventQuery(start_ms=ms(start), end_ms=ms(end), expand_recurring=True, **more)


def test_occurrences_inside_a_window_only():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    master = cals.create_event("gmail", cal, WEEKLY)
    found = cals.events("gmail", cal, window("2026-04-01T00:00:00Z", "2026-04-30T00:00:00Z"))
    starts = [e.start.fields()["date_time"] for e in found.items]
    assert starts == [f"2026-04-{d:02d}T09:00:00+02:00" for d in (3, 10, 17, 24)]
    assert all(e.master_event_id == master.id for e in found.items)
    assert all("recurrence" not in event_fields(e) for e in found.items)
    # without expansion: the master alone, with its recurrence
    masters = cals.events("gmail", cal, EventQuery(start_ms=ms("2026-04-01T00:00:00Z")))
    assert [e.id for e in masters.items] == [master.id]
    assert event_fields(masters.items[0])["recurrence"] == ["RRULE:FREQ=WEEKLY"]


def test_a_weekly_paris_series_keeps_nine_oclock_across_the_dst_change():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    cals.create_event("gmail", cal, WEEKLY)
    found = cals.events("gmail", cal, window("2026-03-20T00:00:00Z", "2026-04-04T00:00:00Z"))
    utc = [datetime.fromtimestamp(e.start.ms(None) / 1000).utctimetuple()[3] for e in found.items]
    assert utc == [8, 8, 7]  # Paris moves to summer time on 29 March
    assert [e.start.moment.hour for e in found.items] == [9, 9, 9]
    assert found.items[2].id.endswith("_20260403T070000Z")


def test_a_new_york_series_across_its_dst_change():
    _, cals, _ = calendars()
    cal = cals.calendars("outlook").items[0].id
    body = timed_body(
        "2026-03-02T09:00:00", "2026-03-02T09:30:00", zone="America/New_York",
        recurrence=["RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3"],
    )  # fmt: skip
    cals.create_event("outlook", cal, body)
    found = cals.events("outlook", cal, EventQuery(expand_recurring=True)).items
    assert [e.start.ms(None) for e in found] == [
        ms("2026-03-02T14:00:00Z"), ms("2026-03-09T13:00:00Z"), ms("2026-03-16T13:00:00Z")
    ]  # fmt: skip
    assert [e.end.ms(None) - e.start.ms(None) for e in found] == [30 * 60_000] * 3


def test_an_occurrence_across_the_dst_night_keeps_its_exact_duration():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    body = timed_body(
        "2026-03-28T01:00:00", "2026-03-28T04:00:00", recurrence=["RRULE:FREQ=DAILY;COUNT=2"]
    )
    cals.create_event("gmail", cal, body)
    night = cals.events("gmail", cal, EventQuery(expand_recurring=True)).items[1]
    # RFC 5545: DTEND - DTSTART is an exact duration for every instance (3 h, not 01:00-04:00)
    assert night.end.ms(None) - night.start.ms(None) == 3 * 3_600_000
    assert night.end.fields()["date_time"] == "2026-03-29T05:00:00+02:00"


def test_exdate_and_until_bound_the_series():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    body = {**WEEKLY, "recurrence": [
        "RRULE:FREQ=WEEKLY;UNTIL=20260410T070000Z", "EXDATE;TZID=Europe/Paris:20260320T090000",
        "EXDATE:20260403T070000Z",
    ]}  # fmt: skip
    cals.create_event("gmail", cal, body)
    found = cals.events("gmail", cal, EventQuery(expand_recurring=True)).items
    assert [e.start.moment.day for e in found] == [13, 27, 10]


def test_an_all_day_series_gives_dates():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    body = {"title": "Payday", "start": {"date": "2026-01-31"}, "end": {"date": "2026-02-01"},
            "attendees": [], "recurrence": ["RRULE:FREQ=MONTHLY;BYMONTHDAY=-1"]}  # fmt: skip
    cals.create_event("gmail", cal, body)
    found = cals.events("gmail", cal, window("2026-03-01T00:00:00Z", "2026-06-01T00:00:00Z"))
    assert [event_fields(e)["start"] for e in found.items] == [
        {"date": "2026-03-31"}, {"date": "2026-04-30"}, {"date": "2026-05-31"}
    ]  # fmt: skip
    assert found.items[0].id.endswith("_20260331")


def test_an_occurrence_is_read_updated_and_deleted_by_its_id():
    _, cals, seen = calendars()
    cal = cals.calendars("gmail").items[0].id
    master = cals.create_event("gmail", cal, WEEKLY)
    occurrence_id = f"{master.id}_20260320T080000Z"
    one = cals.event("gmail", cal, occurrence_id)
    assert one.master_event_id == master.id and one.start.moment.day == 20

    body = timed_body("2026-03-20T14:00:00", "2026-03-20T15:00:00", title="Moved")
    del body["attendees"]
    moved = cals.update_event("gmail", cal, occurrence_id, body)
    assert moved.id == occurrence_id and moved.title == "Moved"
    cals.delete_event("gmail", cal, f"{master.id}_20260327T080000Z")

    found = cals.events("gmail", cal, window("2026-03-13T00:00:00Z", "2026-04-04T00:00:00Z"))
    assert [(e.title, e.start.moment.day, e.start.moment.hour) for e in found.items] == [
        ("Weekly", 13, 9), ("Moved", 20, 14), ("Weekly", 3, 9)
    ]  # fmt: skip
    cancelled = cals.events(
        "gmail", cal, window("2026-03-13T00:00:00Z", "2026-04-04T00:00:00Z", is_cancelled=True)
    )
    assert [e.id for e in cancelled.items] == [f"{master.id}_20260327T080000Z"]
    with pytest.raises(ApiError):
        cals.event("gmail", cal, f"{master.id}_20260327T080000Z")
    deleted = [e for e in seen if e.name == "calendar_event_deleted"]
    assert deleted[0].data["master_event_id"] == master.id


def test_an_id_that_is_not_an_occurrence_is_not_found():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    master = cals.create_event("gmail", cal, WEEKLY)
    for bad in (f"{master.id}_20260321T080000Z", f"{master.id}_20260320", f"{master.id}_x"):
        with pytest.raises(ApiError) as caught:
            cals.event("gmail", cal, bad)
        assert caught.value.status == 404


def test_an_occurrence_cannot_get_a_recurrence():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    master = cals.create_event("gmail", cal, WEEKLY)
    with pytest.raises(ApiError) as caught:
        cals.update_event("gmail", cal, f"{master.id}_20260320T080000Z", {"recurrence": []})
    assert caught.value.detail.startswith("recurrence:")


def test_changing_the_series_rule_drops_its_exceptions():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    master = cals.create_event("gmail", cal, WEEKLY)
    cals.delete_event("gmail", cal, f"{master.id}_20260320T080000Z")
    cals.update_event("gmail", cal, master.id, {"recurrence": ["RRULE:FREQ=WEEKLY;COUNT=3"]})
    found = cals.events("gmail", cal, EventQuery(expand_recurring=True)).items
    assert [e.start.moment.day for e in found] == [13, 20, 27]
    single = cals.update_event("gmail", cal, master.id, {"recurrence": []})
    assert single.rule is None
    assert [e.id for e in cals.events("gmail", cal, EventQuery(expand_recurring=True)).items] == [
        master.id
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "RRULE:FREQ=DAILY",
        "RRULE:FREQ=DAILY;INTERVAL=3",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR",
        "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;WKST=SU;INTERVAL=3",
        "RRULE:FREQ=HOURLY;INTERVAL=5",
        "RRULE:FREQ=MONTHLY;BYDAY=2TU",
        "RRULE:FREQ=DAILY;UNTIL=20290101T000000Z",
    ],
)
def test_starting_late_yields_what_stepping_from_the_start_yields(rule):
    start = timed(datetime(2026, 1, 7, 9, 30), "Europe/Paris")
    recurrence = Recurrence((rule, "EXDATE;TZID=Europe/Paris:20280105T093000"), start)
    late, limit = datetime(2028, 1, 3), datetime(2028, 6, 1)
    walked = [s for s in takewhile(lambda s: s < limit, recurrence.starts()) if s >= late]
    stepped = list(takewhile(lambda s: s < limit, recurrence.starts(late)))
    assert len(walked) > 3 and stepped == walked


def test_expanding_a_month_of_fifty_series_a_year_later_is_fast():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[1].id
    for n in range(50):
        body = timed_body(
            f"2026-01-{n % 28 + 1:02d}T{8 + n % 9:02d}:00:00",
            f"2026-01-{n % 28 + 1:02d}T{8 + n % 9:02d}:45:00",
            recurrence=["RRULE:FREQ=DAILY" if n % 2 else "RRULE:FREQ=WEEKLY;BYDAY=MO,TH"],
        )
        cals.create_event("gmail", cal, body)
    query = window("2031-03-01T00:00:00Z", "2031-04-01T00:00:00Z")
    began = time.perf_counter()
    found = cals.events("gmail", cal, query, limit=5000)
    took = time.perf_counter() - began
    assert len(found.items) == 25 * 31 + 25 * 9 and found.next_offset is None
    assert took < 1.0  # stepping from 2026 would walk ~46,000 occurrences first
