"""The registry of worlds, the composition root: one World per API key, each built from a
scenario by `build_world`, dropped or rebuilt (reset) on demand."""

from __future__ import annotations

import secrets
import string
from typing import TYPE_CHECKING, Callable

from simulator.clock import ClockMode
from simulator.persistence.records import DROP, RESET, world_record
from simulator.scenario.build import build_world
from simulator.scenario.loaded import LoadedScenario
from simulator.world.errors import ApiError
from simulator.world.world import World

if TYPE_CHECKING:
    from simulator.persistence.state_log import StateLog

_KEY_ALPHABET = string.ascii_letters + string.digits


class TenantRegistry:
    def __init__(self, clock_override: ClockMode | None = None) -> None:
        self._worlds: dict[str, World] = {}
        self._origins: dict[str, tuple[LoadedScenario, int | None, ClockMode | None]] = {}
        # Generated API keys come from the system's cryptographic source and are never handed
        # out twice: a key names one world, and nobody can guess another's. (No answer depends
        # on a key: worlds draw from their scenario's seed.)
        self._issued: set[str] = set()
        self.clock_override = clock_override
        self.on_world_created: list[Callable[[World], None]] = []
        # Called with the key of a world dropped, or replaced by a reset (before the new one's
        # on_world_created hooks run).
        self.on_world_released: list[Callable[[str], None]] = []
        # Where worlds made, reset and dropped are written (simulator/persistence).
        self.state_log: StateLog | None = None

    def __len__(self) -> int:
        return len(self._worlds)

    def get(self, api_key: str | None) -> World | None:
        if api_key is None:
            return None
        return self._worlds.get(api_key)

    def worlds(self) -> list[World]:
        return list(self._worlds.values())

    def create(
        self,
        loaded: LoadedScenario,
        seed: int | None = None,
        api_key: str | None = None,
        clock: ClockMode | None = None,
    ) -> World:
        if api_key is None:
            api_key = self._new_key()
        elif api_key in self._worlds:
            raise ApiError("already_exists", f"api_key: a world already uses the key {api_key!r}")
        self._issued.add(api_key)
        clock = clock or self.clock_override  # what the world is made with, as the log keeps it
        self._origins[api_key] = (loaded, seed, clock)
        world = self._build(api_key)
        if self.state_log is not None:
            self.state_log.append(world_record(api_key, loaded, seed, clock))
        return world

    def reset(self, api_key: str) -> World:
        """Rebuild the world from its scenario: same key, initial state, fresh clock."""
        world = self._build(api_key)
        if self.state_log is not None:
            self.state_log.append({"t": RESET, "w": api_key})
        return world

    def drop(self, api_key: str) -> None:
        if self._worlds.pop(api_key, None) is None:
            raise ApiError("resource_not_found", f"api_key: no world uses the key {api_key!r}")
        del self._origins[api_key]
        self._released(api_key)
        if self.state_log is not None:
            self.state_log.append({"t": DROP, "w": api_key})

    def _build(self, api_key: str) -> World:
        loaded, seed, clock = self._origins[api_key]
        world = build_world(loaded, seed, api_key=api_key, clock_mode=clock)
        replacing = api_key in self._worlds  # a reset
        self._worlds[api_key] = world
        if replacing:
            self._released(api_key)
        for hook in self.on_world_created:
            hook(world)
        return world

    def _released(self, api_key: str) -> None:
        for hook in self.on_world_released:
            hook(api_key)

    def _new_key(self) -> str:
        while True:
            key = "sim_" + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(28))
            if key not in self._issued:
                return key
