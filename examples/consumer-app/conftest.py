"""The service wired to the simulator's pytest fixtures (the `unipile_sim` plugin, installed with
unipile-sim): each test gets a fresh `default` world (`sim_world`), an empty database, and a
service whose clock is that world's clock, so moving the world's time moves the app's too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from accounts_service import Unipile, create_app
from starlette.testclient import TestClient

from simulator.testing import SimulatorServer, SimWorld

TOKEN = "alice-token"  # the signed-in user's Bearer token


@pytest.fixture
def service(
    unipile_sim: SimulatorServer, sim_world: SimWorld, tmp_path: Path
) -> Iterator[TestClient]:
    """The service's HTTP client, signed in as alice; `service.app.state.store` is its database."""

    def world_now() -> datetime:
        return datetime.fromisoformat(sim_world.clock()["now"])

    app = create_app(tmp_path / "accounts.db", Unipile(unipile_sim.base_url, sim_world.api_key),
                     now=world_now)  # fmt: skip
    app.state.store.add_user(TOKEN, "alice")
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client


@pytest.fixture
def linkedin(sim_world: SimWorld) -> dict[str, str]:
    """Unipile ids of the `default` world's LinkedIn accounts, by what they are."""
    accounts = sim_world.get("/accounts").json()["items"]
    premium, free, expired = (accounts[i] for i in (0, 1, 3))
    assert premium["connection_params"]["im"]["premiumFeatures"] == ["premium", "sales_navigator"]
    assert free["connection_params"]["im"]["premiumFeatures"] == []
    assert expired["sources"][0]["status"] == "CREDENTIALS"
    return {"sales_navigator": premium["id"], "free": free["id"], "expired": expired["id"]}
