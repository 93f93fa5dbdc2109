"""pytest fixtures for testing a Unipile client against the simulator.

Registered through the `pytest11` entry point, so installing unipile-sim is enough:

    def test_my_client_lists_accounts(sim_world, sim_client):
        assert len(sim_client.get("/accounts").json()["items"]) == 7

    def test_my_handler_gets_new_messages(sim_world, sim_webhooks):
        sim_world.control("POST", f"/chats/{chat_id}/reply", json={"text": "Hi"})
        assert sim_webhooks.wait_for(event="message_received").body["message"] == "Hi"

- `unipile_sim` (session): the server. `.unipile_url`, `.postpress_url`, `.control_url`,
  `.new_world(scenario, seed=, clock=)`.
- `sim_world`: a fresh `default` world per test, dropped after. `.api_key`, `.headers`,
  `.get(path)`, `.request(method, path)`, `.control(method, path)`, `.advance(seconds=)`,
  `.clock()`, `.requests(method, path)`, `.assert_sent(method, path, times)`,
  `.deliveries()`, `.failures()`, `.reset()`, `.http_client()`. A request the simulator itself
  failed on during the test (a bug, or a response that drifted from the contract: the server is
  strict) fails the test at teardown, with the request.
- `sim_client`: an httpx client for `sim_world` (base URL `/api/v1`, the key sent).
- `sim_webhooks`: a WebhookReceiver the world's webhooks point at (one per source, every
  event); `.wait_for(event=, source=, timeout=)`, `.received(event=)`, `.deliveries`. It advances
  nothing: deliveries come when the world's clock or a request makes the event happen.
"""

from __future__ import annotations

from typing import Iterator

import httpx
import pytest

from simulator.testing import SimulatorServer, SimWorld
from simulator.webhook_receiver import WebhookReceiver


@pytest.fixture(scope="session")
def unipile_sim() -> Iterator[SimulatorServer]:
    """One simulator for the whole test session, serving the `default` scenario.

    Strict: a response that drifts from contracts/ is a 500 naming the drift, not a silent pass.
    """
    with SimulatorServer(strict=True) as server:
        yield server


@pytest.fixture
def sim_world(unipile_sim: SimulatorServer) -> Iterator[SimWorld]:
    """A fresh `default` world for one test; dropped when the test ends, failing the test if
    the simulator failed on one of its requests."""
    world = unipile_sim.new_world("default")
    yield world
    failures = world.failures()
    world.drop()
    if failures:
        lines = "\n".join(f"  {f['method']} {f['path']}: {f['detail']}" for f in failures)
        pytest.fail(f"the simulator failed on {len(failures)} request(s) of this test:\n{lines}")


@pytest.fixture
def sim_client(sim_world: SimWorld) -> Iterator[httpx.Client]:
    """An httpx client for `sim_world`: base URL `/api/v1`, its key sent."""
    with sim_world.http_client() as client:
        yield client


@pytest.fixture
def sim_webhooks(sim_world: SimWorld) -> Iterator[WebhookReceiver]:
    """A receiver every webhook source of `sim_world` delivers to."""
    with WebhookReceiver() as receiver:
        sim_world.listen(receiver)
        yield receiver
