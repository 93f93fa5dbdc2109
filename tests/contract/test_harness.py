"""`unipile-sim contract-test` (simulator/contract_test.py) against real servers on free ports."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator.cli import main
from simulator.testing import SimulatorServer

# A few operations keep each run short: every operation would take minutes over HTTP, and
# tests/contract/test_schemathesis.py already runs them all in-process.
OPERATIONS = ["GET /accounts", "GET /accounts/{account_id}", "POST /users/invite"]
WRONG_KEY = "wrong-server-key"


@pytest.fixture(scope="module")
def simulator() -> Iterator[SimulatorServer]:
    with SimulatorServer(strict=True) as server:
        yield server


def contract_test(url: str, key: str, *extra: str) -> int:
    return main(["contract-test", "--url", url, "--api-key", key, "--max-examples", "5", *extra])


def test_against_the_simulator_it_exits_0_with_a_summary(simulator, capsys):
    world = simulator.new_world("default")
    selected = [argument for label in OPERATIONS for argument in ("--operation", label)]
    assert contract_test(simulator.base_url, world.api_key, *selected) == 0
    out = capsys.readouterr().out
    for label in OPERATIONS:
        assert re.search(rf"^  ok +{re.escape(label)} \(\d+ cases\)$", out, re.MULTILINE), out
    summary = re.search(r"^checks: (\d+) passed, 0 failed$", out, re.MULTILINE)
    assert summary and int(summary.group(1)) > 100, out
    assert "3 operations tested" in out
    assert f"against {simulator.base_url}/api/v1" in out
    assert out.rstrip().endswith("no failures")


def test_the_postpress_contract_is_found_under_v1(simulator, capsys):
    world = simulator.new_world("default")
    assert (
        contract_test(
            simulator.base_url,
            world.api_key,
            "--contract",
            "postpress",
            "--operation",
            "GET /accounts",
        )
        == 0
    )
    assert f"contracts/postpress.yaml against {simulator.base_url}/v1" in capsys.readouterr().out


async def _accounts_in_a_bad_shape(request: Request) -> Response:
    if request.headers.get("x-api-key") != WRONG_KEY:
        body = {"status": 401, "type": "errors/missing_credentials", "title": "Missing credentials"}
        return JSONResponse(body, status_code=401)
    return JSONResponse({"object": "AccountList", "items": "not a list", "cursor": None})


@pytest.fixture
def wrong_server() -> Iterator[str]:
    """A tiny server whose GET /api/v1/accounts answers a shape the contract does not allow."""
    app = Starlette(routes=[Route("/api/v1/accounts", _accounts_in_a_bad_shape)])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the wrong server did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)


def test_against_a_wrong_server_it_exits_1_and_prints_a_curl_for_the_failure(wrong_server, capsys):
    assert contract_test(wrong_server, WRONG_KEY, "--operation", "GET /accounts") == 1
    out = capsys.readouterr().out
    assert re.search(r"^  FAILED GET /accounts \(\d+ cases?\)$", out, re.MULTILINE), out
    assert re.search(r"^checks: \d+ passed, [1-9]\d* failed$", out, re.MULTILINE), out
    assert "1. response_schema_conformance failed on GET /accounts" in out
    assert '"not a list" is not of type "array"' in out
    curl = re.search(r"^ +(curl -X GET .*)$", out, re.MULTILINE)
    assert curl, out
    assert f"{wrong_server}/api/v1/accounts" in curl.group(1)
    assert "X-API-KEY: [Filtered]" in curl.group(1)  # the key never lands in a CI log
    assert out.rstrip().endswith("1 distinct failure(s), 0 error(s)")


def test_an_unknown_operation_is_an_error(simulator, capsys):
    assert contract_test(simulator.base_url, simulator.api_key, "--operation", "GET /nowhere") == 1
    out = capsys.readouterr().out
    assert "error on GET /nowhere: no such operation in contracts/unipile.yaml" in out


def test_an_unreachable_server_is_an_error_not_a_pass(capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"  # nobody listens
    assert contract_test(closed, "key") == 1
    assert f"unipile-sim contract-test: cannot reach {closed}: " in capsys.readouterr().err


def test_without_schemathesis_it_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "schemathesis", None)  # `import schemathesis` fails
    assert contract_test("http://127.0.0.1:1", "key") == 2
    err = capsys.readouterr().err
    assert "pip install '/path/to/unipile-sim[test]'" in err and "git+" in err and "README" in err


def test_serving_never_imports_schemathesis():
    probe = (
        "import sys\n"
        "from simulator.app import Settings, build_app\n"
        "import simulator.cli\n"
        "build_app(Settings(strict=True))\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('schemathesis', 'hypothesis')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


WEBHOOK_FLOW = ["POST /webhooks", "GET /webhooks", "DELETE /webhooks/{webhook_id}"]


def test_the_stateful_phase_follows_the_documents_links(simulator, capsys):
    world = simulator.new_world("default")
    selected = [argument for label in WEBHOOK_FLOW for argument in ("--operation", label)]
    assert contract_test(
        simulator.base_url, world.api_key, *selected, "--stateful-scenarios", "3"
    ) == 0
    out = capsys.readouterr().out
    assert "stateful phase: 3 scenarios over the document's links" in out, out
    followed = dict(
        (link, int(count))
        for count, link in re.findall(r"^ +(\d+)  (\w+ -> 20\d)$", out, re.MULTILINE)
    )
    assert followed.get("DeleteCreatedWebhook -> 200", 0) > 0, out


def test_a_document_without_links_says_the_stateful_phase_did_not_run(simulator, capsys):
    published = Path(__file__).resolve().parents[2] / "contracts/unipile-oas.facts.yaml"
    world = simulator.new_world("default")
    assert contract_test(
        simulator.base_url, world.api_key, "--contract", str(published),
        "--operation", "GET /accounts", "--max-examples", "2",
    ) in (0, 1)  # fmt: skip
    out = capsys.readouterr().out
    assert "stateful phase: not run (the document has no OpenAPI links" in out, out
