"""LinkedIn people search over the simulated network, and the ids its filters take (§6.1-6.2).

Results come in a stable order (closest first, then the directory's order), so a cursor is a
plain offset into the same query and a walk through the pages never repeats or skips anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.people import THIRD, Facet, PeopleDirectory, Person, search_words
from simulator.world.relations import require_linkedin
from simulator.world.search_categories import (
    CompanyHit,
    CompanyQuery,
    JobQuery,
    PostQuery,
)
from simulator.world.search_categories import starts_words as _starts_words

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.jobs import JobPosting
    from simulator.world.post_history import Post
    from simulator.world.world import World

SEARCH_APIS = ("classic", "sales_navigator", "recruiter")
# LinkedIn stops a query at about 1,000 results on Classic and 2,500 on the paid search tools.
RESULT_CEILING = {"classic": 1000, "sales_navigator": 2500, "recruiter": 2500}
CLASSIC_MAX_LIMIT = 50
_FEATURE_OF_API = {"sales_navigator": "sales_navigator", "recruiter": "recruiter"}

PARAMETER_TYPES = (
    "LOCATION",
    "PEOPLE",
    "CONNECTIONS",
    "COMPANY",
    "SCHOOL",
    "INDUSTRY",
    "SERVICE",
    "JOB_FUNCTION",
    "JOB_TITLE",
    "EMPLOYMENT_TYPE",
    "SKILL",
    # Sales Navigator and Recruiter types: accepted; the simulated network has none of these.
    "GROUPS",
    "SALES_INDUSTRY",
    "DEPARTMENT",
    "PERSONA",
    "ACCOUNT_LISTS",
    "LEAD_LISTS",
    "TECHNOLOGIES",
    "SAVED_ACCOUNTS",
    "SAVED_SEARCHES",
    "RECENT_SEARCHES",
    "POSTAL_CODE",
    "HIRING_PROJECTS",
    "SAVED_FILTERS",
)
_EMPLOYMENT_TYPES = (
    Facet("1", "Full-time"),
    Facet("2", "Part-time"),
    Facet("3", "Contract"),
    Facet("4", "Temporary"),
    Facet("5", "Volunteer"),
    Facet("6", "Internship"),
)
_JOB_FUNCTIONS = (
    Facet("1", "Accounting"),
    Facet("4", "Business Development"),
    Facet("8", "Engineering"),
    Facet("10", "Finance"),
    Facet("12", "Human Resources"),
    Facet("13", "Information Technology"),
    Facet("15", "Marketing"),
    Facet("18", "Operations"),
    Facet("19", "Product Management"),
    Facet("25", "Sales"),
)
_SERVICES = (
    Facet("50", "Software Development"),
    Facet("602", "Web Development"),
    Facet("220", "Management Consulting"),
    Facet("2461", "Digital Marketing"),
    Facet("176", "Graphic Design"),
    Facet("1027", "Executive Coaching"),
)


@dataclass(frozen=True, slots=True)
class IdFilter:
    """`[ids]` (Classic) or `{include, exclude}` (Sales Navigator / Recruiter)."""

    include: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()

    def admits(self, value_id: str) -> bool:
        if self.include and value_id not in self.include:
            return False
        return value_id not in self.exclude


_ANY = IdFilter()


@dataclass(frozen=True, slots=True)
class PeopleQuery:
    api: str = "classic"
    keywords: str | None = None
    location: IdFilter = _ANY
    industry: IdFilter = _ANY
    company: IdFilter = _ANY
    school: IdFilter = _ANY
    network_distance: frozenset[int] = frozenset()  # 1, 2, 3 (3 stands for 3rd and beyond)
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    company_keywords: str | None = None
    school_keywords: str | None = None

    def admits(self, person: Person, distance: int, words: tuple[str, ...]) -> bool:
        """`words`: the person's searchable words (name, headline, company, location)."""
        if self.network_distance and min(distance, THIRD) not in self.network_distance:
            return False
        if not (
            self.location.admits(person.location.id)
            and self.industry.admits(person.industry.id)
            and self.company.admits(person.company.id)
        ):
            return False
        if self.school is not _ANY and not any(
            self.school.admits(s.school.id) for s in person.education
        ):
            return False
        if self.keywords and not _starts_words(self.keywords, words):
            return False
        for wanted, text in (
            (self.first_name, person.first_name),
            (self.last_name, person.last_name),
            (self.title, person.title),
            (self.company_keywords, person.company.name),
            (self.school_keywords, " ".join(s.school.name for s in person.education)),
        ):
            if wanted and not _starts_words(wanted, search_words(text)):
                return False
        return True


@dataclass(frozen=True, slots=True)
class SearchHit:
    person: Person
    distance: int
    pending_invitation: bool


CategoryQuery = CompanyQuery | PostQuery | JobQuery


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: Sequence[SearchHit | CompanyHit | Post | JobPosting]
    start: int
    total: int

    @property
    def next_start(self) -> int | None:
        end = self.start + len(self.hits)
        return end if self.hits and end < self.total else None


class PeopleSearch:
    def __init__(self, world: World) -> None:
        self._world = world

    def run(
        self, account_id: str, query: PeopleQuery | CategoryQuery, start: int, limit: int
    ) -> SearchPage:
        account = self._searching_account(account_id)
        feature = _FEATURE_OF_API.get(query.api)
        if feature is not None and feature not in account.premium_features:
            raise ApiError(
                "feature_not_subscribed",
                f"api: this account has no {feature} seat (premiumFeatures "
                f"{list(account.premium_features)})",
            )
        if query.api == "classic" and limit > CLASSIC_MAX_LIMIT:
            raise invalid_parameter(
                "limit",
                f"LinkedIn Classic search pages hold at most {CLASSIC_MAX_LIMIT}, got {limit}",
            )
        world = self._world
        if not isinstance(query, PeopleQuery):
            found = query.search(world)
            total = min(len(found), RESULT_CEILING[query.api])
            return SearchPage(found[start : min(start + limit, total)], start, total)
        graph = world.network.graph(account)
        directory = world.network.directory
        matches = [
            (distance, person)
            for person in directory.people
            if query.admits(person, distance := graph.distance(person), directory.words_of(person))
        ]
        matches.sort(key=lambda match: (match[0], match[1].index))
        total = min(len(matches), RESULT_CEILING[query.api])
        hits = [
            SearchHit(person, distance, world.invitations.is_pending_sent(account.id, person))
            for distance, person in matches[start : min(start + limit, total)]
        ]
        return SearchPage(hits, start, total)

    def parameters(
        self, account_id: str, kind: str, keywords: str | None, limit: int
    ) -> list[Facet]:
        account = self._searching_account(account_id)
        directory = self._world.network.directory
        if kind == "PEOPLE":
            values = [Facet(p.provider_id, p.full_name) for p in directory.people]
        elif kind == "CONNECTIONS":
            values = [
                Facet(r.person.provider_id, r.person.full_name)
                for r in self._world.network.relations(account)
            ]
        else:
            values = list(_static_parameters(directory, kind))
        if keywords:
            needle = keywords.casefold()
            values = [facet for facet in values if needle in facet.name.casefold()]
        return values[:limit]

    def _searching_account(self, account_id: str) -> Account:
        accounts = self._world.accounts
        require_linkedin(accounts.get(account_id))
        return accounts.require_usable(account_id)


def _static_parameters(directory: PeopleDirectory, kind: str) -> tuple[Facet, ...]:
    return {
        "LOCATION": directory.locations,
        "INDUSTRY": directory.industries,
        "COMPANY": directory.companies,
        "SCHOOL": directory.schools,
        "SKILL": tuple(Facet(str(1000 + i), name) for i, name in enumerate(directory.skills)),
        "JOB_TITLE": tuple(Facet(str(100 + i), name) for i, name in enumerate(directory.titles)),
        "EMPLOYMENT_TYPE": _EMPLOYMENT_TYPES,
        "JOB_FUNCTION": _JOB_FUNCTIONS,
        "DEPARTMENT": _JOB_FUNCTIONS,
        "SERVICE": _SERVICES,
    }.get(kind, ())

