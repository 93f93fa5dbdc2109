"""A scenario found and read: where it came from, its fingerprint, and its model.

Free of PyYAML and pydantic: `serve` starts its worlds from compiled blueprints kept on disk
(compiled_cache.py), and a scenario read that way is parsed only if something asks for its model
(a reset of a scripted scenario, the inspector's view of it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from simulator.resources import bundled_dir

if TYPE_CHECKING:
    from simulator.scenario.schema import Scenario
    from simulator.world.blueprint import WorldBlueprint


class ScenarioError(ValueError):
    """A scenario that cannot be used, with a message a person can act on."""


@dataclass(frozen=True)
class ScenarioSummary:
    """What serving a scenario needs besides its blueprint, kept with a cached one."""

    api_key: str | None
    document: dict[str, Any]  # the model as JSON, as the state log's `world` record keeps it
    scripted: bool  # fault rules, chaos, webhooks or a timeline to play onto each new world


class LoadedScenario:
    """Equal and hashed by fingerprint (the content): compiled blueprints are cached by it."""

    __slots__ = ("source", "fingerprint", "_scenario", "_parse", "_summary", "_compiled")

    def __init__(
        self,
        scenario: Scenario,
        source: str,
        fingerprint: str,
        compiled: dict[int | None, WorldBlueprint] | None = None,
    ) -> None:
        self.source = source  # a file's path, or `<inline>`
        self.fingerprint = fingerprint
        self._scenario: Scenario | None = scenario
        self._parse: Callable[[], Scenario] | None = None
        self._summary: ScenarioSummary | None = None
        self._compiled: dict[int | None, WorldBlueprint] = dict(compiled or {})

    @classmethod
    def deferred(
        cls,
        source: str,
        fingerprint: str,
        parse: Callable[[], Scenario],
        summary: ScenarioSummary,
        compiled: dict[int | None, WorldBlueprint],
    ) -> LoadedScenario:
        """A scenario known valid, with its blueprint per seed, whose model `parse` makes when
        first asked for."""
        loaded = cls.__new__(cls)
        loaded.source, loaded.fingerprint = source, fingerprint
        loaded._scenario, loaded._parse = None, parse
        loaded._summary, loaded._compiled = summary, dict(compiled)
        return loaded

    @property
    def scenario(self) -> Scenario:
        if self._scenario is None:
            assert self._parse is not None
            self._scenario = self._parse()
        return self._scenario

    @property
    def parsed(self) -> bool:
        return self._scenario is not None

    def summary(self) -> ScenarioSummary:
        if self._summary is None:
            scenario = self.scenario
            self._summary = ScenarioSummary(
                api_key=scenario.api_key,
                document=scenario.model_dump(mode="json", by_alias=True),
                scripted=bool(
                    scenario.faults or scenario.chaos or scenario.webhooks or scenario.timeline
                ),
            )
        return self._summary

    def precompiled(self, seed: int | None) -> WorldBlueprint | None:
        """The blueprint for `seed` when it came with the scenario (from the cache)."""
        return self._compiled.get(seed)

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LoadedScenario) and other.fingerprint == self.fingerprint

    def __repr__(self) -> str:
        return f"LoadedScenario(source={self.source!r}, fingerprint={self.fingerprint!r})"


def shipped_scenarios() -> dict[str, Path]:
    return {path.stem: path for path in sorted(bundled_dir("scenarios").glob("*.yaml"))}


def scenario_path(ref: str) -> Path:
    """`ref` is a shipped scenario's name or a path to a YAML file."""
    path = Path(ref)
    if path.suffix in {".yaml", ".yml"} or path.is_file():
        return path
    shipped = shipped_scenarios()
    if ref not in shipped:
        known = ", ".join(shipped) or "none"
        raise ScenarioError(f"scenario {ref!r}: no such scenario (shipped: {known})")
    return shipped[ref]


def read_scenario_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read: {error.strerror or error}") from error
