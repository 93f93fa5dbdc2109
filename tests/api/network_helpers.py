"""Finding the default world's LinkedIn accounts and people through the public API."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkedinAccounts:
    sales_navigator: str  # OK, premium + sales_navigator
    free: str  # OK, free plan
    disconnected: str  # premium, status CREDENTIALS


def linkedin_accounts(client) -> LinkedinAccounts:
    items = client.get("/api/v1/accounts").json()["items"]
    linkedin = [a for a in items if a["type"] == "LINKEDIN"]

    def pick(predicate):
        return next(a["id"] for a in linkedin if predicate(a["connection_params"]["im"], a["sources"][0]["status"]))

    return LinkedinAccounts(
        sales_navigator=pick(lambda im, status: "sales_navigator" in im["premiumFeatures"]),
        free=pick(lambda im, status: im["premiumFeatures"] == [] and status == "OK"),
        disconnected=pick(lambda im, status: status == "CREDENTIALS"),
    )


def people_at(client, account_id: str, distance: int, count: int) -> list[dict]:
    """`count` search results at 2nd or 3rd degree (Classic search, 50 a page: any plan)."""
    found: list[dict] = []
    params = {"account_id": account_id, "limit": 50}
    body: dict = {"api": "classic", "category": "people", "network_distance": [distance]}
    while len(found) < count:
        page = client.post("/api/v1/linkedin/search", params=params, json=body).json()
        found += [item for item in page["items"] if item["network_distance"] == f"DISTANCE_{distance}"]
        if page["cursor"] is None:
            break
        params, body = {"account_id": account_id, "cursor": page["cursor"]}, {"cursor": page["cursor"]}
    assert len(found) >= count, f"only {len(found)} people at distance {distance}"
    return found[:count]
