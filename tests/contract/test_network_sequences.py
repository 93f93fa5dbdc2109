"""The LinkedIn network operations with real ids, every response checked against the contracts.

Generated cases only reach these operations with made-up account ids (404s); these sequences
drive each one through its success and its documented refusals.
"""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from simulator.app import Settings, build_app
from tests.contract.support import AUTH, load_schema

UNIPILE = load_schema("unipile.yaml")
CONTROL = load_schema("control.yaml")
JANE = "ACoAA3XMzR2zc3eUEYh4TZMfdhlkDHofNZGHsMg"
MARCUS = "ACoAAQrzZcKuL-UhgUCeH5ctsA9sFCmc8qdkPLQ"


@pytest.fixture
def app() -> Starlette:
    return build_app(Settings())


def call(app: Starlette, schema, method: str, path: str, **parts):
    case = schema[path][method].Case(headers=dict(AUTH), **parts)
    return case.call_and_validate(app=app, headers=dict(AUTH))


@pytest.fixture
def linkedin(app: Starlette) -> dict[str, str]:
    accounts = call(app, UNIPILE, "GET", "/accounts").json()["items"]
    found = {}
    for account in accounts:
        if account["type"] != "LINKEDIN":
            continue
        features = account["connection_params"]["im"]["premiumFeatures"]
        status = account["sources"][0]["status"]
        key = "disconnected" if status == "CREDENTIALS" else ("salesnav" if features else "free")
        found[key] = account["id"]
    found["whatsapp"] = next(a["id"] for a in accounts if a["type"] == "WHATSAPP")
    return found


def test_profiles_and_relations(app: Starlette, linkedin: dict[str, str]) -> None:
    for account_id in linkedin.values():
        call(app, UNIPILE, "GET", "/users/me", query={"account_id": account_id})
        call(app, UNIPILE, "GET", "/linkedin/inmail_balance", query={"account_id": account_id})
    for sections in (None, "*", "experience,skills"):
        query = {"account_id": linkedin["salesnav"]} | ({"linkedin_sections": sections} if sections else {})
        call(app, UNIPILE, "GET", "/users/{identifier}", path_parameters={"identifier": "jane-doe"}, query=query)
    forbidden = call(app, UNIPILE, "GET", "/users/{identifier}", path_parameters={"identifier": JANE},
                     query={"account_id": linkedin["free"], "linkedin_api": "sales_navigator"})
    assert forbidden.status_code == 403
    gone = call(app, UNIPILE, "GET", "/users/{identifier}", path_parameters={"identifier": JANE},
                query={"account_id": linkedin["disconnected"]})
    assert gone.status_code == 401
    query = {"account_id": linkedin["free"], "limit": 25}
    seen = 0
    while True:
        page = call(app, UNIPILE, "GET", "/users/relations", query=query).json()
        seen += len(page["items"])
        if page["cursor"] is None:
            break
        query = {"account_id": linkedin["free"], "cursor": page["cursor"]}
    assert seen == 60


def test_invitations_through_their_life(app: Starlette, linkedin: dict[str, str]) -> None:
    salesnav = linkedin["salesnav"]
    sent = call(app, UNIPILE, "POST", "/users/invite", body={"account_id": salesnav, "provider_id": JANE, "message": "Hi"})
    assert sent.status_code == 201
    again = call(app, UNIPILE, "POST", "/users/invite", body={"account_id": salesnav, "provider_id": JANE})
    assert again.json()["type"] == "errors/already_invited_recently"
    too_long = call(app, UNIPILE, "POST", "/users/invite", body={"account_id": linkedin["free"], "provider_id": JANE, "message": "x" * 250})
    assert too_long.json()["type"] == "errors/too_many_characters"
    disconnected = call(app, UNIPILE, "POST", "/users/invite", body={"account_id": linkedin["disconnected"], "provider_id": JANE})
    assert disconnected.json()["type"] == "errors/disconnected_account"
    listed = call(app, UNIPILE, "GET", "/users/invite/sent", query={"account_id": salesnav}).json()
    assert [i["id"] for i in listed["items"]] == [sent.json()["invitation_id"]]

    invitation_id = sent.json()["invitation_id"]
    answered = call(app, CONTROL, "POST", "/invitations/{invitation_id}/accept", path_parameters={"invitation_id": invitation_id})
    assert answered.json()["status"] == "ACCEPTED"
    twice = call(app, CONTROL, "POST", "/invitations/{invitation_id}/decline", path_parameters={"invitation_id": invitation_id})
    assert twice.status_code == 422
    connected = call(app, UNIPILE, "POST", "/users/invite", body={"account_id": salesnav, "provider_id": JANE})
    assert connected.json()["type"] == "errors/already_connected"

    marcus = call(app, UNIPILE, "POST", "/users/invite", body={"account_id": salesnav, "provider_id": MARCUS}).json()
    call(app, UNIPILE, "DELETE", "/users/invite/sent/{invitation_id}",
         path_parameters={"invitation_id": marcus["invitation_id"]}, query={"account_id": salesnav})
    cooling = call(app, UNIPILE, "POST", "/users/invite", body={"account_id": salesnav, "provider_id": MARCUS})
    assert cooling.json()["type"] == "errors/cannot_resend_yet"
    missing = call(app, UNIPILE, "POST", "/users/cancel-invite", body={"account_id": salesnav, "invitation_id": marcus["invitation_id"]})
    assert missing.status_code == 404


def test_received_invitations(app: Starlette, linkedin: dict[str, str]) -> None:
    free = linkedin["free"]
    made = call(app, CONTROL, "POST", "/people/{provider_id}/invite", path_parameters={"provider_id": MARCUS},
                body={"account_id": free, "message": "Hello"}).json()
    page = call(app, UNIPILE, "GET", "/users/invite/received", query={"account_id": free}).json()
    assert page["items"] == [made]
    body = {"provider": "LINKEDIN", "shared_secret": "not-it", "account_id": free, "action": "accept"}
    path = {"invitation_id": made["id"]}
    assert call(app, UNIPILE, "POST", "/users/invite/received/{invitation_id}", path_parameters=path, body=body).status_code == 400
    body["shared_secret"] = made["specifics"]["shared_secret"]
    handled = call(app, UNIPILE, "POST", "/users/invite/received/{invitation_id}", path_parameters=path, body=body)
    assert handled.json() == {"object": "UserInvitationHandled", "status": "ACCEPTED"}
    assert call(app, UNIPILE, "POST", "/users/invite/received/{invitation_id}", path_parameters=path, body=body).status_code == 422
    refused = call(app, CONTROL, "POST", "/people/{provider_id}/invite", path_parameters={"provider_id": MARCUS}, body={"account_id": free})
    assert refused.json()["type"] == "errors/already_connected"


def test_search_and_parameters(app: Starlette, linkedin: dict[str, str]) -> None:
    query = {"account_id": linkedin["salesnav"], "limit": 100}
    body: dict = {"api": "sales_navigator", "category": "people", "industry": {"exclude": ["4"]}}
    pages = 0
    while True:
        page = call(app, UNIPILE, "POST", "/linkedin/search", query=query, body=body).json()
        pages += 1
        if page["cursor"] is None:
            break
        query, body = {"account_id": linkedin["salesnav"]}, {"cursor": page["cursor"]}
    assert pages > 1
    for kind in ("LOCATION", "INDUSTRY", "COMPANY", "SCHOOL", "SKILL", "JOB_TITLE", "PEOPLE", "CONNECTIONS", "GROUPS"):
        call(app, UNIPILE, "GET", "/linkedin/search/parameters", query={"account_id": linkedin["free"], "type": kind})
    denied = call(app, UNIPILE, "POST", "/linkedin/search", query={"account_id": linkedin["free"]},
                  body={"api": "recruiter", "category": "people"})
    assert denied.status_code == 403
    not_linkedin = call(app, UNIPILE, "POST", "/linkedin/search", query={"account_id": linkedin["whatsapp"]},
                        body={"api": "classic", "category": "people"})
    assert not_linkedin.status_code == 422
