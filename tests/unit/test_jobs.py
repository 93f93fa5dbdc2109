"""Job postings: the draft -> checkpoint -> publish -> review/active -> closed state machine,
every refusal (the field named, nothing changed), free eligibility, determinism."""

from __future__ import annotations

from dataclasses import replace

import pytest

from simulator.world.errors import ApiError
from simulator.world.job_applicants import ScreeningQuestion
from simulator.world.jobs import (
    DAILY_BUDGET,
    EMAIL_VERIFICATION_CODE,
    FREE_INELIGIBLE_DETAIL,
    FREE_JOB_SLOTS,
    OTP_CODE,
    REVIEW_MS,
    ApplyMethod,
    Budget,
    FreePostingIneligible,
    JobEdit,
    PublishRequest,
    RecruiterEdit,
    Ref,
)
from tests.unit.job_worlds import DAY_MS, HOUR_MS, classic_draft, jobs_world, recruiter_draft

FREE = PublishRequest("FREE")
DAILY_50 = Budget("daily", "USD", 50)


def refused(call, name: str, field: str) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call()
    assert caught.value.error.name == name, caught.value
    assert caught.value.detail is not None and caught.value.detail.startswith(f"{field}:"), (
        caught.value.detail
    )
    return caught.value


def publish_verified(jobs, account_id, job_id, request=FREE):
    """Publish, passing the checkpoints with the right codes."""
    outcome = jobs.publish(account_id, job_id, request)
    while not outcome.published:
        code = {"EMAIL_VERIFICATION": EMAIL_VERIFICATION_CODE, "OTP": OTP_CODE}
        outcome = jobs.solve_checkpoint(account_id, job_id, code[outcome.checkpoint])
    return outcome


@pytest.fixture
def world_jobs():
    return jobs_world()


# -- drafts ------------------------------------------------------------------------------------


def test_a_draft_resolves_its_parameters_and_carries_its_publish_options(world_jobs):
    world, jobs = world_jobs
    directory = world.blueprint.people
    job = jobs.create_draft("pro", classic_draft(world))
    assert job.state == "draft" and job.service == "CLASSIC" and job.id.isdigit()
    assert (job.title, job.title_id) == (directory.titles[0], "100")
    assert (job.company, job.company_id) == (directory.companies[0].name, directory.companies[0].id)
    assert job.location == directory.locations[0].name
    assert job.created_at_ms == world.now_ms() and job.published_at_ms is None
    options = job.publish_options
    assert options.free_eligible and options.free_ineligible_reason is None
    assert options.free_estimated_monthly_applicants == 40  # REMOTE
    assert options.promoted_estimated_monthly_applicants == 120
    assert options.currency == "USD" and options.daily_budget == DAILY_BUDGET
    assert job.project is None  # a Premium account has no Recruiter projects
    assert job.apply_url == f"https://www.linkedin.com/jobs/view/{job.id}/"
    assert [m.name for m in job.hiring_team] == ["Grace Hopper"]
    assert jobs.get("pro", job.id, "CLASSIC") is job
    assert jobs.page("pro", "draft", None, 10).items == [job]
    assert jobs.page("pro", None, None, 10).items == []  # the default category is active


def test_screening_questions_are_ordered_by_position_and_state_favorable_answers(world_jobs):
    world, jobs = world_jobs
    questions = (
        ScreeningQuestion("Second?", "numeric", position=2, min_expectation=1, max_expectation=4),
        ScreeningQuestion("First?", "multiple_choices", position=0, choices=("a", "b", "c"),
                          expected_choices=("a", "c")),
        ScreeningQuestion("Third?", "numeric", position=5, max_expectation=9),
    )  # fmt: skip
    job = jobs.create_draft("pro", classic_draft(world, screening_questions=questions))
    assert [q.question for q in job.screening_questions] == ["First?", "Second?", "Third?"]
    assert [q.favorable_answers() for q in job.screening_questions] == [
        ("a", "c"), ("1-4",), ("0-9",),
    ]  # fmt: skip


def _bad_drafts(world):
    base = classic_draft(world)
    numeric = ScreeningQuestion("Years?", "numeric", min_expectation=5, max_expectation=2)
    choice = ScreeningQuestion("Pick", "multiple_choices", choices=("a",), expected_choices=("b",))
    odd = ScreeningQuestion("Odd", "free_text")
    return [
        (replace(base, job_title=Ref(id="99999")), "invalid_parameters", "job_title.id"),
        (replace(base, job_title=Ref(text="  ")), "invalid_parameters", "job_title.text"),
        (replace(base, company=Ref(id="1")), "invalid_parameters", "company.id"),
        (replace(base, location="123"), "invalid_parameters", "location"),
        (replace(base, workplace="MOON"), "invalid_parameters", "workplace"),
        (replace(base, employment_status="GIG"), "invalid_parameters", "employment_status"),
        (replace(base, description="<p> </p>"), "invalid_parameters", "description"),
        (replace(base, screening_questions=(numeric,)), "invalid_parameters",
         "screening_questions[0].min_expectation"),
        (replace(base, screening_questions=(ScreeningQuestion("ok", "numeric"), choice)),
         "invalid_parameters", "screening_questions[1].expected_choices"),
        (replace(base, screening_questions=(odd,)), "invalid_parameters",
         "screening_questions[0].answer_type"),
    ]  # fmt: skip


@pytest.mark.parametrize("case", range(10))
def test_a_bad_draft_is_refused_naming_the_field_and_nothing_is_made(world_jobs, case):
    world, jobs = world_jobs
    draft, name, field = _bad_drafts(world)[case]
    next_id_before = world.rng.getstate()
    refused(lambda: jobs.create_draft("pro", draft), name, field)
    assert jobs.page("pro", "draft", None, 10).total == 0
    assert world.rng.getstate() == next_id_before  # no id was drawn


def test_recruiter_blocks_are_checked_and_need_the_seat(world_jobs):
    world, jobs = world_jobs
    refused(lambda: jobs.create_draft("pro", recruiter_draft(world)),
            "feature_not_subscribed", "recruiter")  # fmt: skip
    cases = [
        (recruiter_draft(world, functions=()), "recruiter.functions"),
        (recruiter_draft(world, functions=("Eng",)), "recruiter.functions"),
        (recruiter_draft(world, industries=("999999",)), "recruiter.industries"),
        (recruiter_draft(world, seniority="GURU"), "recruiter.seniority"),
        (recruiter_draft(world, apply_method=ApplyMethod("external", url="ftp://x")),
         "recruiter.apply_method.url"),
        (recruiter_draft(world, apply_method=ApplyMethod("linkedin", notification_email="nope")),
         "recruiter.apply_method.notification_email"),
        (recruiter_draft(world, project=Ref(text=" ")), "recruiter.project"),
    ]  # fmt: skip
    projects_before = jobs.projects.page("acct", None, 50).total
    for draft, field in cases:
        refused(lambda d=draft: jobs.create_draft("acct", d), "invalid_parameters", field)
    assert jobs.projects.page("acct", None, 50).total == projects_before  # no project was made
    with pytest.raises(ApiError) as caught:
        jobs.create_draft("acct", recruiter_draft(world, project=Ref(id="42")))
    assert caught.value.status == 404 and caught.value.detail == "Hiring project not found"
    assert jobs.page("acct", "draft", None, 10).total == 0


def test_accounts_that_cannot_post(world_jobs):
    world, jobs = world_jobs
    draft = classic_draft(world)
    refused(lambda: jobs.create_draft("gmail", draft), "invalid_account", "account_id")
    refused(lambda: jobs.create_draft("gone", draft), "disconnected_account", "account_id")
    with pytest.raises(ApiError) as caught:
        jobs.create_draft("nobody", draft)
    assert caught.value.status == 404 and caught.value.detail == "Account not found"


def test_a_posting_of_another_account_is_not_found(world_jobs):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world))
    with pytest.raises(ApiError) as caught:
        jobs.get("basic", job.id, "CLASSIC")
    assert caught.value.status == 404 and caught.value.detail == "Job posting not found"


def test_editing_a_draft_changes_it_and_recomputes_the_options(world_jobs):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world))
    where = world.blueprint.people.locations[1].id
    change = JobEdit(workplace="ON_SITE", job_title=Ref(text="Tinkerer"), location=where)
    edited = jobs.edit("pro", job.id, change)
    assert edited is job and job.workplace == "ON_SITE" and job.title == "Tinkerer"
    assert job.title_id is None and job.location == world.blueprint.people.locations[1].name
    assert job.publish_options.free_estimated_monthly_applicants == 15
    assert job.company == world.blueprint.people.companies[0].name  # untouched


def test_a_refused_edit_changes_nothing(world_jobs):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world))
    # The title is valid, the workplace is not: neither is applied.
    refused(lambda: jobs.edit("pro", job.id, JobEdit(job_title=Ref(text="New"), workplace="X")),
            "invalid_parameters", "workplace")  # fmt: skip
    assert job.title == world.blueprint.people.titles[0] and job.workplace == "REMOTE"
    refused(lambda: jobs.edit("pro", job.id, JobEdit(recruiter=RecruiterEdit("1"))),
            "invalid_parameters", "recruiter")  # fmt: skip
    publish_verified(jobs, "pro", job.id)
    jobs.close("pro", job.id)
    refused(lambda: jobs.edit("pro", job.id, JobEdit(description="again")),
            "unprocessable_entity", "job_id")  # fmt: skip
    assert job.description == "<p>Build the simulator with us.</p>"


# -- publishing and checkpoints -----------------------------------------------------------------


def test_the_first_classic_publish_asks_to_verify_the_email_and_a_wrong_code_changes_nothing(
    world_jobs,
):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world))
    outcome = jobs.publish("pro", job.id, FREE)
    assert (outcome.job_id, outcome.checkpoint, outcome.job_state) == (
        job.id, "EMAIL_VERIFICATION", None,
    )  # fmt: skip
    assert job.state == "draft" and job.pending_checkpoint == "EMAIL_VERIFICATION"
    error = refused(lambda: jobs.solve_checkpoint("pro", job.id, "000000"),
                    "invalid_checkpoint_solution", "input")  # fmt: skip
    assert error.status == 401
    assert job.state == "draft" and job.pending_checkpoint == "EMAIL_VERIFICATION"
    done = jobs.solve_checkpoint("pro", job.id, EMAIL_VERIFICATION_CODE)
    assert done.published and done.job_state == "active" and job.state == "active"
    assert job.published_at_ms == world.now_ms() and job.mode == "FREE" and job.pending is None
    # Verified once: the next Classic free publish goes straight through (after a close).
    jobs.close("pro", job.id)
    second = jobs.create_draft("pro", classic_draft(world))
    assert jobs.publish("pro", second.id, FREE).job_state == "active"


def test_a_checkpoint_call_with_none_pending_is_refused(world_jobs):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world))
    refused(lambda: jobs.solve_checkpoint("pro", job.id, EMAIL_VERIFICATION_CODE),
            "unprocessable_entity", "draft_id")  # fmt: skip
    assert job.state == "draft" and job.pending is None
    # The right code for nothing verified nothing: the first publish still asks for it.
    assert jobs.publish("pro", job.id, FREE).checkpoint == "EMAIL_VERIFICATION"


def test_a_promoted_publish_needs_a_budget_within_range_then_an_otp(world_jobs):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world))
    cases = [
        (PublishRequest("PROMOTED"), "budget"),
        (PublishRequest("PROMOTED", budget=Budget("daily", "EUR", 50)), "budget.daily.currency"),
        (PublishRequest("PROMOTED", budget=Budget("daily", "USD", 5)), "budget.daily.amount"),
        (PublishRequest("PROMOTED_PLUS", budget=Budget("monthly", "USD", 20_000)),
         "budget.monthly.amount"),
        (PublishRequest("SPONSORED"), "mode"),
        (PublishRequest("FREE", service="ELITE"), "service"),
    ]  # fmt: skip
    for request, field in cases:
        refused(lambda r=request: jobs.publish("pro", job.id, r), "invalid_parameters", field)
        assert job.state == "draft" and job.pending is None
    outcome = jobs.publish("pro", job.id, PublishRequest("PROMOTED", budget=DAILY_50))
    assert outcome.checkpoint == "EMAIL_VERIFICATION"
    outcome = jobs.solve_checkpoint("pro", job.id, EMAIL_VERIFICATION_CODE)
    assert outcome.checkpoint == "OTP" and not outcome.published and job.state == "draft"
    refused(lambda: jobs.solve_checkpoint("pro", job.id, EMAIL_VERIFICATION_CODE),
            "invalid_checkpoint_solution", "input")  # fmt: skip
    assert job.pending_checkpoint == "OTP"
    outcome = jobs.solve_checkpoint("pro", job.id, OTP_CODE)
    assert outcome.job_state == "active" and job.mode == "PROMOTED" and job.budget == DAILY_50
    assert jobs.cost(job) == 0
    world.advance_to(world.now_ms() + 2 * DAY_MS)
    assert jobs.cost(job) == 100.0  # 50 a day, two days live
    jobs.close("pro", job.id)
    world.advance_to(world.now_ms() + DAY_MS)
    assert jobs.cost(job) == 100.0  # a closed posting spends nothing more


def test_a_new_publish_restarts_the_checkpoints(world_jobs):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world))
    jobs.publish("pro", job.id, PublishRequest("PROMOTED", budget=DAILY_50))
    jobs.solve_checkpoint("pro", job.id, EMAIL_VERIFICATION_CODE)
    assert job.pending_checkpoint == "OTP"
    assert jobs.publish("pro", job.id, FREE).job_state == "active"  # verified; FREE needs no OTP
    assert job.mode == "FREE" and job.budget is None


def test_recruiter_postings_publish_without_email_verification_and_refuse_promoted_plus(
    world_jobs,
):
    world, jobs = world_jobs
    job = jobs.create_draft("acct", recruiter_draft(world))
    assert job.service == "RECRUITER" and job.seniority == "MID_SENIOR_LEVEL"
    assert job.industry_names == (world.blueprint.people.industries[0].name,)
    refused(lambda: jobs.publish("acct", job.id, PublishRequest("PROMOTED_PLUS", budget=DAILY_50)),
            "invalid_parameters", "mode")  # fmt: skip
    refused(lambda: jobs.publish("acct", job.id, PublishRequest("FREE", service="CLASSIC")),
            "invalid_parameters", "service")  # fmt: skip
    assert job.state == "draft"
    outcome = jobs.publish("acct", job.id, PublishRequest("FREE", service="RECRUITER"))
    assert outcome.job_state == "active"
    promoted = jobs.create_draft("acct", recruiter_draft(world, project=Ref(text="Other")))
    assert jobs.publish("acct", promoted.id, PublishRequest("PROMOTED", budget=DAILY_50)) \
        .checkpoint == "OTP"  # fmt: skip


def test_the_recruiter_service_needs_the_seat(world_jobs):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world))
    refused(lambda: jobs.get("pro", job.id, "RECRUITER"), "feature_not_subscribed", "service")
    refused(lambda: jobs.publish("pro", job.id, PublishRequest("FREE", service="RECRUITER")),
            "feature_not_subscribed", "service")  # fmt: skip
    assert job.state == "draft"


# -- free eligibility ---------------------------------------------------------------------------


def test_free_posting_beyond_the_plans_slots_is_the_documented_502(world_jobs):
    world, jobs = world_jobs
    assert FREE_JOB_SLOTS["premium"] == 1
    first = jobs.create_draft("pro", classic_draft(world))
    publish_verified(jobs, "pro", first.id)
    second = jobs.create_draft("pro", classic_draft(world))
    options = second.publish_options
    assert not options.free_eligible and "premium plan allows 1" in options.free_ineligible_reason
    with pytest.raises(FreePostingIneligible) as caught:
        jobs.publish("pro", second.id, FREE)
    error = caught.value
    assert (error.status, error.error.type) == (502, "errors/invalid_parameters")
    assert error.detail.startswith("mode: ") and FREE_INELIGIBLE_DETAIL in error.detail
    assert second.state == "draft" and second.pending is None
    # Promoting is still possible; closing the free one frees the slot.
    jobs.close("pro", first.id)
    assert jobs.publish_options("pro", second.id).free_eligible
    assert jobs.publish("pro", second.id, FREE).job_state == "active"


def test_a_recruiter_plan_has_more_free_slots(world_jobs):
    world, jobs = world_jobs
    for n in range(FREE_JOB_SLOTS["recruiter"]):
        job = jobs.create_draft("acct", recruiter_draft(world, project=Ref(text=f"P{n}")))
        assert job.publish_options.free_eligible
        jobs.publish("acct", job.id, FREE)
    last = jobs.create_draft("acct", recruiter_draft(world, project=Ref(text="One too many")))
    assert not last.publish_options.free_eligible
    with pytest.raises(FreePostingIneligible):
        jobs.publish("acct", last.id, FREE)


def test_a_slot_taken_while_a_checkpoint_waits_fails_its_solution(world_jobs):
    world, jobs = world_jobs
    first = jobs.create_draft("basic", classic_draft(world))
    second = jobs.create_draft("basic", classic_draft(world))
    assert jobs.publish("basic", first.id, FREE).checkpoint == "EMAIL_VERIFICATION"
    assert jobs.publish("basic", second.id, FREE).checkpoint == "EMAIL_VERIFICATION"
    assert jobs.solve_checkpoint("basic", first.id, EMAIL_VERIFICATION_CODE).job_state == "active"
    with pytest.raises(FreePostingIneligible):
        jobs.solve_checkpoint("basic", second.id, EMAIL_VERIFICATION_CODE)
    assert second.state == "draft" and second.pending is None


# -- review, close, listing ---------------------------------------------------------------------


def test_a_description_with_a_link_goes_to_review_then_active(world_jobs):
    world, jobs = world_jobs
    draft = classic_draft(world, description="Apply at https://acme.example/jobs")
    job = jobs.create_draft("pro", draft)
    assert publish_verified(jobs, "pro", job.id).job_state == "review"
    assert jobs.page("pro", "active", None, 10).items == [job]  # review is listed as active
    world.advance_to(world.now_ms() + REVIEW_MS - 1)
    assert job.state == "review" and jobs.applicants_count(job) == 0
    fired = world.advance_to(world.now_ms() + 1)
    assert job.state == "active"
    assert [e["kind"] for e in fired] == ["job_review_passed"] and fired[0]["job_id"] == job.id


def test_closing_in_review_cancels_the_review(world_jobs):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world, description="Mail jobs@acme.example"))
    publish_verified(jobs, "pro", job.id)
    jobs.close("pro", job.id)
    world.advance_to(world.now_ms() + REVIEW_MS + DAY_MS)
    assert job.state == "closed" and jobs.applicants_count(job) == 0


def test_close_moves_only_published_postings(world_jobs):
    world, jobs = world_jobs
    job = jobs.create_draft("pro", classic_draft(world))
    refused(lambda: jobs.close("pro", job.id), "unprocessable_entity", "id")
    assert job.state == "draft"
    publish_verified(jobs, "pro", job.id)
    refused(lambda: jobs.publish("pro", job.id, FREE), "action_already_performed", "draft_id")
    world.advance_to(world.now_ms() + HOUR_MS)
    closed = jobs.close("pro", job.id, "CLASSIC")
    assert closed is job and job.state == "closed" and job.closed_at_ms == world.now_ms()
    refused(lambda: jobs.close("pro", job.id), "action_already_performed", "id")
    refused(lambda: jobs.publish("pro", job.id, FREE), "unprocessable_entity", "draft_id")
    assert jobs.page("pro", "closed", None, 10).items == [job]
    assert jobs.page("pro", "active", None, 10).items == []


def test_the_list_pages_newest_first_by_key(world_jobs):
    world, jobs = world_jobs
    made = []
    for _ in range(5):
        made.append(jobs.create_draft("pro", classic_draft(world)))
        world.advance_to(world.now_ms() + 60_000)
    first = jobs.page("pro", "draft", None, 2)
    assert first.items == made[::-1][:2] and first.total == 5 and first.next_after is not None
    second = jobs.page("pro", "draft", first.next_after, 2)
    third = jobs.page("pro", "draft", second.next_after, 2)
    assert second.items + third.items == made[::-1][2:] and third.next_after is None
    refused(lambda: jobs.page("pro", "review", None, 2), "invalid_parameters", "category")


# -- determinism --------------------------------------------------------------------------------


def _script(seed: int):
    world, jobs = jobs_world(seed=seed)
    classic = jobs.create_draft("pro", classic_draft(world))
    publish_verified(jobs, "pro", classic.id, PublishRequest("PROMOTED", budget=DAILY_50))
    recruiter = jobs.create_draft("acct", recruiter_draft(world))
    jobs.publish("acct", recruiter.id, FREE)
    world.advance_to(world.now_ms() + 12 * DAY_MS)
    applicants = jobs.applicants_page("pro", classic.id, limit=250).items
    resume = jobs.resume("pro", applicants[0].id).data
    rows = [
        (a.id, a.person.provider_id, a.applied_at_ms, a.rating, a.screening) for a in applicants
    ]
    projects = [(p.id, p.name) for p in jobs.projects.page("acct", None, 10).items]
    return classic.id, recruiter.id, rows, resume, projects


def test_same_seed_and_calls_give_the_same_ids_applicants_and_files():
    once, again = _script(7), _script(7)
    assert once == again
    assert len(once[2]) > 5
    other = _script(8)
    assert other[0] != once[0] and other[2] != once[2]
