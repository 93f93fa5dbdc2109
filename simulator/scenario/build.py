"""The one way to build a world from a loaded scenario: the registry, tests and benchmarks
all go through `build_world`, so a world made any of these ways is the same world."""

from __future__ import annotations

from simulator.clock import ClockMode
from simulator.scenario.blueprint import compile_blueprint
from simulator.scenario.loader import LoadedScenario
from simulator.scenario.play import (
    install_chaos,
    install_faults,
    install_webhooks,
    schedule_timeline,
)
from simulator.world.world import World


def build_world(
    loaded: LoadedScenario,
    seed: int | None = None,
    *,
    api_key: str,
    clock_mode: ClockMode | None = None,
) -> World:
    """`seed` overrides the scenario's; `clock_mode` its clock mode.

    The order is part of determinism: fault rules draw their ids from the faults stream, and the
    scenario's webhooks exist before any event is scheduled, so they see the world's first ones.
    """
    scenario = loaded.scenario
    world = World(compile_blueprint(loaded, seed), api_key, clock_mode=clock_mode)
    install_faults(world, scenario.faults)
    install_chaos(world, scenario.chaos)
    install_webhooks(world, scenario.webhooks)
    schedule_timeline(world, scenario.timeline)
    return world
