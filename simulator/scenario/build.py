"""The one way to build a world from a loaded scenario: the registry, tests and benchmarks
all go through `build_world`, so a world made any of these ways is the same world."""

from __future__ import annotations

from simulator.clock import ClockMode
from simulator.scenario.loaded import LoadedScenario
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
    blueprint = loaded.precompiled(seed)
    if blueprint is None:
        from simulator.scenario.blueprint import compile_blueprint

        blueprint = compile_blueprint(loaded, seed)
    world = World(blueprint, api_key, clock_mode=clock_mode)
    if loaded.summary().scripted:  # the scripted parts are pydantic models: loaded when used
        from simulator.scenario.play import (
            install_chaos,
            install_faults,
            install_webhooks,
            schedule_timeline,
        )

        scenario = loaded.scenario
        install_faults(world, scenario.faults)
        install_chaos(world, scenario.chaos)
        install_webhooks(world, scenario.webhooks)
        schedule_timeline(world, scenario.timeline)
    return world
