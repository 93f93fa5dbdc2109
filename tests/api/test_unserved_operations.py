"""Every documented operation is served in both dialects; an unknown path is a plain 404."""

import re

import pytest

from simulator.coverage import load_ledger
from tests.api.conftest import assert_envelope
from tests.api.network_helpers import linkedin_accounts

NOT_SIMULATED_YET = "(see the coverage table in the README)"


@pytest.mark.parametrize("dialect", ["unipile", "postpress"])
def test_every_operation_of_the_document_is_served_in_both_dialects(client, dialect):
    """The ledger says 85 of 85: no documented operation answers the "not simulated yet" 404
    (an id no world holds answers the operation's own 4xx instead)."""
    ledger = load_ledger()
    assert ledger.served(dialect) == len(ledger.operations) == 85
    for operation in ledger.operations:
        path = operation.placement(dialect).path
        concrete = re.sub(r"\{[^}]+\}", "no_such_id", path)
        response = client.request(operation.method, concrete)
        assert NOT_SIMULATED_YET not in response.text, f"{operation.label}: {response.text}"
        assert response.status_code != 405, f"{operation.label}: {response.text}"


def test_an_operation_served_under_api_v1_is_served_under_v1_on_the_same_world(client):
    under_unipile = client.get("/api/v1/chats")
    under_postpress = client.get("/v1/chats")
    assert under_postpress.status_code == under_unipile.status_code == 200
    assert under_postpress.json() == under_unipile.json()
    assert under_postpress.json()["items"]


def test_postpress_drafts_path_is_served_as_an_operation(client):
    """Postpress documents drafts at /v1/emails/drafts: served (an empty body names its field)."""
    response = client.post("/v1/emails/drafts", json={})
    assert_envelope(response, 400, "errors/missing_parameters", "account_id")


@pytest.mark.parametrize("prefix", ["/api/v1", "/v1"])
@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/nothing-here"),
        ("GET", "/emails/"),  # a documented path with a trailing slash is another path
        ("POST", "/drafts/extra"),
    ],
)
def test_a_made_up_path_is_a_plain_404(client, prefix, method, path):
    response = client.request(method, prefix + path)
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "title": "Resource not found",
        "type": "errors/resource_not_found",
        "status": 404,
        "detail": f"no route for {method} {prefix}{path}",
        "instance": prefix + path,
    }


def test_postpress_drafts_path_is_a_literal_no_email_id(client):
    # `emails/drafts` is Postpress's drafts path (POST), never an email called "drafts": both
    # dialects share one route table, and no email id is that word (ids are 22 characters).
    for prefix in ("/v1", "/api/v1"):
        response = client.get(f"{prefix}/emails/drafts")
        assert_envelope(response, 405, "errors/method_not_allowed", "GET is not served")
        assert response.headers["allow"] == "POST"


def test_without_a_key_the_live_401_comes_first(client):
    response = client.get("/api/v1/emails", headers={"X-API-KEY": ""})
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "type": "errors/missing_credentials",
        "title": "Missing credentials",
    }


# -- a parameter never swallows a sibling operation's path (simulator/api/paths.py) ----------


@pytest.mark.parametrize(("path", "listed"), [
    ("/api/v1/users/followers", "UserFollowersList"),
    ("/api/v1/users/following", "UserRelationsList"),
])
def test_users_paths_of_other_operations_are_not_a_profile(client, path, listed):
    response = client.get(path, params={"account_id": linkedin_accounts(client).free})
    assert response.status_code == 200 and response.json()["object"] == listed


@pytest.mark.parametrize("what", ["posts", "comments", "reactions"])
def test_a_members_content_paths_are_their_operations_not_a_profile(client, what):
    path = f"/api/v1/users/ACoAAA/{what}"
    response = client.get(path, params={"account_id": linkedin_accounts(client).free})
    assert_envelope(response, 404, "errors/resource_not_found", "User not found")


def test_a_member_whose_id_only_starts_like_a_fixed_path_is_still_looked_up(client):
    account_id = linkedin_accounts(client).free
    response = client.get("/api/v1/users/followers-of-acme", params={"account_id": account_id})
    assert_envelope(response, 404, "errors/resource_not_found")
    assert response.json()["detail"] == "User not found"  # the profile route answered


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/v1/users/invite", "POST"),
        ("/api/v1/accounts/checkpoint", "POST"),
        ("/v1/accounts/checkpoint", "POST"),
    ],
)
def test_a_fixed_path_read_with_another_method_is_a_405_not_an_id(client, path, allowed):
    response = client.get(path)
    assert_envelope(response, 405, "errors/method_not_allowed")
    assert response.headers["allow"] == allowed


def test_405_names_every_method_and_a_trailing_slash_is_404_both_journaled(client):
    response = client.put("/api/v1/accounts")
    assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD, POST"
    trailing = client.get("/api/v1/accounts/")
    assert trailing.status_code == 404 and trailing.json()["type"] == "errors/resource_not_found"
    journal = client.get("/_sim/requests").json()["items"]
    assert [entry["status"] for entry in journal[-2:]] == [405, 404]  # journaled as answered
