"""Each LinkedIn account's place in the network: distances, and its 1st-degree relations.

A world starts from the blueprint's shared network seeds and copies nothing up front: an
account's relations index is built the first time that account's network is touched, and an
account connected while the world runs gets a network drawn for it on first use.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.world.errors import ApiError, not_found
from simulator.world.index import OrderedIndex
from simulator.world.people import (
    FIRST,
    OUT_OF_NETWORK,
    AccountNetworkSeed,
    PeopleDirectory,
    Person,
    draw_account_network,
    shared_connections,
)

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.world import World


@dataclass(frozen=True, slots=True)
class Relation:
    person: Person
    created_at_ms: int
    seq: int
    connection_id: str

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.created_at_ms, self.seq)


class AccountGraph:
    """One account's view of the network; mutable, private to its world."""

    def __init__(self, seed: AccountNetworkSeed, directory: PeopleDirectory) -> None:
        self._seed = seed
        self._relations: dict[str, Relation] = {}
        self._newest_first: OrderedIndex[tuple[int, int]] = OrderedIndex(newest_first=True)
        self._next_seq = 0
        for initial in seed.relations:
            person = directory.by_provider_id(initial.provider_id)
            if person is not None:
                self._add(
                    Relation(person, initial.created_at_ms, self._take_seq(), initial.connection_id)
                )

    def __len__(self) -> int:
        return len(self._relations)

    def distance(self, person: Person) -> int:
        if person.provider_id in self._relations:
            return FIRST
        return self._seed.distances.get(person.provider_id, OUT_OF_NETWORK)

    def relation(self, provider_id: str) -> Relation | None:
        return self._relations.get(provider_id)

    def connect(self, person: Person, at_ms: int, connection_id: str) -> Relation:
        existing = self._relations.get(person.provider_id)
        if existing is not None:
            return existing
        return self._add(Relation(person, at_ms, self._take_seq(), connection_id))

    def page(
        self, after: tuple[int, int] | None, limit: int, name_filter: str | None
    ) -> tuple[list[Relation], tuple[int, int] | None]:
        keep = self._named(name_filter.casefold()) if name_filter else None
        sliced = self._newest_first.page(after, limit, keep=keep)
        return [self._relations[pid] for pid in sliced.ids], sliced.next_after

    def _named(self, needle: str) -> Callable[[str], bool]:
        return lambda provider_id: self._relations[provider_id].person.matches_name(needle)

    def _add(self, relation: Relation) -> Relation:
        self._relations[relation.person.provider_id] = relation
        self._newest_first.add(relation.sort_key, relation.person.provider_id)
        return relation

    def _take_seq(self) -> int:
        self._next_seq += 1
        return self._next_seq


@dataclass(frozen=True, slots=True)
class ProfileView:
    """A member as one account sees them: what `GET /users/{identifier}` renders."""

    person: Person
    distance: int
    invitation: dict[str, str] | None
    shared_connections: int
    endorsed: frozenset[str] = frozenset()  # the skills the account endorsed


class Network:
    """The world's LinkedIn network: shared people, per-account graphs made on first use."""

    def __init__(self, world: World) -> None:
        self._world = world
        blueprint = world.blueprint
        self.directory: PeopleDirectory = blueprint.people
        self._seeds = blueprint.networks
        self._graphs: dict[str, AccountGraph] = {}

    def graph(self, account: Account) -> AccountGraph:
        graph = self._graphs.get(account.id)
        if graph is None:
            seed = self._seeds.get(account.id) or self._draw_for(account)
            graph = self._graphs[account.id] = AccountGraph(seed, self.directory)
        return graph

    def owner(self, account_id: str) -> Account:
        """The LinkedIn account behind `/users/me` (stale data is fine: no usable check)."""
        return require_linkedin(self._world.accounts.get(account_id))

    def profile(self, account_id: str, identifier: str, api: str | None = None) -> ProfileView:
        """Visiting a profile is a live LinkedIn call: the account must be usable, and the
        Recruiter / Sales Navigator flavours need their seat."""
        accounts = self._world.accounts
        account = require_linkedin(accounts.get(account_id))
        accounts.require_usable(account_id)
        if api is not None and api not in account.premium_features:
            raise ApiError(
                "feature_not_subscribed", f"linkedin_api: this account has no {api} seat"
            )
        person = self.person(identifier)
        caps = self._world.daily_caps
        caps.check(account.id, "profile_views")
        caps.count(account.id, "profile_views")
        distance = self.distance(account, person)
        return ProfileView(
            person,
            distance,
            self._world.invitations.profile_invitation(account.id, person),
            shared_connections(account.id, person, distance),
            self._world.endorsements.endorsed(account.id, person),
        )

    def relations_page(
        self, account_id: str, after: tuple[int, int] | None, limit: int, name_filter: str | None
    ) -> tuple[list[Relation], tuple[int, int] | None]:
        """Relations newest first; a stored list, readable while the account is disconnected."""
        return self.graph(self.owner(account_id)).page(after, limit, name_filter)

    def person(self, identifier: str) -> Person:
        """A member by provider id or public identifier; 404 "User not found" otherwise."""
        person = self.directory.find(identifier)
        if person is None:
            raise not_found("User")
        return person

    def distance(self, account: Account, person: Person) -> int:
        return self.graph(account).distance(person)

    def connect(self, account: Account, person: Person) -> Relation:
        """`person` becomes a 1st-degree relation now (an accepted invitation, either way)."""
        return self.graph(account).connect(
            person, self._world.now_ms(), str(self._world.rng.getrandbits(62))
        )

    def relations(self, account: Account) -> Iterator[Relation]:
        graph = self.graph(account)
        after = None
        while True:
            page, after = graph.page(after, 500, None)
            yield from page
            if after is None:
                return

    def _draw_for(self, account: Account) -> AccountNetworkSeed:
        """An account connected at run time: drawn from the world's seed and its id, so the
        same request sequence gives the same network."""
        blueprint = self._world.blueprint
        rng = random.Random(f"{blueprint.seed}/network/{account.id}")
        return draw_account_network(
            self.directory,
            blueprint.relations_mix,
            blueprint.fixed_distances,
            rng,
            self._world.now_ms(),
        )


def require_linkedin(account: Account) -> Account:
    """Network routes act through LinkedIn accounts only (reference §6.3: `invalid_account`)."""
    if account.type != "LINKEDIN":
        raise ApiError(
            "invalid_account",
            f"account_id: account {account.id} is a {account.type} account, not LINKEDIN",
        )
    return account
