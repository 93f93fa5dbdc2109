"""simulator/contract_assembly.py: contracts/postpress.yaml is unipile.yaml, the Postpress
overlay and the dialect's rules, and the committed file is what they assemble."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from simulator.contract_assembly import (
    REGENERATE,
    AssemblyError,
    apply_overlay,
    idempotency_keys,
    main,
    postpress_contract,
    render,
)

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
METHODS = ("get", "put", "post", "delete", "patch")
IDEMPOTENCY_KEY = {"$ref": "#/components/parameters/IdempotencyKey"}
REPLAYED = {"$ref": "#/components/headers/IdempotentReplayed"}
KEY_REUSED_TYPE = "errors/unprocessable_entity"


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((CONTRACTS / name).read_text(encoding="utf-8"))


UNIPILE = load("unipile.yaml")
POSTPRESS = load("postpress.yaml")


def resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def type_enum(spec: dict[str, Any], response: dict[str, Any]) -> list[str]:
    """The error `type` values a response's envelope allows."""
    schema = resolve(spec, response)["content"]["application/json"]["schema"]
    return [
        name
        for part in schema["allOf"]
        for name in resolve(spec, part).get("properties", {}).get("type", {}).get("enum", [])
    ]


def body_errors(spec: dict[str, Any], path: str, body: dict[str, Any]) -> list[str]:
    """What the POST's JSON request body schema says about `body` (nothing: it is valid)."""
    registry = Registry().with_resource("urn:postpress", Resource.from_contents(spec, DRAFT202012))
    escaped = path.replace("~", "~0").replace("/", "~1")
    pointer = f"#/paths/{escaped}/post/requestBody/content/application~1json/schema"
    validator = Draft202012Validator({"$ref": f"urn:postpress{pointer}"}, registry=registry)
    return [error.message for error in validator.iter_errors(body)]


# -- the committed file ----------------------------------------------------------------------


def test_the_committed_postpress_yaml_is_what_the_assembler_writes() -> None:
    committed = (CONTRACTS / "postpress.yaml").read_text(encoding="utf-8")
    assert committed == render(postpress_contract()), (
        f"contracts/postpress.yaml is stale or was edited by hand: change unipile.yaml or "
        f"postpress.overlay.yaml, then run `{REGENERATE}`"
    )


def test_check_mode_exits_0_when_fresh(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_the_committed_postpress_yaml_is_valid_openapi_3_1() -> None:
    assert POSTPRESS["openapi"] == "3.1.0"
    validate(POSTPRESS)


def test_it_says_it_is_generated_and_how_to_regenerate() -> None:
    head = (CONTRACTS / "postpress.yaml").read_text(encoding="utf-8").splitlines()[:3]
    assert head[0].startswith("# GENERATED")
    assert any(REGENERATE in line for line in head)


def test_every_unipile_operation_is_a_postpress_operation() -> None:
    unipile = {(method, path) for method, path, _ in operations(UNIPILE)}
    postpress = {(method, path) for method, path, _ in operations(POSTPRESS)}
    assert sorted(unipile - postpress) == []
    assert sorted(postpress - unipile) == []


def test_served_under_v1_with_a_bearer_key_or_x_api_key() -> None:
    assert [server["url"] for server in POSTPRESS["servers"]] == ["/v1"]
    assert POSTPRESS["security"] == [{"ApiKey": []}, {"Bearer": []}]
    schemes = POSTPRESS["components"]["securitySchemes"]
    assert schemes["ApiKey"] | {"description": ""} == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-KEY",
        "description": "",
    }
    assert (schemes["Bearer"]["type"], schemes["Bearer"]["scheme"]) == ("http", "bearer")


def test_paths_in_prose_and_examples_name_the_v1_prefix() -> None:
    connect = POSTPRESS["paths"]["/accounts"]["post"]
    assert "`POST /v1/accounts/checkpoint`" in connect["responses"]["202"]["description"]
    text = yaml.safe_dump([POSTPRESS["paths"], POSTPRESS["components"]], width=10**6)
    assert "/api/v1/" not in text


# -- the rules: every POST and PATCH takes Idempotency-Key -----------------------------------


def test_every_post_and_patch_takes_the_key_and_documents_its_422() -> None:
    checked = 0
    for method, path, operation in operations(POSTPRESS):
        if method not in ("post", "patch"):
            continue
        label = f"{method.upper()} {path}"
        assert IDEMPOTENCY_KEY in operation["parameters"], label
        assert KEY_REUSED_TYPE in type_enum(POSTPRESS, operation["responses"]["422"]), label
        for code, answer in operation["responses"].items():
            if code.startswith("2"):
                assert answer["headers"]["Idempotent-Replayed"] == REPLAYED, f"{label} {code}"
        checked += 1
    # connect, checkpoints, invitations, search, webhooks, chats...: all of Unipile's
    assert checked == len([op for op in operations(UNIPILE) if op[0] in ("post", "patch")]) > 10


def test_get_and_delete_do_not_take_the_key() -> None:
    for method, path, operation in operations(POSTPRESS):
        if method in ("get", "delete"):
            assert IDEMPOTENCY_KEY not in operation.get("parameters", []), f"{method} {path}"


def test_an_operation_with_its_own_422_keeps_it_and_names_the_reused_key() -> None:
    refused = POSTPRESS["paths"]["/users/invite"]["post"]["responses"]["422"]
    unipile = UNIPILE["paths"]["/users/invite"]["post"]["responses"]["422"]
    assert type_enum(POSTPRESS, refused) == [*type_enum(UNIPILE, unipile), KEY_REUSED_TYPE]
    assert "`Idempotency-Key`" in refused["description"]


def minimal_document(**components: Any) -> dict[str, Any]:
    return {
        "paths": {},
        "components": {
            "parameters": {"IdempotencyKey": {"name": "Idempotency-Key", "in": "header"}},
            "headers": {"IdempotentReplayed": {"schema": {"type": "string"}}},
            "responses": {"IdempotencyKeyReused": {"description": "Reused."}, **components},
        },
    }


def test_the_rules_apply_to_an_operation_unipile_yaml_gains_later() -> None:
    document = minimal_document(Made={"description": "Made.", "content": {}})
    document["paths"]["/things"] = {
        "get": {"responses": {"200": {"description": "Listed."}}},
        "patch": {
            "requestBody": {"content": {}},
            "responses": {"200": {"$ref": "#/components/responses/Made"}, "400": {}},
        },
    }
    idempotency_keys(document)
    patch = document["paths"]["/things"]["patch"]
    assert list(patch) == ["parameters", "requestBody", "responses"]
    assert patch["parameters"] == [IDEMPOTENCY_KEY]
    # The shared response is copied into the operation, not changed for every user of it.
    assert patch["responses"]["200"] == {
        "description": "Made.",
        "headers": {"Idempotent-Replayed": REPLAYED},
        "content": {},
    }
    assert "headers" not in document["components"]["responses"]["Made"]
    assert list(patch["responses"]) == ["200", "400", "422"]
    assert patch["responses"]["422"] == {"$ref": "#/components/responses/IdempotencyKeyReused"}
    assert document["paths"]["/things"]["get"] == {"responses": {"200": {"description": "Listed."}}}


def test_the_rules_refuse_a_document_without_the_components_they_point_at() -> None:
    document = minimal_document()
    del document["components"]["headers"]
    with pytest.raises(AssemblyError, match="components.headers.IdempotentReplayed"):
        idempotency_keys(document)


# -- what the overlay says Postpress does differently ----------------------------------------


def test_the_invitation_is_answered_200_as_unipile_answers_201() -> None:
    unipile = UNIPILE["paths"]["/users/invite"]["post"]["responses"]
    postpress = POSTPRESS["paths"]["/users/invite"]["post"]["responses"]
    assert "201" not in postpress
    answered = copy.deepcopy(postpress["200"])
    assert answered.pop("headers") == {"Idempotent-Replayed": REPLAYED}
    # Same body, same links: the overlay's copy has not drifted from Unipile's 201.
    assert answered == unipile["201"]
    assert "InviteFoundPerson" in yaml.safe_dump(POSTPRESS["paths"]["/linkedin/search"])


def test_sent_invitations_come_1_to_250_a_page_and_received_ones_as_on_unipile() -> None:
    def limit(path: str) -> dict[str, Any]:
        parameters = [resolve(POSTPRESS, p) for p in POSTPRESS["paths"][path]["get"]["parameters"]]
        return next(p for p in parameters if p["name"] == "limit")["schema"]

    sent = limit("/users/invite/sent")
    assert (sent["minimum"], sent["maximum"], sent["default"]) == (1, 250, 100)
    received = limit("/users/invite/received")
    assert (received["minimum"], received["maximum"], received["default"]) == (1, 100, 10)


def test_a_received_invitation_is_answered_with_linkedins_body_or_instagrams() -> None:
    path = "/users/invite/received/{invitation_id}"
    linkedin = {"provider": "LINKEDIN", "shared_secret": "s", "account_id": "a", "action": "accept"}
    instagram = {"provider": "INSTAGRAM", "account_id": "a", "action": "decline"}
    assert body_errors(POSTPRESS, path, linkedin) == []
    assert body_errors(POSTPRESS, path, instagram) == []
    assert body_errors(POSTPRESS, path, {**instagram, "shared_secret": "s"}) != []
    assert body_errors(UNIPILE, path, instagram) != []


@pytest.mark.parametrize(
    "body",
    [
        {"provider": "WHATSAPP", "pairing_phone_number": "33600000001"},
        {"provider": "INSTAGRAM", "sessionid": "ig-session-ok"},
        {
            "provider": "MESSENGER",
            "cookies": [
                {"name": "xs", "value": "1"},
                {"name": "c_user", "value": "2"},
                {"name": "datr", "value": "3"},
            ],
        },
    ],
    ids=["whatsapp-pairing", "instagram-cookie", "messenger-session"],
)
def test_connect_and_reconnect_take_postpress_variants(body: dict[str, Any]) -> None:
    for path in ("/accounts", "/accounts/{account_id}"):
        assert body_errors(POSTPRESS, path, body) == [], path
        assert body_errors(UNIPILE, path, body) != [], path


def test_a_reconnect_takes_imaps_full_set_and_not_the_repeated_account_id() -> None:
    path = "/accounts/{account_id}"
    passwords_only = {"provider": "MAIL", "imap_password": "p", "smtp_password": "p"}
    assert body_errors(UNIPILE, path, passwords_only) == []
    assert body_errors(POSTPRESS, path, passwords_only) != []
    imap = POSTPRESS["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    assert body_errors(POSTPRESS, path, imap["examples"]["imap"]["value"]) == []
    login = {"provider": "LINKEDIN", "username": "ok@sim.test", "password": "secret"}
    assert body_errors(POSTPRESS, path, {**login, "account_id": "xW_XlKNxiWjaw6Q2wea1mg"}) != []


def test_a_whatsapp_pairing_answers_a_pairing_code_checkpoint() -> None:
    for path in ("/accounts", "/accounts/{account_id}"):
        answer = POSTPRESS["paths"][path]["post"]["responses"]["202"]["content"]["application/json"]
        assert answer["examples"]["pairing"]["value"]["checkpoint"]["type"] == "PAIRING_CODE"
    branches = POSTPRESS["components"]["schemas"]["CheckpointDetail"]["oneOf"]
    assert {"const": "PAIRING_CODE"} in [branch["properties"]["type"] for branch in branches]


# -- apply_overlay: Overlay 1.0.0 --------------------------------------------------------------


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}


def test_an_update_merges_objects_key_by_key_and_replaces_scalars() -> None:
    document = {"info": {"title": "Unipile", "license": {"name": "MIT"}, "version": "1"}}
    update = {"title": "Postpress", "license": {"identifier": "MIT"}, "summary": "new"}
    result = apply_overlay(document, overlay({"target": "$.info", "update": update}))
    assert result == {
        "info": {
            "title": "Postpress",
            "license": {"name": "MIT", "identifier": "MIT"},
            "version": "1",
            "summary": "new",
        }
    }
    assert document["info"]["title"] == "Unipile"  # the input is not changed


def test_an_update_appends_to_arrays() -> None:
    document = {"security": [{"ApiKey": []}], "schema": {"oneOf": [{"const": 1}]}}
    result = apply_overlay(
        document,
        overlay(
            {"target": "$.security", "update": [{"Bearer": []}]},
            {"target": "$.schema", "update": {"oneOf": [{"const": 2}]}},
        ),
    )
    assert result["security"] == [{"ApiKey": []}, {"Bearer": []}]
    assert result["schema"]["oneOf"] == [{"const": 1}, {"const": 2}]


def test_an_update_applies_to_every_node_the_target_selects() -> None:
    document = {"paths": {"/a": {"post": {}}, "/b": {"post": {}}, "/c": {"get": {}}}}
    result = apply_overlay(document, overlay({"target": "$.paths.*.post", "update": {"x": 1}}))
    assert result["paths"] == {
        "/a": {"post": {"x": 1}},
        "/b": {"post": {"x": 1}},
        "/c": {"get": {}},
    }


def test_remove_takes_the_selected_nodes_out_of_their_parents() -> None:
    document = {
        "responses": {"200": {}, "201": {}},
        "parameters": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}],
    }
    result = apply_overlay(
        document,
        overlay(
            {"target": "$.responses['201']", "remove": True},
            {"target": "$.parameters[?@.name=='a' || @.name=='c']", "remove": True},
        ),
    )
    assert result == {"responses": {"200": {}}, "parameters": [{"name": "b"}, {"name": "d"}]}


def test_actions_apply_in_order() -> None:
    document = {"info": {"title": "Unipile"}}
    replaced = apply_overlay(
        document,
        overlay(
            {"target": "$.info.title", "remove": True},
            {"target": "$.info", "update": {"title": "Postpress"}},
        ),
    )
    assert replaced == {"info": {"title": "Postpress"}}
    removed = apply_overlay(
        document,
        overlay(
            {"target": "$.info", "update": {"title": "Postpress"}},
            {"target": "$.info.title", "remove": True},
        ),
    )
    assert removed == {"info": {}}


def test_a_target_that_selects_nothing_stops_the_assembly() -> None:
    with pytest.raises(AssemblyError, match=r"actions\[0\] \$\.paths\['/gone'\]: selects nothing"):
        apply_overlay({"paths": {}}, overlay({"target": "$.paths['/gone']", "update": {}}))
