"""Calendars and events (world/calendars.py): calendars per account, CRUD, refusals, change
records, attendees answering on the clock, determinism."""

from __future__ import annotations

import copy

import pytest

from simulator.world.calendar_events import calendar_fields, change_data, event_fields
from simulator.world.calendar_query import EventQuery
from simulator.world.calendars import CalendarBehaviour
from simulator.world.errors import ApiError
from tests.unit.calendar_worlds import calendars, ms, timed_body

MEETING = timed_body("2026-03-10T09:00:00", "2026-03-10T10:00:00")


def primary(cals, account="gmail"):
    return cals.calendars(account).items[0]


def test_each_account_has_a_primary_an_owned_and_a_shared_read_only_calendar():
    _, cals, _ = calendars()
    google = cals.calendars("gmail").items
    assert [(c.is_default, c.is_owned_by_user, c.is_read_only) for c in google] == [
        (True, True, False),
        (False, True, False),
        (False, False, True),
    ]
    assert google[0].id == "me@gmail.com"
    assert google[1].id.endswith("@group.calendar.google.com")
    outlook = cals.calendars("outlook").items
    assert outlook[0].name == "Calendar" and outlook[0].id.startswith("AQMkA")
    rendered = calendar_fields(google[2])
    assert rendered["object"] == "Calendar" and rendered["timezone"] == "Europe/Paris"
    assert cals.calendar("gmail", google[1].id) == google[1]


def test_calendars_page_by_offset():
    _, cals, _ = calendars()
    first = cals.calendars("gmail", limit=2)
    assert len(first.items) == 2 and first.next_offset == 2
    rest = cals.calendars("gmail", offset=first.next_offset, limit=2)
    assert len(rest.items) == 1 and rest.next_offset is None


def test_a_calendar_of_another_account_is_not_found():
    _, cals, _ = calendars()
    outlook_primary = primary(cals, "outlook").id
    with pytest.raises(ApiError) as caught:
        cals.calendar("gmail", outlook_primary)
    assert caught.value.status == 404 and caught.value.detail.startswith("calendar_id:")


def test_other_providers_have_no_calendars():
    _, cals, _ = calendars()
    with pytest.raises(ApiError) as caught:
        cals.calendars("li")
    assert caught.value.error.type == "errors/feature_not_implemented"
    assert caught.value.status == 501 and caught.value.detail.startswith("account_id:")


def test_create_get_update_delete_a_timed_event():
    world, cals, seen = calendars()
    cal = primary(cals).id
    made = cals.create_event("gmail", cal, {**MEETING, "location": "Room 1", "body": "Agenda"})
    assert cals.event("gmail", cal, made.id) == made
    shown = event_fields(made)
    assert shown["start"] == {"date_time": "2026-03-10T09:00:00+01:00", "time_zone": "Europe/Paris"}
    assert shown["organizer"] == {"email": "me@gmail.com", "display_name": "Me"}
    assert shown["transparency"] == "opaque" and shown["event_type"] == "default"
    assert "master_event_id" not in shown

    world.advance_by(60)
    changed = cals.update_event("gmail", cal, made.id, {"title": "Renamed"})
    assert changed.title == "Renamed" and changed.location == "Room 1"
    assert changed.updated_ms == made.updated_ms + 60_000 and changed.created_ms == made.created_ms
    assert cals.event("gmail", cal, made.id).title == "Renamed"

    gone = cals.delete_event("gmail", cal, made.id)
    assert gone.is_cancelled
    with pytest.raises(ApiError) as caught:
        cals.event("gmail", cal, made.id)
    assert caught.value.status == 404 and "Calendar Event not found" in caught.value.detail
    names = [e.name for e in seen if e.name.startswith("calendar_event")]
    assert names == ["calendar_event_created", "calendar_event_updated", "calendar_event_deleted"]


def test_change_records_follow_the_documented_webhook_payload():
    _, cals, seen = calendars()
    made = cals.create_event("gmail", primary(cals).id, MEETING)
    record = next(e for e in seen if e.name == "calendar_event_created")
    assert record.account_id == "gmail" and record.data == change_data(made)
    assert list(record.data)[:5] == [
        "id",
        "master_event_id",
        "calendar_id",
        "created_at",
        "updated_at",
    ]
    assert record.data["master_event_id"] == "" and record.data["color"] == "#039BE5"
    assert "object" not in record.data


def test_all_day_events_are_dates_with_an_exclusive_end():
    _, cals, _ = calendars()
    cal = primary(cals).id
    body = {"title": "Offsite", "start": {"date": "2026-03-10"}, "end": {"date": "2026-03-12"},
            "attendees": []}  # fmt: skip
    made = cals.create_event("gmail", cal, body)
    assert made.is_all_day
    assert event_fields(made)["start"] == {"date": "2026-03-10"}
    # a date is an instant only in a zone: the calendar's (Paris) midnight
    assert made.start.ms(cals_zone(cals)) == ms("2026-03-09T23:00:00Z")
    with pytest.raises(ApiError) as caught:
        cals.create_event("gmail", cal, {**body, "end": {"date": "2026-03-10"}})
    assert caught.value.detail.startswith("end:")


def cals_zone(cals):
    from zoneinfo import ZoneInfo

    return ZoneInfo(cals.time_zone)


def test_the_three_date_time_forms_name_the_same_instant():
    _, cals, _ = calendars()
    cal = primary(cals).id
    forms = ["2026-03-10T09:00:00+01:00", "2026-03-10T08:00:00.000Z", "2026-03-10T09:00:00"]
    starts = set()
    for text in forms:
        body = timed_body(text, "2026-03-10T11:00:00+01:00")
        event = cals.create_event("gmail", cal, body)
        starts.add(event_fields(event)["start"]["date_time"])
    assert starts == {"2026-03-10T09:00:00+01:00"}


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"end": {"date_time": "2026-03-10T08:00:00", "time_zone": "Europe/Paris"}}, 400, "end:"),
        (
            {"start": {"date_time": "2026-03-10T09:00:00", "time_zone": "Mars/Olympus"}},
            400,
            "start.time_zone:",
        ),
        ({"start": {"date_time": "2026-03-10T09:00:00"}}, 400, "start.time_zone:"),
        ({"start": {"date_time": "tomorrow", "time_zone": "UTC"}}, 400, "start.date_time:"),
        ({"end": {"date": "2026-03-11"}}, 400, "end:"),
        ({"recurrence": ["RRULE:FREQ=SOMETIMES"]}, 400, "recurrence[0]:"),
        ({"recurrence": ["FREQ=WEEKLY"]}, 400, "recurrence[0]:"),
        ({"recurrence": "RRULE:FREQ=DAILY"}, 400, "recurrence:"),
        ({"title": 42}, 400, "title:"),
        ({"attendees": "bob@acme.example"}, 400, "attendees:"),
        ({"attendees": [{"email": "not an address"}]}, 400, "attendees[0].email:"),
        ({"attendees": [{}]}, 400, "attendees[0].email:"),
        ({"transparency": "busy"}, 400, "transparency:"),
        ({"visibility": None}, 400, "visibility:"),
        ({"is_attendees_list_hidden": "yes"}, 400, "is_attendees_list_hidden:"),
        ({"conference": {"provider": "zoom"}}, 400, "conference.url:"),
        ({"conference": {"provider": "teams"}}, 400, "conference.url:"),
        ({"conference": {"url": "https://x.example"}}, 400, "conference.provider:"),
        ({"colour": "red"}, 400, "colour:"),
    ],
)
def test_a_refused_create_names_the_field_and_changes_nothing(change, status, field):
    _, cals, seen = calendars()
    cal = primary(cals).id
    before = cals.events("gmail", cal).items
    body = copy.deepcopy(MEETING)
    body.update(change)
    with pytest.raises(ApiError) as caught:
        cals.create_event("gmail", cal, body)
    assert caught.value.status == status
    assert caught.value.detail.startswith(field), caught.value.detail
    assert cals.events("gmail", cal).items == before
    assert not [e for e in seen if e.name.startswith("calendar_event")]


@pytest.mark.parametrize("missing", ["title", "start", "end", "attendees"])
def test_a_missing_required_field_is_named(missing):
    _, cals, _ = calendars()
    body = {k: v for k, v in MEETING.items() if k != missing}
    with pytest.raises(ApiError) as caught:
        cals.create_event("gmail", primary(cals).id, body)
    assert caught.value.error.type == "errors/missing_parameters"
    assert caught.value.detail.startswith(f"{missing}:")


def test_a_refused_update_changes_nothing():
    _, cals, seen = calendars()
    cal = primary(cals).id
    made = cals.create_event("gmail", cal, MEETING)
    with pytest.raises(ApiError) as caught:
        cals.update_event(
            "gmail", cal, made.id,
            {"title": "New", "end": {"date_time": "2026-03-10T07:59:00", "time_zone": "UTC"}},
        )  # fmt: skip
    assert caught.value.detail.startswith("end:")
    assert cals.event("gmail", cal, made.id) == made
    assert [e.name for e in seen if e.name.startswith("calendar")] == ["calendar_event_created"]


def test_the_shared_calendar_is_read_only():
    _, cals, _ = calendars()
    team = cals.calendars("gmail").items[2]
    listed = cals.events("gmail", team.id).items
    assert [e.title for e in listed] == ["Team sync"]
    for call in (
        lambda: cals.create_event("gmail", team.id, MEETING),
        lambda: cals.update_event("gmail", team.id, listed[0].id, {"title": "Mine"}),
        lambda: cals.delete_event("gmail", team.id, listed[0].id),
    ):
        with pytest.raises(ApiError) as caught:
            call()
        assert caught.value.status == 403 and caught.value.detail.startswith("calendar_id:")
    assert cals.events("gmail", team.id).items == listed


def test_a_conference_without_url_is_made_by_the_provider():
    _, cals, _ = calendars()
    meet = cals.create_event(
        "gmail", primary(cals).id, {**MEETING, "conference": {"provider": "google_meet"}}
    )
    assert meet.conference.url.startswith("https://meet.google.com/")
    assert len(meet.conference.url.rsplit("/", 1)[1]) == len("abc-defg-hij")
    teams = cals.create_event(
        "outlook", primary(cals, "outlook").id, {**MEETING, "conference": {"provider": "teams"}}
    )
    assert teams.conference.url.startswith("https://teams.microsoft.com/l/meetup-join/")
    given = cals.create_event(
        "gmail", primary(cals).id,
        {**MEETING, "conference": {"provider": "zoom", "url": "https://zoom.us/j/1"}},
    )  # fmt: skip
    assert event_fields(given)["conference"] == {"provider": "zoom", "url": "https://zoom.us/j/1"}


def test_attendees_start_unanswered_and_the_owner_is_the_organizer():
    _, cals, _ = calendars()
    body = {**MEETING, "attendees": [
        {"email": "bob@acme.example"}, {"email": "ME@gmail.com"}, {"email": "bob@ACME.example"},
    ]}  # fmt: skip
    made = cals.create_event("gmail", primary(cals).id, body)
    shown = event_fields(made)["attendees"]
    assert [(a["email"], a["is_organizer"], a["response_status"]) for a in shown] == [
        ("bob@acme.example", False, "noreply"),
        ("ME@gmail.com", True, "yes"),
    ]


def test_nobody_answers_by_default():
    world, cals, seen = calendars()
    body = {**MEETING, "attendees": [{"email": "bob@acme.example"}]}
    made = cals.create_event("gmail", primary(cals).id, body)
    world.advance_by(30 * 24 * 3600)
    assert cals.event("gmail", primary(cals).id, made.id).attendees[0].response_status == "noreply"
    assert [e.name for e in seen if e.name.startswith("calendar")] == ["calendar_event_created"]


def test_attendees_answer_on_the_clock():
    behaviour = CalendarBehaviour(accept=1.0, delay_ms=(60_000, 120_000))
    world, cals, seen = calendars(behaviour=behaviour)
    cal = primary(cals).id
    body = {**MEETING, "attendees": [{"email": "bob@acme.example"}, {"email": "eve@acme.example"}]}
    made = cals.create_event("gmail", cal, body)
    world.advance_by(59)
    assert {a.response_status for a in cals.event("gmail", cal, made.id).attendees} == {"noreply"}
    fired = world.advance_by(61)
    assert [f["kind"] for f in fired] == ["calendar_attendee_answer"] * 2
    answered = cals.event("gmail", cal, made.id)
    assert {a.response_status for a in answered.attendees} == {"yes"}
    updates = [e for e in seen if e.name == "calendar_event_updated"]
    assert len(updates) == 2
    assert updates[-1].data["attendees"][0]["response_status"] == "yes"
    assert answered.updated_ms > made.updated_ms


def test_answers_are_drawn_from_the_world_seed():
    def answers(seed):
        behaviour = CalendarBehaviour(accept=0.5, decline=0.3, tentative=0.1)
        world, cals, _ = calendars(seed=seed, behaviour=behaviour)
        emails = [{"email": f"p{n}@acme.example"} for n in range(12)]
        made = cals.create_event("gmail", primary(cals).id, {**MEETING, "attendees": emails})
        world.advance_by(3 * 24 * 3600)
        return [a.response_status for a in cals.event("gmail", primary(cals).id, made.id).attendees]

    assert answers(3) == answers(3)
    assert {"yes", "no"} <= set(answers(3))


def test_an_answer_is_refused_for_a_stranger_or_an_unknown_status():
    _, cals, _ = calendars()
    cal = primary(cals).id
    made = cals.create_event("gmail", cal, {**MEETING, "attendees": [{"email": "b@acme.example"}]})
    with pytest.raises(ApiError) as caught:
        cals.respond("gmail", cal, made.id, "x@acme.example", "yes")
    assert caught.value.detail.startswith("email:")
    with pytest.raises(ApiError) as caught:
        cals.respond("gmail", cal, made.id, "b@acme.example", "perhaps")
    assert caught.value.detail.startswith("response_status:")
    answered = cals.respond("gmail", cal, made.id, "B@acme.example", "maybe", "late")
    assert (answered.attendees[0].response_status, answered.attendees[0].comment) == (
        "maybe",
        "late",
    )


def test_an_update_keeps_the_answers_of_attendees_already_invited():
    _, cals, _ = calendars()
    cal = primary(cals).id
    made = cals.create_event("gmail", cal, {**MEETING, "attendees": [{"email": "b@acme.example"}]})
    cals.respond("gmail", cal, made.id, "b@acme.example", "yes")
    body = {"attendees": [{"email": "b@acme.example"}, {"email": "c@acme.example"}]}
    changed = cals.update_event("gmail", cal, made.id, body)
    assert [a.response_status for a in changed.attendees] == ["yes", "noreply"]


def test_same_seed_same_calls_same_ids_and_outputs():
    def run():
        world, cals, seen = calendars(seed=11)
        ids = [c.id for c in cals.calendars("outlook").items]
        cal = primary(cals, "outlook").id
        made = cals.create_event(
            "outlook", cal, {**MEETING, "recurrence": ["RRULE:FREQ=DAILY;COUNT=3"],
                             "conference": {"provider": "teams"}}
        )  # fmt: skip
        query = EventQuery(expand_recurring=True)
        listed = [event_fields(e) for e in cals.events("outlook", cal, query).items]
        return ids, made.id, made.ical_uid, listed, [e.data for e in seen]

    assert run() == run()
    _, other_cals, _ = calendars(seed=12)
    assert [c.id for c in other_cals.calendars("outlook").items] != run()[0]


def test_a_deleted_account_takes_its_calendars_with_it():
    world, cals, _ = calendars()
    made = cals.create_event("gmail", primary(cals).id, MEETING)
    world.accounts.delete("gmail")
    assert made.id not in cals._events
    with pytest.raises(ApiError) as caught:
        cals.calendars("gmail")
    assert caught.value.status == 404


def test_paging_arguments_are_checked():
    _, cals, _ = calendars()
    with pytest.raises(ApiError) as caught:
        cals.events("gmail", primary(cals).id, limit=0)
    assert caught.value.detail.startswith("limit:")
    with pytest.raises(ApiError) as caught:
        cals.calendars("gmail", offset=-1)
    assert caught.value.detail.startswith("offset:")


def test_a_window_ending_before_it_starts_is_refused():
    with pytest.raises(ApiError) as caught:
        EventQuery(start_ms=ms("2026-03-10T00:00:00Z"), end_ms=ms("2026-03-09T00:00:00Z"))
    assert caught.value.detail.startswith("end:")
