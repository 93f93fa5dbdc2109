"""premium-upgrade: Sales Navigator search is 403 before the +1 day upgrade, 200 after."""

from tests.api.conftest import assert_envelope
from tests.scenarios.conftest import DAY, HOUR, advance, invite, kinds, prospects

SCENARIO = "premium-upgrade"
SALES_NAV = {"api": "sales_navigator", "category": "people", "keywords": ""}


def sales_nav_search(sim):
    return sim.post("/api/v1/linkedin/search", params={"account_id": "li-growth", "limit": 25}, json=SALES_NAV)


def features(sim) -> list[str]:
    return sim.get("/api/v1/accounts/li-growth").json()["connection_params"]["im"]["premiumFeatures"]


def test_sales_navigator_appears_the_next_morning(sim):
    assert features(sim) == []
    assert_envelope(sales_nav_search(sim), 403, "errors/feature_not_subscribed", "sales_navigator")
    me = sim.get("/api/v1/users/me", params={"account_id": "li-growth"}).json()
    assert (me["premium"], me["sales_navigator"]) == (False, None)

    assert kinds(advance(sim, DAY - 1)) == []
    assert sales_nav_search(sim).status_code == 403  # 08:59:59 the next day: not yet
    assert kinds(advance(sim, 1)) == ["timeline.plan"]

    assert features(sim) == ["premium", "sales_navigator"]
    found = sales_nav_search(sim)
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["config"]["params"]["api"] == "sales_navigator" and body["items"]
    me = sim.get("/api/v1/users/me", params={"account_id": "li-growth"}).json()
    assert me["premium"] is True and me["sales_navigator"] is not None
    balance = sim.get("/api/v1/linkedin/inmail_balance", params={"account_id": "li-growth"}).json()
    assert balance["sales_navigator"] > 0


def test_the_invitation_caps_follow_the_plan(sim):
    people = prospects(sim, "li-growth", 8)
    advance(sim, DAY - HOUR)
    assert all(invite(sim, "li-growth", person).status_code == 201 for person in people[:3])
    assert_envelope(invite(sim, "li-growth", people[3]), 422, "errors/cannot_resend_yet", "daily")
    advance(sim, HOUR)  # upgraded: the same three in the last 24 hours, now under a cap of 50
    assert all(invite(sim, "li-growth", person).status_code == 201 for person in people[3:8])
