"""Sending and drafting emails, and the mail that comes back (reference part 2 §2.3).

A send is checked whole before anything is stored (outgoing_mail.py's rules, the scenario's
SMTP outcomes and daily caps): a refused send leaves no mail in Sent and no draft consumed.
An accepted one lands in the Sent folder, read, `origin: unipile`, with a `tracking_id`;
`mail_sent` is announced; then each recipient's plan (mail_behaviours.py) is put on the world
clock: bounces from the provider's mailer daemon, out-of-office answers, opens and clicks on
the tracked URLs, replies in the thread. Replies and the control plane's inbound mail arrive
in the inbox and announce `mail_received`.

A draft (`POST /drafts`) is an email in the Drafts folder; `draft_id` on a send sends it: the
draft's fields fill what the send does not give, and the draft leaves the Drafts folder.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.clock import iso_ms
from simulator.world.emails import Address, Email, MailAttachment, Mailbox
from simulator.world.errors import ApiError
from simulator.world.mail_addresses import own_address, provider_domain
from simulator.world.mail_behaviours import DAY_MS, OUT_OF_OFFICE_TEXT, RecipientPlan
from simulator.world.mail_behaviours import plan_recipient as draw_plan
from simulator.world.mail_ids import message_id, provider_thread_id, provider_uid
from simulator.world.mail_tracking import is_html
from simulator.world.outgoing_mail import (
    NewEmail,
    NewMailFile,
    TrackingOptions,
    check_attachments,
    check_headers,
    plain_text,
    reply_subject,
)

if TYPE_CHECKING:
    from simulator.world.mail import EmailView, Mail
    from simulator.world.world import World

# Outlook answers a send without the new mail's ids (OAS: "Coming soon for OUTLOOK").
IDS_LATER = frozenset({"OUTLOOK", "EXCHANGE"})


@dataclass(frozen=True, slots=True)
class SentEmail:
    view: EmailView
    tracking_id: str
    ids_returned: bool  # False: the provider does not give the new mail's ids at once


@dataclass(frozen=True, slots=True)
class _Draft:
    tracking: TrackingOptions
    headers: tuple[tuple[str, str], ...]


class Outbox:
    def __init__(self, world: World, mail: Mail) -> None:
        self._world = world
        self._mail = mail
        self._sent_at: dict[str, list[int]] = {}  # account id -> send instants, for caps
        self._drafts: dict[str, _Draft] = {}

    # -- sending ------------------------------------------------------------------------------

    def send(self, new: NewEmail, base_url: str) -> SentEmail:
        world, mail = self._world, self._mail
        account = world.accounts.require_usable(new.account_id)
        mailbox = mail.mailbox(account.id)
        draft = self._draft(mailbox, new.draft_id) if new.draft_id is not None else None
        new = _filled_from(new, draft, self._drafts.get(draft.id) if draft else None)
        parent, subject = self._checked(mailbox, new)
        me = own_address(account)
        sender = _sender(new, me)
        self._check_smtp(me, sender, new)
        now = world.now_ms()
        self._check_daily_cap(account.id, account.type, now)

        email_id = world.ids.unique_id()
        tracking_id = world.ids.unique_id()
        assert new.body is not None  # _checked
        body, links = mail.tracking.instrument(new.body, tracking_id, new.tracking, base_url)
        email = self._record(
            mailbox, new, email_id, parent, subject, sender, body, "sent", now, tracking_id
        )
        if draft is not None:
            mail.discard(mailbox, draft)
            self._drafts.pop(draft.id, None)
        mail.store(mailbox, email)
        if mail.policy.emails_per_day.get(account.type) is not None:
            self._sent_at.setdefault(account.id, []).append(now)
        mail.tracking.register(tracking_id, account.id, email_id, new.tracking, links)
        mail.announce(mailbox, email, "mail_sent")
        self._plan_recipients(mailbox, email, new.tracking, links)
        return SentEmail(mail.view(mailbox, email), tracking_id, account.type not in IDS_LATER)

    def draft(self, new: NewEmail) -> EmailView:
        """`POST /drafts`: checked like a send (but never refused by a server or a cap)."""
        world, mail = self._world, self._mail
        account = world.accounts.require_usable(new.account_id)
        mailbox = mail.mailbox(account.id)
        parent, subject = self._checked(mailbox, new)
        sender = _sender(new, own_address(account))
        assert new.body is not None  # _checked
        email = self._record(
            mailbox, new, world.ids.unique_id(), parent, subject, sender, new.body, "drafts",
            world.now_ms(), None,
        )  # fmt: skip
        mail.store(mailbox, email)
        self._drafts[email.id] = _Draft(new.tracking, new.custom_headers)
        return mail.view(mailbox, email)

    def _checked(self, mailbox: Mailbox, new: NewEmail) -> tuple[Email | None, str]:
        """A send's or a draft's rules, before anything is stored: (the parent, the subject)."""
        if not new.to:
            raise ApiError("missing_parameters", "to: at least one recipient is required")
        if new.body is None:
            raise ApiError("missing_parameters", "body: required")
        parent = self._parent(mailbox, new.reply_to)
        subject = reply_subject(parent.subject, new.subject) if parent else new.subject or ""
        check_headers(new.custom_headers)
        check_attachments(new.attachments, self._mail.policy.attachment_max_bytes)
        return parent, subject

    def _record(
        self,
        mailbox: Mailbox,
        new: NewEmail,
        email_id: str,
        parent: Email | None,
        subject: str,
        sender: Address,
        body: str,
        role: str,
        now: int,
        tracking_id: str | None,
    ) -> Email:
        """The email as the account's mailbox keeps it, in the folder of `role`, read."""
        rng = self._world.rng
        assert new.body is not None and new.to is not None
        return Email(
            id=email_id,
            account_id=mailbox.account_id,
            key=(now, mailbox.next_seq),
            message_id=message_id(rng, sender.identifier),
            uid=provider_uid(mailbox.model, rng),
            thread_id=parent.thread_id if parent else provider_thread_id(mailbox.model, rng),
            subject=subject,
            sender=sender,
            to=new.to,
            cc=new.cc or (),
            bcc=new.bcc or (),
            body=body,
            body_plain=plain_text(new.body, is_html(new.body)),
            attachments=self._stored(new.attachments),
            folders=(next(f.provider_id for f in mailbox.folders if f.role == role),),
            read_ms=now,
            origin="unipile",
            in_reply_to=parent.id if parent else None,
            tracking_id=tracking_id,
            headers=new.custom_headers,
        )

    # -- what comes back ----------------------------------------------------------------------

    def _plan_recipients(
        self, mailbox: Mailbox, email: Email, tracking: TrackingOptions, links: dict[str, str]
    ) -> None:
        world, mail = self._world, self._mail
        behaviour = mail.behaviour
        pixel = tracking.opens and is_html(email.body) and tracking.active
        link_ids = list(links)
        for recipient in dict.fromkeys((*email.to, *email.cc, *email.bcc)):
            plan = draw_plan(
                behaviour.for_address(recipient.identifier), world.rng,
                mail.policy.bounces_at(recipient.identifier), pixel, len(link_ids),
            )  # fmt: skip
            self._schedule(mailbox.account_id, email.id, recipient, plan, pixel, link_ids)

    def _schedule(
        self,
        account_id: str,
        email_id: str,
        recipient: Address,
        plan: RecipientPlan,
        pixel: bool,
        link_ids: list[str],
    ) -> None:
        world, mail = self._world, self._mail
        tracking_id = None
        details = {"account_id": account_id, "email_id": email_id, "to": recipient.identifier}

        def sent() -> Email | None:
            """The sent mail, if the account still has it and is connected."""
            account = world.accounts.find(account_id)
            if account is None or account.status != "OK":
                return None
            mailbox = mail.mailbox(account_id)
            return mailbox.emails.get(email_id)

        if plan.bounce_ms is not None:

            def bounce() -> dict[str, str] | None:
                original = sent()
                if original is None:
                    return None
                return {"email": mail.bounce(original, recipient).email.id}

            world.schedule_in(plan.bounce_ms, "email_bounce", bounce, **details)
        if plan.auto_reply_ms is not None:

            def auto_reply() -> dict[str, str] | None:
                original = sent()
                if original is None:
                    return None
                text = f"{OUT_OF_OFFICE_TEXT} (Sent {iso_ms(world.now_ms())[:10]})"
                subject = f"Automatic reply: {original.subject}"
                view = mail.receive(account_id, recipient, subject, f"<p>{text}</p>", original,
                                    auto=True)  # fmt: skip
                return {"email": view.email.id}

            world.schedule_in(plan.auto_reply_ms, "email_auto_reply", auto_reply, **details)
        if plan.open_ms is not None and plan.reader is not None:
            reader = plan.reader
            tracking = mail.tracking
            original_email = mail.mailbox(account_id).emails[email_id]
            tracking_id = original_email.tracking_id
            if pixel and tracking_id is not None:
                known = tracking_id

                def open_it() -> None:
                    if sent() is not None:
                        tracking.open(known, reader.ip, reader.user_agent)

                world.schedule_in(plan.open_ms, "email_open", open_it, **details)
            if plan.click is not None:
                at_ms, which = plan.click
                link_id = link_ids[which]

                def click_it() -> None:
                    if sent() is not None:
                        tracking.click(link_id, reader.ip, reader.user_agent)

                world.schedule_in(at_ms, "email_click", click_it, **details)
        if plan.reply is not None:
            delay_ms, text = plan.reply

            def reply() -> dict[str, str] | None:
                original = sent()
                if original is None:
                    return None
                view = mail.receive(account_id, recipient, None, f"<p>{text}</p>", original)
                return {"email": view.email.id}

            world.schedule_in(delay_ms, "email_reply", reply, **details)

    # -- checks -------------------------------------------------------------------------------

    def _draft(self, mailbox: Mailbox, draft_id: str) -> Email:
        draft = mailbox.emails.get(draft_id)
        if draft is None or mailbox.role_of(draft) != "drafts":
            raise ApiError("resource_not_found", f"draft_id: no draft {draft_id!r} in this mailbox")
        return draft

    def _parent(self, mailbox: Mailbox, reply_to: str | None) -> Email | None:
        if reply_to is None:
            return None
        parent = mailbox.emails.get(reply_to) or mailbox.by_provider_id(reply_to)
        if parent is None:
            raise ApiError(
                "parent_mail_not_found",
                f"reply_to: no email {reply_to!r} in the mailbox of account {mailbox.account_id}",
            )
        return parent

    def _check_smtp(self, me: Address, sender: Address, new: NewEmail) -> None:
        policy = self._mail.policy
        if sender.identifier.lower() != me.identifier.lower():
            if policy.refusal(sender.identifier, ("send_as_denied",)):
                raise ApiError(
                    "send_as_denied",
                    f"from.identifier: the account may not send as {sender.identifier}",
                )
        if policy.refusal(sender.identifier, ("sender_rejected",)):
            raise ApiError(
                "sender_rejected", f"from: the server refused the sender {sender.identifier}"
            )
        for name, addresses in (("to", new.to), ("cc", new.cc), ("bcc", new.bcc)):
            for position, address in enumerate(addresses or ()):
                if policy.refusal(address.identifier, ("recipient_rejected",)):
                    raise ApiError(
                        "recipient_rejected",
                        f"{name}[{position}].identifier: the server refused the recipient "
                        f"{address.identifier}",
                    )

    def _check_daily_cap(self, account_id: str, account_type: str, now: int) -> None:
        cap = self._mail.policy.emails_per_day.get(account_type)
        if cap is None:
            return
        sent = self._sent_at.setdefault(account_id, [])
        del sent[: bisect.bisect_right(sent, now - DAY_MS)]
        if len(sent) >= cap:
            raise ApiError(
                "too_many_requests",
                f"account_id: daily sending limit reached ({cap} emails in 24 hours for "
                f"{account_type}); the next one can be sent at {iso_ms(sent[0] + DAY_MS)}",
            )

    def _stored(self, files: tuple[NewMailFile, ...]) -> tuple[MailAttachment, ...]:
        return tuple(
            MailAttachment(self._world.ids.unique_id(), file.name, file.mime, file.content)
            for file in files
        )


def _filled_from(new: NewEmail, draft: Email | None, kept: _Draft | None) -> NewEmail:
    """A send of a draft: the draft's fields where the send gives none."""
    if draft is None:
        return new
    files = tuple(NewMailFile(a.name, a.mime, a.content) for a in draft.attachments)
    return NewEmail(
        account_id=new.account_id,
        to=new.to if new.to is not None else draft.to,
        body=new.body if new.body is not None else draft.body,
        cc=new.cc if new.cc is not None else draft.cc,
        bcc=new.bcc if new.bcc is not None else draft.bcc,
        sender=new.sender or draft.sender,
        subject=new.subject if new.subject is not None else draft.subject,
        reply_to=new.reply_to or draft.in_reply_to,
        custom_headers=new.custom_headers or (kept.headers if kept else ()),
        tracking=new.tracking if new.tracking.active else (kept.tracking if kept else new.tracking),
        attachments=new.attachments or files,
        draft_id=new.draft_id,
    )


def _sender(new: NewEmail, me: Address) -> Address:
    """`from`: an alias and/or a display name; the account's own address otherwise."""
    given = new.sender
    return Address(
        given.identifier if given and given.identifier else me.identifier,
        given.display_name if given and given.display_name else me.display_name,
    )


def mailer_daemon(account_type: str) -> Address:
    return Address(f"mailer-daemon@{provider_domain(account_type)}", "Mail Delivery Subsystem")

