"""Applicants arriving on the world clock, their answers and ratings, the list's filters and
pages, the resume PDF, and whom a chat with an applicant goes to."""

from __future__ import annotations

import re

import pytest

from simulator.world.errors import ApiError
from simulator.world.job_applicants import (
    RATINGS,
    ScreeningQuestion,
    _month_year,
    years_of_experience,
)
from simulator.world.jobs import (
    EMAIL_VERIFICATION_CODE,
    ApplyMethod,
    Budget,
    PublishRequest,
    Ref,
)
from tests.unit.job_worlds import DAY_MS, classic_draft, jobs_world, recruiter_draft

FREE = PublishRequest("FREE")
PROMOTED = PublishRequest("PROMOTED", budget=Budget("daily", "USD", 50))


def live_job(world, jobs, account_id="pro", draft=None, request=FREE):
    job = jobs.create_draft(account_id, draft or classic_draft(world))
    outcome = jobs.publish(account_id, job.id, request)
    while not outcome.published:
        code = EMAIL_VERIFICATION_CODE if outcome.checkpoint == "EMAIL_VERIFICATION" else "654321"
        outcome = jobs.solve_checkpoint(account_id, job.id, code)
    assert job.state == "active"
    return job


def everyone(jobs, account_id, job_id, **filters):
    page = jobs.applicants_page(account_id, job_id, limit=7, **filters)
    found = list(page.items)
    while page.next_after is not None:
        page = jobs.applicants_page(account_id, job_id, after=page.next_after, limit=7, **filters)
        found += page.items
    return found


@pytest.fixture
def world_jobs():
    return jobs_world()


def test_applicants_arrive_over_time_after_publishing(world_jobs):
    world, jobs = world_jobs
    job = live_job(world, jobs)
    published = world.now_ms()
    assert jobs.applicants_page("pro", job.id).total == 0
    fired = world.advance_to(published + 10 * DAY_MS)
    arrivals = [e for e in fired if e["kind"] == "job_applicant"]
    assert arrivals and all(e["job_id"] == job.id and e["arrived"] for e in arrivals)
    applicants = everyone(jobs, "pro", job.id)
    assert len(applicants) == len(arrivals) == jobs.applicants_count(job)
    assert all(published < a.applied_at_ms <= world.now_ms() for a in applicants)
    assert [a.sort_key for a in applicants] == sorted(
        (a.sort_key for a in applicants), reverse=True
    )
    people = [a.person.provider_id for a in applicants]
    assert len(set(people)) == len(people)  # nobody applies twice
    assert world.accounts.get("pro").provider_user_id not in people
    assert jobs.views(job) >= 7 * len(applicants)


def test_arrivals_go_on_month_after_month_and_stop_when_closed(world_jobs):
    world, jobs = world_jobs
    job = live_job(world, jobs)
    start = world.now_ms()
    world.advance_to(start + 45 * DAY_MS)
    later = [a for a in jobs.applicants.of_job(job.id) if a.applied_at_ms > start + 30 * DAY_MS]
    assert later  # the second month was planned at day 30
    jobs.close("pro", job.id)
    count = jobs.applicants_count(job)
    fired = world.advance_to(world.now_ms() + 60 * DAY_MS)
    assert jobs.applicants_count(job) == count
    assert not [e for e in fired if e.get("job_id") == job.id]  # cancelled, not fired


def test_promoting_draws_more_applicants_and_external_apply_draws_none(world_jobs):
    world, jobs = world_jobs
    free = live_job(world, jobs, "basic")
    promoted = live_job(world, jobs, "pro",
                        request=PROMOTED)  # fmt: skip
    external = live_job(world, jobs, "acct", recruiter_draft(
        world, apply_method=ApplyMethod("external", url="https://acme.example/apply")))  # fmt: skip
    assert external.apply_url == "https://acme.example/apply"
    world.advance_to(world.now_ms() + 20 * DAY_MS)
    assert jobs.applicants_count(promoted) > 2 * jobs.applicants_count(free) > 0
    assert jobs.applicants_count(external) == 0


def test_applicants_carry_the_members_experience_and_contact(world_jobs):
    world, jobs = world_jobs
    job = live_job(world, jobs)
    world.advance_to(world.now_ms() + 10 * DAY_MS)
    applicant = jobs.applicants_page("pro", job.id).items[0]
    person = applicant.person
    assert applicant.name == person.full_name and applicant.job_id == job.id
    assert [w.position for w in applicant.work_experience] == [p.title for p in person.experience]
    assert [w.company_id for w in applicant.work_experience] == [
        p.company.id for p in person.experience
    ]
    first = applicant.work_experience[0]
    month, year = person.experience[0].start.split("/")
    assert (first.start.year, first.start.month) == (int(year), int(month))
    assert [e.school for e in applicant.education] == [s.school.name for s in person.education]
    assert re.fullmatch(r"[a-z]+\.[a-z]+@[a-z0-9]+\.example", applicant.email_address)
    assert re.fullmatch(r"\+336\d{8}", applicant.phone_number)
    assert jobs.applicant("pro", applicant.id) is applicant


def test_screening_answers_meet_the_expectations_or_not(world_jobs):
    world, jobs = world_jobs
    questions = (
        ScreeningQuestion("How many years of experience do you have?", "numeric",
                          min_expectation=2),
        ScreeningQuestion("Rate your Rust from 3 to 5", "numeric", min_expectation=3,
                          max_expectation=5, must_match=True),
        ScreeningQuestion("Which office?", "multiple_choices", choices=("Paris", "Lyon", "Nice"),
                          expected_choices=("Paris",)),
    )  # fmt: skip
    draft = classic_draft(world, screening_questions=questions, auto_rejection_template="Sorry!")
    job = live_job(world, jobs, request=PROMOTED,
                   draft=draft)  # fmt: skip
    world.advance_to(world.now_ms() + 15 * DAY_MS)
    applicants = jobs.applicants.of_job(job.id)
    assert len(applicants) > 20
    for a in applicants:
        years, rust, office = a.screening
        assert years.answers == (str(years_of_experience(a.person, a.applied_at_ms)),)
        assert years.success == (int(years.answers[0]) >= 2)
        assert rust.success == (3 <= int(rust.answers[0]) <= 5) and rust.must_match
        assert office.answers[0] in ("Paris", "Lyon", "Nice")
        assert office.success == (office.answers == ("Paris",))
        if not rust.success:  # a must-match question missed, with a template: auto-rejected
            assert (a.rating, a.rejection_message) == ("NOT_A_FIT", "Sorry!")
        else:
            assert (a.rating, a.rejection_message) == ("UNRATED", None)
    assert {a.screening[1].success for a in applicants} == {True, False}
    assert {a.screening[2].success for a in applicants} == {True, False}


def test_years_of_experience_count_from_the_first_position(world_jobs):
    world, _ = world_jobs
    person = next(p for p in world.blueprint.people.people if p.experience)
    first = min((_month_year(p.start) for p in person.experience), key=lambda s: (s.year, s.month))
    at = world.now_ms()  # 2026-01-05
    expected = ((2026 - first.year) * 12 + 1 - first.month) // 12
    assert years_of_experience(person, at) == expected


def test_ratings_filter_and_keywords(world_jobs):
    world, jobs = world_jobs
    job = live_job(world, jobs, request=PROMOTED)
    world.advance_to(world.now_ms() + 10 * DAY_MS)
    applicants = everyone(jobs, "pro", job.id)
    good, maybe = applicants[0], applicants[1]
    assert jobs.rate("pro", good.id, "GOOD_FIT").rating == "GOOD_FIT"
    jobs.rate("pro", maybe.id, "MAYBE")
    assert everyone(jobs, "pro", job.id, ratings=frozenset({"GOOD_FIT"})) == [good]
    both = everyone(jobs, "pro", job.id, ratings=frozenset({"GOOD_FIT", "MAYBE"}))
    assert set(a.id for a in both) == {good.id, maybe.id}
    unrated = everyone(jobs, "pro", job.id, ratings=frozenset({"UNRATED"}))
    assert len(unrated) == len(applicants) - 2
    with pytest.raises(ApiError) as caught:
        jobs.rate("pro", good.id, "STAR")
    assert caught.value.detail.startswith("rating:") and good.rating == "GOOD_FIT"
    with pytest.raises(ApiError) as caught:
        jobs.applicants_page("pro", job.id, ratings=frozenset({"GOOD", "MAYBE"}))
    assert caught.value.error.name == "invalid_parameters"
    assert caught.value.detail.startswith("ratings:")
    assert set(RATINGS) == {"UNRATED", "GOOD_FIT", "MAYBE", "NOT_A_FIT"}
    target = applicants[3].person
    found = everyone(jobs, "pro", job.id, keywords=target.last_name.upper())
    assert applicants[3] in found and len(found) < len(applicants)
    assert all(a.person.last_name.lower().startswith(target.last_name.lower())
               or a.matches_keywords(target.last_name) for a in found)  # fmt: skip
    company = target.experience[0].company.name.split()[0]
    assert applicants[3] in everyone(jobs, "pro", job.id, keywords=company)


def test_pages_do_not_repeat_when_applicants_arrive_between_them(world_jobs):
    world, jobs = world_jobs
    job = live_job(world, jobs, request=PROMOTED)
    world.advance_to(world.now_ms() + 5 * DAY_MS)
    first = jobs.applicants_page("pro", job.id, limit=5)
    assert first.next_after is not None
    world.advance_to(world.now_ms() + 5 * DAY_MS)  # newer applicants land at the head
    rest = everyone(jobs, "pro", job.id)
    tail = [a for a in rest if a.sort_key < first.next_after]
    second = jobs.applicants_page("pro", job.id, after=first.next_after, limit=250)
    assert second.items == tail
    assert not {a.id for a in first.items} & {a.id for a in second.items}


def test_applicants_of_another_account_or_unknown_are_not_found(world_jobs):
    world, jobs = world_jobs
    job = live_job(world, jobs)
    world.advance_to(world.now_ms() + 10 * DAY_MS)
    applicant = jobs.applicants_page("pro", job.id).items[0]
    for account_id, applicant_id in (("basic", applicant.id), ("pro", "123")):
        with pytest.raises(ApiError) as caught:
            jobs.applicant(account_id, applicant_id)
        assert caught.value.status == 404 and caught.value.detail == "Applicant not found"
    with pytest.raises(ApiError) as caught:
        jobs.applicants_page("pro", job.id, service="RECRUITER")
    assert caught.value.error.name == "feature_not_subscribed"


# -- the resume ---------------------------------------------------------------------------------


def _check_pdf_structure(data: bytes) -> None:
    """The file parses as PDF: header, trailer, and an xref table whose offsets each point at
    the object they name."""
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[startxref : startxref + 4] == b"xref"
    header = re.match(rb"xref\s+(\d+) (\d+)\s+", data[startxref:])
    first, count = int(header.group(1)), int(header.group(2))
    rows = data[startxref + header.end() :].split(b"\n")[:count]
    for number, row in enumerate(rows, start=first):
        offset, _, kind = row.split()[:3]
        if kind == b"n":
            assert data[int(offset) :].startswith(f"{number} 0 obj".encode()), number


def test_the_resume_is_a_pdf_with_the_applicants_name_and_experience(world_jobs):
    world, jobs = world_jobs
    job = live_job(world, jobs)
    world.advance_to(world.now_ms() + 10 * DAY_MS)
    applicant = jobs.applicants_page("pro", job.id).items[0]
    resume = jobs.resume("pro", applicant.id)
    assert resume.content_type == "application/pdf"
    person = applicant.person
    assert resume.file_name == f"{person.first_name.lower()}-{person.last_name.lower()}-resume.pdf"
    _check_pdf_structure(resume.data)
    assert f"({person.full_name})".encode() in resume.data  # a text-showing string operand
    assert person.experience[0].title.encode() in resume.data
    assert person.education[0].school.name.encode() in resume.data
    assert b"/Author (" + person.full_name.encode() in resume.data
    world.advance_to(world.now_ms() + DAY_MS)
    assert jobs.resume("pro", applicant.id, "CLASSIC").data == resume.data  # same file later
    with pytest.raises(ApiError) as caught:
        jobs.resume("pro", applicant.id, "RECRUITER")
    assert caught.value.error.name == "feature_not_subscribed"


def test_the_resume_folds_what_the_standard_fonts_cannot_draw():
    from simulator.world.resumes import _latin1

    assert _latin1("Łukasz Żółć José") == "Lukasz Zólc José"  # ó is Latin-1: kept


# -- messaging an applicant ---------------------------------------------------------------------


def test_a_chat_with_an_applicant_goes_to_the_member(world_jobs):
    world, jobs = world_jobs
    job = live_job(world, jobs)
    other = live_job(world, jobs, "acct", recruiter_draft(world))
    world.advance_to(world.now_ms() + 10 * DAY_MS)
    applicant = jobs.applicants_page("pro", job.id).items[0]
    target = jobs.message_target("pro", applicant_id=applicant.id)
    assert (target.person, target.applicant, target.job) == (applicant.person, applicant, job)
    assert jobs.message_target("pro", applicant_id=applicant.id, job_id=job.id).job is job
    with pytest.raises(ApiError) as caught:
        jobs.message_target("basic", applicant_id=applicant.id)
    assert caught.value.status == 404
    with pytest.raises(ApiError) as caught:
        jobs.message_target("pro", applicant_id=applicant.id, api="recruiter", job_id=job.id)
    assert caught.value.error.name == "feature_not_subscribed"
    with pytest.raises(ApiError) as caught:
        jobs.message_target("pro")
    assert caught.value.detail.startswith("linkedin[applicant_id]:")
    # Recruiter: the attendee must have applied to the posting named.
    candidate = jobs.applicants_page("acct", other.id).items[0]
    found = jobs.message_target("acct", job_id=other.id, attendee_id=candidate.person.provider_id,
                                api="recruiter")  # fmt: skip
    assert found.applicant is candidate
    stranger = next(
        p for p in world.blueprint.people.people
        if p not in {a.person for a in jobs.applicants.of_job(other.id)}
    )  # fmt: skip
    with pytest.raises(ApiError) as caught:
        jobs.message_target("acct", job_id=other.id, attendee_id=stranger.provider_id,
                            api="recruiter")  # fmt: skip
    assert caught.value.error.name == "invalid_recipient"
    assert caught.value.detail.startswith("attendees_ids:")
    with pytest.raises(ApiError) as caught:
        jobs.message_target("acct", attendee_id=candidate.person.provider_id, api="recruiter")
    assert caught.value.detail.startswith("linkedin[job_posting_id]:")
    second = live_job(world, jobs, "acct", recruiter_draft(world, project=Ref(text="Two")))
    with pytest.raises(ApiError) as caught:
        jobs.message_target("acct", applicant_id=candidate.id, job_id=second.id)
    assert caught.value.error.name == "invalid_recipient"
