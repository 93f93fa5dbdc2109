"""What the scale benchmarks share: timing a call, the process's memory, and one keep-alive
HTTP client for a simulator subprocess."""

from __future__ import annotations

import gc
import http.client
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def stats(samples_ns: list[int]) -> dict[str, float]:
    ms = sorted(value / 1e6 for value in samples_ns)
    return {
        "n": len(ms),
        "median_ms": statistics.median(ms),
        "p90_ms": ms[min(len(ms) - 1, int(0.9 * len(ms)))],
        "min_ms": ms[0],
    }


def timed(call: Callable[[], object], iterations: int, warmup: int) -> dict[str, float]:
    samples = []
    for i in range(warmup + iterations):
        started = time.perf_counter_ns()
        call()
        if i >= warmup:
            samples.append(time.perf_counter_ns() - started)
    return stats(samples)


def rss_bytes() -> int:
    gc.collect()
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class Client:
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(self, method: str, path: str, key: str | None = None, body: Any = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers["X-API-KEY"] = key
        payload = json.dumps(body).encode() if body is not None else None
        self.connection.request(method, path, body=payload, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data)
