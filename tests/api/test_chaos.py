"""Chaos mode: a seeded share of API calls answers a transient error its route documents."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from simulator.api.chaos import chaos_table
from tests.api.conftest import DEFAULT_KEY, assert_envelope

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}
CONNECT = {"provider": "LINKEDIN", "username": "ok@sim.test", "password": "secret"}


def start(client, **body):
    response = client.post("/_sim/chaos", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def connect_statuses(client, count):
    """`count` logins with credentials the world refuses: 401 unless chaos answers first."""
    bad = CONNECT | {"password": "wrong"}
    answers = [client.post("/api/v1/accounts", json=bad) for _ in range(count)]
    return [(r.status_code, r.json()["type"]) for r in answers]


def test_off_by_default_on_off_and_counts(client):
    assert client.get("/_sim/chaos").json() == {
        "object": "ChaosMode", "enabled": False, "fraction": None, "statuses": [], "eligible": 0, "failed": 0,
    }
    assert start(client, fraction=0.5, statuses=[503, 500, 503]) == {
        "object": "ChaosMode", "enabled": True, "fraction": 0.5, "statuses": [500, 503], "eligible": 0, "failed": 0,
    }
    answers = connect_statuses(client, 10)
    failed = sum(status in (500, 503, 504) for status, _ in answers)
    state = client.get("/_sim/chaos").json()
    assert (state["eligible"], state["failed"]) == (10, failed)
    stopped = client.delete("/_sim/chaos").json()
    assert stopped["enabled"] is False and stopped["failed"] == failed  # what the run went through
    assert {status for status, _ in connect_statuses(client, 10)} == {401}


def test_a_fixed_seed_gives_the_same_sequence_twice(client):
    def run():
        client.post("/_sim/reset")
        start(client, fraction=0.5, statuses=sorted(TRANSIENT))
        return connect_statuses(client, 40)

    first, second = run(), run()
    assert first == second
    assert len({status for status, _ in first}) >= 4  # a real mix, not one status


def test_another_seed_gives_another_sequence(client):
    def run(seed):
        key = client.post("/_sim/tenants", json={"scenario": "default", "seed": seed}).json()["api_key"]
        client.headers["X-API-KEY"] = key
        start(client, fraction=0.5)
        return connect_statuses(client, 40)

    assert run(1) != run(2)


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.75])
def test_the_fraction_is_respected_over_400_calls(client, fraction):
    start(client, fraction=fraction)
    answers = connect_statuses(client, 400)
    failed = sum(status != 401 for status, _ in answers)
    # Within four standard deviations of a binomial draw (seeded: the same count every run).
    assert abs(failed / 400 - fraction) <= 4 * math.sqrt(fraction * (1 - fraction) / 400), failed
    assert client.get("/_sim/chaos").json()["failed"] == failed


def test_fraction_one_fails_every_eligible_call_and_routes_without_transient_errors_are_left_alone(client):
    start(client, fraction=1.0)
    assert {status for status, _ in connect_statuses(client, 20)} <= {500, 503, 504}
    for _ in range(20):
        assert client.get("/api/v1/accounts").status_code == 200
        assert client.get("/api/v1/webhooks").status_code == 200
    assert client.get("/_sim/chaos").json()["eligible"] == 20


def test_statuses_narrow_the_choice_and_the_routes(client):
    start(client, fraction=1.0, statuses=[425])
    assert {answer for answer in connect_statuses(client, 10)} == {(425, "errors/auth_in_progress")}
    start(client, fraction=1.0, statuses=[408])
    assert {answer for answer in connect_statuses(client, 10)} == {(408, "errors/request_timeout")}


# -- every chaos answer is documented for its route ------------------------------------------


def _load(name):
    return yaml.safe_load((CONTRACTS / name).read_text(encoding="utf-8"))


def _operations():
    """(contract, prefix, method, path, {status: response pointer}) of every operation that
    documents a transient error, read from the contract itself."""
    for name in ("unipile.yaml", "postpress.yaml"):
        spec = _load(name)
        prefix = spec["servers"][0]["url"]
        for path, item in spec["paths"].items():
            escaped = path.replace("~", "~0").replace("/", "~1")
            for method, operation in item.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                documented = {}
                for code, response in operation["responses"].items():
                    # The free-ineligible job draft's 502 is an answer about state (its type is
                    # the 400 `errors/invalid_parameters`), not a transient error chaos draws.
                    if response.get("$ref") == "#/components/responses/FreePostingIneligible":
                        continue
                    if code.isdigit() and int(code) in TRANSIENT:
                        pointer = response.get("$ref", f"#/paths/{escaped}/{method}/responses/{code}")
                        documented[int(code)] = pointer + "/content/application~1json/schema"
                if documented:
                    yield name, spec, prefix, method.upper(), path, documented


OPERATIONS = list(_operations())


def test_the_contracts_document_transient_errors_somewhere():
    labels = {f"{method} {prefix}{path}" for _, _, prefix, method, path, _ in OPERATIONS}
    assert {"POST /api/v1/accounts", "POST /v1/accounts/{account_id}"} <= labels


@pytest.mark.parametrize(
    ("contract", "spec", "prefix", "method", "path", "documented"),
    OPERATIONS,
    ids=[f"{op[3]} {op[2]}{op[4]}" for op in OPERATIONS],
)
def test_every_chaos_answer_is_a_documented_status_and_type(client, contract, spec, prefix, method, path, documented):
    start(client, fraction=1.0, statuses=sorted(TRANSIENT))
    registry = Registry().with_resource(f"urn:{contract}", Resource.from_contents(spec, DRAFT202012))
    url = prefix + re.sub(r"\{\w+\}", "some-id", path)
    seen = set()
    for _ in range(30):
        response = client.request(method, url, json={}, params={"account_id": "some-id"})
        assert response.status_code in documented, response.text
        body = response.json()
        schema = {"$ref": f"urn:{contract}{documented[response.status_code]}"}
        errors = [e.message for e in Draft202012Validator(schema, registry=registry).iter_errors(body)]
        assert not errors, (response.status_code, body, errors)
        assert body["instance"] == url
        seen.add(response.status_code)
    assert seen == set(documented)  # 30 draws reach every documented status


def test_the_table_follows_the_router_literal_segments_first():
    table = chaos_table()
    assert table.errors_for("GET", "/api/v1/accounts") == {}
    assert table.errors_for("GET", "/api/v1/no/such/route") == {}
    assert 425 in table.errors_for("POST", "/api/v1/accounts/abc")  # reconnect
    assert 425 not in table.errors_for("POST", "/api/v1/accounts/checkpoint")  # not reconnect


# -- a chaos-failed request changes nothing ---------------------------------------------------


def test_a_failed_request_changes_nothing_not_even_the_ids_to_come(client):
    reference = client.post("/api/v1/accounts", json=CONNECT).json()["account_id"]
    client.post("/_sim/reset")

    start(client, fraction=1.0)
    assert client.post("/api/v1/accounts", json=CONNECT).status_code in (500, 503, 504)
    accounts = client.get("/api/v1/accounts").json()["items"]
    assert len(accounts) == 7
    client.delete("/_sim/chaos")
    # Not 409 already_exists, not 425 auth_in_progress: the failed login never began, and the
    # account made now gets the very id it gets in a world that never saw chaos.
    retried = client.post("/api/v1/accounts", json=CONNECT)
    assert retried.status_code == 201, retried.text
    assert retried.json()["account_id"] == reference
    journal = client.get("/_sim/requests", params={"path": "/api/v1/accounts", "method": "POST"}).json()
    statuses = [entry["status"] for entry in journal["items"]]
    assert statuses[0] in (500, 503, 504) and statuses[1:] == [201]


def test_fault_rules_answer_before_chaos(client):
    client.post(
        "/_sim/faults",
        json={"match": {"path": "/api/v1/accounts", "method": "POST"},
              "respond": {"status": 409, "type": "errors/operation_canceled"}, "times": 3},
    )
    start(client, fraction=1.0)
    answers = connect_statuses(client, 5)
    assert [status for status, _ in answers[:3]] == [409] * 3
    assert all(status in (500, 503, 504) for status, _ in answers[3:])
    assert client.get("/_sim/chaos").json()["eligible"] == 2


def test_a_missing_key_is_still_the_401(client):
    start(client, fraction=1.0)
    response = client.post("/api/v1/accounts", json=CONNECT, headers={"X-API-KEY": "nope-nope"})
    assert response.status_code == 401 and response.json()["type"] == "errors/missing_credentials"


def test_reset_keeps_the_scenario_chaos_and_drops_the_rest(client):
    start(client, fraction=0.5)
    client.post("/_sim/reset")
    assert client.get("/_sim/chaos").json()["enabled"] is False
    made = client.post(
        "/_sim/tenants", json={"scenario": {"name": "noisy", "chaos": {"fraction": 0.2, "statuses": [503]}}}
    )
    client.headers["X-API-KEY"] = made.json()["api_key"]
    client.delete("/_sim/chaos")
    client.post("/_sim/reset")
    state = client.get("/_sim/chaos").json()
    assert (state["enabled"], state["fraction"], state["statuses"]) == (True, 0.2, [503])
    client.headers["X-API-KEY"] = DEFAULT_KEY


def test_a_missing_fraction_is_a_missing_parameter(client):
    assert_envelope(client.post("/_sim/chaos", json={}), 400, "errors/missing_parameters", "fraction")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fraction": 0}, "fraction"),
        ({"fraction": 1.5}, "fraction"),
        ({"fraction": True}, "fraction"),
        ({"fraction": "0.5"}, "fraction"),
        ({"fraction": 0.5, "statuses": []}, "statuses"),
        ({"fraction": 0.5, "statuses": [404]}, "statuses.0"),
        ({"fraction": 0.5, "statuses": ["429"]}, "statuses.0"),
        ({"fraction": 0.5, "colour": "red"}, "colour"),
    ],
)
def test_bad_bodies_are_400_naming_the_field(client, body, field):
    assert_envelope(client.post("/_sim/chaos", json=body), 400, "errors/invalid_parameters", field)
    assert client.get("/_sim/chaos").json()["enabled"] is False


def test_world_scoped_like_the_rest_of_the_control_plane(client):
    response = client.get("/_sim/chaos", headers={"X-API-KEY": "nope-nope"})
    assert response.status_code == 401
    assert_envelope(client.get("/_sim/chaos", params={"x": 1}), 400, "errors/invalid_parameters", "x")
