"""/api/v1/users over HTTP (in-process): shapes, pagination walks, invitations, errors."""

import re

import pytest

from tests.api.conftest import assert_envelope
from tests.api.network_helpers import linkedin_accounts, people_at

ISO_MS = re.compile(r"^[1-2]\d{3}-[0-1]\d-[0-3]\dT\d{2}:\d{2}:\d{2}\.\d{3}Z$")
JANE = "ACoAA3XMzR2zc3eUEYh4TZMfdhlkDHofNZGHsMg"


@pytest.fixture
def ids(client):
    return linkedin_accounts(client)


def invite(client, account_id, provider_id, **extra):
    return client.post("/api/v1/users/invite", json={"account_id": account_id, "provider_id": provider_id} | extra)


# -- profiles ---------------------------------------------------------------------------------


def test_own_profile_reflects_the_plan(client, ids):
    salesnav = client.get("/api/v1/users/me", params={"account_id": ids.sales_navigator}).json()
    assert salesnav["object"] == "AccountOwnerProfile" and salesnav["provider"] == "LINKEDIN"
    assert salesnav["premium"] is True and salesnav["recruiter"] is None
    assert set(salesnav["sales_navigator"]) == {"owner_seat_id", "contract_id"}
    assert salesnav["entity_urn"] == f"urn:li:fsd_profile:{salesnav['provider_id']}"
    assert salesnav["organizations"][0]["name"] == "Acme Robotics"
    free = client.get("/api/v1/users/me", params={"account_id": ids.free}).json()
    assert (free["premium"], free["sales_navigator"], free["recruiter"]) == (False, None, None)
    # Stored data: readable while the session is lost.
    assert client.get("/api/v1/users/me", params={"account_id": ids.disconnected}).status_code == 200


def test_profile_by_public_identifier_or_provider_id(client, ids):
    by_slug = client.get("/api/v1/users/jane-doe", params={"account_id": ids.free}).json()
    by_id = client.get(f"/api/v1/users/{JANE}", params={"account_id": ids.free}).json()
    assert by_slug == by_id
    assert by_slug["object"] == "UserProfile" and by_slug["provider_id"] == JANE
    assert (by_slug["network_distance"], by_slug["is_relationship"]) == ("SECOND_DEGREE", False)
    assert "invitation" not in by_slug and "work_experience" not in by_slug
    ana = client.get("/api/v1/users/ana-silva", params={"account_id": ids.free}).json()
    assert (ana["network_distance"], ana["is_relationship"]) == ("FIRST_DEGREE", True)


def test_linkedin_sections_add_experience_education_skills(client, ids):
    everything = client.get("/api/v1/users/jane-doe", params={"account_id": ids.free, "linkedin_sections": "*"}).json()
    current = everything["work_experience"][0]
    assert (current["position"], current["company"], current["current"], current["end"]) == ("CTO", "Acme Robotics", True, None)
    assert everything["education"][0]["school"] and everything["skills"][0]["name"]
    assert {"endorsement_count", "endorsed", "insights", "endorsement_id"} <= set(everything["skills"][0])
    assert everything["summary"]
    some = client.get("/api/v1/users/jane-doe", params={"account_id": ids.free, "linkedin_sections": "skills,education"}).json()
    assert "skills" in some and "education" in some and "work_experience" not in some


@pytest.mark.parametrize(
    ("params", "status", "error_type", "mentions"),
    [
        ({"linkedin_sections": "hobbies"}, 400, "errors/invalid_parameters", "linkedin_sections"),
        ({"notify": "maybe"}, 400, "errors/invalid_parameters", "notify"),
        ({"linkedin_api": "recruiter"}, 403, "errors/feature_not_subscribed", "recruiter"),
        ({"colour": "red"}, 400, "errors/invalid_parameters", "colour"),
    ],
)
def test_profile_parameter_errors(client, ids, params, status, error_type, mentions):
    response = client.get("/api/v1/users/jane-doe", params={"account_id": ids.sales_navigator} | params)
    assert_envelope(response, status, error_type, mentions)


def test_profile_errors(client, ids):
    assert_envelope(client.get("/api/v1/users/nobody-here", params={"account_id": ids.free}), 404, "errors/resource_not_found", "User not found")
    assert_envelope(client.get("/api/v1/users/jane-doe"), 400, "errors/missing_parameters", "account_id")
    assert_envelope(client.get("/api/v1/users/jane-doe", params={"account_id": "nope"}), 404, "errors/resource_not_found", "Account not found")
    assert_envelope(client.get("/api/v1/users/jane-doe", params={"account_id": ids.disconnected}), 401, "errors/disconnected_account")


# -- relations --------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 7, 60, 1000])
def test_relations_walk_has_no_duplicates_or_gaps_newest_first(client, ids, limit):
    everything = client.get("/api/v1/users/relations", params={"account_id": ids.free, "limit": 1000}).json()
    assert everything["object"] == "UserRelationsList" and everything["cursor"] is None
    assert len(everything["items"]) == 60
    created = [r["created_at"] for r in everything["items"]]
    assert created == sorted(created, reverse=True) and all(isinstance(c, int) for c in created)
    seen, params = [], {"account_id": ids.free, "limit": limit}
    while True:
        page = client.get("/api/v1/users/relations", params=params).json()
        assert len(page["items"]) <= limit
        seen += [r["member_id"] for r in page["items"]]
        if page["cursor"] is None:
            break
        params = {"account_id": ids.free, "cursor": page["cursor"]}
    assert seen == [r["member_id"] for r in everything["items"]]


def test_relation_shape(client, ids):
    relation = client.get("/api/v1/users/relations", params={"account_id": ids.free, "limit": 1}).json()["items"][0]
    assert relation["object"] == "UserRelation"
    assert relation["member_urn"] == f"urn:li:fsd_profile:{relation['member_id']}"
    assert relation["connection_urn"].startswith("urn:li:fsd_connection:")
    assert relation["public_profile_url"] == f"https://www.linkedin.com/in/{relation['public_identifier']}/"


def test_relations_filter_by_name_survives_the_cursor(client, ids):
    everyone = client.get("/api/v1/users/relations", params={"account_id": ids.free, "limit": 1000}).json()["items"]
    letter = "an"
    expected = [r["member_id"] for r in everyone if letter in f"{r['first_name']} {r['last_name']}".lower()]
    assert len(expected) >= 3
    seen, params = [], {"account_id": ids.free, "limit": 2, "filter": "AN"}
    while True:
        page = client.get("/api/v1/users/relations", params=params).json()
        seen += [r["member_id"] for r in page["items"]]
        if page["cursor"] is None:
            break
        params = {"account_id": ids.free, "cursor": page["cursor"]}
    assert seen == expected


@pytest.mark.parametrize(
    ("params", "mentions"),
    [({"limit": 0}, "limit"), ({"limit": 1001}, "limit"), ({"cursor": "bm9wZQ"}, "cursor"), ({"filter": ""}, "filter")],
)
def test_relations_bad_parameters(client, ids, params, mentions):
    response = client.get("/api/v1/users/relations", params={"account_id": ids.free} | params)
    assert_envelope(response, 400, "errors/invalid_parameters", mentions)


def test_a_cursor_from_another_list_is_refused(client, ids):
    cursor = client.get("/api/v1/users/relations", params={"account_id": ids.free, "limit": 1}).json()["cursor"]
    response = client.get("/api/v1/users/invite/sent", params={"account_id": ids.free, "cursor": cursor})
    assert_envelope(response, 400, "errors/invalid_parameters", "cursor")


# -- invitations ------------------------------------------------------------------------------


def test_invite_answers_201_and_lists_it_pending(client, ids):
    response = invite(client, ids.sales_navigator, JANE, message="Hello Jane")
    assert response.status_code == 201
    sent = response.json()
    assert sent["object"] == "UserInvitationSent" and re.fullmatch(r"7\d{18}", sent["invitation_id"])
    assert "usage" not in sent
    listed = client.get("/api/v1/users/invite/sent", params={"account_id": ids.sales_navigator}).json()
    assert listed["object"] == "InvitationList" and listed["cursor"] is None
    (item,) = listed["items"]
    assert item["object"] == "InvitationSent" and item["id"] == sent["invitation_id"]
    assert (item["invited_user"], item["invited_user_id"], item["invited_user_public_id"]) == ("Jane Doe", JANE, "jane-doe")
    assert (item["invitation_text"], item["date"]) == ("Hello Jane", "Sent today")
    assert ISO_MS.match(item["parsed_datetime"])
    profile = client.get("/api/v1/users/jane-doe", params={"account_id": ids.sales_navigator}).json()
    assert profile["invitation"] == {"type": "SENT", "status": "PENDING"}


def test_sent_list_walk_newest_first_without_duplicates_or_gaps(client, ids):
    targets = people_at(client, ids.sales_navigator, 2, 23)
    made = [invite(client, ids.sales_navigator, t["id"]).json()["invitation_id"] for t in targets]
    default_page = client.get("/api/v1/users/invite/sent", params={"account_id": ids.sales_navigator}).json()
    assert len(default_page["items"]) == 10  # default limit
    seen, params = [], {"account_id": ids.sales_navigator, "limit": 4}
    while True:
        page = client.get("/api/v1/users/invite/sent", params=params).json()
        seen += [i["id"] for i in page["items"]]
        if page["cursor"] is None:
            break
        params = {"account_id": ids.sales_navigator, "cursor": page["cursor"]}
    assert seen == made[::-1]


@pytest.mark.parametrize("route", ["delete", "seed-004"])
def test_withdraw_by_either_route_then_cooldown(client, ids, route):
    invitation_id = invite(client, ids.sales_navigator, JANE).json()["invitation_id"]
    if route == "delete":
        response = client.delete(f"/api/v1/users/invite/sent/{invitation_id}", params={"account_id": ids.sales_navigator})
    else:
        response = client.post("/api/v1/users/cancel-invite", json={"account_id": ids.sales_navigator, "invitation_id": invitation_id})
    assert response.status_code == 200 and response.json() == {"object": "InvitationCanceled"}
    assert client.get("/api/v1/users/invite/sent", params={"account_id": ids.sales_navigator}).json()["items"] == []
    profile = client.get("/api/v1/users/jane-doe", params={"account_id": ids.sales_navigator}).json()
    assert profile["invitation"] == {"type": "SENT", "status": "WITHDRAWN"}
    assert_envelope(invite(client, ids.sales_navigator, JANE), 422, "errors/cannot_resend_yet", "withdrawn")
    again = client.delete(f"/api/v1/users/invite/sent/{invitation_id}", params={"account_id": ids.sales_navigator})
    assert_envelope(again, 404, "errors/resource_not_found", "Invitation not found")


def test_invite_refusals_in_the_envelope(client, ids):
    invite(client, ids.sales_navigator, JANE)
    assert_envelope(invite(client, ids.sales_navigator, JANE), 422, "errors/already_invited_recently", "provider_id")
    ana = "ACoAASoQdu5M7to3rQhX8GZomVyJcDmpc0VRrn1"
    assert_envelope(invite(client, ids.sales_navigator, ana), 422, "errors/already_connected", "provider_id")
    assert_envelope(invite(client, ids.sales_navigator, "ACoAAnobodyKnowsThisMember00000000000000"), 404, "errors/resource_not_found", "User not found")
    assert_envelope(invite(client, ids.disconnected, JANE), 401, "errors/disconnected_account", "account_id")
    assert_envelope(invite(client, ids.sales_navigator, JANE, message="x" * 301), 400, "errors/too_many_characters", "message")
    assert_envelope(invite(client, ids.free, JANE, message="x" * 201), 400, "errors/too_many_characters", "200")
    assert_envelope(client.post("/api/v1/users/invite", json={"account_id": ids.free}), 400, "errors/missing_parameters", "provider_id")
    assert_envelope(invite(client, ids.free, JANE, colour="red"), 400, "errors/invalid_parameters", "colour")
    assert_envelope(invite(client, ids.free, JANE, message=5), 400, "errors/invalid_parameters", "message")


def test_free_weekly_cap_over_http_with_usage(client, ids):
    targets = people_at(client, ids.free, 2, 81)
    responses = [invite(client, ids.free, t["id"]) for t in targets[:40]]
    assert all(r.status_code == 201 for r in responses)
    assert [r.json().get("usage") for r in responses][-1] == 50  # the 40th is 50 % of 80
    assert_envelope(invite(client, ids.free, targets[40]["id"]), 422, "errors/cannot_resend_yet", "daily")
    client.post("/_sim/clock/advance", json={"seconds": 86_400})
    responses = [invite(client, ids.free, t["id"]) for t in targets[40:80]]
    assert all(r.status_code == 201 for r in responses)
    assert {n: r.json()["usage"] for n, r in enumerate(responses, start=41) if "usage" in r.json()} == {60: 75, 72: 90, 76: 95}
    assert_envelope(invite(client, ids.free, targets[80]["id"]), 422, "errors/cannot_resend_yet", "weekly")


def test_received_invitation_accept_over_http(client, ids):
    marcus = "ACoAAQrzZcKuL-UhgUCeH5ctsA9sFCmc8qdkPLQ"
    made = client.post(f"/_sim/people/{marcus}/invite", json={"account_id": ids.free, "message": "Hi!"})
    assert made.status_code == 201
    received = client.get("/api/v1/users/invite/received", params={"account_id": ids.free}).json()["items"]
    (item,) = received
    assert item == made.json()
    assert item["object"] == "InvitationReceived" and item["inviter"]["inviter_id"] == marcus
    secret = item["specifics"]["shared_secret"]
    body = {"provider": "LINKEDIN", "shared_secret": "wrong", "account_id": ids.free, "action": "accept"}
    path = f"/api/v1/users/invite/received/{item['id']}"
    assert_envelope(client.post(path, json=body), 400, "errors/invalid_parameters", "shared_secret")
    handled = client.post(path, json=body | {"shared_secret": secret})
    assert handled.status_code == 200 and handled.json() == {"object": "UserInvitationHandled", "status": "ACCEPTED"}
    assert client.get("/api/v1/users/invite/received", params={"account_id": ids.free}).json()["items"] == []
    newest = client.get("/api/v1/users/relations", params={"account_id": ids.free, "limit": 1}).json()["items"][0]
    assert newest["member_id"] == marcus
    assert_envelope(client.post(path, json=body | {"shared_secret": secret}), 422, "errors/action_already_performed")
    assert_envelope(client.post(path, json=body | {"action": "maybe"}), 400, "errors/invalid_parameters", "action")


def test_received_invitation_decline(client, ids):
    jane = client.post(f"/_sim/people/{JANE}/invite", json={"account_id": ids.free}).json()
    body = {"provider": "LINKEDIN", "shared_secret": jane["specifics"]["shared_secret"], "account_id": ids.free, "action": "decline"}
    handled = client.post(f"/api/v1/users/invite/received/{jane['id']}", json=body).json()
    assert handled == {"object": "UserInvitationHandled", "status": "DECLINED"}
    profile = client.get("/api/v1/users/jane-doe", params={"account_id": ids.free}).json()
    assert profile["invitation"] == {"type": "RECEIVED", "status": "IGNORED"}


def test_invitation_lists_bad_parameters(client, ids):
    for path in ("/api/v1/users/invite/sent", "/api/v1/users/invite/received"):
        assert_envelope(client.get(path, params={"account_id": ids.free, "limit": 101}), 400, "errors/invalid_parameters", "limit")
        assert_envelope(client.get(path), 400, "errors/missing_parameters", "account_id")
        assert_envelope(client.get(path, params={"account_id": "nope"}), 404, "errors/resource_not_found")
