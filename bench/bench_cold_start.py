"""Cold start, sampled: `unipile-sim serve` (default scenario) against bare Starlette.

    python bench/bench_cold_start.py                 # 15 alternating pairs, about 30 s
    python bench/bench_cold_start.py --pairs 30 --json bench/out/cold.json
    python bench/bench_cold_start.py --base /tmp/before   # also a copy of the tree before a change
    python bench/bench_cold_start.py --cache fresh        # each start finds an empty cache

bench_peers.py measures one cold start per server and run, which a single slow disk read or
page-cache miss can move by half. Here each sample is a fresh process pinned to CPU 0 (as in
bench_peers.py), timed from its start to its first 200 on `GET /api/v1/accounts` (polled every
5 ms), the two servers alternating so that a disturbance falls on both. Bytecode is compiled
first, as an installed package has it. It prints each pair,
the medians and the ratio, and exits 1 when the simulator's median exceeds 2.5x bare's.

`--cache` says what `serve` finds in its compiled-scenario cache (scenario/compiled_cache.py):
`kept` (the default) the user's cache, which holds `default` from the second start on; `fresh`
an empty directory at every start, as on a new machine (it compiles, and keeps the entry); `none`
no cache at all (`UNIPILE_SIM_CACHE_DIR=` empty: it compiles and keeps nothing).

Beside the wall time it reports the CPU time the server spent up to that first 200 (all its
threads, from /proc/PID/task/*/schedstat, in nanoseconds): on a busy machine the wall time
waits for other work's turns on the core, the CPU time much less so.
"""

from __future__ import annotations

import argparse
import compileall
import json
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `simulator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_http import compile_bytecode, wait_for_quiet
from bench.bench_peers import ACCOUNTS_PATH, API_KEY, OUT, Server, Target, simulator_command
from simulator.scenario.compiled_cache import CACHE_DIR_ENV

TARGET_RATIO = 2.5


def bare_command(port: int, kind: str) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "--factory", "bench.apps:bare_app",
        "--host", "127.0.0.1", "--port", str(port), "--loop", "uvloop", "--http", "httptools",
        "--workers", "1", "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip


def sample(target: Target, cpu: int | None, cache: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from the process start to its first 200."""
    with tempfile.TemporaryDirectory(prefix="cold-cache-") as empty:
        if cache != "kept" and target.name != "bare":
            target = replace(
                target, env={**target.env, CACHE_DIR_ENV: empty if cache == "fresh" else ""}
            )
        server = Server(target, "get", cpu, OUT / f"cold-{target.name}.log")
        try:
            wall = server.wait_first_200(ACCOUNTS_PATH, {"X-API-KEY": API_KEY}, timeout=30.0)
            return wall, cpu_ns(server.listener) / 1e9
        finally:
            server.stop()


def cpu_ns(pid: int) -> int:
    """CPU time of every thread of `pid` so far (the first field of schedstat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            pass  # a thread that ended meanwhile
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--quiet", type=float, default=0.3, help="cores other work may use")
    parser.add_argument("--patience", type=float, default=60.0)
    parser.add_argument(
        "--base",
        type=Path,
        metavar="DIR",
        help="also start `serve` from the simulator/ package in DIR (a copy of the tree before a "
        "change, with its scenarios/ and contracts/), in the same rounds: a before/after",
    )
    parser.add_argument("--cache", choices=("kept", "fresh", "none"), default="kept")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    targets = {
        "sim": Target("sim", "unipile-sim `serve`", simulator_command),
        "bare": Target("bare", "bare Starlette", bare_command),
    }
    if args.base is not None:
        compileall.compile_dir(args.base / "simulator", quiet=1)
        base_env = {"PYTHONPATH": str(args.base.resolve())}  # the launcher's path, before ours
        targets["base"] = Target("base", "`serve` from --base", simulator_command, env=base_env)
    times: dict[str, list[float]] = {name: [] for name in targets}
    cpu: dict[str, list[float]] = {name: [] for name in targets}
    for round_ in range(args.pairs):
        wait_for_quiet(args.quiet, args.patience)
        order = list(targets) if round_ % 2 == 0 else list(reversed(targets))
        for name in order:
            wall, cpu_s = sample(targets[name], args.server_cpu, args.cache)
            times[name].append(wall)
            cpu[name].append(cpu_s)
        print(
            f"pair {round_ + 1:2}: "
            + "  ".join(
                f"{name} {times[name][-1]:.3f} s (CPU {cpu[name][-1]:.3f})" for name in targets
            )
        )
    bare, bare_cpu = statistics.median(times["bare"]), statistics.median(cpu["bare"])
    ratio = statistics.median(times["sim"]) / bare
    for name in targets:
        if name == "bare":
            continue
        wall, cpu_s = statistics.median(times[name]), statistics.median(cpu[name])
        verdict = "met" if wall / bare <= TARGET_RATIO else "missed"
        print(
            f"median cold start: {name} {wall:.3f} s, bare {bare:.3f} s: {wall / bare:.2f}x "
            f"(target <= {TARGET_RATIO}x: {verdict})"
        )
        print(
            f"median CPU to the first 200: {name} {cpu_s:.3f} s, bare {bare_cpu:.3f} s: "
            f"{cpu_s / bare_cpu:.2f}x"
        )
    if args.json:
        report = {"cache": args.cache, "seconds": times, "ratio": ratio, "cpu_seconds": cpu}
        args.json.write_text(json.dumps(report, indent=2))
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
