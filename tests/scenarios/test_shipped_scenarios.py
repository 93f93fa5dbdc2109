"""The scenario library as a whole: every shipped file checks, builds and is documented."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from simulator.cli import main
from simulator.scenario.loader import load_scenario, shipped_scenarios

SHIPPED = shipped_scenarios()
HEADER = "# yaml-language-server: $schema=scenario.schema.json\n"
TESTS = Path(__file__).resolve().parent
DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"
# Tested elsewhere: `default` by every API test, `empty` by the connect tests.
BASELINES = {"default", "empty"}


def test_the_library_has_at_least_twelve_stories_besides_the_baselines():
    assert len(set(SHIPPED) - BASELINES) >= 12


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_cli_check_accepts_the_shipped_file(name, capsys):
    assert main(["check", str(SHIPPED[name])]) == 0
    assert f": ok: scenario '{name}'," in capsys.readouterr().out


def test_the_installed_command_checks_a_shipped_file():
    command = shutil.which("unipile-sim") or str(Path(__import__("sys").executable).with_name("unipile-sim"))
    done = subprocess.run(
        [command, "check", str(SHIPPED["rate-limit-storm"])], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "ok: scenario 'rate-limit-storm', 1 accounts" in done.stdout


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_each_file_names_itself_tells_its_story_and_points_editors_at_the_schema(name):
    text = SHIPPED[name].read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    scenario = load_scenario(name).scenario
    assert scenario.name == name
    assert len(scenario.description) >= (40 if name in BASELINES else 200)


@pytest.mark.parametrize("name", sorted(set(SHIPPED) - BASELINES))
def test_each_story_has_its_own_test_module(name):
    assert (TESTS / f"test_{name.replace('-', '_')}.py").is_file()


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_each_scenario_is_in_the_docs_table(name):
    assert f"| `{name}` |" in DOCS.read_text(encoding="utf-8")


def test_every_shipped_world_builds_and_serves_its_accounts():
    with TestClient(build_app(Settings(scenarios=["empty"], strict=True))) as client:
        for name in sorted(SHIPPED):
            made = client.post("/_sim/tenants", json={"scenario": name})
            assert made.status_code == 201, (name, made.text)
            accounts = client.get("/api/v1/accounts", params={"limit": 250}, headers={"X-API-KEY": made.json()["api_key"]})
            assert len(accounts.json()["items"]) == len(load_scenario(name).scenario.accounts), name


def test_serve_takes_several_shipped_scenarios_each_under_its_own_key():
    names = ["free-account-limits", "agency-10-accounts"]
    with TestClient(build_app(Settings(scenarios=names, strict=True))) as client:
        for name, key in (("free-account-limits", "sim_free_limits_0001"), ("agency-10-accounts", "sim_agency_key_0001")):
            accounts = client.get("/api/v1/accounts", params={"limit": 250}, headers={"X-API-KEY": key}).json()["items"]
            assert len(accounts) == len(load_scenario(name).scenario.accounts)
