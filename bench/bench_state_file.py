"""The state log's cost per request, in-process: the same requests through the whole ASGI
application (every middleware, the route, the world), with and without the log.

Variants, alternated round by round so a busy machine weighs on each alike:

  none    no state log at all (as before the log existed)
  temp    the default: an unnamed temporary file (what GET /_sim/state exports from)
  file    `serve --state-file PATH`
  fsync   `serve --state-file PATH --state-fsync`

Writes are `POST /api/v1/webhooks` (each makes a webhook: a record per request); reads are
`GET /api/v1/accounts` (never a record). The figure is process CPU time per request (stable on
a shared machine); fsync's wall time per write is shown too, as the disk flush is waiting, not
CPU. The target (issue 22): a write within 2x of `none`, reads unchanged.

    python bench/bench_state_file.py                  # 7 rounds x 1,000 requests per variant
    python bench/bench_state_file.py --rounds 9 --requests 2000 --json bench/out/state.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `simulator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.app import Settings, build_app  # noqa: E402

KEY = [(b"x-api-key", b"sim_default_key_0001")]
VARIANTS = ("none", "temp", "file", "fsync")
TARGET_WRITE_RATIO = 2.0


def make_app(variant: str, directory: Path):
    if variant in ("none", "temp"):
        app = build_app(Settings())
        if variant == "none":
            app.state.registry.state_log = None
        return app
    return build_app(
        Settings(state_file=str(directory / f"{variant}.log"), state_fsync=variant == "fsync")
    )


async def call(app, method: str, path: str, body: bytes) -> int:
    headers = KEY + ([(b"content-type", b"application/json"),
                      (b"content-length", str(len(body)).encode())] if body else [])  # fmt: skip
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": headers, "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }  # fmt: skip
    status = 0
    sent = False

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def round_of(app, kind: str, count: int, offset: int) -> tuple[float, float]:
    """(CPU seconds, wall seconds) per request."""
    cpu, wall = time.process_time(), time.perf_counter()
    for index in range(count):
        if kind == "write":
            body = json.dumps({"request_url": "http://127.0.0.1:9/", "source": "users",
                               "name": f"hook-{offset + index}"}).encode()  # fmt: skip
            status = await call(app, "POST", "/api/v1/webhooks", body)
            assert status == 201, status
        else:
            assert await call(app, "GET", "/api/v1/accounts", b"") == 200
    return (time.process_time() - cpu) / count, (time.perf_counter() - wall) / count


async def run(rounds: int, count: int) -> dict:
    results: dict[str, dict[str, list[float]]] = {
        v: {"write_cpu": [], "write_wall": [], "read_cpu": []} for v in VARIANTS
    }
    with tempfile.TemporaryDirectory() as directory:
        apps = {variant: make_app(variant, Path(directory)) for variant in VARIANTS}
        for variant in VARIANTS:  # warm up: routes imported, caches filled
            await round_of(apps[variant], "write", 50, 10**9)
            await round_of(apps[variant], "read", 50, 0)
        for number in range(rounds):
            order = VARIANTS if number % 2 == 0 else tuple(reversed(VARIANTS))
            for variant in order:
                cpu, wall = await round_of(apps[variant], "write", count, number * count)
                results[variant]["write_cpu"].append(cpu)
                results[variant]["write_wall"].append(wall)
                cpu, _ = await round_of(apps[variant], "read", count, 0)
                results[variant]["read_cpu"].append(cpu)
    return {v: {k: statistics.median(x) for k, x in r.items()} for v, r in results.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=1000, help="per variant and round")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    medians = asyncio.run(run(args.rounds, args.requests))
    base = medians["none"]
    print("| variant | write CPU/req | vs none | write wall/req | read CPU/req | vs none |")
    print("|---|---:|---:|---:|---:|---:|")
    for variant, figures in medians.items():
        print(
            f"| {variant} | {figures['write_cpu'] * 1e6:.0f} us "
            f"| {figures['write_cpu'] / base['write_cpu']:.2f}x "
            f"| {figures['write_wall'] * 1e6:.0f} us | {figures['read_cpu'] * 1e6:.0f} us "
            f"| {figures['read_cpu'] / base['read_cpu']:.2f}x |"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(medians, indent=2))
    worst = max(medians[v]["write_cpu"] / base["write_cpu"] for v in ("temp", "file"))
    return 0 if worst <= TARGET_WRITE_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
