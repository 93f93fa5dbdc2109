"""Strict mode (simulator/api/strict.py): every API response is checked against its contract,
and a drift becomes a 500 `errors/unexpected_error` naming it."""

from __future__ import annotations

from urllib.parse import urlsplit

import orjson
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

import simulator.api.unipile.accounts as accounts_routes
from simulator import cli
from simulator.api.strict import StrictMiddleware, json_path
from simulator.app import Settings, build_app
from simulator.scenario.loader import ScenarioError
from tests.api.conftest import DEFAULT_KEY, assert_envelope

ACCOUNTS = "/api/v1/accounts"


def drift_detail(response) -> str:
    body = assert_envelope(response, 500, "errors/unexpected_error")
    assert body["detail"].startswith("strict mode: the response drifted from contracts/"), body
    return body["detail"]


def test_the_client_fixture_is_strict(client):
    assert client.app.state.settings.strict is True


def test_the_plugin_server_is_strict(unipile_sim):
    assert unipile_sim.settings.strict is True


@pytest.mark.parametrize(
    "path", [ACCOUNTS, "/v1/accounts", "/_sim/clock", "/api/v1/users/me?account_id=nobody"]
)
def test_a_correct_response_passes_through_unchanged(client, path):
    with TestClient(build_app(Settings())) as lax:
        lax.headers["X-API-KEY"] = DEFAULT_KEY
        expected = lax.get(path)
    strict = client.get(path)
    assert (strict.status_code, strict.content) == (expected.status_code, expected.content)
    assert strict.headers["content-type"] == expected.headers["content-type"]
    assert strict.headers["content-length"] == str(len(expected.content))


def test_a_broken_render_becomes_a_500_naming_the_drift(client, monkeypatch):
    account_id = client.get(ACCOUNTS).json()["items"][0]["id"]

    original = accounts_routes.account_json

    def asleep(account):
        return {**original(account), "sources": [{"id": "s", "status": "ASLEEP"}]}

    monkeypatch.setattr(accounts_routes, "account_json", asleep)
    response = client.get(f"{ACCOUNTS}/{account_id}")
    detail = drift_detail(response)
    assert (
        "contracts/unipile.yaml: GET /api/v1/accounts/{account_id} 200 at $.sources[0].status:"
        in detail
    )
    assert '"ASLEEP" is not one of' in detail
    assert response.json()["instance"] == f"{ACCOUNTS}/{account_id}"


def test_a_missing_required_field_is_named(client, monkeypatch):
    original = accounts_routes.account_json

    def without_groups(account):
        return {key: value for key, value in original(account).items() if key != "groups"}

    def fragment_without_groups(account):
        return orjson.Fragment(orjson.dumps(without_groups(account)))

    # The list serializes each account once and keeps the bytes: the drift goes in there.
    monkeypatch.setattr(accounts_routes, "account_fragment", fragment_without_groups)
    detail = drift_detail(client.get(ACCOUNTS))
    assert 'GET /api/v1/accounts 200 at $.items[0]: "groups" is a required property' in detail
    assert "more)" in detail  # every account lacks it: the others are counted, not listed


def _strict_app(endpoint) -> TestClient:
    """A stand-in server behind StrictMiddleware with the real contracts."""
    app = Starlette(routes=[Route(ACCOUNTS, endpoint), Route("/hosted/{anything}", endpoint)])
    return TestClient(StrictMiddleware(app))


def test_an_undocumented_status_is_a_drift():
    async def teapot(request: Request) -> Response:
        return JSONResponse({"title": "teapot"}, status_code=418)

    detail = drift_detail(_strict_app(teapot).get(ACCOUNTS))
    assert "GET /api/v1/accounts answered 418, not documented (documented: 200, 400, 401" in detail


def test_an_undocumented_content_type_is_a_drift():
    async def text(request: Request) -> Response:
        return PlainTextResponse("accounts")

    detail = drift_detail(_strict_app(text).get(ACCOUNTS))
    assert "GET /api/v1/accounts 200: Content-Type 'text/plain' is not documented" in detail


def test_a_body_that_is_not_json_is_a_drift():
    async def truncated(request: Request) -> Response:
        return Response(b'{"object":"', media_type="application/json")

    detail = drift_detail(_strict_app(truncated).get(ACCOUNTS))
    assert "GET /api/v1/accounts 200: the body is not JSON (" in detail


def test_paths_no_contract_documents_are_not_checked():
    async def anything(request: Request) -> Response:
        return PlainTextResponse("whatever", status_code=418)

    response = _strict_app(anything).get("/hosted/whatever")
    assert (response.status_code, response.text) == (418, "whatever")


def test_a_head_request_checks_the_status_not_the_empty_body(client):
    response = client.head(ACCOUNTS)
    assert (response.status_code, response.content) == (200, b"")


def test_an_answer_a_fault_rule_injects_is_deliberate_and_passes(client):
    added = client.post(
        "/_sim/faults",
        json={"match": {"method": "GET", "path": ACCOUNTS}, "malformed": {"status": 200}},
    )
    assert added.status_code == 201, added.text
    response = client.get(ACCOUNTS)
    assert (response.status_code, response.content) == (200, b'{"object":"')


def test_an_error_a_fault_rule_injects_passes_even_if_undocumented(client):
    account_id = client.get(ACCOUNTS).json()["items"][0]["id"]
    # GET /accounts/{account_id} documents no 429: the rule answers it anyway, on purpose.
    added = client.post(
        "/_sim/faults",
        json={
            "match": {"method": "GET", "path": f"{ACCOUNTS}/{{account_id}}"},
            "respond": {"status": 429, "type": "too_many_requests"},
        },
    )
    assert added.status_code == 201, added.text
    assert_envelope(client.get(f"{ACCOUNTS}/{account_id}"), 429, "errors/too_many_requests")


def test_hosted_pages_are_html_and_not_validated_as_json(client):
    link = client.post(
        "/api/v1/hosted/accounts/link",
        json={
            "type": "create",
            "providers": ["LINKEDIN"],
            "api_url": "https://api8.unipile.com:13443",
            "expiresOn": "2026-01-05T10:00:00.000Z",
        },
    )
    assert link.status_code == 201, link.text
    page = TestClient(client.app).get(urlsplit(link.json()["url"]).path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text
    unknown = TestClient(client.app).get("/hosted/no-such-session")
    assert (unknown.status_code, unknown.headers["content-type"].split(";")[0]) == (
        404,
        "text/html",
    )


@pytest.mark.parametrize(
    ("parts", "path"),
    [([], "$"), (["items", 0, "sources"], "$.items[0].sources"), (["a b", 2], '$["a b"][2]')],
)
def test_json_path(parts, path):
    assert json_path(parts) == path


def test_serve_strict_builds_a_strict_app(monkeypatch):
    seen = []

    def build(settings):
        seen.append(settings)
        raise ScenarioError("stop before listening")

    monkeypatch.setattr(cli, "build_app", build)
    assert cli.main(["serve", "--strict", "--port", "0"]) == 2
    assert cli.main(["serve", "--port", "0"]) == 2
    assert [settings.strict for settings in seen] == [True, False]
