"""A small HTTP/1.1 keep-alive load generator, for machines without `wrk`.

Run in its own process (bench_http.py does so): N connections, each sending the next GET as soon
as the previous response is complete, for a fixed duration. Prints one JSON object: requests,
seconds, req/s, p50/p90/p99 latency in milliseconds, non-2xx count and socket errors.

It is much slower than wrk (one Python process parsing responses), so on a small machine it can be
the bottleneck instead of the server: compare targets measured with the same generator only.

    python bench/loadgen.py --url http://127.0.0.1:8000/api/v1/accounts -c 32 -d 10 \
        -H "X-API-KEY: sim_default_key_0001"
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlsplit


class _Connection(asyncio.Protocol):
    def __init__(self, request: bytes, stats: _Stats, deadline: float, done: asyncio.Future):
        self.request = request
        self.stats = stats
        self.deadline = deadline
        self.done = done
        self.buffer = bytearray()
        self.sent_at = 0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self._send()

    def _send(self) -> None:
        self.sent_at = time.perf_counter_ns()
        assert self.transport is not None
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            length = 0
            marker = head.find(b"\r\ncontent-length:")
            if marker >= 0:
                stop = head.find(b"\r\n", marker + 2)
                length = int(head[marker + 17 : stop if stop >= 0 else None])
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            self.stats.record(time.perf_counter_ns() - self.sent_at, head[9:10] == b"2")
            del self.buffer[:total]
            if time.perf_counter() >= self.deadline:
                self._finish()
                return
            self._send()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.stats.errors += 1
            self.done.set_result(None)

    def _finish(self) -> None:
        if not self.done.done():
            self.done.set_result(None)
        if self.transport is not None:
            self.transport.close()


class _Stats:
    def __init__(self) -> None:
        self.latencies_ns: list[int] = []
        self.non_2xx = 0
        self.errors = 0

    def record(self, latency_ns: int, ok: bool) -> None:
        self.latencies_ns.append(latency_ns)
        if not ok:
            self.non_2xx += 1


def _percentile(sorted_values: list[int], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index] / 1e6


async def run(url: str, connections: int, duration: float, headers: list[str]) -> dict:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}:{port}", *headers, "", ""]
    request = "\r\n".join(lines).encode("latin-1")
    loop = asyncio.get_running_loop()
    stats = _Stats()
    started = time.perf_counter()
    deadline = started + duration
    waits = []
    for _ in range(connections):
        done = loop.create_future()
        await loop.create_connection(
            lambda done=done: _Connection(request, stats, deadline, done), host, port
        )
        waits.append(done)
    await asyncio.wait_for(asyncio.gather(*waits), timeout=duration + 30)
    elapsed = time.perf_counter() - started
    latencies = sorted(stats.latencies_ns)
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": _percentile(latencies, 0.50),
        "p90_ms": _percentile(latencies, 0.90),
        "p99_ms": _percentile(latencies, 0.99),
        "non_2xx": stats.non_2xx,
        "socket_errors": stats.errors,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("-c", "--connections", type=int, default=32)
    parser.add_argument("-d", "--duration", type=float, default=10.0, help="seconds")
    parser.add_argument("-H", "--header", action="append", default=[])
    args = parser.parse_args(argv)
    coroutine = run(args.url, args.connections, args.duration, args.header)
    try:
        import uvloop
    except ImportError:
        result = asyncio.run(coroutine)
    else:
        result = uvloop.run(coroutine)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
