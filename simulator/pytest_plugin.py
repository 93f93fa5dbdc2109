"""pytest fixtures for testing a Unipile client against the simulator.

Registered through the `pytest11` entry point, so installing unipile-sim is enough:

    def test_my_client_lists_accounts(sim_world):
        accounts = my_client(base_url=sim_world.server.unipile_url, key=sim_world.api_key).accounts()
        assert len(accounts) == 4
"""

from __future__ import annotations

from typing import Iterator

import pytest

from simulator.testing import SimulatorServer, SimWorld


@pytest.fixture(scope="session")
def unipile_sim() -> Iterator[SimulatorServer]:
    """One simulator for the whole test session, serving the `default` scenario.

    Strict: a response that drifts from contracts/ is a 500 naming the drift, not a silent pass.
    """
    with SimulatorServer(strict=True) as server:
        yield server


@pytest.fixture
def sim_world(unipile_sim: SimulatorServer) -> Iterator[SimWorld]:
    """A fresh `default` world for one test; dropped when the test ends."""
    world = unipile_sim.new_world("default")
    yield world
    world.drop()
