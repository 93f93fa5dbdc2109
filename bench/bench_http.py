"""HTTP throughput of the simulator against the ceiling of its own stack.

Targets, each served by uvicorn in its own subprocess on 127.0.0.1 (uvloop + httptools, one
worker, no access log):

  sim   the simulator (default scenario): GET /api/v1/accounts with its API key
  bare  a bare Starlette app returning the same bytes as constants (bench/apps.py:bare_app)

Each run starts a fresh server per target, warms it up, then loads it with 32 keep-alive
connections for a fixed duration using `wrk -t1 -c32 -d10s --latency` (or bench/loadgen.py when
wrk is missing). The server and the load generator are pinned to different cores with `taskset`
when there are at least two. The targets alternate order from run to run; the summary is the
median over the runs. Three ratios sim/bare are printed:

  - the median of the per-run req/s ratios (each pair measured back to back),
  - the same over "clean" pairs only, where both servers used >= 95 % of their core,
  - the ratio of server CPU time per request (bare/sim).

On a dedicated machine the server is saturated and they agree. On a shared one, other work steals
the server's or wrk's core and the req/s of that run falls while its CPU time per request barely
moves, so the verdict is taken on the CPU-time ratio (and the clean pairs should agree with it).
The target: sim >= 50 % of bare; the script exits 1 when it is missed (or a response failed).

Before each run it waits (up to --patience s) until other processes use fewer than --quiet
cores, and it records how much CPU other work took during each measurement ("other work").

    /tmp/venv/bin/python bench/bench_http.py                 # 5 runs x 10 s per target
    /tmp/venv/bin/python bench/bench_http.py --runs 5 --duration 15 --json bench/out/http.json
    PYTHONPATH=DIR /tmp/venv/bin/python bench/bench_http.py --sim-app my_variant:make_app
        # the same comparison for a patched variant of the simulator (a factory in DIR/my_variant.py)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
API_KEY = "sim_default_key_0001"
PATH = "/api/v1/accounts"
TARGETS = {
    "sim": ("bench.apps:simulator_app", "simulator GET /api/v1/accounts"),
    "bare": ("bench.apps:bare_app", "bare Starlette, constant bytes (ceiling)"),
}
TARGET_RATIO = 0.50
CLEAN_CPU = 0.95  # a run whose server used less of its core than this was disturbed


@dataclass
class Measurement:
    target: str
    run: int
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int
    server_cpu: float  # share of one core the server process used during the measurement
    others_cpu: float  # cores' worth of CPU used by other processes (not server, not load gen)
    cpu_us_per_request: float  # server CPU time per request: steadier than req/s under load
    loadavg_before: float
    loadavg_after: float
    loadgen: str
    raw: dict = field(default_factory=dict)


# -- servers --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pin(cpu: int | None) -> list[str]:
    return ["taskset", "-c", str(cpu)] if cpu is not None else []


class Server:
    def __init__(self, factory: str, cpu: int | None, env: dict[str, str] | None = None):
        """`factory` is `module:callable`, e.g. `bench.apps:simulator_app`."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{PATH}"
        command = pin(cpu) + [
            sys.executable, "-m", "uvicorn", "--factory", factory,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--loop", "uvloop", "--http", "httptools", "--workers", "1",
            "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
        path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
        full_env = os.environ | {"PYTHONPATH": path} | (env or {})
        full_env.pop("WEB_CONCURRENCY", None)
        self.process = subprocess.Popen(command, cwd=REPO, env=full_env)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}")
            try:
                self.fetch()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server on port {self.port} not ready after {timeout} s")

    def fetch(self) -> bytes:
        request = urllib.request.Request(self.url, headers={"X-API-KEY": API_KEY})
        with urllib.request.urlopen(request, timeout=2) as response:
            if response.status != 200:
                raise RuntimeError(f"{self.url} answered {response.status}")
            return response.read()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process (the uvicorn child of taskset execs)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def cpu_busy_seconds() -> float:
    """CPU seconds spent not idle since boot, all cores together (from /proc/stat)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_for_quiet(threshold: float, patience: float) -> float:
    """Wait (up to `patience` s) until other work uses less than `threshold` cores; return it."""
    started = time.monotonic()
    while True:
        before = cpu_busy_seconds()
        time.sleep(1.0)
        busy = cpu_busy_seconds() - before
        waited = time.monotonic() - started
        if busy < threshold or waited >= patience:
            if waited > 1.5:
                print(f"# waited {waited:.0f} s for other work to calm down ({busy:.2f} cores)")
            return busy


# -- load generators ------------------------------------------------------------------------------

_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"cannot read wrk duration {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> dict:
    def number(pattern: str, default: float | None = None) -> float:
        match = re.search(pattern, output)
        if match is None:
            if default is None:
                raise ValueError(f"wrk output without {pattern!r}:\n{output}")
            return default
        return float(match.group(1))

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "p50_ms": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p90_ms": _ms(re.search(r"\s90%\s+(\S+)", output).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "non_2xx": int(number(r"Non-2xx or 3xx responses:\s+(\d+)", 0)),
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
    }


def run_load(kind: str, url: str, seconds: float, connections: int, cpu: int | None) -> dict:
    header = f"X-API-KEY: {API_KEY}"
    if kind == "wrk":
        command = pin(cpu) + [
            "wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "-H", header, url,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return parse_wrk(done.stdout) | {"output": done.stdout}
    command = pin(cpu) + [
        sys.executable, str(REPO / "bench" / "loadgen.py"), "--url", url,
        "-c", str(connections), "-d", f"{seconds:g}", "-H", header,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


# -- the benchmark --------------------------------------------------------------------------------


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("uvicorn", "starlette", "uvloop", "httptools", "orjson"):
        try:
            versions[name] = __import__(name).__version__
        except (ImportError, AttributeError):  # a missing package is reported, not fatal
            versions[name] = "?"
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "loadavg": os.getloadavg(),
        "revision": revision(),
    }


def compile_bytecode() -> None:
    """Write the simulator's bytecode before timing start-ups, as `pip install` does: a checkout
    run with PYTHONDONTWRITEBYTECODE=1 (or read-only) would otherwise compile every module at
    every start, about 70 ms of a cold start here."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "simulator"), str(REPO / "bench")],
        check=True,
    )


def revision() -> str:
    """The commit benchmarked, `+dirty` when the work tree has changes (read-only git calls)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO, capture_output=True, text=True, check=False,
        ).stdout.strip()  # fmt: skip
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+dirty" if dirty else "")


def measure(
    target: str, run: int, args: argparse.Namespace, loadgen: str, env: dict[str, str]
) -> Measurement:
    factory = args.sim_app if target == "sim" else TARGETS[target][0]
    server = Server(factory, args.server_cpu, env)
    try:
        wait_for_quiet(args.quiet, args.patience)
        run_load(loadgen, server.url, args.warmup, args.connections, args.client_cpu)
        time.sleep(0.5)
        load_before = os.getloadavg()[0]
        cpu_before, wall_before = server.cpu_seconds(), time.monotonic()
        busy_before, children_before = cpu_busy_seconds(), children_cpu_seconds()
        result = run_load(loadgen, server.url, args.duration, args.connections, args.client_cpu)
        wall = time.monotonic() - wall_before
        cpu_used = server.cpu_seconds() - cpu_before
        loadgen_used = children_cpu_seconds() - children_before
        others = (cpu_busy_seconds() - busy_before - cpu_used - loadgen_used) / wall
        cpu_share = cpu_used / wall
        load_after = os.getloadavg()[0]
    finally:
        server.stop()
    return Measurement(
        target=target,
        run=run,
        rps=result["rps"],
        p50_ms=result["p50_ms"],
        p99_ms=result["p99_ms"],
        requests=result["requests"],
        non_2xx=result["non_2xx"],
        socket_errors=result["socket_errors"],
        server_cpu=cpu_share,
        others_cpu=max(0.0, others),
        cpu_us_per_request=cpu_used / max(1, result["requests"]) * 1e6,
        loadavg_before=load_before,
        loadavg_after=load_after,
        loadgen=loadgen,
        raw=result,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per run")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load discarded")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--no-pin", action="store_true", help="do not use taskset")
    parser.add_argument(
        "--quiet",
        type=float,
        default=0.3,
        help="before each run, wait until other work uses fewer cores than this (default 0.3)",
    )
    parser.add_argument(
        "--patience", type=float, default=60.0, help="seconds to wait for a quiet machine"
    )
    parser.add_argument("--targets", default="sim,bare", help="comma-separated: sim,bare")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument(
        "--sim-app",
        default=TARGETS["sim"][0],
        metavar="MODULE:FACTORY",
        help="the simulator's app factory (to measure a patched variant before changing it)",
    )
    args = parser.parse_args(argv)

    loadgen = args.loadgen
    if loadgen == "auto":
        loadgen = "wrk" if shutil.which("wrk") else "python"
    if loadgen == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install -y wrk), use --loadgen python")
    can_pin = not args.no_pin and shutil.which("taskset") and (os.cpu_count() or 1) >= 2
    args.server_cpu, args.client_cpu = (0, 1) if can_pin else (None, None)
    targets = [name.strip() for name in args.targets.split(",") if name.strip()]
    for name in targets:
        if name not in TARGETS:
            parser.error(f"unknown target {name!r}")

    info = machine()
    print(
        f"# {info['cpus']} CPUs ({info['cpu_model']}), Python {info['python']}, "
        f"load average {info['loadavg'][0]:.2f} {info['loadavg'][1]:.2f} {info['loadavg'][2]:.2f}"
    )
    print(f"# packages: {info['packages']}; revision {info['revision']}")
    print(
        f"# load generator: {loadgen}, {args.connections} connections, {args.duration:g} s "
        f"measured after {args.warmup:g} s warm-up, {args.runs} runs; "
        + (f"server on CPU {args.server_cpu}, load generator on CPU {args.client_cpu}"
           if can_pin else "no CPU pinning")
    )  # fmt: skip

    # The bare app serves the simulator's own response bytes, so both send the same payload.
    OUT.mkdir(parents=True, exist_ok=True)
    body_file = OUT / "accounts_body.json"
    probe = Server(args.sim_app, args.server_cpu)
    try:
        body = probe.fetch()
    finally:
        probe.stop()
    body_file.write_bytes(body)
    env = {"BENCH_BODY_FILE": str(body_file)}
    print(f"# response body: {len(body)} bytes, {len(json.loads(body)['items'])} accounts")

    measurements: list[Measurement] = []
    for run in range(1, args.runs + 1):
        order = targets if run % 2 else list(reversed(targets))
        for target in order:
            m = measure(target, run, args, loadgen, env)
            measurements.append(m)
            print(
                f"run {run} {target:4}  {m.rps:10.0f} req/s  p50 {m.p50_ms:6.2f} ms  "
                f"p99 {m.p99_ms:6.2f} ms  server CPU {m.server_cpu:4.0%} "
                f"({m.cpu_us_per_request:.0f} us/req)  "
                f"non-2xx {m.non_2xx}  socket errors {m.socket_errors}  "
                f"other work {m.others_cpu:.2f} cores  "
                f"load {m.loadavg_before:.2f}->{m.loadavg_after:.2f}"
                + ("" if m.server_cpu >= CLEAN_CPU else "  (disturbed: server below 95 % CPU)"),
                flush=True,
            )

    summary = {}
    for target in targets:
        mine = [m for m in measurements if m.target == target]
        summary[target] = {
            "rps": statistics.median(m.rps for m in mine),
            "p50_ms": statistics.median(m.p50_ms for m in mine),
            "p99_ms": statistics.median(m.p99_ms for m in mine),
            "cpu_us": statistics.median(m.cpu_us_per_request for m in mine),
            "others_cpu": statistics.median(m.others_cpu for m in mine),
            "runs": [round(m.rps) for m in mine],
            "errors": sum(m.non_2xx + m.socket_errors for m in mine),
        }
    print()
    print(
        f"| target | req/s (median of {args.runs}) | p50 ms | p99 ms | "
        "server CPU µs/req | other work (cores) | runs (req/s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for target in targets:
        s = summary[target]
        print(
            f"| {TARGETS[target][1]} | {s['rps']:,.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | "
            f"{s['cpu_us']:.0f} | {s['others_cpu']:.2f} | "
            f"{', '.join(f'{r:,}' for r in s['runs'])} |"
        )
    status = 0
    if "sim" in summary and "bare" in summary:
        ratio_of_medians = summary["sim"]["rps"] / summary["bare"]["rps"]
        per_run = [
            sim.rps / bare.rps
            for sim, bare in zip(
                [m for m in measurements if m.target == "sim"],
                [m for m in measurements if m.target == "bare"],
            )
        ]
        clean = [
            sim.rps / bare.rps
            for sim, bare in zip(
                [m for m in measurements if m.target == "sim"],
                [m for m in measurements if m.target == "bare"],
            )
            if min(sim.server_cpu, bare.server_cpu) >= CLEAN_CPU
        ]
        ratio = statistics.median(per_run)
        clean_ratio = statistics.median(clean) if clean else float("nan")
        cpu_ratio = summary["bare"]["cpu_us"] / summary["sim"]["cpu_us"]
        verdict = "met" if cpu_ratio >= TARGET_RATIO else "MISSED"
        print()
        print(
            f"req/s sim/bare, median of per-run ratios: {ratio:.1%} "
            f"(per run: {', '.join(f'{r:.1%}' for r in per_run)})"
        )
        print(
            f"req/s sim/bare, clean pairs only (both servers >= {CLEAN_CPU:.0%} CPU): "
            + (f"{clean_ratio:.1%} over {len(clean)} pair(s)" if clean else "no clean pair")
        )
        print(f"req/s sim/bare, ratio of the medians: {ratio_of_medians:.1%}")
        print(
            f"server CPU time per request, bare/sim: {cpu_ratio:.1%}; "
            f"target >= {TARGET_RATIO:.0%}: {verdict}"
        )
        summary["ratio"] = ratio
        summary["clean_ratio"] = clean_ratio
        summary["clean_pairs"] = len(clean)
        summary["ratio_of_medians"] = ratio_of_medians
        summary["cpu_ratio"] = cpu_ratio
        summary["ratio_per_run"] = per_run
        status = 0 if cpu_ratio >= TARGET_RATIO else 1
    if any(summary[t]["errors"] for t in targets):
        print("WARNING: some responses were errors; see the per-run lines")
        status = 1
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "args": {k: v for k, v in vars(args).items() if k != "json"},
                    "measurements": [asdict(m) for m in measurements],
                    "summary": summary,
                },
                indent=2,
                default=str,
            )
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
