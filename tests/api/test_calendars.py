"""Calendars over HTTP (reference part 2 §5), in strict mode: every answer is checked against
contracts/. The default world's Gmail account has three calendars (primary, Projects, a
read-only Team calendar with a weekly series); other worlds are made inline for behaviours,
zones and Outlook."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.testing import SimulatorServer
from tests.api.conftest import assert_envelope
from tests.api.receiver import Receiver, wait_until

GMAIL = "KnNOm7UPJ_cYgisSAsm4yA"  # the default world's GOOGLE_OAUTH account
PRIMARY = "janetwatson@gmail.com"
LINKEDIN = "pd4XTSp1_e7ME6t9hf3Kqg"
API = "/api/v1"


def timed(start: str, end: str, zone: str = "Europe/Paris", **more: Any) -> dict[str, Any]:
    return {
        "title": more.pop("title", "Intro call"),
        "start": {"date_time": start, "time_zone": zone},
        "end": {"date_time": end, "time_zone": zone},
        "attendees": more.pop("attendees", []),
        **more,
    }


def calendars_of(client, account_id: str = GMAIL, prefix: str = API) -> list[dict[str, Any]]:
    response = client.get(f"{prefix}/calendars", params={"account_id": account_id})
    assert response.status_code == 200, response.text
    return response.json()["data"]


def create(client, body: dict[str, Any], calendar: str = PRIMARY, account: str = GMAIL) -> str:
    response = client.post(
        f"{API}/calendars/{calendar}/events", params={"account_id": account}, json=body
    )
    assert response.status_code == 201, response.text
    assert response.json()["object"] == "CalendarEventCreated"
    return response.json()["event_id"]


def events(client, calendar: str = PRIMARY, account: str = GMAIL, **params: Any) -> dict:
    response = client.get(
        f"{API}/calendars/{calendar}/events", params={"account_id": account, **params}
    )
    assert response.status_code == 200, response.text
    return response.json()


def get_event(client, event_id: str, calendar: str = PRIMARY, account: str = GMAIL):
    return client.get(f"{API}/calendars/{calendar}/events/{event_id}", params={"account_id": account})


def new_world(client, scenario: dict[str, Any]) -> str:
    made = client.post("/_sim/tenants", json={"scenario": scenario})
    assert made.status_code == 201, made.text
    return made.json()["api_key"]


def two_provider_world(client, **behaviours: Any) -> None:
    """The client now acts in a world with a Gmail (`gmail`) and an Outlook (`outlook`) account."""
    client.headers["X-API-KEY"] = new_world(client, {
        "name": "calendars", "seed": 3, "clock": {"start": "2026-03-02T08:00:00Z"},
        "accounts": [
            {"id": "gmail", "provider": "GOOGLE_OAUTH", "email": "me@gmail.com", "name": "Me"},
            {"id": "outlook", "provider": "OUTLOOK", "email": "me@outlook.com", "name": "Me"},
        ],
        "behaviours": {"calendar": behaviours} if behaviours else {},
    })  # fmt: skip


# -- calendars ---------------------------------------------------------------------------------


def test_an_account_has_its_primary_a_secondary_and_a_read_only_calendar(client):
    listed = calendars_of(client)
    assert [(c["id"] == PRIMARY, c["name"], c["is_read_only"], c["is_default"]) for c in listed] == [
        (True, PRIMARY, False, True), (False, "Projects", False, False), (False, "Team", True, False),
    ]  # fmt: skip
    one = client.get(f"{API}/calendars/{PRIMARY}", params={"account_id": GMAIL})
    assert one.status_code == 200 and one.json() == listed[0]


def test_calendars_page_by_cursor_and_by_offset(client):
    first = client.get(f"{API}/calendars", params={"account_id": GMAIL, "limit": 2}).json()
    assert len(first["data"]) == 2 and first["next_cursor"]
    rest = client.get(f"{API}/calendars", params={"account_id": GMAIL, "cursor": first["next_cursor"]})
    assert [c["name"] for c in rest.json()["data"]] == ["Team"] and "next_cursor" not in rest.json()
    by_offset = client.get(f"{API}/calendars", params={"account_id": GMAIL, "offset": 2, "limit": 2})
    assert by_offset.json()["data"] == rest.json()["data"]


def test_a_foreign_cursor_is_a_400_naming_cursor(client):
    page = events(client, calendars_of(client)[2]["id"], limit=1, expand_recurring="true")
    other = client.get(f"{API}/calendars", params={"account_id": GMAIL, "cursor": page["next_cursor"]})
    assert_envelope(other, 400, "errors/invalid_parameters", "cursor:")


def test_a_non_calendar_account_is_a_501_naming_account_id(client):
    for path in ("/calendars", f"/calendars/{PRIMARY}", f"/calendars/{PRIMARY}/events"):
        response = client.get(API + path, params={"account_id": LINKEDIN})
        assert_envelope(response, 501, "errors/feature_not_implemented", "account_id:")
    refused = client.post(
        f"{API}/calendars/{PRIMARY}/events", params={"account_id": LINKEDIN},
        json=timed("2026-01-07T10:00:00", "2026-01-07T11:00:00"),
    )  # fmt: skip
    assert_envelope(refused, 501, "errors/feature_not_implemented", "Calender provider not supported")


def test_an_unknown_calendar_or_event_is_a_404(client):
    missing = client.get(f"{API}/calendars/nobody@gmail.com", params={"account_id": GMAIL})
    assert_envelope(missing, 404, "errors/resource_not_found", "calendar_id:")
    assert_envelope(get_event(client, "nope"), 404, "errors/resource_not_found", "event_id:")


# -- events: create, read, update, delete -------------------------------------------------------


def test_an_event_is_created_read_updated_and_deleted(client):
    event_id = create(client, timed(
        "2026-01-07T10:00:00", "2026-01-07T10:30:00", location="Paris",
        attendees=[{"email": "kim@acme.example", "display_name": "Kim Lee"}, {"email": PRIMARY}],
    ))  # fmt: skip
    event = get_event(client, event_id).json()
    assert event["start"] == {"date_time": "2026-01-07T10:00:00+01:00", "time_zone": "Europe/Paris"}
    assert [(a["email"], a["is_organizer"], a["response_status"]) for a in event["attendees"]] == [
        ("kim@acme.example", False, "noreply"), (PRIMARY, True, "yes"),
    ]  # fmt: skip
    assert event["organizer"]["email"] == PRIMARY and event["created_at"] == "2026-01-05T09:00:00.000Z"

    client.post("/_sim/clock/advance", json={"seconds": 60})
    changed = client.patch(
        f"{API}/calendars/{PRIMARY}/events/{event_id}", params={"account_id": GMAIL},
        json={"title": "Intro call (moved)", "start": {"date_time": "2026-01-08T15:00:00Z",
              "time_zone": "Europe/Paris"}, "end": {"date_time": "2026-01-08T15:30:00Z",
              "time_zone": "Europe/Paris"}},
    )  # fmt: skip
    assert changed.status_code == 200 and changed.json() == {"object": "CalendarEventUpdated"}
    event = get_event(client, event_id).json()
    assert (event["title"], event["location"]) == ("Intro call (moved)", "Paris")
    assert event["start"]["date_time"] == "2026-01-08T16:00:00+01:00"
    assert event["updated_at"] == "2026-01-05T09:01:00.000Z"

    gone = client.delete(f"{API}/calendars/{PRIMARY}/events/{event_id}", params={"account_id": GMAIL})
    assert gone.status_code == 200 and gone.json() == {"object": "CalendarEventDeleted"}
    assert_envelope(get_event(client, event_id), 404, "errors/resource_not_found")
    assert events(client)["data"] == []


def test_an_all_day_event_ends_on_the_next_date(client):
    event_id = create(client, {
        "title": "Offsite", "start": {"date": "2026-01-20"}, "end": {"date": "2026-01-21"},
        "attendees": [], "transparency": "transparent",
    })  # fmt: skip
    event = get_event(client, event_id).json()
    assert (event["is_all_day"], event["start"], event["end"]) == (
        True, {"date": "2026-01-20"}, {"date": "2026-01-21"},
    )  # fmt: skip
    assert [e["id"] for e in events(client, start="2026-01-20", end="2026-01-21")["data"]] == [event_id]
    assert events(client, start="2026-01-21T00:00:00Z")["data"] == []
    assert events(client, busy="true")["data"] == []


def test_a_conference_is_made_up_per_provider(client):
    two_provider_world(client)
    body = timed("2026-03-03T10:00:00", "2026-03-03T10:30:00", conference={"provider": "google_meet"})
    google = get_event(client, create(client, body, "me@gmail.com", "gmail"), "me@gmail.com", "gmail")
    assert google.json()["conference"]["url"].startswith("https://meet.google.com/")
    outlook_calendar = calendars_of(client, "outlook")[0]["id"]
    teams = {**body, "conference": {"provider": "teams"}}
    made = create(client, teams, outlook_calendar, "outlook")
    url = get_event(client, made, outlook_calendar, "outlook").json()["conference"]["url"]
    assert url.startswith("https://teams.microsoft.com/l/meetup-join/")
    zoom = client.post(
        f"{API}/calendars/{outlook_calendar}/events", params={"account_id": "outlook"},
        json={**body, "conference": {"provider": "zoom"}},
    )  # fmt: skip
    assert_envelope(zoom, 400, "errors/invalid_parameters", "conference.url:")
    given = {**body, "conference": {"provider": "zoom", "url": "https://zoom.us/j/123"}}
    made = create(client, given, outlook_calendar, "outlook")
    found = get_event(client, made, outlook_calendar, "outlook").json()["conference"]
    assert found == {"provider": "zoom", "url": "https://zoom.us/j/123"}


# -- listing ----------------------------------------------------------------------------------


def test_filters_and_both_paging_forms(client):
    ids = [
        create(client, timed(f"2026-01-{day:02d}T10:00:00", f"2026-01-{day:02d}T11:00:00",
                             title=title, location=place, attendees=[{"email": who}]))
        for day, title, place, who in (
            (12, "Demo Acme", "Paris", "kim@acme.example"),
            (13, "Lunch", "Lyon", "lee@globex.example"),
            (14, "Demo Globex", "Paris", "lee@globex.example"),
        )
    ]  # fmt: skip
    titles = lambda page: [e["title"] for e in page["data"]]  # noqa: E731
    assert titles(events(client, title="demo")) == ["Demo Acme", "Demo Globex"]
    assert titles(events(client, location="lyon")) == ["Lunch"]
    assert titles(events(client, attendees="LEE@globex.example")) == ["Lunch", "Demo Globex"]
    assert titles(events(client, start="2026-01-13T00:00:00Z", end="2026-01-14")) == ["Lunch"]
    assert titles(events(client, ical_uid=f"{ids[0]}@google.com")) == ["Demo Acme"]

    first = events(client, limit=2)
    assert titles(first) == ["Demo Acme", "Lunch"]
    assert titles(events(client, cursor=first["next_cursor"])) == ["Demo Globex"]
    assert titles(events(client, offset=1, limit=1)) == ["Lunch"]
    with_filters = events(client, title="demo", limit=1)
    assert titles(with_filters) == ["Demo Acme"]
    followed = events(client, title="demo", cursor=with_filters["next_cursor"])
    assert titles(followed) == ["Demo Globex"] and "next_cursor" not in followed
    other = client.get(f"{API}/calendars/{PRIMARY}/events",
                       params={"account_id": GMAIL, "cursor": with_filters["next_cursor"], "title": "x"})
    assert_envelope(other, 400, "errors/invalid_parameters", "cursor:")
    both = client.get(f"{API}/calendars/{PRIMARY}/events",
                      params={"account_id": GMAIL, "cursor": first["next_cursor"], "offset": 1})
    assert_envelope(both, 400, "errors/invalid_parameters", "offset:")


def test_a_weekly_series_expands_in_a_window_and_its_occurrences_change_alone(client):
    team = calendars_of(client)[2]["id"]
    masters = events(client, team)["data"]
    assert [(e["title"], e["recurrence"]) for e in masters] == [("Team sync", ["RRULE:FREQ=WEEKLY;BYDAY=MO"])]
    window = events(client, team, expand_recurring="true", start="2027-03-01", end="2027-03-29")
    assert [e["start"]["date_time"] for e in window["data"]] == [
        "2027-03-01T10:00:00+00:00", "2027-03-08T10:00:00+00:00", "2027-03-15T10:00:00+00:00",
        "2027-03-22T10:00:00+00:00",
    ]  # fmt: skip
    assert {e["master_event_id"] for e in window["data"]} == {masters[0]["id"]}

    series = create(client, timed("2026-01-06T09:00:00", "2026-01-06T09:30:00", title="Standup",
                                  recurrence=["RRULE:FREQ=DAILY;COUNT=5"]))  # fmt: skip
    listed = events(client, expand_recurring="true")["data"]
    assert [e["id"] for e in listed] == [f"{series}_202601{d:02d}T080000Z" for d in range(6, 11)]
    moved, cancelled = listed[1]["id"], listed[2]["id"]
    response = client.patch(f"{API}/calendars/{PRIMARY}/events/{moved}", params={"account_id": GMAIL},
                            json={"title": "Standup (late)"})
    assert response.status_code == 200, response.text
    client.delete(f"{API}/calendars/{PRIMARY}/events/{cancelled}", params={"account_id": GMAIL})
    after = events(client, expand_recurring="true")["data"]
    assert [e["title"] for e in after] == ["Standup", "Standup (late)", "Standup", "Standup"]
    assert [e["id"] for e in events(client, expand_recurring="true", is_cancelled="true")["data"]] == [
        cancelled
    ]
    assert get_event(client, series).json()["title"] == "Standup"


def test_a_weekly_series_keeps_its_local_hour_across_the_dst_change(client):
    create(client, timed("2026-03-16T09:00:00", "2026-03-16T10:00:00", title="Review",
                         recurrence=["RRULE:FREQ=WEEKLY;COUNT=4"]))  # fmt: skip
    listed = events(client, expand_recurring="true", start="2026-03-01T00:00:00Z")["data"]
    assert [e["start"]["date_time"] for e in listed] == [
        "2026-03-16T09:00:00+01:00", "2026-03-23T09:00:00+01:00",
        "2026-03-30T09:00:00+02:00", "2026-04-06T09:00:00+02:00",
    ]  # fmt: skip
    assert [e["id"].rsplit("_", 1)[1] for e in listed] == [
        "20260316T080000Z", "20260323T080000Z", "20260330T070000Z", "20260406T070000Z",
    ]  # fmt: skip


# -- attendees on the clock, webhooks ------------------------------------------------------------


def test_attendees_answer_on_the_clock_as_the_behaviour_says(client):
    two_provider_world(client, accept=1.0, delay={"min": "10m", "max": "1h"})
    event_id = create(client, timed("2026-03-04T10:00:00", "2026-03-04T11:00:00",
                                    attendees=[{"email": "kim@acme.example"}]),
                      "me@gmail.com", "gmail")  # fmt: skip
    status = lambda: get_event(client, event_id, "me@gmail.com", "gmail").json()["attendees"][0][  # noqa: E731
        "response_status"
    ]
    assert status() == "noreply"
    fired = client.post("/_sim/clock/advance", json={"seconds": 3600}).json()["fired"]
    assert [f["kind"] for f in fired] == ["calendar_attendee_answer"]
    assert status() == "yes"


def test_calendar_webhooks_are_delivered():
    with SimulatorServer(strict=True) as sim, Receiver() as receiver:
        world = sim.new_world("default")
        hook = world.request("POST", "/webhooks", headers=world.headers, json={
            "request_url": receiver.url, "source": "calendar_event", "name": "calendar",
        })  # fmt: skip
        assert hook.status_code == 201, hook.text
        made = world.request(
            "POST", f"/calendars/{PRIMARY}/events", headers=world.headers,
            params={"account_id": GMAIL}, json=timed("2026-01-07T10:00:00", "2026-01-07T10:30:00"),
        )  # fmt: skip
        event_id = made.json()["event_id"]
        path = f"/calendars/{PRIMARY}/events/{event_id}"
        world.request("PATCH", path, headers=world.headers, params={"account_id": GMAIL},
                      json={"title": "Renamed"})
        world.request("DELETE", path, headers=world.headers, params={"account_id": GMAIL})
        wait_until(lambda: len(receiver.received) == 3, timeout_s=10, what="3 deliveries")
        bodies = [request.json() for request in receiver.received]
        assert [(b["event"], b["id"], b["title"], b["is_cancelled"]) for b in bodies] == [
            ("calendar_event_created", event_id, "Intro call", False),
            ("calendar_event_updated", event_id, "Renamed", False),
            ("calendar_event_deleted", event_id, "Renamed", True),
        ]
        assert all((b["webhook_name"], b["account_id"]) == ("calendar", GMAIL) for b in bodies)
        world.drop()


# -- refusals: each a documented 4xx naming the field, nothing changed --------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (timed("2026-01-07T11:00:00", "2026-01-07T10:00:00"), "end:"),
        (timed("2026-01-07T10:00:00", "2026-01-07T11:00:00", zone="Mars/Olympus"), "start.time_zone:"),
        (timed("2026-01-07T10:00:00", "2026-01-07T11:00:00", recurrence=["RRULE:FREQ=SOMETIMES"]),
         "recurrence[0]:"),
        ({**timed("2026-01-07T10:00:00", "2026-01-07T11:00:00"), "title": 5}, "title:"),
        ({**timed("2026-01-07T10:00:00", "2026-01-07T11:00:00"), "attendees": "kim"}, "attendees:"),
        ({"title": "x", "start": {"date": "2026-01-07"}, "end": {"date": "2026-01-07"},
          "attendees": []}, "end:"),
        ({**timed("2026-01-07T10:00:00", "2026-01-07T11:00:00"), "colour": "red"}, "colour:"),
    ],
)  # fmt: skip
def test_a_bad_event_is_a_400_naming_its_field_and_changes_nothing(client, body, field):
    response = client.post(f"{API}/calendars/{PRIMARY}/events", params={"account_id": GMAIL}, json=body)
    assert_envelope(response, 400, "errors/invalid_parameters", field)
    assert events(client)["data"] == []


def test_a_bad_update_changes_nothing(client):
    event_id = create(client, timed("2026-01-07T10:00:00", "2026-01-07T11:00:00"))
    before = get_event(client, event_id).json()
    refused = client.patch(
        f"{API}/calendars/{PRIMARY}/events/{event_id}", params={"account_id": GMAIL},
        json={"title": "New", "end": {"date_time": "2026-01-07T09:00:00", "time_zone": "Europe/Paris"}},
    )  # fmt: skip
    assert_envelope(refused, 400, "errors/invalid_parameters", "end:")
    assert get_event(client, event_id).json() == before


def test_malformed_bodies_and_queries_are_400s(client):
    url = f"{API}/calendars/{PRIMARY}/events"
    not_json = client.post(url, params={"account_id": GMAIL}, content=b"{nope")
    assert_envelope(not_json, 400, "errors/invalid_parameters", "body:")
    array = client.post(url, params={"account_id": GMAIL}, json=[1])
    assert_envelope(array, 400, "errors/invalid_parameters", "body:")
    missing = client.post(url, params={"account_id": GMAIL}, json={"title": "x"})
    assert_envelope(missing, 400, "errors/missing_parameters", "start:")
    for params, field in (({"busy": "yes"}, "busy:"), ({"start": "soon"}, "start:"),
                          ({"start": "2026-02-01", "end": "2026-01-01"}, "end:"),
                          ({"colour": "red"}, "colour:"), ({}, "account_id:")):  # fmt: skip
        query = params if field == "account_id:" else {"account_id": GMAIL, **params}
        response = client.get(url, params=query)
        assert response.status_code == 400 and field in response.json()["detail"], response.text
    assert events(client)["data"] == []


def test_a_read_only_calendar_refuses_writes_with_a_403_naming_calendar_id(client):
    team = calendars_of(client)[2]["id"]
    master = events(client, team)["data"][0]
    body = timed("2026-01-07T10:00:00", "2026-01-07T11:00:00")
    refused = client.post(f"{API}/calendars/{team}/events", params={"account_id": GMAIL}, json=body)
    assert_envelope(refused, 403, "errors/insufficient_permissions", "calendar_id:")
    path = f"{API}/calendars/{team}/events/{master['id']}"
    patched = client.patch(path, params={"account_id": GMAIL}, json={"title": "Mine now"})
    assert_envelope(patched, 403, "errors/insufficient_permissions", "calendar_id:")
    deleted = client.delete(path, params={"account_id": GMAIL})
    assert_envelope(deleted, 403, "errors/insufficient_permissions", "calendar_id:")
    assert events(client, team)["data"] == [master]


def test_an_event_of_another_calendar_is_a_404(client):
    event_id = create(client, timed("2026-01-07T10:00:00", "2026-01-07T11:00:00"))
    projects = calendars_of(client)[1]["id"]
    assert_envelope(get_event(client, event_id, projects), 404, "errors/resource_not_found")


# -- the Postpress dialect -------------------------------------------------------------------------


def test_the_postpress_dialect_serves_the_same_calendars(client):
    listed = calendars_of(client, prefix="/v1")
    assert listed == calendars_of(client)
    made = client.post(f"/v1/calendars/{PRIMARY}/events", params={"account_id": GMAIL},
                       json=timed("2026-01-07T10:00:00", "2026-01-07T11:00:00"))
    assert made.status_code == 201, made.text
    assert get_event(client, made.json()["event_id"]).status_code == 200
