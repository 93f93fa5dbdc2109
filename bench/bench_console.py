"""What the console costs: GET /api/v1/accounts against `unipile-sim serve` with its default
console (a text line per request), with `--log-format json`, and with `--quiet`.

Each server runs in its own process pinned to CPU 0 (taskset), its stdout going to a file (what
a terminal or a log collector reads); bench/loadgen.py drives it from CPU 1 with 32 keep-alive
connections for --seconds (default 10). The figure is the server's CPU time per request (user +
system, /proc), the one a saturated server's throughput is the inverse of; req/s is shown too
(on a small machine the Python load generator may be the bottleneck). The modes alternate for
--rounds rounds (default 3); medians are reported. Target: the default console costs at most
10 % of --quiet's throughput, i.e. at most +11 % CPU per request.

    python bench/bench_console.py
    python bench/bench_console.py --seconds 5 --rounds 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
KEY = "sim_default_key_0001"
MODES = {"quiet": ["--quiet"], "text": [], "json": ["--log-format", "json"]}
TARGET_COST = 0.10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pinned(cpu: int, argv: list[str]) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) > cpu:
        return ["taskset", "-c", str(cpu), *argv]
    return argv


def run_mode(mode: str, seconds: float, log_dir: Path) -> dict[str, float]:
    port = free_port()
    log = log_dir / f"{mode}.log"
    argv = [sys.executable, "-m", "simulator.cli", "serve", "--port", str(port), *MODES[mode]]
    with log.open("w") as out:
        server = subprocess.Popen(pinned(0, argv), stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
    try:
        url = f"http://127.0.0.1:{port}/api/v1/accounts"
        deadline = time.monotonic() + 15
        while True:
            try:
                httpx.get(url, headers={"X-API-KEY": KEY})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.05)
        cpu_before = cpu_seconds(server.pid)
        load = subprocess.run(
            pinned(1, [sys.executable, str(REPO / "bench" / "loadgen.py"), "--url", url,
                       "-c", "32", "-d", str(seconds), "-H", f"X-API-KEY: {KEY}"]),
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=10)
    result = json.loads(load.stdout)
    requests = result["requests"]
    lines = sum(1 for line in log.read_text().splitlines() if "/api/v1/accounts" in line)
    return {
        "requests": requests,
        "req_per_s": result["rps"],
        "cpu_us_per_request": cpu / requests * 1e6,
        "lines_logged": lines,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for mode in MODES:
                runs[mode].append(run_mode(mode, args.seconds, Path(tmp)))
    summary = {}
    for mode, results in runs.items():
        summary[mode] = {
            "cpu_us_per_request": statistics.median(r["cpu_us_per_request"] for r in results),
            "req_per_s": statistics.median(r["req_per_s"] for r in results),
            "lines_logged": [r["lines_logged"] for r in results],
            "requests": [r["requests"] for r in results],
        }
    quiet = summary["quiet"]["cpu_us_per_request"]
    for mode in ("text", "json"):
        cost = 1 - quiet / summary[mode]["cpu_us_per_request"]  # throughput lost at saturation
        summary[mode]["throughput_cost_vs_quiet"] = cost
        summary[mode]["target_met"] = cost <= TARGET_COST
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
