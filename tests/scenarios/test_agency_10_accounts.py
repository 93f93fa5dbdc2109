"""agency-10-accounts: ten LinkedIn seats, mixed plans and statuses, one throttled seat."""

from tests.api.conftest import assert_envelope
from tests.scenarios.conftest import invite, prospects, status_of

SCENARIO = "agency-10-accounts"
IDS = [
    "acme-ceo", "acme-sdr1", "acme-sdr2", "bolt-founder", "bolt-sales",
    "cura-recruiter", "cura-hr", "delta-ae", "delta-bdr", "echo-intern",
]


def all_accounts(sim, limit):
    items, params = [], {"limit": limit}
    while True:
        page = sim.get("/api/v1/accounts", params=params).json()
        items.append([a["id"] for a in page["items"]])
        if page["cursor"] is None:
            return items
        params = {"cursor": page["cursor"]}


def test_ten_seats_page_through_in_connection_order(sim):
    assert all_accounts(sim, 4) == [IDS[:4], IDS[4:8], IDS[8:]]
    items = sim.get("/api/v1/accounts", params={"limit": 10}).json()["items"]
    plans = {
        a["id"]: tuple(a["connection_params"]["im"]["premiumFeatures"]) for a in items
    }
    counts = {}
    for features in plans.values():
        counts[features] = counts.get(features, 0) + 1
    assert counts == {
        (): 4,
        ("premium",): 3,
        ("premium", "sales_navigator"): 2,
        ("premium", "recruiter"): 1,
    }
    statuses = {a["id"]: a["sources"][0]["status"] for a in items}
    assert {k: v for k, v in statuses.items() if v != "OK"} == {
        "bolt-sales": "CREDENTIALS", "cura-hr": "STOPPED", "delta-bdr": "ERROR"
    }
    orgs = sim.get("/api/v1/users/me", params={"account_id": "acme-ceo"}).json()["organizations"]
    assert [org["name"] for org in orgs] == ["Acme Corp"]
    recruiter = sim.get("/api/v1/users/me", params={"account_id": "cura-recruiter"}).json()
    assert recruiter["recruiter"] is not None and recruiter["sales_navigator"] is None


def test_the_disconnected_seat_is_401_and_cannot_be_restarted(sim):
    person = prospects(sim, "bolt-founder", 1)[0]
    assert_envelope(invite(sim, "bolt-sales", person), 401, "errors/disconnected_account")
    assert invite(sim, "bolt-founder", person).status_code == 201  # the same client's other seat
    restarted = sim.post("/api/v1/accounts/bolt-sales/restart").json()
    assert restarted["object"] == "AccountFailedToRestart"
    assert status_of(sim, "bolt-sales") == "CREDENTIALS"


def test_stopped_and_errored_seats_restart(sim):
    for account_id in ("cura-hr", "delta-bdr"):
        assert sim.post(f"/api/v1/accounts/{account_id}/restart").json()["object"] == "AccountRestarted"
        assert status_of(sim, account_id) == "OK"


def test_only_the_throttled_seat_gets_429s(sim):
    people = prospects(sim, "delta-ae", 4)
    statuses = [invite(sim, "delta-ae", person).status_code for person in people[:3]]
    assert statuses == [429, 429, 201]
    assert invite(sim, "acme-ceo", prospects(sim, "acme-ceo", 1)[0]).status_code == 201
    [rule] = sim.get("/_sim/faults").json()["items"]
    assert (rule["match"]["account_id"], rule["fired"]) == ("delta-ae", 2)
