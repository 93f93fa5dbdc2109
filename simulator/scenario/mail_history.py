"""Compile the email accounts' `mailbox` into the emails a world starts with, once.

Each account draws from its own stream (`{seed}/mail/{account id}`): adding a mailbox never
changes anything else the blueprint compiles. Threads are between the account and people of
the network, by their work addresses; the records are immutable and shared by every world.
"""

from __future__ import annotations

import base64
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence

from pydantic import Field

from simulator.scenario.network_schema import _Spec
from simulator.world.accounts import Account
from simulator.world.emails import Address, Email, MailAttachment
from simulator.world.mail_folders import FOLDER_MODEL, GMAIL, OUTLOOK, folders_of
from simulator.world.people import PeopleDirectory, Person

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
MAX_GENERATED = 200_000


class MailboxSpec(_Spec):
    """An email account's history: `generate` emails in threads with people of the network,
    over the `days` before the start (labels or folders, read and unread, some attachments)."""

    generate: int = Field(0, ge=0, le=MAX_GENERATED)
    days: int = Field(60, ge=1, le=3650)


_SUBJECTS = (
    "Quick question about {company}",
    "Proposal for {company}",
    "Following up on our call",
    "Pricing and next steps",
    "Intro: {first} <> {me}",
    "Notes from today's demo",
    "Pilot timeline",
    "Contract draft",
)
_FROM_THEM = (
    "Hi {me}, thanks for the note. Could you send over the details?",
    "Thanks, this looks interesting. Can we talk next week?",
    "Hi {me}, attached is what we discussed. Let me know what you think.",
    "Not the right time for us, but let's stay in touch.",
    "Sounds good, Thursday works for me.",
)
_FROM_ME = (
    "Hi {first}, following up on my last email: is this still a priority for {company}?",
    "Hi {first}, here is the proposal we discussed.",
    "Thanks {first}, I'll send an invite for Thursday.",
    "Hi {first}, quick question about how your team handles outreach today.",
)
_PDF_TYPE = "application/pdf"
# A document people attach: a one-page PDF, small and real.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def work_address(person: Person) -> Address:
    """A person's work address: `first.last@company.example`."""
    local = f"{_ascii(person.first_name)}.{_ascii(person.last_name)}"
    domain = _ascii(person.company.name) or "company"
    return Address(f"{local}@{domain}.example", f"{person.first_name} {person.last_name}")


def own_address(account: Account) -> Address:
    if account.email:
        return Address(account.email, account.name)
    return Address(f"{_ascii(account.name) or 'me'}@{_DOMAINS[account.type]}", account.name)


_DOMAINS = {
    "GOOGLE_OAUTH": "gmail.com",
    "OUTLOOK": "outlook.com",
    "EXCHANGE": "corp.example",
    "MAIL": "mail.example",
    "ICLOUD": "icloud.com",
}


def compile_mail_history(
    mailbox_of: Mapping[str, MailboxSpec],
    accounts: Sequence[Account],
    people: PeopleDirectory,
    seed: int,
    start_ms: int,
) -> dict[str, tuple[Email, ...]]:
    history: dict[str, tuple[Email, ...]] = {}
    for account in accounts:
        spec = mailbox_of.get(account.id)
        if spec is None or spec.generate == 0:
            continue
        rng = random.Random(f"{seed}/mail/{account.id}")
        history[account.id] = tuple(_generate(account, spec, people, rng, start_ms))
    return history


def _generate(
    account: Account, spec: MailboxSpec, people: PeopleDirectory, rng: random.Random, start_ms: int
) -> list[Email]:
    model = FOLDER_MODEL[account.type]
    folders = {f.role: f.provider_id for f in folders_of(account.id, account.type)}
    label = next((f.provider_id for f in folders_of(account.id, account.type)
                  if f.role == "unknown"), None)  # fmt: skip
    me = own_address(account)
    emails: list[Email] = []
    seq = 0
    pool = people.people
    while len(emails) < spec.generate:
        person = pool[rng.randrange(len(pool))] if pool else None
        them = work_address(person) if person is not None else Address("someone@example.com")
        fields = {
            "first": person.first_name if person else "there",
            "company": person.company.name if person else "your team",
            "me": (account.name or "there").split()[0],
        }
        length = min(rng.randint(1, 4), spec.generate - len(emails))
        at = start_ms - rng.randint(HOUR_MS, spec.days * DAY_MS)
        subject = rng.choice(_SUBJECTS).format(**fields)
        thread_id = _thread_id(model, rng)
        parent: Email | None = None
        inbound = rng.random() < 0.6
        for position in range(length):
            key = (at, seq)
            seq += 1
            sender, recipient = (them, me) if inbound else (me, them)
            text = rng.choice(_FROM_THEM if inbound else _FROM_ME).format(**fields)
            attachments: tuple[MailAttachment, ...] = ()
            if inbound and rng.random() < 0.1:
                attachments = (MailAttachment(_unique(rng), "proposal.pdf", _PDF_TYPE, _PDF),)
            if inbound:
                box = [folders["inbox"]]
                if model == GMAIL and rng.random() < 0.3:
                    box.append(folders["important"])
                if model == GMAIL and label is not None and rng.random() < 0.15:
                    box.append(label)
            else:
                box = [folders["sent"]]
            read_ms: int | None = at  # what the account sent, it read when sending
            if inbound:
                unread = start_ms - at < DAY_MS and rng.random() < 0.7  # recent mail waits
                read_ms = None if unread else at + rng.randint(1, HOUR_MS)
            email = Email(
                id=_unique(rng),
                account_id=account.id,
                key=key,
                message_id=f"<{_unique(rng)}@{sender.identifier.split('@', 1)[1]}>",
                uid=_uid(model, rng),
                thread_id=thread_id,
                subject=subject if position == 0 else f"Re: {subject}",
                sender=sender,
                to=(recipient,),
                body=f"<p>{text}</p>",
                body_plain=text,
                attachments=attachments,
                folders=tuple(box),
                read_ms=read_ms,
                in_reply_to=parent.id if parent is not None else None,
            )
            emails.append(email)
            parent = email
            inbound = not inbound
            at = min(at + rng.randint(10 * 60_000, 2 * DAY_MS), start_ms - 60_000)
    return emails


def _unique(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).rstrip(b"=").decode()


def _uid(model: str, rng: random.Random) -> str:
    if model == GMAIL:
        return f"{rng.getrandbits(64):016x}"
    if model == OUTLOOK:
        raw = rng.getrandbits(8 * 45).to_bytes(45, "big")
        return "AAMkAD" + base64.urlsafe_b64encode(raw).decode()
    return str(rng.randrange(1, 10**7))


def _thread_id(model: str, rng: random.Random) -> str:
    if model == OUTLOOK:
        raw = rng.getrandbits(8 * 30).to_bytes(30, "big")
        return "AAQkAD" + base64.urlsafe_b64encode(raw).decode()
    return f"{rng.getrandbits(64):016x}"


def _ascii(text: str | None) -> str:
    if not text:
        return ""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", plain)
