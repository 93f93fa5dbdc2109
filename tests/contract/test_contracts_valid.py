"""The contracts are valid OpenAPI 3.1, document exactly the routes the app serves, and agree
with the error catalog and the scenario model they describe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from starlette.routing import BaseRoute, Mount, Route
from starlette.testclient import TestClient

from simulator.api.errors import MISSING_CREDENTIALS
from simulator.app import Settings, build_app
from simulator.contract_test import FREE_POSTING_REFUSALS_502
from simulator.scenario.schema import Scenario
from simulator.world.errors import CATALOG, types_for_status
from simulator.world.jobs import FreePostingIneligible

CONTRACTS_DIR = Path(__file__).resolve().parents[2] / "contracts"
# coverage.yaml beside them is the coverage ledger (simulator/coverage.py), and *.overlay.yaml an
# Overlay postpress.yaml is assembled from (simulator/contract_assembly.py): not OpenAPI documents.
# *.facts.yaml is Unipile's published document (its facts) and oas-deviations.yaml our list of
# differences from it: not our contracts, judged apart (tests/judge).
_NOT_OURS = {"coverage.yaml", "oas-deviations.yaml"}
CONTRACT_FILES = sorted(
    p
    for p in CONTRACTS_DIR.glob("*.yaml")
    if p.name not in _NOT_OURS
    and not p.name.endswith((".overlay.yaml", ".facts.yaml"))
)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
DEFAULT_KEY = "sim_default_key_0001"


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


CONTRACTS = {path.name: load(path) for path in CONTRACT_FILES}
# pages.yaml documents the hosted-auth wizard's HTML pages, tracking.yaml the pixels and links
# of sent emails: they take part in the route parity and 405 checks, not in those about the
# JSON API's error catalog and examples.
HTML_CONTRACTS = {"pages.yaml", "tracking.yaml", "inspector.yaml"}
API_CONTRACTS = {name: spec for name, spec in CONTRACTS.items() if name not in HTML_CONTRACTS}


def test_the_contracts_exist() -> None:
    assert {"unipile.yaml", "control.yaml", "postpress.yaml", "pages.yaml"} <= set(CONTRACTS)


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_contract_is_valid_openapi_3_1(name: str) -> None:
    spec = CONTRACTS[name]
    assert spec["openapi"] == "3.1.0"
    validate(spec)


# -- the routes served are the routes documented --------------------------------------------


def _without_convertor(template: str) -> str:
    """Starlette's `{id:int}` is OpenAPI's `{id}`."""
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", template)


def served_operations(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, str]]:
    for route in routes:
        if isinstance(route, Mount):
            yield from served_operations(route.routes, prefix + route.path)
        elif isinstance(route, Route):
            for method in route.methods or ():
                if method != "HEAD":  # Starlette adds HEAD to every GET route
                    yield method, _without_convertor(prefix + route.path)


def server_prefix(spec: dict[str, Any]) -> str:
    servers = spec.get("servers") or [{"url": "/"}]
    assert len(servers) == 1, "one server per contract: its path is where the app mounts it"
    return urlsplit(servers[0]["url"]).path.rstrip("/")


def documented_operations(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    prefix = server_prefix(spec)
    for path, item in spec["paths"].items():
        for method in item:
            if method in HTTP_METHODS:
                yield method.upper(), prefix + path


def test_every_served_route_is_documented_and_every_documented_route_is_served() -> None:
    app = build_app(Settings())
    served = set(served_operations(app.routes))
    documented: set[tuple[str, str]] = set()
    for spec in CONTRACTS.values():
        documented |= set(documented_operations(spec))
    assert sorted(served - documented) == [], "served but not in any contract"
    assert sorted(documented - served) == [], "in a contract but not served"


def test_each_contract_server_is_a_mount_of_the_app() -> None:
    app = build_app(Settings())
    mounts = {route.path for route in app.routes if isinstance(route, Mount)}
    for name, spec in CONTRACTS.items():
        assert server_prefix(spec) in mounts, name


def test_an_undocumented_method_answers_405_with_the_documented_methods() -> None:
    with TestClient(build_app(Settings())) as client:
        client.headers["X-API-KEY"] = DEFAULT_KEY
        for spec in CONTRACTS.values():
            prefix = server_prefix(spec)
            for path, item in spec["paths"].items():
                methods = {method.upper() for method in item if method in HTTP_METHODS}
                if "GET" in methods:
                    methods.add("HEAD")
                url = prefix + re.sub(r"\{\w+\}", "some-id", path)
                for method in {"GET", "POST", "PUT", "PATCH", "DELETE"} - methods:
                    response = client.request(method, url)
                    assert response.status_code == 405, (method, url, response.text)
                    assert response.headers["content-type"] == "application/json"
                    body = response.json()
                    assert body["type"] == "errors/method_not_allowed"
                    assert body["status"] == 405
                    allow = {m.strip() for m in response.headers["allow"].split(",")}
                    assert allow == methods, (method, url)


# -- error responses agree with the catalog --------------------------------------------------


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        pointer = node["$ref"].removeprefix("#/").split("/")
        node = spec
        for part in pointer:
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _error_responses(spec: dict[str, Any]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    label = f"{method.upper()} {path} {code}"
                    yield label, int(code), _resolve(spec, response)


def _type_enum(spec: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """The `type` values an error response allows (the enum next to the envelope)."""
    found: list[str] = []
    for part in schema.get("allOf", []):
        part = _resolve(spec, part)
        found += part.get("properties", {}).get("type", {}).get("enum", [])
    return found


# The reference's one answer off the catalog: a free publish of a draft that is not eligible is a
# 502 with the 400 type `errors/invalid_parameters` (simulator/world/jobs.py), on the operations
# the contract test lets answer it.
_FREE_INELIGIBLE = {FreePostingIneligible("").error.type}
OFF_CATALOG = {f"{operation} 502": _FREE_INELIGIBLE for operation in FREE_POSTING_REFUSALS_502}


@pytest.mark.parametrize("name", sorted(API_CONTRACTS))
def test_error_responses_are_the_envelope_with_catalog_types(name: str) -> None:
    spec = CONTRACTS[name]
    envelope = spec["components"]["schemas"]["ErrorEnvelope"]
    assert set(envelope["required"]) == {"title", "type", "status"}
    seen = 0
    for label, status, response in _error_responses(spec):
        schema = response["content"]["application/json"]["schema"]
        parts = [_resolve(spec, part) for part in schema["allOf"]]
        assert envelope in parts, label
        assert any(p.get("properties", {}).get("status", {}).get("const") == status for p in parts)
        types = _type_enum(spec, schema)
        assert types, f"{label}: no `type` enum"
        assert set(types) <= set(types_for_status(status)) | OFF_CATALOG.get(label, set()), label
        seen += 1
    assert seen


@pytest.mark.parametrize("name", sorted(API_CONTRACTS))
def test_401_is_the_exact_live_body(name: str) -> None:
    spec = CONTRACTS[name]
    for label, status, response in _error_responses(spec):
        if status == 401:
            assert response["content"]["application/json"]["example"] == MISSING_CREDENTIALS, label


def test_the_pages_contract_documents_html_pages_without_a_key() -> None:
    spec = CONTRACTS["pages.yaml"]
    assert spec["security"] == []
    operations = 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            operations += 1
            for code, response in operation["responses"].items():
                response = _resolve(spec, response)
                label = f"{method.upper()} {path} {code}"
                if code == "303":
                    assert response["headers"]["Location"]["required"] is True, label
                else:
                    assert set(response["content"]) <= {"text/html", "text/css"}, label
    assert operations == 5


def test_fault_respond_types_are_the_catalog() -> None:
    """`POST /_sim/faults` lists, per status, the types the catalog documents."""
    schema = CONTRACTS["control.yaml"]["components"]["schemas"]["FaultResponse"]
    table: dict[int, set[str]] = {}
    for branch in schema["oneOf"]:
        status = branch["properties"]["status"]["const"]
        match = re.fullmatch(r"\^\(errors/\)\?\((.*)\)\$", branch["properties"]["type"]["pattern"])
        assert match, branch
        table[status] = {f"errors/{name}" for name in match.group(1).split("|")}
    statuses = sorted({entry.status for entry in CATALOG.values()})
    assert sorted(table) == statuses == schema["properties"]["status"]["enum"]
    assert table == {status: set(types_for_status(status)) for status in statuses}


# -- examples are valid against their schemas -----------------------------------------------


def _examples(spec: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(label, JSON pointer of the schema, example value) for every example in the contract."""

    def media(pointer: str, content: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
        for media_type, body in content.items():
            schema_pointer = f"{pointer}/content/{media_type.replace('/', '~1')}/schema"
            if "example" in body:
                yield pointer, schema_pointer, body["example"]
            for name, example in body.get("examples", {}).items():
                yield f"{pointer} {name}", schema_pointer, _resolve(spec, example)["value"]

    # `webhooks` (OpenAPI 3.1) documents what the simulator POSTs, as operations like paths.
    for section in ("paths", "webhooks"):
        for path, item in spec.get(section, {}).items():
            escaped = path.replace("~", "~0").replace("/", "~1")
            for method, operation in item.items():
                if method not in HTTP_METHODS:
                    continue
                base = f"#/{section}/{escaped}/{method}"
                if "requestBody" in operation:
                    yield from media(f"{base}/requestBody", operation["requestBody"]["content"])
                for code, response in operation["responses"].items():
                    if "$ref" in response:
                        target = response["$ref"]
                        yield from media(target, _resolve(spec, response)["content"])
                    else:
                        yield from media(f"{base}/responses/{code}", response.get("content", {}))
    for name, parameter in spec["components"].get("parameters", {}).items():
        if "example" in parameter:
            pointer = f"#/components/parameters/{name}/schema"
            yield pointer, pointer, parameter["example"]
    for name, schema in spec["components"]["schemas"].items():
        for index, example in enumerate(schema.get("examples", [])):
            pointer = f"#/components/schemas/{name}"
            yield f"{pointer} examples[{index}]", pointer, example


@pytest.mark.parametrize("name", sorted(API_CONTRACTS))
def test_every_example_matches_its_schema(name: str) -> None:
    spec = CONTRACTS[name]
    uri = f"urn:contract:{name}"
    registry = Registry().with_resource(uri, Resource.from_contents(spec, DRAFT202012))
    checked = 0
    for label, pointer, example in _examples(spec):
        validator = Draft202012Validator(
            {"$ref": f"{uri}{pointer}"},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = [error.message for error in validator.iter_errors(example)]
        assert not errors, f"{label}: {errors}"
        checked += 1
    assert checked >= 10


# -- the inline scenario schema follows the scenario model ----------------------------------


def _shape(schema: dict[str, Any], defs: dict[str, Any], resolve) -> Any:
    """Property names and required names, recursively, of a JSON Schema object."""
    schema = resolve(schema, defs)
    for key in ("anyOf", "oneOf"):
        # A oneOf beside `properties` only constrains the object (FaultSpec's "one effect").
        if key in schema and "properties" not in schema:
            shapes = [_shape(option, defs, resolve) for option in schema[key]]
            shapes = [shape for shape in shapes if shape is not None]
            return shapes[0] if len(shapes) == 1 else shapes or None
    if schema.get("type") == "array" or "items" in schema:
        return ["items", _shape(schema.get("items", {}), defs, resolve)]
    if "properties" not in schema:
        return None
    return {
        "required": sorted(schema.get("required", [])),
        "properties": {
            name: _shape(value, defs, resolve) for name, value in schema["properties"].items()
        },
    }


def test_inline_scenario_schema_has_the_scenario_models_fields() -> None:
    spec = CONTRACTS["control.yaml"]

    def contract_ref(node: dict[str, Any], _: Any) -> dict[str, Any]:
        return _resolve(spec, node)

    def model_ref(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[1]]
        return node

    model = Scenario.model_json_schema()
    expected = _shape(model, model.get("$defs", {}), model_ref)
    documented = _shape(spec["components"]["schemas"]["Scenario"], None, contract_ref)
    assert _differences(documented, expected, "scenario") == []


def _differences(documented: Any, expected: Any, where: str) -> list[str]:
    """Where the contract's shape and the model's part, as readable lines."""
    if isinstance(documented, dict) and isinstance(expected, dict):
        found = []
        if documented["required"] != expected["required"]:
            found.append(f"{where}: required {documented['required']} in the contract, "
                         f"{expected['required']} in the model")
        names = documented["properties"].keys() | expected["properties"].keys()
        for name in sorted(names):
            if name not in documented["properties"]:
                found.append(f"{where}.{name}: in the model, not in the contract")
            elif name not in expected["properties"]:
                found.append(f"{where}.{name}: in the contract, not in the model")
            else:
                found += _differences(
                    documented["properties"][name], expected["properties"][name], f"{where}.{name}"
                )
        return found
    if isinstance(documented, list) and isinstance(expected, list):
        if len(documented) != len(expected):
            return [f"{where}: {documented} in the contract, {expected} in the model"]
        return [
            line
            for index, (left, right) in enumerate(zip(documented, expected))
            for line in _differences(left, right, f"{where}[{index}]")
        ]
    if documented != expected:
        return [f"{where}: {documented} in the contract, {expected} in the model"]
    return []
