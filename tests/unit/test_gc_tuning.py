"""The collector as `serve` tunes it: built worlds frozen, released worlds still freed."""

import gc
import weakref

import pytest

from simulator.app import Settings, build_app
from simulator.gc_tuning import (
    GROWTH_FREEZE_INTERVAL_S,
    REFREEZE_INTERVAL_S,
    YOUNG_THRESHOLD,
    GcTuning,
    paused_collector,
)


@pytest.fixture
def untouched_collector():
    """Whatever a test freezes or sets is undone, for the rest of the test process."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_serve_freezes_the_built_worlds_and_tests_do_not(untouched_collector):
    gc.unfreeze()
    build_app(Settings())
    assert gc.get_freeze_count() == 0
    app = build_app(Settings(tune_gc=True))
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    assert app.state.gc_tuning is not None


def test_a_dropped_world_is_collected_after_the_next_tick(untouched_collector):
    app = build_app(Settings(tune_gc=True))
    registry, tuning = app.state.registry, app.state.gc_tuning
    (world,) = registry.worlds()
    gone = weakref.ref(world)
    key = world.api_key
    del world
    registry.drop(key)
    assert gc.get_freeze_count() == 0  # unfrozen, so the collector can reach the dropped world
    tuning.tick(now_s=1_000.0)
    assert gone() is None
    assert gc.get_freeze_count() > 0  # the rest frozen again


def test_a_reset_releases_the_old_world_and_refreezes_at_most_once_a_second(untouched_collector):
    app = build_app(Settings(tune_gc=True))
    registry, tuning = app.state.registry, app.state.gc_tuning
    key = registry.worlds()[0].api_key
    registry.reset(key)
    tuning.tick(now_s=1_000.0)  # the first refreeze
    old = weakref.ref(registry.get(key))
    registry.reset(key)
    tuning.tick(now_s=1_000.0 + REFREEZE_INTERVAL_S / 2)
    assert old() is not None and gc.get_freeze_count() == 0  # too soon after the last one
    tuning.tick(now_s=1_000.0 + REFREEZE_INTERVAL_S * 2)
    assert old() is None and gc.get_freeze_count() > 0


def test_a_world_made_while_a_refreeze_is_due_waits_for_it(untouched_collector):
    tuning = GcTuning()
    tuning.world_released("sim_key")
    tuning.world_created(object())
    assert gc.get_freeze_count() == 0


def walked(thing: object) -> bool:
    """Whether the collector's walks reach `thing` (frozen objects are not listed)."""
    return any(candidate is thing for candidate in gc.get_objects())


def test_what_a_world_grows_is_frozen_every_few_seconds_and_young_cycles_are_collected_first(
    untouched_collector,
):
    tuning = GcTuning()
    tuning.settle()
    kept = [[n] for n in range(1_000)]  # what a serving world adds: long-lived, no cycles

    class Node:
        pass

    cycle = Node()
    cycle.me = cycle  # garbage only the collector can free
    gone = weakref.ref(cycle)
    del cycle
    assert walked(kept)
    tuning.tick(now_s=1_000.0)
    assert gone() is None  # collected, not kept by the freeze
    assert not walked(kept) and not walked(kept[0])
    more = [[n] for n in range(1_000)]
    tuning.tick(now_s=1_000.0 + GROWTH_FREEZE_INTERVAL_S / 2)
    assert walked(more)  # not yet
    tuning.tick(now_s=1_000.0 + GROWTH_FREEZE_INTERVAL_S)
    assert not walked(more)


def test_start_up_runs_no_collection_and_turns_the_collector_back_on(untouched_collector):
    before = [generation["collections"] for generation in gc.get_stats()]
    with paused_collector():
        assert not gc.isenabled()
        made = [[n] for n in range(20 * YOUNG_THRESHOLD)]  # many young collections' worth
        during = [generation["collections"] for generation in gc.get_stats()]
    assert gc.isenabled()
    assert during == before
    assert walked(made)  # without `freeze`, the next collections still walk it


def test_start_up_can_freeze_what_it_made(untouched_collector):
    gc.unfreeze()
    with paused_collector(freeze=True):
        made = [[n] for n in range(1_000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    assert not walked(made) and not walked(made[0])


def test_a_collector_turned_off_by_its_owner_stays_off(untouched_collector):
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
