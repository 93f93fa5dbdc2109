"""SimulatorServer and the pytest plugin: a real server on a free port, worlds per test."""

import httpx
import pytest

from simulator.testing import SimulatorError, SimulatorServer


def test_sim_world_fixture_gives_a_fresh_world_on_a_real_server(sim_world):
    response = httpx.get(f"{sim_world.server.unipile_url}/accounts", headers=sim_world.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert len(response.json()["items"]) == 7
    assert sim_world.api_key != sim_world.server.api_key


def test_worlds_of_the_fixture_do_not_leak_into_each_other(unipile_sim):
    first, second = unipile_sim.new_world(), unipile_sim.new_world()
    victim = first.get("/accounts", headers=first.headers).json()["items"][0]["id"]
    assert first.request("DELETE", f"/accounts/{victim}", headers=first.headers).status_code == 200
    assert len(second.get("/accounts", headers=second.headers).json()["items"]) == 7
    first.drop()
    second.drop()


def test_control_helpers_move_the_clock_and_reset(sim_world):
    assert sim_world.clock()["now"] == "2026-01-05T09:00:00.000Z"
    assert sim_world.advance(seconds=7 * 86400) == []
    assert sim_world.clock()["now"] == "2026-01-12T09:00:00.000Z"
    sim_world.reset()
    assert sim_world.clock()["now"] == "2026-01-05T09:00:00.000Z"


def test_control_errors_surface_the_envelope(unipile_sim):
    with pytest.raises(SimulatorError, match="errors/invalid_parameters"):
        unipile_sim.new_world("no-such-scenario")


def test_own_server_on_a_free_port_with_a_real_clock():
    with SimulatorServer(scenarios=["empty"], clock="real", strict=True) as server:
        assert server.port > 0
        assert server.api_key == "sim_empty_key_0001"
        body = httpx.get(f"{server.unipile_url}/accounts", headers={"X-API-KEY": server.api_key}).json()
        assert body == {"object": "AccountList", "items": [], "cursor": None}
        assert httpx.get(f"{server.control_url}/clock", headers={"X-API-KEY": server.api_key}).json()["mode"] == "real"
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{server.base_url}/_sim/health", timeout=1)
