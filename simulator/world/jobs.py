"""LinkedIn job postings, Classic and Recruiter (reference part 2 §6): drafts, publishing and its
checkpoints, applicants, resumes, closing. No HTTP here: a route calls one method of `Jobs`
and renders the records it returns.

State machine (`state`: draft | review | active | closed):
- `create_draft` makes a `draft`, with its `publish_options` (free eligibility, estimates,
  budget ranges); `edit` changes a draft or a published posting, never a closed one.
- `publish` a draft: FREE (if eligible), PROMOTED (both services) or PROMOTED_PLUS (Classic
  only); a promoted posting needs a `budget` (daily or monthly, in `CURRENCY`, within the
  draft's ranges). The publish may stop at checkpoints, solved one after the other with
  `solve_checkpoint` (the draft stays a `draft` meanwhile; a new `publish` starts over):
  - EMAIL_VERIFICATION: the account's first Classic publish (LinkedIn verifies the poster's
    work email once; Recruiter seats are verified with their contract). The code the email
    carries is `EMAIL_VERIFICATION_CODE` (123456, the test 2FA code);
  - OTP: every promoted publish (it spends money), code `OTP_CODE` (654321, as for logins).
  A wrong code is 401 `invalid_checkpoint_solution` and leaves the checkpoint as it was.
- Once through: a posting whose description holds a link or an email address goes to
  `review` for `REVIEW_MS` (LinkedIn checks such postings), then `active`; any other goes
  `active` at once. Applicants arrive while it is active (job_applicants.py).
- `close` an active or in-review posting: `closed`, and no more applicants.

Free eligibility: an account may have `FREE_JOB_SLOTS[plan]` open (active or in review) FREE
postings at a time, whatever the service. Publishing FREE beyond that is the documented 502
"This draft is not eligible to free posting." (checked at `publish`, and again when the last
checkpoint is solved: a slot taken meanwhile fails it, and the draft stays a draft).

Services: a draft with a `recruiter` block is a RECRUITER posting (needs the Recruiter seat,
belongs to the hiring project the block names); any other is CLASSIC. A call that names the
other service is refused naming `service`; a call that omits it acts on the posting's own.
Every call acts through a usable LinkedIn account; a posting of another account is 404.

Ids are digit strings drawn from `world.rng` (a draft keeps its id once published).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simulator.world.auth import OTP_CODE, TWO_FACTOR_CODE
from simulator.world.errors import CATALOG, ApiError, ErrorType, invalid_parameter, not_found
from simulator.world.hiring_projects import HiringProject, HiringProjects
from simulator.world.job_applicants import (
    ANSWER_TYPES,
    Applicant,
    Applicants,
    ScreeningQuestion,
)
from simulator.world.job_behaviour import JobBehaviour
from simulator.world.listing import Page, SortKey, newest_first_page
from simulator.world.plans import DAY_MS, plan_of
from simulator.world.relations import require_linkedin
from simulator.world.resumes import Resume, resume_of

if TYPE_CHECKING:
    from simulator.clock import ScheduledEvent
    from simulator.world.accounts import Account
    from simulator.world.people import Facet, PeopleDirectory, Person
    from simulator.world.world import World

SERVICES = ("CLASSIC", "RECRUITER")
JOB_STATES = ("active", "draft", "review", "closed")
CATEGORIES = ("active", "draft", "closed")  # the list's filter: `active` lists review too
WORKPLACES = ("ON_SITE", "HYBRID", "REMOTE")
EMPLOYMENT_STATUSES = (
    "FULL_TIME", "PART_TIME", "CONTRACT", "TEMPORARY", "OTHER", "VOLUNTEER", "INTERNSHIP",
)  # fmt: skip
SENIORITIES = (
    "INTERNSHIP", "ENTRY_LEVEL", "ASSOCIATE", "MID_SENIOR_LEVEL", "DIRECTOR", "EXECUTIVE",
    "NOT_APPLICABLE",
)  # fmt: skip
PUBLISH_MODES = ("FREE", "PROMOTED", "PROMOTED_PLUS")
CHECKPOINTS = ("EMAIL_VERIFICATION", "OTP")
EMAIL_VERIFICATION_CODE = TWO_FACTOR_CODE  # "123456"
CHECKPOINT_CODES = {"EMAIL_VERIFICATION": EMAIL_VERIFICATION_CODE, "OTP": OTP_CODE}
MESSAGING_APIS = ("classic", "recruiter")

FREE_JOB_SLOTS = {"free": 1, "premium": 1, "sales_navigator": 1, "recruiter": 5}
FREE_INELIGIBLE_DETAIL = "This draft is not eligible to free posting."
REVIEW_MS = 4 * 3_600_000
CURRENCY = "USD"
# A free posting draws `JobBehaviour.monthly_applicants[workplace]` a month (the scenario's
# `behaviours.jobs`, default FREE_MONTHLY_APPLICANTS); promoting multiplies it, and the budget
# scales the promoted rate by amount / recommended (between x0.5 and x2).
PROMOTED_FACTOR = 3
PROMOTED_PLUS_FACTOR = 1.5  # over PROMOTED
BUDGET_FACTOR_BOUNDS = (0.5, 2.0)
# The job-title ids of the search parameters (`JOB_TITLE`: 100 + index of the title, as
# `search.py` numbers them).
JOB_TITLE_ID_BASE = 100
_FUNCTION = re.compile(r"^[a-z]+$")
_DIGITS = re.compile(r"^\d+$")
_NEEDS_REVIEW = re.compile(r"https?://|www\.|[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BudgetRange:
    min: float
    max: float
    recommended: float


DAILY_BUDGET = BudgetRange(10, 500, 25)
MONTHLY_BUDGET = BudgetRange(300, 15_000, 750)


# -- what a route passes in ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """`{id}` or `{text}` (`job_title`, `company`); `{id}` or `{name}` (`recruiter.project`:
    the name goes in `text`)."""

    id: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class ApplyMethod:
    type: str  # linkedin | external
    notification_email: str | None = None  # linkedin
    resume_required: bool = False  # linkedin
    url: str | None = None  # external


@dataclass(frozen=True, slots=True)
class RecruiterOptions:
    """The create body's `recruiter` block."""

    project: Ref
    functions: tuple[str, ...]
    industries: tuple[str, ...]
    seniority: str
    apply_method: ApplyMethod
    include_poster_info: bool = True
    tracking_pixel_url: str | None = None
    company_job_id: str | None = None


@dataclass(frozen=True, slots=True)
class RecruiterEdit:
    """The edit body's `recruiter` block: `project_id` required, the rest as given."""

    project_id: str
    functions: tuple[str, ...] | None = None
    industries: tuple[str, ...] | None = None
    seniority: str | None = None
    apply_method: ApplyMethod | None = None
    include_poster_info: bool | None = None
    tracking_pixel_url: str | None = None
    company_job_id: str | None = None


@dataclass(frozen=True, slots=True)
class JobDraft:
    """`POST /linkedin/jobs` (less `account_id`)."""

    job_title: Ref
    company: Ref
    workplace: str
    location: str  # a LOCATION id
    description: str
    employment_status: str | None = None
    auto_rejection_template: str | None = None
    screening_questions: tuple[ScreeningQuestion, ...] = ()
    recruiter: RecruiterOptions | None = None


@dataclass(frozen=True, slots=True)
class JobEdit:
    """`PATCH /linkedin/jobs/{job_id}`: None leaves a field as it is."""

    job_title: Ref | None = None
    company: Ref | None = None
    workplace: str | None = None
    location: str | None = None
    description: str | None = None
    employment_status: str | None = None
    auto_rejection_template: str | None = None
    screening_questions: tuple[ScreeningQuestion, ...] | None = None
    recruiter: RecruiterEdit | None = None


@dataclass(frozen=True, slots=True)
class Budget:
    period: str  # daily | monthly
    currency: str
    amount: float


@dataclass(frozen=True, slots=True)
class PublishRequest:
    """`POST /linkedin/jobs/{draft_id}/publish` (less `account_id`). `service` None: the
    posting's own (the reference's default is CLASSIC)."""

    mode: str
    service: str | None = None
    budget: Budget | None = None  # promoted modes; ignored for FREE
    hiring_photo_frame: bool = False


# -- what a route renders ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublishOptions:
    """`publish_options` of `LinkedinJobPostingDraftCreated`."""

    free_eligible: bool
    free_ineligible_reason: str | None
    free_estimated_monthly_applicants: int
    promoted_estimated_monthly_applicants: int
    currency: str
    daily_budget: BudgetRange
    monthly_budget: BudgetRange


@dataclass(frozen=True, slots=True)
class PublishOutcome:
    """`LinkedinJobPostingPublished` (`job_state` set) or `LinkedinJobPostingPublishCheckpoint`
    (`checkpoint` set: EMAIL_VERIFICATION | OTP)."""

    job_id: str
    job_state: str | None = None
    checkpoint: str | None = None

    @property
    def published(self) -> bool:
        return self.checkpoint is None


@dataclass(frozen=True, slots=True)
class HiringTeamMember:
    name: str
    provider_id: str | None
    public_identifier: str | None
    profile_url: str
    can_send_free_inmail: bool


@dataclass(frozen=True, slots=True)
class MessageTarget:
    """Whom `POST /chats` with `linkedin[applicant_id]` or Recruiter `job_posting_id` writes
    to: an applicant needs no relation with the account (they applied)."""

    person: Person
    applicant: Applicant
    job: JobPosting


@dataclass
class _PendingPublish:
    request: PublishRequest
    checkpoints: list[str]


@dataclass(slots=True)
class JobPosting:
    """One posting. Counters that move with time (`cost`, `views_counter`,
    `applicants_counter`) are read through `Jobs`."""

    id: str
    account_id: str
    service: str
    seq: int
    created_at_ms: int
    title: str
    title_id: str | None
    company: str
    company_id: str | None
    location: str
    location_id: str
    workplace: str
    description: str
    employment_status: str | None
    auto_rejection_template: str | None
    screening_questions: tuple[ScreeningQuestion, ...]
    recruiter: RecruiterOptions | None
    poster_name: str
    poster_provider_id: str | None
    poster_public_identifier: str | None
    publish_options: PublishOptions | None = None  # as computed at creation (or last edit)
    industry_names: tuple[str, ...] = ()
    project: HiringProject | None = field(default=None, repr=False)
    state: str = "draft"
    mode: str | None = None  # how it was published
    budget: Budget | None = None
    hiring_photo_frame: bool = False
    published_at_ms: int | None = None
    closed_at_ms: int | None = None
    pending: _PendingPublish | None = None
    review_event: ScheduledEvent | None = field(default=None, repr=False)

    @property
    def sort_key(self) -> SortKey:
        return (self.created_at_ms, self.seq)

    @property
    def pending_checkpoint(self) -> str | None:
        return self.pending.checkpoints[0] if self.pending and self.pending.checkpoints else None

    @property
    def apply_url(self) -> str:
        method = self.recruiter.apply_method if self.recruiter else None
        if method is not None and method.type == "external" and method.url:
            return method.url
        return f"https://www.linkedin.com/jobs/view/{self.id}/"

    @property
    def seniority(self) -> str | None:
        return self.recruiter.seniority if self.recruiter else None

    @property
    def functions(self) -> tuple[str, ...]:
        return self.recruiter.functions if self.recruiter else ()

    @property
    def takes_applicants_on_linkedin(self) -> bool:
        """An external apply method sends candidates to the company's site: no applicants."""
        return self.recruiter is None or self.recruiter.apply_method.type == "linkedin"

    @property
    def hiring_team(self) -> tuple[HiringTeamMember, ...]:
        if self.recruiter is not None and not self.recruiter.include_poster_info:
            return ()
        public_id = self.poster_public_identifier
        url = f"https://www.linkedin.com/in/{public_id or self.poster_provider_id}/"
        return (HiringTeamMember(self.poster_name, self.poster_provider_id, public_id, url, True),)


class FreePostingIneligible(ApiError):
    """The documented answer to publishing a free-ineligible draft for free: status 502 with
    the 400 type `errors/invalid_parameters` (sic, reference §6.1). The catalog keys every type
    to one status and has no such entry, so this error carries its own `ErrorType`."""

    def __init__(self, reason: str) -> None:
        super().__init__("invalid_parameters", f"mode: {FREE_INELIGIBLE_DETAIL} {reason}")
        self.error = ErrorType(502, "invalid_parameters", CATALOG["invalid_parameters"].title)


class Jobs:
    """Job postings of the world's LinkedIn accounts, their applicants and Recruiter
    projects (`projects`, see hiring_projects.py)."""

    def __init__(self, world: World, behaviour: JobBehaviour | None = None) -> None:
        self._world = world
        self._behaviour = behaviour or JobBehaviour()
        self._taken: set[str] = set()
        self._jobs: dict[str, JobPosting] = {}
        self._by_account: dict[str, list[JobPosting]] = {}
        self._email_verified: set[str] = set()  # accounts past EMAIL_VERIFICATION
        self._next_seq = 0
        self.projects = HiringProjects(world, lambda: self._new_id(10), self._taken)
        self.applicants = Applicants(
            world, lambda: self._new_id(11), self._behaviour.screening_match
        )

    # -- drafts ------------------------------------------------------------------------------

    def create_draft(self, account_id: str, draft: JobDraft) -> JobPosting:
        """`POST /linkedin/jobs`: a draft, its `publish_options` computed for the account."""
        account = self._acting(account_id)
        if draft.recruiter is not None:
            self._require_seat(account, "recruiter")
        checked = check_draft(draft, self._world.blueprint.people)
        project: HiringProject | None = None
        if draft.recruiter is not None and draft.recruiter.project.id is not None:
            project = self.projects.require_free(
                account, draft.recruiter.project.id, "recruiter.project.id"
            )
        # Everything is checked: from here on the draft is made.
        if project is None and draft.recruiter is not None:
            project = self.projects.create(account.id, draft.recruiter.project.text or "")
        elif project is None and "recruiter" in account.premium_features:
            project = self.projects.create(account.id, checked.title)
        self._next_seq += 1
        job = JobPosting(
            self._new_id(10), account.id, "RECRUITER" if draft.recruiter else "CLASSIC",
            self._next_seq, self._world.now_ms(), checked.title, checked.title_id,
            checked.company, checked.company_id, checked.location.name, checked.location.id,
            draft.workplace, draft.description, draft.employment_status,
            draft.auto_rejection_template, checked.questions, draft.recruiter, account.name,
            account.provider_user_id, account.public_identifier,
            industry_names=checked.industry_names, project=project,
        )  # fmt: skip
        if project is not None:
            project.job = job
        job.publish_options = self._publish_options(account, job)
        self._jobs[job.id] = job
        self._by_account.setdefault(account.id, []).append(job)
        return job

    def edit(self, account_id: str, job_id: str, edit: JobEdit) -> JobPosting:
        """`PATCH /linkedin/jobs/{job_id}`: a draft or a published posting, not a closed one."""
        account, job = self._owned(account_id, job_id, None)
        if job.state == "closed":
            raise ApiError("unprocessable_entity", f"job_id: job posting {job.id} is closed")
        people = self._world.blueprint.people
        title = _title(edit.job_title, people) if edit.job_title is not None else None
        company = _company(edit.company, people) if edit.company is not None else None
        location = _location(edit.location, people) if edit.location is not None else None
        if edit.workplace is not None:
            _check_choice("workplace", edit.workplace, WORKPLACES)
        if edit.employment_status is not None:
            _check_choice("employment_status", edit.employment_status, EMPLOYMENT_STATUSES)
        if edit.description is not None:
            _check_description(edit.description)
        questions = (
            _questions(edit.screening_questions) if edit.screening_questions is not None else None
        )
        recruiter, industry_names, project = self._recruiter_edit(account, job, edit.recruiter)
        # Everything is checked: apply.
        if title is not None:
            job.title, job.title_id = title
        if company is not None:
            job.company, job.company_id = company
        if location is not None:
            job.location, job.location_id = location.name, location.id
        job.workplace = edit.workplace or job.workplace
        job.description = edit.description if edit.description is not None else job.description
        job.employment_status = edit.employment_status or job.employment_status
        if edit.auto_rejection_template is not None:
            job.auto_rejection_template = edit.auto_rejection_template
        if questions is not None:
            job.screening_questions = questions
        if recruiter is not None:
            job.recruiter, job.industry_names = recruiter, industry_names
            if project is not job.project:
                if job.project is not None:
                    job.project.job = None
                if project is not None:
                    project.job = job
                job.project = project
        job.publish_options = self._publish_options(account, job)
        return job

    def publish_options(self, account_id: str, job_id: str) -> PublishOptions:
        """The options as they stand now (free eligibility changes as postings open/close)."""
        account, job = self._owned(account_id, job_id, None)
        return self._publish_options(account, job)

    # -- publishing --------------------------------------------------------------------------

    def publish(self, account_id: str, job_id: str, request: PublishRequest) -> PublishOutcome:
        """`POST /linkedin/jobs/{draft_id}/publish`: published, or the first checkpoint."""
        account, job = self._owned(account_id, job_id, request.service)
        self._require_draft(job)
        check_publish(request, job.service)
        if request.mode == "FREE":
            self._require_free_slot(account)
        checkpoints = []
        if job.service == "CLASSIC" and account.id not in self._email_verified:
            checkpoints.append("EMAIL_VERIFICATION")
        if request.mode != "FREE":
            checkpoints.append("OTP")
        job.pending = _PendingPublish(request, checkpoints)
        return self._go_on(account, job)

    def solve_checkpoint(self, account_id: str, job_id: str, code: str) -> PublishOutcome:
        """`POST /linkedin/jobs/{draft_id}/checkpoint`: the code (`input`) of the current
        checkpoint; published, or the next checkpoint."""
        account, job = self._owned(account_id, job_id, None)
        kind = job.pending_checkpoint
        if kind is None:
            raise ApiError(
                "unprocessable_entity", f"draft_id: job posting {job.id} waits on no checkpoint"
            )
        if code != CHECKPOINT_CODES[kind]:
            raise ApiError(
                "invalid_checkpoint_solution", f"input: wrong code for the {kind} checkpoint"
            )
        assert job.pending is not None
        job.pending.checkpoints.pop(0)
        if kind == "EMAIL_VERIFICATION":
            self._email_verified.add(account.id)
        return self._go_on(account, job)

    def close(self, account_id: str, job_id: str, service: str | None = None) -> JobPosting:
        """`POST /linkedin/jobs/{id}/close`: an active or in-review posting."""
        _, job = self._owned(account_id, job_id, service)
        if job.state == "closed":
            raise ApiError("action_already_performed", f"id: job posting {job.id} is closed")
        if job.state == "draft":
            raise ApiError(
                "unprocessable_entity",
                f"id: job posting {job.id} is a draft; only a published posting can be closed",
            )
        job.state = "closed"
        job.closed_at_ms = self._world.now_ms()
        if job.review_event is not None:
            job.review_event.cancelled = True
        self.applicants.stop(job.id)
        return job

    # -- reads -------------------------------------------------------------------------------

    def get(self, account_id: str, job_id: str, service: str | None) -> JobPosting:
        """`GET /linkedin/jobs/{job_id}` (the reference makes `service` required)."""
        return self._owned(account_id, job_id, service)[1]

    def page(
        self, account_id: str, category: str | None, after: SortKey | None, limit: int
    ) -> Page[JobPosting]:
        """`GET /linkedin/jobs`: the account's postings of a category (default active; active
        lists postings in review too), newest first."""
        account = self._acting(account_id)
        category = category or "active"
        _check_choice("category", category, CATEGORIES)
        states = {"active", "review"} if category == "active" else {category}
        jobs = [job for job in self._by_account.get(account.id, []) if job.state in states]
        return newest_first_page(jobs, lambda job: job.sort_key, after, limit)

    def published(self) -> list[JobPosting]:
        """Every account's live postings (state active), oldest first: LinkedIn's job search."""
        return sorted(
            (job for job in self._jobs.values() if job.state == "active"),
            key=lambda job: job.sort_key,
        )

    def applicants_count(self, job: JobPosting) -> int:
        return self.applicants.count(job.id)

    def cost(self, job: JobPosting) -> float:
        """What a promoted posting has spent: its daily budget (monthly / 30) per day live."""
        if job.budget is None or job.mode == "FREE" or job.published_at_ms is None:
            return 0
        daily = job.budget.amount if job.budget.period == "daily" else job.budget.amount / 30
        return round(daily * self._live_ms(job) / DAY_MS, 2)

    def views(self, job: JobPosting) -> int:
        """A plausible, stable count: seven views per applicant (theirs and others') and four
        a day live; no randomness, so reading never draws."""
        if job.published_at_ms is None:
            return 0
        return self.applicants_count(job) * 7 + 4 * (self._live_ms(job) // DAY_MS)

    # -- applicants --------------------------------------------------------------------------

    def applicants_page(
        self,
        account_id: str,
        job_id: str,
        *,
        service: str | None = None,
        ratings: frozenset[str] | None = None,
        keywords: str | None = None,
        after: SortKey | None = None,
        limit: int = 100,
    ) -> Page[Applicant]:
        """`GET /linkedin/jobs/{id}/applicants`: newest first, filtered by rating (any of
        `ratings`) and `keywords`."""
        _, job = self._owned(account_id, job_id, service)
        return self.applicants.page(job.id, ratings, keywords, after, limit)

    def applicant(self, account_id: str, applicant_id: str) -> Applicant:
        """`GET /linkedin/jobs/applicants/{applicant_id}`; 404 "Applicant not found"."""
        account = self._acting(account_id)
        return self.applicants.require(applicant_id, self._job_ids(account))

    def rate(self, account_id: str, applicant_id: str, rating: str) -> Applicant:
        """Rate an applicant (UNRATED | GOOD_FIT | MAYBE | NOT_A_FIT), as the poster does in
        LinkedIn's applicant view (no v1 route: the control plane's to call)."""
        applicant = self.applicant(account_id, applicant_id)
        job = self._jobs[applicant.job_id]
        if job.service == "RECRUITER":
            self._require_seat(self._acting(account_id), "service")
        return self.applicants.rate(applicant, rating)

    def job_of(self, applicant: Applicant) -> JobPosting:
        return self._jobs[applicant.job_id]

    def resume(self, account_id: str, applicant_id: str, service: str | None = None) -> Resume:
        """`GET /linkedin/jobs/applicants/{applicant_id}/resume`: the applicant's PDF."""
        applicant = self.applicant(account_id, applicant_id)
        job = self._owned(account_id, applicant.job_id, service)[1]
        return resume_of(applicant, job.title)

    def message_target(
        self,
        account_id: str,
        *,
        applicant_id: str | None = None,
        job_id: str | None = None,
        attendee_id: str | None = None,
        api: str = "classic",
    ) -> MessageTarget:
        """Whom a new chat with an applicant goes to.

        Classic (`linkedin[applicant_id]`): the applicant of one of the account's postings
        (404 "Applicant not found"); Recruiter (`linkedin[api]=recruiter` with
        `job_posting_id`): the attendee (`attendee_id`, or `applicant_id`) must have applied to
        that posting (422 `invalid_recipient` otherwise). A `job_id` given with a Classic
        applicant must be that applicant's posting.
        """
        _check_choice("linkedin[api]", api, MESSAGING_APIS)
        account = self._acting(account_id)
        if api == "recruiter":
            self._require_seat(account, "linkedin[api]")
            if job_id is None:
                raise invalid_parameter(
                    "linkedin[job_posting_id]", "required to write to a job posting's candidate"
                )
        job = self._owned(account_id, job_id, None)[1] if job_id is not None else None
        if applicant_id is not None:
            applicant = self.applicants.require(applicant_id, self._job_ids(account))
        elif api == "recruiter" and attendee_id is not None and job is not None:
            person = self._world.network.person(attendee_id)
            found = [a for a in self.applicants.of_job(job.id) if a.person is person]
            if not found:
                raise ApiError(
                    "invalid_recipient",
                    f"attendees_ids: {attendee_id} did not apply to job posting {job.id}",
                )
            applicant = found[0]
        else:
            raise invalid_parameter(
                "linkedin[applicant_id]", "required to write to a job applicant"
            )
        if job is not None and applicant.job_id != job.id:
            raise ApiError(
                "invalid_recipient",
                f"linkedin[job_posting_id]: applicant {applicant.id} applied to another posting",
            )
        if attendee_id is not None and self._world.network.person(attendee_id) is not (
            applicant.person
        ):
            raise ApiError(
                "invalid_recipient",
                f"attendees_ids: {attendee_id} is not applicant {applicant.id}",
            )
        return MessageTarget(applicant.person, applicant, self._jobs[applicant.job_id])

    # -- internals ---------------------------------------------------------------------------

    def _go_on(self, account: Account, job: JobPosting) -> PublishOutcome:
        assert job.pending is not None
        if job.pending.checkpoints:
            return PublishOutcome(job.id, checkpoint=job.pending.checkpoints[0])
        request = job.pending.request
        job.pending = None
        if request.mode == "FREE":
            self._require_free_slot(account)
        job.mode = request.mode
        job.budget = request.budget if request.mode != "FREE" else None
        job.hiring_photo_frame = request.hiring_photo_frame
        job.published_at_ms = self._world.now_ms()
        if _NEEDS_REVIEW.search(job.description):
            job.state = "review"
            job.review_event = self._world.schedule_in(
                REVIEW_MS, "job_review_passed", lambda: self._activate(job), job_id=job.id
            )
        else:
            self._activate(job)
        return PublishOutcome(job.id, job_state=job.state)

    def _activate(self, job: JobPosting) -> dict[str, Any] | None:
        if job.state not in ("draft", "review"):
            return None
        job.state = "active"
        job.review_event = None
        planned = self.applicants.plan(job, self._monthly_rate(job))
        return {"state": job.state, "planned": planned}

    def _monthly_rate(self, job: JobPosting) -> float:
        if not job.takes_applicants_on_linkedin:
            return 0
        free = self._behaviour.monthly_applicants[job.workplace]
        if job.mode == "FREE" or job.budget is None:
            return free
        budget = job.budget
        recommended = (DAILY_BUDGET if budget.period == "daily" else MONTHLY_BUDGET).recommended
        low, high = BUDGET_FACTOR_BOUNDS
        rate = free * PROMOTED_FACTOR * min(max(budget.amount / recommended, low), high)
        return rate * (PROMOTED_PLUS_FACTOR if job.mode == "PROMOTED_PLUS" else 1)

    def _publish_options(self, account: Account, job: JobPosting) -> PublishOptions:
        free = self._behaviour.monthly_applicants[job.workplace]
        reason = self._free_ineligible_reason(account)
        return PublishOptions(
            reason is None, reason, free, free * PROMOTED_FACTOR, CURRENCY, DAILY_BUDGET,
            MONTHLY_BUDGET,
        )  # fmt: skip

    def _free_ineligible_reason(self, account: Account) -> str | None:
        plan = plan_of(account)
        slots = FREE_JOB_SLOTS[plan]
        open_free = sum(
            1
            for job in self._by_account.get(account.id, [])
            if job.mode == "FREE" and job.state in ("active", "review")
        )
        if open_free < slots:
            return None
        return (
            f"The account has {open_free} open free job posting(s); its {plan} plan allows "
            f"{slots} at a time."
        )

    def _require_free_slot(self, account: Account) -> None:
        reason = self._free_ineligible_reason(account)
        if reason is not None:
            raise FreePostingIneligible(reason)

    def _require_draft(self, job: JobPosting) -> None:
        if job.state == "closed":
            raise ApiError("unprocessable_entity", f"draft_id: job posting {job.id} is closed")
        if job.state != "draft":
            raise ApiError(
                "action_already_performed",
                f"draft_id: job posting {job.id} is already published ({job.state})",
            )

    def _acting(self, account_id: str) -> Account:
        accounts = self._world.accounts
        account = require_linkedin(accounts.get(account_id))
        accounts.require_usable(account_id)
        return account

    def _require_seat(self, account: Account, field_name: str) -> None:
        if "recruiter" not in account.premium_features:
            raise ApiError(
                "feature_not_subscribed", f"{field_name}: this account has no recruiter seat"
            )

    def _owned(
        self, account_id: str, job_id: str, service: str | None
    ) -> tuple[Account, JobPosting]:
        account = self._acting(account_id)
        if service is not None:
            _check_choice("service", service, SERVICES)
        job = self._jobs.get(job_id)
        if job is None or job.account_id != account.id:
            raise not_found("Job posting")
        if job.service == "RECRUITER" or service == "RECRUITER":
            self._require_seat(account, "service")
        if service is not None and service != job.service:
            raise invalid_parameter(
                "service", f"job posting {job.id} is a {job.service} posting, not {service}"
            )
        return account, job

    def _job_ids(self, account: Account) -> set[str]:
        return {job.id for job in self._by_account.get(account.id, [])}

    def _live_ms(self, job: JobPosting) -> int:
        assert job.published_at_ms is not None
        end = job.closed_at_ms if job.closed_at_ms is not None else self._world.now_ms()
        return max(end - job.published_at_ms, 0)

    def _new_id(self, digits: int) -> str:
        rng = self._world.rng
        while True:
            candidate = str(rng.randrange(10 ** (digits - 1), 10**digits))
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate

    def _recruiter_edit(
        self, account: Account, job: JobPosting, edit: RecruiterEdit | None
    ) -> tuple[RecruiterOptions | None, tuple[str, ...], HiringProject | None]:
        """The job's new `recruiter` block, industries and project (None: no change)."""
        if edit is None:
            return None, job.industry_names, job.project
        if job.service != "RECRUITER" or job.recruiter is None:
            raise invalid_parameter(
                "recruiter", f"job posting {job.id} is a CLASSIC posting; it has no recruiter block"
            )
        self._require_seat(account, "recruiter")
        names = _check_recruiter(edit, self._world.blueprint.people) or job.industry_names
        project = job.project
        if project is None or edit.project_id != project.id:
            project = self.projects.require_free(account, edit.project_id, "recruiter.project_id")
        old = job.recruiter
        options = RecruiterOptions(
            Ref(id=project.id),
            edit.functions if edit.functions is not None else old.functions,
            edit.industries if edit.industries is not None else old.industries,
            edit.seniority or old.seniority,
            edit.apply_method or old.apply_method,
            old.include_poster_info if edit.include_poster_info is None
            else edit.include_poster_info,
            edit.tracking_pixel_url or old.tracking_pixel_url,
            edit.company_job_id or old.company_job_id,
        )  # fmt: skip
        return options, names, project


@dataclass(frozen=True, slots=True)
class CheckedDraft:
    """A draft's values as the network's facets resolve them."""

    title: str
    title_id: str | None
    company: str
    company_id: str | None
    location: Facet
    questions: tuple[ScreeningQuestion, ...]
    industry_names: tuple[str, ...]


def check_draft(draft: JobDraft, people: PeopleDirectory) -> CheckedDraft:
    """Every rule of `Jobs.create_draft` that the draft and the network's facets answer (not
    the account, its seat or its projects): a scenario's postings are checked by it when the
    scenario loads."""
    title, title_id = _title(draft.job_title, people)
    company, company_id = _company(draft.company, people)
    location = _location(draft.location, people)
    _check_choice("workplace", draft.workplace, WORKPLACES)
    if draft.employment_status is not None:
        _check_choice("employment_status", draft.employment_status, EMPLOYMENT_STATUSES)
    _check_description(draft.description)
    questions = _questions(draft.screening_questions)
    industry_names: tuple[str, ...] = ()
    if draft.recruiter is not None:
        industry_names = _check_recruiter(draft.recruiter, people)
        project = draft.recruiter.project
        if project.id is None and not (project.text or "").strip():
            raise invalid_parameter("recruiter.project", "give an existing id or a new name")
    return CheckedDraft(title, title_id, company, company_id, location, questions, industry_names)


def check_publish(request: PublishRequest, service: str) -> None:
    """The rules of `Jobs.publish` that the request and the posting's service answer (not the
    account's free slots)."""
    _check_choice("mode", request.mode, PUBLISH_MODES)
    if request.mode == "PROMOTED_PLUS" and service == "RECRUITER":
        raise invalid_parameter("mode", "PROMOTED_PLUS is for LinkedIn Classic postings only")
    if request.mode != "FREE":
        _check_budget(request.budget)


# -- validation (everything is checked before anything changes) -------------------------------


def _title(ref: Ref, people: PeopleDirectory) -> tuple[str, str | None]:
    if ref.id is not None:
        titles = people.titles
        index = int(ref.id) - JOB_TITLE_ID_BASE if _DIGITS.match(ref.id) else -1
        if not 0 <= index < len(titles):
            raise invalid_parameter("job_title.id", f"no JOB_TITLE parameter has id {ref.id}")
        return titles[index], ref.id
    return _text("job_title.text", ref.text), None


def _company(ref: Ref, people: PeopleDirectory) -> tuple[str, str | None]:
    if ref.id is not None:
        for facet in people.companies:
            if facet.id == ref.id:
                return facet.name, facet.id
        raise invalid_parameter("company.id", f"no COMPANY parameter has id {ref.id}")
    return _text("company.text", ref.text), None


def _location(location_id: str, people: PeopleDirectory) -> Facet:
    for facet in people.locations:
        if facet.id == location_id:
            return facet
    raise invalid_parameter("location", f"no LOCATION parameter has id {location_id}")


def _text(field_name: str, text: str | None) -> str:
    if text is None or not text.strip():
        raise invalid_parameter(field_name, "must not be empty")
    return text.strip()


def _check_choice(field_name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise invalid_parameter(field_name, f"{value!r} is not one of {', '.join(allowed)}")


def _check_description(description: str) -> None:
    if not re.sub(r"<[^>]*>", "", description).strip():
        raise invalid_parameter("description", "must hold some text")


def _questions(questions: tuple[ScreeningQuestion, ...]) -> tuple[ScreeningQuestion, ...]:
    """Checked, and ordered: `position` overrides the index in the list."""
    for n, q in enumerate(questions):
        where = f"screening_questions[{n}]"
        if not q.question.strip():
            raise invalid_parameter(f"{where}.question", "must not be empty")
        if q.answer_type not in ANSWER_TYPES:
            raise invalid_parameter(
                f"{where}.answer_type", f"{q.answer_type!r} is not one of numeric, "
                "multiple_choices",
            )  # fmt: skip
        if q.answer_type == "multiple_choices":
            if not q.choices:
                raise invalid_parameter(f"{where}.choices", "give at least one choice")
            strays = [c for c in q.expected_choices if c not in q.choices]
            if not q.expected_choices or strays:
                raise invalid_parameter(
                    f"{where}.expected_choices", "must be one or more of `choices`"
                )
        elif (
            q.min_expectation is not None
            and q.max_expectation is not None
            and q.min_expectation > q.max_expectation
        ):
            raise invalid_parameter(f"{where}.min_expectation", "must not exceed max_expectation")
    order = sorted(
        range(len(questions)),
        key=lambda n: (questions[n].position if questions[n].position is not None else n, n),
    )
    return tuple(questions[n] for n in order)


def _check_recruiter(
    options: RecruiterOptions | RecruiterEdit, people: PeopleDirectory
) -> tuple[str, ...]:
    """Checks a `recruiter` block; returns its industries' names."""
    if options.functions is not None:
        if not 1 <= len(options.functions) <= 3:
            raise invalid_parameter("recruiter.functions", "give 1 to 3 JOB_FUNCTION ids")
        for function in options.functions:
            if not _FUNCTION.match(function):
                raise invalid_parameter(
                    "recruiter.functions", f"{function!r} is not lowercase letters"
                )
    names: tuple[str, ...] = ()
    if options.industries is not None:
        if not 1 <= len(options.industries) <= 3:
            raise invalid_parameter("recruiter.industries", "give 1 to 3 INDUSTRY ids")
        known = {f.id: f.name for f in people.industries}
        for industry in options.industries:
            if industry not in known:
                raise invalid_parameter(
                    "recruiter.industries", f"no INDUSTRY parameter has id {industry}"
                )
        names = tuple(known[i] for i in options.industries)
    if options.seniority is not None:
        _check_choice("recruiter.seniority", options.seniority, SENIORITIES)
    method = options.apply_method
    if method is not None:
        if method.type == "linkedin":
            if not method.notification_email or "@" not in method.notification_email:
                raise invalid_parameter(
                    "recruiter.apply_method.notification_email", "must be an email address"
                )
        elif method.type == "external":
            if not re.match(r"^https?://\S+$", method.url or ""):
                raise invalid_parameter("recruiter.apply_method.url", "must be an http(s) URL")
        else:
            raise invalid_parameter(
                "recruiter.apply_method.type", f"{method.type!r} is not linkedin or external"
            )
    return names


def _check_budget(budget: Budget | None) -> None:
    if budget is None:
        raise invalid_parameter("budget", "a promoted posting needs a daily or monthly budget")
    if budget.period not in ("daily", "monthly"):
        raise invalid_parameter("budget", "give either `daily` or `monthly`")
    where = f"budget.{budget.period}"
    if budget.currency != CURRENCY:
        raise invalid_parameter(f"{where}.currency", f"budgets are in {CURRENCY}")
    bounds = DAILY_BUDGET if budget.period == "daily" else MONTHLY_BUDGET
    if not bounds.min <= budget.amount <= bounds.max:
        raise invalid_parameter(
            f"{where}.amount",
            f"{budget.amount} is outside {_n(bounds.min)}-{_n(bounds.max)} {CURRENCY}",
        )


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
