"""meeting-booking: the prospect says yes in the LinkedIn chat, the product books the meeting in
the rep's Google calendar, the prospect accepts on the clock, then asks to move it and the
product reschedules it; his answer is kept."""

from tests.scenarios.conftest import HOUR, advance, kinds

SCENARIO = "meeting-booking"
GMAIL, CHAT = "rep-gmail", "rep-omar"
PRIMARY = "rosa.diaz@gmail.com"
OMAR = "omar.haddad@fourthcoffee.example"


def last_message(sim) -> str:
    messages = sim.get(f"/api/v1/chats/{CHAT}/messages", params={"limit": 1}).json()["items"]
    return messages[0]["text"]


def event(sim, event_id: str) -> dict:
    response = sim.get(f"/api/v1/calendars/{PRIMARY}/events/{event_id}", params={"account_id": GMAIL})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_prospect_replies_the_meeting_is_booked_accepted_and_rescheduled(sim):
    calendars = sim.get("/api/v1/calendars", params={"account_id": GMAIL}).json()["data"]
    assert (calendars[0]["id"], calendars[0]["timezone"]) == (PRIMARY, "Europe/Paris")
    # The series the timeline seeds at +0m is made when the clock first moves.
    assert kinds(advance(sim, HOUR)) == ["timeline.calendar_event", "timeline.message"]
    assert "Thursday afternoon works" in last_message(sim)

    booked = sim.post(f"/api/v1/calendars/{PRIMARY}/events", params={"account_id": GMAIL}, json={
        "title": "Rosa / Omar: intro call",
        "start": {"date_time": "2026-03-26T15:00:00", "time_zone": "Europe/Paris"},
        "end": {"date_time": "2026-03-26T15:30:00", "time_zone": "Europe/Paris"},
        "attendees": [{"email": OMAR, "display_name": "Omar Haddad"}],
        "conference": {"provider": "google_meet"},
    })  # fmt: skip
    assert booked.status_code == 201, booked.text
    event_id = booked.json()["event_id"]
    made = event(sim, event_id)
    assert made["conference"]["url"].startswith("https://meet.google.com/")
    assert made["attendees"][0]["response_status"] == "noreply"

    assert kinds(advance(sim, 2 * HOUR)) == ["calendar_attendee_answer"]
    assert event(sim, event_id)["attendees"][0]["response_status"] == "yes"

    assert kinds(advance(sim, 22 * HOUR)) == ["timeline.message"]
    assert "Friday 11am" in last_message(sim)
    moved = sim.patch(f"/api/v1/calendars/{PRIMARY}/events/{event_id}", params={"account_id": GMAIL}, json={
        "start": {"date_time": "2026-03-27T11:00:00", "time_zone": "Europe/Paris"},
        "end": {"date_time": "2026-03-27T11:30:00", "time_zone": "Europe/Paris"},
    })  # fmt: skip
    assert moved.status_code == 200, moved.text
    now = event(sim, event_id)
    assert now["start"]["date_time"] == "2026-03-27T11:00:00+01:00"
    assert now["attendees"][0]["response_status"] == "yes"  # an answer survives a reschedule

    week = sim.get(f"/api/v1/calendars/{PRIMARY}/events", params={
        "account_id": GMAIL, "expand_recurring": "true", "start": "2026-03-23", "end": "2026-04-04",
    }).json()["data"]  # fmt: skip
    assert [(e["title"], e["start"]["date_time"]) for e in week] == [
        ("Pipeline review", "2026-03-23T17:00:00+01:00"),
        ("Rosa / Omar: intro call", "2026-03-27T11:00:00+01:00"),
        ("Pipeline review", "2026-03-30T17:00:00+02:00"),  # after the DST change, still 17:00
    ]
