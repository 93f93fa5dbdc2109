"""Webhook delivery throughput: deliveries per second from one world to a local receiver.

The receiver is uvicorn (uvloop + httptools, one worker) serving a bare ASGI app that answers
200 with an empty body, in its own process. The simulator side is the real engine
(`simulator.webhooks.engine`, aiohttp) on a uvloop loop in this process: one `default` world
with W webhooks on the `messaging` source, N `message_received` events published on the
world's bus (each matches every webhook: N x W deliveries). The clock runs from the first
publish until the delivery log holds every attempt; every attempt must be a 2xx.

One webhook delivers strictly in event order (one request in flight), so W=1 measures the
latency-bound case; W>1 lets lanes overlap. With two or more cores the receiver and the
simulator are pinned to different cores (taskset). `--transport httpx` runs the same engine over
httpx's AsyncClient, to show why the engine uses aiohttp.

    /tmp/venv/bin/python bench/bench_webhooks.py                  # W = 1, 10, 50; 3 runs each
    /tmp/venv/bin/python bench/bench_webhooks.py --webhooks 10 --events 2000 --runs 5
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from simulator.app import Settings, build_app  # noqa: E402
from simulator.webhooks.transport import DeliveryFailed  # noqa: E402
from simulator.world.events import WorldEvent  # noqa: E402

API_KEY = "sim_default_key_0001"


async def receiver_app(scope: dict, receive: Any, send: Any) -> None:
    """The receiver: drain the body, answer 200 with nothing."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


class HttpxTransport:
    """The same interface as simulator.webhooks.transport.HttpTransport, over httpx."""

    def __init__(self) -> None:
        import httpx

        self._httpx = httpx
        self._client: Any = None

    async def post(self, url: str, body: bytes, headers: dict[str, str], timeout_s: float) -> int:
        if self._client is None:
            limits = self._httpx.Limits(max_connections=100, max_keepalive_connections=100)
            self._client = self._httpx.AsyncClient(limits=limits)
        try:
            response = await self._client.post(url, content=body, headers=headers, timeout=timeout_s)
            return response.status_code
        except self._httpx.HTTPError as error:
            raise DeliveryFailed(str(error)) from None

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pin(core: int) -> list[str]:
    return ["taskset", "-c", str(core)] if (os.cpu_count() or 1) >= 2 and shutil.which("taskset") else []


def start_receiver(port: int) -> subprocess.Popen:
    command = [
        *pin(1), sys.executable, "-m", "uvicorn", "bench.bench_webhooks:receiver_app",
        "--port", str(port), "--loop", "uvloop", "--http", "httptools",
        "--log-level", "warning", "--no-access-log",
    ]
    process = subprocess.Popen(command, cwd=REPO)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/", data=b"x"))
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the receiver did not start")


def message_data(n: int) -> dict[str, Any]:
    sender = {
        "attendee_id": "C8zAttendee", "attendee_provider_id": "ACoAAsender",
        "attendee_name": "Kim", "attendee_profile_url": "https://www.linkedin.com/in/ACoAAsender",
        "attendee_specifics": {"provider": "LINKEDIN", "occupation": "CTO", "is_company": False,
                               "network_distance": "DISTANCE_1"},
        "attendee_public_identifier": None,
    }
    return {
        "account_type": "LINKEDIN",
        "account_info": {"type": "LINKEDIN", "feature": "classic", "user_id": "ACoAAown"},
        "chat_id": "R8J-chat", "message_id": f"msg-{n}", "message": f"Hello {n}",
        "timestamp": "2026-01-05T09:00:00.000Z", "subject": None, "attachments": [],
        "sender": sender, "attendees": [sender], "is_sender": False,
        "provider_chat_id": "2-chat", "provider_message_id": f"2-{n}", "is_event": 0,
        "chat_pinned": 0, "quoted": None, "reply_to": None, "is_forwarded": None,
        "chat_content_type": None, "message_type": "MESSAGE", "is_group": False,
        "folder": ["INBOX", "INBOX_LINKEDIN_CLASSIC"], "event_type": None,
    }


async def one_run(url: str, webhooks: int, events: int, transport: str) -> float:
    app = build_app(Settings(scenarios=["default"]))
    engine = app.state.webhooks
    if transport == "httpx":
        engine._transport = HttpxTransport()
    await engine.start()
    try:
        world = app.state.registry.get(API_KEY)
        account_id = next(iter(world.accounts)).id
        for n in range(webhooks):
            world.webhooks.create(url, "messaging", name=f"bench-{n}",
                                  headers=[("Unipile-Auth", "s3cret")])
        payloads = [message_data(n) for n in range(events)]
        log = engine.log_of(world)
        expected = webhooks * events
        started = time.perf_counter()
        for data in payloads:
            world.bus.publish(WorldEvent("message_received", world.now_ms(), account_id, data))
        while log.recorded < expected:
            await asyncio.sleep(0.002)
        elapsed = time.perf_counter() - started
        failures = [a for a in log if a.outcome != "delivered"]  # the newest 10,000 attempts
        if failures or log.recorded != expected:
            raise RuntimeError(f"{len(failures)} attempts failed, e.g. {failures[:1]}")
        return expected / elapsed
    finally:
        await engine.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--webhooks", type=int, action="append", help="W (repeatable; default 1, 10, 50)")
    parser.add_argument("--events", type=int, default=0, help="N per run (default: 20,000 / W, at least 2,000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--transport", choices=("aiohttp", "httpx"), default="aiohttp")
    args = parser.parse_args()

    import uvloop

    port = free_port()
    receiver = start_receiver(port)
    url = f"http://127.0.0.1:{port}/hook"
    if pin(0):
        os.sched_setaffinity(0, {0})
    try:
        print(f"transport {args.transport}; receiver uvicorn on 127.0.0.1:{port}; "
              f"cores {os.cpu_count()}; python {sys.version.split()[0]}")
        for webhooks in args.webhooks or [1, 10, 50]:
            events = args.events or max(2000, 20_000 // webhooks)
            uvloop.run(one_run(url, webhooks, min(events, 200), args.transport))  # warm-up
            rates = [uvloop.run(one_run(url, webhooks, events, args.transport)) for _ in range(args.runs)]
            print(f"W={webhooks:<3} N={events:<6} deliveries/s: median {statistics.median(rates):,.0f} "
                  f"(runs: {', '.join(f'{rate:,.0f}' for rate in rates)})")
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)


if __name__ == "__main__":
    main()
