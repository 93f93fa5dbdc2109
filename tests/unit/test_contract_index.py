"""simulator/api/contract_index.py: which documented operation a request is, and its responses."""

from __future__ import annotations

import pytest

from simulator.api.contract_index import api_contracts, load_contract

UNIPILE = load_contract("unipile.yaml")


@pytest.mark.parametrize(
    ("method", "path", "label"),
    [
        ("GET", "/api/v1/accounts", "GET /api/v1/accounts"),
        ("HEAD", "/api/v1/accounts", "GET /api/v1/accounts"),
        ("GET", "/api/v1/accounts/abc", "GET /api/v1/accounts/{account_id}"),
        # A concrete path wins over a template, as OpenAPI says and the router does.
        ("POST", "/api/v1/accounts/checkpoint", "POST /api/v1/accounts/checkpoint"),
        ("GET", "/api/v1/users/me", "GET /api/v1/users/me"),
        ("GET", "/api/v1/users/jane-doe", "GET /api/v1/users/{identifier}"),
        ("GET", "/api/v1/chats/c1/messages", "GET /api/v1/chats/{chat_id}/messages"),
    ],
)
def test_a_request_is_the_operation_its_path_and_method_document(method, path, label):
    operation = UNIPILE.operation_for(method, path)
    assert operation is not None and operation.label == label


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/accounts/checkpoint"),  # the concrete path documents POST only
        ("PUT", "/api/v1/accounts"),
        ("GET", "/api/v1/accounts/"),
        ("GET", "/api/v1/accounts/a/b"),
        ("GET", "/api/v1/nowhere"),
    ],
)
def test_an_undocumented_request_is_no_operation(method, path):
    assert UNIPILE.operation_for(method, path) is None


def test_responses_are_found_by_status_with_their_media_types():
    operation = UNIPILE.operation_for("GET", "/api/v1/accounts")
    assert operation is not None
    code, response = operation.response_for(200) or ("", None)
    assert code == "200" and response is not None
    assert response.media_types == ("application/json",)
    assert response.media_type_for("application/json") == "application/json"
    assert response.media_type_for("text/html") is None
    assert operation.response_for(418) is None
    assert operation.validator("200", "application/json").is_valid(
        {"object": "AccountList", "items": [], "cursor": None}
    )
    assert not operation.validator("200", "application/json").is_valid({"object": "AccountList"})


def test_a_response_given_by_reference_is_resolved():
    operation = UNIPILE.operation_for("GET", "/api/v1/accounts")
    assert operation is not None
    found = operation.response_for(401)
    assert found is not None and found[1].pointer.startswith("/components/responses/")
    assert operation.validator("401", "application/json").is_valid(
        {"status": 401, "type": "errors/missing_credentials", "title": "Missing credentials"}
    )


def test_the_three_api_contracts_and_their_prefixes():
    assert sorted(contract.prefix for contract in api_contracts()) == ["/_sim", "/api/v1", "/v1"]
