"""Compile a scenario's `people` into the network's members, once per (scenario, seed).

Names come from Faker's en_US word lists (first names and last names weighted as Faker weighs
them; `simulator.scenario.name_tables` keeps them without importing Faker), drawn with the
compilation's seeded RNG: the same seed gives the same people, and a person costs a few
microseconds instead of a few hundred with Faker's own methods.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from simulator.clock import epoch_ms
from simulator.scenario.name_tables import weighted_names
from simulator.scenario.network_schema import PeopleSpec, PersonSpec
from simulator.world.ids import IdFactory
from simulator.world.people import (
    DISTANCE_OF_NAME,
    Facet,
    PeopleDirectory,
    Person,
    Position,
    Schooling,
)

# LinkedIn-style facets. The ids have LinkedIn's shape (digit strings) but are the simulator's.
LOCATIONS = tuple(
    Facet(id_, name)
    for id_, name in (
        ("102277331", "San Francisco, California, United States"),
        ("105080838", "New York, New York, United States"),
        ("102448103", "Los Angeles, California, United States"),
        ("103112676", "Chicago, Illinois, United States"),
        ("104116203", "Seattle, Washington, United States"),
        ("102380872", "Boston, Massachusetts, United States"),
        ("104112529", "Austin, Texas, United States"),
        ("105072130", "Paris, Ile-de-France, France"),
        ("102257491", "London, England, United Kingdom"),
        ("106967730", "Berlin, Germany"),
        ("102011674", "Amsterdam, North Holland, Netherlands"),
        ("100994331", "Madrid, Community of Madrid, Spain"),
        ("100025096", "Toronto, Ontario, Canada"),
        ("105214831", "Bengaluru, Karnataka, India"),
        ("104738515", "Dublin, County Dublin, Ireland"),
        ("106693272", "Zurich, Switzerland"),
    )
)
INDUSTRIES = tuple(
    Facet(id_, name)
    for id_, name in (
        ("4", "Software Development"),
        ("6", "Technology, Information and Internet"),
        ("96", "IT Services and IT Consulting"),
        ("43", "Financial Services"),
        ("41", "Banking"),
        ("80", "Advertising Services"),
        ("11", "Business Consulting and Services"),
        ("14", "Hospitals and Health Care"),
        ("68", "Higher Education"),
        ("104", "Staffing and Recruiting"),
        ("44", "Real Estate"),
        ("27", "Retail"),
    )
)
SCHOOLS = tuple(
    Facet(id_, name)
    for id_, name in (
        ("1503", "Stanford University"),
        ("1646", "Massachusetts Institute of Technology"),
        ("1792", "University of California, Berkeley"),
        ("3178", "Columbia University"),
        ("4477", "University of Michigan"),
        ("12691", "HEC Paris"),
        ("12460", "ESSEC Business School"),
        ("12639", "London School of Economics"),
        ("4348", "University of Oxford"),
        ("2994", "Technical University of Munich"),
        ("10926", "University of Toronto"),
        ("15096", "Indian Institute of Technology, Bombay"),
    )
)
TITLES = (
    "Chief Executive Officer",
    "Chief Technology Officer",
    "Chief Revenue Officer",
    "Founder",
    "Co-Founder",
    "VP of Sales",
    "VP of Engineering",
    "VP of Marketing",
    "Head of Growth",
    "Head of Talent Acquisition",
    "Head of Product",
    "Director of Operations",
    "Sales Director",
    "Account Executive",
    "Senior Account Executive",
    "Business Development Representative",
    "Sales Development Representative",
    "Customer Success Manager",
    "Marketing Manager",
    "Product Manager",
    "Senior Product Manager",
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Engineer",
    "Engineering Manager",
    "Data Scientist",
    "Data Engineer",
    "Product Designer",
    "Recruiter",
    "Technical Recruiter",
    "HR Business Partner",
    "Financial Analyst",
    "Operations Manager",
    "Consultant",
    "Solutions Architect",
    "Partner",
)
SKILLS = (
    "Python",
    "JavaScript",
    "TypeScript",
    "Go",
    "SQL",
    "Machine Learning",
    "Data Analysis",
    "Product Management",
    "Agile Methodologies",
    "Scrum",
    "Leadership",
    "Team Management",
    "Negotiation",
    "Sales",
    "B2B Sales",
    "SaaS",
    "Lead Generation",
    "Account Management",
    "Customer Success",
    "Marketing Strategy",
    "Content Marketing",
    "SEO",
    "Recruiting",
    "Talent Acquisition",
    "Public Speaking",
    "Project Management",
    "Cloud Computing",
    "AWS",
    "Kubernetes",
    "UX Design",
    "Financial Modeling",
    "Business Strategy",
    "Entrepreneurship",
    "Strategic Partnerships",
    "CRM",
    "Salesforce",
    "HubSpot",
    "Go-to-Market Strategy",
)
DEGREES = (
    "Bachelor of Science",
    "Bachelor of Arts",
    "Master of Science",
    "MBA",
    "Master of Engineering",
    "PhD",
)
FIELDS = (
    "Computer Science",
    "Business Administration",
    "Economics",
    "Marketing",
    "Finance",
    "Mathematics",
    "Psychology",
    "Electrical Engineering",
)
LANGUAGES = ("English", "French", "Spanish", "German", "Portuguese", "Hindi")
_COMPANY_SUFFIXES = (
    "Inc",
    "LLC",
    "Group",
    "Labs",
    "Technologies",
    "Partners",
    "Software",
    "Systems",
)


@dataclass(frozen=True)
class Population:
    directory: PeopleDirectory
    fixed_distances: Mapping[str, int]  # listed people who declare a distance
    fixed_since: Mapping[str, int]  # listed relations with a `connected_at`


def listed_companies(spec: PeopleSpec) -> tuple[Facet, ...]:
    """The companies of `people.listed`, with the ids every seed gives them (the generated
    companies come after them)."""
    return _company_facets([p.company for p in spec.listed if p.company])


def _company_facets(names: list[str]) -> tuple[Facet, ...]:
    return tuple(
        Facet(str(10_000 + 7919 * i % 9_000_000), name)
        for i, name in enumerate(dict.fromkeys(names))
    )


class _Drawer:
    """Draws every field a person needs from one seeded RNG, in a fixed order."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids = IdFactory(rng)
        self._female, self._male, self._last = weighted_names()

    def first_name(self) -> str:
        names, weights = self._female if self.rng.random() < 0.5 else self._male
        return self.rng.choices(names, cum_weights=weights)[0]

    def last_name(self) -> str:
        names, weights = self._last
        return self.rng.choices(names, cum_weights=weights)[0]

    def company(self, used: set[str]) -> str:
        rng = self.rng
        while True:
            style = rng.random()
            if style < 0.55:
                name = f"{self.last_name()} {rng.choice(_COMPANY_SUFFIXES)}"
            elif style < 0.85:
                name = f"{self.last_name()}-{self.last_name()}"
            else:
                name = f"{self.last_name()}, {self.last_name()} and {self.last_name()}"
            if name not in used:
                used.add(name)
                return name

    def month_year(self, first_year: int, last_year: int) -> tuple[int, int]:
        return self.rng.randint(1, 12), self.rng.randint(first_year, last_year)


def compile_population(spec: PeopleSpec, seed: int, start_ms: int) -> Population:
    rng = random.Random(f"{seed}/people")
    draw = _Drawer(rng)
    company_names: set[str] = set()
    listed_companies = [p.company for p in spec.listed if p.company]
    for name in listed_companies:
        company_names.add(name)
    generated_companies = [
        draw.company(company_names) for _ in range(min(spec.generate // 8 + 12, 400))
    ]
    companies = _company_facets(listed_companies + generated_companies)
    company_by_name = {facet.name: facet for facet in companies}
    start_year = int(1970 + start_ms // 31_556_952_000)

    people: list[Person] = []
    taken_slugs: set[str] = set()
    taken_ids: set[str] = set()
    fixed: dict[str, int] = {}
    since: dict[str, int] = {}
    for listed in spec.listed:
        person = _person(
            draw,
            len(people),
            listed,
            companies,
            company_by_name,
            start_year,
            taken_slugs,
            taken_ids,
        )
        people.append(person)
        if listed.distance is not None:
            fixed[person.provider_id] = DISTANCE_OF_NAME[listed.distance]
        if listed.connected_at is not None:
            since[person.provider_id] = epoch_ms(listed.connected_at)
    for _ in range(spec.generate):
        people.append(
            _person(
                draw,
                len(people),
                None,
                companies,
                company_by_name,
                start_year,
                taken_slugs,
                taken_ids,
            )
        )
    directory = PeopleDirectory(
        people=tuple(people),
        locations=LOCATIONS,
        industries=INDUSTRIES,
        companies=companies,
        schools=SCHOOLS,
        skills=SKILLS,
        titles=TITLES,
    )
    return Population(directory, MappingProxyType(fixed), MappingProxyType(since))


def _person(
    draw: _Drawer,
    index: int,
    listed: PersonSpec | None,
    companies: tuple[Facet, ...],
    company_by_name: dict[str, Facet],
    start_year: int,
    taken_slugs: set[str],
    taken_ids: set[str],
) -> Person:
    rng = draw.rng
    first_name = listed.first_name if listed else draw.first_name()
    last_name = listed.last_name if listed else draw.last_name()
    slug = listed.public_identifier if listed and listed.public_identifier else None
    while slug is None or slug in taken_slugs:
        slug = slug_for(f"{first_name} {last_name}", rng)
    taken_slugs.add(slug)
    provider_id = listed.provider_id if listed and listed.provider_id else None
    while provider_id is None or provider_id in taken_ids:
        provider_id = draw.ids.linkedin_member_id()
    taken_ids.add(provider_id)

    title = (listed.title if listed and listed.title else None) or rng.choice(TITLES)
    company = (
        company_by_name[listed.company] if listed and listed.company else rng.choice(companies)
    )
    location = rng.choice(LOCATIONS)
    if listed and listed.location:
        location = next(
            (f for f in LOCATIONS if f.name == listed.location), Facet("0", listed.location)
        )
    industry = rng.choice(INDUSTRIES)
    if listed and listed.industry:
        industry = next(
            (f for f in INDUSTRIES if f.name == listed.industry), Facet("0", listed.industry)
        )
    headline = (listed.headline if listed and listed.headline else None) or (
        f"{title} at {company.name}" if rng.random() < 0.8 else f"{title} | {industry.name}"
    )

    month, year = draw.month_year(start_year - 8, start_year - 1)
    experience = [
        Position(
            title, company, location.name, f"{month}/{year}", None, f"{title} at {company.name}."
        )
    ]
    for _ in range(rng.randint(1, 2)):
        end_month, end_year = month, year
        month, year = draw.month_year(end_year - 6, end_year - 1)
        past_title, past_company = rng.choice(TITLES), rng.choice(companies)
        experience.append(
            Position(
                past_title,
                past_company,
                rng.choice(LOCATIONS).name,
                f"{month}/{year}",
                f"{end_month}/{end_year}",
                f"{past_title} at {past_company.name}.",
            )
        )
    graduated = year - rng.randint(0, 2)
    education = (
        Schooling(
            rng.choice(SCHOOLS),
            rng.choice(DEGREES),
            rng.choice(FIELDS),
            str(graduated - rng.randint(2, 5)),
            str(graduated),
        ),
    )
    skills = tuple(rng.sample(SKILLS, rng.randint(3, 7)))
    languages = ("English",) + tuple(rng.sample(LANGUAGES[1:], rng.randint(0, 2)))
    years = start_year - year
    summary = (listed.summary if listed and listed.summary else None) or (
        f"{title} with {years}+ years in {industry.name.lower()}."
    )
    premium = listed.premium if listed else rng.random() < 0.2
    picture = None
    if rng.random() < 0.8:
        picture = (
            f"https://media.licdn.com/dms/image/v2/{draw.ids.unique_id()[:16]}"
            "/profile-displayphoto-shrink_400_400/0/"
        )
    return Person(
        index=index,
        provider_id=provider_id,
        public_identifier=slug,
        member_urn=str(rng.randint(10_000_000, 999_999_999)),
        first_name=first_name,
        last_name=last_name,
        headline=headline,
        summary=summary,
        title=title,
        company=company,
        location=location,
        industry=industry,
        picture_url=picture,
        is_premium=premium,
        is_open_profile=listed.open_profile if listed else premium and rng.random() < 0.4,
        is_open_to_work=rng.random() < 0.08,
        is_hiring=rng.random() < 0.06,
        follower_count=rng.randint(40, 6000),
        connections_count=rng.randint(60, 500),
        experience=tuple(experience),
        education=education,
        skills=skills,
        languages=languages,
        answer=listed.answer if listed else None,
        listed=listed is not None,
    )


_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")


def slug_for(name: str, rng: random.Random) -> str:
    """A LinkedIn-style public identifier: `johnny-correa-2a86044`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = _NOT_IN_SLUG.sub("-", ascii_name.lower()).strip("-")
    return f"{words}-{rng.getrandbits(28):07x}"
