"""Daily caps on what an account does on LinkedIn beyond invitations and messages (reference
part 2 §8): profile views (`GET /users/{id}` counts as one), comments and reactions. Each is a
scenario limit (`limits.profile_views_per_day`, `comments_per_day`, `reactions_per_day`), over
a rolling 24 hours; none is set by default (the reference gives guidance, 80 to 100 profile
views a day, and no figure for comments or reactions). Over a cap: 429 `too_many_requests`,
naming when the next one is possible.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from typing import TYPE_CHECKING

from simulator.clock import iso_ms
from simulator.world.errors import ApiError

if TYPE_CHECKING:
    from simulator.world.world import World

DAY_MS = 86_400_000
WHAT = {"profile_views": "profile view", "comments": "comment", "reactions": "reaction"}


class DailyCaps:
    def __init__(self, world: World, caps: Mapping[str, int | None]) -> None:
        self._world = world
        self._caps = caps
        self._done: dict[tuple[str, str], list[int]] = {}

    def check(self, account_id: str, kind: str) -> None:
        """Refuses the action when the account reached the cap (nothing is counted)."""
        cap = self._caps.get(kind)
        if cap is None:
            return
        now = self._world.now_ms()
        done = self._done.setdefault((account_id, kind), [])
        del done[: bisect.bisect_right(done, now - DAY_MS)]
        if len(done) >= cap:
            raise ApiError(
                "too_many_requests",
                f"account_id: daily {WHAT[kind]} limit reached ({cap} in 24 hours); the next "
                f"one can be made at {iso_ms(done[0] + DAY_MS)}",
            )

    def count(self, account_id: str, kind: str) -> None:
        """The action was done: it counts towards the cap."""
        if self._caps.get(kind) is not None:
            self._done.setdefault((account_id, kind), []).append(self._world.now_ms())
