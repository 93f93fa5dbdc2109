"""LinkedIn Recruiter hiring projects (reference part 2 §6) and their candidate pipelines.

Only an account with a Recruiter seat has projects (any other gets 403
`feature_not_subscribed`, as Recruiter search does). Projects come to exist three ways:
- seeded: a Recruiter account starts with `SEEDED_PROJECTS` projects, drawn the first time its
  projects are touched from `Random(f"{seed}/projects/{account_id}")` (not `world.rng`: reading
  projects never shifts the ids the world makes), created before the world started;
- a Recruiter job draft naming a new project (`recruiter.project: {name}`) creates it;
- any other job draft of a Recruiter account gets a project of its own, named after the job
  title, as LinkedIn syncs the jobs a Recruiter user posts into Recruiter projects.
A project holds at most one job posting (the object's `job_posting` is singular).

The pipeline of a project is its candidates by stage (UNCONTACTED, CONTACTED, REPLIED), filled
by `add_candidate` (the `addCandidateToPipeline` member action); adding someone again moves them
to the new stage.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.world.errors import ApiError, invalid_parameter, not_found
from simulator.world.listing import Page, SortKey, newest_first_page
from simulator.world.people import Person
from simulator.world.relations import require_linkedin

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.jobs import JobPosting
    from simulator.world.world import World

STAGES = ("UNCONTACTED", "CONTACTED", "REPLIED")
DEFAULT_STAGE = "UNCONTACTED"
SEEDED_PROJECTS = 2
_SEEDED_AGE_MS = (7 * 86_400_000, 180 * 86_400_000)  # how long before the world's start


@dataclass(slots=True)
class PipelineCandidate:
    person: Person
    stage: str
    added_at_ms: int
    updated_at_ms: int


@dataclass(slots=True)
class HiringProject:
    id: str
    account_id: str
    name: str
    owner_name: str
    owner_id: str  # the account's LinkedIn member id
    created_at_ms: int  # the object's `created_at` is a string: render it as ISO
    seq: int
    job: JobPosting | None = field(default=None, repr=False)
    # Provider id -> candidate, in the order they were first added.
    pipeline: dict[str, PipelineCandidate] = field(default_factory=dict)

    @property
    def sort_key(self) -> SortKey:
        return (self.created_at_ms, self.seq)

    def candidates(self, stage: str | None = None) -> list[PipelineCandidate]:
        return [c for c in self.pipeline.values() if stage is None or c.stage == stage]


class HiringProjects:
    def __init__(self, world: World, new_id: Callable[[], str], taken: set[str]) -> None:
        self._world = world
        self._new_id = new_id
        self._taken = taken  # every id of the jobs area, shared with `Jobs`
        self._by_account: dict[str, dict[str, HiringProject]] = {}
        self._next_seq = 0

    # -- reads -------------------------------------------------------------------------------

    def page(self, account_id: str, after: SortKey | None, limit: int) -> Page[HiringProject]:
        """`GET /linkedin/projects`: the account's projects, newest first."""
        account = self.recruiter_account(account_id)
        return newest_first_page(self._of(account).values(), lambda p: p.sort_key, after, limit)

    def get(self, account_id: str, project_id: str) -> HiringProject:
        """`GET /linkedin/projects/{id}`; 404 "Hiring project not found" for another's."""
        return self._require(self.recruiter_account(account_id), project_id)

    # -- changes -----------------------------------------------------------------------------

    def add_candidate(
        self, account_id: str, project_id: str, person: Person, stage: str | None = None
    ) -> PipelineCandidate:
        """Put `person` in the project's pipeline at `stage` (UNCONTACTED when None), or move
        them there if they already are in it."""
        stage = stage or DEFAULT_STAGE
        if stage not in STAGES:
            raise invalid_parameter("stage", f"{stage!r} is not one of {', '.join(STAGES)}")
        project = self._require(self.recruiter_account(account_id), project_id)
        now = self._world.now_ms()
        candidate = project.pipeline.get(person.provider_id)
        if candidate is None:
            candidate = project.pipeline[person.provider_id] = PipelineCandidate(
                person, stage, now, now
            )
        else:
            candidate.stage, candidate.updated_at_ms = stage, now
        return candidate

    def create(self, account_id: str, name: str) -> HiringProject:
        """A new project of the account, now (a job draft naming a new project; the control
        plane may call it too)."""
        account = self.recruiter_account(account_id)
        if not name.strip():
            raise invalid_parameter("recruiter.project.name", "a project needs a name")
        return self._add(account, self._new_id(), name.strip(), self._world.now_ms())

    # -- for Jobs ----------------------------------------------------------------------------

    def recruiter_account(self, account_id: str, field_name: str = "account_id") -> Account:
        accounts = self._world.accounts
        account = require_linkedin(accounts.get(account_id))
        accounts.require_usable(account_id)
        if "recruiter" not in account.premium_features:
            raise ApiError(
                "feature_not_subscribed", f"{field_name}: this account has no recruiter seat"
            )
        return account

    def require_free(self, account: Account, project_id: str, field_name: str) -> HiringProject:
        """An existing project of the account with no job posting yet."""
        project = self._of(account).get(project_id)
        if project is None:
            raise not_found("Hiring project")
        if project.job is not None:
            raise ApiError(
                "unprocessable_entity",
                f"{field_name}: project {project_id} already holds job posting {project.job.id}",
            )
        return project

    def _require(self, account: Account, project_id: str) -> HiringProject:
        project = self._of(account).get(project_id)
        if project is None:
            raise not_found("Hiring project")
        return project

    def _of(self, account: Account) -> dict[str, HiringProject]:
        projects = self._by_account.get(account.id)
        if projects is None:
            projects = self._by_account[account.id] = {}
            self._seed(account)
        return projects

    def _seed(self, account: Account) -> None:
        world = self._world
        rng = random.Random(f"{world.blueprint.seed}/projects/{account.id}")
        titles = list(world.blueprint.people.titles) or ["Talent"]
        for _ in range(SEEDED_PROJECTS):
            title = rng.choice(titles)
            age = rng.randint(*_SEEDED_AGE_MS)
            project_id = str(rng.randrange(10**9, 10**10))
            while project_id in self._taken:
                project_id = str(rng.randrange(10**9, 10**10))
            self._taken.add(project_id)
            self._add(account, project_id, f"{title} hiring", world.blueprint.start_ms - age)

    def _add(self, account: Account, project_id: str, name: str, at_ms: int) -> HiringProject:
        self._next_seq += 1
        project = HiringProject(
            project_id, account.id, name, account.name,
            account.provider_user_id or account.id, at_ms, self._next_seq,
        )  # fmt: skip
        self._by_account.setdefault(account.id, {})[project.id] = project
        return project
