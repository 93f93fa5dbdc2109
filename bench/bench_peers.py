"""The simulator beside its peers: Prism, WireMock, Mockoon CLI and bare Starlette, one run.

    python bench/bench_peers.py                    # 2 runs, 5 s measured per route: ~8 min
    python bench/bench_peers.py --runs 5 --duration 15 --json bench/out/peers-long.json
    python bench/bench_peers.py --only sim --only bare --runs 3    # a subset, RESULTS.md untouched

What it does, in order:

1. Installs what is missing: `wrk` with `apt-get install -y wrk` (without it, bench/loadgen.py
   drives the GET routes and the POST route is skipped), and the peers pinned in
   bench/peers/package.json with `npm ci --prefix bench/peers` (node_modules is ignored by git):
   Prism (`@stoplight/prism-cli`), WireMock (the standalone jar inside npm `wiremock`, run on the
   machine's `java`), Mockoon CLI (`@mockoon/cli`). A peer whose runtime is missing is skipped
   and the report says so.
2. Captures the simulator's own response bytes: `GET /api/v1/accounts` and
   `GET /api/v1/chats/{chat_id}/messages?limit=10` (the newest LinkedIn chat,
   `GET /api/v1/chats?account_type=LINKEDIN`) on the `default` scenario, and the 201 of `POST /api/v1/users/invite` on
   bench/scenarios/invite-10k.yaml (80 premium accounts, 10,000 people, no relations, no caps).
   The people's provider ids come from the same scenario compiled in-process (same seed, so the
   same world); the account ids from the server's `GET /api/v1/accounts`. Every peer is then
   configured to answer the three routes with exactly these bytes (bench/out/peers/: Prism's
   OpenAPI document with static examples, WireMock's mappings, Mockoon's environment).
3. Measures, run after run, every target in turn (the order reversed on even runs), a fresh
   server per run and target, pinned with `taskset -c 0`; the load is
   `taskset -c 1 wrk -t1 -c32 --latency -s bench/wrk/peers.lua` (this script also runs on core 1).
   Cold start = process start to the first 200 on `GET /api/v1/accounts`, polled every 5 ms.
   Then a warm-up (--warmup s, --jvm-warmup for WireMock) spread over the server's routes, and
   per route --settle s of load and --duration s measured. RSS = the listening process's VmRSS
   after the GET load. Each server serves the three routes, except the simulator: its GET routes
   are served by `serve` with `default`, its POST route by another fresh `serve` holding the
   10k world, where every request invites a new (account, person) pair, so every answer is a
   201; the peers answer it with the simulator's constant 201 bytes.
   `sim-strict` is the simulator with `serve --strict`, GET routes only.
4. Per measurement: req/s, p50/p90/p99/p99.9/max latency (wrk), the server's CPU time per
   request (utime + stime of the process that listens on the port, found through /proc, since
   launchers may fork; the whole process tree is recorded too), the CPU that other work on the
   machine used meanwhile. Before each server start and each route it waits (up to --patience)
   for other work to fall under --quiet cores, as bench_http.py does; a measurement during which
   other work used >= --busy cores is flagged busy, and a req/s figure whose runs were mostly
   busy is marked in the table: CPU time per request is the figure to read then.
5. Writes every measurement to bench/out/peers-<UTC time>.json (and --json PATH), prints the
   tables, and (when all targets ran, or with --results) rewrites the section of
   bench/RESULTS.md between `<!-- peers:start -->` and `<!-- peers:end -->`, keeping the
   hand-written block between `<!-- peers:notes:start -->` and `<!-- peers:notes:end -->`.

Targets: sim, sim-strict, bare, bare-serve (bare Starlette on `serve`'s own HTTP protocol), wiremock,
prism, mockoon (--only, repeatable or comma-separated).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `simulator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_http import (
    children_cpu_seconds,
    compile_bytecode,
    cpu_busy_seconds,
    free_port,
    parse_wrk,
    pin,
    revision,
    wait_for_quiet,
)

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
OUT = BENCH / "out"
CONFIGS = OUT / "peers"
PEERS = BENCH / "peers"
MODULES = PEERS / "node_modules"
RESULTS = BENCH / "RESULTS.md"
WRK_SCRIPT = BENCH / "wrk" / "peers.lua"
INVITE_SCENARIO = BENCH / "scenarios" / "invite-10k.yaml"

API_KEY = "sim_default_key_0001"
INVITE_KEY = "sim_bench_invite_0001"
ACCOUNTS_PATH = "/api/v1/accounts"
CHATS_PATH = "/api/v1/chats"
INVITE_PATH = "/api/v1/users/invite"
MESSAGES_LIMIT = 10
START_MARK, END_MARK = "<!-- peers:start -->", "<!-- peers:end -->"
NOTES_START, NOTES_END = "<!-- peers:notes:start -->", "<!-- peers:notes:end -->"
MAX_RATE = 20_000  # req/s the invite world is sized for (pairs = accounts x people)

ROUTES = ("accounts", "messages", "invite")
ROUTE_LABELS = {
    "accounts": "GET /api/v1/accounts",
    "messages": f"GET /api/v1/chats/{{chat_id}}/messages?limit={MESSAGES_LIMIT}",
    "invite": "POST /api/v1/users/invite",
}


# -- what is measured -----------------------------------------------------------------------------


@dataclass
class Payloads:
    """The simulator's own bytes, and the ids the invitations go to."""

    accounts: bytes
    messages: bytes
    invite: bytes
    messages_path: str  # /api/v1/chats/{id}/messages?limit=10
    invite_accounts: list[str]
    invite_people: list[str]

    @property
    def pairs(self) -> int:
        return len(self.invite_accounts) * len(self.invite_people)


@dataclass
class Target:
    name: str
    label: str
    command: Callable[[int, str], list[str]]  # (port, session kind) -> argv
    # One fresh server per (run, kind), serving these routes. Only the simulator needs two: its
    # invitations go to another world (bench/scenarios/invite-10k.yaml).
    sessions: tuple[tuple[str, tuple[str, ...]], ...] = (("all", ROUTES),)
    jvm: bool = False  # warm up longer
    env: dict[str, str] = field(default_factory=dict)
    missing: str = ""  # why it cannot run here, if it cannot


@dataclass
class Measurement:
    target: str
    run: int
    route: str
    rps: float
    requests: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    p999_ms: float
    max_ms: float
    non_2xx: int
    socket_errors: int
    cpu_us_per_request: float  # the listening process
    tree_cpu_us_per_request: float  # every process of the server's tree
    server_cpu: float  # share of one core the listening process used
    others_cpu: float  # cores' worth of CPU used by everything else meanwhile
    busy: bool
    loadgen: str


@dataclass
class Session:
    target: str
    run: int
    kind: str  # "all" routes on one server; the simulator: "get" routes, then "post" on another
    cold_start_s: float
    rss_mib: float  # the listening process, after the GET load (the POST load: kind "post")
    tree_rss_mib: float
    listener_pid: int
    processes: int
    bodies_match: dict[str, bool]
    measurements: list[Measurement] = field(default_factory=list)
    error: str = ""


# -- processes ------------------------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def descendants(root: int) -> list[int]:
    """`root` and every process below it (launchers such as npx or oclif fork)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int(_stat_fields(int(entry.name))[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def cpu_seconds(pid: int) -> float:
    try:
        fields = _stat_fields(pid)
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if parts[3] == "0A" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(parts[9])
    return inodes


def listener_of(root: int, port: int) -> int:
    """The process of `root`'s tree that holds the socket listening on `port`."""
    inodes = {f"socket:[{inode}]" for inode in listening_inodes(port)}
    for pid in descendants(root):
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    if os.readlink(fd) in inodes:
                        return pid
                except OSError:
                    continue
        except OSError:
            continue
    raise RuntimeError(f"no process of {root}'s tree listens on port {port}")


class Server:
    """One target's server process, started fresh, pinned, in its own process group."""

    def __init__(self, target: Target, kind: str, cpu: int | None, log: Path):
        self.port = free_port()
        self.kind = kind
        argv = pin(cpu) + target.command(self.port, kind)
        path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
        env = os.environ | {"PYTHONPATH": path} | target.env
        env.pop("WEB_CONCURRENCY", None)
        self.log = log.open("ab")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            argv,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # Mockoon logs every request there
            stderr=self.log,
            start_new_session=True,  # its own group: stop() ends every process it forked
        )
        self.pid = self.process.pid
        self.listener = 0

    def wait_first_200(self, path: str, headers: dict[str, str], timeout: float) -> float:
        """Seconds from the process start to its first 200 on `path`, polled every 5 ms."""
        deadline = self.started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"exited with {self.process.returncode} (see {self.log.name})")
            try:
                status, _ = request(self.port, "GET", path, headers, timeout=2.0)
                if status == 200:
                    ready = time.monotonic() - self.started
                    self.listener = listener_of(self.pid, self.port)
                    return ready
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError(f"no 200 on {path} within {timeout:.0f} s (see {self.log.name})")

    def cpu(self) -> tuple[float, float]:
        """(CPU seconds of the listening process, of the whole tree)."""
        tree = sum(cpu_seconds(pid) for pid in descendants(self.pid))
        return cpu_seconds(self.listener), tree

    def rss(self) -> tuple[float, float]:
        return rss_mib(self.listener), sum(rss_mib(pid) for pid in descendants(self.pid))

    def stop(self) -> None:
        if self.process.poll() is None:
            for sig, wait in ((signal.SIGINT, 10), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        try:  # children that outlived their parent (still in the group we made)
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.log.close()


def request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None,
    timeout: float = 5.0,
) -> tuple[int, bytes]:  # fmt: skip
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# -- installing -----------------------------------------------------------------------------------


def ensure_wrk(allow_install: bool) -> str:
    if shutil.which("wrk"):
        return "wrk"
    if allow_install and os.geteuid() == 0 and shutil.which("apt-get"):
        print("# installing wrk: apt-get install -y wrk", flush=True)
        done = subprocess.run(
            ["apt-get", "install", "-y", "wrk"], capture_output=True, text=True, check=False
        )
        if done.returncode == 0 and shutil.which("wrk"):
            return "wrk"
        print("# apt-get install wrk failed:\n" + done.stdout[-800:] + done.stderr[-800:])
    print("# wrk missing: bench/loadgen.py drives the GET routes; the POST route is skipped")
    return "python"


def ensure_peers(allow_install: bool) -> str:
    """Install bench/peers/package.json's pins unless they are there; '' or why not."""
    wanted = json.loads((PEERS / "package.json").read_text())["dependencies"]
    missing = []
    for name, version in wanted.items():
        manifest = MODULES / name / "package.json"
        if not manifest.exists() or json.loads(manifest.read_text())["version"] != version:
            missing.append(f"{name}@{version}")
    if not missing:
        return ""
    if not shutil.which("npm"):
        return "npm is not installed"
    if not allow_install:
        return "not installed (--no-install): " + ", ".join(missing)
    lock = (PEERS / "package-lock.json").exists()
    command = [
        "npm",
        "ci" if lock else "install",
        "--prefix",
        str(PEERS),
        "--no-audit",
        "--no-fund",
    ]
    print(f"# installing the peers: {' '.join(command)}", flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return "npm failed: " + (done.stderr or done.stdout)[-600:]
    return ""


def wiremock_jar() -> Path | None:
    jars = sorted((MODULES / "wiremock").glob("**/wiremock-standalone-*.jar"))
    return jars[-1] if jars else None


def node_script(package: str, bin_name: str) -> Path:
    manifest = json.loads((MODULES / package / "package.json").read_text())
    bins = manifest["bin"]
    relative = bins if isinstance(bins, str) else bins[bin_name]
    return (MODULES / package / relative).resolve()


# -- the simulator's bytes ------------------------------------------------------------------------


def simulator_command(port: int, kind: str, strict: bool = False) -> list[str]:
    launcher = Path(sys.executable).with_name("unipile-sim")
    base = [str(launcher)] if launcher.exists() else [
        sys.executable, "-c", "import sys; from simulator.cli import main; sys.exit(main())",
    ]  # fmt: skip
    argv = base + [
        "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--quiet",
    ]  # fmt: skip
    if kind == "post":
        argv += ["--scenario", str(INVITE_SCENARIO)]
    return argv + (["--strict"] if strict else [])


def capture_payloads(cpu: int | None) -> Payloads:
    probe_target = Target("sim", "", simulator_command)
    headers = {"X-API-KEY": API_KEY}
    server = Server(probe_target, "get", cpu, OUT / "server-probe.log")
    try:
        server.wait_first_200(ACCOUNTS_PATH, headers, timeout=60)
        accounts = fetch(server.port, ACCOUNTS_PATH, headers)
        # The newest LinkedIn chat: the route measured since the first runs, whatever other
        # providers' chats the default world holds.
        newest = f"{CHATS_PATH}?limit=1&account_type=LINKEDIN"
        chats = json.loads(fetch(server.port, newest, headers))
        chat_id = chats["items"][0]["id"]
        messages_path = f"{CHATS_PATH}/{chat_id}/messages?limit={MESSAGES_LIMIT}"
        messages = fetch(server.port, messages_path, headers)
    finally:
        server.stop()

    headers = {"X-API-KEY": INVITE_KEY}
    server = Server(probe_target, "post", cpu, OUT / "server-probe.log")
    try:
        server.wait_first_200(ACCOUNTS_PATH, headers, timeout=60)
        listing = json.loads(fetch(server.port, f"{ACCOUNTS_PATH}?limit=250", headers))
        account_ids = [
            item["id"] for item in listing["items"]
            if item["type"] == "LINKEDIN"
            and all(source["status"] == "OK" for source in item["sources"])
        ]  # fmt: skip
        people = invitable_people(account_ids)
        body = json.dumps({"account_id": account_ids[0], "provider_id": people[-1]}).encode()
        status, invite = request(
            server.port, "POST", INVITE_PATH, headers | {"Content-Type": "application/json"}, body
        )
        if status != 201:
            raise RuntimeError(f"the probe invitation answered {status}: {invite[:300]!r}")
    finally:
        server.stop()
    return Payloads(accounts, messages, invite, messages_path, account_ids, people)


def fetch(port: int, path: str, headers: dict[str, str]) -> bytes:
    status, body = request(port, "GET", path, headers)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
    return body


def invitable_people(account_ids: list[str]) -> list[str]:
    """Provider ids of the invite world's people no account is related to, in directory order.

    The world is compiled in-process from the same scenario and seed as the server's (as
    `build_app` does), so its people are the server's: the API has no route that lists 10,000
    members (a search stops at 1,000 results)."""
    from simulator.registry import TenantRegistry
    from simulator.scenario.loader import load_scenario
    from simulator.world.people import FIRST

    loaded = load_scenario(str(INVITE_SCENARIO))
    world = TenantRegistry().create(loaded, seed=None, api_key=loaded.scenario.api_key)
    accounts = [world.accounts.get(account_id) for account_id in account_ids]
    return [
        person.provider_id
        for person in world.network.directory.people
        if all(world.network.distance(account, person) != FIRST for account in accounts)
    ]


# -- the peers' configurations --------------------------------------------------------------------


def write_configs(payloads: Payloads) -> dict[str, Path]:
    """Prism's OpenAPI document, WireMock's root dir, Mockoon's environment: the same bytes."""
    CONFIGS.mkdir(parents=True, exist_ok=True)
    for name, body in (
        ("accounts.json", payloads.accounts),
        ("messages.json", payloads.messages),
        ("invite.json", payloads.invite),
    ):
        (CONFIGS / name).write_bytes(body)
    (CONFIGS / "invite-accounts.txt").write_text("\n".join(payloads.invite_accounts) + "\n")
    (CONFIGS / "invite-people.txt").write_text("\n".join(payloads.invite_people) + "\n")

    def json_response(description: str, body: bytes) -> dict:
        return {
            "description": description,
            "content": {"application/json": {"example": json.loads(body)}},
        }

    openapi = {
        "openapi": "3.0.3",
        "info": {"title": "unipile-sim bench routes", "version": "1"},
        "paths": {
            ACCOUNTS_PATH: {
                "get": {
                    "operationId": "listAccounts",
                    "responses": {"200": json_response("AccountList", payloads.accounts)},
                }
            },
            "/api/v1/chats/{chat_id}/messages": {
                "get": {
                    "operationId": "listChatMessages",
                    "parameters": [
                        {
                            "name": "chat_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 250},
                        },
                    ],
                    "responses": {"200": json_response("MessageList", payloads.messages)},
                }
            },
            INVITE_PATH: {
                "post": {
                    "operationId": "sendInvitation",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["account_id", "provider_id"],
                                    "properties": {
                                        "account_id": {"type": "string"},
                                        "provider_id": {"type": "string"},
                                        "message": {"type": "string", "maxLength": 300},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {"201": json_response("UserInvitationSent", payloads.invite)},
                }
            },
        },
    }
    prism = CONFIGS / "prism-openapi.json"
    prism.write_text(json.dumps(openapi, indent=1))

    wiremock = CONFIGS / "wiremock"
    mappings = wiremock / "mappings"
    shutil.rmtree(wiremock, ignore_errors=True)
    mappings.mkdir(parents=True)
    (wiremock / "__files").mkdir()
    stubs = [
        ("accounts", {"method": "GET", "urlPath": ACCOUNTS_PATH}, 200, payloads.accounts),
        (
            "messages",
            {"method": "GET", "urlPathPattern": "/api/v1/chats/[^/]+/messages"},
            200,
            payloads.messages,
        ),
        ("invite", {"method": "POST", "urlPath": INVITE_PATH}, 201, payloads.invite),
    ]
    for name, match, status, body in stubs:
        mapping = {
            "request": match,
            "response": {
                "status": status,
                "headers": {"Content-Type": "application/json"},
                "body": body.decode(),
            },
        }
        (mappings / f"{name}.json").write_text(json.dumps(mapping))

    mockoon = CONFIGS / "mockoon-environment.json"
    mockoon.write_text(json.dumps(mockoon_environment(payloads), indent=1))
    return {"prism": prism, "wiremock": wiremock, "mockoon": mockoon}


def mockoon_environment(payloads: Payloads) -> dict:
    """A Mockoon data file (schema of @mockoon/commons 9, `lastMigration` 33), three routes."""

    def route(number: int, method: str, endpoint: str, status: int, body: bytes) -> dict:
        return {
            "uuid": f"00000000-0000-4000-8000-00000000000{number}",
            "type": "http",
            "documentation": "",
            "method": method,
            "endpoint": endpoint,
            "responses": [
                {
                    "uuid": f"00000000-0000-4000-8000-00000000010{number}",
                    "body": body.decode(),
                    "latency": 0,
                    "statusCode": status,
                    "label": "",
                    "headers": [],
                    "bodyType": "INLINE",
                    "filePath": "",
                    "databucketID": "",
                    "sendFileAsBody": False,
                    "rules": [],
                    "rulesOperator": "OR",
                    "disableTemplating": True,  # the bytes as they are, no {{ }} parsing
                    "fallbackTo404": False,
                    "default": True,
                    "crudKey": "id",
                    "callbacks": [],
                }
            ],
            "responseMode": None,
            "streamingMode": None,
            "streamingInterval": 0,
        }

    routes = [
        route(1, "get", "api/v1/accounts", 200, payloads.accounts),
        route(2, "get", "api/v1/chats/:chat_id/messages", 200, payloads.messages),
        route(3, "post", "api/v1/users/invite", 201, payloads.invite),
    ]
    return {
        "uuid": "00000000-0000-4000-8000-000000000000",
        "lastMigration": 33,
        "name": "unipile-sim bench routes",
        "endpointPrefix": "",
        "latency": 0,
        "port": 3000,
        "hostname": "127.0.0.1",
        "folders": [],
        "routes": routes,
        "rootChildren": [{"type": "route", "uuid": r["uuid"]} for r in routes],
        "proxyMode": False,
        "proxyHost": "",
        "proxyRemovePrefix": False,
        "tlsOptions": {
            "enabled": False,
            "type": "CERT",
            "pfxPath": "",
            "certPath": "",
            "keyPath": "",
            "caPath": "",
            "passphrase": "",
        },
        "cors": True,
        "headers": [{"key": "Content-Type", "value": "application/json"}],
        "proxyReqHeaders": [{"key": "", "value": ""}],
        "proxyResHeaders": [{"key": "", "value": ""}],
        "data": [],
        "callbacks": [],
    }


def make_targets(
    configs: dict[str, Path], peers_problem: str, jvm_warmup: float
) -> dict[str, Target]:
    bodies = {
        "BENCH_BODY_FILE": str(CONFIGS / "accounts.json"),
        "BENCH_MESSAGES_FILE": str(CONFIGS / "messages.json"),
        "BENCH_INVITE_FILE": str(CONFIGS / "invite.json"),
    }
    targets = {
        "sim": Target(
            "sim",
            "unipile-sim `serve`",
            simulator_command,
            sessions=(("get", ("accounts", "messages")), ("post", ("invite",))),
        ),
        "sim-strict": Target(
            "sim-strict",
            "unipile-sim `serve --strict`",
            lambda port, kind: simulator_command(port, kind, strict=True),
            sessions=(("get", ("accounts", "messages")),),
        ),
        "bare": Target(
            "bare",
            "bare Starlette, constant bytes",
            lambda port, kind: [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "bench.apps:bare_peers_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--loop",
                "uvloop",
                "--http",
                "httptools",
                "--workers",
                "1",
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            env=bodies,
        ),
    }
    targets["bare-serve"] = Target(
        "bare-serve",
        "bare Starlette on `serve`'s protocol",
        lambda port, kind: [sys.executable, "-m", "bench.apps", "--port", str(port)],
        env=bodies,
    )
    jar = wiremock_jar() if not peers_problem else None
    targets["wiremock"] = Target(
        "wiremock",
        f"WireMock {version_of('wiremock')}, no journal, {jvm_warmup:g} s warm-up",
        lambda port, kind: [
            "java",
            "-jar",
            str(jar),
            "--port",
            str(port),
            "--bind-address",
            "127.0.0.1",
            "--root-dir",
            str(configs["wiremock"]),
            "--no-request-journal",
            "--disable-banner",
            "--async-response-enabled",
            "false",
        ],
        jvm=True,
        missing=peers_problem
        or ("" if jar else "no wiremock-standalone jar in npm `wiremock`")
        or ("" if shutil.which("java") else "java is not installed"),
    )
    node_missing = "" if shutil.which("node") else "node is not installed"
    targets["prism"] = Target(
        "prism",
        f"Prism {version_of('@stoplight/prism-cli')} `-v warn`",
        lambda port, kind: [
            "node",
            str(node_script("@stoplight/prism-cli", "prism")),
            "mock",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-v",
            "warn",
            str(configs["prism"]),
        ],
        missing=peers_problem or node_missing,
    )
    targets["mockoon"] = Target(
        "mockoon",
        f"Mockoon CLI {version_of('@mockoon/cli')}",
        lambda port, kind: [
            "node",
            str(node_script("@mockoon/cli", "mockoon-cli")),
            "start",
            "--data",
            str(configs["mockoon"]),
            "--port",
            str(port),
            "--hostname",
            "127.0.0.1",
            "--disable-log-to-file",
        ],
        missing=peers_problem or node_missing,
    )
    return targets


def version_of(package: str) -> str:
    try:
        return json.loads((MODULES / package / "package.json").read_text())["version"]
    except (OSError, KeyError, ValueError):
        return json.loads((PEERS / "package.json").read_text())["dependencies"].get(package, "?")


# -- load -----------------------------------------------------------------------------------------


def run_load(
    loadgen: str, port: int, path: str, seconds: float, args: argparse.Namespace,
    api_key: str, pairs_start: int | None = None,
) -> dict:  # fmt: skip
    url = f"http://127.0.0.1:{port}{path}"
    header = f"X-API-KEY: {api_key}"
    seconds = max(1, round(seconds))  # wrk takes whole seconds
    if loadgen == "python":
        command = pin(args.client_cpu) + [
            sys.executable, str(BENCH / "loadgen.py"), "--url", url,
            "-c", str(args.connections), "-d", f"{seconds:g}", "-H", header,
        ]  # fmt: skip
        result = json.loads(
            subprocess.run(command, capture_output=True, text=True, check=True).stdout
        )
        return result | {"p999_ms": float("nan"), "max_ms": float("nan")}
    env = dict(os.environ)
    if pairs_start is not None:
        env |= {
            "BENCH_ACCOUNTS": str(CONFIGS / "invite-accounts.txt"),
            "BENCH_PEOPLE": str(CONFIGS / "invite-people.txt"),
            "BENCH_START": str(pairs_start),
        }
    command = pin(args.client_cpu) + [
        "wrk", "-t1", f"-c{args.connections}", f"-d{seconds:g}s", "--latency",
        "-s", str(WRK_SCRIPT), "-H", header, url,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    result = parse_wrk(done.stdout)
    report = re.search(r"^BENCH (.*)$", done.stdout, re.MULTILINE)
    if report is None:
        raise RuntimeError(f"wrk printed no BENCH line:\n{done.stdout}\n{done.stderr}")
    figures = {key: float(value) for key, value in (p.split("=") for p in report.group(1).split())}
    return result | {
        "p50_ms": figures["p50_us"] / 1e3,
        "p90_ms": figures["p90_us"] / 1e3,
        "p99_ms": figures["p99_us"] / 1e3,
        "p999_ms": figures["p999_us"] / 1e3,
        "max_ms": figures["max_us"] / 1e3,
        "non_2xx": int(figures["status_errors"]),
        "socket_errors": int(figures["socket_errors"]),
        "output": done.stdout,
    }


def load_route(
    server: Server, target: Target, route: str, seconds: float, payloads: Payloads,
    args: argparse.Namespace, loadgen: str, pairs: list[int],
) -> dict:  # fmt: skip
    """`seconds` of load on one route; `pairs[0]` is the next unused invitation pair."""
    path = {
        "accounts": ACCOUNTS_PATH,
        "messages": payloads.messages_path,
        "invite": INVITE_PATH,
    }[route]
    post = route == "invite"
    api_key = INVITE_KEY if (post and target.name.startswith("sim")) else API_KEY
    result = run_load(
        loadgen, server.port, path, seconds, args, api_key, pairs[0] if post else None
    )
    if post:
        # Requests in flight when wrk stops were sent (and served) but are not counted.
        pairs[0] += result["requests"] + 2 * args.connections
    return result


def measure_route(
    server: Server, target: Target, run: int, route: str, payloads: Payloads,
    args: argparse.Namespace, loadgen: str, pairs: list[int],
) -> Measurement:  # fmt: skip
    """A short settling load, then the measured one."""
    if args.settle > 0:
        load_route(server, target, route, args.settle, payloads, args, loadgen, pairs)
    time.sleep(0.2)
    cpu_before, tree_before = server.cpu()
    busy_before, children_before = cpu_busy_seconds(), children_cpu_seconds()
    wall_before = time.monotonic()
    result = load_route(server, target, route, args.duration, payloads, args, loadgen, pairs)
    wall = time.monotonic() - wall_before
    cpu_after, tree_after = server.cpu()
    busy = cpu_busy_seconds() - busy_before
    loadgen_cpu = children_cpu_seconds() - children_before
    used, tree_used = cpu_after - cpu_before, tree_after - tree_before
    others = max(0.0, (busy - tree_used - loadgen_cpu) / wall)
    requests = max(1, result["requests"])
    return Measurement(
        target=target.name,
        run=run,
        route=route,
        rps=result["rps"],
        requests=result["requests"],
        p50_ms=result["p50_ms"],
        p90_ms=result["p90_ms"],
        p99_ms=result["p99_ms"],
        p999_ms=result.get("p999_ms", float("nan")),
        max_ms=result.get("max_ms", float("nan")),
        non_2xx=result["non_2xx"],
        socket_errors=result["socket_errors"],
        cpu_us_per_request=used / requests * 1e6,
        tree_cpu_us_per_request=tree_used / requests * 1e6,
        server_cpu=used / wall,
        others_cpu=others,
        busy=others >= args.busy,
        loadgen=loadgen,
    )


def check_bodies(
    server: Server, target: Target, routes: tuple[str, ...], payloads: Payloads
) -> dict[str, bool]:
    """Does the server answer the simulator's bytes? (Not probed: the simulator's invitations,
    each one spends a pair, and its ids differ from call to call.)"""
    headers = {"X-API-KEY": API_KEY}
    same = {}
    if "accounts" in routes:
        answer = request(server.port, "GET", ACCOUNTS_PATH, headers)
        same["accounts"] = answer == (200, payloads.accounts)
    if "messages" in routes:
        answer = request(server.port, "GET", payloads.messages_path, headers)
        same["messages"] = answer == (200, payloads.messages)
    if "invite" in routes and not target.name.startswith("sim"):
        body = json.dumps(
            {"account_id": payloads.invite_accounts[0], "provider_id": payloads.invite_people[0]}
        ).encode()
        headers |= {"Content-Type": "application/json"}
        same["invite"] = request(server.port, "POST", INVITE_PATH, headers, body) == (
            201,
            payloads.invite,
        )
    return same


def run_session(
    target: Target, kind: str, routes: tuple[str, ...], run: int, payloads: Payloads,
    args: argparse.Namespace, loadgen: str,
) -> Session | None:  # fmt: skip
    """A fresh server: cold start, a warm-up spread over `routes`, then each route measured."""
    if loadgen != "wrk":  # bench/loadgen.py sends GETs only
        routes = tuple(route for route in routes if route != "invite")
        if not routes:
            return None
    wait_for_quiet(args.quiet, args.patience)
    server = Server(target, kind, args.server_cpu, OUT / f"server-{target.name}.log")
    session = Session(target.name, run, kind, 0.0, 0.0, 0.0, 0, 0, {})
    try:
        api_key = INVITE_KEY if (target.name.startswith("sim") and kind == "post") else API_KEY
        session.cold_start_s = server.wait_first_200(
            ACCOUNTS_PATH, {"X-API-KEY": api_key}, timeout=args.start_timeout
        )
        session.listener_pid = server.listener
        session.processes = len(descendants(server.pid))
        session.bodies_match = check_bodies(server, target, routes, payloads)
        pairs = [0]
        warmup = args.jvm_warmup if target.jvm else args.warmup
        for route in routes:  # JIT compilers warm up on every route's path
            load_route(server, target, route, warmup / len(routes), payloads, args, loadgen, pairs)
        for index, route in enumerate(routes):
            if index:
                wait_for_quiet(args.quiet, args.patience)
            m = measure_route(server, target, run, route, payloads, args, loadgen, pairs)
            session.measurements.append(m)
            print(
                f"run {run} {target.name:10} {route:8} {m.rps:8.0f} req/s  "
                f"p50 {m.p50_ms:6.2f}  p99 {m.p99_ms:7.2f}  p99.9 {m.p999_ms:7.2f}  "
                f"max {m.max_ms:7.1f} ms  CPU {m.cpu_us_per_request:5.0f} us/req "
                f"(tree {m.tree_cpu_us_per_request:.0f}, core {m.server_cpu:4.0%})  "
                f"non-2xx {m.non_2xx}  other work {m.others_cpu:.2f} cores"
                + ("  BUSY" if m.busy else ""),
                flush=True,
            )
            if route == "messages" or kind == "post":  # RSS after the GET load
                session.rss_mib, session.tree_rss_mib = server.rss()
        print(
            f"run {run} {target.name:10} {kind} server: cold start {session.cold_start_s:.2f} s, "
            f"RSS {session.rss_mib:.0f} MiB ({session.processes} process(es), tree "
            f"{session.tree_rss_mib:.0f} MiB), same bytes: {session.bodies_match}",
            flush=True,
        )
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        session.error = f"{type(error).__name__}: {error}"
        print(f"run {run} {target.name} {kind}: FAILED: {session.error}", flush=True)
    finally:
        server.stop()
    return session


# -- summary --------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return statistics.median(values) if values else float("nan")


def summarise(sessions: list[Session], targets: list[str]) -> dict:
    def ok(session: Session) -> bool:
        return not session.error and session.rss_mib > 0

    summary: dict[str, dict] = {}
    for name in targets:
        mine = [s for s in sessions if s.target == name]
        entry: dict = {
            "errors": [f"run {s.run} {s.kind}: {s.error}" for s in mine if s.error],
            "cold_start_s": median([s.cold_start_s for s in mine if s.kind != "post" and ok(s)]),
            "rss_mib": median([s.rss_mib for s in mine if s.kind != "post" and ok(s)]),
            "post_rss_mib": median([s.rss_mib for s in mine if s.kind == "post" and ok(s)]),
            "post_cold_start_s": median(
                [s.cold_start_s for s in mine if s.kind == "post" and ok(s)]
            ),
            "bodies_match": all(all(s.bodies_match.values()) for s in mine if not s.error),
        }
        for route in ROUTES:
            ms = [m for s in mine for m in s.measurements if m.route == route]
            if not ms:
                continue
            entry[route] = {
                "runs": len(ms),
                "busy_runs": sum(m.busy for m in ms),
                "cpu_us": median([m.cpu_us_per_request for m in ms]),
                "tree_cpu_us": median([m.tree_cpu_us_per_request for m in ms]),
                "rps": median([m.rps for m in ms]),
                "p50_ms": median([m.p50_ms for m in ms]),
                "p99_ms": median([m.p99_ms for m in ms]),
                "p999_ms": median([m.p999_ms for m in ms]),
                "max_ms": max(m.max_ms for m in ms),
                "others_cpu": median([m.others_cpu for m in ms]),
                "server_cpu": median([m.server_cpu for m in ms]),
                "non_2xx": sum(m.non_2xx for m in ms),
                "socket_errors": sum(m.socket_errors for m in ms),
                "requests": sum(m.requests for m in ms),
            }
        summary[name] = entry
    if "sim" in summary and "sim-strict" in summary:
        by_route = {}
        for route in ("accounts", "messages"):
            pairs = [
                (m.cpu_us_per_request, p.cpu_us_per_request)
                for s in sessions if s.target == "sim-strict" for m in s.measurements
                if m.route == route
                for t in sessions if t.target == "sim" and t.run == m.run
                for p in t.measurements if p.route == route
            ]  # fmt: skip
            by_route[route] = [strict - plain_ for strict, plain_ in pairs]
        summary["strict_extra_us"] = {
            route: median(values) for route, values in by_route.items() if values
        }
        summary["strict_extra_us_per_run"] = by_route
    return summary


def fmt(value: float, pattern: str = "{:,.0f}") -> str:
    return "n/a" if math.isnan(value) else pattern.format(value)


def ms(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def rps_cell(entry: dict) -> str:
    cell = fmt(entry["rps"])
    return cell + " (busy)" if entry["busy_runs"] * 2 > entry["runs"] else cell


def tables(summary: dict, targets: dict[str, Target], names: list[str]) -> list[str]:
    lines = [
        (
            "| server | GET /api/v1/accounts CPU/req | req/s | p50 | p99 | POST /users/invite CPU/req "
            "| req/s | p99 | cold start | RSS |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        s = summary[name]
        a, p = s.get("accounts"), s.get("invite")
        if a is None and p is None:
            lines.append(f"| {targets[name].label} | did not run | | | | | | | | |")
            continue
        cells = [targets[name].label]
        cells += (
            [f"{a['cpu_us']:.0f} µs", rps_cell(a), ms(a["p50_ms"]), ms(a["p99_ms"])]
            if a else ["", "", "", ""]
        )  # fmt: skip
        if p:
            note = " (all 201)" if name == "sim" and not p["non_2xx"] else ""
            if name == "sim" and p["non_2xx"]:
                note = f" ({p['non_2xx']:,} non-201)"
            cells += [f"{p['cpu_us']:.0f} µs{note}", rps_cell(p), ms(p["p99_ms"])]
        else:
            cells += ["not measured", "", ""]
        cells += [fmt(s["cold_start_s"], "{:.2f} s"), fmt(s["rss_mib"], "{:.0f} MiB")]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        f"`{ROUTE_LABELS['messages']}` (a path parameter and a query):",
        "",
        "| server | CPU/req | req/s | p50 | p99 | response bytes the same as the simulator's |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name in names:
        m = summary[name].get("messages")
        if m:
            same = "yes" if summary[name]["bodies_match"] else "**no** (see the JSON)"
            lines.append(
                f"| {targets[name].label} | {m['cpu_us']:.0f} µs | {rps_cell(m)} | "
                f"{ms(m['p50_ms'])} | {ms(m['p99_ms'])} | {same} |"
            )
    return lines


def per_run_lines(sessions: list[Session]) -> list[str]:
    lines = [
        (
            "| run | server | route | req/s | p50 ms | p99 ms | max ms | CPU µs/req | server's core "
            "| other work (cores) | non-2xx |"
        ),
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sessions:
        if s.error:
            lines.append(
                f"| {s.run} | {s.target} | {s.kind} | failed: {s.error[:120]} |" + " |" * 7
            )
        for m in s.measurements:
            lines.append(
                f"| {m.run} | {m.target} | {m.route} | {m.rps:,.0f} | {m.p50_ms:.2f} | "
                f"{m.p99_ms:.2f} | {m.max_ms:.1f} | {m.cpu_us_per_request:.0f} | "
                f"{m.server_cpu:.0%} | {m.others_cpu:.2f}{' **busy**' if m.busy else ''} | "
                f"{m.non_2xx:,} |"
            )
    return lines


def machine(loadgen: str) -> dict:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break

    def first_line(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return "missing"
        return ((done.stdout or done.stderr).strip().splitlines() or ["?"])[0]

    versions = {}
    for name in ("uvicorn", "starlette", "uvloop", "httptools"):
        try:
            versions[name] = __import__(name).__version__
        except (ImportError, AttributeError):
            versions[name] = "?"
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": versions,
        "node": first_line(["node", "--version"]),
        "java": first_line(["java", "-version"]),
        "wrk": (
            first_line(["wrk", "--version"]).split(" [")[0]
            if loadgen == "wrk"
            else "no wrk: bench/loadgen.py generated the load (GET routes only)"
        ),
        "peers": {
            name: version_of(name) for name in ("@stoplight/prism-cli", "wiremock", "@mockoon/cli")
        },
        "revision": revision(),
    }


def results_section(
    report: dict, summary: dict, sessions: list[Session], targets: dict[str, Target],
    names: list[str], payloads: Payloads, args: argparse.Namespace, notes: str,
) -> str:  # fmt: skip
    info = report["machine"]
    measurements = [m for s in sessions for m in s.measurements]
    busy = sum(m.busy for m in measurements)
    others = [m.others_cpu for m in measurements]
    load = report["loadavg"]
    sim = summary.get("sim", {})
    lines = [
        START_MARK,
        "## The simulator beside its peers (`bench/bench_peers.py`)",
        "",
        (
            f"Written by `python bench/bench_peers.py` on {report['started']} UTC "
            f"({report['wall_s'] / 60:.1f} min); rerunning it rewrites this section (the notes at its "
            "end are kept). Raw figures: `bench/out/peers-*.json` (ignored by git)."
        ),
        "",
        "### How to rerun",
        "",
        "```sh",
        "python bench/bench_peers.py                  # 2 runs, 5 s measured per route, ~8 min",
        "python bench/bench_peers.py --runs 5 --duration 15 --json bench/out/peers-long.json",
        "python bench/bench_peers.py --only sim,bare  # a subset; RESULTS.md is left alone",
        "```",
        "",
        (
            "- It installs what is missing: `wrk` (apt), and the peers pinned in "
            "`bench/peers/package.json` (+ lock) with `npm ci --prefix bench/peers` "
            "(`node_modules` is ignored by git). WireMock is the standalone jar of npm `wiremock`, "
            "run with the machine's `java`."
        ),
        (
            "- Every peer serves the simulator's own bytes, captured at start-up: "
            f"`GET /api/v1/accounts` ({len(payloads.accounts):,} bytes), "
            f"`{ROUTE_LABELS['messages']}` ({len(payloads.messages):,} bytes, the first chat of "
            f"`GET /api/v1/chats?account_type=LINKEDIN`), and the 201 of `POST /api/v1/users/invite` "
            f"({len(payloads.invite)} bytes). Prism: an OpenAPI document with these as static "
            "examples (`prism mock -v warn`, no `-d`); WireMock: JSON mappings, "
            "`--no-request-journal --disable-banner`, asynchronous responses off (the default); "
            "Mockoon: an environment file with the three routes, templating off, "
            "`--disable-log-to-file` (its per-request log goes to /dev/null); bare: "
            "`bench.apps:bare_peers_app` under uvicorn (uvloop, httptools); bare-serve: the same app "
            "on `serve`'s protocol (`python -m bench.apps`). The configurations are "
            "written to `bench/out/peers/`."
        ),
        (
            "- The simulator's invitations: `bench/scenarios/invite-10k.yaml`, "
            f"{len(payloads.invite_accounts)} premium LinkedIn accounts over 10,000 generated people, "
            "no relations, `limits.premium` with `weekly_invitations`, `daily_invitations` and "
            "`notes_per_month` set to null (no cap), nobody answering. Caps can be lifted "
            "entirely, but a person can be invited once per account and `people.generate` stops at "
            f"10,000, so several accounts are needed: {payloads.pairs:,} distinct (account, person) "
            f"pairs, enough for a 30 s run at up to ~{MAX_RATE:,} req/s with its warm-up. "
            "`bench/wrk/peers.lua` sends pair i = (account i mod A, person i div A) for A "
            "accounts, continuing after the warm-up's pairs. The people's ids come from the same scenario compiled "
            "in-process (no route lists 10,000 members: a search stops at 1,000)."
        ),
        (
            f"- Each run: every server fresh, pinned to CPU {args.server_cpu}, `wrk -t1 "
            f"-c{args.connections}` on CPU {args.client_cpu}; a warm-up of {args.warmup:g} s "
            f"({args.jvm_warmup:g} s for the JVM) spread over the server's routes, then per route "
            f"{args.settle:g} s of load and {args.duration:g} s measured; {args.runs} runs, the "
            "order of the servers reversed on even runs. One server serves the three routes, except "
            "the simulator's POST route: another fresh `serve` with the invite world. Cold start = "
            "process start to the first 200 on `GET /api/v1/accounts` (polled every 5 ms); RSS = "
            "VmRSS of the listening process after the GET load; CPU/req = utime + stime of the "
            "listening process / requests. Figures are medians over the runs."
        ),
        "",
        "### Machine and conditions",
        "",
        (
            f"- {info['cpus']} vCPUs ({info['cpu_model']}), {info['memory_gib']} GiB, Linux "
            f"{info['kernel']}; Python {info['python']} (uvicorn {info['packages']['uvicorn']}, "
            f"starlette {info['packages']['starlette']}, uvloop {info['packages']['uvloop']}, "
            f"httptools {info['packages']['httptools']}); Node {info['node']}; {info['java']}; "
            f"{info['wrk']}. Work tree `{info['revision']}`."
        ),
        f"- Load average {load['before'][0]:.2f} before, {load['after'][0]:.2f} after. Other work "
        f"(CPU not used by the server or wrk) during the {len(measurements)} measurements: "
        f"median {median(others):.2f} cores, max {max(others, default=0):.2f}; "
        f"**{busy} of {len(measurements)} measurements were busy** (other work >= "
        f"{args.busy:g} cores). "
        + (
            "The req/s column means little for the servers marked (busy): their core was shared. "
            "CPU time per request moves much less with other work; read that column first."
            if busy
            else "No measurement was busy: the req/s column is usable as well."
        ),
        "",
        "### Today's figures",
        "",
        *tables(summary, targets, names),
        "",
    ]
    if sim.get("invite"):
        post = sim["invite"]
        tail = [
            m for s in sessions if s.target == "sim" for m in s.measurements if m.route == "invite"
        ]
        lines += [
            "The simulator's POST run (stateful, a new invitation each request): "
            f"{post['requests']:,} requests measured, {post['non_2xx']:,} not 201; "
            f"p99 {ms(post['p99_ms'])}, p99.9 {ms(post['p999_ms'])}, slowest "
            f"{ms(post['max_ms'])} (per run: "
            + ", ".join(f"p99.9 {ms(m.p999_ms)} / max {ms(m.max_ms)}" for m in tail)
            + f"). Its server (the 10k world) started in {fmt(sim['post_cold_start_s'], '{:.2f}')} s "
            f"and held {fmt(sim['post_rss_mib'], '{:.0f}')} MiB after the load.",
            "",
        ]
    if "strict_extra_us" in summary:
        extra = summary["strict_extra_us"]
        per_run = summary["strict_extra_us_per_run"]
        lines += [
            "Strict mode (`serve --strict`, every response checked against `contracts/`): "
            + "; ".join(
                f"`{ROUTE_LABELS[route]}` **{value:+.0f} µs** of CPU per request "
                f"(per run: {', '.join(f'{v:+.0f}' for v in per_run[route])})"
                for route, value in extra.items()
            )
            + ", against `serve` in the same run.",
            "",
        ]
    failures = [f"- {name}: {e}" for name in names for e in summary[name]["errors"]]
    skipped = [f"- {t.label}: not run: {t.missing}" for t in targets.values() if t.missing]
    if failures or skipped:
        lines += ["Did not run or failed:", "", *skipped, *failures, ""]
    lines += ["### Per run", "", *per_run_lines(sessions), "", NOTES_START]
    lines += [notes.strip("\n")] if notes.strip() else []
    lines += [NOTES_END, END_MARK]
    return "\n".join(wrap_prose(lines))


def wrap_prose(lines: list[str], width: int = 100) -> list[str]:
    """Wrap paragraphs and list items as the rest of RESULTS.md is; tables and code stay."""
    wrapped, in_code = [], False
    for line in lines:
        if line.startswith("```"):
            in_code = not in_code
        if in_code or line.startswith(("|", "#", "```", "<!--")) or len(line) <= width:
            wrapped.append(line)
            continue
        indent = "  " if line.startswith("- ") else ""
        wrapped += textwrap.wrap(
            line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
        )
    return wrapped


def write_results(section: str) -> None:
    text = RESULTS.read_text()
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        tail = rest.split(END_MARK, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)


def kept_notes() -> str:
    text = RESULTS.read_text() if RESULTS.exists() else ""
    if NOTES_START in text and NOTES_END in text:
        return text.split(NOTES_START, 1)[1].split(NOTES_END, 1)[0]
    return ""


# -- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds measured per route")
    parser.add_argument(
        "--warmup",
        type=float,
        default=6.0,
        help="seconds of load on a fresh server before measuring, spread over its routes",
    )
    parser.add_argument(
        "--jvm-warmup", type=float, default=60.0, help="the same for WireMock (the JIT is slow)"
    )
    parser.add_argument(
        "--settle", type=float, default=1.0, help="seconds of load just before each measurement"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--only",
        action="append",
        metavar="TARGET",
        help=(
            "sim, sim-strict, bare, bare-serve, wiremock, prism, mockoon (repeatable, or "
            "comma-separated)"
        ),
    )
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--quiet", type=float, default=0.3, help="wait for other work < this")
    parser.add_argument("--patience", type=float, default=5.0, help="seconds to wait for quiet")
    parser.add_argument(
        "--busy", type=float, default=0.2, help="flag a measurement when other work >= this"
    )
    parser.add_argument("--start-timeout", type=float, default=90.0)
    parser.add_argument("--no-install", action="store_true", help="install neither wrk nor peers")
    parser.add_argument("--no-pin", action="store_true", help="do not use taskset")
    parser.add_argument(
        "--loadgen",
        choices=("auto", "python"),
        default="auto",
        help="python: bench/loadgen.py instead of wrk (GET routes only)",
    )
    results = parser.add_mutually_exclusive_group()
    results.add_argument("--results", action="store_true", help="rewrite RESULTS.md's section")
    results.add_argument("--no-results", action="store_true", help="leave RESULTS.md alone")
    args = parser.parse_args(argv)

    all_names = ["sim", "sim-strict", "bare", "bare-serve", "wiremock", "prism", "mockoon"]
    names = all_names
    if args.only:
        wanted = {n.strip() for item in args.only for n in item.split(",") if n.strip()}
        unknown = wanted - set(all_names)
        if unknown:
            parser.error(f"unknown target(s): {', '.join(sorted(unknown))}")
        names = [n for n in all_names if n in wanted]
    write = args.results or (not args.no_results and names == all_names)

    started = time.monotonic()
    started_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    can_pin = not args.no_pin and shutil.which("taskset") and (os.cpu_count() or 1) >= 2
    args.server_cpu, args.client_cpu = (0, 1) if can_pin else (None, None)
    if can_pin:
        os.sched_setaffinity(0, {args.client_cpu})  # this script polls and fetches off core 0
    OUT.mkdir(parents=True, exist_ok=True)

    compile_bytecode()
    loadgen = "python" if args.loadgen == "python" else ensure_wrk(not args.no_install)
    needs_peers = any(n in names for n in ("wiremock", "prism", "mockoon"))
    peers_problem = ensure_peers(not args.no_install) if needs_peers else ""
    if peers_problem:
        print(f"# peers unavailable: {peers_problem}")
    info = machine(loadgen)
    load_before = os.getloadavg()
    print(
        f"# {info['cpus']} CPUs ({info['cpu_model']}), load average "
        f"{load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; revision "
        f"{info['revision']}; node {info['node']}; {info['java']}; peers {info['peers']}"
    )

    payloads = capture_payloads(args.server_cpu)
    print(
        f"# bytes: accounts {len(payloads.accounts)}, messages {len(payloads.messages)} "
        f"({payloads.messages_path}), invite {len(payloads.invite)} {payloads.invite!r}; "
        f"{len(payloads.invite_accounts)} accounts x {len(payloads.invite_people):,} people = "
        f"{payloads.pairs:,} invitation pairs"
    )
    seconds = args.warmup + args.settle + args.duration
    if seconds * MAX_RATE + 200 > payloads.pairs:
        print(
            f"# WARNING: {seconds:g} s of invitations at up to {MAX_RATE:,}/s "
            f"may spend all {payloads.pairs:,} pairs; the simulator then answers 422"
        )
    configs = write_configs(payloads)
    targets = make_targets(configs, peers_problem, args.jvm_warmup)
    runnable = [n for n in names if not targets[n].missing]
    for name in names:
        if targets[name].missing:
            print(f"# {name}: not run: {targets[name].missing}")

    sessions: list[Session] = []
    for run in range(1, args.runs + 1):
        order = runnable if run % 2 else list(reversed(runnable))
        for name in order:
            for kind, routes in targets[name].sessions:
                session = run_session(targets[name], kind, routes, run, payloads, args, loadgen)
                if session is not None:
                    sessions.append(session)

    summary = summarise(sessions, names)
    wall = time.monotonic() - started
    report = {
        "started": started_at,
        "wall_s": wall,
        "machine": info,
        "loadavg": {"before": load_before, "after": os.getloadavg()},
        "args": {k: str(v) for k, v in vars(args).items()},
        "loadgen": loadgen,
        "payloads": {
            "accounts_bytes": len(payloads.accounts),
            "messages_bytes": len(payloads.messages),
            "messages_path": payloads.messages_path,
            "invite_body": payloads.invite.decode(),
            "invite_accounts": len(payloads.invite_accounts),
            "invite_people": len(payloads.invite_people),
        },
        "skipped": {n: targets[n].missing for n in names if targets[n].missing},
        "sessions": [asdict(s) for s in sessions],
        "summary": summary,
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for path in [OUT / f"peers-{stamp}.json"] + ([args.json] if args.json else []):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=1, default=str))
    print()
    print("\n".join(tables(summary, targets, names)))
    measured = [m for s in sessions for m in s.measurements]
    busy = [f"run {m.run} {m.target} {m.route}" for m in measured if m.busy]
    print(
        f"\n# {len(busy)} of {len(measured)} measurements were busy (other work >= {args.busy:g} "
        "cores)" + (f": {', '.join(busy)}; their req/s means little, read CPU/req" if busy else "")
    )
    section = results_section(
        report, summary, sessions, targets, names, payloads, args, kept_notes()
    )
    if write:
        write_results(section)
        print(f"\n# wrote the peers section of {RESULTS.relative_to(REPO)}")
    print(f"# {wall / 60:.1f} min; raw results in bench/out/peers-{stamp}.json")
    failed = any(s.error for s in sessions) or any(
        m.non_2xx or m.socket_errors for s in sessions for m in s.measurements
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
