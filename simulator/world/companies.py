"""LinkedIn company pages (reference part 2 §4.4): every company of the network, and every
organization an account of the world administers, resolves by numeric id, slug or urn to a
page. What a page says is drawn from the world's seed per company; who works there is the
network's: `employee_count` is the number of members whose current position is there, the
headquarters is where most of them are, the industry theirs.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.world.errors import not_found
from simulator.world.people import Facet, Person
from simulator.world.relations import require_linkedin

if TYPE_CHECKING:
    from simulator.world.accounts import Organization
    from simulator.world.world import World

ORGANIZATION_TYPES = ("PUBLIC_COMPANY", "PRIVATELY_HELD", "PARTNERSHIP", "SELF_OWNED", "NON_PROFIT")
_RANGES = ((1, 10), (11, 50), (51, 200), (201, 500), (501, 1000), (1001, 5000), (5001, 10000))
_URN = re.compile(r"urn:li:(?:fsd_company|company|organization):([0-9]+)")
_TAGLINES = (
    "Helping teams sell better.",
    "Software that gets out of your way.",
    "Built for modern revenue teams.",
    "Data you can act on.",
)
_HASHTAGS = ("sales", "saas", "b2b", "growth", "hiring", "ai", "startups")


@dataclass(frozen=True, slots=True)
class CompanyPage:
    id: str
    name: str
    public_identifier: str
    description: str
    tagline: str
    organization_type: str
    industry: str | None
    headquarters: str | None  # "City, Region, Country"
    website: str
    founded: int
    followers: int
    employees: int
    hashtags: tuple[str, ...]
    administered: bool  # an organization the viewing account administers
    messaging_enabled: bool


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def organization_slug(world: World, name: str, org_id: str) -> str:
    """An administered organization's public identifier: its name's slug, unless a company of
    the network has it already (vanity names are unique: the later one gets its id)."""
    taken = any(slug(c.name) == slug(name) for c in world.blueprint.people.companies)
    return f"{slug(name)}-{org_id}" if taken else slug(name)


def administered(world: World, identifier: str) -> tuple[str, str, str] | None:
    """(urn, id, name) of the organization some account of the world administers, named by
    its id, urn or public identifier."""
    for account in world.accounts:
        for org in account.organizations:
            if _names_organization(world, org, identifier):
                return org.organization_urn, org.organization_urn.rsplit(":", 1)[-1], org.name
    return None


def _names_organization(world: World, org: Organization, identifier: str) -> bool:
    org_id = org.organization_urn.rsplit(":", 1)[-1]
    names = (org_id, org.organization_urn, organization_slug(world, org.name, org_id))
    return identifier in names or _numeric(identifier) == org_id


def employee_range(count: int) -> tuple[int, int | None]:
    for low, high in _RANGES:
        if count <= high:
            return low, high
    return 10001, None


class CompanyPages:
    def __init__(self, world: World) -> None:
        self._world = world
        self._staff: dict[str, list[Person]] | None = None  # company id -> current employees

    def page(self, account_id: str, identifier: str) -> CompanyPage:
        account = require_linkedin(self._world.accounts.get(account_id))
        self._world.accounts.require_usable(account_id)
        for org in account.organizations:
            if _names_organization(self._world, org, identifier):
                org_id = org.organization_urn.rsplit(":", 1)[-1]
                org_slug = organization_slug(self._world, org.name, org_id)
                return self._draw(Facet(org_id, org.name), True, org.messaging_enabled, org_slug)
        numeric = _numeric(identifier)
        for company in self._world.blueprint.people.companies:
            if identifier in (company.id, slug(company.name)) or numeric == company.id:
                return self._draw(company, False, True)
        raise not_found("Company")

    def network_pages(self) -> list[CompanyPage]:
        """Every company of the network as its page reads, in the directory's order (search)."""
        companies = self._world.blueprint.people.companies
        return [self._draw(company, False, True) for company in companies]

    def _draw(
        self, company: Facet, administered: bool, messaging: bool, public_id: str | None = None
    ) -> CompanyPage:
        rng = random.Random(f"{self._world.blueprint.seed}/company/{company.id}")
        staff = self._employees().get(company.id, [])
        industry = Counter(p.industry.name for p in staff).most_common(1)
        where = Counter(p.location.name for p in staff).most_common(1)
        name_slug = public_id or slug(company.name)
        founded = rng.randint(1995, 2022)
        return CompanyPage(
            id=company.id,
            name=company.name,
            public_identifier=name_slug,
            description=(
                f"{company.name} builds tools for {rng.choice(('sales', 'marketing', 'ops'))} "
                f"teams. Founded in {founded}, we work with customers worldwide."
            ),
            tagline=rng.choice(_TAGLINES),
            organization_type=rng.choice(ORGANIZATION_TYPES),
            industry=industry[0][0] if industry else None,
            headquarters=where[0][0] if where else None,
            website=f"https://www.{slug(company.name).replace('-', '')}.example",
            founded=founded,
            followers=rng.randint(100, 50_000) + 10 * len(staff),
            employees=len(staff),
            hashtags=tuple(rng.sample(_HASHTAGS, 3)),
            administered=administered,
            messaging_enabled=messaging,
        )

    def _employees(self) -> dict[str, list[Person]]:
        """Members by their current company, indexed once per world on the first page read."""
        if self._staff is None:
            staff: dict[str, list[Person]] = {}
            for person in self._world.blueprint.people.people:
                staff.setdefault(person.company.id, []).append(person)
            self._staff = staff
        return self._staff


def _numeric(identifier: str) -> str | None:
    match = _URN.fullmatch(identifier)
    return match.group(1) if match else None
