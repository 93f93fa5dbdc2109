"""The invitation loop on a real server: invite -> accept -> new_relation webhook -> relation,
and the weekly cap under concurrent requests."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from simulator.testing import SimulatorServer
from tests.api.network_helpers import linkedin_accounts, people_at
from tests.api.receiver import Receiver, wait_until

JANE = "ACoAA3XMzR2zc3eUEYh4TZMfdhlkDHofNZGHsMg"


@pytest.fixture(scope="module")
def sim():
    with SimulatorServer(strict=True) as server:
        yield server


@pytest.fixture
def world(sim):
    world = sim.new_world("default")
    yield world
    world.drop()


class Api:
    """The public API of one world, as a client sees it."""

    def __init__(self, world) -> None:
        self.world = world
        self.get = lambda path, **params: world.get(path, headers=world.headers, params=params)
        self.post = lambda path, body, **params: world.request(
            "POST", path, headers=world.headers, json=body, params=params
        )


def test_invite_accept_new_relation_relation_loop(world):
    api = Api(world)
    ids = linkedin_accounts(_Shim(api))
    with Receiver() as receiver:
        hook = api.post("/webhooks", {"request_url": receiver.url, "source": "users", "name": "relations"})
        assert hook.status_code == 201, hook.text

        sent = api.post("/users/invite", {"account_id": ids.sales_navigator, "provider_id": JANE, "message": "Hi Jane"})
        assert sent.status_code == 201
        invitation_id = sent.json()["invitation_id"]
        pending = api.get("/users/invite/sent", account_id=ids.sales_navigator).json()["items"]
        assert [i["id"] for i in pending] == [invitation_id]

        answered = world.control("POST", f"/invitations/{invitation_id}/accept")
        assert answered["object"] == "InvitationAnswered" and answered["status"] == "ACCEPTED"
        # The relation exists at once; the sent list no longer has the invitation.
        assert api.get("/users/invite/sent", account_id=ids.sales_navigator).json()["items"] == []
        newest = api.get("/users/relations", account_id=ids.sales_navigator, limit=1).json()["items"][0]
        assert newest["member_id"] == JANE and newest["public_identifier"] == "jane-doe"
        profile = api.get("/users/jane-doe", account_id=ids.sales_navigator).json()
        assert (profile["network_distance"], profile["is_relationship"]) == ("FIRST_DEGREE", True)
        assert "invitation" not in profile
        assert receiver.count() == 0  # Unipile has not noticed yet (up to 8 h, world time)

        fired = world.advance(until=answered["new_relation_at"])
        assert [e["kind"] for e in fired] == ["new_relation"]
        wait_until(lambda: receiver.count() == 1, what="the new_relation webhook")
        payload = receiver.received[0].json()
        assert payload["event"] == "new_relation" and payload["account_id"] == ids.sales_navigator
        assert payload["account_type"] == "LINKEDIN"
        assert (payload["user_provider_id"], payload["user_public_identifier"], payload["user_full_name"]) == (
            JANE, "jane-doe", "Jane Doe")
        assert payload["user_profile_url"] == "https://www.linkedin.com/in/jane-doe/"
        assert "user_picture_url" in payload

        again = api.post("/users/invite", {"account_id": ids.sales_navigator, "provider_id": JANE})
        assert again.status_code == 422 and again.json()["type"] == "errors/already_connected"


def test_behaviours_answer_without_the_control_plane(world):
    """Jane's listed answer is `accept`: advancing three days is enough."""
    api = Api(world)
    ids = linkedin_accounts(_Shim(api))
    api.post("/users/invite", {"account_id": ids.free, "provider_id": JANE})
    fired = world.advance(seconds=3 * 86_400 + 8 * 3600)
    assert [e["kind"] for e in fired] == ["invitation_accepted", "new_relation"]
    newest = api.get("/users/relations", account_id=ids.free, limit=1).json()["items"][0]
    assert newest["member_id"] == JANE


def test_declining_and_control_plane_errors(world):
    api = Api(world)
    ids = linkedin_accounts(_Shim(api))
    invitation_id = api.post("/users/invite", {"account_id": ids.free, "provider_id": JANE}).json()["invitation_id"]
    declined = world.control("POST", f"/invitations/{invitation_id}/decline")
    assert declined["status"] == "DECLINED" and "new_relation_at" not in declined
    for path in (f"/invitations/{invitation_id}/accept", "/invitations/7000000000000000000/accept",
                 "/people/ACoAAnobody/invite"):
        response = httpx.post(world.server.control_url + path, headers=world.headers, json={"account_id": ids.free})
        assert response.status_code in (404, 422) and response.json()["type"].startswith("errors/")


def test_16_concurrent_invitations_at_the_cap_never_over_issue(sim):
    scenario = {
        "name": "concurrent-cap",
        "seed": 3,
        "accounts": [{"id": "acct", "provider": "LINKEDIN", "plan": "premium"}],
        "people": {"generate": 300},
        "limits": {"premium": {"daily_invitations": None}},
        "behaviours": {"invitations": {"accept": 0, "decline": 0, "ignore": 1}},
    }
    world = sim.new_world(scenario)
    try:
        api = Api(world)
        targets = people_at(_Shim(api), "acct", 2, 108)
        for target in targets[:92]:
            assert api.post("/users/invite", {"account_id": "acct", "provider_id": target["id"]}).status_code == 201
        barrier = threading.Barrier(16)

        def invite(target: dict) -> httpx.Response:
            with httpx.Client(timeout=30) as client:
                barrier.wait()
                return client.post(
                    f"{sim.unipile_url}/users/invite",
                    headers=world.headers,
                    json={"account_id": "acct", "provider_id": target["id"]},
                )

        with ThreadPoolExecutor(16) as pool:
            responses = list(pool.map(invite, targets[92:108]))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] * 8 + [422] * 8
        assert {r.json()["type"] for r in responses if r.status_code == 422} == {"errors/cannot_resend_yet"}
        sent = api.get("/users/invite/sent", account_id="acct", limit=100).json()
        assert len(sent["items"]) == 100 and sent["cursor"] is None
    finally:
        world.drop()


class _Shim:
    """Lets the TestClient-based helpers call a real server through `Api`."""

    def __init__(self, api: Api) -> None:
        self._api = api

    def get(self, path: str, params: dict | None = None):
        return self._api.get(path.removeprefix("/api/v1"), **(params or {}))

    def post(self, path: str, params: dict | None = None, json: dict | None = None):
        return self._api.post(path.removeprefix("/api/v1"), json, **(params or {}))
