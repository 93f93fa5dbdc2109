"""The scenario's job-posting keys: how people apply to an account's postings
(`behaviours.jobs`) and postings a timeline makes (`timeline[].job_posting`).

```yaml
behaviours:
  jobs:
    monthly_applicants: {REMOTE: 40, HYBRID: 25, ON_SITE: 15}  # a FREE posting's, by workplace
    screening_match: 0.7     # the chance an answer meets its screening question's expectation
timeline:
  - at: +0m
    job_posting:
      account: recruiter     # a LINKEDIN account of the scenario
      job:                   # the body of POST /linkedin/jobs, less account_id
        job_title: {text: Senior Backend Engineer}
        company: {text: Northwind Labs}
        workplace: REMOTE
        location: "102277331"  # a LOCATION id, quoted (GET /linkedin/search/parameters)
        description: <p>Build our payments platform.</p>
      publish: {mode: PROMOTED, budget: {daily: {currency: USD, amount: 40}}}
      state: active          # draft | active (the default) | closed
```

A posting is made when its entry plays, through the API's own steps: the draft, then (unless
`state: draft`) the publish (`publish` is its body less `account_id`; default `{mode: FREE}`)
with each checkpoint solved by its code, then (`state: closed`) the close. Its applicants then
arrive on the clock as they do for a posting made over HTTP: a promoted posting draws
`PROMOTED_FACTOR` (3) times the free rate, scaled by its budget (world/jobs.py).

Everything is checked when the scenario loads, by the API's rules: the bodies by the routes'
own models, the values by the jobs model (`check_draft`, `check_publish`), the account (a
LinkedIn one; a Recruiter seat for a `recruiter` block, at the time the entry plays) and its
free slots by the scenario's own timeline. Two things a scenario cannot name, since the seed
draws them: a seeded hiring project (`recruiter.project` is a new project's `{name}`), and a
generated company (`company: {id}` is one of `people.listed`'s companies; `{text}` any name).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, model_validator

from simulator.scenario.spec_base import _Spec
from simulator.world.errors import ApiError
from simulator.world.job_behaviour import FREE_MONTHLY_APPLICANTS, MATCH_PROBABILITY, JobBehaviour

if TYPE_CHECKING:
    from simulator.scenario.schema import Scenario
    from simulator.world.jobs import JobDraft, PublishRequest

# The jobs model and the routes' body models are imported by the validators that need them: a
# scenario without job postings loads without them.

Probability = Annotated[float, Field(ge=0, le=1)]
MonthlyCount = Annotated[int, Field(ge=0, le=1000)]


class MonthlyApplicantsSpec(_Spec):
    REMOTE: MonthlyCount = FREE_MONTHLY_APPLICANTS["REMOTE"]
    HYBRID: MonthlyCount = FREE_MONTHLY_APPLICANTS["HYBRID"]
    ON_SITE: MonthlyCount = FREE_MONTHLY_APPLICANTS["ON_SITE"]


class JobBehaviourSpec(_Spec):
    """How many people apply to the accounts' postings, and how they answer their screening
    questions."""

    monthly_applicants: MonthlyApplicantsSpec = Field(
        MonthlyApplicantsSpec(),
        description="Applicants a month to a FREE posting, by workplace (its "
        "`free_estimated_monthly_applicants`); a promoted one draws 3 times as many, scaled "
        "by its budget.",
    )
    screening_match: Probability = Field(
        MATCH_PROBABILITY,
        description="The chance an applicant's answer meets a screening question's expectation "
        "(a question about years of experience is answered with the applicant's real years).",
    )


class JobPostingEntry(_Spec):
    account: str = Field(min_length=1, description="The `id` of a LINKEDIN account.")
    job: dict[str, Any] = Field(description="The body of POST /linkedin/jobs, less `account_id`.")
    publish: dict[str, Any] | None = Field(
        None,
        description="The body of POST /linkedin/jobs/{id}/publish, less `account_id` (default "
        "{mode: FREE}); checkpoints are solved with their codes.",
    )
    state: Literal["draft", "active", "closed"] = Field(
        "active",
        description="draft: only drafted; active: published (a description with a link or an "
        "email address is in review for 4 hours first); closed: published, then closed.",
    )

    @model_validator(mode="after")
    def a_posting_the_api_takes(self) -> JobPostingEntry:
        from simulator.world.jobs import check_publish

        draft = self.draft()
        if self.state == "draft" and self.publish is not None:
            raise ValueError("publish: a draft is not published (leave `publish` out, or give "
                             "state: active or closed)")  # fmt: skip
        request = self.publish_request()
        service = "RECRUITER" if draft.recruiter is not None else "CLASSIC"
        if request.service is not None and request.service != service:
            raise ValueError(
                f"publish.service: the posting is a {service} posting, not {request.service}"
            )
        try:
            check_publish(request, service)
        except ApiError as error:
            raise ValueError(f"publish.{error.detail}") from None
        return self

    def draft(self) -> JobDraft:
        """The draft the body asks for, its shape checked by the route's model."""
        from simulator.api.unipile.job_bodies import CreateJobBody

        if "account_id" in self.job:
            raise ValueError("job.account_id: the account is the entry's `account`")
        return _body(CreateJobBody, "job", self.job, self.account).draft()

    def publish_request(self) -> PublishRequest:
        from simulator.api.unipile.job_bodies import PublishBody, publish_request

        body = self.publish if self.publish is not None else {"mode": "FREE"}
        if "account_id" in body:
            raise ValueError("publish.account_id: the account is the entry's `account`")
        return publish_request(_body(PublishBody, "publish", body, self.account))


def _body(shape: Any, key: str, fields: dict[str, Any], account: str) -> Any:
    from simulator.api.bodies import validate_fields

    try:
        return validate_fields(shape, {**fields, "account_id": account})
    except ApiError as error:
        raise ValueError(f"{key}.{error.detail}") from None
    except TypeError as error:  # a key that is not text, say
        raise ValueError(f"{key}: not a JSON object ({error})") from None


def job_behaviour(spec: JobBehaviourSpec) -> JobBehaviour:
    return JobBehaviour(
        monthly_applicants=MappingProxyType(spec.monthly_applicants.model_dump()),
        screening_match=spec.screening_match,
    )


def check_job_postings(scenario: Scenario) -> None:
    """The timeline's postings against the scenario: a LinkedIn account, with a Recruiter seat
    for a `recruiter` block when the entry plays (`plan` entries count), values the network
    knows, and no more open FREE postings than the account's plan allows."""
    from simulator.clock import epoch_ms, parse_when
    from simulator.scenario.population import INDUSTRIES, LOCATIONS, TITLES, listed_companies
    from simulator.world.jobs import FREE_JOB_SLOTS, check_draft
    from simulator.world.people import PeopleDirectory
    from simulator.world.plans import PLAN_FEATURES

    facets = PeopleDirectory(
        (), LOCATIONS, INDUSTRIES, listed_companies(scenario.people), (), (), TITLES
    )
    start_ms = epoch_ms(scenario.clock.start)
    specs = {spec.id: spec for spec in scenario.accounts if spec.id is not None}
    timed = sorted(
        (parse_when(entry.at, start_ms), position, entry)
        for position, entry in enumerate(scenario.timeline)
    )
    plans = {account_id: spec.plan for account_id, spec in specs.items()}
    open_free: dict[str, int] = {}
    for _, position, entry in timed:
        if entry.plan is not None:
            plans[entry.plan.account] = entry.plan.plan
        posting = entry.job_posting
        if posting is None:
            continue
        where = f"timeline.{position}.job_posting"
        spec = specs.get(posting.account)
        if spec is None:
            raise ValueError(
                f"{where}.account: no account has the id {posting.account!r} (give the account "
                "an `id:`)"
            )
        if spec.provider != "LINKEDIN":
            raise ValueError(
                f"{where}.account: {posting.account!r} is a {spec.provider} account, not a "
                "LINKEDIN one"
            )
        plan = plans[posting.account]
        draft = posting.draft()
        if draft.recruiter is not None:
            if "recruiter" not in PLAN_FEATURES[plan]:
                raise ValueError(
                    f"{where}.job.recruiter: account {posting.account!r} has no recruiter seat "
                    f"when the entry plays (plan {plan})"
                )
            if draft.recruiter.project.id is not None:
                raise ValueError(
                    f"{where}.job.recruiter.project: name a new project ({{name: ...}}); a "
                    "seeded project's id comes from the seed"
                )
        try:
            check_draft(draft, facets)
        except ApiError as error:
            detail = error.detail or ""
            if detail.startswith("company.id"):
                detail += " (a scenario gives a company's `text`, or the id of a listed company)"
            raise ValueError(f"{where}.job.{detail}") from None
        if posting.state == "active" and posting.publish_request().mode == "FREE":
            open_free[posting.account] = open_free.get(posting.account, 0) + 1
            if open_free[posting.account] > FREE_JOB_SLOTS[plan]:
                raise ValueError(
                    f"{where}.publish: account {posting.account!r} would have "
                    f"{open_free[posting.account]} open FREE postings; its {plan} plan allows "
                    f"{FREE_JOB_SLOTS[plan]} at a time (promote it, or close one)"
                )
