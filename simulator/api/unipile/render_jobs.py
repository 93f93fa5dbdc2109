"""JSON of LinkedIn job postings, their applicants and Recruiter hiring projects (reference
part 2 §6.3): one place builds each shape."""

from __future__ import annotations

from typing import Any

from simulator.clock import iso_ms
from simulator.world.hiring_projects import HiringProject, PipelineCandidate
from simulator.world.job_applicants import Applicant, YearMonth
from simulator.world.jobs import JobPosting, Jobs, PublishOptions, PublishOutcome


def draft_created_json(job: JobPosting) -> dict[str, Any]:
    assert job.publish_options is not None
    return {
        "object": "LinkedinJobPostingDraftCreated",
        "job_id": job.id,
        "publish_options": publish_options_json(job.publish_options),
    }


def publish_options_json(options: PublishOptions) -> dict[str, Any]:
    def budget(bounds: Any) -> dict[str, float]:
        return {"min": bounds.min, "max": bounds.max, "recommended": bounds.recommended}

    return {
        "free": {
            "eligible": options.free_eligible,
            "ineligible_reason": options.free_ineligible_reason,
            "estimated_monthly_applicants": options.free_estimated_monthly_applicants,
        },
        "promoted": {
            "estimated_monthly_applicants": options.promoted_estimated_monthly_applicants,
            "currency": options.currency,
            "daily_budget": budget(options.daily_budget),
            "monthly_budget": budget(options.monthly_budget),
        },
    }


def publish_outcome_json(outcome: PublishOutcome) -> dict[str, Any]:
    if outcome.published:
        return {
            "object": "LinkedinJobPostingPublished",
            "job_state": outcome.job_state,
            "job_id": outcome.job_id,
        }
    return {
        "object": "LinkedinJobPostingPublishCheckpoint",
        "type": outcome.checkpoint,
        "job_id": outcome.job_id,
    }


def job_posting_json(jobs: Jobs, job: JobPosting, with_object: bool = True) -> dict[str, Any]:
    """`LinkedinJobPosting`; inside a project (`job_posting`) the same fields without `object`."""
    body: dict[str, Any] = {"object": "LinkedinJobPosting"} if with_object else {}
    body |= {
        "id": job.id,
        "state": job.state,
        "title": job.title,
        "description": job.description,
        "company": job.company,
        "location": job.location,
        "applicants_counter": jobs.applicants_count(job),
        "views_counter": jobs.views(job),
        "cost": jobs.cost(job),
        "created_at": job.created_at_ms,
        "apply_url": job.apply_url,
        "workplace": job.workplace,
        "screening_questions": [
            {"question": q.question, "favorableAnswers": list(q.favorable_answers())}
            for q in job.screening_questions
        ],
        "hiring_team": [
            {
                "name": member.name,
                "provider_id": member.provider_id,
                "public_identifier": member.public_identifier,
                "profile_url": member.profile_url,
                "can_send_free_inmail": member.can_send_free_inmail,
            }
            for member in job.hiring_team
        ],
    }
    if job.company_id is not None:
        body["company_id"] = job.company_id
    if job.published_at_ms is not None:
        body["published_at"] = job.published_at_ms
    if job.closed_at_ms is not None:
        body["closed_at"] = job.closed_at_ms
    if job.seniority is not None:
        body["seniority"] = job.seniority
    if job.functions:
        body["functions"] = list(job.functions)
    if job.industry_names:
        body["industries"] = list(job.industry_names)
    return body


def applicant_json(applicant: Applicant) -> dict[str, Any]:
    person = applicant.person
    body: dict[str, Any] = {
        "object": "LinkedinJobApplicant",
        "id": applicant.id,
        "profile_id": person.provider_id,
        "public_identifier": person.public_identifier,
        "public_profile_url": person.profile_url,
        "name": person.full_name,
        "location": person.location.name,
        "headline": person.headline,
        "applied_at": applicant.applied_at_ms,
        "rating": applicant.rating,
        "email_address": applicant.email_address,
        "phone_number": applicant.phone_number,
        "contact_info": {
            "email_addresses": [applicant.email_address],
            "phone_numbers": [applicant.phone_number],
        },
        "work_experience": [
            _present(
                company=w.company, company_id=w.company_id, position=w.position,
                location=w.location, description=w.description,
                start=_year_month(w.start), end=_year_month(w.end),
            )
            for w in applicant.work_experience
        ],
        "education": [
            _present(
                school=e.school, school_id=e.school_id, degree=e.degree,
                field_of_study=e.field_of_study, start=_year_month(e.start),
                end=_year_month(e.end),
            )
            for e in applicant.education
        ],
        "screening_questions": [
            {"question": a.question, "answers": list(a.answers), "success": a.success}
            for a in applicant.screening
        ],
    }  # fmt: skip
    if person.picture_url:
        body["profile_picture_url"] = person.picture_url
    return body


def project_json(jobs: Jobs, project: HiringProject) -> dict[str, Any]:
    """`RecruiterHiringProject`, and the simulator's `candidates` (the pipeline that
    `addCandidateToPipeline` fills; the reference's object does not show it)."""
    body: dict[str, Any] = {
        "object": "RecruiterHiringProject",
        "id": project.id,
        "name": project.name,
        "owner_name": project.owner_name,
        "owner_id": project.owner_id,
        "created_at": iso_ms(project.created_at_ms),
        "candidates": [_candidate_json(c) for c in project.candidates()],
    }
    if project.job is not None:
        body["job_posting"] = job_posting_json(jobs, project.job, with_object=False)
    return body


def _candidate_json(candidate: PipelineCandidate) -> dict[str, Any]:
    person = candidate.person
    return {
        "provider_id": person.provider_id,
        "public_identifier": person.public_identifier,
        "name": person.full_name,
        "stage": candidate.stage,
        "added_at": iso_ms(candidate.added_at_ms),
        "updated_at": iso_ms(candidate.updated_at_ms),
    }


def _year_month(moment: YearMonth | None) -> dict[str, int] | None:
    """`{year, month}`; a schooling known by its year only is dated January (the reference
    requires both)."""
    if moment is None:
        return None
    return {"year": moment.year, "month": moment.month or 1}


def _present(**fields: Any) -> dict[str, Any]:
    """Optional strings left out when unknown; `company`, `position`, `school`, `start` and
    `end` are required (null when unknown)."""
    required = {"company", "position", "school", "start", "end"}
    return {k: v for k, v in fields.items() if v is not None or k in required}
