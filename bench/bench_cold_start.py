"""Cold start, sampled: `unipile-sim serve` (default scenario) against bare Starlette.

    python bench/bench_cold_start.py                 # 15 alternating pairs, about 30 s
    python bench/bench_cold_start.py --pairs 30 --json bench/out/cold.json

bench_peers.py measures one cold start per server and run, which a single slow disk read or
page-cache miss can move by half. Here each sample is a fresh process pinned to CPU 0 (as in
bench_peers.py), timed from its start to its first 200 on `GET /api/v1/accounts` (polled every
5 ms), the two servers alternating so that a disturbance falls on both. Bytecode is compiled
first, as an installed package has it. It prints each pair,
the medians and the ratio, and exits 1 when the simulator's median exceeds 2.5x bare's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `simulator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_http import compile_bytecode, wait_for_quiet
from bench.bench_peers import ACCOUNTS_PATH, API_KEY, OUT, Server, Target, simulator_command

TARGET_RATIO = 2.5


def bare_command(port: int, kind: str) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "--factory", "bench.apps:bare_app",
        "--host", "127.0.0.1", "--port", str(port), "--loop", "uvloop", "--http", "httptools",
        "--workers", "1", "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip


def sample(target: Target, cpu: int | None) -> float:
    server = Server(target, "get", cpu, OUT / f"cold-{target.name}.log")
    try:
        return server.wait_first_200(ACCOUNTS_PATH, {"X-API-KEY": API_KEY}, timeout=30.0)
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--quiet", type=float, default=0.3, help="cores other work may use")
    parser.add_argument("--patience", type=float, default=60.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    targets = {
        "sim": Target("sim", "unipile-sim `serve`", simulator_command),
        "bare": Target("bare", "bare Starlette", bare_command),
    }
    times: dict[str, list[float]] = {"sim": [], "bare": []}
    for pair in range(args.pairs):
        wait_for_quiet(args.quiet, args.patience)
        order = ("sim", "bare") if pair % 2 == 0 else ("bare", "sim")
        for name in order:
            times[name].append(sample(targets[name], args.server_cpu))
        print(f"pair {pair + 1:2}: sim {times['sim'][-1]:.3f} s  bare {times['bare'][-1]:.3f} s")
    sim, bare = statistics.median(times["sim"]), statistics.median(times["bare"])
    ratio = sim / bare
    print(
        f"median cold start: sim {sim:.3f} s, bare {bare:.3f} s: {ratio:.2f}x "
        f"(target <= {TARGET_RATIO}x: {'met' if ratio <= TARGET_RATIO else 'missed'})"
    )
    if args.json:
        args.json.write_text(json.dumps({"seconds": times, "ratio": ratio}, indent=2))
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
