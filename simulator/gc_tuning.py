"""The garbage collector, tuned for `serve`: a server that holds large worlds.

A world is hundreds of thousands of long-lived objects (people, relations, invitations and their
indexes). CPython's full collection walks every tracked object, so with a world of 10,000 people
a request now and then paid a stall of about a hundred milliseconds
(bench/bench_invite_stalls.py, bench/RESULTS.md). A request's own garbage is freed by reference
counting; the collector is there for cycles, and a world makes none per request.

- Once the worlds are built, `gc.freeze()` moves everything into the permanent generation,
  which collections never walk. Worlds made later are frozen as soon as they are built.
- A dropped or reset world is made of cycles (its parts point back at it), which only the
  collector frees, and frozen objects are never collected: releasing a world unfreezes, and the
  next tick (at most once a second) collects it and freezes the rest again. That one full
  collection is the price of a drop or a reset in `serve`.
- Worlds grow while they serve (every invitation, message or webhook delivery is a few more
  long-lived objects), and what they add would be walked again by every full collection:
  every few seconds the tick collects the young generations (their cycles, which freezing would
  keep) and freezes what survives. Reference counting still frees frozen objects.
- The young generation is collected less often (every 3,000 net allocations instead of 700):
  fewer walks over what requests create, each still short.

Tests build many apps in one process and leave the collector alone (`Settings.tune_gc`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 3_000  # CPython's default is 700
REFREEZE_INTERVAL_S = 1.0
GROWTH_FREEZE_INTERVAL_S = 5.0


@contextmanager
def paused_collector(freeze: bool = False) -> Iterator[None]:
    """`serve`'s start-up: importing the simulator and building the first worlds allocate
    hundreds of thousands of objects that all stay alive (modules, classes, worlds), and the
    collector's walks over them while they grow cost about an eighth of the CPU time to the
    first answer (bench/RESULTS.md). The few cycles start-up leaves (about a thousand objects)
    are frozen with the rest, until the collection that frees a released world reaches them.

    `freeze`: freeze what is alive on the way out, as `settle` does. Without it, the first young
    collection after the pause walks everything made during it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


class GcTuning:
    def __init__(self) -> None:
        self._refreeze_due = False
        self._last_refreeze_s = float("-inf")
        self._last_freeze_s = float("-inf")

    def settle(self) -> None:
        """Once the first worlds are built: freeze everything alive. No collection first:
        building leaves no cycles behind (one found none, at a sixth of the start-up's time),
        and whatever a scenario might leave is collected with the first released world."""
        gc.freeze()
        _, middle, old = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)

    def world_created(self, _world: object) -> None:
        if not self._refreeze_due:  # else the next tick freezes it with the rest
            gc.freeze()

    def world_released(self, _api_key: str) -> None:
        gc.unfreeze()
        self._refreeze_due = True

    def tick(self, now_s: float) -> None:
        """From the server's ticker (monotonic seconds): collect released worlds, refreeze."""
        if self._refreeze_due and now_s - self._last_refreeze_s >= REFREEZE_INTERVAL_S:
            self._refreeze_due = False
            self._last_refreeze_s = self._last_freeze_s = now_s
            gc.collect()
            gc.freeze()
        elif now_s - self._last_freeze_s >= GROWTH_FREEZE_INTERVAL_S:
            self._last_freeze_s = now_s
            gc.collect(1)
            gc.freeze()
