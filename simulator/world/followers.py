"""Who follows an account (reference part 2 §4.4, `GET /users/followers`).

LinkedIn: every relation follows the account (connections follow each other), and three
members in a hundred follow it without being connected. Instagram: the members who follow the
account back (world/contacts.py: seven in ten, and every listed person).

Instagram also answers who the account follows (half the members, `follows_of`), and, with
`user_id`, another user's followers and following: between two members, one follows the other
for fifteen pairs in a hundred. On LinkedIn only the account's own lists are simulated.

Both lists come in the directory's order, so a page is a scan from where the last one ended;
whether someone follows is derived from a hash of the pair, never drawn, so reading them never
moves a world's random stream.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.world.contacts import (
    INSTAGRAM,
    Contact,
    contact_of,
    follows_back,
    follows_of,
    instagram_user,
)
from simulator.world.errors import ApiError, not_found
from simulator.world.people import FIRST, Person

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.world import World

FOLLOWER_TYPES = ("LINKEDIN", INSTAGRAM)
MEMBER_FOLLOWS_PER_HUNDRED = 15
DAY_MS = 86_400_000


class Followers:
    def __init__(self, world: World) -> None:
        self._world = world

    def page(
        self, account_id: str, user_id: str | None, start: int, limit: int
    ) -> tuple[Account, list[Person | Contact], int | None]:
        """(the account, up to `limit` followers from directory index `start`, where the next
        page starts or None)."""
        account = self._account(account_id, "followers")
        member = self._member(account, user_id, "followers")
        if member is not None:
            found, next_start = self._scan(start, limit, lambda p: _follows(p, member), member)
        else:
            found, next_start = self._scan(
                start, limit, lambda p: self._follows_account(account, p)
            )
        if account.type == INSTAGRAM:
            return account, [contact_of(p, INSTAGRAM) for p in found], next_start
        return account, list(found), next_start

    def following_page(
        self, account_id: str, user_id: str | None, start: int, limit: int
    ) -> tuple[list[tuple[Contact, int]], int | None]:
        """Instagram: who the account (or `user_id`) follows, as `page` pages, each with when
        the follow began (ms, before the world started)."""
        account = self._account(account_id, "following")
        if account.type != INSTAGRAM:
            raise ApiError(
                "feature_not_implemented",
                "account_id: LinkedIn's following is the relations list (world/relations.py)",
            )
        member = self._member(account, user_id, "following")
        if member is not None:
            found, next_start = self._scan(start, limit, lambda p: _follows(member, p), member)
        else:
            found, next_start = self._scan(
                start, limit, lambda p: follows_of(account.id, contact_of(p, INSTAGRAM))
            )
        follower = member.provider_id if member is not None else account.id
        start_ms = self._world.blueprint.start_ms
        return [
            (contact_of(p, INSTAGRAM), start_ms - _days_ago(follower, p) * DAY_MS) for p in found
        ], next_start

    def _account(self, account_id: str, what: str) -> Account:
        account = self._world.accounts.get(account_id)
        if account.type not in FOLLOWER_TYPES:
            raise ApiError(
                "feature_not_implemented",
                f"account_id: {account.type} accounts have no {what} (LinkedIn, Instagram)",
            )
        self._world.accounts.require_usable(account.id)
        return account

    def _member(self, account: Account, user_id: str | None, what: str) -> Person | None:
        """The member `user_id` names, or None for the account itself."""
        if user_id is None or user_id in _own_ids(account):
            return None
        if account.type != INSTAGRAM:
            raise ApiError(
                "feature_not_implemented",
                f"user_id: on LinkedIn only the account's own {what} are simulated",
            )
        contact = instagram_user(self._world.blueprint.people, user_id)
        if contact is None or contact.person is None:
            raise not_found("User")
        return contact.person

    def _scan(
        self, start: int, limit: int, follows: Callable[[Person], bool],
        exclude: Person | None = None,
    ) -> tuple[list[Person], int | None]:  # fmt: skip
        people = self._world.blueprint.people.people
        found: list[Person] = []
        index = start
        while index < len(people):  # one past the page says whether there is more
            person = people[index]
            if person is not exclude and follows(person):
                if len(found) == limit:
                    return found, index
                found.append(person)
            index += 1
        return found, None

    def _follows_account(self, account: Account, person: Person) -> bool:
        if account.type == INSTAGRAM:
            return follows_back(account.id, contact_of(person, INSTAGRAM))
        if self._world.network.distance(account, person) == FIRST:
            return True
        share = zlib.crc32(f"{account.id}/{person.provider_id}/follows".encode()) % 100
        return share < 3


def _days_ago(follower: str, followed: Person) -> int:
    return 1 + zlib.crc32(f"{follower}/{followed.provider_id}/since".encode()) % 700


def _follows(follower: Person, followed: Person) -> bool:
    """Between two members on Instagram: whether `follower` follows `followed`."""
    pair = f"{followed.provider_id}/{follower.provider_id}/instagram-follows"
    return zlib.crc32(pair.encode()) % 100 < MEMBER_FOLLOWS_PER_HUNDRED


def _own_ids(account: Account) -> tuple[str, ...]:
    return tuple(
        value
        for value in (
            account.id,
            account.provider_user_id,
            account.public_identifier,
            account.username,
        )  # fmt: skip
        if value
    )
