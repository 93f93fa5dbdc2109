"""The people of the network as WhatsApp, Instagram, Telegram and Messenger know them.

Unipile's chats on these providers name their attendees by the provider's own ids (reference
part 2 §3.1): WhatsApp `<international digits>@s.whatsapp.net` (or `@lid`), Instagram's
`provider_messaging_id`, Telegram's user id, Messenger's id. Every member of the simulated
network has one identity per provider, derived from their place in the directory by a bijection
on a fixed number of digits: the id is computed, never stored, and an id a client sends leads
back to its person without an index. Who is reachable is derived the same way, from a hash, so
reads never move a world's random stream:

- WhatsApp: nine generated members in ten have WhatsApp on their number; the tenth's number
  exists but is not on WhatsApp. A well-formed number the network does not know is on WhatsApp,
  a contact with no name but the number (as the phone shows it).
- Instagram: whether a generated member follows an account back is a property of the pair
  (seven in ten do); a first message to someone who does not follow the account is refused
  (see world/messaging.py).
- The people a scenario lists (`people.listed`) are on WhatsApp and follow every account: the
  stories name them.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.world.people import PeopleDirectory, Person

if TYPE_CHECKING:
    from simulator.world.accounts import Account

LINKEDIN = "LINKEDIN"
WHATSAPP = "WHATSAPP"
INSTAGRAM = "INSTAGRAM"
TELEGRAM = "TELEGRAM"
MESSENGER = "MESSENGER"
OTHER_PROVIDERS = (WHATSAPP, INSTAGRAM, TELEGRAM, MESSENGER)
MESSAGING_PROVIDERS = (LINKEDIN, *OTHER_PROVIDERS)

WHATSAPP_USER = "@s.whatsapp.net"
WHATSAPP_LID = "@lid"
WHATSAPP_GROUP = "@g.us"
_WHATSAPP_ID = re.compile(r"^\+?(\d+)(@s\.whatsapp\.net|@lid)?$")
E164_DIGITS = (8, 15)  # an international number without its "+": country code and subscriber


@dataclass(frozen=True, slots=True)
class _Numbering:
    """`prefix` + `width` digits, a bijection of the directory index (odd, not a multiple of 5:
    invertible modulo 10**width)."""

    prefix: str
    width: int
    multiplier: int
    offset: int

    def of(self, index: int) -> str:
        modulus = 10**self.width
        return f"{self.prefix}{(index * self.multiplier + self.offset) % modulus:0{self.width}d}"

    def index(self, number: str) -> int | None:
        if not number.startswith(self.prefix) or len(number) != len(self.prefix) + self.width:
            return None
        digits = number[len(self.prefix) :]
        if not digits.isdigit():
            return None
        modulus = 10**self.width
        return ((int(digits) - self.offset) * pow(self.multiplier, -1, modulus)) % modulus


_PHONE = _Numbering("336", 8, 7_919_813, 20_481_357)  # French mobiles: 336 + 8 digits
_LID = _Numbering("2", 14, 48_271_211, 3_141_592_653_589)
_INSTAGRAM_USER = _Numbering("5", 10, 69_069_001, 1_234_567_891)
_INSTAGRAM_MESSAGING = _Numbering("1784", 13, 2_862_933_557, 915_283_716_401)
_TELEGRAM = _Numbering("7", 9, 40_692_017, 271_828_182)
_MESSENGER = _Numbering("1000", 11, 1_103_515_247, 12_345_678_901)


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone an account of `provider` can write to."""

    provider: str
    provider_id: str  # what `attendees_ids` carries, and what a message's `sender_id` shows
    name: str
    username: str | None  # Instagram, Telegram, Messenger handles
    phone: str | None  # WhatsApp: the international digits
    person: Person | None  # the member of the network; None for a number nobody knows
    public_id: str | None = None  # Instagram: the user's id (messages use the messaging id)
    reachable: bool = True  # WhatsApp: the number is on WhatsApp

    @property
    def lid(self) -> str | None:
        """WhatsApp's other id for a known member (`…@lid`)."""
        if self.provider != WHATSAPP or self.person is None:
            return None
        return _LID.of(self.person.index) + WHATSAPP_LID


def contact_of(person: Person, provider: str) -> Contact:
    """A member's identity on `provider` (one of OTHER_PROVIDERS)."""
    index = person.index
    handle = person.public_identifier
    if provider == WHATSAPP:
        phone = _PHONE.of(index)
        on_whatsapp = person.listed or _share(person, "whatsapp") >= 10
        return Contact(WHATSAPP, phone + WHATSAPP_USER, person.full_name, None, phone, person,
                       reachable=on_whatsapp)  # fmt: skip
    if provider == INSTAGRAM:
        return Contact(INSTAGRAM, _INSTAGRAM_MESSAGING.of(index), person.full_name,
                       handle.replace("-", "."), None, person, _INSTAGRAM_USER.of(index))  # fmt: skip
    if provider == TELEGRAM:
        return Contact(TELEGRAM, _TELEGRAM.of(index), person.full_name,
                       handle.replace("-", "_"), None, person)  # fmt: skip
    if provider == MESSENGER:
        return Contact(MESSENGER, _MESSENGER.of(index), person.full_name,
                       handle.replace("-", "."), None, person)  # fmt: skip
    raise ValueError(f"no contacts on {provider}")


class RecipientError(ValueError):
    """An id that cannot name anyone on the provider; the message says what the form is."""


def find_contact(directory: PeopleDirectory, provider: str, raw_id: str) -> Contact | None:
    """The contact an id names on `provider`, or None when it names nobody.

    Raises RecipientError when the id is not of the provider's form at all.
    """
    if provider == WHATSAPP:
        return _whatsapp_contact(directory, raw_id)
    numbering = {
        INSTAGRAM: _INSTAGRAM_MESSAGING,
        TELEGRAM: _TELEGRAM,
        MESSENGER: _MESSENGER,
    }[provider]
    if not raw_id.isdigit():
        raise RecipientError(f"a {provider} attendee id is numeric, got {raw_id!r}")
    index = numbering.index(raw_id)
    if index is None and provider == INSTAGRAM:
        index = _INSTAGRAM_USER.index(raw_id)  # the user id, not the messaging id: accepted
    if index is None or index >= len(directory.people):
        return None
    return contact_of(directory.people[index], provider)


def instagram_user(directory: PeopleDirectory, identifier: str) -> Contact | None:
    """A member named by their Instagram user id, messaging id or username (`@` optional)."""
    if identifier.isdigit():
        try:
            return find_contact(directory, INSTAGRAM, identifier)
        except RecipientError:
            return None
    person = directory.find(identifier.lstrip("@").replace(".", "-"))
    return contact_of(person, INSTAGRAM) if person is not None else None


def _whatsapp_contact(directory: PeopleDirectory, raw_id: str) -> Contact:
    match = _WHATSAPP_ID.match(raw_id)
    if match is None:
        raise RecipientError(
            f"a WhatsApp attendee is '<international digits>@s.whatsapp.net' (or '@lid'), "
            f"e.g. 33612345678@s.whatsapp.net; got {raw_id!r}"
        )
    digits, suffix = match.group(1), match.group(2) or WHATSAPP_USER
    numbering = _LID if suffix == WHATSAPP_LID else _PHONE
    index = numbering.index(digits)
    if index is not None and index < len(directory.people):
        return contact_of(directory.people[index], WHATSAPP)
    if suffix == WHATSAPP_LID:
        raise RecipientError(f"{raw_id!r} is no WhatsApp user's id")
    low, high = E164_DIGITS
    if digits.startswith("0") or not low <= len(digits) <= high:
        raise RecipientError(
            f"{raw_id!r}: a WhatsApp number is {low}-{high} international digits (E.164, "
            "country code first, no leading 0)"
        )
    return Contact(WHATSAPP, digits + WHATSAPP_USER, "+" + digits, None, digits, None)


def own_provider_id(account: Account) -> str:
    """The account's own id at its provider: the sender id of what it sends."""
    if account.type == WHATSAPP and account.phone_number:
        return account.phone_number + WHATSAPP_USER
    return account.provider_user_id or account.id


def follows_back(account_id: str, contact: Contact) -> bool:
    """Instagram: whether this member follows the account (seven in ten do; listed people do)."""
    if contact.person is not None and contact.person.listed:
        return True
    return zlib.crc32(f"{account_id}/{contact.provider_id}/follows".encode()) % 10 < 7


def is_private(contact: Contact) -> bool:
    """Instagram: one user in four keeps a private account (never the people a scenario lists,
    whose stories need their posts)."""
    if contact.person is not None and contact.person.listed:
        return False
    return zlib.crc32(f"{contact.provider_id}/private".encode()) % 4 == 0


def follows_of(account_id: str, contact: Contact) -> bool:
    """Instagram: whether the account follows this member (half of them)."""
    return zlib.crc32(f"{account_id}/{contact.provider_id}/followed".encode()) % 2 == 0


def _share(person: Person, what: str) -> int:
    """0-99, stable for (person, what): the hash that decides a member's per-provider traits."""
    return zlib.crc32(f"{person.provider_id}/{what}".encode()) % 100
