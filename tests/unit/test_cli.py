import os
import re
import subprocess
import sys
import time

import httpx
import pytest

from simulator.cli import main


def test_scenarios_lists_shipped_names_with_descriptions(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^default\s+A premium LinkedIn account", out, re.M)
    assert re.search(r"^empty\s+", out, re.M)


def test_check_accepts_a_good_file(tmp_path, capsys):
    path = tmp_path / "ok.yaml"
    path.write_text("name: ok\naccounts:\n  - provider: LINKEDIN\n    plan: premium\n")
    assert main(["check", str(path)]) == 0
    assert "ok: scenario 'ok', 1 accounts" in capsys.readouterr().out


def test_check_names_file_line_key_and_reason(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\naccounts:\n  - provider: LINKEDIN\n    status: ASLEEP\n")
    assert main(["check", str(path)]) == 1
    assert f"{path}:4: accounts.0.status: Input should be" in capsys.readouterr().err


def test_serve_refuses_a_bad_scenario_before_listening(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nunknown_key: 1\n")
    assert main(["serve", "--scenario", str(path), "--port", "0"]) == 2
    assert "bad.yaml:2: unknown_key: unknown key" in capsys.readouterr().err


@pytest.mark.slow
def test_serve_prints_urls_and_key_then_answers():
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "serve", "--port", "0", "--seed", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(6)]
        banner = "".join(lines)
        base = re.search(r"listening on (http://127\.0\.0\.1:\d+)", banner).group(1)
        assert f"Unipile API    {base}/api/v1" in banner
        assert f"Postpress API  {base}/v1" in banner
        assert f"Control plane  {base}/_sim" in banner
        assert f"Inspector      {base}/_sim/ui" in banner
        assert "Scenario 'default' (seed 5, clock frozen)  X-API-KEY: sim_default_key_0001" in banner
        deadline = time.monotonic() + 10
        while True:
            try:
                response = httpx.get(f"{base}/api/v1/accounts", headers={"X-API-KEY": "sim_default_key_0001"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert len(response.json()["items"]) == 7
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_container_is_configured_by_its_environment(monkeypatch):
    from simulator.cli import _from_environment, _parser

    parser = _parser()
    monkeypatch.delenv("UNIPILE_SIM_SCENARIO", raising=False)
    monkeypatch.delenv("UNIPILE_SIM_SEED", raising=False)
    monkeypatch.delenv("UNIPILE_SIM_STRICT", raising=False)
    assert _from_environment(parser.parse_args(["serve"])) == (["default"], None, False)
    monkeypatch.setenv("UNIPILE_SIM_SCENARIO", "empty, /data/mine.yaml")
    monkeypatch.setenv("UNIPILE_SIM_SEED", "42")
    monkeypatch.setenv("UNIPILE_SIM_STRICT", "1")
    assert _from_environment(parser.parse_args(["serve"])) == (["empty", "/data/mine.yaml"], 42, True)
    given = parser.parse_args(["serve", "--scenario", "default", "--seed", "7"])
    assert _from_environment(given) == (["default"], 7, True)  # the command line wins
    monkeypatch.setenv("UNIPILE_SIM_SEED", "forty")
    with pytest.raises(ValueError, match="UNIPILE_SIM_SEED: an integer, got 'forty'"):
        _from_environment(parser.parse_args(["serve"]))
    monkeypatch.setenv("UNIPILE_SIM_SEED", "1")
    monkeypatch.setenv("UNIPILE_SIM_STRICT", "maybe")
    with pytest.raises(ValueError, match="UNIPILE_SIM_STRICT: 1 or 0"):
        _from_environment(parser.parse_args(["serve"]))
