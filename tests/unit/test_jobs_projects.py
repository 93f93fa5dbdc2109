"""Recruiter hiring projects: where they come from, the job each holds, their pipelines."""

from __future__ import annotations

import pytest

from simulator.world.errors import ApiError
from simulator.world.hiring_projects import SEEDED_PROJECTS
from simulator.world.jobs import JobEdit, RecruiterEdit, Ref
from tests.unit.job_worlds import classic_draft, jobs_world, recruiter_draft


@pytest.fixture
def world_jobs():
    return jobs_world()


def test_a_recruiter_account_starts_with_seeded_projects(world_jobs):
    world, jobs = world_jobs
    page = jobs.projects.page("acct", None, 50)
    assert page.total == SEEDED_PROJECTS == len(page.items)
    account = world.accounts.get("acct")
    for project in page.items:
        assert (project.owner_name, project.owner_id) == (account.name, account.provider_user_id)
        assert project.created_at_ms < world.now_ms() and project.job is None
        assert project.name.endswith(" hiring") and project.id.isdigit()
    assert [p.sort_key for p in page.items] == sorted(
        (p.sort_key for p in page.items), reverse=True
    )
    assert jobs.projects.get("acct", page.items[0].id) is page.items[0]
    one = jobs.projects.page("acct", None, 1)
    assert one.items == page.items[:1] and one.next_after is not None
    assert jobs.projects.page("acct", one.next_after, 1).items == page.items[1:2]


def test_seeding_projects_draws_nothing_from_the_world():
    world_a, jobs_a = jobs_world()
    world_b, jobs_b = jobs_world()
    seeded_a = [p.id for p in jobs_a.projects.page("acct", None, 10).items]
    assert jobs_a.create_draft("pro", classic_draft(world_a)).id == (
        jobs_b.create_draft("pro", classic_draft(world_b)).id
    )
    assert [p.id for p in jobs_b.projects.page("acct", None, 10).items] == seeded_a


def test_only_recruiter_seats_have_projects(world_jobs):
    world, jobs = world_jobs
    for account_id, name in (("pro", "feature_not_subscribed"), ("gmail", "invalid_account")):
        with pytest.raises(ApiError) as caught:
            jobs.projects.page(account_id, None, 10)
        assert caught.value.error.name == name and caught.value.detail.startswith("account_id:")


def test_projects_come_from_drafts(world_jobs):
    world, jobs = world_jobs
    seeded = jobs.projects.page("acct", None, 50).items
    named = jobs.create_draft("acct", recruiter_draft(world, project=Ref(text="Platform team")))
    assert named.project.name == "Platform team" and named.project.job is named
    assert named.project.created_at_ms == world.now_ms()
    existing = jobs.create_draft("acct", recruiter_draft(world, project=Ref(id=seeded[0].id)))
    assert existing.project is seeded[0] and seeded[0].job is existing
    classic = jobs.create_draft("acct", classic_draft(world))
    assert classic.service == "CLASSIC" and classic.project.name == classic.title
    assert jobs.projects.page("acct", None, 50).total == SEEDED_PROJECTS + 2
    # A project holds one job posting.
    with pytest.raises(ApiError) as caught:
        jobs.create_draft("acct", recruiter_draft(world, project=Ref(id=seeded[0].id)))
    assert caught.value.error.name == "unprocessable_entity"
    assert caught.value.detail.startswith("recruiter.project.id:")
    assert jobs.page("acct", "draft", None, 50).total == 3


def test_editing_the_recruiter_block_moves_the_job_to_another_project(world_jobs):
    world, jobs = world_jobs
    seeded = jobs.projects.page("acct", None, 50).items
    job = jobs.create_draft("acct", recruiter_draft(world))
    old = job.project
    jobs.edit("acct", job.id, JobEdit(recruiter=RecruiterEdit(seeded[1].id, seniority="DIRECTOR")))
    assert job.project is seeded[1] and seeded[1].job is job and old.job is None
    assert job.seniority == "DIRECTOR" and job.functions == ("eng",)  # the rest kept
    with pytest.raises(ApiError) as caught:
        jobs.edit("acct", job.id, JobEdit(recruiter=RecruiterEdit("404404")))
    assert caught.value.status == 404 and job.project is seeded[1]


def test_candidates_join_a_pipeline_at_a_stage(world_jobs):
    world, jobs = world_jobs
    project = jobs.projects.page("acct", None, 1).items[0]
    ada, bob = world.blueprint.people.people[:2]
    added = jobs.projects.add_candidate("acct", project.id, ada, None)
    assert (added.person, added.stage, added.added_at_ms) == (ada, "UNCONTACTED", world.now_ms())
    jobs.projects.add_candidate("acct", project.id, bob, "CONTACTED")
    world.advance_to(world.now_ms() + 60_000)
    moved = jobs.projects.add_candidate("acct", project.id, ada, "REPLIED")
    assert moved is added and moved.stage == "REPLIED" and moved.updated_at_ms == world.now_ms()
    read = jobs.projects.get("acct", project.id)
    assert [(c.person, c.stage) for c in read.candidates()] == [
        (ada, "REPLIED"),
        (bob, "CONTACTED"),
    ]
    assert [c.person for c in read.candidates("CONTACTED")] == [bob]


def test_add_candidate_refusals_change_nothing(world_jobs):
    world, jobs = world_jobs
    project = jobs.projects.page("acct", None, 1).items[0]
    person = world.blueprint.people.people[0]
    with pytest.raises(ApiError) as caught:
        jobs.projects.add_candidate("acct", project.id, person, "HIRED")
    assert caught.value.error.name == "invalid_parameters" and caught.value.detail.startswith(
        "stage:"
    )
    with pytest.raises(ApiError) as caught:
        jobs.projects.add_candidate("acct", "1234", person, "CONTACTED")
    assert caught.value.detail == "Hiring project not found"
    with pytest.raises(ApiError) as caught:
        jobs.projects.add_candidate("pro", project.id, person, "CONTACTED")
    assert caught.value.error.name == "feature_not_subscribed"
    assert project.candidates() == []
