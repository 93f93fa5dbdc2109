"""Chat attendees: the people an account's inbox knows (reference §5.5).

An attendee is a LinkedIn member (`person`), or a contact on WhatsApp, Instagram, Telegram or
Messenger (`contact`, world/contacts.py), as one account's inbox knows them, with their own
Unipile id; each account also has a *self* attendee (`is_self: 1`), the sender of its own
messages.
Attendee records are immutable and shared by the blueprint's history and every world made from
it. How far the person stands from the account is read from the network when rendered, never
stored: it changes when an invitation is accepted.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from simulator.world.contacts import Contact
from simulator.world.errors import ApiError
from simulator.world.index import OrderedIndex, PageSlice, page_across
from simulator.world.people import Person


@dataclass(frozen=True, slots=True)
class Attendee:
    id: str
    account_id: str
    provider_id: str
    seq: int
    person: Person | None  # the LinkedIn member; None on other providers and for the account
    contact: Contact | None = None  # the contact on another provider

    @property
    def is_self(self) -> bool:
        return self.person is None and self.contact is None


class AttendeeBook:
    """Every attendee of one world: by id, by (account, member), and per account in the order
    they were met."""

    def __init__(self) -> None:
        self._by_id: dict[str, Attendee] = {}
        self._by_member: dict[tuple[str, str], Attendee] = {}
        self._per_account: dict[str, OrderedIndex[int]] = {}
        self.next_seq = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, attendee: Attendee) -> Attendee:
        self._by_id[attendee.id] = attendee
        self._by_member[(attendee.account_id, attendee.provider_id)] = attendee
        index = self._per_account.get(attendee.account_id)
        if index is None:
            index = self._per_account[attendee.account_id] = OrderedIndex()
        index.add(attendee.seq, attendee.id)
        self.next_seq = max(self.next_seq, attendee.seq + 1)
        return attendee

    def find(self, attendee_id: str) -> Attendee | None:
        return self._by_id.get(attendee_id)

    def get(self, attendee_id: str) -> Attendee:
        attendee = self._by_id.get(attendee_id)
        if attendee is None:
            raise ApiError(
                "resource_not_found", f"Attendee not found (attendee_id {attendee_id!r})"
            )
        return attendee

    def of_member(self, account_id: str, provider_id: str) -> Attendee | None:
        return self._by_member.get((account_id, provider_id))

    def of_members(self, account_ids: list[str], provider_id: str) -> list[Attendee]:
        """The attendees a member is in each of these accounts' inboxes."""
        found = (self._by_member.get((account_id, provider_id)) for account_id in account_ids)
        return [attendee for attendee in found if attendee is not None]

    def page(self, account_ids: list[str], after: int | None, limit: int) -> PageSlice:
        """Attendees of these accounts, in the order they were met."""
        indexes = [self._per_account[a] for a in account_ids if a in self._per_account]
        return page_across(indexes, after, limit)

    def forget_account(self, account_id: str) -> list[Attendee]:
        """Drops the account's attendees and returns them."""
        index = self._per_account.pop(account_id, None)
        if index is None:
            return []
        gone = [self._by_id.pop(attendee_id) for attendee_id in index.page(None, len(index)).ids]
        for attendee in gone:
            del self._by_member[(attendee.account_id, attendee.provider_id)]
        return gone


def attendee_id(account_id: str, provider_id: str) -> str:
    """A member's attendee id in one account's inbox: 22 URL-safe characters, derived from the
    pair rather than drawn, so reading an inbox never moves the world's random stream and every
    world of a blueprint agrees on it."""
    digest = hashlib.blake2b(f"{account_id}/{provider_id}".encode(), digest_size=16).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
