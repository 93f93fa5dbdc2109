"""One route table, two dialects: every /api/v1 operation under /v1 on the same world, with
Postpress's documented differences (simulator/api/dialects.py)."""

import pytest

from simulator.coverage import load_ledger
from tests.api.conftest import DEFAULT_KEY, assert_envelope
from tests.api.network_helpers import linkedin_accounts, people_at

JANE = "ACoAA3XMzR2zc3eUEYh4TZMfdhlkDHofNZGHsMg"
MARCUS = "ACoAAQrzZcKuL-UhgUCeH5ctsA9sFCmc8qdkPLQ"


def bearer(client):
    """The client's calls authenticated the Postpress way only."""
    del client.headers["X-API-KEY"]
    client.headers["Authorization"] = f"Bearer {DEFAULT_KEY}"
    return client


@pytest.fixture
def ids(client):
    return linkedin_accounts(client)


def invite(client, prefix, account_id, provider_id):
    return client.post(f"{prefix}/users/invite", json={"account_id": account_id, "provider_id": provider_id})


def test_the_ledger_serves_every_operation_under_both_prefixes():
    ledger = load_ledger()
    served = [op for op in ledger.operations if op.unipile.served]
    # Postpress documents drafts at a path of its own; Unipile's is served under /v1 too.
    own_paths = {"i_createDraft": "/v1/emails/drafts"}
    assert served and all(
        op.postpress.path == own_paths.get(op.operation_id, "/v1" + op.path) for op in served
    )
    assert ("POST", "/drafts") in {(e.method, e.path) for e in ledger.extensions}


@pytest.mark.parametrize(
    "path",
    [
        "/accounts",
        "/webhooks",
        "/chats",
        "/messages",
        "/chat_attendees",
    ],
)
def test_lists_answer_the_same_under_both_prefixes(client, path):
    unipile = client.get(f"/api/v1{path}")
    postpress = client.get(f"/v1{path}")
    assert unipile.status_code == postpress.status_code == 200
    assert postpress.json() == unipile.json()


def test_state_made_under_v1_is_seen_under_api_v1(client, ids):
    sent = invite(client, "/v1", ids.sales_navigator, JANE)
    listed = client.get("/api/v1/users/invite/sent", params={"account_id": ids.sales_navigator}).json()
    assert [item["id"] for item in listed["items"]] == [sent.json()["invitation_id"]]
    withdrawn = client.delete(
        f"/api/v1/users/invite/sent/{sent.json()['invitation_id']}", params={"account_id": ids.sales_navigator}
    )
    assert withdrawn.status_code == 200
    assert client.get("/v1/users/invite/sent", params={"account_id": ids.sales_navigator}).json()["items"] == []


def test_a_webhook_made_under_v1_is_the_worlds(client):
    made = client.post("/v1/webhooks", json={"request_url": "http://127.0.0.1:9/hook", "source": "messaging"})
    assert made.status_code == 201
    listed = client.get("/api/v1/webhooks").json()["items"]
    assert made.json()["webhook_id"] in [hook["id"] for hook in listed]


def test_postpress_answers_an_invitation_with_200_where_unipile_answers_201(client, ids):
    assert invite(client, "/api/v1", ids.sales_navigator, JANE).status_code == 201
    answered = invite(client, "/v1", ids.sales_navigator, MARCUS)
    assert answered.status_code == 200
    assert answered.json()["object"] == "UserInvitationSent"


def test_a_bearer_key_on_api_v1_is_answered_in_the_postpress_dialect(client, ids):
    bearer(client)
    assert invite(client, "/api/v1", ids.sales_navigator, JANE).status_code == 200
    assert client.get("/api/v1/accounts").status_code == 200


def test_an_unknown_bearer_key_is_the_401_under_both_prefixes(client):
    del client.headers["X-API-KEY"]
    for prefix in ("/api/v1", "/v1"):
        response = client.get(f"{prefix}/chats", headers={"Authorization": "Bearer pp_test_nobody"})
        assert response.status_code == 401
        assert response.json() == {"status": 401, "type": "errors/missing_credentials", "title": "Missing credentials"}


def test_sent_invitations_page_up_to_250_under_v1_only(client, ids):
    targets = people_at(client, ids.sales_navigator, 2, 12)
    for person in targets:
        assert invite(client, "/v1", ids.sales_navigator, person["id"]).status_code == 200
    params = {"account_id": ids.sales_navigator}
    postpress = client.get("/v1/users/invite/sent", params=params).json()
    assert len(postpress["items"]) == 12 and postpress["cursor"] is None  # default 100
    unipile = client.get("/api/v1/users/invite/sent", params=params).json()
    assert len(unipile["items"]) == 10 and unipile["cursor"] is not None  # default 10
    assert client.get("/v1/users/invite/sent", params=params | {"limit": 250}).status_code == 200
    assert_envelope(
        client.get("/v1/users/invite/sent", params=params | {"limit": 251}),
        400,
        "errors/invalid_parameters",
        "limit: must be between 1 and 250, got 251",
    )
    assert_envelope(
        client.get("/api/v1/users/invite/sent", params=params | {"limit": 250}),
        400,
        "errors/invalid_parameters",
        "limit: must be between 1 and 100, got 250",
    )
    # Received invitations keep Unipile's 1-100 in both dialects.
    assert_envelope(
        client.get("/v1/users/invite/received", params=params | {"limit": 101}),
        400,
        "errors/invalid_parameters",
        "limit",
    )


def test_a_received_linkedin_invitation_is_handled_under_v1(client, ids):
    made = client.post(f"/_sim/people/{MARCUS}/invite", json={"account_id": ids.free}).json()
    body = {
        "provider": "LINKEDIN",
        "shared_secret": made["specifics"]["shared_secret"],
        "account_id": ids.free,
        "action": "accept",
    }
    handled = client.post(f"/v1/users/invite/received/{made['id']}", json=body)
    assert handled.status_code == 200
    assert handled.json() == {"object": "UserInvitationHandled", "status": "ACCEPTED"}


def instagram_account(client):
    connected = client.post("/v1/accounts", json={"provider": "INSTAGRAM", "sessionid": "ig-session-ok"})
    assert connected.status_code == 201, connected.text
    return connected.json()["account_id"]


def test_postpress_reads_the_instagram_variant_of_handling_an_invitation(client, ids):
    account_id = instagram_account(client)
    body = {"provider": "INSTAGRAM", "account_id": account_id, "action": "accept"}
    # Only LinkedIn accounts receive invitations in the world so far: none has this id.
    assert_envelope(client.post("/v1/users/invite/received/7001", json=body), 404, "errors/resource_not_found")
    # The variant's provider must be the account's.
    assert_envelope(
        client.post("/v1/users/invite/received/7001", json=body | {"account_id": ids.free}),
        422,
        "errors/invalid_account",
        "account_id",
    )
    # It has no shared_secret, and other fields are refused by name.
    assert_envelope(
        client.post("/v1/users/invite/received/7001", json=body | {"shared_secret": "x"}),
        400,
        "errors/invalid_parameters",
        "shared_secret",
    )
    # Unipile documents LinkedIn's variant only.
    assert_envelope(
        client.post("/api/v1/users/invite/received/7001", json=body),
        400,
        "errors/invalid_parameters",
        "provider",
    )


def test_a_linkedin_body_for_an_instagram_account_names_the_account(client):
    account_id = instagram_account(client)
    body = {"provider": "LINKEDIN", "shared_secret": "s", "account_id": account_id, "action": "decline"}
    assert_envelope(
        client.post("/v1/users/invite/received/7001", json=body), 422, "errors/invalid_account", "INSTAGRAM"
    )


def test_a_bearer_key_on_api_v1_honours_idempotency_keys_and_x_api_key_does_not(client):
    body = {"request_url": "http://127.0.0.1:9/hook", "source": "messaging"}
    first = client.post("/api/v1/webhooks", json=body, headers={"Idempotency-Key": "k1"})
    again = client.post("/api/v1/webhooks", json=body, headers={"Idempotency-Key": "k1"})
    assert first.json() != again.json()  # Unipile: two webhooks
    bearer(client)
    first = client.post("/api/v1/webhooks", json=body, headers={"Idempotency-Key": "k2"})
    again = client.post("/api/v1/webhooks", json=body, headers={"Idempotency-Key": "k2"})
    assert again.content == first.content and again.headers["Idempotent-Replayed"] == "true"
    assert len(client.get("/api/v1/webhooks").json()["items"]) == 3
