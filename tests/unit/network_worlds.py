"""Worlds for the network tests, built in-process from inline scenarios (no HTTP)."""

from __future__ import annotations

from typing import Any

from simulator.scenario.build import build_world
from simulator.scenario.loader import load_scenario, scenario_from_mapping
from simulator.world.accounts import Account
from simulator.world.people import FIRST, Person
from simulator.world.world import World

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS


def network_world(
    plan: str = "premium",
    generate: int = 300,
    seed: int = 5,
    limits: dict[str, Any] | None = None,
    behaviours: dict[str, Any] | None = None,
    listed: list[dict[str, Any]] | None = None,
    extra_accounts: list[dict[str, Any]] | None = None,
) -> World:
    """One OK LinkedIn account (id `acct`) on `plan`, and a generated network.

    Invited people ignore invitations unless `behaviours` says otherwise, so limit tests see
    only the rule under test.
    """
    scenario: dict[str, Any] = {
        "name": "network-test",
        "seed": seed,
        "accounts": [{"id": "acct", "provider": "LINKEDIN", "plan": plan, "name": "Ada Lovelace"}]
        + (extra_accounts or []),
        "people": {"generate": generate, "listed": listed or []},
        "relations": {"per_account": 50, "second_degree": 0.5, "third_degree": 0.3},
        "behaviours": behaviours or {"invitations": {"accept": 0, "decline": 0, "ignore": 1}},
    }
    if limits is not None:
        scenario["limits"] = limits
    return build_world(scenario_from_mapping(scenario), api_key="test-key")


def default_world() -> World:
    return build_world(load_scenario("default"), api_key="test-key")


def account(world: World, account_id: str = "acct") -> Account:
    return world.accounts.get(account_id)


def strangers(world: World, account_id: str = "acct") -> list[Person]:
    """Everyone the account may invite (not a relation), in directory order."""
    graph = world.network.graph(account(world, account_id))
    return [p for p in world.network.directory.people if graph.distance(p) != FIRST]


def send_many(world: World, people: list[Person], account_id: str = "acct") -> list[Any]:
    return [world.invitations.send(account_id, p.provider_id, note=None) for p in people]
