"""The `serve` console: one line per request, per webhook delivery attempt and per fired event,
as text or JSON; `--quiet` prints none of them (only the banner)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time

import httpx
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from simulator.cli import _parser
from simulator.console import Console
from simulator.webhooks.log import DeliveryAttempt
from simulator.world_watch import FiredEvent

KEY = "sim_default_key_0001"


def console_app(log_format: str = "text") -> tuple[TestClient, io.StringIO]:
    stream = io.StringIO()
    app = build_app(Settings(console=Console(log_format, stream=stream)))  # type: ignore[arg-type]
    return TestClient(app), stream


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_a_text_line_per_request_names_method_path_status_duration_and_world() -> None:
    client, stream = console_app()
    with client:
        client.get("/api/v1/accounts", headers={"X-API-KEY": KEY})
        client.get("/api/v1/accounts", headers={"X-API-KEY": "nobody-at-all"})
        client.get("/_sim/clock", headers={"X-API-KEY": KEY})
        client.get("/_sim/health")
    logged = [line for line in lines(stream) if not line.startswith("event ")]
    pattern = r"^(GET) (\S+) (\d{3}) (\d+\.\d)ms world=(\S+)$"
    parsed = [re.match(pattern, line) for line in logged]
    assert all(parsed), logged
    assert [(m[2], m[3], m[5]) for m in parsed if m] == [
        ("/api/v1/accounts", "200", "default/****0001"),
        ("/api/v1/accounts", "401", "-/-"),
        ("/_sim/clock", "200", "default/****0001"),
        ("/_sim/health", "200", "-/-"),
    ]


def test_json_lines_carry_the_same_fields() -> None:
    client, stream = console_app("json")
    with client:
        client.get("/api/v1/accounts", headers={"X-API-KEY": KEY})
    (record,) = [json.loads(line) for line in lines(stream)]
    assert record["kind"] == "request"
    assert (record["method"], record["path"], record["status"]) == ("GET", "/api/v1/accounts", 200)
    assert (record["world"], record["scenario"]) == ("****0001", "default")
    assert record["duration_ms"] >= 0 and isinstance(record["ts"], float)


def test_fired_events_are_logged_as_they_fire() -> None:
    client, stream = console_app()
    with client:
        accounts = client.get("/api/v1/accounts", headers={"X-API-KEY": KEY}).json()["items"]
        linkedin = next(a for a in accounts if a["type"] == "LINKEDIN")
        link = {"type": "create", "providers": ["WHATSAPP"], "api_url": "https://x.test",
                "expiresOn": "2026-01-05T10:00:00.000Z"}  # fmt: skip
        client.post("/api/v1/hosted/accounts/link", json=link, headers={"X-API-KEY": KEY})
        client.post("/_sim/clock/advance", json={"seconds": 7200}, headers={"X-API-KEY": KEY})
        assert linkedin
    fired = [line for line in lines(stream) if line.startswith("event ")]
    assert fired == [
        "event hosted_link_expired at=2026-01-05T10:00:00.000Z session_id="
        + fired[0].split("session_id=")[1].split(" ")[0]
        + " world=default/****0001"
    ]


def test_delivery_and_event_lines_in_both_formats() -> None:
    attempt = DeliveryAttempt(
        seq=1, delivery_id="dlv_000001", kind="webhook", webhook_id="wh", event="new_message",
        url="http://127.0.0.1:9/hook", attempt=1, at_ms=0, status_code=500, error=None,
        duration_ms=2.5, outcome="retrying", next_attempt_ms=60_000, headers=(), payload={},
    )  # fmt: skip
    client, stream = console_app()
    world = client.app.state.registry.worlds()[0]  # type: ignore[attr-defined]
    text = Console("text", stream=stream)
    text.delivery(world, attempt)
    text.fired(world, FiredEvent(1, 0, "invitation_answer", {"invitation_id": "7"}))
    assert lines(stream) == [
        "webhook new_message -> http://127.0.0.1:9/hook retrying (500, attempt 1, 2.5ms) "
        "next=1970-01-01T00:01:00.000Z world=default/****0001",
        "event invitation_answer at=1970-01-01T00:00:00.000Z invitation_id=7 "
        "world=default/****0001",
    ]
    as_json = io.StringIO()
    Console("json", stream=as_json).delivery(world, attempt)
    record = json.loads(as_json.getvalue())
    assert record | {"ts": 0} == {
        "kind": "delivery", "event": "new_message", "url": "http://127.0.0.1:9/hook",
        "attempt": 1, "status_code": 500, "error": None, "outcome": "retrying",
        "duration_ms": 2.5, "next_attempt_at": "1970-01-01T00:01:00.000Z",
        "world": "****0001", "scenario": "default", "ts": 0,
    }  # fmt: skip


def test_no_console_no_lines() -> None:
    app = build_app(Settings())
    assert app.state.settings.console is None
    assert _parser().parse_args(["serve", "--quiet"]).quiet is True
    assert _parser().parse_args(["serve"]).log_format == "text"
    assert _parser().parse_args(["serve", "--log-format", "json"]).log_format == "json"


def _serve(*options: str) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", *options],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    banner = "".join(proc.stdout.readline() for _ in range(6))
    match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", banner)
    assert match, banner
    base = match.group(1)
    deadline = time.monotonic() + 10
    while True:
        try:
            httpx.get(f"{base}/api/v1/accounts", headers={"X-API-KEY": KEY})
            return proc, base
        except httpx.TransportError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def _rest_of_output(proc: subprocess.Popen[str]) -> str:
    proc.terminate()
    out, _ = proc.communicate(timeout=10)
    return out


def test_serve_logs_by_default_and_quiet_does_not() -> None:
    proc, base = _serve()
    try:
        httpx.get(f"{base}/_sim/health")
    finally:
        out = _rest_of_output(proc)
    assert re.search(r"^GET /api/v1/accounts 200 \d+\.\dms world=default/\*{4}0001$", out, re.M)
    assert re.search(r"^GET /_sim/health 200 \d+\.\dms world=-/-$", out, re.M)

    proc, base = _serve("--quiet")
    try:
        httpx.get(f"{base}/_sim/health")
    finally:
        out = _rest_of_output(proc)
    assert "GET /" not in out


def test_serve_json_format() -> None:
    proc, base = _serve("--log-format", "json")
    try:
        httpx.get(f"{base}/_sim/health")
    finally:
        out = _rest_of_output(proc)
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [(r["method"], r["path"], r["status"]) for r in records] == [
        ("GET", "/api/v1/accounts", 200), ("GET", "/_sim/health", 200),
    ]  # fmt: skip
