"""Compile the email accounts' `mailbox` into the emails a world starts with, once.

Each account draws from its own stream (`{seed}/mail/{account id}`): adding a mailbox never
changes anything else the blueprint compiles. Threads are between the account and people of
the network, by their work addresses; the records are immutable and shared by every world.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from pydantic import Field

from simulator.scenario.spec_base import _Spec
from simulator.world.accounts import Account
from simulator.world.emails import Address, Email, MailAttachment
from simulator.world.mail_addresses import own_address, work_address
from simulator.world.mail_folders import FOLDER_MODEL, GMAIL, folders_of
from simulator.world.mail_ids import message_id, provider_thread_id, provider_uid, unique
from simulator.world.people import PeopleDirectory

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
        thread_id = provider_thread_id(model, rng)
        parent: Email | None = None
        inbound = rng.random() < 0.6
        for position in range(length):
            key = (at, seq)
            seq += 1
            sender, recipient = (them, me) if inbound else (me, them)
            text = rng.choice(_FROM_THEM if inbound else _FROM_ME).format(**fields)
            attachments: tuple[MailAttachment, ...] = ()
            if inbound and rng.random() < 0.1:
                attachments = (MailAttachment(unique(rng), "proposal.pdf", _PDF_TYPE, _PDF),)
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
                id=unique(rng),
                account_id=account.id,
                key=key,
                message_id=message_id(rng, sender.identifier),
                uid=provider_uid(model, rng),
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
