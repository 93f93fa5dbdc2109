"""invite.mjs (Node.js, the official unipile-node-sdk) against `unipile-sim serve`, started as
a user starts it (the `serve` fixture of examples/conftest.py). Node.js >= 18 and npm are
needed; the SDK is installed from package-lock.json (`npm ci`) when it is not yet."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

HERE = Path(__file__).resolve().parent
DEFAULT_KEY = "sim_default_key_0001"  # the `default` scenario's key, printed in the banner


@pytest.fixture(scope="module")
def node() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("this example needs Node.js >= 18 and npm on PATH", pytrace=False)
    if not (HERE / "node_modules" / "unipile-node-sdk").is_dir():
        subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"], check=True)
    return node


def invite(node: str, base_url: str, *args: str) -> tuple[int, dict]:
    run = subprocess.run([node, str(HERE / "invite.mjs"), base_url, DEFAULT_KEY, *args],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.stdout.strip(), run.stderr
    return run.returncode, json.loads(run.stdout)


def test_the_node_client_invites_and_reads_unipiles_refusal(
    node: str, serve: Callable[..., Any]
) -> None:
    served = serve("--strict").base_url  # `default`, strict, on a free port
    status, first = invite(node, served, "jane-doe", "Hi Jane, robotics fan here.")
    assert status == 0, first
    assert first["invited"] == "Jane Doe" and first["distance"] == "SECOND_DEGREE"
    assert first["invitation_id"].isdigit()

    # A second invitation to the same member is refused, in Unipile's error envelope.
    status, again = invite(node, served, "jane-doe")
    assert (status, again) == (1, {"error": "errors/already_invited_recently", "status": 422})

    # What the SDK sent, from the request journal; then jane-doe accepts, three days later.
    headers = {"X-API-KEY": DEFAULT_KEY}
    journal = httpx.get(f"{served}/_sim/requests", headers=headers,
                        params={"path": "/api/v1/users/invite"}).json()["items"]  # fmt: skip
    assert [(entry["method"], entry["status"]) for entry in journal] == [
        ("POST", 201), ("POST", 422),
    ]  # fmt: skip
    fired = httpx.post(f"{served}/_sim/clock/advance", headers=headers,
                       json={"seconds": 3 * 86400}).json()["fired"]  # fmt: skip
    assert [event["kind"] for event in fired] == ["invitation_accepted", "new_relation"]
