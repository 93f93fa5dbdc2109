"""People applying to published job postings, on the world clock (reference part 2 §6).

When a posting goes live, `Applicants.plan` draws a month of arrivals from `world.rng`: a
Poisson process at the posting's monthly rate (its `estimated_monthly_applicants`, scaled by
how it was published), each arrival a member of the network who has not applied yet, with
screening answers drawn now. Everything is drawn at planning time, so an arrival firing draws
nothing and the ids the rest of the world makes do not depend on when the clock is advanced.
A month later the next month is planned, for as long as the posting stays active; closing it
cancels what has not arrived.

Screening answers:
- a numeric question whose text mentions years ("How many years of ...") is answered with the
  applicant's real years of experience (from their first position to the day they apply);
- any other numeric question, and a multiple-choice one, meets the expectation with
  probability `MATCH_PROBABILITY` (the scenario's `behaviours.jobs.screening_match`), else
  misses it (below the minimum, above the maximum, or a
  choice that is not expected);
- `success` says whether the answer meets the expectation. An applicant who misses a
  `must_match` question of a posting with an `auto_rejection_template` is auto-rejected: they
  arrive rated NOT_A_FIT, with that template as the rejection sent to them.

Applicants list newest first; every applicant has a resume (`resumes.py`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from simulator.world.contacts import WHATSAPP, contact_of
from simulator.world.errors import invalid_parameter, not_found
from simulator.world.job_behaviour import MATCH_PROBABILITY
from simulator.world.listing import Page, SortKey, newest_first_page
from simulator.world.mail_addresses import work_address
from simulator.world.people import Person, search_words

if TYPE_CHECKING:
    from simulator.clock import ScheduledEvent
    from simulator.world.jobs import JobPosting
    from simulator.world.world import World

RATINGS = ("UNRATED", "GOOD_FIT", "MAYBE", "NOT_A_FIT")
ANSWER_TYPES = ("numeric", "multiple_choices")
MONTH_MS = 30 * 86_400_000
# A month's planned arrivals never exceed this (a heavily promoted job on a big network).
MAX_ARRIVALS_PER_MONTH = 500


@dataclass(frozen=True, slots=True)
class ScreeningQuestion:
    """A posting's question; `position` overrides its index in the list (reference §6.3)."""

    question: str
    answer_type: str  # numeric | multiple_choices
    position: int | None = None
    must_match: bool = False
    min_expectation: float | None = None  # numeric
    max_expectation: float | None = None  # numeric
    choices: tuple[str, ...] = ()  # multiple_choices
    expected_choices: tuple[str, ...] = ()  # multiple_choices

    @property
    def asks_years(self) -> bool:
        return self.answer_type == "numeric" and "year" in self.question.casefold()

    def favorable_answers(self) -> tuple[str, ...]:
        """The posting's `screening_questions[].favorableAnswers`: the expected choices, or the
        numeric range written `3-10`, `3+` or `0-10`."""
        if self.answer_type == "multiple_choices":
            return self.expected_choices
        low, high = self.min_expectation, self.max_expectation
        if low is not None and high is not None:
            return (f"{_number(low)}-{_number(high)}",)
        if low is not None:
            return (f"{_number(low)}+",)
        if high is not None:
            return (f"0-{_number(high)}",)
        return ()

    def is_met(self, answer: str) -> bool:
        if self.answer_type == "multiple_choices":
            return answer in self.expected_choices
        value = float(answer)
        if self.min_expectation is not None and value < self.min_expectation:
            return False
        return self.max_expectation is None or value <= self.max_expectation


@dataclass(frozen=True, slots=True)
class ScreeningAnswer:
    question: str
    answers: tuple[str, ...]
    success: bool
    must_match: bool = False


@dataclass(frozen=True, slots=True)
class YearMonth:
    year: int
    month: int | None  # None when only the year is known (schooling)


@dataclass(frozen=True, slots=True)
class WorkExperience:
    company: str | None
    company_id: str | None
    position: str | None
    location: str | None
    description: str | None
    start: YearMonth | None
    end: YearMonth | None  # None while current


@dataclass(frozen=True, slots=True)
class Education:
    school: str | None
    school_id: str | None
    degree: str | None
    field_of_study: str | None
    start: YearMonth | None
    end: YearMonth | None


@dataclass(slots=True)
class Applicant:
    """One person's application to one posting. `rating` is the only field that changes."""

    id: str
    job_id: str
    account_id: str
    person: Person
    applied_at_ms: int
    seq: int
    screening: tuple[ScreeningAnswer, ...]
    rating: str = "UNRATED"
    rejection_message: str | None = None  # the auto-rejection template sent to them, if any

    @property
    def sort_key(self) -> SortKey:
        return (self.applied_at_ms, self.seq)

    @property
    def name(self) -> str:
        return self.person.full_name

    @property
    def email_address(self) -> str:
        return work_address(self.person).identifier

    @property
    def phone_number(self) -> str:
        return "+" + (contact_of(self.person, WHATSAPP).phone or "")

    @property
    def work_experience(self) -> tuple[WorkExperience, ...]:
        return tuple(
            WorkExperience(
                position.company.name, position.company.id, position.title, position.location,
                position.description, _month_year(position.start), _month_year(position.end),
            )
            for position in self.person.experience
        )  # fmt: skip

    @property
    def education(self) -> tuple[Education, ...]:
        return tuple(
            Education(
                school.school.name, school.school.id, school.degree, school.field_of_study,
                _month_year(school.start), _month_year(school.end),
            )
            for school in self.person.education
        )  # fmt: skip

    @property
    def passed_screening(self) -> bool:
        return all(answer.success for answer in self.screening)

    def matches_keywords(self, keywords: str) -> bool:
        """Every word of `keywords` starts a word of the name, headline, location or a
        position (title, company): the applicants `keywords` filter."""
        person = self.person
        text = " ".join(
            [person.full_name, person.headline, person.location.name]
            + [f"{p.title} {p.company.name}" for p in person.experience]
        )
        words = search_words(text)
        return all(any(w.startswith(token) for w in words) for token in search_words(keywords))


@dataclass(frozen=True, slots=True)
class _PlannedArrival:
    applicant_id: str
    person: Person
    due_ms: int
    screening: tuple[ScreeningAnswer, ...]


@dataclass
class _JobApplicants:
    by_id: dict[str, Applicant] = field(default_factory=dict)
    applied: set[str] = field(default_factory=set)  # provider ids, arrived or planned
    pending: list[ScheduledEvent] = field(default_factory=list)


class Applicants:
    """Every applicant of the world's postings. Reached through `Jobs`, which checks the
    account and the posting; the methods here trust their arguments."""

    def __init__(
        self,
        world: World,
        new_id: Callable[[], str],
        match_probability: float = MATCH_PROBABILITY,
    ) -> None:
        self._world = world
        self._new_id = new_id
        self._match_probability = match_probability
        self._jobs: dict[str, _JobApplicants] = {}
        self._by_id: dict[str, Applicant] = {}
        self._next_seq = 0

    def find(self, applicant_id: str) -> Applicant | None:
        return self._by_id.get(applicant_id)

    def count(self, job_id: str) -> int:
        entry = self._jobs.get(job_id)
        return len(entry.by_id) if entry else 0

    def of_job(self, job_id: str) -> list[Applicant]:
        entry = self._jobs.get(job_id)
        return list(entry.by_id.values()) if entry else []

    def page(
        self,
        job_id: str,
        ratings: frozenset[str] | None,
        keywords: str | None,
        after: SortKey | None,
        limit: int,
    ) -> Page[Applicant]:
        if ratings is not None:
            unknown = sorted(ratings - set(RATINGS))
            if unknown:
                raise invalid_parameter(
                    "ratings", f"{', '.join(unknown)} is not one of {', '.join(RATINGS)}"
                )
        found = [
            applicant
            for applicant in self.of_job(job_id)
            if (ratings is None or applicant.rating in ratings)
            and (not keywords or applicant.matches_keywords(keywords))
        ]
        return newest_first_page(found, lambda a: a.sort_key, after, limit)

    def rate(self, applicant: Applicant, rating: str) -> Applicant:
        if rating not in RATINGS:
            raise invalid_parameter("rating", f"{rating!r} is not one of {', '.join(RATINGS)}")
        applicant.rating = rating
        return applicant

    def require(self, applicant_id: str, job_ids: set[str]) -> Applicant:
        applicant = self._by_id.get(applicant_id)
        if applicant is None or applicant.job_id not in job_ids:
            raise not_found("Applicant")
        return applicant

    # -- arrivals ----------------------------------------------------------------------------

    def plan(self, job: JobPosting, monthly_rate: float) -> int:
        """Draw the next month of arrivals for a live posting; returns how many were planned.
        Schedules the planning of the month after, which stops once the posting is closed."""
        world = self._world
        entry = self._jobs.setdefault(job.id, _JobApplicants())
        start = world.now_ms()
        rng = world.rng
        candidates = [
            person
            for person in world.blueprint.people.people
            if person.provider_id not in entry.applied
            and person.provider_id != job.poster_provider_id
        ]
        planned = 0
        offset = 0.0
        mean_gap_ms = MONTH_MS / monthly_rate if monthly_rate > 0 else None
        while mean_gap_ms is not None and candidates and planned < MAX_ARRIVALS_PER_MONTH:
            offset += rng.expovariate(1 / mean_gap_ms)
            if offset > MONTH_MS:
                break
            person = candidates.pop(rng.randrange(len(candidates)))
            due = start + max(round(offset), 1)
            answers = draw_answers(
                job.screening_questions, person, due, rng, self._match_probability
            )
            arrival = _PlannedArrival(self._new_id(), person, due, answers)
            entry.applied.add(person.provider_id)
            entry.pending.append(
                world.schedule_at(
                    due, "job_applicant", self._arrive(job, arrival),
                    job_id=job.id, applicant_id=arrival.applicant_id,
                )
            )  # fmt: skip
            planned += 1
        entry.pending.append(
            world.schedule_at(
                start + MONTH_MS, "job_applicants_planned", self._next_month(job, monthly_rate),
                job_id=job.id,
            )
        )  # fmt: skip
        return planned

    def _next_month(self, job: JobPosting, rate: float) -> Callable[[], dict[str, Any] | None]:
        def act() -> dict[str, Any] | None:
            return {"planned": self.plan(job, rate)} if job.state == "active" else None

        return act

    def stop(self, job_id: str) -> None:
        """The posting closed: nobody planned arrives any more."""
        entry = self._jobs.get(job_id)
        if entry is None:
            return
        for event in entry.pending:
            event.cancelled = True
        entry.pending.clear()

    def _arrive(self, job: JobPosting, arrival: _PlannedArrival) -> Callable[[], dict[str, Any]]:
        def act() -> dict[str, Any]:
            if job.state != "active":  # closed meanwhile (its events are cancelled too)
                return {"arrived": False}
            self._next_seq += 1
            applicant = Applicant(
                arrival.applicant_id, job.id, job.account_id, arrival.person,
                self._world.now_ms(), self._next_seq, arrival.screening,
            )  # fmt: skip
            missed_must = any(a.must_match and not a.success for a in arrival.screening)
            if missed_must and job.auto_rejection_template:
                applicant.rating = "NOT_A_FIT"
                applicant.rejection_message = job.auto_rejection_template
            self._jobs[job.id].by_id[applicant.id] = applicant
            self._by_id[applicant.id] = applicant
            return {"arrived": True, "rating": applicant.rating}

        return act


def draw_answers(
    questions: tuple[ScreeningQuestion, ...],
    person: Person,
    at_ms: int,
    rng: random.Random,
    match_probability: float = MATCH_PROBABILITY,
) -> tuple[ScreeningAnswer, ...]:
    """One applicant's answers to a posting's questions (see the module docstring)."""
    answers = []
    for question in questions:
        if question.asks_years:
            answer = str(years_of_experience(person, at_ms))
        elif question.answer_type == "numeric":
            answer = _numeric_answer(question, rng.random() < match_probability, rng)
        else:
            answer = _choice_answer(question, rng.random() < match_probability, rng)
        answers.append(
            ScreeningAnswer(
                question.question, (answer,), question.is_met(answer), question.must_match
            )
        )
    return tuple(answers)


def years_of_experience(person: Person, at_ms: int) -> int:
    """Whole years from the start of the person's first position to `at_ms` (0 without any)."""
    starts = [_month_year(p.start) for p in person.experience]
    known = [s for s in starts if s is not None]
    if not known:
        return 0
    first = min(known, key=lambda ym: (ym.year, ym.month or 1))
    at = datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc)
    months = (at.year - first.year) * 12 + at.month - (first.month or 1)
    return max(months // 12, 0)


def _numeric_answer(question: ScreeningQuestion, meets: bool, rng: random.Random) -> str:
    low, high = question.min_expectation, question.max_expectation
    floor = 0 if low is None else int(low + 0.999999)  # the smallest whole answer that meets
    ceiling = floor + 10 if high is None else int(high)
    if meets and floor <= ceiling:
        return str(rng.randint(floor, ceiling))
    if low is not None and floor > 0:
        return str(rng.randint(0, floor - 1))
    if high is not None:
        return str(rng.randint(int(high) + 1, int(high) + 10))
    return str(rng.randint(floor, ceiling))  # no bound to miss: every answer meets it


def _choice_answer(question: ScreeningQuestion, meets: bool, rng: random.Random) -> str:
    expected = [c for c in question.choices if c in question.expected_choices]
    others = [c for c in question.choices if c not in question.expected_choices]
    pool = expected if (meets and expected) or not others else others
    return str(rng.choice(pool))


def _month_year(text: str | None) -> YearMonth | None:
    """`M/YYYY` (positions) or `YYYY` (schooling) as LinkedIn shows them."""
    if not text:
        return None
    month, _, year = text.rpartition("/")
    if not year.isdigit():
        return None
    return YearMonth(int(year), int(month) if month.isdigit() else None)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
