"""Session-wide test setup."""

from collections.abc import Iterator

import pytest

from simulator.seeded_draws import without_local_constants


@pytest.fixture(scope="session", autouse=True)
def reproducible_hypothesis_draws() -> Iterator[None]:
    """Seeded hypothesis tests (the contract phases, the reliability suite) draw the same values
    whichever tests ran before them in the process and however the simulator is installed."""
    with without_local_constants():
        yield
