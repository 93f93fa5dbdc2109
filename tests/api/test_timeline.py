"""Scenario timelines and fault rules, played on the world's clock."""

import pytest

from simulator.scenario.loader import ScenarioError, parse_scenario_text
from tests.api.conftest import assert_envelope

SCENARIO = {
    "name": "bad-day",
    "accounts": [
        {"id": "li-main", "provider": "LINKEDIN", "plan": "premium"},
        {"id": "wa", "provider": "WHATSAPP"},
    ],
    "people": {"listed": [{"first_name": "Jane", "last_name": "Doe", "public_identifier": "jane-doe", "distance": "SECOND_DEGREE"}]},
    "faults": [
        {"match": {"method": "GET", "path": "/api/v1/accounts/{account_id}"},
         "respond": {"status": 503, "type": "errors/service_unavailable"}, "window": {"start": "+1d"}},
    ],
    "timeline": [
        {"at": "+2h", "account_status": {"account": "li-main", "status": "CREDENTIALS"}},
        {"at": "+30m", "plan": {"account": "li-main", "plan": "sales_navigator"}},
        {"at": "+1h", "invitation": {"account": "li-main", "person": "jane-doe", "message": "Hi"}},
        {"at": "+3h", "fault": {"duration": "1h", "rule": {
            "match": {"path": "/api/v1/accounts"}, "respond": {"status": 429, "type": "errors/too_many_requests"}}}},
    ],
}


@pytest.fixture
def world_key(client):
    response = client.post("/_sim/tenants", json={"scenario": SCENARIO})
    assert response.status_code == 201, response.text
    key = response.json()["api_key"]
    client.headers["X-API-KEY"] = key
    return key


def test_timeline_fires_in_time_order_through_the_event_queue(client, world_key):
    assert client.get("/_sim/clock").json()["pending_events"] == 4
    fired = client.post("/_sim/clock/advance", json={"seconds": 5 * 3600}).json()["fired"]
    kinds = [(event["at"][11:16], event["kind"]) for event in fired if event["kind"].startswith("timeline")]
    assert kinds == [
        ("09:30", "timeline.plan"),
        ("10:00", "timeline.invitation"),
        ("11:00", "timeline.account_status"),
        ("12:00", "timeline.fault_opened"),
        ("13:00", "timeline.fault_closed"),
    ]


def test_each_action_changes_the_world(client, world_key):
    client.post("/_sim/clock/advance", json={"seconds": 90 * 60})
    account = client.get("/api/v1/accounts/li-main").json()
    assert account["connection_params"]["im"]["premiumFeatures"] == ["premium", "sales_navigator"]
    received = client.get("/api/v1/users/invite/received", params={"account_id": "li-main"}).json()["items"]
    assert [item["invitation_text"] for item in received] == ["Hi"]
    client.post("/_sim/clock/advance", json={"seconds": 3600})
    assert client.get("/api/v1/accounts/li-main").json()["sources"][0]["status"] == "CREDENTIALS"


def test_fault_window_opens_and_closes(client, world_key):
    client.post("/_sim/clock/advance", json={"seconds": 3 * 3600})
    assert_envelope(client.get("/api/v1/accounts"), 429, "errors/too_many_requests")
    client.post("/_sim/clock/advance", json={"seconds": 3600})
    assert client.get("/api/v1/accounts").status_code == 200


def test_scenario_faults_are_installed_with_relative_windows(client, world_key):
    rules = client.get("/_sim/faults").json()["items"]
    assert [(rule["origin"], rule["window"]["start"]) for rule in rules] == [("scenario", "2026-01-06T09:00:00.000Z")]
    assert client.get("/api/v1/accounts/wa").status_code == 200
    client.post("/_sim/clock/advance", json={"seconds": 86400})
    assert_envelope(client.get("/api/v1/accounts/wa"), 503, "errors/service_unavailable")


def test_reset_replays_the_timeline_from_the_start(client, world_key):
    client.post("/_sim/clock/advance", json={"seconds": 5 * 3600})
    client.post("/_sim/reset")
    assert client.get("/_sim/clock").json()["pending_events"] == 4
    assert client.get("/api/v1/accounts/li-main").json()["sources"][0]["status"] == "OK"


def test_an_entry_that_no_longer_applies_is_skipped_not_a_crash(client, world_key):
    client.delete("/api/v1/accounts/li-main")
    fired = client.post("/_sim/clock/advance", json={"seconds": 3 * 3600}).json()["fired"]
    skipped = [event for event in fired if "skipped" in event]
    assert {event["kind"] for event in skipped} == {"timeline.plan", "timeline.invitation", "timeline.account_status"}
    assert all("errors/resource_not_found" in event["skipped"] for event in skipped)


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("name: t\ntimeline:\n  - at: +2h\n    account_status: {account: ghost, status: OK}\n",
         "t.yaml:4: timeline.0.account_status.account: no account has the id 'ghost'"),
        ("name: t\ntimeline:\n  - at: in two hours\n    plan: {account: a, plan: free}\n",
         "t.yaml:3: timeline.0.at: String should match pattern"),
        ("name: t\naccounts: [{id: a, provider: LINKEDIN}]\ntimeline:\n  - at: +1h\n",
         "t.yaml:4: timeline.0: give exactly one of account_status, plan, invitation, message, email, fault"),
        ("name: t\naccounts: [{id: a, provider: LINKEDIN}]\ntimeline:\n  - at: +1h\n"
         "    email: {account: a, from: kim@acme.example, body: hi}\n",
         "timeline.0.email.account: 'a' is a LINKEDIN account, not an email account"),
        ("name: t\naccounts: [{id: m, provider: MAIL}]\ntimeline:\n  - at: +1h\n"
         "    email: {account: m, from: kim, body: hi}\n",
         "from: 'kim' is not an email address"),
        ("name: t\nfaults:\n  - respond: {status: 429, type: errors/nope}\n",
         "t.yaml:3: faults.0"),
    ],
)
def test_bad_timelines_name_file_line_key_and_reason(yaml_text, message):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_text(yaml_text, "t.yaml")
    assert message in str(caught.value)
