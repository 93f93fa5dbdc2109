"""The CI recipes do what they say, as far as a machine without Docker or GitHub can tell: the
files parse; the workflow's start step, run here as it is (on a free port), brings up a healthy
simulator; the service container's and compose's environment configure `unipile-sim serve` as
they mean to; the health checks and compose's stand-in app succeed against it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WORKFLOW = yaml.safe_load((HERE / "github-actions.yml").read_text())
COMPOSE = yaml.safe_load((HERE / "compose.yaml").read_text())
DOCUMENTED_PORT = "8787"
BIN = Path(sys.executable).parent  # unipile-sim and python, as a runner's PATH has them


def _with_port(words: list[str], base_url: str) -> list[str]:
    return [word.replace(DOCUMENTED_PORT, base_url.rsplit(":", 1)[1]) for word in words]


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    return os.environ | {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"} | (extra or {})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(argv, env=_environment(env), capture_output=True, text=True,
                          timeout=30)  # fmt: skip


def test_the_workflow_has_its_two_jobs_on_push_and_pull_request() -> None:
    assert WORKFLOW[True] == ["push", "pull_request"]  # YAML 1.1 reads the key `on` as true
    assert set(WORKFLOW["jobs"]) == {"with-pip", "with-image"}
    for job in WORKFLOW["jobs"].values():
        assert job["env"]["UNIPILE_DSN"] == f"http://127.0.0.1:{DOCUMENTED_PORT}"
        assert job["env"]["UNIPILE_API_KEY"] == "sim_default_key_0001"


def test_the_workflows_start_step_waits_for_a_healthy_simulator(tmp_path: Path) -> None:
    [step] = [s for s in WORKFLOW["jobs"]["with-pip"]["steps"] if s.get("name", "").startswith(
        "Start")]  # fmt: skip
    port = str(_free_port())
    # In a session of its own: the server it leaves running is in its process group.
    step_run = subprocess.Popen(
        ["bash", "-e", "-c", step["run"].replace(DOCUMENTED_PORT, port)], cwd=tmp_path,
        env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        printed, _ = step_run.communicate(timeout=30)
        assert step_run.returncode == 0, printed + (tmp_path / "unipile-sim.log").read_text()
        assert '"status"' in printed  # the health answer, printed by curl
        accounts = httpx.get(f"http://127.0.0.1:{port}/api/v1/accounts",
                             headers={"X-API-KEY": "sim_default_key_0001"})  # fmt: skip
        assert len(accounts.json()["items"]) == 7
    finally:
        os.killpg(step_run.pid, signal.SIGTERM)  # the step's own group: bash and its server
    assert "Strict mode" in (tmp_path / "unipile-sim.log").read_text()


def test_the_service_containers_variables_configure_serve(serve: Callable[..., Any]) -> None:
    service = WORKFLOW["jobs"]["with-image"]["services"]["unipile-sim"]
    assert service["ports"] == [f"{DOCUMENTED_PORT}:{DOCUMENTED_PORT}"]
    served = serve(env=service["env"])  # the image runs `unipile-sim serve` with them
    banner = served.printed()
    assert "Scenario 'default' (seed 42" in banner and "Strict mode" in banner
    token = WORKFLOW["jobs"]["with-image"]["env"]["UNIPILE_SIM_CONTROL_TOKEN"]
    assert token == service["env"]["UNIPILE_SIM_CONTROL_TOKEN"]
    tenants = f"{served.base_url}/_sim/tenants"
    assert httpx.get(tenants).status_code == 401
    assert httpx.get(tenants, headers={"X-Control-Token": token}).status_code == 200
    # The health check GitHub waits for is the image's own.
    healthcheck = re.search(r'^HEALTHCHECK .*\n\s+CMD (\[.*\])$',
                            (ROOT / "Dockerfile").read_text(), flags=re.M)  # fmt: skip
    assert healthcheck, "the Dockerfile has no HEALTHCHECK"
    command = yaml.safe_load(healthcheck.group(1))  # a JSON list
    assert "/_sim/health" in command[-1]
    assert _run(_with_port(command, served.base_url)).returncode == 0


def test_compose_builds_the_image_and_starts_the_app_once_healthy(
    serve: Callable[..., Any],
) -> None:
    simulator, app = COMPOSE["services"]["unipile-sim"], COMPOSE["services"]["app"]
    assert (HERE / simulator["build"] / "Dockerfile").is_file()
    assert app["depends_on"] == {"unipile-sim": {"condition": "service_healthy"}}
    [volume] = simulator["volumes"]
    source, target, mode = volume.split(":")
    assert (HERE / source).is_file() and mode == "ro"

    # The container's environment, the mounted file at its place on this machine.
    env = {name: value.replace(target, str(HERE / source))
           for name, value in simulator["environment"].items()}  # fmt: skip
    served = serve(env=env)
    banner = served.printed()
    assert "Scenario 'default' (seed 7" in banner
    assert "Scenario 'outreach-week' (seed 7" in banner
    assert "Control token" in banner

    kind, *command = simulator["healthcheck"]["test"]
    assert kind == "CMD" and _run(_with_port(command, served.base_url)).returncode == 0
    answered = _run(app["command"], env={
        "UNIPILE_DSN": served.base_url, "UNIPILE_API_KEY": app["environment"]["UNIPILE_API_KEY"],
    })  # fmt: skip
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout == "7 accounts\n"
