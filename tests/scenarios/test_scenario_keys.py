"""Scenario keys added with the library: `webhooks`, `chaos`, and unquoted ISO instants."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from simulator.scenario.loader import ScenarioError, parse_scenario_text
from tests.scenarios.conftest import kinds

WEBHOOKS = """\
name: hooks
accounts: [{id: li, provider: LINKEDIN}]
webhooks:
  - request_url: https://crm.example.test/unipile
    source: accounts
    events: [credentials]
    headers: [{key: X-Secret, value: s3cr3t}]
    name: crm
  - request_url: http://127.0.0.1:9/relations
    source: users
"""


def world_of(text: str, client: TestClient) -> str:
    loaded = parse_scenario_text(text, "inline.yaml")
    made = client.post("/_sim/tenants", json={"scenario": loaded.scenario.model_dump(mode="json", exclude_unset=True)})
    assert made.status_code == 201, made.text
    return made.json()["api_key"]


@pytest.fixture
def client():
    with TestClient(build_app(Settings(scenarios=["empty"], strict=True))) as test_client:
        yield test_client


def test_webhooks_are_made_with_the_world_as_if_by_the_api(client):
    key = world_of(WEBHOOKS, client)
    client.headers["X-API-KEY"] = key
    hooks = client.get("/api/v1/webhooks").json()["items"]
    assert [(h.get("name"), h["request_url"], h["events"], h["headers"]) for h in hooks] == [
        ("crm", "https://crm.example.test/unipile", ["credentials"], [{"key": "X-Secret", "value": "s3cr3t"}]),
        (None, "http://127.0.0.1:9/relations", ["new_relation"], []),  # the source's defaults
    ]
    ids = [h["id"] for h in hooks]
    client.delete(f"/api/v1/webhooks/{ids[0]}")
    client.post("/_sim/reset")  # back as the scenario says, with the same ids
    assert [h["id"] for h in client.get("/api/v1/webhooks").json()["items"]] == ids


@pytest.mark.parametrize(
    ("webhook", "message"),
    [
        ("{request_url: 'ftp://x.test/h', source: users}", "webhooks.0.request_url: String should match pattern"),
        ("{request_url: 'http://x.test/h', source: calendar}", "webhooks.0.source: Input should be"),
        ("{request_url: 'http://x.test/h', source: users, events: [new_relation, message_received]}",
         "webhooks.0.events.1: 'message_received' is not an event of source users (one of new_relation)"),
        ("{request_url: 'http://x.test/h', source: users, events: []}", "webhooks.0.events: List should have at least 1 item"),
        ("{request_url: 'http://x.test/h', source: users, headers: [{key: 'bad key', value: v}]}",
         "webhooks.0.headers.0.key: String should match pattern"),
        ("{request_url: 'http://x.test/h', source: users, secret: x}", "webhooks.0.secret: unknown key"),
    ],
)
def test_bad_webhooks_name_the_line_key_and_reason(webhook, message):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_text(f"name: t\nwebhooks:\n  - {webhook}\n", "t.yaml")
    assert f"t.yaml:3: {message}" in str(caught.value)


def test_chaos_key_turns_chaos_mode_on_from_the_start(client):
    key = world_of("name: noisy\nchaos: {fraction: 0.5}\n", client)
    state = client.get("/_sim/chaos", headers={"X-API-KEY": key}).json()
    assert (state["enabled"], state["fraction"], state["statuses"]) == (True, 0.5, [429, 500, 503, 504])


@pytest.mark.parametrize(
    ("chaos", "message"),
    [
        ("{fraction: 0}", "chaos.fraction: Input should be greater than 0"),
        ("{fraction: 0.2, statuses: [404]}", "chaos.statuses.0: Input should be 408, 425, 429, 500, 502, 503 or 504"),
        ("{fraction: 0.2, statuses: []}", "chaos.statuses: List should have at least 1 item"),
        ("{statuses: [429]}", "chaos.fraction: Field required"),
    ],
)
def test_bad_chaos_names_the_key_and_reason(chaos, message):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_text(f"name: t\nchaos: {chaos}\n", "t.yaml")
    assert f"t.yaml:2: {message}" in str(caught.value)


UNQUOTED_INSTANTS = """\
name: instants
clock: {start: 2026-01-05T09:00:00Z}
accounts: [{id: li, provider: LINKEDIN, plan: free}]
timeline:
  - at: 2026-01-06T09:00:00Z
    plan: {account: li, plan: premium}
faults:
  - match: {path: /api/v1/accounts}
    respond: {status: 503, type: errors/service_unavailable}
    window: {start: 2026-01-05T10:00:00Z, end: 2026-01-05T10:30:00}
"""


def test_unquoted_iso_instants_in_yaml_are_instants(client):
    key = world_of(UNQUOTED_INSTANTS, client)
    client.headers["X-API-KEY"] = key
    [rule] = client.get("/_sim/faults").json()["items"]
    assert rule["window"] == {"start": "2026-01-05T10:00:00.000Z", "end": "2026-01-05T10:30:00.000Z"}
    client.post("/_sim/clock/advance", json={"seconds": 3600})
    assert client.get("/api/v1/accounts").status_code == 503
    fired = client.post("/_sim/clock/advance", json={"until": "2026-01-06T09:00:00.000Z"}).json()["fired"]
    assert kinds(fired) == ["timeline.plan"]
    assert client.get("/api/v1/accounts/li").json()["connection_params"]["im"]["premiumFeatures"] == ["premium"]


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("name: t\naccounts: [{id: a, provider: LINKEDIN}]\ntimeline:\n  - at: 2026-13-45T09:00:00Z\n    plan: {account: a, plan: free}\n",
         "t.yaml:4: timeline.0.at: invalid YAML value: month must be in 1..12"),
        ("name: t\naccounts: [{id: a, provider: LINKEDIN}]\ntimeline:\n  - at: '2026-02-30T09:00:00Z'\n    plan: {account: a, plan: free}\n",
         "t.yaml:4: timeline.0.at: give `+` and a duration"),
        ("name: t\nfaults:\n  - drop: true\n    window: {start: tomorrow}\n",
         "t.yaml:4: faults.0.window.start: give `+` and a duration"),
        ("name: t\ntimeline:\n  - at: +1h\n    fault: {rule: {drop: true, window: {end: +1x}}}\n",
         "t.yaml:4: timeline.0.fault.rule.window.end: give `+` and a duration"),
    ],
)
def test_unreadable_instants_are_refused_when_read_not_when_played(yaml_text, message):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_text(yaml_text, "t.yaml")
    assert message in str(caught.value)


def test_an_inline_instant_the_world_cannot_hold_is_a_400_naming_it(client):
    scenario = {"name": "far", "accounts": [{"id": "a", "provider": "LINKEDIN"}],
                "clock": {"start": "9999-06-01T00:00:00Z"},
                "timeline": [{"at": "+1000w", "plan": {"account": "a", "plan": "free"}}]}
    response = client.post("/_sim/tenants", json={"scenario": scenario})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("scenario.timeline.0.at: must be between 1970")


def test_a_relative_instant_beyond_the_longest_duration_is_refused_when_read(client):
    scenario = {"name": "far", "accounts": [{"id": "a", "provider": "LINKEDIN"}],
                "timeline": [{"at": "+600000w", "plan": {"account": "a", "plan": "free"}}]}
    response = client.post("/_sim/tenants", json={"scenario": scenario})
    assert response.status_code == 400
    assert response.json()["detail"].endswith(
        "timeline.0.at: a duration must be less than or equal to 6048000000000 ms (10,000 weeks)"
    )
