"""Listing events: each filter, paging, and free/busy across zones (world/calendars.py,
world/calendar_query.py)."""

from __future__ import annotations

import pytest

from simulator.world.calendar_events import BusyInterval
from simulator.world.calendar_query import EventQuery, read_event_query
from simulator.world.errors import ApiError
from tests.unit.calendar_worlds import calendars, ms, timed_body


@pytest.fixture
def listed():
    """A Google primary calendar with four events (Paris times, March 2026)."""
    world, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    made = {
        "standup": cals.create_event("gmail", cal, timed_body(
            "2026-03-10T09:00:00", "2026-03-10T09:15:00", title="Standup",
            attendees=[{"email": "bob@acme.example"}], location="Room 1",
        )),
        "lunch": cals.create_event("gmail", cal, timed_body(
            "2026-03-11T12:00:00", "2026-03-11T13:00:00", title="Lunch with Ann",
            transparency="transparent", body="Talk about the Q2 plan",
        )),
        "review": cals.create_event("gmail", cal, timed_body(
            "2026-03-12T16:00:00", "2026-03-12T18:00:00", title="Review",
            attendees=[{"email": "ann@acme.example"}],
        )),
    }  # fmt: skip
    world.advance_by(3600)
    made["offsite"] = cals.create_event("gmail", cal, {
        "title": "Offsite", "start": {"date": "2026-03-13"}, "end": {"date": "2026-03-14"},
        "attendees": [],
    })  # fmt: skip
    return world, cals, cal, made


def titles(cals, cal, **filters):
    return [e.title for e in cals.events("gmail", cal, EventQuery(**filters)).items]


def test_events_are_listed_by_start(listed):
    _, cals, cal, _ = listed
    assert titles(cals, cal) == ["Standup", "Lunch with Ann", "Review", "Offsite"]


def test_the_window_keeps_overlapping_events(listed):
    _, cals, cal, _ = listed
    # 17:00 Paris on the 12th is inside the review (16:00-18:00)
    assert titles(cals, cal, start_ms=ms("2026-03-12T16:00:00Z")) == ["Review", "Offsite"]
    assert titles(cals, cal, end_ms=ms("2026-03-11T11:30:00Z")) == ["Standup", "Lunch with Ann"]
    within = titles(cals, cal, start_ms=ms("2026-03-12T16:00:00Z"), window="within")
    assert within == ["Offsite"]


def test_the_all_day_event_fills_its_calendars_day(listed):
    _, cals, cal, _ = listed
    # the 13th in Paris begins at 23:00 UTC on the 12th
    assert titles(cals, cal, start_ms=ms("2026-03-13T22:30:00Z")) == ["Offsite"]
    assert titles(cals, cal, start_ms=ms("2026-03-13T23:00:00Z")) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"title": "lunch"}, ["Lunch with Ann"]),
        ({"location": "room"}, ["Standup"]),
        ({"description": "q2 PLAN"}, ["Lunch with Ann"]),
        ({"attendees": ("ANN@acme.example", "zed@acme.example")}, ["Review"]),
        ({"busy": True}, ["Standup", "Review", "Offsite"]),
        ({"busy": False}, ["Lunch with Ann"]),
        ({"event_types": ("default",)}, ["Standup", "Lunch with Ann", "Review", "Offsite"]),
        ({"event_types": ("birthday", "outOfOffice")}, []),
        ({"updated_after_ms": ms("2026-03-02T08:30:00Z")}, ["Offsite"]),
        (
            {"updated_before_ms": ms("2026-03-02T08:30:00Z")},
            ["Standup", "Lunch with Ann", "Review"],
        ),
        ({"is_cancelled": True}, []),
    ],
)
def test_each_filter(listed, filters, expected):
    _, cals, cal, _ = listed
    assert titles(cals, cal, **filters) == expected


def test_the_ical_uid_filter(listed):
    _, cals, cal, made = listed
    uid = made["review"].ical_uid
    assert uid.endswith("@google.com")
    assert titles(cals, cal, ical_uid=uid) == ["Review"]


def test_the_query_string_is_read_with_errors_naming_the_parameter(listed):
    _, cals, cal, _ = listed
    query = read_event_query({
        "start": "2026-03-11T00:00:00Z", "busy": "false", "expand_recurring": "true",
    })  # fmt: skip
    assert query.busy is False and query.expand_recurring
    assert read_event_query({"attendees": "X@y.example, a@b.example"}).attendees == (
        "x@y.example",
        "a@b.example",
    )
    assert [e.title for e in cals.events("gmail", cal, query).items] == ["Lunch with Ann"]
    for params, field in (({"busy": "maybe"}, "busy:"), ({"start": "yesterday"}, "start:"),
                          ({"end": "2026-03-10T10:00:00"}, "end:")):  # fmt: skip
        with pytest.raises(ApiError) as caught:
            read_event_query(params)
        assert caught.value.detail.startswith(field)


def test_pages_walk_the_list_by_offset(listed):
    _, cals, cal, _ = listed
    seen, offset = [], 0
    while offset is not None:
        page = cals.events("gmail", cal, offset=offset, limit=3)
        assert len(page.items) <= 3
        seen += [e.title for e in page.items]
        offset = page.next_offset
    assert seen == ["Standup", "Lunch with Ann", "Review", "Offsite"]


def test_expanded_pages_merge_series_and_single_events():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    cals.create_event("gmail", cal, timed_body(
        "2026-03-10T09:00:00", "2026-03-10T09:30:00", title="Daily",
        recurrence=["RRULE:FREQ=DAILY;COUNT=5"],
    ))  # fmt: skip
    cals.create_event("gmail", cal, timed_body("2026-03-12T08:00:00", "2026-03-12T08:30:00",
                                                title="Once"))  # fmt: skip
    query = EventQuery(expand_recurring=True)
    first = cals.events("gmail", cal, query, limit=4)
    second = cals.events("gmail", cal, query, offset=first.next_offset, limit=4)
    days = [(e.title, e.start.moment.day) for e in first.items + second.items]
    assert days == [("Daily", 10), ("Daily", 11), ("Once", 12), ("Daily", 12), ("Daily", 13),
                    ("Daily", 14)]  # fmt: skip
    assert second.next_offset is None


def test_an_endless_series_expands_up_to_the_horizon():
    world, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    cals.create_event("gmail", cal, timed_body(
        "2026-03-10T09:00:00", "2026-03-10T09:30:00", recurrence=["RRULE:FREQ=WEEKLY"],
    ))  # fmt: skip
    found = cals.events("gmail", cal, EventQuery(expand_recurring=True), limit=1000)
    assert 52 <= len(found.items) <= 54 and found.next_offset is None


def test_free_busy_merges_overlaps_across_zones():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    # 09:00-10:00 New York is 13:00-14:00 UTC (US summer time already, Paris not yet)
    cals.create_event("gmail", cal, timed_body(
        "2026-03-20T09:00:00", "2026-03-20T10:00:00", zone="America/New_York"))  # fmt: skip
    # 14:30-15:30 Paris is 13:30-14:30 UTC: overlaps the New York call
    cals.create_event("gmail", cal, timed_body("2026-03-20T14:30:00", "2026-03-20T15:30:00"))
    # transparent: not busy
    cals.create_event("gmail", cal, timed_body(
        "2026-03-20T18:00:00", "2026-03-20T19:00:00", transparency="transparent"))  # fmt: skip
    # a Tokyo breakfast 09:00 on the 21st is 00:00 UTC on the 21st
    cals.create_event("gmail", cal, timed_body(
        "2026-03-21T09:00:00", "2026-03-21T09:30:00", zone="Asia/Tokyo"))  # fmt: skip
    busy = cals.busy("gmail", cal, ms("2026-03-20T00:00:00Z"), ms("2026-03-21T00:15:00Z"))
    assert busy == [
        BusyInterval(ms("2026-03-20T13:00:00Z"), ms("2026-03-20T14:30:00Z")),
        BusyInterval(ms("2026-03-21T00:00:00Z"), ms("2026-03-21T00:15:00Z")),  # clipped
    ]


def test_free_busy_expands_series_and_reads_all_day_events_in_the_calendar_zone():
    _, cals, _ = calendars()
    cal = cals.calendars("gmail").items[0].id
    other = cals.calendars("gmail").items[1].id
    cals.create_event("gmail", cal, timed_body(
        "2026-03-23T09:00:00", "2026-03-23T10:00:00", recurrence=["RRULE:FREQ=DAILY"]))  # fmt: skip
    cals.create_event("gmail", other, {"title": "Off", "start": {"date": "2026-03-30"},
                                       "end": {"date": "2026-03-31"}, "attendees": []})  # fmt: skip
    busy = cals.busy("gmail", [cal, other], ms("2026-03-28T00:00:00Z"), ms("2026-03-31T00:00:00Z"))
    assert busy == [
        BusyInterval(ms("2026-03-28T08:00:00Z"), ms("2026-03-28T09:00:00Z")),
        # Paris summer time from the 29th: 09:00 local is 07:00 UTC
        BusyInterval(ms("2026-03-29T07:00:00Z"), ms("2026-03-29T08:00:00Z")),
        # the all-day event: Paris midnight to midnight, the daily meeting inside it
        BusyInterval(ms("2026-03-29T22:00:00Z"), ms("2026-03-30T22:00:00Z")),
    ]
