"""The browser every test of this directory drives (tests/browser/launch.py finds it), and the
`browser` marker on each of them, so `pytest -m "not browser"` leaves them out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from simulator.testing import SimulatorServer
from tests.browser.launch import LAUNCH_ARGS, NO_CHROMIUM, NO_PLAYWRIGHT, chromium_path

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # reported as a failure by the fixture, never a skip
    sync_playwright = None  # type: ignore[assignment]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = str(__file__).rsplit("/", 1)[0]
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if sync_playwright is None:
        pytest.fail(NO_PLAYWRIGHT, pytrace=False)
    with sync_playwright() as playwright:
        path = chromium_path(playwright.chromium.executable_path)
        if path is None:
            pytest.fail(NO_CHROMIUM, pytrace=False)
        chromium = playwright.chromium.launch(executable_path=str(path), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer() as server:
        yield server
