"""Email: one mailbox per email account (GOOGLE_OAUTH, OUTLOOK, EXCHANGE, MAIL, ICLOUD), read,
marked, moved and deleted (reference part 2 §2).

Rules:
- an email is found by its Unipile id, or by its provider id (the JSON `provider_id` or its
  bare uid) within the mailbox `account_id` names (400 naming `account_id` without it);
- Gmail labels: an email can be in several; Outlook and IMAP folders: exactly one (400 naming
  `folders`); a folder is named by its name, and one that does not exist is a 400;
- deleting moves to the trash (Gmail: the TRASH label alone), never erases;
- moving an email (folders changed, deleted) announces `mail_moved` (source `email`);
- sending and drafts: mail_sending.py; tracking: mail_tracking.py; what recipients do on
  their own: mail_behaviours.py; mail arriving (replies, the control plane) announces
  `mail_received`.

The scenario's mailbox history is compiled once per (scenario, seed); a world indexes it the
first time anything reads or writes its mail.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from simulator.world.accounts import MAIL_TYPES, require_kind
from simulator.world.emails import Address, Email, EmailKey, EmailQuery, MailAttachment, Mailbox
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.events import WorldEvent
from simulator.world.mail_addresses import own_address, provider_domain
from simulator.world.mail_events import mail_event_data
from simulator.world.mail_folders import GMAIL, Folder
from simulator.world.mail_ids import message_id, provider_thread_id, provider_uid
from simulator.world.mail_sending import Outbox, mailer_daemon
from simulator.world.mail_tracking import MailTracking, is_html
from simulator.world.outgoing_mail import plain_text, subject_topic

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.world import World


class EmailView(NamedTuple):
    email: Email
    folders: tuple[Folder, ...]
    role: str
    read_ms: int | None
    parent: EmailView | None  # the email it answers, when the mailbox has it (no grandparent)


class FolderView(NamedTuple):
    folder: Folder
    count: int


def require_mailbox(account: Account) -> Account:
    return require_kind(account, sorted(MAIL_TYPES), "emails")


class Mail:
    def __init__(self, world: World) -> None:
        self._world = world
        self._history: Mapping[str, tuple[Email, ...]] = world.blueprint.mail_history
        self._mailboxes: dict[str, Mailbox] = {}
        self._where: dict[str, str] = {}  # email id -> account id
        self.policy = world.blueprint.mail_policy
        self.behaviour = world.blueprint.email_behaviour
        self.tracking = MailTracking(world)
        self.outbox = Outbox(world, self)
        world.bus.subscribe(self._on_event)

    # -- reads --------------------------------------------------------------------------------

    def page(
        self, account_id: str, query: EmailQuery, after: EmailKey | None, limit: int
    ) -> tuple[list[EmailView], EmailKey | None]:
        mailbox = self.mailbox(account_id)
        sliced = mailbox.page(query, after, limit)
        views = [self.view(mailbox, mailbox.emails[i]) for i in sliced.ids]
        return views, sliced.next_after

    def email(self, email_id: str, account_id: str | None = None) -> EmailView:
        mailbox, email = self._locate(email_id, account_id)
        return self.view(mailbox, email)

    def attachment(
        self, email_id: str, attachment_id: str, account_id: str | None = None
    ) -> MailAttachment:
        return self._locate(email_id, account_id)[1].attachment(attachment_id)

    def folders(self, account_id: str | None) -> list[FolderView]:
        """Every folder of one mailbox, or of every mailbox of the world."""
        if account_id is not None:
            mailboxes = [self.mailbox(account_id)]
        else:
            mailboxes = [
                self.mailbox(a.id) for a in self._world.accounts if a.type in MAIL_TYPES
            ]
        return [FolderView(f, m.count_in(f)) for m in mailboxes for f in m.folders]

    def folder(self, folder_id: str, account_id: str | None = None) -> FolderView:
        """By Unipile id, or by provider id (Gmail's label id, the IMAP path...) within the
        mailbox `account_id` names."""
        if account_id is not None:
            mailbox = self.mailbox(account_id)
            found = mailbox.folder(folder_id)
            if found is not None:
                return FolderView(found, mailbox.count_in(found))
        else:
            for account in self._world.accounts:
                if account.type in MAIL_TYPES:
                    mailbox = self.mailbox(account.id)
                    for folder in mailbox.folders:
                        if folder.id == folder_id:
                            return FolderView(folder, mailbox.count_in(folder))
        raise ApiError("resource_not_found", f"Folder not found (folder_id {folder_id!r})")

    # -- writes -------------------------------------------------------------------------------

    def update(
        self,
        email_id: str,
        account_id: str | None,
        unread: bool | None,
        folder_names: tuple[str, ...] | None,
    ) -> EmailView:
        """PUT /emails/{id}: read state, then folders; both are checked before either applies."""
        mailbox, email = self._locate(email_id, account_id)
        self._world.accounts.require_usable(mailbox.account_id)
        moved_to = self._folders_named(mailbox, folder_names) if folder_names is not None else None
        if unread is not None:
            read_ms = mailbox.read_ms_of(email)
            if unread:
                mailbox.set_read(email, None)
            elif read_ms is None:
                mailbox.set_read(email, self._world.now_ms())
        if moved_to is not None and moved_to != mailbox.folders_of(email):
            mailbox.move(email, moved_to)
            self.announce(mailbox, email, "mail_moved")
        return self.view(mailbox, email)

    def delete(self, email_id: str, account_id: str | None) -> EmailView:
        """DELETE /emails/{id}: into the trash (reference part 2 §2.1: not a hard delete)."""
        mailbox, email = self._locate(email_id, account_id)
        self._world.accounts.require_usable(mailbox.account_id)
        trash = next(f.provider_id for f in mailbox.folders if f.role == "trash")
        if mailbox.folders_of(email) != (trash,):
            mailbox.move(email, (trash,))
            self.announce(mailbox, email, "mail_moved")
        return self.view(mailbox, email)

    def receive(
        self,
        account_id: str,
        sender: Address,
        subject: str | None,
        body: str,
        parent: Email | None = None,
        attachments: tuple[MailAttachment, ...] = (),
        auto: bool = False,
    ) -> EmailView:
        """A mail arrives in the inbox, unread (a reply threads under `parent`, its subject
        `Re: <parent's>` unless given); announces `mail_received`."""
        account = self._world.accounts.get(account_id)
        mailbox = self.mailbox(account.id)
        world, rng = self._world, self._world.rng
        inbox = next(f.provider_id for f in mailbox.folders if f.role == "inbox")
        if subject is None:
            subject = f"Re: {subject_topic(parent.subject)}" if parent else ""
        headers = (("Auto-Submitted", "auto-replied"),) if auto else ()
        email = Email(
            id=world.ids.unique_id(),
            account_id=account.id,
            key=(world.now_ms(), mailbox.next_seq),
            message_id=message_id(rng, sender.identifier),
            uid=provider_uid(mailbox.model, rng),
            thread_id=parent.thread_id if parent else provider_thread_id(mailbox.model, rng),
            subject=subject,
            sender=sender,
            to=(own_address(account),),
            body=body,
            body_plain=plain_text(body, is_html(body)),
            attachments=attachments,
            folders=(inbox,),
            read_ms=None,
            in_reply_to=parent.id if parent else None,
            headers=headers,
        )
        self.store(mailbox, email)
        self.announce(mailbox, email, "mail_received")
        return self.view(mailbox, email)

    def deliver(
        self,
        account_id: str,
        sender: Address,
        subject: str | None,
        body: str,
        reply_to: str | None = None,
    ) -> EmailView:
        """The control plane's inbound mail; `reply_to` (an email of the mailbox, by either
        id) threads it."""
        mailbox = self.mailbox(account_id)
        parent = None
        if reply_to is not None:
            parent = mailbox.emails.get(reply_to) or mailbox.by_provider_id(reply_to)
            if parent is None:
                raise ApiError(
                    "resource_not_found", f"reply_to: no email {reply_to!r} in this mailbox"
                )
        return self.receive(account_id, sender, subject, body, parent)

    def reply_to_sent(self, email_id: str, sender: str | None, text: str | None) -> EmailView:
        """A recipient of an email the account sent answers it in its thread, now (the first
        `to` unless `sender` names another recipient; a stock text unless given)."""
        self._index_every_mailbox()
        owner = self._where.get(email_id)
        if owner is None:
            raise ApiError("resource_not_found", f"Email not found (email_id {email_id!r})")
        mailbox = self.mailbox(owner)
        email = mailbox.emails[email_id]
        sent_folder = next(f.provider_id for f in mailbox.folders if f.role == "sent")
        sent = email.origin == "unipile" or sent_folder in email.folders
        if not sent or mailbox.role_of(email) == "drafts":
            raise ApiError(
                "unprocessable_entity", "email_id: only an email the account sent gets a reply"
            )
        recipients = (*email.to, *email.cc, *email.bcc)
        if sender is None:
            chosen = recipients[0]
        else:
            found = [a for a in recipients if a.identifier.lower() == sender.lower()]
            if not found:
                listed = ", ".join(a.identifier for a in recipients)
                raise invalid_parameter("from", f"{sender!r} is not a recipient ({listed})")
            chosen = found[0]
        body = text if text is not None else self.behaviour.texts[0]
        html_body = body if is_html(body) else f"<p>{html.escape(body)}</p>"
        return self.receive(mailbox.account_id, chosen, None, html_body, email)

    def bounce(self, original: Email, recipient: Address) -> EmailView:
        """The provider's mailer daemon says a sent mail could not be delivered."""
        mailbox = self.mailbox(original.account_id)
        daemon = mailer_daemon(mailbox.account_type)
        text = (
            f"Your message wasn't delivered to {recipient.identifier} because the address "
            f"couldn't be found, or is unable to receive mail. (550 5.1.1 The email account "
            f"that you tried to reach does not exist; {provider_domain(mailbox.account_type)})"
        )
        return self.receive(
            original.account_id, daemon, "Delivery Status Notification (Failure)",
            f"<p>{text}</p>", original, auto=True,
        )  # fmt: skip

    def store(self, mailbox: Mailbox, email: Email) -> None:
        mailbox.add(email)
        self._where[email.id] = mailbox.account_id

    def discard(self, mailbox: Mailbox, email: Email) -> None:
        mailbox.remove(email)
        self._where.pop(email.id, None)

    # -- internals ----------------------------------------------------------------------------

    def mailbox(self, account_id: str) -> Mailbox:
        mailbox = self._mailboxes.get(account_id)
        if mailbox is None:
            account = require_mailbox(self._world.accounts.get(account_id))
            mailbox = Mailbox.empty(account.id, account.type)
            for email in self._history.get(account.id, ()):
                mailbox.add(email)
                self._where[email.id] = account.id
            self._mailboxes[account_id] = mailbox
        return mailbox

    def _locate(self, email_id: str, account_id: str | None) -> tuple[Mailbox, Email]:
        if account_id is not None:
            mailbox = self.mailbox(account_id)
            email = mailbox.emails.get(email_id) or mailbox.by_provider_id(email_id)
            if email is not None:
                return mailbox, email
        else:
            self._index_every_mailbox()
            owner = self._where.get(email_id)
            if owner is not None:
                mailbox = self.mailbox(owner)
                return mailbox, mailbox.emails[email_id]
            if email_id.startswith("{") or not _looks_like_unipile_id(email_id):
                raise invalid_parameter(
                    "account_id", "required to find an email by its provider id"
                )
        raise ApiError("resource_not_found", f"Email not found (email_id {email_id!r})")

    def _index_every_mailbox(self) -> None:
        for account in self._world.accounts:
            if account.type in MAIL_TYPES and account.id not in self._mailboxes:
                self.mailbox(account.id)

    def _folders_named(self, mailbox: Mailbox, names: tuple[str, ...]) -> tuple[str, ...]:
        if not names:
            raise invalid_parameter("folders", "give at least one folder")
        if mailbox.model != GMAIL and len(names) > 1:
            raise invalid_parameter(
                "folders",
                f"{mailbox.account_type} keeps an email in exactly one folder, got {len(names)}",
            )
        by_name = {f.name: f.provider_id for f in mailbox.folders}
        unknown = [name for name in names if name not in by_name]
        if unknown:
            raise invalid_parameter(
                "folders",
                f"no folder named {unknown[0]!r} (folders: {', '.join(by_name)})",
            )
        return tuple(dict.fromkeys(by_name[name] for name in names))

    def view(self, mailbox: Mailbox, email: Email, with_parent: bool = True) -> EmailView:
        parent = mailbox.emails.get(email.in_reply_to) if email.in_reply_to else None
        return EmailView(
            email,
            mailbox.folder_records(email),
            mailbox.role_of(email),
            mailbox.read_ms_of(email),
            self.view(mailbox, parent, False) if parent is not None and with_parent else None,
        )

    def announce(self, mailbox: Mailbox, email: Email, name: str) -> None:
        account = self._world.accounts.get(mailbox.account_id)
        if account.status != "OK":
            return
        data = mail_event_data(self.view(mailbox, email))
        self._world.bus.publish(WorldEvent(name, self._world.now_ms(), account.id, data))

    def _on_event(self, event: WorldEvent) -> None:
        """A deleted account takes its mailbox with it."""
        if (
            event.name == "account_status"
            and event.data.get("message") == "DELETED"
            and event.account_id is not None
        ):
            mailbox = self._mailboxes.pop(event.account_id, None)
            if mailbox is not None:
                for email_id in mailbox.emails:
                    self._where.pop(email_id, None)


def _looks_like_unipile_id(value: str) -> bool:
    return len(value) == 22 and all(c.isalnum() or c in "-_" for c in value)
