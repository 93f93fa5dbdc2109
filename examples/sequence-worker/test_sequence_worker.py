"""A week of the sequence worker, on the simulator's virtual clock: the world's time moves two
hours at a time, the worker ticks after each move, and the prospects answer when their scenario
(outreach-week.yaml) or the test says so. The whole week runs in about a second."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sequence import Prospect, SequenceWorker

from simulator.testing import SimulatorServer, SimWorld

SCENARIO = Path(__file__).with_name("outreach-week.yaml")
MONDAY = datetime.fromisoformat("2026-01-05T09:00:00Z")  # the scenario's clock.start
TICK = timedelta(hours=2)


@pytest.fixture
def world(unipile_sim: SimulatorServer) -> Iterator[SimWorld]:
    world = unipile_sim.new_world(yaml.safe_load(SCENARIO.read_text()))
    yield world
    failures = world.failures()  # requests the simulator itself failed on: none expected
    world.drop()
    assert failures == []


@pytest.fixture
def worker(world: SimWorld) -> Iterator[SequenceWorker]:
    prospects = [
        Prospect("alice-martin", "alice.martin@fabrikam.example"),
        Prospect("bilal-khan", "bilal.khan@contoso.example"),
        Prospect("chloe-bernard", "chloe.bernard@tailspin.example"),
    ]
    with world.http_client() as unipile:
        yield SequenceWorker(unipile, "li-rep", "gmail-rep", prospects, started=MONDAY)


def run_until(world: SimWorld, worker: SequenceWorker, until: datetime) -> list[dict]:
    """Tick, then move the world's clock two hours, until `until` (ticked too); returns the
    world's events that fired meanwhile."""
    fired = []
    now = datetime.fromisoformat(world.clock()["now"])
    while True:
        worker.tick(now)
        if now >= until:
            return fired
        fired += world.advance(seconds=TICK.total_seconds())
        now += TICK


def steps(worker: SequenceWorker) -> dict[str, str]:
    return {name: prospect.step for name, prospect in worker.prospects.items()}


def test_a_week_of_outreach(world: SimWorld, worker: SequenceWorker) -> None:
    alice, bilal, chloe = worker.prospects.values()

    # Monday to Thursday noon: three invitations; Alice accepts and is thanked on LinkedIn.
    fired = run_until(world, worker, MONDAY + timedelta(days=3, hours=3))
    answers = {e["user_provider_id"]: e["kind"] for e in fired if e["kind"] != "new_relation"}
    assert answers == {
        alice.provider_id: "invitation_accepted", bilal.provider_id: "invitation_declined",
    }  # fmt: skip
    world.assert_sent("POST", "/api/v1/users/invite", times=3)
    # Accepted, she is a relation at once (the new_relation webhook comes later): thanked at
    # the next tick.
    [accepted] = [e for e in fired if e["kind"] == "invitation_accepted"]
    [thanks] = world.assert_sent("POST", "/api/v1/chats")
    assert accepted["at"] <= thanks["at"] < _instant(accepted["at"], TICK)
    # Thursday 9:00, three days on: Bilal (declined) and Chloe (silent) get an email instead.
    emails = world.assert_sent("POST", "/api/v1/emails", times=2)
    assert {e["at"] for e in emails} == {"2026-01-08T09:00:00.000Z"}
    assert steps(worker) == {
        "alice-martin": "messaged", "bilal-khan": "emailed", "chloe-bernard": "emailed",
    }  # fmt: skip

    # Alice answers on LinkedIn, Bilal by email (the other side, through the control plane).
    world.control("POST", f"/chats/{alice.chat_id}/reply", json={"text": "Sure, Tuesday?"})
    world.control("POST", f"/emails/{bilal.email_id}/reply", json={"body": "<p>Call me.</p>"})

    # To next Monday 9:00: Chloe gets a follow-up on Saturday, then her sequence ends.
    run_until(world, worker, MONDAY + timedelta(days=7))
    assert steps(worker) == {
        "alice-martin": "replied", "bilal-khan": "replied", "chloe-bernard": "finished",
    }  # fmt: skip
    assert chloe.since == MONDAY + timedelta(days=7)
    emails = world.assert_sent("POST", "/api/v1/emails", times=3)  # nothing more to the others
    assert emails[-1]["at"] == "2026-01-10T09:00:00.000Z"
    sent = world.get("/emails", params={"account_id": "gmail-rep", "role": "sent"}).json()
    to_chloe = [e for e in sent["items"] if e["to_attendees"][0]["identifier"] == chloe.email]
    assert len({e["thread_id"] for e in to_chloe}) == 1  # the follow-up is in the same thread
    assert sorted(e["subject"] for e in to_chloe) == [
        "A two-minute read for your team", "Re: A two-minute read for your team",
    ]  # fmt: skip


def test_the_invitation_carries_a_note_with_the_first_name(
    world: SimWorld, worker: SequenceWorker
) -> None:
    worker.tick(MONDAY)
    invitations = world.assert_sent("POST", "/api/v1/users/invite", times=3)
    notes = [json.loads(entry["body"])["message"] for entry in invitations]
    assert notes[0] == "Hi Alice, I work with data teams like yours. Happy to connect!"
    pending = world.get("/users/invite/sent", params={"account_id": "li-rep"}).json()["items"]
    assert len(pending) == 3


def _instant(at: str, plus: timedelta) -> str:
    moment = datetime.fromisoformat(at) + plus
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
