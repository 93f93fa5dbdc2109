"""The members of the simulated LinkedIn network, and how far each one is from an account.

People are immutable records, compiled once per (scenario, seed) and shared by every world made
from it: a world never copies them. What changes while a world runs (who became a relation,
who was invited) lives in `relations.py` and `invitations.py`, keyed by provider id.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

FIRST, SECOND, THIRD, OUT_OF_NETWORK = 1, 2, 3, 4
DISTANCE_NAMES: Mapping[int, str] = MappingProxyType(
    {
        FIRST: "FIRST_DEGREE",
        SECOND: "SECOND_DEGREE",
        THIRD: "THIRD_DEGREE",
        OUT_OF_NETWORK: "OUT_OF_NETWORK",
    }
)
DISTANCE_OF_NAME: Mapping[str, int] = MappingProxyType({v: k for k, v in DISTANCE_NAMES.items()})
ANSWERS = ("accept", "decline", "ignore")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Facet:
    """A searchable value with a LinkedIn-style numeric id: a location, industry, company…"""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Position:
    title: str
    company: Facet
    location: str
    start: str  # "M/YYYY", as LinkedIn shows it
    end: str | None  # None while current
    description: str


@dataclass(frozen=True, slots=True)
class Schooling:
    school: Facet
    degree: str
    field_of_study: str
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Person:
    index: int  # position in the directory: the stable order of search results
    provider_id: str
    public_identifier: str
    member_urn: str  # the numeric member id, as in `urn:li:member:<n>`
    first_name: str
    last_name: str
    headline: str
    summary: str
    title: str
    company: Facet
    location: Facet
    industry: Facet
    picture_url: str | None
    is_premium: bool
    is_open_profile: bool
    is_open_to_work: bool
    is_hiring: bool
    follower_count: int
    connections_count: int
    experience: tuple[Position, ...]
    education: tuple[Schooling, ...]
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    answer: str | None = None  # a listed person's fixed answer to invitations, else behaviours
    listed: bool = False  # named by the scenario (people.listed), not generated

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def profile_url(self) -> str:
        return f"https://www.linkedin.com/in/{self.public_identifier}/"

    def matches_name(self, needle: str) -> bool:
        """Case-insensitive substring match on the full name (the relations `filter`)."""
        return needle in self.full_name.casefold()


@dataclass(frozen=True)
class PeopleDirectory:
    """Everyone in the network, findable by provider id or public identifier."""

    people: tuple[Person, ...]
    locations: tuple[Facet, ...]
    industries: tuple[Facet, ...]
    companies: tuple[Facet, ...]
    schools: tuple[Facet, ...]
    skills: tuple[str, ...]
    titles: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_provider_id", {p.provider_id: p for p in self.people})
        object.__setattr__(self, "_by_public_id", {p.public_identifier: p for p in self.people})
        words = tuple(
            search_words(f"{p.full_name} {p.headline} {p.company.name} {p.location.name}")
            for p in self.people
        )
        object.__setattr__(self, "_words", words)

    def __len__(self) -> int:
        return len(self.people)

    def words_of(self, person: Person) -> tuple[str, ...]:
        """What keyword search looks at, split once per directory."""
        return self._words[person.index]  # type: ignore[attr-defined, no-any-return]

    def by_provider_id(self, provider_id: str) -> Person | None:
        return self._by_provider_id.get(provider_id)  # type: ignore[attr-defined]

    def find(self, identifier: str) -> Person | None:
        """A provider id (`ACoAA…`) or a public identifier (`jane-doe`, any case)."""
        person = self._by_provider_id.get(identifier)  # type: ignore[attr-defined]
        if person is None:
            person = self._by_public_id.get(identifier.lower())  # type: ignore[attr-defined]
        return person


EMPTY_DIRECTORY = PeopleDirectory((), (), (), (), (), (), ())


@dataclass(frozen=True, slots=True)
class RelationsMix:
    """How an account's network is drawn: how many relations, and how the others spread."""

    per_account: int
    second_degree: float
    third_degree: float
    since_days: int


@dataclass(frozen=True, slots=True)
class InitialRelation:
    provider_id: str
    created_at_ms: int
    connection_id: str  # the digits of `urn:li:fsd_connection:…`


@dataclass(frozen=True)
class AccountNetworkSeed:
    """Where everyone stands from one account before the world starts (shared, read-only)."""

    distances: Mapping[str, int]  # provider id -> SECOND / THIRD (absent: out of network)
    relations: tuple[InitialRelation, ...]


def draw_account_network(
    directory: PeopleDirectory,
    mix: RelationsMix,
    fixed: Mapping[str, int],
    rng: random.Random,
    start_ms: int,
    fixed_since: Mapping[str, int] | None = None,
) -> AccountNetworkSeed:
    """Place everyone at a distance from one account, from `rng` alone (deterministic).

    `fixed` holds the distances listed people declare; the rest are shuffled, the first
    `per_account` become relations and the next shares become 2nd and 3rd degree.
    """
    since_ms = max(mix.since_days, 1) * 86_400_000
    free = [p.provider_id for p in directory.people if p.provider_id not in fixed]
    rng.shuffle(free)
    distances: dict[str, int] = {}
    relation_ids = [pid for pid, d in fixed.items() if d == FIRST]
    wanted_relations = max(mix.per_account - len(relation_ids), 0)
    relation_ids += free[:wanted_relations]
    rest = free[wanted_relations:]
    seconds = round(len(rest) * mix.second_degree)
    thirds = min(round(len(rest) * mix.third_degree), len(rest) - seconds)
    for pid in rest[:seconds]:
        distances[pid] = SECOND
    for pid in rest[seconds : seconds + thirds]:
        distances[pid] = THIRD
    for pid, distance in fixed.items():
        if distance in (SECOND, THIRD):
            distances[pid] = distance
    relations = []
    for pid in relation_ids:
        distances[pid] = FIRST
        created = (fixed_since or {}).get(pid)
        if created is None:
            created = start_ms - rng.randint(60_000, since_ms)
        relations.append(InitialRelation(pid, created, str(rng.getrandbits(62))))
    return AccountNetworkSeed(MappingProxyType(distances), tuple(relations))


def shared_connections(account_id: str, person: Person, distance: int) -> int:
    """A stable, plausible count of shared connections (no RNG: reads must not draw)."""
    if distance == OUT_OF_NETWORK:
        return 0
    spread = {FIRST: 60, SECOND: 25, THIRD: 3}[distance]
    return zlib.crc32(f"{account_id}/{person.provider_id}".encode()) % spread + (distance == SECOND)


def search_words(text: str) -> tuple[str, ...]:
    """Lower-case words of `text`, punctuation dropped ("CTO | Acme" -> ("cto", "acme"))."""
    return tuple(_WORD.findall(text.casefold()))
