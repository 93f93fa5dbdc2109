"""Each shipped scenario, made through the control plane, driven through the public API.

A test module names its scenario (`SCENARIO = "free-account-limits"`); the `sim` fixture is an
in-process client holding a fresh world of it (`POST /_sim/tenants {scenario: NAME}`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app


@pytest.fixture
def sim(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with TestClient(build_app(Settings(scenarios=["empty"], strict=True))) as client:
        made = client.post("/_sim/tenants", json={"scenario": request.module.SCENARIO})
        assert made.status_code == 201, made.text
        client.headers["X-API-KEY"] = made.json()["api_key"]
        yield client


def advance(client: TestClient, seconds: float) -> list[dict[str, Any]]:
    """Move the world's clock; the events that fired, in time order."""
    response = client.post("/_sim/clock/advance", json={"seconds": seconds})
    assert response.status_code == 200, response.text
    return response.json()["fired"]


def kinds(fired: list[dict[str, Any]]) -> list[str]:
    return [event["kind"] for event in fired]


def status_of(client: TestClient, account_id: str) -> str:
    return client.get(f"/api/v1/accounts/{account_id}").json()["sources"][0]["status"]


def provider_id(client: TestClient, account_id: str, identifier: str) -> str:
    profile = client.get(f"/api/v1/users/{identifier}", params={"account_id": account_id})
    assert profile.status_code == 200, profile.text
    return profile.json()["provider_id"]


def invite(client: TestClient, account_id: str, person: str, message: str | None = None):
    body = {"account_id": account_id, "provider_id": person}
    if message is not None:
        body["message"] = message
    return client.post("/api/v1/users/invite", json=body)


HOUR = 3600
DAY = 86_400


def prospects(client: TestClient, account_id: str, count: int) -> list[str]:
    """Provider ids of `count` people at 2nd or 3rd degree, found by Classic search."""
    found: list[str] = []
    params: dict[str, Any] = {"account_id": account_id, "limit": 50}
    body: dict[str, Any] = {"api": "classic", "category": "people", "network_distance": [2, 3]}
    while len(found) < count:
        page = client.post("/api/v1/linkedin/search", params=params, json=body)
        assert page.status_code == 200, page.text
        found += [
            item["id"]
            for item in page.json()["items"]
            if item["network_distance"] in ("DISTANCE_2", "DISTANCE_3") and item["id"] not in found
        ]
        cursor = page.json()["cursor"]
        if cursor is None:
            break
        params, body = {"account_id": account_id, "cursor": cursor}, {"cursor": cursor}
    assert len(found) >= count, f"only {len(found)} people at 2nd/3rd degree"
    return found[:count]
