"""Every acknowledged write survives `kill -9`: a burst of writes across four worlds on a real
`serve --state-file`, killed at random points (seeded), restarted each time on the same file."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

KEYS = ["sim_default_key_0001", "sim_kill_world_0002", "sim_kill_world_0003", "sim_kill_world_4"]
MINUTE_MS = 60_000


@dataclass
class Expected:
    """What one world must hold: the webhooks whose creation was answered (and not their
    answered deletion), the clock advances answered; `maybe` the write in flight at the kill."""

    hooks: dict[str, str] = field(default_factory=dict)  # name -> id
    advances: int = 0
    maybe: tuple[str, Any] | None = None


class Server:
    def __init__(self, state_file: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", "--quiet",
             "--state-file", str(state_file)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert "listening on" in line, line + self.process.stderr.read()  # type: ignore[union-attr]
        self.base = line.split("listening on ")[1].strip()
        self.client = httpx.Client(base_url=self.base, timeout=10.0)
        deadline = time.monotonic() + 30
        while True:  # the banner comes once the worlds are replayed, just before listening
            try:
                if self.client.get("/_sim/health").status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL: no shutdown of any kind. The client stays open (`close`): a writer thread may
        still be between two requests, and its next one must meet the dead server."""
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def close(self) -> None:
        self.client.close()


def hooks_of(client: httpx.Client, key: str) -> dict[str, str]:
    found: dict[str, str] = {}
    params: dict[str, Any] = {"limit": 100}
    while True:
        page = client.get("/api/v1/webhooks", headers={"X-API-KEY": key}, params=params).json()
        found.update((item["name"], item["id"]) for item in page["items"])
        if not page.get("cursor"):
            return found
        params = {"cursor": page["cursor"]}


def clock_of(client: httpx.Client, key: str) -> dict[str, Any]:
    return client.get("/_sim/clock", headers={"X-API-KEY": key}).json()


def write_until_killed(
    server: Server, expected: dict[str, Expected], rng: random.Random, counter: list[int]
) -> None:
    """Sequential writes, each noted once answered, until the connection dies."""
    while True:
        key = rng.choice(KEYS)
        world = expected[key]
        headers = {"X-API-KEY": key}
        roll = rng.random()
        try:
            if roll < 0.1 and world.hooks:
                name = rng.choice(sorted(world.hooks))
                world.maybe = ("delete", name)
                answer = server.client.delete(
                    f"/api/v1/webhooks/{world.hooks[name]}", headers=headers
                )
                assert answer.status_code == 200, answer.text
                del world.hooks[name]
            elif roll < 0.2:
                world.maybe = ("advance", None)
                answer = server.client.post(
                    "/_sim/clock/advance", headers=headers, json={"seconds": 60}
                )
                assert answer.status_code == 200, answer.text
                world.advances += 1
            else:
                name = f"hook-{counter[0]}"
                world.maybe = ("create", name)
                answer = server.client.post(
                    "/api/v1/webhooks", headers=headers,
                    json={"request_url": "http://127.0.0.1:9/", "source": "users", "name": name},
                )  # fmt: skip
                assert answer.status_code == 201, answer.text
                world.hooks[name] = answer.json()["webhook_id"]
            world.maybe = None
            counter[0] += 1
        except httpx.TransportError:
            return


def check_and_settle(server: Server, expected: dict[str, Expected], starts: dict[str, int]) -> None:
    """Every answered write is there; the one in flight at the kill is there or not, whole."""
    for key in KEYS:
        world = expected[key]
        hooks = hooks_of(server.client, key)
        now_ms = _epoch_ms(clock_of(server.client, key)["now"])
        kind, name = world.maybe or (None, None)
        if kind == "create" and name in hooks:
            world.hooks[name] = hooks[name]
        elif kind == "delete" and name not in hooks:
            del world.hooks[name]
        elif kind == "advance" and now_ms == starts[key] + (world.advances + 1) * MINUTE_MS:
            world.advances += 1
        world.maybe = None
        assert hooks == world.hooks, key
        assert now_ms == starts[key] + world.advances * MINUTE_MS, key


def _epoch_ms(iso: str) -> int:
    from simulator.clock import parse_iso

    return parse_iso(iso)


def test_every_acknowledged_write_survives_kill_minus_nine(tmp_path: Path):
    state_file = tmp_path / "state.log"
    rng = random.Random(20261207)
    server = Server(state_file)
    for key in KEYS[1:]:
        made = server.client.post("/_sim/tenants", json={"scenario": "default", "api_key": key})
        assert made.status_code == 201, made.text
    starts = {key: _epoch_ms(clock_of(server.client, key)["now"]) for key in KEYS}
    expected = {key: Expected() for key in KEYS}
    counter = [0]
    kills = 0
    while counter[0] < 1000 or kills < 3:
        writes = random.Random(f"writes {kills}")  # the writer's own: the threads never share one
        writer = threading.Thread(
            target=write_until_killed, args=(server, expected, writes, counter)
        )
        writer.start()
        time.sleep(rng.uniform(0.3, 1.2))  # a random point of the burst
        server.kill()
        writer.join()
        server.close()
        kills += 1
        server = Server(state_file)
        check_and_settle(server, expected, starts)

    # At rest: the worlds answer exactly as before the kill.
    before = {key: (hooks_of(server.client, key), clock_of(server.client, key)) for key in KEYS}
    server.kill()
    server.close()
    server = Server(state_file)
    after = {key: (hooks_of(server.client, key), clock_of(server.client, key)) for key in KEYS}
    server.kill()
    server.close()
    assert after == before
    assert counter[0] >= 1000 and kills >= 3
