"""Endorsing a relation's skill (reference part 2 §4.4). Each skill a profile shows has an
`endorsement_id` (a number, stable per member and skill); an account endorses a skill of a
1st-degree relation once (422 `no_connection_with_recipient` otherwise), and the profile then
shows it `endorsed`, its count one higher.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from simulator.world.errors import ApiError
from simulator.world.people import FIRST, Person

if TYPE_CHECKING:
    from simulator.world.world import World


def endorsement_id(person: Person, skill: str) -> int:
    return zlib.crc32(f"{person.provider_id}/{skill}/endorsement".encode()) or 1


def base_count(person: Person, skill: str) -> int:
    return zlib.crc32(f"{person.provider_id}/{skill}".encode()) % 40


class Endorsements:
    def __init__(self, world: World) -> None:
        self._world = world
        self._given: set[tuple[str, str, str]] = set()  # (account, member, skill)

    def endorse(self, account_id: str, profile_id: str, skill_endorsement_id: int) -> bool:
        network = self._world.network
        account = network.owner(account_id)
        self._world.accounts.require_usable(account.id)
        person = network.person(profile_id)
        skill = next(
            (s for s in person.skills if endorsement_id(person, s) == skill_endorsement_id), None
        )
        if skill is None:
            raise ApiError(
                "resource_not_found",
                f"skill_endorsement_id: {person.full_name} shows no skill {skill_endorsement_id}",
            )
        if network.distance(account, person) != FIRST:
            raise ApiError(
                "no_connection_with_recipient",
                f"profile_id: only a relation's skills can be endorsed ({person.full_name})",
            )
        self._given.add((account.id, person.provider_id, skill))
        return True

    def endorsed(self, account_id: str, person: Person) -> frozenset[str]:
        """The skills of `person` the account endorsed."""
        return frozenset(
            skill for a, p, skill in self._given if a == account_id and p == person.provider_id
        )
