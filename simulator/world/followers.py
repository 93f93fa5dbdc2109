"""Who follows an account (reference part 2 §4.4, `GET /users/followers`).

LinkedIn: every relation follows the account (connections follow each other), and three
members in a hundred follow it without being connected. Instagram: the members who follow the
account back (world/contacts.py: seven in ten, and every listed person). Followers come in the
directory's order, so a page is a scan from where the last one ended; whether a member follows
is derived from a hash of the pair, never drawn, so reading followers never moves a world's
random stream. Only the account's own followers are simulated.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from simulator.world.contacts import INSTAGRAM, Contact, contact_of, follows_back
from simulator.world.errors import ApiError
from simulator.world.people import FIRST, Person

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.world import World

FOLLOWER_TYPES = ("LINKEDIN", INSTAGRAM)


class Followers:
    def __init__(self, world: World) -> None:
        self._world = world

    def page(
        self, account_id: str, user_id: str | None, start: int, limit: int
    ) -> tuple[Account, list[Person | Contact], int | None]:
        """(the account, up to `limit` followers from directory index `start`, where the next
        page starts or None)."""
        account = self._world.accounts.get(account_id)
        if account.type not in FOLLOWER_TYPES:
            raise ApiError(
                "feature_not_implemented",
                f"account_id: {account.type} accounts have no followers (LinkedIn, Instagram)",
            )
        self._world.accounts.require_usable(account.id)
        if user_id is not None and user_id not in _own_ids(account):
            raise ApiError(
                "feature_not_implemented",
                "user_id: only the account's own followers are simulated",
            )
        people = self._world.blueprint.people.people
        found: list[Person | Contact] = []
        index = start
        while index < len(people):  # one follower past the page says whether there is more
            follower = self._follower(account, people[index])
            if follower is not None:
                if len(found) == limit:
                    return account, found, index
                found.append(follower)
            index += 1
        return account, found, None

    def _follower(self, account: Account, person: Person) -> Person | Contact | None:
        if account.type == INSTAGRAM:
            contact = contact_of(person, INSTAGRAM)
            return contact if follows_back(account.id, contact) else None
        if self._world.network.distance(account, person) == FIRST:
            return person
        share = zlib.crc32(f"{account.id}/{person.provider_id}/follows".encode()) % 100
        return person if share < 3 else None


def _own_ids(account: Account) -> tuple[str, ...]:
    return tuple(
        value
        for value in (account.id, account.provider_user_id, account.public_identifier,
                      account.username)  # fmt: skip
        if value
    )
