"""Worlds and drafts for the job-posting tests (world model only, no HTTP)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulator.world.job_applicants import ScreeningQuestion
from simulator.world.jobs import ApplyMethod, JobDraft, Jobs, RecruiterOptions, Ref
from simulator.world.world import World
from tests.unit.network_worlds import DAY_MS, HOUR_MS, network_world

__all__ = ["DAY_MS", "HOUR_MS", "classic_draft", "jobs_world", "recruiter_draft"]

# `acct` holds a Recruiter seat; `pro` is Premium, `basic` free; `gone` must reconnect.
EXTRA_ACCOUNTS: list[dict[str, Any]] = [
    {"id": "pro", "provider": "LINKEDIN", "plan": "premium", "name": "Grace Hopper"},
    {"id": "basic", "provider": "LINKEDIN", "plan": "free", "name": "Alan Turing"},
    {"id": "gone", "provider": "LINKEDIN", "plan": "premium", "name": "Gone Away",
     "status": "CREDENTIALS"},
    {"id": "gmail", "provider": "GOOGLE_OAUTH", "name": "Mail Box"},
]  # fmt: skip


def jobs_world(seed: int = 5, generate: int = 200) -> tuple[World, Jobs]:
    world = network_world("recruiter", generate=generate, seed=seed, extra_accounts=EXTRA_ACCOUNTS)
    return world, Jobs(world)


def classic_draft(world: World, **changes: Any) -> JobDraft:
    directory = world.blueprint.people
    draft = JobDraft(
        job_title=Ref(id="100"),
        company=Ref(id=directory.companies[0].id),
        workplace="REMOTE",
        location=directory.locations[0].id,
        description="<p>Build the simulator with us.</p>",
        employment_status="FULL_TIME",
        screening_questions=(
            ScreeningQuestion("How many years of experience do you have?", "numeric",
                              min_expectation=2),
            ScreeningQuestion("Are you allowed to work in the EU?", "multiple_choices",
                              choices=("Yes", "No"), expected_choices=("Yes",)),
        ),
    )  # fmt: skip
    return replace(draft, **changes)


def recruiter_draft(world: World, project: Ref | None = None, **changes: Any) -> JobDraft:
    options = RecruiterOptions(
        project=project or Ref(text="Platform team"),
        functions=("eng",),
        industries=(world.blueprint.people.industries[0].id,),
        seniority="MID_SENIOR_LEVEL",
        apply_method=ApplyMethod("linkedin", notification_email="jobs@acme.example"),
    )
    return classic_draft(world, recruiter=replace(options, **changes))
