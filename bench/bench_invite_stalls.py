"""Stalls of the stateful invite path, in-process: the slowest calls of a long run.

A world of 10,000 generated people with invitation caps lifted; every LinkedIn account that can
act invites every person once (distinct pairs, every call succeeds). Each call goes through the
world only (no HTTP), so what shows here is the world's own cost and the garbage collector's:
full collections walk every tracked object of the world, and a run that holds a large world
pays for that walk on one unlucky request.

    python bench/bench_invite_stalls.py                 # the collector as serve leaves it
    python bench/bench_invite_stalls.py --gc default    # CPython's defaults, for comparison
    python bench/bench_invite_stalls.py --gc off        # no collector at all (the floor)
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

import yaml

from simulator.scenario.build import build_world
from simulator.scenario.loader import scenario_from_mapping, shipped_scenarios
from simulator.world.errors import ApiError

PEOPLE = 10_000
NO_CAP = {"weekly_invitations": None, "daily_invitations": None, "notes_per_month": None}


def big_world():
    data = yaml.safe_load(shipped_scenarios()["default"].read_text())
    data["people"]["generate"] = PEOPLE
    data["limits"] = {plan: dict(NO_CAP) for plan in ("free", "premium", "sales_navigator")}
    return build_world(scenario_from_mapping(data), api_key="bench")


class CollectionPauses:
    """How many collections of each generation ran, and the longest of each (gc.callbacks)."""

    def __init__(self) -> None:
        self.counts: dict[int, int] = {0: 0, 1: 0, 2: 0}
        self.longest_ms: dict[int, float] = {0: 0.0, 1: 0.0, 2: 0.0}
        self._started = 0.0

    def on_collection(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        generation = info["generation"]
        self.counts[generation] += 1
        took = (time.perf_counter() - self._started) * 1e3
        self.longest_ms[generation] = max(self.longest_ms[generation], took)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gc", choices=("serve", "default", "off"), default="serve")
    parser.add_argument("--calls", type=int, default=30_000)
    options = parser.parse_args()
    if options.gc == "default":
        gc.set_threshold(700, 10, 10)
    world = big_world()
    if options.gc == "serve":
        from simulator.gc_tuning import GcTuning

        GcTuning().settle()
    elif options.gc == "off":
        gc.disable()
    accounts = [
        account.id
        for account in world.accounts
        if account.type == "LINKEDIN" and account.status == "OK"
    ]
    people = [person.provider_id for person in world.network.directory.people]
    pauses = CollectionPauses()
    gc.callbacks.append(pauses.on_collection)
    durations: list[float] = []
    refused = 0
    for provider_id in people:
        for account_id in accounts:
            if len(durations) == options.calls:
                break
            started = time.perf_counter()
            try:
                world.invitations.send(account_id, provider_id, note=None)
            except ApiError:
                refused += 1  # already a relation of this account: not a distinct new pair
                continue
            durations.append(time.perf_counter() - started)
    durations.sort()
    print(
        f"gc={options.gc} calls={len(durations)} (+{refused} relations skipped) "
        f"median={statistics.median(durations) * 1e6:.0f}us "
        f"p99={durations[int(len(durations) * 0.99)] * 1e3:.2f}ms "
        f"p99.9={durations[int(len(durations) * 0.999)] * 1e3:.2f}ms "
        f"max={durations[-1] * 1e3:.1f}ms; collections during the run by generation "
        f"{pauses.counts}, longest pause by generation "
        + str({gen: f"{ms:.1f}ms" for gen, ms in sorted(pauses.longest_ms.items())})
    )


if __name__ == "__main__":
    main()
