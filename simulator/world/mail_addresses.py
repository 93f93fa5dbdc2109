"""Email addresses of the world: an account's own, a person's work address, and the check a
recipient's address must pass."""

from __future__ import annotations

import re
import unicodedata

from simulator.world.accounts import Account
from simulator.world.emails import Address
from simulator.world.people import Person

# One `@`, a dot in the domain, no spaces: what SMTP servers accept as a mailbox, without
# judging quoted local parts (RFC 5321's full grammar is rarely what a product sends).
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_DOMAINS = {
    "GOOGLE_OAUTH": "gmail.com",
    "OUTLOOK": "outlook.com",
    "EXCHANGE": "corp.example",
    "MAIL": "mail.example",
    "ICLOUD": "icloud.com",
}


def is_address(text: str) -> bool:
    return len(text) <= 254 and _ADDRESS.fullmatch(text) is not None


def work_address(person: Person) -> Address:
    """A person's work address: `first.last@company.example`."""
    local = f"{ascii_word(person.first_name)}.{ascii_word(person.last_name)}"
    domain = ascii_word(person.company.name) or "company"
    return Address(f"{local}@{domain}.example", f"{person.first_name} {person.last_name}")


def own_address(account: Account) -> Address:
    if account.email:
        return Address(account.email, account.name)
    return Address(f"{ascii_word(account.name) or 'me'}@{_DOMAINS[account.type]}", account.name)


def provider_domain(account_type: str) -> str:
    """The domain the provider's own mailers write from (its mailer daemon, say)."""
    return _DOMAINS[account_type].replace(".example", "-mail.example")


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()


def ascii_word(text: str | None) -> str:
    if not text:
        return ""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", plain)
