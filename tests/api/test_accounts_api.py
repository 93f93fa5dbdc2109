import re

import pytest

from tests.api.conftest import assert_envelope

ISO_MS = re.compile(r"^[1-2]\d{3}-[0-1]\d-[0-3]\dT\d{2}:\d{2}:\d{2}\.\d{3}Z$")
UNIQUE_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")


def test_list_has_the_account_list_envelope_and_account_shapes(client):
    body = client.get("/api/v1/accounts").json()
    assert body["object"] == "AccountList" and body["cursor"] is None
    assert len(body["items"]) == 7
    for account in body["items"]:
        assert account["object"] == "Account"
        assert UNIQUE_ID.match(account["id"])
        assert ISO_MS.match(account["created_at"])
        suffix = "MAILS" if account["type"] == "GOOGLE_OAUTH" else "MESSAGING"
        assert account["sources"] == [{"id": f"{account['id']}_{suffix}", "status": account["sources"][0]["status"]}]
        assert account["groups"] == []
        assert "status" not in account  # health lives only in sources[].status


def test_linkedin_connection_params_carry_premium_fields(client):
    items = client.get("/api/v1/accounts").json()["items"]
    linkedin = [a for a in items if a["type"] == "LINKEDIN"]
    sales_nav = next(a for a in linkedin if "sales_navigator" in a["connection_params"]["im"]["premiumFeatures"])
    im = sales_nav["connection_params"]["im"]
    assert im["id"].startswith("ACoAA") and im["username"] == sales_nav["name"]
    assert re.fullmatch(r"[a-z0-9-]+", im["publicIdentifier"])
    assert im["premiumId"] and im["premiumContractId"]
    assert im["organizations"][0]["organization_urn"].startswith("urn:li:fsd_company:")
    free = next(a for a in linkedin if a["connection_params"]["im"]["premiumFeatures"] == [])
    assert free["connection_params"]["im"]["premiumId"] is None
    statuses = sorted(a["sources"][0]["status"] for a in linkedin)
    assert statuses == ["CREDENTIALS", "OK", "OK"]
    whatsapp = next(a for a in items if a["type"] == "WHATSAPP")
    assert whatsapp["connection_params"] == {"im": {"phone_number": whatsapp["connection_params"]["im"]["phone_number"]}}


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_cursor_walk_returns_every_account_once(client, limit):
    everything = [a["id"] for a in client.get("/api/v1/accounts").json()["items"]]
    seen, cursor = [], None
    while True:
        params = {"cursor": cursor} if cursor else {"limit": limit}
        page = client.get("/api/v1/accounts", params=params).json()
        assert len(page["items"]) <= limit
        seen += [a["id"] for a in page["items"]]
        cursor = page["cursor"]
        if cursor is None:
            break
    assert seen == everything


def test_get_one_account_equals_its_list_item(client):
    first = client.get("/api/v1/accounts").json()["items"][0]
    assert client.get(f"/api/v1/accounts/{first['id']}").json() == first


def test_delete_then_the_account_is_404_and_gone_from_the_list(client):
    victim = client.get("/api/v1/accounts").json()["items"][1]["id"]
    response = client.delete(f"/api/v1/accounts/{victim}")
    assert response.status_code == 200 and response.json() == {"object": "AccountDeleted"}
    assert_envelope(client.get(f"/api/v1/accounts/{victim}"), 404, "errors/resource_not_found", "Account not found")
    assert_envelope(client.delete(f"/api/v1/accounts/{victim}"), 404, "errors/resource_not_found")
    remaining = [a["id"] for a in client.get("/api/v1/accounts").json()["items"]]
    assert victim not in remaining and len(remaining) == 6


@pytest.mark.parametrize("headers", [{}, {"X-API-KEY": "not-a-key"}, {"X-API-KEY": ""}])
@pytest.mark.parametrize("path", ["/api/v1/accounts", "/api/v1/accounts/x", "/api/v1/no/such/route"])
def test_missing_or_unknown_key_is_the_exact_live_401(client, headers, path):
    client.headers.pop("X-API-KEY")
    response = client.get(path, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"status": 401, "type": "errors/missing_credentials", "title": "Missing credentials"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=251", "limit"),
        ("limit=ten", "limit"),
        ("limit=", "limit"),
        ("limt=10", "limt"),
        ("cursor=abc", "cursor"),
        ("cursor=", "cursor"),
        ("limit=1&limit=2", "limit"),
    ],
)
def test_bad_query_values_are_400_naming_the_field(client, query, field):
    body = assert_envelope(client.get(f"/api/v1/accounts?{query}"), 400, "errors/invalid_parameters")
    assert body["detail"].startswith(f"{field}:")
    assert body["instance"] == "/api/v1/accounts"


def test_unknown_route_and_wrong_method_answer_in_the_envelope(client):
    assert_envelope(client.get("/api/v1/nothing-here"), 404, "errors/resource_not_found", "/api/v1/nothing-here")
    assert_envelope(client.put("/api/v1/accounts"), 405, "errors/method_not_allowed", "PUT")


@pytest.mark.parametrize("method", ["GET", "DELETE"])
@pytest.mark.parametrize("prefix", ["/api/v1", "/v1"])
def test_checkpoint_is_a_fixed_path_never_an_account_id(client, method, prefix):
    # `/accounts/checkpoint` serves POST (solve a checkpoint): reading or deleting it is a 405
    # naming that, as the contracts document, not the 404 of an account called "checkpoint".
    response = client.request(method, f"{prefix}/accounts/checkpoint")
    assert_envelope(response, 405, "errors/method_not_allowed", method)
    assert response.headers["allow"] == "POST"
