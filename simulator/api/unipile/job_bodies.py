"""Request bodies of the job-posting routes (reference part 2 §6.3), and their translation into
the world's commands (simulator/world/jobs.py). Shapes are checked here; every rule about
values the world knows (a LOCATION id, a project, budget bounds) is the world's."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.api.bodies import BodyUnion, Omittable, RequestBody
from simulator.world.job_applicants import ScreeningQuestion
from simulator.world.jobs import (
    ApplyMethod,
    Budget,
    JobDraft,
    JobEdit,
    PublishRequest,
    RecruiterEdit,
    RecruiterOptions,
    Ref,
)

NonEmpty = Annotated[str, Field(min_length=1)]
Digits = Annotated[str, Field(pattern=r"^\d+$")]
Expectation = Annotated[float, Field(ge=0, le=1_000_000)]
Position = Annotated[int, Field(ge=0, le=1000)]
Workplace = Literal["ON_SITE", "HYBRID", "REMOTE"]
EmploymentStatus = Literal[
    "FULL_TIME", "PART_TIME", "CONTRACT", "TEMPORARY", "OTHER", "VOLUNTEER", "INTERNSHIP"
]
Seniority = Literal[
    "INTERNSHIP", "ENTRY_LEVEL", "ASSOCIATE", "MID_SENIOR_LEVEL", "DIRECTOR", "EXECUTIVE",
    "NOT_APPLICABLE",
]  # fmt: skip
Service = Literal["CLASSIC", "RECRUITER"]
_FUNCTIONS = Annotated[list[Annotated[str, Field(pattern=r"^[a-z]+$")]], Field(min_length=1,
                                                                               max_length=3)]
_INDUSTRIES = Annotated[list[Digits], Field(min_length=1, max_length=3)]


class IdRef(RequestBody):
    id: Digits


class TextRef(RequestBody):
    text: NonEmpty


class ProjectId(RequestBody):
    id: Digits


class ProjectName(RequestBody):
    name: NonEmpty


class NumericQuestion(RequestBody):
    question: NonEmpty
    answer_type: Literal["numeric"]
    position: Omittable[Position] = None
    must_match: bool = False
    min_expectation: Omittable[Expectation] = None
    max_expectation: Omittable[Expectation] = None


class ChoiceQuestion(RequestBody):
    question: NonEmpty
    answer_type: Literal["multiple_choices"]
    position: Omittable[Position] = None
    must_match: bool = False
    choices: Annotated[list[NonEmpty], Field(min_length=1, max_length=20)]
    expected_choices: Annotated[list[NonEmpty], Field(min_length=1, max_length=20)]


Question = Annotated[NumericQuestion | ChoiceQuestion, Field(discriminator="answer_type")]


class LinkedinApply(RequestBody):
    type: Literal["linkedin"]
    notification_email: NonEmpty
    resume_required: bool


class ExternalApply(RequestBody):
    type: Literal["external"]
    url: NonEmpty


Apply = Annotated[LinkedinApply | ExternalApply, Field(discriminator="type")]


class RecruiterCreate(RequestBody):
    project: ProjectId | ProjectName
    functions: _FUNCTIONS
    industries: _INDUSTRIES
    seniority: Seniority
    apply_method: Apply
    include_poster_info: bool = True
    tracking_pixel_url: Omittable[NonEmpty] = None
    company_job_id: Omittable[NonEmpty] = None


class RecruiterChange(RequestBody):
    project_id: Digits
    functions: Omittable[_FUNCTIONS] = None
    industries: Omittable[_INDUSTRIES] = None
    seniority: Omittable[Seniority] = None
    apply_method: Omittable[Apply] = None
    include_poster_info: Omittable[bool] = None
    tracking_pixel_url: Omittable[NonEmpty] = None
    company_job_id: Omittable[NonEmpty] = None


_TAGS = frozenset({"numeric", "multiple_choices", "linkedin", "external"})


class CreateJobBody(RequestBody):
    union_tags = _TAGS

    account_id: NonEmpty
    job_title: IdRef | TextRef
    company: IdRef | TextRef
    workplace: Workplace
    location: Digits
    description: NonEmpty
    employment_status: Omittable[EmploymentStatus] = None
    auto_rejection_template: Omittable[NonEmpty] = None
    screening_questions: Annotated[list[Question], Field(max_length=20)] = []
    recruiter: Omittable[RecruiterCreate] = None

    def draft(self) -> JobDraft:
        recruiter = self.recruiter
        return JobDraft(
            job_title=_ref(self.job_title),
            company=_ref(self.company),
            workplace=self.workplace,
            location=self.location,
            description=self.description,
            employment_status=self.employment_status,
            auto_rejection_template=self.auto_rejection_template,
            screening_questions=_questions(self.screening_questions),
            recruiter=None if recruiter is None else RecruiterOptions(
                project=Ref(id=recruiter.project.id) if isinstance(recruiter.project, ProjectId)
                else Ref(text=recruiter.project.name),
                functions=tuple(recruiter.functions),
                industries=tuple(recruiter.industries),
                seniority=recruiter.seniority,
                apply_method=_apply(recruiter.apply_method),
                include_poster_info=recruiter.include_poster_info,
                tracking_pixel_url=recruiter.tracking_pixel_url,
                company_job_id=recruiter.company_job_id,
            ),
        )  # fmt: skip


class EditJobBody(RequestBody):
    union_tags = _TAGS

    account_id: NonEmpty
    job_title: Omittable[IdRef | TextRef] = None
    company: Omittable[IdRef | TextRef] = None
    workplace: Omittable[Workplace] = None
    location: Omittable[Digits] = None
    description: Omittable[NonEmpty] = None
    employment_status: Omittable[EmploymentStatus] = None
    auto_rejection_template: Omittable[NonEmpty] = None
    screening_questions: Omittable[Annotated[list[Question], Field(max_length=20)]] = None
    recruiter: Omittable[RecruiterChange] = None

    def edit(self) -> JobEdit:
        change = self.recruiter
        return JobEdit(
            job_title=_ref(self.job_title) if self.job_title is not None else None,
            company=_ref(self.company) if self.company is not None else None,
            workplace=self.workplace,
            location=self.location,
            description=self.description,
            employment_status=self.employment_status,
            auto_rejection_template=self.auto_rejection_template,
            screening_questions=(
                _questions(self.screening_questions)
                if self.screening_questions is not None else None
            ),
            recruiter=None if change is None else RecruiterEdit(
                project_id=change.project_id,
                functions=tuple(change.functions) if change.functions is not None else None,
                industries=tuple(change.industries) if change.industries is not None else None,
                seniority=change.seniority,
                apply_method=_apply(change.apply_method) if change.apply_method else None,
                include_poster_info=change.include_poster_info,
                tracking_pixel_url=change.tracking_pixel_url,
                company_job_id=change.company_job_id,
            ),
        )  # fmt: skip


class Money(RequestBody):
    currency: NonEmpty
    amount: Annotated[float, Field(ge=0, le=1_000_000_000)]


class DailyBudget(RequestBody):
    daily: Money


class MonthlyBudget(RequestBody):
    monthly: Money


class FreePublish(RequestBody):
    account_id: NonEmpty
    mode: Literal["FREE"]
    service: Omittable[Service] = None
    hiring_photo_frame: bool = False


class PromotedPublish(RequestBody):
    """A promoted posting spends money: the simulator requires the `budget` the reference
    makes optional ("based on LinkedIn recommendations"), so a test states what it spends."""

    account_id: NonEmpty
    mode: Literal["PROMOTED", "PROMOTED_PLUS"]
    budget: DailyBudget | MonthlyBudget
    service: Omittable[Service] = None
    hiring_photo_frame: bool = False


PublishBody = BodyUnion[FreePublish | PromotedPublish](
    Annotated[FreePublish | PromotedPublish, Field(discriminator="mode")],
    tags={"FREE", "PROMOTED", "PROMOTED_PLUS"},
)


def publish_request(body: FreePublish | PromotedPublish) -> PublishRequest:
    budget = None
    if isinstance(body, PromotedPublish):
        chosen = body.budget
        period, money = (
            ("daily", chosen.daily) if isinstance(chosen, DailyBudget)
            else ("monthly", chosen.monthly)
        )  # fmt: skip
        budget = Budget(period, money.currency, money.amount)
    return PublishRequest(body.mode, body.service, budget, body.hiring_photo_frame)


class CheckpointBody(RequestBody):
    account_id: NonEmpty
    input: str


def _ref(ref: IdRef | TextRef) -> Ref:
    return Ref(id=ref.id) if isinstance(ref, IdRef) else Ref(text=ref.text)


def _apply(method: LinkedinApply | ExternalApply) -> ApplyMethod:
    if isinstance(method, LinkedinApply):
        return ApplyMethod(
            "linkedin",
            notification_email=method.notification_email,
            resume_required=method.resume_required,
        )
    return ApplyMethod("external", url=method.url)


def _questions(
    questions: list[NumericQuestion | ChoiceQuestion],
) -> tuple[ScreeningQuestion, ...]:
    return tuple(
        ScreeningQuestion(
            q.question, q.answer_type, q.position, q.must_match,
            min_expectation=q.min_expectation, max_expectation=q.max_expectation,
        )
        if isinstance(q, NumericQuestion)
        else ScreeningQuestion(
            q.question, q.answer_type, q.position, q.must_match,
            choices=tuple(q.choices), expected_choices=tuple(q.expected_choices),
        )
        for q in questions
    )  # fmt: skip
