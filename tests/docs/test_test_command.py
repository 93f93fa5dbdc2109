"""The README's test command is CI's (`.ci/run`), and the set-up script it runs is sound."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _readme_commands() -> list[str]:
    first_block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.S)
    assert first_block, "README.md opens with no sh block"
    return first_block.group(1).splitlines()


def test_ci_runs_the_readmes_second_command_verbatim() -> None:
    serve, test = _readme_commands()
    assert serve.endswith("unipile-sim serve")
    assert test == "python3 -m venv .venv && . .venv/bin/activate && scripts/test"
    ci = [
        line for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]  # fmt: skip
    assert ci[-1] == test, ".ci/run must end with the README's test command"


def test_the_set_up_script_is_executable_and_parses() -> None:
    script = ROOT / "scripts" / "test"
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    text = script.read_text()
    assert 'exec python3 -m pytest -n 2 "$@"' in text
    assert "npm ci --prefix" in text and "tests/sdk examples/node-client" in text


@pytest.mark.browser  # it needs a Chromium, as the browser tests do
def test_the_browser_finder_answers_the_script() -> None:
    """`python -m tests.browser.launch` prints the Chromium found, or exits 1 (the script then
    installs one); a UNIPILE_SIM_CHROMIUM naming nothing is not found."""
    found = subprocess.run([sys.executable, "-m", "tests.browser.launch"], cwd=ROOT,
                           capture_output=True, text=True)  # fmt: skip
    assert found.returncode == 0, "this machine runs the browser tests: it has a Chromium"
    assert Path(found.stdout.strip()).is_file()
    missing = subprocess.run(
        [sys.executable, "-m", "tests.browser.launch"], cwd=ROOT, capture_output=True,
        text=True, env=os.environ | {"UNIPILE_SIM_CHROMIUM": str(ROOT / "no-such-browser")},
    )  # fmt: skip
    assert (missing.returncode, missing.stdout) == (1, "")
