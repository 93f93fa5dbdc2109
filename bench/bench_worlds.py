"""How long making and resetting a world takes: in-process, and over HTTP via the control plane.

In-process (TenantRegistry, no HTTP):
  create           registry.create(loaded) of the already-loaded `default` scenario
  reset            registry.reset(api_key)
  load+create      load_scenario("default") then registry.create: what POST /_sim/tenants does
  parse new text   parse_scenario_text of default.yaml's text made unique by a trailing comment:
                   reading a scenario never seen before (YAML + validation; nothing cached)
  create new seed  registry.create(loaded, seed=N) with a seed not seen before (blueprint compiled)

Over HTTP (a uvicorn subprocess with uvloop + httptools, one keep-alive httpx client):
  GET /_sim/health        the round trip alone, for comparison
  POST /_sim/tenants      {"scenario": "default"} (each new world is dropped afterwards, untimed)
  POST /_sim/reset        the default world

Each is timed over --iterations (default 200) after --warmup (default 20) untimed calls; the
target is a median of 5 ms or less for create and reset.

    /tmp/venv/bin/python bench/bench_worlds.py
    /tmp/venv/bin/python bench/bench_worlds.py --iterations 500 --no-http
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TARGET_MS = 5.0
API_KEY = "sim_default_key_0001"


def stats(samples_ns: list[int]) -> dict[str, float]:
    ordered = sorted(samples_ns)
    ms = [value / 1e6 for value in ordered]
    return {
        "n": len(ms),
        "median_ms": statistics.median(ms),
        "p90_ms": ms[min(len(ms) - 1, int(0.9 * len(ms)))],
        "mean_ms": statistics.fmean(ms),
        "min_ms": ms[0],
        "max_ms": ms[-1],
    }


def timed(
    action: Callable[[int], object],
    iterations: int,
    warmup: int,
    after: Callable[[object], None] | None = None,
) -> dict[str, float]:
    """Time `action(i)`; `after(result)` runs untimed (e.g. dropping the world just made)."""
    samples: list[int] = []
    for i in range(warmup + iterations):
        started = time.perf_counter_ns()
        result = action(i)
        elapsed = time.perf_counter_ns() - started
        if after is not None:
            after(result)
        if i >= warmup:
            samples.append(elapsed)
    return stats(samples)


def in_process(iterations: int, warmup: int) -> dict[str, dict[str, float]]:
    from simulator.registry import TenantRegistry
    from simulator.scenario.loader import load_scenario, parse_scenario_text

    registry = TenantRegistry()
    loaded = load_scenario("default")
    text = Path(loaded.source).read_text(encoding="utf-8")
    world = registry.create(loaded)
    key = world.api_key
    drop = lambda made: registry.drop(made.api_key)

    results = {
        "create": timed(lambda i: registry.create(loaded), iterations, warmup, drop),
        "reset": timed(lambda i: registry.reset(key), iterations, warmup),
        "load+create": timed(
            lambda i: registry.create(load_scenario("default")), iterations, warmup, drop
        ),
        "parse new text": timed(
            lambda i: parse_scenario_text(f"{text}\n# bench {i}\n", "bench"), iterations, warmup
        ),
        # Seeds far from the scenario's own, each used once: the blueprint is compiled every time.
        "create new seed": timed(
            lambda i: registry.create(loaded, seed=1_000_000 + i), iterations, warmup, drop
        ),
    }
    assert len(registry) == 1
    return results


def over_http(iterations: int, warmup: int) -> dict[str, dict[str, float]]:
    import httpx

    from bench.bench_http import Server

    server = Server("bench.apps:simulator_app", cpu=None)
    base = f"http://127.0.0.1:{server.port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as client:

            def checked(response: httpx.Response, status: int) -> httpx.Response:
                if response.status_code != status:
                    url, code = response.request.url, response.status_code
                    raise RuntimeError(f"{url}: {code} {response.text}")
                return response

            def create(i: int) -> str:
                response = client.post("/_sim/tenants", json={"scenario": "default"})
                return checked(response, 201).json()["api_key"]

            def drop(api_key: object) -> None:
                checked(client.delete(f"/_sim/tenants/{api_key}"), 200)

            return {
                "GET /_sim/health": timed(
                    lambda i: checked(client.get("/_sim/health"), 200), iterations, warmup
                ),
                "POST /_sim/tenants": timed(create, iterations, warmup, drop),
                "POST /_sim/reset": timed(
                    lambda i: checked(
                        client.post("/_sim/reset", headers={"X-API-KEY": API_KEY}), 200
                    ),
                    iterations,
                    warmup,
                ),
            }
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--no-http", action="store_true", help="in-process measurements only")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    load = os.getloadavg()
    print(
        f"# {os.cpu_count()} CPUs, Python {platform.python_version()}, load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.iterations} iterations after "
        f"{args.warmup} warm-up"
    )
    results = {"in-process": in_process(args.iterations, args.warmup)}
    if not args.no_http:
        results["HTTP"] = over_http(args.iterations, args.warmup)

    print()
    print("| where | operation | median ms | p90 ms | mean ms | min ms | max ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for where, rows in results.items():
        for name, s in rows.items():
            print(
                f"| {where} | {name} | {s['median_ms']:.3f} | {s['p90_ms']:.3f} | "
                f"{s['mean_ms']:.3f} | {s['min_ms']:.3f} | {s['max_ms']:.3f} |"
            )
    status = 0
    checked = [("in-process", "create"), ("in-process", "reset"),
               ("HTTP", "POST /_sim/tenants"), ("HTTP", "POST /_sim/reset")]  # fmt: skip
    print()
    for where, name in checked:
        if name in results.get(where, {}):
            median = results[where][name]["median_ms"]
            verdict = "met" if median <= TARGET_MS else "MISSED"
            print(f"{where} {name}: median {median:.3f} ms, target <= {TARGET_MS:g} ms: {verdict}")
            if median > TARGET_MS:
                status = 1
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"loadavg": load, "results": results}, indent=2))
    return status


if __name__ == "__main__":
    sys.exit(main())
