from __future__ import annotations

import pytest

from tests.judge.harness import RunStore


@pytest.fixture(scope="session")
def judge_runs(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> RunStore:
    """The session's operation runs; under xdist, one directory for all the workers."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the session's directory; each worker's own is below it
    return RunStore(root / "oas-judge-runs")
