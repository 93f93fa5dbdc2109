"""Session-wide test setup."""

import os
from collections.abc import Iterator

import pytest

from simulator.scenario.compiled_cache import CACHE_DIR_ENV
from simulator.seeded_draws import without_local_constants


@pytest.fixture(scope="session", autouse=True)
def compiled_scenarios_in_a_temporary_directory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """`serve`s started by the tests keep their compiled scenarios here, not in the user's
    ~/.cache (scenario/compiled_cache.py)."""
    before = os.environ.get(CACHE_DIR_ENV)
    os.environ[CACHE_DIR_ENV] = str(tmp_path_factory.mktemp("compiled-scenarios"))
    yield
    if before is None:
        os.environ.pop(CACHE_DIR_ENV, None)
    else:
        os.environ[CACHE_DIR_ENV] = before


@pytest.fixture(scope="session", autouse=True)
def reproducible_hypothesis_draws() -> Iterator[None]:
    """Seeded hypothesis tests (the contract phases, the reliability suite) draw the same values
    whichever tests ran before them in the process and however the simulator is installed."""
    with without_local_constants():
        yield
