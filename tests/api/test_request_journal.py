import pytest

from tests.api.conftest import DEFAULT_KEY, assert_envelope


def test_every_api_request_is_journaled_with_the_key_masked(client):
    client.get("/api/v1/accounts?limit=2")
    client.delete("/api/v1/accounts/nope")
    items = client.get("/_sim/requests").json()["items"]
    assert [(e["method"], e["path"], e["status"]) for e in items] == [
        ("GET", "/api/v1/accounts", 200),
        ("DELETE", "/api/v1/accounts/nope", 404),
    ]
    first = items[0]
    assert first["query"] == {"limit": ["2"]}
    assert first["headers"]["x-api-key"] == "****" + DEFAULT_KEY[-4:]
    assert DEFAULT_KEY not in str(items)
    assert first["at"] == "2026-01-05T09:00:00.000Z" and first["body"] is None


def test_filters_by_method_template_and_status(client):
    for account in client.get("/api/v1/accounts").json()["items"][:2]:
        client.get(f"/api/v1/accounts/{account['id']}")
    client.get("/api/v1/accounts/missing")
    by_template = client.get("/_sim/requests", params={"path": "/api/v1/accounts/{account_id}"}).json()
    assert by_template["count"] == 3
    not_found = client.get("/_sim/requests", params={"path": "/api/v1/accounts/{id}", "status": 404}).json()
    assert [e["path"] for e in not_found["items"]] == ["/api/v1/accounts/missing"]
    assert client.get("/_sim/requests", params={"method": "DELETE"}).json()["count"] == 0


def test_clear_empties_the_journal_and_worlds_keep_their_own(client):
    client.get("/api/v1/accounts")
    other = client.post("/_sim/tenants", json={}).json()["api_key"]
    client.get("/api/v1/accounts", headers={"X-API-KEY": other})
    assert client.delete("/_sim/requests").json() == {"object": "JournalCleared", "cleared": 1}
    assert client.get("/_sim/requests").json()["count"] == 0
    assert client.get("/_sim/requests", headers={"X-API-KEY": other}).json()["count"] == 1


def test_request_bodies_are_kept(client):
    client.post("/api/v1/accounts/abc", content=b'{"provider":"LINKEDIN"}')
    entry = client.get("/_sim/requests").json()["items"][0]
    assert entry["body"] == '{"provider":"LINKEDIN"}'


@pytest.mark.parametrize(
    ("query", "field"),
    [("method=FETCH", "method"), ("status=99", "status"), ("path=accounts", "path"), ("verb=GET", "verb")],
)
def test_bad_filters_are_400_naming_the_field(client, query, field):
    body = assert_envelope(client.get(f"/_sim/requests?{query}"), 400, "errors/invalid_parameters")
    assert body["detail"].startswith(field)


def test_assert_sent_counts_exactly(sim_world):
    sim_world.get("/accounts", headers=sim_world.headers)
    sim_world.get("/accounts", headers=sim_world.headers)
    assert len(sim_world.assert_sent("GET", "/api/v1/accounts", times=2)) == 2
    with pytest.raises(AssertionError, match=r"expected GET /api/v1/accounts 1 time\(s\), got 2"):
        sim_world.assert_sent("GET", "/api/v1/accounts", times=1)
    sim_world.clear_requests()
    sim_world.assert_sent("GET", "/api/v1/accounts", times=0)


def test_every_entry_says_how_long_the_simulator_took(client):
    """`duration_ms`: from the route's start to its end, a fault rule's latency included."""
    client.get("/api/v1/accounts")
    rule = {"match": {"path": "/api/v1/accounts"}, "latency": {"ms": 40}, "times": 1}
    assert client.post("/_sim/faults", json=rule).status_code == 201
    client.get("/api/v1/accounts")
    quick, slow = client.get("/_sim/requests").json()["items"]
    assert isinstance(quick["duration_ms"], float) and 0 <= quick["duration_ms"] < 1000
    assert slow["duration_ms"] >= 40
    assert round(slow["duration_ms"], 3) == slow["duration_ms"]  # microseconds, no finer


def test_the_journal_keeps_the_elapsed_time_it_is_given():
    from simulator.world.journal import RequestJournal

    journal = RequestJournal()
    journal.record(0, "GET", "/api/v1/accounts", b"", [], b"", 200, 0.0123456)
    journal.record(0, "GET", "/api/v1/accounts", b"", [], b"", 200)
    timed, untimed = journal
    assert (timed.duration_ms, untimed.duration_ms) == (12.346, 0.0)
    assert journal.entry(1) == timed and journal.newest_first(0, 1)[0] == [untimed]
