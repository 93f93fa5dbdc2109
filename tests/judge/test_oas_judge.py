"""Unipile's published document as a second judge of the simulator (issue 24).

Every operation the coverage ledger serves, in both dialects, gets the document's cases
(positive and negative), every check, and each 2xx body validated against the document's 2xx
schema; its success path is drawn at least MIN_SUCCESSES times (tests/judge/hints.py). A failing
check is a listed deviation (contracts/oas-deviations.yaml) or fails here, and a listed deviation
that excuses nothing is stale and fails here too. `SIM_JUDGE_EXAMPLES` raises the cases per
operation (default in tests/judge/harness.py).
"""

from __future__ import annotations

import pytest

from simulator.coverage import DIALECT_PREFIXES
from tests.judge import harness, hints

CASES = [
    pytest.param(dialect, label, id=f"{dialect} {label}")
    for dialect in DIALECT_PREFIXES
    for label in harness.served_operations(dialect)
]


@pytest.mark.parametrize(("dialect", "label"), CASES)
def test_the_published_document_accepts_the_simulator(
    dialect: str, label: str, judge_runs: harness.RunStore
) -> None:
    run = judge_runs.get(dialect, label)
    findings = "\n\n".join(run.findings)
    assert not run.findings, (
        f"{dialect} {label}: {len(run.findings)} difference(s) from Unipile's document that "
        f"contracts/oas-deviations.yaml does not list:\n\n{findings}"
    )
    assert run.successes >= harness.MIN_SUCCESSES, (
        f"{dialect} {label}: the success path answered {run.successes} time(s) in {run.cases} "
        f"cases (statuses {run.statuses}), fewer than {harness.MIN_SUCCESSES}: is its hint in "
        "tests/judge/hints.py still a request the prepared world accepts?"
    )


def test_every_served_operation_has_a_hint() -> None:
    served = {label for dialect in DIALECT_PREFIXES for label in harness.served_operations(dialect)}
    assert sorted(served - hints.hints().keys()) == []


def test_every_operation_of_both_dialects_is_judged() -> None:
    assert len(harness.served_operations("unipile")) == 85
    # Postpress serves drafts under a path of its own (POST /v1/emails/drafts): not the
    # document's path, so the document cannot judge it there.
    assert len(harness.served_operations("postpress")) == 84


def test_every_listed_deviation_is_used(judge_runs: harness.RunStore) -> None:
    # Needs every operation run: those the other tests of the session made are read back, the
    # others are made here (and read back by their own tests).
    used: set[int] = set()
    for param in CASES:
        used |= judge_runs.get(*param.values).excused.keys()
    stale = [d.label for index, d in enumerate(harness.deviations()) if index not in used]
    assert stale == [], (
        "contracts/oas-deviations.yaml lists differences that no run of the judge meets (remove "
        "them, or fix what stopped them from happening):\n" + "\n".join(stale)
    )
