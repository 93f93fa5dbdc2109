"""What the examples' tests share: `unipile-sim serve` started as a user starts it (a real
process, on a free port), for the examples whose client is not Python (node-client) or which
start the simulator themselves (ci). The Python examples use the plugin's fixtures instead."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest

BIN = Path(sys.executable).parent  # unipile-sim, installed beside this Python
_START_TIMEOUT_S = 20.0


@dataclass
class Served:
    base_url: str
    output: IO[str]

    def printed(self) -> str:
        self.output.seek(0)
        return self.output.read()


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment, the venv's `bin` first on PATH, and `extra`."""
    return os.environ | {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"} | (extra or {})


@pytest.fixture
def serve() -> Iterator[Callable[..., Served]]:
    """`serve("--strict", env={...})` runs `unipile-sim serve --port 0 ...` and returns once it
    answers /_sim/health; every server it started is stopped when the test ends."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Served:
        output = tempfile.TemporaryFile("w+")
        process = subprocess.Popen(
            [str(BIN / "unipile-sim"), "serve", "--port", "0", *args], env=environment(env),
            stdout=output, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        started.append(process)
        served = Served("", output)
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline and process.poll() is None:
            banner = re.search(r"listening on (http://\S+)", served.printed())
            if banner:
                served.base_url = banner.group(1)
                try:
                    if httpx.get(f"{served.base_url}/_sim/health").status_code == 200:
                        return served
                except httpx.TransportError:
                    pass
            time.sleep(0.05)
        raise AssertionError(f"unipile-sim serve {' '.join(args)} did not start:\n"
                             f"{served.printed()}")  # fmt: skip

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=_START_TIMEOUT_S)
