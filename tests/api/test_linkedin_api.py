"""/api/v1/linkedin over HTTP (in-process): search and its walks, parameters, InMail balance."""

import pytest

from tests.api.conftest import assert_envelope
from tests.api.network_helpers import linkedin_accounts

SEARCH = "/api/v1/linkedin/search"


@pytest.fixture
def ids(client):
    return linkedin_accounts(client)


def search(client, account_id, body, **params):
    return client.post(SEARCH, params={"account_id": account_id} | params, json=body)


def test_search_result_shape_and_paging(client, ids):
    body = {"api": "classic", "category": "people", "keywords": "jane doe"}
    page = search(client, ids.free, body).json()
    assert page["object"] == "LinkedinSearch"
    assert page["config"] == {"params": body}
    assert page["paging"] == {"start": 0, "page_count": 1, "total_count": 1}
    (jane,) = page["items"]
    assert jane["object"] == "SearchResult" and jane["type"] == "PEOPLE"
    assert (jane["id"], jane["public_identifier"], jane["name"]) == (
        "ACoAA3XMzR2zc3eUEYh4TZMfdhlkDHofNZGHsMg", "jane-doe", "Jane Doe")
    assert jane["network_distance"] == "DISTANCE_2" and jane["pending_invitation"] is False
    assert jane["member_urn"].startswith("urn:li:member:") and page["cursor"] is None


@pytest.mark.parametrize(("api", "limit"), [("classic", 7), ("classic", 50), ("sales_navigator", 100)])
def test_search_walk_has_no_duplicates_or_gaps(client, ids, api, limit):
    body = {"api": api, "category": "people"}
    first = search(client, ids.sales_navigator, body, limit=limit).json()
    total = first["paging"]["total_count"]
    assert total == 503  # everyone in the default network
    seen, page, starts = [], first, []
    while True:
        assert page["paging"]["page_count"] == len(page["items"]) <= limit
        starts.append(page["paging"]["start"])
        seen += [item["id"] for item in page["items"]]
        if page["cursor"] is None:
            break
        # Half the pages send the cursor in the query, half in the body (both are documented).
        if len(starts) % 2:
            page = client.post(SEARCH, params={"account_id": ids.sales_navigator, "cursor": page["cursor"]}).json()
        else:
            page = client.post(SEARCH, params={"account_id": ids.sales_navigator}, json={"cursor": page["cursor"]}).json()
    assert len(seen) == len(set(seen)) == total
    assert starts == list(range(0, total, limit))
    distances = [item["network_distance"] for item in first["items"]]
    assert distances == sorted(distances)  # DISTANCE_1 first


def test_filters_by_ids_from_the_parameters_route(client, ids):
    params = {"account_id": ids.free, "type": "LOCATION", "keywords": "paris"}
    paris = client.get("/api/v1/linkedin/search/parameters", params=params).json()
    assert paris["object"] == "LinkedinSearchParametersList" and paris["paging"] == {"page_count": 1}
    (location,) = paris["items"]
    assert location["object"] == "LinkedinSearchParameter" and location["id"].isdigit()
    body = {"api": "classic", "category": "people", "location": [location["id"]], "network_distance": [1, 2]}
    page = search(client, ids.free, body, limit=50).json()
    assert page["items"] and all(i["location"] == location["title"] for i in page["items"])
    assert {i["network_distance"] for i in page["items"]} <= {"DISTANCE_1", "DISTANCE_2"}


def test_limit_zero_counts_without_items(client, ids):
    page = search(client, ids.free, {"api": "classic", "category": "people"}, limit=0).json()
    assert page["items"] == [] and page["paging"]["total_count"] == 503 and page["cursor"] is None


@pytest.mark.parametrize(
    ("account", "body", "params", "status", "error_type", "mentions"),
    [
        ("free", {"api": "sales_navigator", "category": "people"}, {}, 403, "errors/feature_not_subscribed", "sales_navigator"),
        ("sales_navigator", {"api": "recruiter", "category": "people"}, {}, 403, "errors/feature_not_subscribed", "recruiter"),
        ("free", {"api": "classic", "category": "people"}, {"limit": 51}, 400, "errors/invalid_parameters", "at most 50"),
        ("free", {"api": "classic", "category": "people"}, {"limit": 101}, 400, "errors/invalid_parameters", "limit"),
        ("free", {"api": "classic", "category": "groups"}, {}, 400, "errors/invalid_parameters", "category"),
        ("free", {"api": "classic", "category": "people", "location": ["Paris"]}, {}, 400, "errors/invalid_parameters", "location"),
        ("free", {"api": "classic", "category": "people", "network_distance": [4]}, {}, 400, "errors/invalid_parameters", "network_distance"),
        ("free", {"url": "https://www.linkedin.com/search/results/people/?keywords=cto"}, {}, 400, "errors/invalid_parameters", "url"),
        ("free", {"api": "classic"}, {}, 400, "errors/missing_parameters", "category"),
        ("free", {"cursor": "bm9wZQ"}, {}, 400, "errors/invalid_parameters", "cursor"),
        ("disconnected", {"api": "classic", "category": "people"}, {}, 401, "errors/disconnected_account", "account_id"),
    ],
)
def test_search_errors(client, ids, account, body, params, status, error_type, mentions):
    response = search(client, getattr(ids, account), body, **params)
    assert_envelope(response, status, error_type, mentions)


def test_sales_navigator_include_exclude_filters(client, ids):
    body = {"api": "sales_navigator", "category": "people", "industry": {"exclude": ["4", "6"]}}
    page = search(client, ids.sales_navigator, body, limit=100).json()
    assert page["items"]
    assert not {i["industry"] for i in page["items"]} & {"Software Development", "Technology, Information and Internet"}


def test_search_parameters_errors(client, ids):
    route = "/api/v1/linkedin/search/parameters"
    assert_envelope(client.get(route, params={"account_id": ids.free}), 400, "errors/missing_parameters", "type")
    assert_envelope(client.get(route, params={"account_id": ids.free, "type": "PLANETS"}), 400, "errors/invalid_parameters", "type")
    assert_envelope(client.get(route, params={"account_id": ids.free, "type": "SKILL", "limit": 0}), 400, "errors/invalid_parameters", "limit")
    skills = client.get(route, params={"account_id": ids.free, "type": "SKILL", "limit": 3}).json()
    assert len(skills["items"]) == 3


def test_inmail_balance_follows_the_plan(client, ids):
    salesnav = client.get("/api/v1/linkedin/inmail_balance", params={"account_id": ids.sales_navigator}).json()
    assert salesnav == {"object": "LinkedinInmailBalance", "premium": 5, "recruiter": None, "sales_navigator": 50}
    free = client.get("/api/v1/linkedin/inmail_balance", params={"account_id": ids.free}).json()
    assert free == {"object": "LinkedinInmailBalance", "premium": None, "recruiter": None, "sales_navigator": None}
    whatsapp = next(a["id"] for a in client.get("/api/v1/accounts").json()["items"] if a["type"] == "WHATSAPP")
    response = client.get("/api/v1/linkedin/inmail_balance", params={"account_id": whatsapp})
    assert_envelope(response, 422, "errors/invalid_account", "WHATSAPP")
