"""Seeded hypothesis draws that are the same in every process.

Hypothesis draws about one value in twenty from a pool of literals it reads out of the "local"
modules imported so far (code outside site-packages and outside test files). What is in that pool
depends on how the simulator is installed (an editable checkout counts as local, a wheel does not)
and on what the process happened to import before, and it grows when a module is first imported
halfway through a run. So a seeded schemathesis run drew different requests after other tests
than alone, and the seeded stateful phase passed in a checkout but not in a clean clone.

Hypothesis has no setting for this pool, so the context manager below empties it for the duration
of a run; the pool of its own well-known edge-case constants (empty strings, 0, NaN...) is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_local_constants() -> Iterator[None]:
    """Seeded draws inside the block depend on the seed alone, not on the imports of the process."""
    from hypothesis.internal.conjecture import providers

    original = getattr(providers, "_get_local_constants", None)
    if original is None:  # a hypothesis from before the pool of local constants
        yield
        return
    providers._get_local_constants = providers.Constants
    providers.CONSTANTS_CACHE.cache.clear()  # pools already filtered with the local constants
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()
